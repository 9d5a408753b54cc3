# Values derived from the variables once, and used by every role: addresses, ports, URLs, VM placement.

locals {
  prefix_length = tonumber(split("/", var.network_cidr)[1])

  # API node i (from 0) at host number api_first_host_number + i: adding a node never moves the others.
  api_addresses = [for i in range(var.api_node_count) : cidrhost(var.network_cidr, var.api_first_host_number + i)]

  # Every port a VM listens on; the management ports (health, metrics) are never behind a proxy.
  ports = {
    lb               = 80
    api              = 8080
    api_management   = 9080
    admin            = 8090
    admin_management = 9090
    admin_tls        = 443
    redis            = 6379
    postgres         = 5432
  }

  # One database; each app has its own schema and roles in it (deploy/postgres/roles.sql).
  database_name = "ratelimiter"

  lb_url      = "http://${var.lb_address}"
  console_url = "https://${var.admin_address}"

  # The one Redis every API node and the console talk to, each as its own ACL user (redis://USER:PASSWORD@host:port).
  redis_node_uri    = "redis://ratelimiter-node:${var.redis_node_password}@${var.redis_address}:${local.ports.redis}"
  redis_console_uri = "redis://ratelimiter-console:${var.redis_console_password}@${var.redis_address}:${local.ports.redis}"

  # The default and route policies a fresh Redis is seeded with (one file for every deployment): the nodes'
  # configuration, and what the console writes where Redis has none, since the nodes' Redis user may not.
  # Read as NAME=value lines (comments skipped), so they are quoted like every other variable of a service.
  seeded_policies = { for line in regexall("(?m)^([A-Z][A-Z0-9_]*)=(.*)$", file("${path.module}/../deploy/docker/policies.env")) : line[0] => trimspace(line[1]) }

  database_url = "jdbc:postgresql://${var.postgres_address}:${local.ports.postgres}/${local.database_name}"

  # Every VM accepts SSH from the operators' network only; each role adds what it serves, to whom.
  ssh_from_admin_network = { ports = "22", sources = [var.admin_cidr], comment = "SSH from the admin network" }

  placement = {
    node_name             = var.proxmox_node
    template_vm_id        = var.template_vm_id
    datastore_id          = var.vm_datastore_id
    snippets_datastore_id = var.snippets_datastore_id
    bridge                = var.network_bridge
    vlan_id               = var.vlan_id
    prefix_length         = local.prefix_length
    gateway               = var.gateway
    dns_servers           = var.dns_servers
  }

  login = {
    username        = var.vm_username
    ssh_public_keys = var.ssh_public_keys
  }

  # Every address a VM takes, for the check in outputs.tf that no two VMs share one.
  all_addresses = concat(
    [var.lb_address, var.redis_address, var.postgres_address, var.admin_address, var.loadtester_address],
    local.api_addresses,
    local.loadtester_client_addresses,
  )
}
