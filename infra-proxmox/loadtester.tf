# Load tester: k6 from Grafana's Debian repository and the scripts of loadtest/k6, aimed at the load balancer.
# With loadtester_client_cidr set it also takes those addresses, so the noisy-neighbour run can be one noisy
# client and many polite ones, each a distinct client to the limiter.

locals {
  k6_scripts_dir = "${path.module}/../loadtest/k6"
  k6_scripts     = sort(fileset(local.k6_scripts_dir, "*.js"))

  # The block's inner addresses: its first and last may be a network's own addresses.
  loadtester_client_addresses = var.loadtester_client_cidr == null ? [] : [
    for i in range(1, pow(2, 32 - tonumber(split("/", var.loadtester_client_cidr)[1])) - 1) : cidrhost(var.loadtester_client_cidr, i)
  ]

  loadtester_client_files = length(local.loadtester_client_addresses) == 0 ? [] : [
    {
      path        = "/usr/local/sbin/ratelimiter-client-addresses"
      permissions = "0755"
      content     = templatefile("${path.module}/files/client-addresses.sh.tftpl", { addresses = join(" ", local.loadtester_client_addresses) })
    },
    {
      path        = "/etc/systemd/system/ratelimiter-client-addresses.service"
      permissions = "0644"
      content     = file("${path.module}/files/ratelimiter-client-addresses.service")
    },
    {
      path        = "/usr/local/bin/ratelimiter-noisy-neighbour"
      permissions = "0755"
      content = templatefile("${path.module}/files/noisy-neighbour.sh.tftpl", {
        noisy_address    = local.loadtester_client_addresses[0]
        polite_addresses = join(",", slice(local.loadtester_client_addresses, 1, length(local.loadtester_client_addresses)))
        polite_count     = length(local.loadtester_client_addresses) - 1
      })
    },
  ]

  loadtester_cloud_config = {
    packages = ["gnupg"]
    write_files = concat(
      [for script in local.k6_scripts : {
        path        = "/opt/k6/${script}"
        permissions = "0644"
        content     = file("${local.k6_scripts_dir}/${script}")
      }],
      [
        {
          path        = "/etc/profile.d/ratelimiter-k6.sh"
          permissions = "0644"
          content     = "export BASE_URL='${local.lb_url}'\n"
        },
        {
          path        = "/usr/local/sbin/install-k6"
          permissions = "0700"
          content     = file("${path.module}/files/install-k6.sh")
        },
      ],
      local.loadtester_client_files,
    )
    # k6 comes from Grafana's repository, after the VM's own packages (and its guest agent) are in place; the
    # script stops at the first failure, which cloud-init status then reports.
    runcmd = concat(
      [["/usr/local/sbin/install-k6"]],
      length(local.loadtester_client_addresses) == 0 ? [] : [
        ["systemctl", "daemon-reload"],
        ["systemctl", "enable", "--now", "ratelimiter-client-addresses.service"],
      ],
    )
  }
}

module "loadtester" {
  source = "./modules/cloud-vm"

  name         = "${var.name_prefix}-loadtester"
  address      = var.loadtester_address
  size         = var.vm_sizes["loadtester"]
  placement    = local.placement
  login        = local.login
  cloud_config = local.loadtester_cloud_config
  tags         = ["ratelimiter", "loadtester"]
  keeps_data   = false

  inbound = [local.ssh_from_admin_network]
}
