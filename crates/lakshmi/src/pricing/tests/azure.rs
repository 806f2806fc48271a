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

/// An Azure OpenAI deployment bills the meters the catalog lists for its model in its
/// account's region: tokens of a chat model and code-interpreter sessions, embeddings, fine
/// tuning; a model a region does not offer is not priced, with the reason.
#[test]
fn openai_deployments_bill_their_model_meters_in_the_account_region() {
    let tf = r#"
resource "azurerm_cognitive_account" "ai" {
  name                = "ai"
  location            = "eastus"
  resource_group_name = "rg"
  kind                = "OpenAI"
  sku_name            = "S0"
}
resource "azurerm_cognitive_account" "nordic" {
  name                = "nordic"
  location            = "swedencentral"
  resource_group_name = "rg"
  kind                = "OpenAI"
  sku_name            = "S0"
}
resource "azurerm_cognitive_deployment" "chat" {
  name                 = "chat"
  cognitive_account_id = azurerm_cognitive_account.ai.id
  model {
    format  = "OpenAI"
    name    = "gpt-4.5-preview"
    version = "2025-02-27"
  }
  sku { name = "Standard" }
}
resource "azurerm_cognitive_deployment" "vectors" {
  name                 = "vectors"
  cognitive_account_id = azurerm_cognitive_account.nordic.id
  model {
    format = "OpenAI"
    name   = "text-embedding-3-small"
  }
  sku { name = "Standard" }
}
resource "azurerm_cognitive_deployment" "old" {
  name                 = "old"
  cognitive_account_id = azurerm_cognitive_account.nordic.id
  model {
    format = "OpenAI"
    name   = "davinci-002"
  }
  sku { name = "Standard" }
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  azurerm_cognitive_deployment.chat:\n    monthly_language_input_tokens: 2000000\n    monthly_language_output_tokens: 500000\n    monthly_code_interpreter_sessions: 100\n  azurerm_cognitive_deployment.vectors:\n    monthly_text_embedding_tokens: 3000000\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let chat = &all["azurerm_cognitive_deployment.chat"];
    let input = component(chat, "Text input");
    assert_eq!((input.quantity, input.unit_price), (Some(2000.0), 0.0825));
    assert_eq!(component(chat, "Text output").quantity, Some(500.0));
    assert_eq!(
        component(chat, "Code interpreter").monthly,
        Some(100.0 * 0.03)
    );
    let vectors = component(
        &all["azurerm_cognitive_deployment.vectors"],
        "Text embeddings",
    );
    assert_eq!(
        (vectors.quantity, vectors.unit_price),
        (Some(3000.0), 0.00002)
    );
    assert!(lacks(
        &all["azurerm_cognitive_deployment.vectors"],
        "Code interpreter"
    ));
    assert!(reason(tf, "azurerm_cognitive_deployment.old").contains("davinci-002"));
}

/// SQL databases: a vCore database pays compute, the licence unless the customer brings
/// one, and its storage; a DTU database its size and the storage beyond what it includes;
/// a database in an elastic pool only its backups.
#[test]
fn sql_databases_bill_vcores_licence_and_storage_or_their_dtu_size() {
    let tf = r#"
resource "azurerm_mssql_server" "db" {
  name                = "db"
  location            = "eastus"
  resource_group_name = "rg"
  version             = "12.0"
}
resource "azurerm_mssql_database" "orders" {
  name        = "orders"
  server_id   = azurerm_mssql_server.db.id
  sku_name    = "GP_Gen5_8"
  max_size_gb = 40
}
resource "azurerm_mssql_database" "own_licence" {
  name         = "own-licence"
  server_id    = azurerm_mssql_server.db.id
  sku_name     = "BC_Gen5_2"
  license_type = "BasePrice"
}
resource "azurerm_mssql_database" "legacy" {
  name        = "legacy"
  server_id   = azurerm_mssql_server.db.id
  sku_name    = "S3"
  max_size_gb = 300
}
resource "azurerm_mssql_database" "pooled" {
  name      = "pooled"
  server_id = azurerm_mssql_server.db.id
  sku_name  = "ElasticPool"
}"#;
    let all = estimates(tf);
    let orders = &all["azurerm_mssql_database.orders"];
    let compute = component(orders, "Compute (provisioned, GP_Gen5_8)");
    assert_eq!(
        (compute.quantity, compute.unit_price),
        (Some(8.0 * 730.0), 0.15222)
    );
    assert_eq!(component(orders, "SQL license").unit_price, 0.099966);
    assert_eq!(component(orders, "Storage").quantity, Some(40.0));
    assert!(lacks(
        &all["azurerm_mssql_database.own_licence"],
        "SQL license"
    ));
    let legacy = &all["azurerm_mssql_database.legacy"];
    assert_eq!(component(legacy, "Compute (S3)").unit_price, 0.201616);
    assert_eq!(component(legacy, "Extra data storage").quantity, Some(50.0));
    let pooled = &all["azurerm_mssql_database.pooled"];
    assert!(lacks(pooled, "Compute"));
    assert!(component(pooled, "Long-term retention").usage_based);
}

/// Networking by the hour: a VPN connection over IPsec (none on a Basic gateway), Virtual
/// WAN scale units, a private endpoint and the data it processes in tiers.
#[test]
fn vpn_connections_wan_scale_units_and_private_endpoints_bill_by_the_hour() {
    let tf = r#"
resource "azurerm_virtual_network_gateway" "vpn" {
  name                = "vpn"
  location            = "eastus"
  resource_group_name = "rg"
  type                = "Vpn"
  sku                 = "VpnGw2"
}
resource "azurerm_virtual_network_gateway_connection" "office" {
  name                       = "office"
  location                   = "eastus"
  resource_group_name        = "rg"
  type                       = "IPsec"
  virtual_network_gateway_id = azurerm_virtual_network_gateway.vpn.id
}
resource "azurerm_vpn_gateway" "wan" {
  name                = "wan"
  location            = "westeurope"
  resource_group_name = "rg"
  virtual_hub_id      = "hub"
  scale_unit          = 2
}
resource "azurerm_private_endpoint" "cache" {
  name                = "cache"
  location            = "eastus"
  resource_group_name = "rg"
  subnet_id           = "subnet"
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  azurerm_private_endpoint.cache:\n    monthly_inbound_data_processed_gb: 1500000\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let office = component(
        &all["azurerm_virtual_network_gateway_connection.office"],
        "VPN gateway",
    );
    assert_eq!((office.quantity, office.unit_price), (Some(730.0), 0.015));
    let wan = component(&all["azurerm_vpn_gateway.wan"], "S2S scale units");
    assert_eq!((wan.quantity, wan.unit_price), (Some(2.0 * 730.0), 0.361));
    let cache = &all["azurerm_private_endpoint.cache"];
    assert_eq!(
        component(cache, "Inbound data processed (first 1PB)").quantity,
        Some(1_000_000.0)
    );
    assert_eq!(
        component(cache, "Inbound data processed (next 4PB)").quantity,
        Some(500_000.0)
    );
}

/// Cosmos DB throughput and storage bill in every region of the account, a zone-redundant
/// region's provisioned throughput 25 % more; restored data once.
#[test]
fn cosmos_db_throughput_and_storage_bill_in_each_account_region() {
    let tf = r#"
resource "azurerm_cosmosdb_account" "shop" {
  name                = "shop"
  location            = "eastus"
  resource_group_name = "rg"
  offer_type          = "Standard"
  consistency_policy { consistency_level = "Session" }
  geo_location {
    location          = "westus"
    failover_priority = 0
  }
  geo_location {
    location          = "centralus"
    failover_priority = 1
    zone_redundant    = true
  }
  backup { type = "Continuous" }
}
resource "azurerm_cosmosdb_mongo_database" "catalog" {
  name                = "catalog"
  resource_group_name = "rg"
  account_name        = azurerm_cosmosdb_account.shop.name
  throughput          = 800
}
resource "azurerm_cosmosdb_mongo_collection" "items" {
  name                = "items"
  resource_group_name = "rg"
  account_name        = azurerm_cosmosdb_account.shop.name
  database_name       = azurerm_cosmosdb_mongo_database.catalog.name
  autoscale_settings { max_throughput = 4000 }
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  azurerm_cosmosdb_mongo_database.catalog:\n    storage_gb: 40\n  azurerm_cosmosdb_mongo_collection.items:\n    max_request_units_utilization_percentage: 25\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let catalog = &all["azurerm_cosmosdb_mongo_database.catalog"];
    let west = component(catalog, "Provisioned throughput (800 RU/s, westus)");
    assert_eq!(west.quantity, Some(8.0 * 730.0));
    let central = component(catalog, "Provisioned throughput (800 RU/s, centralus)");
    assert_eq!(central.quantity, Some(8.0 * 1.25 * 730.0));
    assert_eq!(
        component(catalog, "Continuous backup (centralus)").monthly,
        Some(40.0 * 0.246)
    );
    let items = component(
        &all["azurerm_cosmosdb_mongo_collection.items"],
        "Provisioned throughput (autoscale to 4000 RU/s, westus)",
    );
    assert_eq!(items.quantity, Some(10.0 * 1.5 * 730.0));
}

/// A Log Analytics commitment tier bills by the day (a capacity between tiers rounds down),
/// and twice when Sentinel runs on the workspace.
#[test]
fn log_analytics_commitment_tiers_bill_by_the_day_and_sentinel_again() {
    let tf = r#"
resource "azurerm_log_analytics_workspace" "logs" {
  name                               = "logs"
  location                           = "westeurope"
  resource_group_name                = "rg"
  sku                                = "CapacityReservation"
  reservation_capacity_in_gb_per_day = 150
}
resource "azurerm_sentinel_log_analytics_workspace_onboarding" "siem" {
  workspace_id = azurerm_log_analytics_workspace.logs.id
}"#;
    let all = estimates(tf);
    let logs = &all["azurerm_log_analytics_workspace.logs"];
    let ingestion = component(logs, "Log data ingestion (100 GB a day");
    assert_eq!(
        (ingestion.quantity, ingestion.unit_price),
        (Some(30.0), 252.84)
    );
    assert!(!lacks(logs, "Sentinel data ingestion"));
}

/// An elastic pool bills its size: a Standard DTU pool the storage beyond a GB per DTU, a
/// vCore pool its vCores, licence and storage.
#[test]
fn elastic_pools_bill_their_dtus_or_vcores() {
    let tf = r#"
resource "azurerm_mssql_elasticpool" "shared" {
  name                = "shared"
  location            = "westeurope"
  resource_group_name = "rg"
  server_name         = "sql"
  max_size_gb         = 250
  sku {
    name     = "StandardPool"
    tier     = "Standard"
    capacity = 200
  }
  per_database_settings {
    min_capacity = 0
    max_capacity = 50
  }
}
resource "azurerm_mssql_elasticpool" "tenants" {
  name                = "tenants"
  location            = "westeurope"
  resource_group_name = "rg"
  server_name         = "sql"
  max_size_gb         = 64
  sku {
    name     = "GP_Gen5"
    tier     = "GeneralPurpose"
    family   = "Gen5"
    capacity = 2
  }
  per_database_settings {
    min_capacity = 0.25
    max_capacity = 2
  }
}"#;
    let all = estimates(tf);
    let shared = &all["azurerm_mssql_elasticpool.shared"];
    assert_eq!(
        component(shared, "Compute (standard, 200 DTUs)").unit_price,
        0.604164
    );
    assert_eq!(component(shared, "Extra data storage").quantity, Some(50.0));
    let tenants = &all["azurerm_mssql_elasticpool.tenants"];
    assert_eq!(component(tenants, "Compute").quantity, Some(2.0 * 730.0));
    assert_eq!(component(tenants, "SQL license").unit_price, 0.099966);
    assert_eq!(component(tenants, "Storage").quantity, Some(64.0));
}
