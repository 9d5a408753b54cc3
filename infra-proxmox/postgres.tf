# PostgreSQL: the shortener's links. Debian's postgresql package; the role and database are created by a
# script cloud-init runs once. Never recreated by a config change: it keeps the data.

locals {
  postgres_cloud_config = {
    packages = ["postgresql"]
    write_files = [{
      path        = "/usr/local/sbin/setup-ratelimiter-postgres"
      permissions = "0700"
      content = templatefile("${path.module}/files/postgres-setup.sh.tftpl", {
        address        = var.postgres_address
        port           = local.ports.postgres
        client_network = var.network_cidr
        database       = local.database.name
        user           = local.database.user
        password       = var.db_password
      })
    }]
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

  replace_on_cloud_config_change = false
}
