# ---------------------------------------------------------------------------------------------------------------
# Proxmox connection. Secrets have no default and are never written to a file of this repository: pass them as
# TF_VAR_... environment variables (README.md, "Secrets").
# ---------------------------------------------------------------------------------------------------------------

variable "proxmox_endpoint" {
  description = "URL of the Proxmox VE API, e.g. https://pve.example.org:8006/."
  type        = string

  validation {
    condition     = can(regex("^https://[^/\\s]+(:[0-9]+)?/?$", var.proxmox_endpoint))
    error_message = "proxmox_endpoint must be an https:// URL of the Proxmox VE host, e.g. https://pve.example.org:8006/."
  }
}

variable "proxmox_api_token" {
  description = "Proxmox VE API token, USER@REALM!TOKENID=SECRET (pveum user token add ...)."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^[^@\\s]+@[^!\\s]+![^=\\s]+=[0-9a-fA-F-]{36}$", var.proxmox_api_token))
    error_message = "proxmox_api_token must have the form USER@REALM!TOKENID=UUID."
  }
}

variable "proxmox_insecure_tls" {
  description = "Accept the Proxmox API's self-signed TLS certificate. Keep false once the host has a real certificate."
  type        = bool
  default     = false
}

variable "proxmox_ssh_username" {
  description = "SSH user on the Proxmox node, used by the provider to upload cloud-init snippets."
  type        = string
  default     = "root"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_-]{0,31}$", var.proxmox_ssh_username))
    error_message = "proxmox_ssh_username must be a Unix user name."
  }
}

variable "proxmox_ssh_private_key" {
  description = "Private key (PEM/OpenSSH text) for proxmox_ssh_username. Leave null to use the running ssh-agent."
  type        = string
  sensitive   = true
  default     = null

  validation {
    condition     = var.proxmox_ssh_private_key == null || can(regex("PRIVATE KEY-----", var.proxmox_ssh_private_key))
    error_message = "proxmox_ssh_private_key must be the text of a private key, not a path to one (use file(...) in TF_VAR_ or leave it null)."
  }
}

variable "proxmox_node" {
  description = "Name of the Proxmox VE node that runs every VM."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$", var.proxmox_node))
    error_message = "proxmox_node must be a node name as Proxmox shows it, e.g. pve."
  }
}

variable "template_vm_id" {
  description = "VM ID of the cloud-init ready template every VM is cloned from (Debian 12 genericcloud, disk on scsi0)."
  type        = number

  validation {
    condition     = var.template_vm_id >= 100 && var.template_vm_id <= 999999999 && floor(var.template_vm_id) == var.template_vm_id
    error_message = "template_vm_id must be a Proxmox VM ID, a whole number from 100."
  }
}

variable "vm_datastore_id" {
  description = "Datastore for the VMs' disks and cloud-init drives."
  type        = string
  default     = "local-lvm"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_.-]*$", var.vm_datastore_id))
    error_message = "vm_datastore_id must be a Proxmox storage ID."
  }
}

variable "snippets_datastore_id" {
  description = "Directory storage with the Snippets content type, where the cloud-init user-data files go. They hold passwords: its directory must be readable by root only (infra-proxmox/README.md, prerequisites)."
  type        = string
  default     = "ratelimiter-snippets"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_.-]*$", var.snippets_datastore_id))
    error_message = "snippets_datastore_id must be a Proxmox storage ID."
  }
}

variable "network_bridge" {
  description = "Proxmox bridge every VM's network device is attached to."
  type        = string
  default     = "vmbr0"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_.-]{0,15}$", var.network_bridge))
    error_message = "network_bridge must be a Linux bridge name, e.g. vmbr0."
  }
}

variable "vlan_id" {
  description = "VLAN tag for the VMs' network device; null for an untagged bridge."
  type        = number
  default     = null

  validation {
    condition     = var.vlan_id == null || try(var.vlan_id >= 1 && var.vlan_id <= 4094 && floor(var.vlan_id) == var.vlan_id, false)
    error_message = "vlan_id must be null or a whole number from 1 to 4094."
  }
}

variable "name_prefix" {
  description = "Prefix of every VM name and snippet file, e.g. ratelimiter -> ratelimiter-api-1."
  type        = string
  default     = "ratelimiter"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}$", var.name_prefix))
    error_message = "name_prefix must be lower-case letters, digits and dashes, starting with a letter, at most 31 characters."
  }
}

# ---------------------------------------------------------------------------------------------------------------
# Addresses. Every VM has a static IPv4 address inside network_cidr, so each service knows the others' addresses
# when Terraform renders its cloud-init: nothing is edited by hand on a VM.
# ---------------------------------------------------------------------------------------------------------------

variable "network_cidr" {
  description = "IPv4 network of the VMs in CIDR notation, e.g. 10.20.0.0/24."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.network_cidr)) && try(cidrhost(var.network_cidr, 0) == split("/", var.network_cidr)[0], false)
    error_message = "network_cidr must be an IPv4 network address in CIDR notation, e.g. 10.20.0.0/24 (host bits zero)."
  }
}

variable "gateway" {
  description = "IPv4 default gateway of network_cidr."
  type        = string

  validation {
    condition     = try(cidrhost("${var.gateway}/${split("/", var.network_cidr)[1]}", 0) == cidrhost(var.network_cidr, 0), false)
    error_message = "gateway must be an IPv4 address inside network_cidr."
  }
}

variable "dns_servers" {
  description = "IPv4 DNS servers the VMs use (they fetch packages, the jars and k6 by name)."
  type        = list(string)

  validation {
    condition     = length(var.dns_servers) > 0 && alltrue([for s in var.dns_servers : can(cidrhost("${s}/32", 0))])
    error_message = "dns_servers must list at least one IPv4 address."
  }
}

variable "lb_address" {
  description = "IPv4 address of the load balancer VM (nginx); the API nodes trust only this address as a proxy."
  type        = string

  validation {
    condition     = try(cidrhost("${var.lb_address}/${split("/", var.network_cidr)[1]}", 0) == cidrhost(var.network_cidr, 0), false)
    error_message = "lb_address must be an IPv4 address inside network_cidr."
  }
}

variable "redis_address" {
  description = "IPv4 address of the Redis VM; every API node and the console use this one Redis."
  type        = string

  validation {
    condition     = try(cidrhost("${var.redis_address}/${split("/", var.network_cidr)[1]}", 0) == cidrhost(var.network_cidr, 0), false)
    error_message = "redis_address must be an IPv4 address inside network_cidr."
  }
}

variable "postgres_address" {
  description = "IPv4 address of the PostgreSQL VM."
  type        = string

  validation {
    condition     = try(cidrhost("${var.postgres_address}/${split("/", var.network_cidr)[1]}", 0) == cidrhost(var.network_cidr, 0), false)
    error_message = "postgres_address must be an IPv4 address inside network_cidr."
  }
}

variable "admin_address" {
  description = "IPv4 address of the admin console VM."
  type        = string

  validation {
    condition     = try(cidrhost("${var.admin_address}/${split("/", var.network_cidr)[1]}", 0) == cidrhost(var.network_cidr, 0), false)
    error_message = "admin_address must be an IPv4 address inside network_cidr."
  }
}

variable "loadtester_address" {
  description = "IPv4 address of the load-tester VM (k6)."
  type        = string

  validation {
    condition     = try(cidrhost("${var.loadtester_address}/${split("/", var.network_cidr)[1]}", 0) == cidrhost(var.network_cidr, 0), false)
    error_message = "loadtester_address must be an IPv4 address inside network_cidr."
  }
}

variable "admin_cidr" {
  description = "The operators' network (IPv4 CIDR): the only source allowed to reach the console's TLS port, SSH on every VM and the API nodes' management port (health, metrics)."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.admin_cidr)) && try(cidrhost(var.admin_cidr, 0) == split("/", var.admin_cidr)[0] && tonumber(split("/", var.admin_cidr)[1]) >= 8, false)
    error_message = "admin_cidr must be an IPv4 network in CIDR notation with host bits zero, /8 or smaller (not the whole Internet), e.g. 192.168.1.0/24."
  }
}

variable "api_first_host_number" {
  description = "Host number inside network_cidr of the first API node; node i (from 0) gets cidrhost(network_cidr, api_first_host_number + i)."
  type        = number
  default     = 21

  validation {
    condition = (
      floor(var.api_first_host_number) == var.api_first_host_number
      && var.api_first_host_number >= 1
      && try(cidrhost(var.network_cidr, var.api_first_host_number + var.api_node_count) != "", false)
    )
    error_message = "api_first_host_number must be a whole number from 1 that leaves room for api_node_count nodes inside network_cidr."
  }
}

variable "api_node_count" {
  description = "Number of shortener API node VMs behind the load balancer (the seed ran 2)."
  type        = number
  default     = 2

  validation {
    condition     = floor(var.api_node_count) == var.api_node_count && var.api_node_count >= 1 && var.api_node_count <= 32
    error_message = "api_node_count must be a whole number from 1 to 32."
  }
}

variable "loadtester_client_cidr" {
  description = "Optional block inside network_cidr, /24 to /29, whose inner addresses the load tester also takes so k6 can act as distinct clients (--local-ips); null for none."
  type        = string
  default     = null

  validation {
    condition = var.loadtester_client_cidr == null || try(
      tonumber(split("/", var.loadtester_client_cidr)[1]) >= 24
      && tonumber(split("/", var.loadtester_client_cidr)[1]) <= 29
      && tonumber(split("/", var.loadtester_client_cidr)[1]) >= tonumber(split("/", var.network_cidr)[1])
      && cidrhost("${split("/", var.loadtester_client_cidr)[0]}/${split("/", var.network_cidr)[1]}", 0) == cidrhost(var.network_cidr, 0)
      && cidrhost(var.loadtester_client_cidr, 0) == split("/", var.loadtester_client_cidr)[0],
      false
    )
    error_message = "loadtester_client_cidr must be null or a /24 to /29 block inside network_cidr, e.g. 10.20.0.240/28."
  }
}

# ---------------------------------------------------------------------------------------------------------------
# Machines
# ---------------------------------------------------------------------------------------------------------------

variable "vm_sizes" {
  description = "CPU cores, memory (MiB) and disk (GiB) of each VM role."
  type = map(object({
    cores     = number
    memory_mb = number
    disk_gb   = number
  }))
  default = {
    lb         = { cores = 1, memory_mb = 1024, disk_gb = 10 }
    redis      = { cores = 2, memory_mb = 2048, disk_gb = 16 }
    api        = { cores = 2, memory_mb = 2048, disk_gb = 12 }
    postgres   = { cores = 2, memory_mb = 2048, disk_gb = 32 }
    admin      = { cores = 1, memory_mb = 1536, disk_gb = 12 }
    loadtester = { cores = 2, memory_mb = 2048, disk_gb = 12 }
  }

  validation {
    condition     = length(setsubtract(["lb", "redis", "api", "postgres", "admin", "loadtester"], keys(var.vm_sizes))) == 0
    error_message = "vm_sizes must have an entry for each role: lb, redis, api, postgres, admin, loadtester."
  }

  validation {
    condition = alltrue([
      for s in values(var.vm_sizes) :
      s.cores >= 1 && s.cores <= 64 && s.memory_mb >= 512 && s.memory_mb <= 262144 && s.disk_gb >= 8 && s.disk_gb <= 4096
    ])
    error_message = "Each vm_sizes entry needs 1-64 cores, 512-262144 MiB of memory and 8-4096 GiB of disk."
  }
}

variable "vm_username" {
  description = "Login user created on every VM, with sudo and the ssh_public_keys."
  type        = string
  default     = "ops"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_-]{0,31}$", var.vm_username)) && var.vm_username != "root"
    error_message = "vm_username must be a Unix user name other than root."
  }
}

variable "ssh_public_keys" {
  description = "SSH public keys allowed to log in as vm_username on every VM."
  type        = list(string)

  validation {
    condition     = length(var.ssh_public_keys) > 0 && alltrue([for k in var.ssh_public_keys : can(regex("^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh.com) [A-Za-z0-9+/=]+", k))])
    error_message = "ssh_public_keys must list at least one OpenSSH public key (ssh-ed25519 AAAA..., ...)."
  }
}

# ---------------------------------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------------------------------

variable "artifact_base_url" {
  description = "URL the VMs download shortener-api.jar and admin-ui.jar from (the files ./mvnw package builds), e.g. an artifact store."
  type        = string

  validation {
    condition     = can(regex("^https?://[^\\s]+[^/]$", var.artifact_base_url))
    error_message = "artifact_base_url must be an http(s) URL without a trailing slash."
  }
}

variable "shortener_api_jar_sha256" {
  description = "SHA-256 of shortener-api.jar (sha256sum shortener-api/target/shortener-api.jar); a node refuses any other file."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.shortener_api_jar_sha256))
    error_message = "shortener_api_jar_sha256 must be 64 lower-case hex digits."
  }
}

variable "admin_ui_jar_sha256" {
  description = "SHA-256 of admin-ui.jar (sha256sum admin-ui/target/admin-ui.jar); the console VM refuses any other file."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.admin_ui_jar_sha256))
    error_message = "admin_ui_jar_sha256 must be 64 lower-case hex digits."
  }
}

variable "shortener_base_url" {
  description = "Absolute base of the short links the API hands out; null for http://<lb_address>."
  type        = string
  default     = null

  validation {
    condition     = var.shortener_base_url == null || can(regex("^https?://[^\\s/]+(/[^\\s]*)?$", var.shortener_base_url))
    error_message = "shortener_base_url must be null or an absolute http(s) URL."
  }
}

variable "admin_username" {
  description = "User name for signing in to the admin console."
  type        = string
  default     = "admin"

  validation {
    condition     = can(regex("^[A-Za-z0-9._@-]{1,64}$", var.admin_username))
    error_message = "admin_username must be 1-64 letters, digits or . _ @ -."
  }
}

variable "admin_password_hash" {
  description = "Hash of the console password as java -cp admin-ui.jar io.ratelimiter.admin.HashPassword prints it (never the password itself)."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^pbkdf2-sha256:[0-9]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$", var.admin_password_hash))
    error_message = "admin_password_hash must be pbkdf2-sha256:<iterations>:<salt>:<hash>, as HashPassword prints it."
  }
}

variable "shortener_db_owner_password" {
  description = "Password of shortener_owner, the PostgreSQL role the API nodes run their migrations as (deploy/postgres/roles.sql), e.g. from: openssl rand -hex 24."
  type        = string
  sensitive   = true

  # One alphabet that needs no escaping in a JDBC or redis:// URL, an SQL literal, a shell word or an env file.
  validation {
    condition     = can(regex("^[A-Za-z0-9._~-]{16,128}$", var.shortener_db_owner_password))
    error_message = "shortener_db_owner_password must be 16-128 characters from A-Z a-z 0-9 . _ ~ -."
  }
}

variable "shortener_db_password" {
  description = "Password of shortener, the PostgreSQL role the API nodes serve with: it may only read and add links."
  type        = string
  sensitive   = true

  # One alphabet that needs no escaping in a JDBC or redis:// URL, an SQL literal, a shell word or an env file.
  validation {
    condition     = can(regex("^[A-Za-z0-9._~-]{16,128}$", var.shortener_db_password))
    error_message = "shortener_db_password must be 16-128 characters from A-Z a-z 0-9 . _ ~ -."
  }
}

variable "console_db_owner_password" {
  description = "Password of console_owner, the PostgreSQL role the console runs its migrations as."
  type        = string
  sensitive   = true

  # One alphabet that needs no escaping in a JDBC or redis:// URL, an SQL literal, a shell word or an env file.
  validation {
    condition     = can(regex("^[A-Za-z0-9._~-]{16,128}$", var.console_db_owner_password))
    error_message = "console_db_owner_password must be 16-128 characters from A-Z a-z 0-9 . _ ~ -."
  }
}

variable "console_db_password" {
  description = "Password of console, the PostgreSQL role the console serves with: it may only read and append its audit."
  type        = string
  sensitive   = true

  # One alphabet that needs no escaping in a JDBC or redis:// URL, an SQL literal, a shell word or an env file.
  validation {
    condition     = can(regex("^[A-Za-z0-9._~-]{16,128}$", var.console_db_password))
    error_message = "console_db_password must be 16-128 characters from A-Z a-z 0-9 . _ ~ -."
  }
}

variable "redis_node_password" {
  description = "Password of the Redis ACL user ratelimiter-node (deploy/redis/users.acl.template), which the API nodes use: it may read policies but not write them."
  type        = string
  sensitive   = true

  # One alphabet that needs no escaping in a JDBC or redis:// URL, an SQL literal, a shell word or an env file.
  validation {
    condition     = can(regex("^[A-Za-z0-9._~-]{16,128}$", var.redis_node_password))
    error_message = "redis_node_password must be 16-128 characters from A-Z a-z 0-9 . _ ~ -."
  }
}

variable "redis_console_password" {
  description = "Password of the Redis ACL user ratelimiter-console, which the console uses to read and change policies and windows."
  type        = string
  sensitive   = true

  # One alphabet that needs no escaping in a JDBC or redis:// URL, an SQL literal, a shell word or an env file.
  validation {
    condition     = can(regex("^[A-Za-z0-9._~-]{16,128}$", var.redis_console_password))
    error_message = "redis_console_password must be 16-128 characters from A-Z a-z 0-9 . _ ~ -."
  }
}

variable "console_tls_certificate" {
  description = "PEM certificate (chain) the console's TLS proxy presents, for admin_address or a name of it; null makes a self-signed one on the VM (browsers warn: docs/deployment.md)."
  type        = string
  default     = null

  validation {
    condition     = var.console_tls_certificate == null || can(regex("-----BEGIN CERTIFICATE-----", var.console_tls_certificate))
    error_message = "console_tls_certificate must be null or PEM text (-----BEGIN CERTIFICATE-----...), not a path (use file(...))."
  }
}

variable "console_tls_private_key" {
  description = "PEM private key of console_tls_certificate; null when the certificate is null."
  type        = string
  sensitive   = true
  default     = null

  validation {
    condition     = (var.console_tls_private_key == null) == (var.console_tls_certificate == null) && (var.console_tls_private_key == null || can(regex("PRIVATE KEY-----", var.console_tls_private_key)))
    error_message = "console_tls_private_key must be given exactly when console_tls_certificate is, as PEM text."
  }
}
