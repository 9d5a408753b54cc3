terraform {
  # Cross-variable validation (an address checked against network_cidr) needs Terraform 1.9.
  required_version = ">= 1.9.0"

  required_providers {
    # bpg/proxmox: released many times a year and kept current with Proxmox VE 8 and 9; Telmate/proxmox v3 has
    # published only release candidates since 2024. Pinned to one minor line: 0.x minors may change resources.
    proxmox = {
      source  = "bpg/proxmox"
      version = "~> 0.103.0"
    }
  }
}
