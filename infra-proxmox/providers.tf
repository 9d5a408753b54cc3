provider "proxmox" {
  endpoint  = var.proxmox_endpoint
  api_token = var.proxmox_api_token
  insecure  = var.proxmox_insecure_tls

  # Cloud-init snippets are uploaded over SSH to the node: the Proxmox API cannot write snippet files.
  # Without a private key the provider uses the operator's ssh-agent.
  ssh {
    agent       = var.proxmox_ssh_private_key == null
    username    = var.proxmox_ssh_username
    private_key = var.proxmox_ssh_private_key
  }
}
