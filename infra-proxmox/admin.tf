# The admin console: watches and edits the limits in the same Redis the API nodes use, keeps its audit in its own
# schema of the one database, and is reached only through nginx terminating TLS on this VM, from admin_cidr.

locals {
  admin_environment = {
    # Loopback only: the TLS proxy beside it is the one way in.
    MICRONAUT_SERVER_HOST = "127.0.0.1"
    MICRONAUT_SERVER_PORT = tostring(local.ports.admin)
    ENDPOINTS_ALL_PORT    = tostring(local.ports.admin_management)
    REDIS_URI             = local.redis_console_uri
    # Serves as console (read and append the audit); migrates as the schema's owner.
    DATASOURCES_DEFAULT_URL             = local.database_url
    DATASOURCES_DEFAULT_USERNAME        = "console"
    DATASOURCES_DEFAULT_PASSWORD        = var.console_db_password
    FLYWAY_DATASOURCES_DEFAULT_URL      = local.database_url
    FLYWAY_DATASOURCES_DEFAULT_USER     = "console_owner"
    FLYWAY_DATASOURCES_DEFAULT_PASSWORD = var.console_db_owner_password
    ADMIN_USERNAME                      = var.admin_username
    ADMIN_PASSWORD_HASH                 = var.admin_password_hash
    # The overview reads each node's health and metrics on its management port.
    ADMIN_NODES = join(",", [for address in local.api_addresses : "http://${address}:${local.ports.api_management}"])
    # Every request arrives over TLS through the proxy on this VM, the only one that may name the client.
    MICRONAUT_SESSION_HTTP_COOKIE_SECURE = "true"
    RATE_LIMITER_TRUSTED_PROXIES         = "127.0.0.1/32"
    RATE_LIMITER_POLICY_SYNC_SEED        = "true"
  }

  console_tls_directory = "/etc/ratelimiter/tls"

  console_tls_config = templatefile("${path.module}/../deploy/nginx/console-tls.conf.template", {
    CONSOLE_LISTEN_PORT     = local.ports.admin_tls
    CONSOLE_UPSTREAM        = "127.0.0.1:${local.ports.admin}"
    CONSOLE_CERTIFICATE     = "${local.console_tls_directory}/console.crt"
    CONSOLE_CERTIFICATE_KEY = "${local.console_tls_directory}/console.key"
  })

  # The operator's certificate when given; otherwise deploy/tls/self-signed-certificate.sh makes one at first boot.
  console_certificate_files = var.console_tls_certificate == null ? [] : [
    { path = "${local.console_tls_directory}/console.crt", permissions = "0644", content = var.console_tls_certificate },
    { path = "${local.console_tls_directory}/console.key", permissions = "0600", content = var.console_tls_private_key },
  ]

  admin_tls_cloud_config = {
    packages = ["nginx", "openssl"]
    write_files = concat(local.console_certificate_files, [
      {
        path        = "/usr/local/sbin/ratelimiter-self-signed-certificate"
        permissions = "0755"
        content     = file("${path.module}/../deploy/tls/self-signed-certificate.sh")
      },
      {
        # Moved in after the package is set up, as on the load balancer.
        path        = "/etc/ratelimiter/nginx-console-tls.conf"
        permissions = "0644"
        content     = local.console_tls_config
      },
    ])
    runcmd = [
      ["/usr/local/sbin/ratelimiter-self-signed-certificate", local.console_tls_directory, var.admin_address],
      ["rm", "-f", "/etc/nginx/sites-enabled/default"],
      ["install", "-m", "0644", "/etc/ratelimiter/nginx-console-tls.conf", "/etc/nginx/conf.d/console-tls.conf"],
      ["nginx", "-t"],
      ["systemctl", "restart", "nginx"],
    ]
  }
}

module "admin_service" {
  source = "./modules/java-service"

  service     = "admin-ui"
  description = "Rate limiter admin console"
  jar_url     = "${var.artifact_base_url}/admin-ui.jar"
  jar_sha256  = var.admin_ui_jar_sha256
  # The nodes may not write policies: the console seeds these into an empty Redis.
  environment = merge(local.seeded_policies, local.admin_environment)
}

module "admin" {
  source = "./modules/cloud-vm"

  name      = "${var.name_prefix}-admin"
  address   = var.admin_address
  size      = var.vm_sizes["admin"]
  placement = local.placement
  login     = local.login
  cloud_config = {
    packages    = concat(module.admin_service.cloud_config.packages, local.admin_tls_cloud_config.packages)
    write_files = concat(module.admin_service.cloud_config.write_files, local.admin_tls_cloud_config.write_files)
    runcmd      = concat(module.admin_service.cloud_config.runcmd, local.admin_tls_cloud_config.runcmd)
  }
  tags       = ["ratelimiter", "admin"]
  keeps_data = false

  inbound = [
    local.ssh_from_admin_network,
    { ports = tostring(local.ports.admin_tls), sources = [var.admin_cidr], comment = "the console over TLS, from the admin network" },
  ]
}
