//! Prices of Azure resources checked against the public list prices named in each test.

use super::*;

/// A Linux App Service plan in East US is priced at the Retail Prices API's meter: P1v3 is
/// $0.155 an hour per worker, and the memory-optimized and Isolated v2 SKUs are there too.
#[test]
fn linux_app_service_plans_are_priced_per_worker_at_east_us_meters() {
    let tf = r#"
resource "azurerm_service_plan" "web" {
  name                = "web"
  location            = "eastus"
  resource_group_name = "rg"
  os_type             = "Linux"
  sku_name            = "P1v3"
  worker_count        = 2
}
resource "azurerm_service_plan" "memory" {
  name                = "memory"
  location            = "eastus"
  resource_group_name = "rg"
  os_type             = "Linux"
  sku_name            = "P2mv3"
}"#;
    let all = estimates(tf);
    let web = component(&all["azurerm_service_plan.web"], "Plan");
    assert_eq!((web.quantity, web.unit_price), (Some(2.0 * 730.0), 0.155));
    assert_eq!(
        component(&all["azurerm_service_plan.memory"], "Plan").unit_price,
        0.372
    );
}

/// A function app on an Elastic Premium plan pays for its instances' vCPUs and memory (EP2:
/// 2 vCPU and 7 GB each), whichever plan resource names the size.
#[test]
fn a_function_app_on_an_elastic_premium_plan_pays_for_its_instances() {
    let tf = r#"
resource "azurerm_service_plan" "premium" {
  name                = "premium"
  location            = "eastus"
  resource_group_name = "rg"
  os_type             = "Linux"
  sku_name            = "EP2"
}
resource "azurerm_linux_function_app" "api" {
  name                = "api"
  location            = "eastus"
  resource_group_name = "rg"
  service_plan_id     = azurerm_service_plan.premium.id
  site_config {}
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  azurerm_linux_function_app.api:\n    instances: 2\n",
    );
    let api = &estimates_with(tf, &usage, &BTreeMap::new())["azurerm_linux_function_app.api"];
    assert_eq!(
        component(api, "vCPU (EP2)").quantity,
        Some(2.0 * 2.0 * 730.0)
    );
    assert_eq!(
        component(api, "Memory (EP2)").quantity,
        Some(7.0 * 2.0 * 730.0)
    );
}

/// Windows App Service plans (and Windows containers) run on the Windows meters; an Elastic
/// Premium plan costs nothing itself, its function apps pay for their instances.
#[test]
fn windows_plans_use_windows_meters_and_elastic_premium_plans_are_billed_through_their_apps() {
    let tf = r#"
resource "azurerm_service_plan" "win" {
  name                = "win"
  location            = "eastus"
  resource_group_name = "rg"
  os_type             = "WindowsContainer"
  sku_name            = "P1v3"
}
resource "azurerm_service_plan" "ep" {
  name                = "ep"
  location            = "eastus"
  resource_group_name = "rg"
  os_type             = "Linux"
  sku_name            = "EP1"
}"#;
    let all = estimates(tf);
    assert_eq!(
        component(&all["azurerm_service_plan.win"], "Plan").unit_price,
        0.315
    );
    assert_eq!(all["azurerm_service_plan.ep"].monthly(), Some(0.0));
}

/// A Consumption-plan function app pays per execution and per GB-second, its memory rounded
/// up to 128 MB steps; usage numbers may use YAML 1.1's digit separators (`3_540_123`).
#[test]
fn consumption_functions_round_memory_up_and_usage_numbers_may_have_separators() {
    let tf = r#"
resource "azurerm_linux_function_app" "jobs" {
  name                = "jobs"
  location            = "eastus"
  resource_group_name = "rg"
  service_plan_id     = "plan-id"
  site_config {}
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  azurerm_linux_function_app.jobs:\n    monthly_executions: 3_540_123\n    execution_duration_ms: 495\n    memory_mb: 490\n",
    );
    let jobs = &estimates_with(tf, &usage, &BTreeMap::new())["azurerm_linux_function_app.jobs"];
    assert_eq!(component(jobs, "Executions").quantity, Some(3.540123));
    let gbs = component(jobs, "Execution time").quantity.unwrap();
    assert!((gbs - 3_540_123.0 * 0.495 * 0.5).abs() < 1e-6, "{gbs}");
}

/// A resource without `location` is priced in its resource group's region, or in that of the
/// resource it belongs to: a machine-learning cluster in a West Europe workspace runs its
/// minimum nodes there (Standard_F8s_v2: $0.388 an hour), a compute instance of the same
/// workspace too.
#[test]
fn a_resource_without_location_is_priced_where_its_group_or_parent_is() {
    let tf = r#"
resource "azurerm_resource_group" "lab" {
  name     = "lab"
  location = "West Europe"
}
resource "azurerm_machine_learning_workspace" "lab" {
  name                    = "lab"
  location                = azurerm_resource_group.lab.location
  resource_group_name     = azurerm_resource_group.lab.name
  application_insights_id = "ai"
  key_vault_id            = "kv"
  storage_account_id      = "sa"
  identity {
    type = "SystemAssigned"
  }
}
resource "azurerm_machine_learning_compute_cluster" "train" {
  name                          = "train"
  location                      = azurerm_resource_group.lab.location
  machine_learning_workspace_id = azurerm_machine_learning_workspace.lab.id
  vm_size                       = "Standard_F8s_v2"
  vm_priority                   = "Dedicated"
  scale_settings {
    min_node_count                       = 3
    max_node_count                       = 6
    scale_down_nodes_after_idle_duration = "PT30S"
  }
}
resource "azurerm_machine_learning_compute_instance" "notebook" {
  name                          = "notebook"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.lab.id
  virtual_machine_size          = "Standard_F8s_v2"
}
resource "azurerm_dns_zone" "lab" {
  name                = "lab.example.org"
  resource_group_name = azurerm_resource_group.lab.name
}"#;
    let all = estimates(tf);
    let train = component(
        &all["azurerm_machine_learning_compute_cluster.train"],
        "Instance",
    );
    assert_eq!(
        (train.quantity, train.unit_price),
        (Some(3.0 * 730.0), 0.388)
    );
    let notebook = &all["azurerm_machine_learning_compute_instance.notebook"];
    assert_eq!(notebook.region.as_deref(), Some("westeurope"));
    assert_eq!(notebook.monthly(), Some(283.24));
    assert_eq!(
        all["azurerm_dns_zone.lab"].region.as_deref(),
        Some("westeurope")
    );
}

/// `azurerm_virtual_machine` is Windows when its OS disk says so (D8s_v3 with the licence:
/// $0.752 an hour in East US; under hybrid benefit, the Linux $0.384), and its managed data
/// disks are billed by tier, Standard HDD operations from usage at $0.0005 per 10,000.
#[test]
fn legacy_windows_vms_pay_the_licence_and_their_data_disks() {
    let tf = r#"
resource "azurerm_virtual_machine" "office" {
  name                  = "office"
  location              = "eastus"
  resource_group_name   = "rg"
  network_interface_ids = ["nic"]
  vm_size               = "Standard_D8s_v3"
  storage_os_disk {
    name              = "os"
    create_option     = "FromImage"
    managed_disk_type = "Premium_LRS"
    os_type           = "Windows"
  }
  storage_data_disk {
    name              = "data"
    create_option     = "Empty"
    managed_disk_type = "Standard_LRS"
    disk_size_gb      = 200
    lun               = 0
  }
}
resource "azurerm_virtual_machine" "byol" {
  name                  = "byol"
  location              = "eastus"
  resource_group_name   = "rg"
  network_interface_ids = ["nic"]
  vm_size               = "Standard_D8s_v3"
  license_type          = "Windows_Server"
  storage_os_disk {
    name          = "os"
    create_option = "FromImage"
    os_type       = "Windows"
  }
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  azurerm_virtual_machine.office:\n    monthly_hrs: 300\n    storage_data_disk:\n      monthly_disk_operations: 4000000\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let office = &all["azurerm_virtual_machine.office"];
    let hours = component(office, "Instance usage (Windows, pay as you go");
    assert_eq!((hours.quantity, hours.unit_price), (Some(300.0), 0.752));
    assert_eq!(
        component(office, "OS disk (Premium_LRS, P4").unit_price,
        5.28
    );
    assert_eq!(
        component(office, "Data disk (Standard_LRS, S15").unit_price,
        11.33
    );
    let ops = component(office, "Data disk operations");
    assert_eq!((ops.quantity, ops.unit_price), (Some(400.0), 0.0005));
    let byol = component(
        &all["azurerm_virtual_machine.byol"],
        "Instance usage (Windows, hybrid",
    );
    assert_eq!(byol.unit_price, 0.384);
}

/// Per-query, per-unit and per-rule services: DNS queries at $0.40 per million up to a
/// billion and $0.20 beyond, Service Bus Premium at $677.08 per messaging unit, a log alert
/// evaluated every five minutes at $1.50 plus $0.15 per time series beyond the first, API
/// Management Premium at $2,795.17 per unit.
#[test]
fn queries_units_and_rules_are_priced_by_their_meters() {
    let tf = r#"
resource "azurerm_resource_group" "ops" {
  name     = "ops"
  location = "eastus"
}
resource "azurerm_dns_zone" "corp" {
  name                = "corp.example.net"
  resource_group_name = azurerm_resource_group.ops.name
}
resource "azurerm_dns_cname_record" "www" {
  name                = "www"
  zone_name           = azurerm_dns_zone.corp.name
  resource_group_name = azurerm_resource_group.ops.name
  ttl                 = 60
  record              = "corp.example.net"
}
resource "azurerm_servicebus_namespace" "bus" {
  name                = "bus"
  location            = "eastus"
  resource_group_name = "ops"
  sku                 = "Premium"
  capacity            = 2
}
resource "azurerm_monitor_scheduled_query_rules_alert_v2" "errors" {
  name                 = "errors"
  location             = "eastus"
  resource_group_name  = "ops"
  evaluation_frequency = "PT5M"
  window_duration      = "PT5M"
  scopes               = ["ws1", "ws2"]
  severity             = 2
  criteria {
    query                   = "Errors | summarize count() by Host"
    time_aggregation_method = "Count"
    operator                = "GreaterThan"
    threshold               = 10
    dimension {
      name     = "Host"
      operator = "Include"
      values   = ["*"]
    }
  }
}
resource "azurerm_api_management" "gw" {
  name                = "gw"
  location            = "eastus"
  resource_group_name = "ops"
  publisher_name      = "Ops"
  publisher_email     = "ops@example.net"
  sku_name            = "Premium_2"
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  azurerm_dns_cname_record.www:\n    monthly_queries: 1_250_000_000\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    assert_eq!(
        all["azurerm_dns_cname_record.www"].monthly(),
        Some(400.0 + 50.0)
    );
    assert_eq!(
        all["azurerm_servicebus_namespace.bus"].monthly(),
        Some(1354.16)
    );
    let alert = &all["azurerm_monitor_scheduled_query_rules_alert_v2.errors"];
    assert_eq!(
        component(alert, "Log alerts monitoring (5 minute").unit_price,
        1.5
    );
    assert_eq!(
        component(alert, "Additional time-series").quantity,
        Some(1.0)
    );
    assert_eq!(all["azurerm_api_management.gw"].monthly(), Some(5590.34));
}

/// A dynamic public IP costs $0.004 an hour and a static one $0.005, whatever the SKU; a
/// Premium registry pays $1.667 a day and as much for each geo-replication location, and
/// storage over its 500 GB at $0.10 per GB.
#[test]
fn public_ips_by_allocation_and_registries_by_replicas_and_storage() {
    let tf = r#"
resource "azurerm_public_ip" "edge" {
  name                = "edge"
  location            = "eastus"
  resource_group_name = "rg"
  sku                 = "Basic"
  allocation_method   = "Dynamic"
}
resource "azurerm_public_ip" "fixed" {
  name                = "fixed"
  location            = "eastus"
  resource_group_name = "rg"
  sku                 = "Basic"
  allocation_method   = "Static"
}
resource "azurerm_container_registry" "images" {
  name                = "images"
  location            = "eastus"
  resource_group_name = "rg"
  sku                 = "Premium"
  georeplications {
    location = "westeurope"
  }
  georeplications {
    location = "westus"
  }
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  azurerm_container_registry.images:\n    storage_gb: 800\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    assert_eq!(all["azurerm_public_ip.edge"].monthly(), Some(2.92));
    assert_eq!(all["azurerm_public_ip.fixed"].monthly(), Some(3.65));
    let images = &all["azurerm_container_registry.images"];
    let geo = component(images, "Geo replication");
    assert_eq!(
        (geo.quantity, geo.unit_price),
        (Some(2.0 * 730.0 / 24.0), 1.667)
    );
    assert_eq!(
        component(images, "Storage (over 500 GB)").quantity,
        Some(300.0)
    );
}

/// An Event Hubs namespace on a dedicated cluster is billed as the cluster's capacity units
/// ($6.849 an hour each); a Standard one per throughput unit ($0.03) and, with capture on in
/// the usage file, $0.10 per unit for capture.
#[test]
fn event_hubs_on_a_dedicated_cluster_pay_capacity_units_and_capture_is_usage() {
    let tf = r#"
resource "azurerm_eventhub_cluster" "big" {
  name                = "big"
  location            = "eastus"
  resource_group_name = "rg"
  sku_name            = "Dedicated_1"
}
resource "azurerm_eventhub_namespace" "tenant" {
  name                 = "tenant"
  location             = "eastus"
  resource_group_name  = "rg"
  sku                  = "Standard"
  dedicated_cluster_id = azurerm_eventhub_cluster.big.id
}
resource "azurerm_eventhub_namespace" "stream" {
  name                = "stream"
  location            = "eastus"
  resource_group_name = "rg"
  sku                 = "Standard"
  capacity            = 3
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  azurerm_eventhub_namespace.stream:\n    capture_enabled: true\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let tenant = component(
        &all["azurerm_eventhub_namespace.tenant"],
        "Capacity (Dedicated",
    );
    assert_eq!(tenant.unit_price, 6.849);
    let stream = &all["azurerm_eventhub_namespace.stream"];
    assert_eq!(component(stream, "Capture").quantity, Some(3.0 * 730.0));
    assert_eq!(stream.monthly(), Some(round2(3.0 * 730.0 * (0.03 + 0.1))));
}
