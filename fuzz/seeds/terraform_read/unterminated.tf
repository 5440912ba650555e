resource "alicloud_event_bridge_event_source" "s" {
  event_bus_name = "x
