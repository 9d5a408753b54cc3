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

variable "keeps_data" {
  description = "True for the VMs that hold data (Redis, PostgreSQL): never replaced by a plan, protected in Proxmox, and a change of their cloud-config is applied by the runbook, not by a new VM. False: a change of the cloud-config recreates the VM (cloud-init sets a machine up once)."
  type        = bool
}

variable "inbound" {
  description = "The only inbound TCP traffic the VM's firewall accepts (everything else is dropped): ports (e.g. \"8080\" or \"80,443\"), the source addresses or CIDRs (null for any), and a comment."
  type = list(object({
    ports   = string
    sources = list(string)
    comment = string
  }))

  validation {
    condition     = alltrue([for r in var.inbound : can(regex("^[0-9]+([,:][0-9]+)*$", r.ports)) && try(length(r.sources) > 0, r.sources == null)])
    error_message = "Each inbound rule needs ports like 22 or 80,443 and either null (any source) or at least one source."
  }
}
