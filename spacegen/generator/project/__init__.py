"""The build step: config, sync/check of many clients, drift reports, inspect, vendoring, stubs."""
