//! Tests of the pricing engine against public on-demand prices (us-east-1 unless said):
//! t3.medium $0.0416/h ($30.37 a month), NAT gateway $0.045/h ($32.85), gp3 $0.08 per
//! GB-month, gp2 $0.10, db.t3.medium PostgreSQL $0.072/h, EKS $0.10/h, ALB $0.0225/h.

use std::collections::BTreeMap;

use super::*;
use aetheredge_model::iac::{self, LoadOptions, ParseCache};
use aetheredge_model::repo::{Snapshot, SnapshotLimits};

mod aws;
mod azure;
mod gcp;

fn model(tf: &str) -> Model {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), tf).unwrap();
    let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
    iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default())
}

/// The day the tests price at, unless a test names another.
fn test_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
}

fn estimates_with(
    tf: &str,
    usage: &UsageSet,
    discounts: &BTreeMap<String, f64>,
) -> BTreeMap<String, Estimate> {
    estimates_on(tf, usage, discounts, test_day())
}

fn estimates_on(
    tf: &str,
    usage: &UsageSet,
    discounts: &BTreeMap<String, f64>,
    date: chrono::NaiveDate,
) -> BTreeMap<String, Estimate> {
    let m = model(tf);
    estimate(
        &m,
        Pricing {
            catalog: Catalog::builtin(),
            usage,
            discounts,
            date,
        },
    )
    .into_iter()
    .map(|e| (e.address.clone(), e))
    .collect()
}

fn estimates(tf: &str) -> BTreeMap<String, Estimate> {
    estimates_with(tf, &UsageSet::default(), &BTreeMap::new())
}

fn monthly(tf: &str, address: &str) -> f64 {
    let all = estimates(tf);
    let e = &all[address];
    e.monthly()
        .unwrap_or_else(|| panic!("{address}: {:?}", e.outcome))
}

fn component(e: &Estimate, name_starts: &str) -> Component {
    match &e.outcome {
        Outcome::Priced(c) => c
            .iter()
            .find(|c| c.name.starts_with(name_starts))
            .cloned()
            .unwrap_or_else(|| panic!("no {name_starts} in {c:?}")),
        other => panic!("{other:?}"),
    }
}

/// Whether a priced estimate has no component whose name starts so.
fn lacks(e: &Estimate, name_starts: &str) -> bool {
    match &e.outcome {
        Outcome::Priced(c) => c.iter().all(|c| !c.name.starts_with(name_starts)),
        other => panic!("{other:?}"),
    }
}

fn reason(tf: &str, address: &str) -> String {
    match &estimates(tf)[address].outcome {
        Outcome::NotPriced(r) => r.clone(),
        other => panic!("{address} was priced: {other:?}"),
    }
}

#[test]
fn the_region_comes_from_the_provider_alias() {
    let tf = r#"
provider "aws" { region = "us-east-1" }
provider "aws" {
  alias  = "eu"
  region = "eu-central-1"
}
resource "aws_instance" "us" {
  ami = "x"
  instance_type = "t3.micro"
}
resource "aws_instance" "eu" {
  provider = aws.eu
  ami = "x"
  instance_type = "t3.micro"
}"#;
    let all = estimates(tf);
    assert_eq!(all["aws_instance.us"].region.as_deref(), Some("us-east-1"));
    assert_eq!(
        all["aws_instance.eu"].region.as_deref(),
        Some("eu-central-1")
    );
    assert_eq!(
        component(&all["aws_instance.eu"], "Instance usage").unit_price,
        0.012
    );
    assert_eq!(
        component(&all["aws_instance.us"], "Instance usage").unit_price,
        0.0104
    );
}

#[test]
fn bad_input_is_not_priced_with_the_reason_never_zero() {
    let unknown_type = r#"resource "aws_instance" "a" {
  ami = "x"
  instance_type = "t3.gigantic"
}"#;
    assert!(reason(unknown_type, "aws_instance.a").contains("ec2.t3.gigantic"));
    let unknown_region = r#"
provider "aws" { region = "mars-north-1" }
resource "aws_nat_gateway" "n" { subnet_id = "s" }"#;
    assert!(reason(unknown_region, "aws_nat_gateway.n")
        .contains("region `mars-north-1` is not in the catalog"));
    let symbolic = r#"
resource "aws_launch_template" "lt" { name = "x" }
resource "aws_ebs_volume" "v" {
  availability_zone = "us-east-1a"
  size = aws_launch_template.lt.id
}
variable "size" {}
resource "aws_instance" "i" {
  ami = "x"
  instance_type = var.size
}"#;
    assert!(reason(symbolic, "aws_ebs_volume.v").contains("`size` is known only after apply"));
    assert!(
        reason(symbolic, "aws_instance.i").contains("`instance_type` is known only after apply")
    );
    let unknown_resource = r#"resource "aws_quantum_computer" "q" {}"#;
    assert!(reason(unknown_resource, "aws_quantum_computer.q").contains("not in the catalog"));
    let region_from_var = r#"
variable "region" {}
provider "aws" { region = var.region }
resource "aws_eip" "e" {}"#;
    assert!(reason(region_from_var, "aws_eip.e").contains("known only after apply"));
    let engine = r#"resource "aws_db_instance" "o" {
  engine = "oracle-ee"
  instance_class = "db.m5.large"
  allocated_storage = 10
}"#;
    assert!(reason(engine, "aws_db_instance.o").contains("oracle-ee"));
}

#[test]
fn free_types_are_free_and_other_providers_are_named() {
    let all = estimates(
        r#"
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "random_id" "r" { byte_length = 4 }
resource "kubernetes_namespace" "k" {
  metadata { name = "x" }
}"#,
    );
    assert_eq!(all["aws_vpc.v"].outcome, Outcome::Free);
    assert_eq!(all["random_id.r"].outcome, Outcome::Free);
    assert!(
        matches!(&all["kubernetes_namespace.k"].outcome, Outcome::NotPriced(r) if r.contains("kubernetes"))
    );
}

#[test]
fn a_discount_applies_to_every_price_of_its_provider() {
    let tf = r#"resource "aws_instance" "a" {
  ami = "x"
  instance_type = "m5.large"
  root_block_device {
    volume_type = "gp3"
    volume_size = 10
  }
}"#;
    let discounts = BTreeMap::from([("aws".to_string(), 10.0)]);
    let all = estimates_with(tf, &UsageSet::default(), &discounts);
    // (0.096 × 730 + 10 × 0.08) × 0.9
    assert_eq!(
        all["aws_instance.a"].monthly(),
        Some(round2((70.08 + 0.8) * 0.9))
    );
}

#[test]
fn azure_and_gcp_resources_are_priced_in_their_location() {
    let tf = r#"
resource "azurerm_linux_virtual_machine" "vm" {
  name = "vm"
  location = "East US"
  resource_group_name = "rg"
  size = "Standard_D2s_v3"
  admin_username = "a"
  network_interface_ids = ["n"]
  os_disk {
    caching = "ReadWrite"
    storage_account_type = "Premium_LRS"
    disk_size_gb = 100
  }
}
resource "azurerm_kubernetes_cluster" "aks" {
  name = "aks"
  location = "westeurope"
  resource_group_name = "rg"
  sku_tier = "Standard"
  default_node_pool {
    name = "default"
    vm_size = "Standard_D2s_v3"
    node_count = 2
  }
}
resource "google_compute_instance" "gce" {
  name = "gce"
  zone = "us-central1-a"
  machine_type = "e2-medium"
  boot_disk {
    initialize_params { size = 20 }
  }
  network_interface { network = "default" }
}
resource "google_sql_database_instance" "sql" {
  region = "europe-west1"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-custom-2-7680"
    disk_size = 50
  }
}
resource "google_container_cluster" "gke" {
  name = "gke"
  location = "us-central1"
  remove_default_node_pool = true
  initial_node_count = 1
}
"#;
    let all = estimates(tf);
    let m = |a: &str| {
        all[a]
            .monthly()
            .unwrap_or_else(|| panic!("{a}: {:?}", all[a].outcome))
    };
    // $0.096 × 730 + P10 (128 GB tier) $19.71
    assert_eq!(m("azurerm_linux_virtual_machine.vm"), round2(70.08 + 19.71));
    assert_eq!(
        all["azurerm_kubernetes_cluster.aks"].region.as_deref(),
        Some("westeurope")
    );
    assert_eq!(
        m("azurerm_kubernetes_cluster.aks"),
        round2(73.0 + 2.0 * 0.12 * 730.0 + 2.0 * 21.68)
    );
    // $0.033503 × 730 + 20 GB × $0.04
    assert_eq!(
        m("google_compute_instance.gce"),
        round2(0.033503 * 730.0 + 0.8)
    );
    assert_eq!(
        m("google_sql_database_instance.sql"),
        // vCPUs, memory, storage and the public IPv4 address ($0.01/h)
        round2(2.0 * 0.0454 * 730.0 + 7.5 * 0.0077 * 730.0 + 50.0 * 0.187 + 7.3)
    );
    assert_eq!(m("google_container_cluster.gke"), 73.0);
}

#[test]
fn savings_hints_carry_the_monthly_saving() {
    let tf = r#"
resource "aws_ebs_volume" "old" {
  availability_zone = "us-east-1a"
  type = "gp2"
  size = 100
}
resource "aws_instance" "prev" {
  ami = "x"
  instance_type = "m4.large"
  root_block_device { volume_type = "gp3" }
}
resource "aws_eip" "idle" {}
resource "aws_eip" "used" { instance = "i-123" }
resource "aws_db_instance" "db" {
  engine = "postgres"
  instance_class = "db.r5.large"
  allocated_storage = 10
}"#;
    let m = model(tf);
    let usage = UsageSet::default();
    let discounts = BTreeMap::new();
    let pricing = Pricing {
        catalog: Catalog::builtin(),
        usage: &usage,
        discounts: &discounts,
        date: test_day(),
    };
    let hints = savings::hints(&m, pricing, &|_| Some("us-east-1".to_string()));
    let find = |rule: &str, addr: &str| {
        hints
            .iter()
            .find(|h| h.rule_id == rule && h.address == addr)
            .unwrap_or_else(|| panic!("no {rule} for {addr} in {hints:?}"))
            .saving
    };
    assert_eq!(find("lakshmi/gp2-to-gp3", "aws_ebs_volume.old"), 2.0); // 100 × (0.10 − 0.08)
    assert_eq!(
        find("lakshmi/previous-generation", "aws_instance.prev"),
        round2((0.10 - 0.096) * 730.0)
    );
    assert_eq!(find("lakshmi/idle-eip", "aws_eip.idle"), 3.65);
    assert_eq!(
        find("lakshmi/graviton", "aws_db_instance.db"),
        round2((0.25 - 0.225) * 730.0)
    );
    assert!(!hints.iter().any(|h| h.address == "aws_eip.used"));
}

fn usage_of(yaml: &str) -> UsageSet {
    let mut usage = UsageSet::default();
    usage.push_stronger(usage::parse("infracost-usage.yml", yaml).unwrap());
    usage
}
