# Shortener API nodes: api_node_count identical VMs behind the load balancer. Every node gets the same
# environment, so all of them count against the one Redis and store links in the one PostgreSQL.

locals {
  api_environment = {
    MICRONAUT_SERVER_PORT = tostring(local.ports.api)
    # Health and metrics on a port of their own, which the load balancer never proxies.
    ENDPOINTS_ALL_PORT = tostring(local.ports.api_management)
    REDIS_URI          = local.redis_node_uri
    # Serves as shortener (read and add links); migrates as the schema's owner.
    DATASOURCES_DEFAULT_URL             = local.database_url
    DATASOURCES_DEFAULT_USERNAME        = "shortener"
    DATASOURCES_DEFAULT_PASSWORD        = var.shortener_db_password
    FLYWAY_DATASOURCES_DEFAULT_URL      = local.database_url
    FLYWAY_DATASOURCES_DEFAULT_USER     = "shortener_owner"
    FLYWAY_DATASOURCES_DEFAULT_PASSWORD = var.shortener_db_owner_password
    SHORTENER_BASE_URL                  = coalesce(var.shortener_base_url, local.lb_url)
    # Only the load balancer may speak for a client in X-Forwarded-For.
    RATE_LIMITER_TRUSTED_PROXIES = "${var.lb_address}/32"
  }
}

module "api_service" {
  source = "./modules/java-service"

  service     = "shortener-api"
  description = "URL shortener API behind the distributed rate limiter"
  jar_url     = "${var.artifact_base_url}/shortener-api.jar"
  jar_sha256  = var.shortener_api_jar_sha256
  # With the seeded policies, the same file compose and the console use.
  environment = merge(local.seeded_policies, local.api_environment)
}

module "api" {
  source = "./modules/cloud-vm"
  count  = var.api_node_count

  name         = "${var.name_prefix}-api-${count.index + 1}"
  address      = local.api_addresses[count.index]
  size         = var.vm_sizes["api"]
  placement    = local.placement
  login        = local.login
  cloud_config = module.api_service.cloud_config
  tags         = ["ratelimiter", "api"]
  keeps_data   = false

  inbound = [
    local.ssh_from_admin_network,
    { ports = tostring(local.ports.api), sources = ["${var.lb_address}/32", "${var.admin_address}/32"], comment = "API from the load balancer and the console" },
    { ports = tostring(local.ports.api_management), sources = ["${var.admin_address}/32", var.admin_cidr], comment = "health and metrics for the console and the admin network" },
  ]
}
