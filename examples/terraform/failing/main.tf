# Two mistakes that pass `terraform validate`: the robot's token committed in a variable
# default, and a rule whose empty pattern matches every event on the bus.

provider "alicloud" {
  region = "cn-shanghai"
}

variable "oncall_robot" {
  default = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef"
}

resource "alicloud_event_bridge_event_bus" "audit" {
  event_bus_name = "audit"
}

resource "alicloud_event_bridge_rule" "everything" {
  event_bus_name = alicloud_event_bridge_event_bus.audit.event_bus_name
  rule_name      = "everything-to-oncall"
  filter_pattern = ""

  targets {
    target_id = "oncall"
    type      = "acs.dingtalk"
    endpoint  = var.oncall_robot
    param_list {
      resource_key = "URL"
      form         = "CONSTANT"
      value        = var.oncall_robot
    }
  }
}
