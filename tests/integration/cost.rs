//! End-to-end tests of Lakshmi: real git repos built from `fixtures/cost/`, reviewed by the
//! binary. Resource costs must equal public on-demand prices, the diff must be head minus
//! base, budgets must block, bad usage and catalog files must be findings that leave the
//! review going, and `cost` and `pricing import` must work from the command line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{aetheredge, fixture_repo, repo, review_json};

fn build(name: &str, dir: &Path) -> PathBuf {
    fixture_repo(&format!("cost/{name}"), dir)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.005
}

#[test]
fn a_change_is_priced_resource_by_resource_at_public_prices_and_the_diff_is_head_minus_base() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = build("cost-change", tmp.path());
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cost/cost-change/expected.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let (report, out) = review_json(
        &repo,
        &["--base", "main", "--head", "feature", "--fail-on", "high"],
    );
    // The budget and the increase limit are crossed: high findings, so the review fails.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cost = &report["cost"];
    assert_eq!(cost["estimated"], true);
    let rows: BTreeMap<String, &Value> = cost["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["address"].as_str().unwrap().to_string(), r))
        .collect();
    for (address, want) in expected["resources"].as_object().unwrap() {
        let row = rows
            .get(address)
            .unwrap_or_else(|| panic!("no row for {address}: {rows:?}"));
        for (i, side) in ["base_monthly", "head_monthly"].iter().enumerate() {
            match want[i].as_f64() {
                None => assert!(row[*side].is_null(), "{address} {side}: {}", row[*side]),
                Some(w) => assert!(
                    close(row[*side].as_f64().unwrap(), w),
                    "{address} {side}: {} ≠ {w}",
                    row[*side]
                ),
            }
        }
        let diff = row["head_monthly"].as_f64().unwrap_or(0.0)
            - row["base_monthly"].as_f64().unwrap_or(0.0);
        assert!(
            close(row["diff_monthly"].as_f64().unwrap(), diff),
            "{address}"
        );
    }
    assert_eq!(
        rows.len(),
        expected["resources"].as_object().unwrap().len(),
        "{rows:?}"
    );
    let base = cost["base_monthly"].as_f64().unwrap();
    let head = cost["head_monthly"].as_f64().unwrap();
    assert!(
        close(base, expected["base_monthly"].as_f64().unwrap()),
        "{base}"
    );
    assert!(
        close(head, expected["head_monthly"].as_f64().unwrap()),
        "{head}"
    );
    assert!(close(cost["diff_monthly"].as_f64().unwrap(), head - base));
    let sum: f64 = rows
        .values()
        .filter_map(|r| r["head_monthly"].as_f64())
        .sum();
    assert!(close(sum, head), "the total is the sum of the rows");
    // Components carry quantities, units and unit prices.
    let web = rows["aws_instance.web[2]"]["components"][0].clone();
    assert_eq!(
        (web["quantity"].as_f64(), web["unit_price"].as_f64()),
        (Some(730.0), Some(0.0832))
    );
    assert_eq!(cost["free_resources"], 1);
    let introduced: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["deity"] == "lakshmi" && f["status"] == "introduced" && f["severity"] == "high"
        })
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    for rule in expected["findings_introduced"].as_array().unwrap() {
        assert!(
            introduced.contains(&rule.as_str().unwrap()),
            "{rule} in {introduced:?}"
        );
    }
    // The gp2 volume is unchanged, so its savings hint is reported as unchanged, not new.
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule_id"] == "lakshmi/gp2-to-gp3"
            && f["resource"] == "aws_ebs_volume.data"
            && f["status"] == "unchanged"));

    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    // The comment shows the changed rows, both totals and the usage-priced components of
    // what the change touches.
    let md = aetheredge(&[
        "review",
        "--repo",
        repo.to_str().unwrap(),
        "--base",
        "main",
        "--head",
        "feature",
    ]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("<b>Lakshmi · cost</b>: $100.19 → $279.63 a month (+$179.44, +179.1%)"),
        "{md}"
    );
    assert!(
        md.contains("| `aws_instance.web[2]` | – | $61.54 | +$61.54 | new |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| `aws_instance.web`, 2 instances: `[0]`, `[1]` (each) | $31.17 | $61.54 | +$30.37 | +97.4% |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| **Total** | **$100.19** | **$279.63** | **+$179.44** | **+179.1%** |"),
        "{md}"
    );
    assert!(
        !md.contains("| `aws_nat_gateway.egress` |"),
        "unchanged rows are left out"
    );
    // Usage-priced components: of the resources the change creates or edits, in their row;
    // the NAT gateway the change leaves alone is not listed with its own.
    assert!(
        md.contains("| `aws_db_instance.orders` | – | $54.86 | +$54.86 | new | Additional backup storage $0.095 per GB-month; CPU credits $0.075 per vCPU-hour |"),
        "{md}"
    );
    assert!(!md.contains("Data processed $0.045 per GB"), "{md}");
}

#[test]
fn the_cost_command_breaks_a_revision_down_by_component() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = build("cost-change", tmp.path());
    let out = aetheredge(&["cost", "--repo", repo.to_str().unwrap(), "--rev", "feature"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("├─ Instance usage (Linux, on-demand, t3.large)"),
        "{table}"
    );
    assert!(table.contains("$0.0832"), "{table}");
    assert!(table.contains("OVERALL TOTAL (monthly)"), "{table}");
    assert!(table.contains("$279.63"), "{table}");
    let out = aetheredge(&[
        "cost",
        "--repo",
        repo.to_str().unwrap(),
        "--rev",
        "main",
        "--format",
        "json",
    ]);
    let cost: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(close(cost["head_monthly"].as_f64().unwrap(), 100.19));
}

#[test]
fn a_malformed_usage_file_is_a_finding_naming_file_and_line_and_the_review_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let tf = "resource \"aws_nat_gateway\" \"n\" {\n  subnet_id = \"s\"\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", tf),
                ("infracost-usage.yml", "version: 0.1\nresource_usage:\n  aws_nat_gateway.n:\n    monthly_data_processed_gb: [oops\n"),
            ],
        )],
    );
    let (report, out) = review_json(&repo, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "lakshmi/usage-file-error")
        .expect("a usage-file finding");
    assert_eq!(f["file"], "infracost-usage.yml");
    assert!(f["line"].as_u64().unwrap() >= 4, "{f}");
    assert!(close(
        report["cost"]["head_monthly"].as_f64().unwrap(),
        32.85
    ));
}

#[test]
fn an_imported_offer_file_overrides_the_builtin_price_and_a_broken_catalog_is_a_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let offer = tmp.path().join("index.json");
    std::fs::write(
        &offer,
        r#"{"offerCode": "AmazonEC2", "publicationDate": "2025-02-01T00:00:00Z",
 "products": {"S": {"sku": "S", "productFamily": "Compute Instance", "attributes": {"instanceType": "t3.medium", "regionCode": "us-east-1", "operatingSystem": "Linux", "tenancy": "Shared", "preInstalledSw": "NA", "capacitystatus": "Used"}}},
 "terms": {"OnDemand": {"S": {"S.JRTCKXETXF": {"priceDimensions": {"S.JRTCKXETXF.6YS6EN2CT7": {"unit": "Hrs", "beginRange": "0", "pricePerUnit": {"USD": "0.0500000000"}}}}}}}}"#,
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = aetheredge(&[
        "pricing",
        "import",
        "aws",
        offer.to_str().unwrap(),
        "--repo",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let catalog = std::fs::read_to_string(out_dir.join(".aetheredge/pricing/aws.catalog")).unwrap();
    assert!(catalog.contains("ec2.t3.medium  0.05  hour"), "{catalog}");

    let tf =
        "resource \"aws_instance\" \"a\" {\n  ami = \"x\"\n  instance_type = \"t3.medium\"\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", tf),
                (".aetheredge/pricing/aws.catalog", &catalog),
            ],
        )],
    );
    let (report, _) = review_json(&repo, &[]);
    // 0.05 × 730 + 8 GB gp2 root volume at the built-in $0.10
    assert!(
        close(report["cost"]["head_monthly"].as_f64().unwrap(), 36.5 + 0.8),
        "{}",
        report["cost"]
    );

    let broken = aetheredge(&[
        "pricing",
        "import",
        "aws",
        tmp.path().join("index.json").to_str().unwrap(),
        "--out",
        tmp.path().join("x.catalog").to_str().unwrap(),
    ]);
    assert_eq!(broken.status.code(), Some(0));
    std::fs::write(tmp.path().join("bad.json"), "{\n  \"products\": nope\n}").unwrap();
    let bad = aetheredge(&[
        "pricing",
        "import",
        "aws",
        tmp.path().join("bad.json").to_str().unwrap(),
        "--out",
        tmp.path().join("y.catalog").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("bad.json:2"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );

    let tmp2 = tempfile::tempdir().unwrap();
    let repo = self::repo(
        tmp2.path(),
        &[(
            "main",
            &[
                ("main.tf", tf),
                (
                    ".aetheredge/pricing/aws.catalog",
                    "[aws us-east-1]\nec2.t3.medium cheap hour\n",
                ),
            ],
        )],
    );
    let (report, out) = review_json(&repo, &["--fail-on", "none"]);
    assert_eq!(out.status.code(), Some(0));
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "lakshmi/catalog-error")
        .expect("catalog finding");
    assert_eq!(
        (f["file"].as_str(), f["line"].as_u64()),
        (Some(".aetheredge/pricing/aws.catalog"), Some(2))
    );
    assert!(
        close(report["cost"]["head_monthly"].as_f64().unwrap(), 31.17),
        "built-in prices apply"
    );
}

#[test]
fn an_increase_over_the_absolute_limit_blocks_and_a_discount_lowers_every_price() {
    let tmp = tempfile::tempdir().unwrap();
    let config =
        "cost:\n  max_increase_monthly: 20\n  severity: medium\n  discounts:\n    aws: 10\n";
    let base_tf = "resource \"aws_eks_cluster\" \"k\" {\n  name = \"k\"\n  role_arn = \"r\"\n  vpc_config {\n    subnet_ids = [\"a\"]\n  }\n}\n";
    let head_tf =
        format!("{base_tf}resource \"aws_nat_gateway\" \"n\" {{\n  subnet_id = \"s\"\n}}\n");
    let repo = repo(
        tmp.path(),
        &[
            ("main", &[("main.tf", base_tf), ("aetheredge.yaml", config)]),
            ("feature", &[("main.tf", &head_tf)]),
        ],
    );
    let (report, out) = review_json(
        &repo,
        &["--base", "main", "--head", "feature", "--fail-on", "medium"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(close(
        report["cost"]["base_monthly"].as_f64().unwrap(),
        73.0 * 0.9
    ));
    assert!(close(
        report["cost"]["diff_monthly"].as_f64().unwrap(),
        32.85 * 0.9
    ));
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule_id"] == "lakshmi/increase-over-limit" && f["severity"] == "medium"));
}

/// The monthly cost of each resource of a `cost --format json` breakdown, by address.
fn monthly_by_address(cost: &Value) -> BTreeMap<String, Option<f64>> {
    let rows = cost["resources"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .map(|r| {
            (
                r["address"].as_str().unwrap_or_default().to_string(),
                r["head_monthly"].as_f64(),
            )
        })
        .collect()
}

#[test]
fn monthly_costs_match_another_estimators_published_expectations_resource_by_resource() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = build("infracost-golden", tmp.path());
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/cost/infracost-golden/expected.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let out = aetheredge(&[
        "cost",
        "--repo",
        repo.to_str().unwrap(),
        "--rev",
        "main",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cost: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ours = monthly_by_address(&cost);
    let tolerance = expected["tolerance_percent"].as_f64().unwrap() / 100.0;
    let within = |a: f64, b: f64| (a - b).abs() <= (b.abs() * tolerance).max(0.01) + 1e-9;
    let mut wrong = Vec::new();
    let mut types = std::collections::BTreeSet::new();
    for (section, field) in [("resources", "golden"), ("explained", "expected")] {
        for (address, row) in expected[section].as_object().unwrap() {
            types.insert(address.split('.').next().unwrap().to_string());
            let want = row[field].as_f64().unwrap();
            match ours.get(address) {
                Some(Some(got)) if within(*got, want) => {}
                other => wrong.push(format!("{address}: ours {other:?}, expected {want}")),
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(types.len() >= 20, "{types:?}");
    // An explained difference must really be the stated one: the golden differs from ours.
    for (address, row) in expected["explained"].as_object().unwrap() {
        let golden = row["golden"].as_f64().unwrap();
        assert!(!within(ours[address].unwrap(), golden), "{address}");
    }
}

#[test]
fn resources_outside_us_east_1_are_priced_at_their_regions_prices() {
    let tmp = tempfile::tempdir().unwrap();
    let tf = r#"
provider "aws" {
  region = "eu-central-1"
}

provider "aws" {
  alias  = "sg"
  region = "ap-southeast-1"
}

resource "aws_instance" "big" {
  ami           = "ami-1"
  instance_type = "m5.4xlarge"
}

resource "aws_db_instance" "orders" {
  engine            = "mysql"
  instance_class    = "db.m5.large"
  allocated_storage = 20
}

resource "aws_instance" "small" {
  provider      = aws.sg
  ami           = "ami-1"
  instance_type = "t3a.medium"
}
"#;
    let repo = repo(tmp.path(), &[("main", &[("main.tf", tf)])]);
    let out = aetheredge(&["cost", "--repo", repo.to_str().unwrap(), "--format", "json"]);
    let cost: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ours = monthly_by_address(&cost);
    // Frankfurt: m5.4xlarge is 8 × m5.large's listed $0.115/h = $0.92/h, and gp2 $0.119/GB-month;
    // db.m5.large MySQL $0.205/h, RDS gp2 $0.133/GB-month.
    // Singapore: t3a.medium $0.0472/h, gp2 $0.12/GB-month.
    for (address, want) in [
        ("aws_instance.big", 0.92 * 730.0 + 8.0 * 0.119),
        ("aws_db_instance.orders", 0.205 * 730.0 + 20.0 * 0.133),
        ("aws_instance.small", 0.0472 * 730.0 + 8.0 * 0.12),
    ] {
        let got = ours.get(address).copied().flatten();
        assert!(
            got.is_some_and(|g| close(g, (want * 100.0_f64).round() / 100.0)),
            "{address}: {got:?}, expected {want:.2}"
        );
    }
}
