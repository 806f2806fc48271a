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
