# How a fat jar runs on a VM: under systemd as an unprivileged user, configured by environment variables, started
# only once its checksum matches. This module only renders that cloud-config; cloud-vm makes the VM.

locals {
  cloud_config = {
    packages = ["openjdk-17-jre-headless"]
    write_files = [
      {
        # Shell syntax with single-quoted values, so the dollar signs of a password hash stay literal.
        path        = "/etc/ratelimiter/${var.service}.env"
        permissions = "0600"
        content     = templatefile("${path.module}/service.env.tftpl", { environment = var.environment })
      },
      {
        path        = "/etc/systemd/system/${var.service}.service"
        permissions = "0644"
        content     = templatefile("${path.module}/java-service.service.tftpl", { service = var.service, description = var.description })
      },
      {
        path        = "/usr/local/sbin/install-${var.service}"
        permissions = "0700"
        content     = templatefile("${path.module}/install.sh.tftpl", { service = var.service, jar_url = var.jar_url, jar_sha256 = var.jar_sha256 })
      },
    ]
    runcmd = [["/usr/local/sbin/install-${var.service}"]]
  }
}
