# Order events from the order service go to the on-call DingTalk group: the console
# path, declared in Terraform. The robot's address comes from outside the repository.

provider "alicloud" {
  region = "cn-hangzhou"
}

variable "oncall_robot" {
  description = "The on-call group's DingTalk robot address (set TF_VAR_oncall_robot)"
  sensitive   = true
}

locals {
  orders_only = jsonencode({ source = ["orders.service"], type = ["OrderFailed"] })
}

resource "alicloud_event_bridge_event_bus" "orders" {
  event_bus_name = "orders"
}

resource "alicloud_event_bridge_rule" "failed_orders" {
  event_bus_name = alicloud_event_bridge_event_bus.orders.event_bus_name
  rule_name      = "failed-orders-to-oncall"
  filter_pattern = local.orders_only

  targets {
    target_id = "oncall"
    type      = "acs.dingtalk"
    endpoint  = var.oncall_robot
    param_list {
      resource_key = "URL"
      form         = "CONSTANT"
      value        = var.oncall_robot
    }
    param_list {
      resource_key = "Body"
      form         = "ORIGINAL"
    }
  }
}
