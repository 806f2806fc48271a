//! Each test loads a repository's files, compares them with a state, heals, applies the
//! edits, loads and compares again: what was healed must be gone, and the edited files
//! must differ from the originals only in the healed values.

use std::collections::BTreeMap;

use aetheredge_model::iac::{self, LoadOptions, Model, ParseCache, Value};
use aetheredge_model::repo::{Snapshot, SnapshotLimits};
use serde_json::{json, Value as Json};

use super::*;
use crate::drift::compare;
use crate::state::RecordedState;

type Files = BTreeMap<String, String>;

fn files(list: &[(&str, &str)]) -> Files {
    list.iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

fn load(files: &Files) -> Model {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
    iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default())
}

/// One recorded resource: `(module, type, name, [(index_key, attributes)])`.
fn resource(module: &str, kind: &str, name: &str, instances: &[(Json, Json)]) -> Json {
    let mut r = json!({
        "mode": "managed", "type": kind, "name": name,
        "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
        "instances": instances.iter().map(|(key, attributes)| {
            let mut i = json!({"schema_version": 0, "attributes": attributes, "sensitive_attributes": []});
            if !key.is_null() { i["index_key"] = key.clone(); }
            i
        }).collect::<Vec<_>>(),
    });
    if !module.is_empty() {
        r["module"] = json!(module);
    }
    r
}

fn one(kind: &str, name: &str, attributes: Json) -> Json {
    resource("", kind, name, &[(Json::Null, attributes)])
}

fn state(resources: Vec<Json>) -> RecordedState {
    let text = json!({"version": 4, "serial": 3, "lineage": "l-1", "resources": resources});
    RecordedState::parse("test.tfstate", text.to_string().as_bytes()).unwrap()
}

/// `address path` of each difference, `address status` of the others.
fn described(model: &Model, state: &RecordedState) -> Vec<String> {
    compare(model, "", state)
        .drift
        .iter()
        .flat_map(|d| {
            if d.differences.is_empty() {
                vec![format!("{} {}", d.address, d.status.as_str())]
            } else {
                d.differences
                    .iter()
                    .map(|x| format!("{} {}", d.address, path_text(&x.steps)))
                    .collect()
            }
        })
        .collect()
}

struct Run {
    healing: Healing,
    before: Vec<String>,
    after: Vec<String>,
    files: Files,
}

/// Compares, heals, applies the edits, loads and compares again.
fn run(original: &Files, state: &RecordedState) -> Run {
    let model = load(original);
    let before = described(&model, state);
    let drift = compare(&model, "", state).drift;
    let read = |path: &str| original.get(path).cloned();
    let healing = heal(&model, &read, "", &drift);
    let mut files = original.clone();
    files.extend(healing.edits.clone());
    let after = described(&load(&files), state);
    Run {
        healing,
        before,
        after,
        files,
    }
}

fn healed(run: &Run) -> Vec<String> {
    run.healing
        .healed
        .iter()
        .map(|h| format!("{} {} @{}:{} {}", h.address, h.path, h.file, h.line, h.how))
        .collect()
}

fn refused(run: &Run) -> Vec<String> {
    run.healing
        .not_healed
        .iter()
        .map(|n| format!("{} {}: {}", n.address, n.path, n.reason))
        .collect()
}

const WEB: &str = r#"# The web tier.
resource "aws_instance" "web" {
  ami           = "ami-0c1d2e3f" # pinned by the image pipeline
  instance_type = "t3.micro" # sized in review 41

  vpc_security_group_ids = ["sg-0aa", "sg-0bb"]

  tags = {
    Env  = "prod"
    Tier = "web"
    Old  = "remove-me"
  }

  # Root volume.
  root_block_device {
    volume_size = 20 # GiB
    volume_type = "gp3"
  }
}

resource "aws_security_group" "edge" {
  name = "edge"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
"#;

fn web_state(edge_ingress: Json) -> RecordedState {
    state(vec![
        one(
            "aws_instance",
            "web",
            json!({
                "id": "i-0123", "ami": "ami-0c1d2e3f", "instance_type": "t3.large",
                "vpc_security_group_ids": ["sg-0aa", "sg-0cc"],
                "tags": {"Env": "staging", "Tier": "web", "Owner": "platform team"},
                "root_block_device": [{"volume_size": 50, "volume_type": "gp3", "iops": 3000}],
            }),
        ),
        one(
            "aws_security_group",
            "edge",
            json!({"id": "sg-9", "name": "edge", "ingress": edge_ingress}),
        ),
    ])
}

fn ingress(port: u16, cidr: &str) -> Json {
    // In name order, as a state records them.
    json!({"cidr_blocks": [cidr], "description": "", "from_port": port,
           "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp",
           "security_groups": [], "self": false, "to_port": port})
}

#[test]
fn literals_are_rewritten_where_they_are_and_nothing_else_changes() {
    let original = files(&[("main.tf", WEB)]);
    let run = run(&original, &web_state(json!([ingress(443, "10.20.0.0/16")])));
    assert_eq!(
        run.before,
        [
            "aws_instance.web instance_type",
            "aws_instance.web root_block_device[0].volume_size",
            "aws_instance.web tags.Env",
            "aws_instance.web tags.Old",
            "aws_instance.web tags.Owner",
            "aws_instance.web vpc_security_group_ids",
            "aws_security_group.edge ingress[0].cidr_blocks",
        ]
    );
    assert!(run.after.is_empty(), "{:?}", run.after);
    assert!(run.healing.not_healed.is_empty(), "{:?}", refused(&run));
    assert_eq!(run.healing.healed.len(), 7);
    assert!(healed(&run).contains(&"aws_instance.web tags.Owner @main.tf:8 literal".to_string()));
    assert_eq!(
        run.files["main.tf"],
        r#"# The web tier.
resource "aws_instance" "web" {
  ami           = "ami-0c1d2e3f" # pinned by the image pipeline
  instance_type = "t3.large" # sized in review 41

  vpc_security_group_ids = ["sg-0aa", "sg-0cc"]

  tags = {
    Env  = "staging"
    Tier = "web"
    Owner = "platform team"
  }

  # Root volume.
  root_block_device {
    volume_size = 50 # GiB
    volume_type = "gp3"
  }
}

resource "aws_security_group" "edge" {
  name = "edge"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }
}
"#
    );
}

#[test]
fn blocks_the_state_records_more_of_are_written_from_it() {
    let original = files(&[("main.tf", WEB)]);
    let run = run(
        &original,
        &web_state(json!([
            ingress(443, "10.0.0.0/8"),
            ingress(8443, "10.1.0.0/16")
        ])),
    );
    assert!(run
        .before
        .contains(&"aws_security_group.edge ingress".to_string()));
    assert!(run.after.is_empty(), "{:?}", run.after);
    assert!(
        run.files["main.tf"].ends_with(
            r#"resource "aws_security_group" "edge" {
  name = "edge"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = ["10.1.0.0/16"]
  }
}
"#
        ),
        "{}",
        run.files["main.tf"]
    );
}

const APP: &str = r#"variable "app_type" {
  type    = string
  default = "t3.nano" # the smallest that boots
}

variable "common_tags" {
  type = map(string)
}

resource "aws_instance" "app" {
  ami           = "ami-0c1d2e3f"
  instance_type = var.app_type
  tags          = var.common_tags
}
"#;

#[test]
fn a_variable_is_rewritten_in_the_tfvars_file_that_sets_it() {
    let tfvars = "# Production sizes.\napp_type = \"t3.micro\" # raised in March\n\ncommon_tags = {\n  Team = \"core\"\n}\n";
    let original = files(&[("main.tf", APP), ("terraform.tfvars", tfvars)]);
    let recorded = state(vec![one(
        "aws_instance",
        "app",
        json!({"ami": "ami-0c1d2e3f", "instance_type": "m5.large", "tags": {"Team": "edge"}}),
    )]);
    let run = run(&original, &recorded);
    assert_eq!(run.before.len(), 2, "{:?}", run.before);
    assert!(run.after.is_empty(), "{:?}", run.after);
    assert_eq!(
        healed(&run),
        [
            "aws_instance.app instance_type @terraform.tfvars:2 terraform.tfvars sets var.app_type",
            "aws_instance.app tags.Team @terraform.tfvars:5 terraform.tfvars sets var.common_tags",
        ]
    );
    assert_eq!(
        run.files["terraform.tfvars"],
        "# Production sizes.\napp_type = \"m5.large\" # raised in March\n\ncommon_tags = {\n  Team = \"edge\"\n}\n"
    );
    assert_eq!(run.files["main.tf"], APP, "main.tf is not edited");
}

#[test]
fn a_variable_without_tfvars_is_rewritten_in_its_default() {
    let variables =
        "variable \"app_type\" {\n  default = \"t3.nano\" # the smallest that boots\n}\n";
    let main = "resource \"aws_instance\" \"app\" {\n  ami           = \"ami-1\"\n  instance_type = var.app_type\n}\n\noutput \"type\" {\n  value = var.app_type\n}\n";
    let original = files(&[("variables.tf", variables), ("main.tf", main)]);
    let recorded = state(vec![one(
        "aws_instance",
        "app",
        json!({"ami": "ami-1", "instance_type": "t3.small"}),
    )]);
    let run = run(&original, &recorded);
    assert!(run.after.is_empty(), "{:?}", run.after);
    assert_eq!(
        healed(&run),
        ["aws_instance.app instance_type @variables.tf:2 default of var.app_type (variables.tf)"]
    );
    assert_eq!(
        run.files["variables.tf"],
        "variable \"app_type\" {\n  default = \"t3.small\" # the smallest that boots\n}\n"
    );
}

#[test]
fn a_variable_set_nowhere_is_added_to_terraform_tfvars() {
    let main = "variable \"size\" {}\n\nresource \"aws_instance\" \"x\" {\n  ami           = \"ami-1\"\n  instance_type = var.size\n}\n";
    let original = files(&[("main.tf", main)]);
    let model = load(&original);
    let declared = model
        .resources
        .iter()
        .find(|r| r.address == "aws_instance.x")
        .unwrap();
    // Its value is known only at apply, so the comparison cannot report it: the drift is
    // built as a caller with the applied value would.
    let drift = [InstanceDrift {
        address: declared.address.clone(),
        status: DriftStatus::Drifted,
        declared: Some(declared),
        recorded: None,
        differences: vec![Difference {
            steps: vec![Step::Key("instance_type".into())],
            declared: Value::String("t3.micro".into()),
            recorded: json!("c6i.large"),
            sensitive: false,
        }],
    }];
    let read = |path: &str| original.get(path).cloned();
    let healing = heal(&model, &read, "", &drift);
    assert_eq!(
        healing.edits,
        BTreeMap::from([(
            "terraform.tfvars".to_string(),
            "size = \"c6i.large\"\n".to_string()
        )])
    );
    assert_eq!(healing.healed[0].how, "terraform.tfvars now sets var.size");
    let mut healed_files = original.clone();
    healed_files.extend(healing.edits);
    let recorded = state(vec![one(
        "aws_instance",
        "x",
        json!({"ami": "ami-1", "instance_type": "c6i.large"}),
    )]);
    assert!(described(&load(&healed_files), &recorded).is_empty());
}

const SHARED: &str = r#"variable "size" {
  default = "t3.micro"
}

resource "aws_instance" "a" {
  ami           = "ami-1"
  instance_type = var.size
}

resource "aws_instance" "b" {
  ami           = "ami-1"
  instance_type = var.size
}
"#;

fn shared_state(a: &str, b: &str) -> RecordedState {
    state(vec![
        one(
            "aws_instance",
            "a",
            json!({"ami": "ami-1", "instance_type": a}),
        ),
        one(
            "aws_instance",
            "b",
            json!({"ami": "ami-1", "instance_type": b}),
        ),
    ])
}

#[test]
fn a_shared_variable_is_edited_when_every_reader_records_the_same_value() {
    let original = files(&[("main.tf", SHARED)]);
    let run = run(&original, &shared_state("t3.large", "t3.large"));
    assert!(run.after.is_empty(), "{:?}", run.after);
    assert_eq!(run.healing.healed.len(), 2);
    assert!(run.healing.healed[0]
        .how
        .contains("the same edit changes aws_instance.b"));
}

#[test]
fn a_shared_variable_is_not_edited_when_another_reader_would_then_drift() {
    let original = files(&[("main.tf", SHARED)]);
    let run = run(&original, &shared_state("t3.large", "t3.micro"));
    assert!(run.healing.edits.is_empty());
    assert_eq!(
        refused(&run),
        ["aws_instance.a instance_type: var.size also feeds aws_instance.b (main.tf:12), whose recorded value would then differ"]
    );
    assert_eq!(run.after, run.before);
}

#[test]
fn a_variable_read_by_a_local_is_not_edited() {
    let main = format!("{SHARED}\nlocals {{\n  label = \"size-${{var.size}}\"\n}}\n");
    let original = files(&[("main.tf", main.as_str())]);
    let run = run(&original, &shared_state("t3.large", "t3.large"));
    assert!(run.healing.edits.is_empty());
    assert!(refused(&run)[0].contains("var.size is also read at main.tf:16 (locals)"));
}

#[test]
fn a_literal_of_counted_instances_is_edited_only_when_all_record_the_same() {
    let main = "resource \"aws_instance\" \"c\" {\n  count         = 2\n  ami           = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n";
    let original = files(&[("main.tf", main)]);
    let instances = |a: &str, b: &str| {
        state(vec![resource(
            "",
            "aws_instance",
            "c",
            &[
                (json!(0), json!({"ami": "ami-1", "instance_type": a})),
                (json!(1), json!({"ami": "ami-1", "instance_type": b})),
            ],
        )])
    };
    let split = run(&original, &instances("t3.large", "t3.micro"));
    assert!(split.healing.edits.is_empty());
    assert_eq!(
        refused(&split),
        ["aws_instance.c[0] instance_type: the same code at main.tf:4 declares aws_instance.c[1], whose recorded value would then differ"]
    );
    let same = run(&original, &instances("t3.large", "t3.large"));
    assert!(same.after.is_empty(), "{:?}", same.after);
    assert_eq!(same.healing.healed.len(), 2);
}

#[test]
fn values_computed_from_expressions_are_not_edited() {
    let main = r#"locals {
  prefix = "shop"
}

resource "aws_s3_bucket" "logs" {
  bucket = "${local.prefix}-logs"
  tags   = merge({ Team = "core" }, { Env = "prod" })
}

resource "aws_s3_bucket" "assets" {
  bucket = local.prefix
}
"#;
    let original = files(&[("main.tf", main)]);
    let recorded = state(vec![
        one(
            "aws_s3_bucket",
            "logs",
            json!({"bucket": "shop-logs-2", "tags": {"Team": "core", "Env": "dev"}}),
        ),
        one("aws_s3_bucket", "assets", json!({"bucket": "shop-2"})),
    ]);
    let run = run(&original, &recorded);
    assert!(run.healing.edits.is_empty());
    assert_eq!(
        refused(&run),
        [
            "aws_s3_bucket.assets bucket: computed from an expression at main.tf:11",
            "aws_s3_bucket.logs bucket: computed from an expression at main.tf:6",
            "aws_s3_bucket.logs tags.Env: computed from an expression at main.tf:7",
        ]
    );
}

#[test]
fn module_inputs_sensitive_values_and_unapplied_resources_are_not_edited() {
    let main = r#"module "app" {
  source = "./modules/app"
  size   = "t3.micro"
}

variable "db_password" {
  sensitive = true
  default   = "initial-secret"
}

resource "aws_db_instance" "main" {
  instance_class = "db.t3.micro"
  password       = var.db_password
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
"#;
    let module = "variable \"size\" {}\n\nresource \"aws_instance\" \"this\" {\n  ami           = \"ami-1\"\n  instance_type = var.size\n}\n";
    let original = files(&[("main.tf", main), ("modules/app/main.tf", module)]);
    let recorded = state(vec![
        resource(
            "module.app",
            "aws_instance",
            "this",
            &[(
                Json::Null,
                json!({"ami": "ami-1", "instance_type": "t3.xlarge"}),
            )],
        ),
        one(
            "aws_db_instance",
            "main",
            json!({"instance_class": "db.t3.micro", "password": "rotated"}),
        ),
    ]);
    let run = run(&original, &recorded);
    assert!(run.healing.edits.is_empty());
    assert_eq!(
        refused(&run),
        [
            "aws_db_instance.main password: sensitive: set it through a secret variable",
            "aws_sqs_queue.jobs : declared but never applied: the next apply creates it",
            "module.app.aws_instance.this instance_type: a module input: var.size of module.app is set by its module call; edit the call's argument",
        ]
    );
}

fn vpc(cidr: &str) -> Json {
    json!({
        "id": "vpc-0f1", "arn": "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f1",
        "cidr_block": cidr, "enable_dns_hostnames": false, "enable_dns_support": true,
        "instance_tenancy": "default", "ipv6_cidr_block": "", "ipv6_ipam_pool_id": null,
        "owner_id": "111122223333", "tags": {"Name": "legacy"}, "tags_all": {"Name": "legacy"},
    })
}

#[test]
fn a_resource_no_longer_declared_is_generated_from_its_arguments() {
    let main = "resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}\n";
    let original = files(&[("main.tf", main)]);
    let recorded = state(vec![
        one("aws_sqs_queue", "jobs", json!({"name": "jobs"})),
        one("aws_vpc", "legacy", vpc("10.9.0.0/16")),
        resource(
            "",
            "aws_vpc",
            "by_key",
            &[(json!("logs"), vpc("10.10.0.0/16"))],
        ),
    ]);
    let run = run(&original, &recorded);
    assert_eq!(
        run.before,
        [
            "aws_vpc.by_key[\"logs\"] not_in_code",
            "aws_vpc.legacy not_in_code"
        ]
    );
    assert!(run.after.is_empty(), "{:?}", run.after);
    assert_eq!(
        healed(&run),
        [
            "aws_vpc.by_key[\"logs\"]  @healed_aws_vpc.tf:1 block generated",
            "aws_vpc.legacy  @healed_aws_vpc.tf:16 block generated",
        ]
    );
    assert_eq!(
        run.files["healed_aws_vpc.tf"],
        r#"resource "aws_vpc" "by_key" {
  for_each = toset(["logs"])

  cidr_block           = "10.10.0.0/16"
  enable_dns_hostnames = false
  enable_dns_support   = true
  instance_tenancy     = "default"
  tags = {
    Name = "legacy"
  }
  tags_all = {
    Name = "legacy"
  }
}

resource "aws_vpc" "legacy" {
  cidr_block           = "10.9.0.0/16"
  enable_dns_hostnames = false
  enable_dns_support   = true
  instance_tenancy     = "default"
  tags = {
    Name = "legacy"
  }
  tags_all = {
    Name = "legacy"
  }
}
"#
    );
    assert_eq!(run.files["main.tf"], main);
}

/// A resource managed through an aliased provider configuration keeps it: the generated
/// block names `provider = aws.<alias>`, beside its `for_each` when it has one.
#[test]
fn a_generated_block_keeps_its_provider_alias() {
    let original = files(&[("main.tf", "# nothing declared\n")]);
    let mut keyed = resource(
        "",
        "aws_sqs_queue",
        "replicas",
        &[(json!("dr"), json!({"name": "orders-dr"}))],
    );
    keyed["provider"] = json!("provider[\"registry.terraform.io/hashicorp/aws\"].west");
    let mut plain = one("aws_sqs_queue", "audit", json!({"name": "audit"}));
    plain["provider"] = json!("provider[\"registry.terraform.io/hashicorp/aws\"].west");
    let recorded = state(vec![keyed, plain]);
    let run = run(&original, &recorded);
    let text = &run.files["healed_aws_sqs_queue.tf"];
    assert!(
        text.starts_with("resource \"aws_sqs_queue\" \"audit\" {\n  provider = aws.west\n\n  name"),
        "{text}"
    );
    assert!(
        text.contains("resource \"aws_sqs_queue\" \"replicas\" {\n  for_each = toset([\"dr\"])\n  provider = aws.west\n\n  name"),
        "{text}"
    );
}

#[test]
fn resources_that_one_block_cannot_declare_are_not_generated() {
    let original = files(&[("main.tf", "# nothing declared\n")]);
    let recorded = state(vec![
        resource(
            "",
            "aws_vpc",
            "pair",
            &[
                (json!(0), vpc("10.1.0.0/16")),
                (json!(1), vpc("10.2.0.0/16")),
            ],
        ),
        resource(
            "module.net",
            "aws_vpc",
            "main",
            &[(Json::Null, vpc("10.3.0.0/16"))],
        ),
        one("random_id", "suffix", json!({"byte_length": 4})),
    ]);
    let run = run(&original, &recorded);
    assert!(run.healing.edits.is_empty());
    assert_eq!(
        refused(&run),
        [
            "aws_vpc.pair[0] : one of 2 recorded instances of aws_vpc.pair: one block would not declare them faithfully; write its count or for_each by hand",
            "aws_vpc.pair[1] : one of 2 recorded instances of aws_vpc.pair: one block would not declare them faithfully; write its count or for_each by hand",
            "module.net.aws_vpc.main : declared in module.net: generating it needs that module's code; declare it there",
            "random_id.suffix : no provider schema for random_id: its arguments cannot be told from computed attributes",
        ]
    );
}

#[test]
fn a_file_that_does_not_parse_is_not_edited() {
    let main = "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n\nresource \"aws_instance\" \"broken\" {\n  ami = \n}\n";
    let original = files(&[("main.tf", main)]);
    let recorded = state(vec![one(
        "aws_instance",
        "web",
        json!({"ami": "ami-1", "instance_type": "t3.large"}),
    )]);
    let run = run(&original, &recorded);
    assert_eq!(run.before, ["aws_instance.web instance_type"]);
    assert!(run.healing.edits.is_empty());
    let reasons = refused(&run);
    assert!(
        reasons[0].starts_with("aws_instance.web instance_type: main.tf does not parse at line 7"),
        "{reasons:?}"
    );
}

#[test]
fn a_difference_whose_path_the_code_no_longer_has_is_not_edited() {
    let original = files(&[("main.tf", WEB)]);
    let model = load(&original);
    let recorded = web_state(json!([ingress(443, "10.0.0.0/8")]));
    let drift = compare(&model, "", &recorded).drift;
    // The code changed after the comparison: the root volume block and the tags are gone.
    let changed = WEB
        .replace(
            "  tags = {\n    Env  = \"prod\"\n    Tier = \"web\"\n    Old  = \"remove-me\"\n  }\n\n",
            "",
        )
        .replace(
            "  # Root volume.\n  root_block_device {\n    volume_size = 20 # GiB\n    volume_type = \"gp3\"\n  }\n",
            "",
        );
    let read = |path: &str| (path == "main.tf").then(|| changed.clone());
    let healing = heal(&model, &read, "", &drift);
    let reasons: Vec<String> = healing
        .not_healed
        .iter()
        .map(|n| format!("{}: {}", n.path, n.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "root_block_device[0].volume_size: the code at main.tf:2 no longer has root_block_device[0].volume_size",
            "tags.Env: the code at main.tf:2 no longer has tags.Env",
            "tags.Old: the code at main.tf:2 no longer has tags.Old",
            "tags.Owner: the code at main.tf:2 no longer has tags.Owner",
        ]
    );
}

#[test]
fn one_line_objects_quoted_keys_and_removed_last_keys_keep_their_layout() {
    let main = r#"resource "aws_instance" "web" {
  ami             = "ami-1"
  tags            = { Name = "web" } # one line
  volume_tags     = {
    Backup = "daily"
  }
  metadata_options {
    http_tokens = "required"
  }
}
"#;
    let original = files(&[("main.tf", main)]);
    let recorded = state(vec![one(
        "aws_instance",
        "web",
        json!({"ami": "ami-1", "tags": {"Name": "web", "app.kubernetes.io/part-of": "shop ${env}"},
               "volume_tags": {}, "metadata_options": [{"http_tokens": "optional", "http_endpoint": "enabled"}]}),
    )]);
    let run = run(&original, &recorded);
    assert!(run.after.is_empty(), "{:?}", run.after);
    assert_eq!(
        run.files["main.tf"],
        r#"resource "aws_instance" "web" {
  ami             = "ami-1"
  tags            = { Name = "web", "app.kubernetes.io/part-of" = "shop $${env}" } # one line
  volume_tags     = {}
  metadata_options {
    http_tokens = "optional"
  }
}
"#
    );
}

#[test]
fn a_variable_the_state_records_no_value_for_is_not_edited() {
    let main = "variable \"desc\" {\n  default = \"managed\"\n}\n\nresource \"aws_security_group\" \"g\" {\n  name        = \"g\"\n  description = var.desc\n}\n";
    let original = files(&[("main.tf", main)]);
    let recorded = state(vec![one(
        "aws_security_group",
        "g",
        json!({"name": "g", "description": null}),
    )]);
    let run = run(&original, &recorded);
    assert!(run.healing.edits.is_empty());
    assert_eq!(
        refused(&run),
        ["aws_security_group.g description: the state records no value where var.desc sets one; remove the reference by hand"]
    );
}
