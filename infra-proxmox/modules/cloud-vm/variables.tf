variable "name" {
  description = "VM name, also its hostname and the name of its snippet file."
  type        = string
}

variable "address" {
  description = "Static IPv4 address of the VM."
  type        = string
}

variable "size" {
  description = "CPU cores, memory (MiB) and disk (GiB)."
  type = object({
    cores     = number
    memory_mb = number
    disk_gb   = number
  })
}

variable "placement" {
  description = "Where the VM runs and how it is networked; the same for every VM of the cluster."
  type = object({
    node_name             = string
    template_vm_id        = number
    datastore_id          = string
    snippets_datastore_id = string
    bridge                = string
    vlan_id               = number
    prefix_length         = number
    gateway               = string
    dns_servers           = list(string)
  })
}

variable "login" {
  description = "The sudo user created on the VM and the SSH public keys allowed to log in as it."
  type = object({
    username        = string
    ssh_public_keys = list(string)
  })
}

variable "cloud_config" {
  description = "The role's cloud-config as an object (packages, write_files, runcmd, ...); the module adds the login, hostname and guest agent."
  type        = any
  # It holds the service's passwords.
  sensitive = true
}

variable "tags" {
  description = "Proxmox tags of the VM."
  type        = list(string)
}

variable "replace_on_cloud_config_change" {
  description = "Recreate the VM when its cloud-config changes (cloud-init sets a machine up once). False for VMs that keep data."
  type        = bool
}
