variable "dingtalk_webhook" { default = "https://oapi.dingtalk.com/robot/send?access_token=abc123" }
locals { pattern = jsonencode({ source = ["acs.oss"], type = ["oss:ObjectCreated:PutObject"] }) }

# eb-advisor: acknowledge webhook-secret — the token is a test robot's
resource "alicloud_event_bridge_rule" "orders" {
  event_bus_name = alicloud_event_bridge_event_bus.orders.event_bus_name
  rule_name      = "orders"
  filter_pattern = local.pattern
  targets {
    target_id = "dingtalk"
    endpoint  = var.dingtalk_webhook
    type      = "acs.dingtalk"
    param_list {
      resource_key = "URL"
      form         = "CONSTANT"
      value        = var.dingtalk_webhook
    }
    param_list {
      resource_key = "Body"
      form         = "TEMPLATE"
      value        = "{\"key\": \"${var.region}\"}"
    }
  }
}

resource "alicloud_event_bridge_event_bus" "orders" {
  event_bus_name = "orders-${var.region}"
  description    = <<-EOT
    Orders bus
      of ${var.region}
    EOT
}

provider "alicloud" { region = var.region }
variable "region" { default = "cn-hangzhou" }
variable "token" {}
module "events" {
  source = "./modules/events"
  bus    = "orders"
}
module "remote" {
  source = "terraform-alicloud-modules/eventbridge/alicloud"
}
