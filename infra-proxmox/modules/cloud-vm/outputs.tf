output "address" {
  description = "Static IPv4 address of the VM."
  value       = var.address
}

output "vm_id" {
  description = "Proxmox VM ID."
  value       = proxmox_virtual_environment_vm.this.vm_id
}
