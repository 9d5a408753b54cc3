# One VM cloned from the cloud-init template, set up entirely by its user-data snippet, behind its own firewall.

locals {
  role_packages = lookup(var.cloud_config, "packages", [])
  role_runcmd   = lookup(var.cloud_config, "runcmd", [])

  cloud_config = merge(var.cloud_config, {
    hostname         = var.name
    fqdn             = var.name
    manage_etc_hosts = true
    ssh_pwauth       = false
    users = [{
      name                = var.login.username
      groups              = ["sudo"]
      shell               = "/bin/bash"
      sudo                = "ALL=(ALL) NOPASSWD:ALL"
      lock_passwd         = true
      ssh_authorized_keys = var.login.ssh_public_keys
    }]
    package_update = true
    # Debian's own packages only, in one apt transaction: a role's third-party software is installed later, by
    # its runcmd, so a failing outside repository can never leave a VM without its guest agent.
    packages = concat(["qemu-guest-agent", "ca-certificates", "curl"], local.role_packages)
    runcmd   = concat([["systemctl", "enable", "--now", "qemu-guest-agent"]], local.role_runcmd)
  })

  user_data = "#cloud-config\n${yamlencode(local.cloud_config)}"
}

resource "proxmox_virtual_environment_file" "user_data" {
  content_type = "snippets"
  datastore_id = var.placement.snippets_datastore_id
  node_name    = var.placement.node_name

  source_raw {
    data      = local.user_data
    file_name = "${var.name}.user-data.yaml"
  }
}

# Changes only when the user-data does and the VM keeps no data; replace_triggered_by then recreates the VM.
resource "terraform_data" "user_data_revision" {
  input = var.keeps_data ? "kept" : sha256(local.user_data)
}

resource "proxmox_virtual_environment_vm" "this" {
  name      = var.name
  node_name = var.placement.node_name
  tags      = sort(var.tags)

  # Proxmox itself refuses to delete a VM that keeps data, whatever a plan says.
  protection = var.keeps_data

  clone {
    vm_id = var.placement.template_vm_id
    full  = true
  }

  # cloud-init installs and starts qemu-guest-agent: Proxmox then shuts the VM down cleanly.
  agent {
    enabled = true
  }

  cpu {
    cores = var.size.cores
    type  = "x86-64-v2-AES"
  }

  memory {
    dedicated = var.size.memory_mb
  }

  disk {
    datastore_id = var.placement.datastore_id
    interface    = "scsi0"
    size         = var.size.disk_gb
    discard      = "on"
  }

  network_device {
    bridge  = var.placement.bridge
    vlan_id = var.placement.vlan_id
    # The rules below apply only where the device asks for them.
    firewall = true
  }

  operating_system {
    type = "l26"
  }

  serial_device {}

  initialization {
    datastore_id = var.placement.datastore_id

    ip_config {
      ipv4 {
        address = "${var.address}/${var.placement.prefix_length}"
        gateway = var.placement.gateway
      }
    }

    dns {
      servers = var.placement.dns_servers
    }

    user_data_file_id = proxmox_virtual_environment_file.user_data.id
  }

  lifecycle {
    # The snippet's source_raw is ForceNew in bpg/proxmox, so any edit of it replaces the file resource and leaves
    # its id unknown in the plan, which would replace the VM too (bpg/terraform-provider-proxmox#2901). The VM
    # follows its cloud-config only through replace_triggered_by, and only where it keeps no data.
    ignore_changes       = [initialization[0].user_data_file_id]
    replace_triggered_by = [terraform_data.user_data_revision]
  }
}

# A plan that would replace or destroy a VM that keeps data stops here: this guard is replaced whenever the VM's
# id would change, and prevent_destroy refuses that. Resizing or an edit of its cloud-config keeps the id.
resource "terraform_data" "keeps_data" {
  count = var.keeps_data ? 1 : 0

  input = proxmox_virtual_environment_vm.this.id

  lifecycle {
    prevent_destroy      = true
    replace_triggered_by = [proxmox_virtual_environment_vm.this.id]
  }
}

resource "proxmox_virtual_environment_firewall_options" "this" {
  node_name = var.placement.node_name
  vm_id     = proxmox_virtual_environment_vm.this.vm_id

  enabled       = true
  input_policy  = "DROP"
  output_policy = "ACCEPT"
  # Static addresses: no DHCP or router advertisements to accept, and a VM may not send from another's address.
  dhcp     = false
  radv     = false
  ipfilter = true
}

resource "proxmox_virtual_environment_firewall_rules" "inbound" {
  node_name = var.placement.node_name
  vm_id     = proxmox_virtual_environment_vm.this.vm_id

  dynamic "rule" {
    for_each = var.inbound
    content {
      type    = "in"
      action  = "ACCEPT"
      proto   = "tcp"
      dport   = rule.value.ports
      source  = rule.value.sources == null ? null : join(",", rule.value.sources)
      comment = rule.value.comment
    }
  }

  depends_on = [proxmox_virtual_environment_firewall_options.this]
}
