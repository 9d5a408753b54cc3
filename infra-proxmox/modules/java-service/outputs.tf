output "cloud_config" {
  description = "The service's part of a VM's cloud-config, for the cloud-vm module."
  value       = local.cloud_config
  sensitive   = true
}
