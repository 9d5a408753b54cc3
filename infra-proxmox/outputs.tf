output "lb_url" {
  description = "The shortener behind the load balancer: send users and load tests here."
  value       = local.lb_url

  precondition {
    condition     = length(distinct(local.all_addresses)) == length(local.all_addresses)
    error_message = "Two VMs would share an address: check lb/redis/postgres/admin/loadtester addresses, api_first_host_number with api_node_count, and loadtester_client_cidr."
  }
}

output "console_url" {
  description = "The admin console, over TLS from admin_cidr only (sign in as admin_username)."
  value       = local.console_url
}

output "api_node_addresses" {
  description = "IPv4 addresses of the API nodes, in node order."
  value       = local.api_addresses
}

output "redis_address" {
  description = "IPv4 address of the Redis every node uses."
  value       = var.redis_address
}

output "postgres_address" {
  description = "IPv4 address of PostgreSQL."
  value       = var.postgres_address
}

output "loadtester_ssh" {
  description = "How to reach the load tester, where the k6 scripts are in /opt/k6 and BASE_URL points at the load balancer."
  value       = "ssh ${var.vm_username}@${var.loadtester_address}"
}
