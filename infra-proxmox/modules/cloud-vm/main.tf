# One VM cloned from the cloud-init template and set up entirely by its user-data snippet.

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
    packages       = concat(["qemu-guest-agent", "ca-certificates", "curl"], local.role_packages)
    runcmd         = concat([["systemctl", "enable", "--now", "qemu-guest-agent"]], local.role_runcmd)
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
  input = var.replace_on_cloud_config_change ? sha256(local.user_data) : "kept"
}

resource "proxmox_virtual_environment_vm" "this" {
  name      = var.name
  node_name = var.placement.node_name
  tags      = sort(var.tags)

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
    replace_triggered_by = [terraform_data.user_data_revision]
  }
}
