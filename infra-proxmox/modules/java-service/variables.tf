variable "service" {
  description = "Service name: the jar is <service>.jar, the systemd unit <service>.service."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*$", var.service))
    error_message = "service must be lower-case letters, digits and dashes."
  }
}

variable "description" {
  description = "One line describing the service, for systemd."
  type        = string
}

variable "jar_url" {
  description = "URL the VM downloads the fat jar from."
  type        = string
}

variable "jar_sha256" {
  description = "SHA-256 the downloaded jar must have."
  type        = string
}

variable "environment" {
  description = "Environment variables of the service (docs/deployment.md lists them)."
  type        = map(string)
  # It holds the service's passwords.
  sensitive = true
}

