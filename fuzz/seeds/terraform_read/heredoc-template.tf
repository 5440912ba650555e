locals {
  doc = <<-EOT
    a ${var.x} $${y} %{ if true }b%{ endif }
    EOT
  s = "${"nested ${local.doc}"}"
}
resource "alicloud_event_bridge_connection" "c" {
  connection_name = local.s
  network_parameters {
    network_type = "PublicNetwork"
  }
}
