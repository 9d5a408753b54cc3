# The admin console: watches and edits the limits in the same Redis the API nodes use, and keeps its audit log
# in the shortener's database (its own tables and migration history).

locals {
  admin_environment = {
    MICRONAUT_SERVER_PORT        = tostring(local.ports.admin)
    REDIS_URI                    = local.redis_uri
    DATASOURCES_DEFAULT_URL      = local.database_url
    DATASOURCES_DEFAULT_USERNAME = local.database.user
    DATASOURCES_DEFAULT_PASSWORD = var.db_password
    ADMIN_USERNAME               = var.admin_username
    ADMIN_PASSWORD_HASH          = var.admin_password_hash
  }
}

module "admin_service" {
  source = "./modules/java-service"

  service     = "admin-ui"
  description = "Rate limiter admin console"
  jar_url     = "${var.artifact_base_url}/admin-ui.jar"
  jar_sha256  = var.admin_ui_jar_sha256
  environment = local.admin_environment
}

module "admin" {
  source = "./modules/cloud-vm"

  name         = "${var.name_prefix}-admin"
  address      = var.admin_address
  size         = var.vm_sizes["admin"]
  placement    = local.placement
  login        = local.login
  cloud_config = module.admin_service.cloud_config
  tags         = ["ratelimiter", "admin"]

  replace_on_cloud_config_change = true
}
