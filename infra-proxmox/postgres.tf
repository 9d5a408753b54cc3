# PostgreSQL: the shortener's links and the console's audit, each app in its own schema of one database with its
# own roles (deploy/postgres/roles.sql). Debian's postgresql package. It keeps data: never replaced by a plan
# (modules/cloud-vm, keeps_data); the runbook applies password changes (infra-proxmox/README.md).

locals {
  postgres_cloud_config = {
    packages = ["postgresql"]
    write_files = [
      {
        path        = "/etc/ratelimiter/roles.sql"
        permissions = "0644"
        content     = file("${path.module}/../deploy/postgres/roles.sql")
      },
      {
        # The roles' passwords, read by the setup script; root only.
        path        = "/etc/ratelimiter/postgres-roles.env"
        permissions = "0600"
        content = join("", [for name, value in {
          SHORTENER_DB_OWNER_PASSWORD = var.shortener_db_owner_password
          SHORTENER_DB_PASSWORD       = var.shortener_db_password
          CONSOLE_DB_OWNER_PASSWORD   = var.console_db_owner_password
          CONSOLE_DB_PASSWORD         = var.console_db_password
        } : "${name}='${value}'\n"])
      },
      {
        path        = "/usr/local/sbin/setup-ratelimiter-postgres"
        permissions = "0700"
        content = templatefile("${path.module}/files/postgres-setup.sh.tftpl", {
          address  = var.postgres_address
          port     = local.ports.postgres
          database = local.database_name
          # The console's roles from the console only. The API's from the VMs' network: pg_hba lives on a VM no plan
          # replaces, so it must not list the nodes a later scaling adds; the firewall admits the nodes alone.
          shortener_clients = var.network_cidr
          console_clients   = "${var.admin_address}/32"
        })
      },
    ]
    runcmd = [["/usr/local/sbin/setup-ratelimiter-postgres"]]
  }
}

module "postgres" {
  source = "./modules/cloud-vm"

  name         = "${var.name_prefix}-postgres"
  address      = var.postgres_address
  size         = var.vm_sizes["postgres"]
  placement    = local.placement
  login        = local.login
  cloud_config = local.postgres_cloud_config
  tags         = ["ratelimiter", "postgres"]
  keeps_data   = true

  inbound = [
    local.ssh_from_admin_network,
    { ports = tostring(local.ports.postgres), sources = concat([for address in local.api_addresses : "${address}/32"], ["${var.admin_address}/32"]), comment = "PostgreSQL for the API nodes and the console" },
  ]
}
