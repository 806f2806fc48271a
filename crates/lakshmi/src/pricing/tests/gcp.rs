//! Prices of Google Cloud resources checked against the public list prices named in each test
//! (us-central1): n1-standard-4 $0.19/h, e2-standard-2 $0.067006/h, pd-standard $0.04 and
//! pd-ssd $0.17 per GB-month, Cloud SQL $0.0413 per vCPU-hour and $0.007 per GB-hour, local
//! SSD $0.08 per GB-month, NVIDIA Tesla K80 $0.45/h, static IP $0.01/h unused.

use super::*;

const HOURS: f64 = 730.0;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.006
}

#[test]
fn cloud_sql_tiers_are_priced_by_vcpu_and_memory_and_pay_for_a_public_address() {
    let tf = r#"
provider "google" { region = "us-central1" }
resource "google_sql_database_instance" "orders" {
  database_version = "POSTGRES_14"
  settings {
    tier              = "db-standard-2"
    availability_type = "REGIONAL"
    disk_size         = 50
  }
}
resource "google_sql_database_instance" "reports" {
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-n1-highmem-4"
    ip_configuration { ipv4_enabled = false }
  }
}
resource "google_sql_database_instance" "tiny" {
  database_version = "MYSQL_8_0"
  settings { tier = "db-lightweight-2" }
}
resource "google_sql_database_instance" "mssql" {
  database_version = "SQLSERVER_2019_STANDARD"
  settings { tier = "db-custom-2-7680" }
}
"#;
    let all = estimates_with(
        tf,
        &usage_of("version: 0.1\nresource_usage:\n  google_sql_database_instance.reports:\n    backup_storage_gb: 200\n"),
        &BTreeMap::new(),
    );
    // regional: twice the vCPUs (2), memory (7.5 GB) and storage (50 GB), plus $0.01/h for the IPv4 address
    let orders = &all["google_sql_database_instance.orders"];
    assert_eq!(
        orders.monthly(),
        Some(round2(
            2.0 * 2.0 * 0.0413 * HOURS + 2.0 * 7.5 * 0.007 * HOURS + 2.0 * 50.0 * 0.17 + 7.3
        ))
    );
    assert_eq!(component(orders, "Public IPv4").monthly, Some(7.3));
    // highmem: 6.5 GB per vCPU; no public address; backups $0.08 per GB
    let reports = &all["google_sql_database_instance.reports"];
    assert!(lacks(reports, "Public IPv4"));
    assert!(component(reports, "Memory (26 GB").quantity == Some(26.0 * HOURS));
    assert_eq!(component(reports, "Backups").monthly, Some(16.0));
    assert_eq!(
        reports.monthly(),
        Some(round2(
            4.0 * 0.0413 * HOURS + 26.0 * 0.007 * HOURS + 1.7 + 16.0
        ))
    );
    // lightweight tiers have 3.75 GB whatever their vCPUs
    assert_eq!(
        component(&all["google_sql_database_instance.tiny"], "Memory").quantity,
        Some(3.75 * HOURS)
    );
    match &all["google_sql_database_instance.mssql"].outcome {
        Outcome::NotPriced(r) => assert!(r.contains("SQL Server licence"), "{r}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn on_demand_n1_machines_get_the_sustained_use_discount_of_the_hours_they_run() {
    let tf = r#"
resource "google_compute_instance" "api" {
  name         = "api"
  zone         = "us-central1-b"
  machine_type = "n1-standard-4"
  boot_disk {
    initialize_params { size = 20 }
  }
  network_interface { network = "default" }
}
resource "google_compute_instance" "batch" {
  name         = "batch"
  zone         = "us-central1-b"
  machine_type = "n1-standard-4"
  boot_disk {}
  network_interface { network = "default" }
}
resource "google_compute_instance" "web" {
  name         = "web"
  zone         = "us-central1-b"
  machine_type = "e2-standard-2"
  boot_disk {}
  network_interface { network = "default" }
}
"#;
    let all = estimates_with(
        tf,
        &usage_of("version: 0.1\nresource_usage:\n  google_compute_instance.batch:\n    monthly_hrs: 300\n"),
        &BTreeMap::new(),
    );
    // a full month: the quarters are billed at 100, 80, 60 and 40 %, so 30 % off
    let api = component(&all["google_compute_instance.api"], "Instance usage");
    assert!(close(api.monthly.unwrap(), 0.19 * HOURS * 0.7), "{api:?}");
    assert!(
        api.name.contains("30 % sustained-use discount"),
        "{}",
        api.name
    );
    // 300 hours: 182.5 at the full price, 117.5 at 80 %
    let batch = component(&all["google_compute_instance.batch"], "Instance usage");
    assert!(
        close(batch.monthly.unwrap(), 0.19 * (182.5 + 117.5 * 0.8)),
        "{batch:?}"
    );
    // E2 machines have no sustained-use discount
    let web = component(&all["google_compute_instance.web"], "Instance usage");
    assert!(close(web.monthly.unwrap(), 0.067006 * HOURS), "{web:?}");
    assert!(!web.name.contains("discount"));
}

#[test]
fn gpus_local_ssds_custom_and_spot_machines_are_priced() {
    let tf = r#"
resource "google_compute_instance" "trainer" {
  name         = "trainer"
  zone         = "us-central1-c"
  machine_type = "n1-standard-16"
  boot_disk {
    initialize_params { type = "pd-ssd" }
  }
  scratch_disk { interface = "NVME" }
  guest_accelerator {
    type  = "nvidia-tesla-k80"
    count = 2
  }
  network_interface { network = "default" }
}
resource "google_compute_instance" "cheap" {
  name         = "cheap"
  zone         = "us-central1-c"
  machine_type = "n1-standard-16"
  scheduling { preemptible = true }
  boot_disk {}
  network_interface { network = "default" }
}
resource "google_compute_instance" "shaped" {
  name         = "shaped"
  zone         = "us-central1-c"
  machine_type = "custom-4-8192"
  boot_disk {}
  network_interface { network = "default" }
}
resource "google_compute_instance" "inference" {
  name         = "inference"
  zone         = "us-central1-c"
  machine_type = "g2-standard-4"
  guest_accelerator {
    type  = "nvidia-l4"
    count = 1
  }
  boot_disk {}
  network_interface { network = "default" }
}
"#;
    let all = estimates(tf);
    let trainer = &all["google_compute_instance.trainer"];
    // two K80s all month, 30 % off like the N1 machine they are attached to
    let gpu = component(trainer, "GPU nvidia-tesla-k80");
    assert!(
        close(gpu.monthly.unwrap(), 2.0 * 0.45 * HOURS * 0.7),
        "{gpu:?}"
    );
    assert_eq!(component(trainer, "Local SSD").monthly, Some(375.0 * 0.08));
    // Spot machines: the catalog's preemptible price, no sustained-use discount
    let cheap = component(&all["google_compute_instance.cheap"], "Instance usage");
    assert!(close(cheap.monthly.unwrap(), 0.23204 * HOURS), "{cheap:?}");
    // custom N1: per vCPU and per GB, with the discount
    let shaped = &all["google_compute_instance.shaped"];
    let vcpu = component(shaped, "Custom instance vCPUs");
    assert!(close(vcpu.monthly.unwrap(), 4.0 * 0.033174 * HOURS * 0.7));
    let memory = component(shaped, "Custom instance memory");
    assert!(close(memory.monthly.unwrap(), 8.0 * 0.004446 * HOURS * 0.7));
    // a G2 machine's price includes its L4
    let inference = &all["google_compute_instance.inference"];
    assert!(lacks(inference, "GPU"));
    assert!(close(
        component(inference, "Instance usage").monthly.unwrap(),
        0.706832 * HOURS
    ));
}

#[test]
fn gke_pools_run_their_node_count_in_every_zone_of_their_location() {
    let tf = r#"
resource "google_container_cluster" "shop" {
  name     = "shop"
  location = "us-central1"
}
resource "google_container_cluster" "lab" {
  name           = "lab"
  location       = "us-central1"
  node_locations = ["us-central1-a", "us-central1-f"]
  node_pool {
    name       = "workers"
    node_count = 2
    node_config { machine_type = "e2-standard-2" }
  }
}
resource "google_container_node_pool" "extra" {
  name       = "extra"
  cluster    = google_container_cluster.lab.id
  node_count = 1
  node_config {
    machine_type = "e2-standard-2"
    disk_size_gb = 50
  }
}
"#;
    let all = estimates_with(
        tf,
        &usage_of(
            "version: 0.1\nresource_usage:\n  google_container_cluster.shop:\n    nodes: 2\n",
        ),
        &BTreeMap::new(),
    );
    // the default pool: 2 nodes (usage) in each of a region's 3 zones, e2-medium, 100 GB disks
    let shop = &all["google_container_cluster.shop"];
    assert_eq!(
        component(shop, "default pool: Instance usage").quantity,
        Some(6.0 * HOURS)
    );
    assert_eq!(
        component(shop, "default pool: Node disks").monthly,
        Some(600.0 * 0.04)
    );
    // declared node pools replace the default pool; two zones from node_locations
    let lab = &all["google_container_cluster.lab"];
    assert!(lacks(lab, "default pool"));
    assert_eq!(
        component(lab, "node_pool[0]: Instance usage").quantity,
        Some(4.0 * HOURS)
    );
    assert_eq!(
        monthly(tf, "google_container_node_pool.extra"),
        round2(2.0 * 0.067006 * HOURS + 2.0 * 50.0 * 0.04)
    );
}

#[test]
fn addresses_disks_images_and_snapshots_follow_what_they_are_attached_to_or_made_from() {
    let tf = r#"
resource "google_compute_address" "spare" {
  name   = "spare"
  region = "us-central1"
}
resource "google_compute_address" "front" {
  name   = "front"
  region = "us-central1"
}
resource "google_compute_instance" "front" {
  name         = "front"
  zone         = "us-central1-a"
  machine_type = "e2-small"
  boot_disk {}
  network_interface {
    network = "default"
    access_config { nat_ip = google_compute_address.front.address }
  }
}
resource "google_compute_disk" "data" {
  name = "data"
  zone = "us-central1-a"
  type = "pd-ssd"
}
resource "google_compute_disk" "fast" {
  name             = "fast"
  zone             = "us-central1-a"
  type             = "pd-extreme"
  size             = 600
  provisioned_iops = 20000
}
resource "google_compute_snapshot" "nightly" {
  name        = "nightly"
  zone        = "us-central1-a"
  source_disk = google_compute_disk.data.name
}
resource "google_compute_image" "golden" {
  name        = "golden"
  source_disk = google_compute_disk.data.self_link
}
"#;
    let all = estimates(tf);
    assert_eq!(all["google_compute_address.spare"].monthly(), Some(7.3));
    assert_eq!(all["google_compute_address.front"].monthly(), Some(3.65));
    // no size: Google's default for pd-ssd, 100 GB
    assert_eq!(all["google_compute_disk.data"].monthly(), Some(17.0));
    assert_eq!(
        all["google_compute_disk.fast"].monthly(),
        Some(round2(600.0 * 0.125 + 20000.0 * 0.065))
    );
    // as large as the disk they are made from
    assert_eq!(all["google_compute_snapshot.nightly"].monthly(), Some(2.6));
    assert_eq!(all["google_compute_image.golden"].monthly(), Some(5.0));
}

#[test]
fn instance_groups_price_their_templates_disks_and_per_instance_configs() {
    let tf = r#"
resource "google_compute_instance_template" "worker" {
  name         = "worker"
  machine_type = "e2-standard-2"
  disk {
    boot         = true
    disk_type    = "pd-balanced"
    disk_size_gb = 40
  }
  disk {
    type      = "SCRATCH"
    disk_type = "local-ssd"
  }
}
resource "google_compute_instance_group_manager" "workers" {
  name               = "workers"
  zone               = "us-central1-a"
  base_instance_name = "worker"
  target_size        = 2
  version { instance_template = google_compute_instance_template.worker.id }
}
resource "google_compute_per_instance_config" "pinned" {
  name                   = "pinned"
  zone                   = "us-central1-a"
  instance_group_manager = google_compute_instance_group_manager.workers.name
}
"#;
    let e = &estimates(tf)["google_compute_instance_group_manager.workers"];
    // 2 + 1 pinned instance
    assert_eq!(component(e, "Instance usage").quantity, Some(3.0 * HOURS));
    assert_eq!(
        component(e, "disk[0]").monthly,
        Some(round2(3.0 * 40.0 * 0.10))
    );
    assert_eq!(component(e, "Local SSD").monthly, Some(3.0 * 375.0 * 0.08));
}

#[test]
fn redis_clusters_secret_versions_and_logs_are_priced() {
    let tf = r#"
resource "google_redis_cluster" "cache" {
  name          = "cache"
  region        = "us-central1"
  shard_count   = 2
  replica_count = 1
  node_type     = "REDIS_STANDARD_SMALL"
  persistence_config { mode = "AOF" }
}
resource "google_secret_manager_secret" "token" {
  secret_id = "token"
  replication {
    user_managed {
      replicas { location = "us-central1" }
      replicas { location = "europe-west1" }
    }
  }
}
resource "google_secret_manager_secret_version" "token" {
  secret      = google_secret_manager_secret.token.id
  secret_data = "x"
}
resource "google_logging_project_sink" "audit" {
  name        = "audit"
  destination = "storage.googleapis.com/audit"
}
"#;
    let all = estimates_with(
        tf,
        &usage_of("version: 0.1\nresource_usage:\n  google_secret_manager_secret_version.token:\n    monthly_access_operations: 50000\n  google_logging_project_sink.audit:\n    monthly_logging_data_gb: 40\n"),
        &BTreeMap::new(),
    );
    // 2 shards × (1 primary + 1 replica) at $0.1425/h; AOF on 2 × 6.5 GB at $0.40
    assert_eq!(
        all["google_redis_cluster.cache"].monthly(),
        Some(round2(4.0 * 0.1425 * HOURS + 13.0 * 0.4))
    );
    // stored in two locations at $0.06; 5 × 10,000 accesses at $0.03
    assert_eq!(
        all["google_secret_manager_secret_version.token"].monthly(),
        Some(round2(0.12 + 0.15))
    );
    assert_eq!(
        all["google_logging_project_sink.audit"].monthly(),
        Some(20.0)
    );
}

#[test]
fn cloud_functions_bill_cpu_and_memory_for_each_call_rounded_up_to_100_ms() {
    let tf = r#"
resource "google_cloudfunctions_function" "resize" {
  name                = "resize"
  runtime             = "python312"
  available_memory_mb = 512
}
"#;
    let all = estimates_with(
        tf,
        &usage_of("version: 0.1\nresource_usage:\n  google_cloudfunctions_function.resize:\n    monthly_function_invocations: 2000000\n    request_duration_ms: 130\n    monthly_outbound_data_gb: 10\n"),
        &BTreeMap::new(),
    );
    let e = &all["google_cloudfunctions_function.resize"];
    // 2M calls × 0.2 s (130 ms rounded up) = 400,000 s at 0.8 GHz and 0.5 GB
    assert_eq!(component(e, "CPU").quantity, Some(320_000.0));
    assert_eq!(component(e, "Memory").quantity, Some(200_000.0));
    assert_eq!(
        e.monthly(),
        Some(round2(
            320_000.0 * 0.00001 + 200_000.0 * 0.0000025 + 2.0 * 0.4 + 10.0 * 0.12
        ))
    );
}

#[test]
fn secrets_are_stored_in_each_replica_location_and_hsm_keys_are_not_priced_as_software() {
    let tf = r#"
resource "google_secret_manager_secret" "db" {
  secret_id = "db"
  replication {
    user_managed {
      replicas { location = "us-east1" }
      replicas { location = "us-west1" }
    }
  }
}
resource "google_kms_crypto_key" "signing" {
  name     = "signing"
  key_ring = "ring"
  version_template {
    algorithm        = "RSA_SIGN_PSS_4096_SHA512"
    protection_level = "HSM"
  }
}
resource "google_kms_crypto_key" "tokens" {
  name     = "tokens"
  key_ring = "ring"
  version_template {
    algorithm        = "EC_SIGN_P256_SHA256"
    protection_level = "HSM"
  }
}
resource "google_kms_crypto_key" "data" {
  name     = "data"
  key_ring = "ring"
}
"#;
    let all = estimates_with(
        tf,
        &usage_of("version: 0.1\nresource_usage:\n  google_secret_manager_secret.db:\n    active_secret_versions: 10\n    monthly_rotation_notifications: 4\n  google_kms_crypto_key.data:\n    monthly_key_operations: 200000\n  google_kms_crypto_key.tokens:\n    key_versions: 2500\n    monthly_key_operations: 30000\n"),
        &BTreeMap::new(),
    );
    // 10 versions × 2 locations at $0.06, 4 rotations at $0.05
    assert_eq!(all["google_secret_manager_secret.db"].monthly(), Some(1.4));
    match &all["google_kms_crypto_key.signing"].outcome {
        Outcome::NotPriced(r) => assert!(r.contains("HSM"), "{r}"),
        other => panic!("{other:?}"),
    }
    // one version at $0.06, 20 × 10,000 operations at $0.03
    assert_eq!(all["google_kms_crypto_key.data"].monthly(), Some(0.66));
    // HSM ECDSA P-256: 2,000 versions at $2.50, 500 at $1.00, 3 × 10,000 operations at $0.15
    assert_eq!(
        all["google_kms_crypto_key.tokens"].monthly(),
        Some(round2(5000.0 + 500.0 + 0.45))
    );
}

#[test]
fn usage_priced_proxies_subscriptions_records_and_metrics_take_the_usage_files_quantities() {
    let tf = r#"
resource "google_compute_region_target_https_proxy" "edge" {
  name             = "edge"
  region           = "us-central1"
  url_map          = "map"
  ssl_certificates = ["cert"]
}
resource "google_pubsub_subscription" "events" {
  name  = "events"
  topic = "topic"
}
resource "google_dns_record_set" "www" {
  name         = "www.example.com."
  managed_zone = "zone"
  type         = "A"
  rrdatas      = ["10.0.0.1"]
}
resource "google_monitoring_metric_descriptor" "latency" {
  type        = "custom.googleapis.com/latency"
  metric_kind = "GAUGE"
  value_type  = "DOUBLE"
}
"#;
    let all = estimates_with(
        tf,
        &usage_of("version: 0.1\nresource_usage:\n  google_compute_region_target_https_proxy.edge:\n    monthly_proxy_instances: 2\n    monthly_data_processed_gb: 50\n  google_pubsub_subscription.events:\n    monthly_message_data_tb: 0.5\n    storage_gb: 10\n  google_dns_record_set.www:\n    monthly_queries: 3000000\n  google_monitoring_metric_descriptor.latency:\n    monthly_monitoring_data_mb: 120000\n    monthly_api_calls: 5000\n"),
        &BTreeMap::new(),
    );
    // 2 proxies × 730 h at $0.025, 50 GB at $0.008
    assert_eq!(
        all["google_compute_region_target_https_proxy.edge"].monthly(),
        Some(round2(2.0 * HOURS * 0.025 + 0.4))
    );
    // 0.5 TB at $40, 10 GB retained at $0.27
    assert_eq!(
        all["google_pubsub_subscription.events"].monthly(),
        Some(22.7)
    );
    assert_eq!(all["google_dns_record_set.www"].monthly(), Some(1.2));
    // 100,000 MB at $0.258, 20,000 MB at $0.151, 5 × 1,000 calls at $0.01
    assert_eq!(
        all["google_monitoring_metric_descriptor.latency"].monthly(),
        Some(round2(25_800.0 + 3_020.0 + 0.05))
    );
}

#[test]
fn vpn_gateways_pay_for_the_data_they_send_by_destination() {
    let tf = r#"
resource "google_compute_ha_vpn_gateway" "office" {
  name    = "office"
  region  = "us-central1"
  network = "default"
}
"#;
    let all = estimates_with(
        tf,
        &usage_of("version: 0.1\nresource_usage:\n  google_compute_ha_vpn_gateway.office:\n    monthly_egress_data_transfer_gb:\n      us_or_canada: 300\n      asia: 20\n"),
        &BTreeMap::new(),
    );
    let e = &all["google_compute_ha_vpn_gateway.office"];
    // 300 GB at $0.02, 20 GB at $0.08; the other destinations are shown by unit price
    assert_eq!(e.monthly(), Some(7.6));
    assert_eq!(component(e, "Data transfer within Europe").quantity, None);
}

#[test]
fn internet_egress_through_a_vpn_is_billed_in_monthly_tiers() {
    let tf = r#"
resource "google_compute_external_vpn_gateway" "peer" {
  name            = "peer"
  redundancy_type = "SINGLE_IP_INTERNALLY_REDUNDANT"
  interface {
    id         = 0
    ip_address = "192.0.2.10"
  }
}
"#;
    let all = estimates_with(
        tf,
        &usage_of("version: 0.1\nresource_usage:\n  google_compute_external_vpn_gateway.peer:\n    monthly_egress_data_transfer_gb:\n      worldwide: 2024\n      australia: 100\n"),
        &BTreeMap::new(),
    );
    // 1,024 GB at $0.12, 1,000 GB at $0.11; 100 GB to Australia at $0.19
    assert_eq!(
        all["google_compute_external_vpn_gateway.peer"].monthly(),
        Some(round2(1024.0 * 0.12 + 1000.0 * 0.11 + 19.0))
    );
}
