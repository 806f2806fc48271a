//! Writes a large, realistic Terraform repository for benchmarking `aetheredge review`.
//!
//! ```text
//! cargo run --release --example gen_bench_repo -- OUT_DIR [--resources 5000] [--files 500] [--modules 20]
//! ```
//!
//! The repository is a root module calling `--modules` local modules (`modules/<service>`),
//! with `--files` `.tf` files in all and exactly `--resources` resource instances once count
//! and for_each are expanded. Every module has a KMS key and a security group in `main.tf`
//! that its other resources refer to, `variables.tf` and `outputs.tf`; its remaining files
//! hold a mix of AWS resources (instances, volumes, buckets, queues, topics, log groups,
//! roles, tables, parameters, security group rules), single or with count or for_each, tagged
//! with `merge`. Every module but the first uses the first one's KMS key through a module
//! output. Each resource file starts with a `locals` block whose `fNNN_tier = "standard"` the
//! benchmark's pull request edits (see `bench/review.sh`).
//!
//! Output is deterministic: the same arguments give the same files, byte for byte.
//! Only the standard library is used.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ROOT_TF_FILES: usize = 5; // providers, variables, locals, main, outputs
const FIXED_FILES_PER_MODULE: usize = 3; // main (KMS key + security group), variables, outputs
const FIXED_RESOURCES_PER_MODULE: usize = 2;

const SERVICES: [&str; 20] = [
    "platform",
    "identity",
    "catalog",
    "search",
    "checkout",
    "payments",
    "orders",
    "inventory",
    "shipping",
    "notifications",
    "analytics",
    "reporting",
    "media",
    "accounts",
    "reviews",
    "recommendations",
    "pricing",
    "support",
    "marketing",
    "audit",
];

const FILE_TOPICS: [&str; 8] = [
    "compute", "storage", "queues", "events", "logging", "access", "data", "config",
];

const KEYS: [&str; 12] = [
    "orders", "billing", "events", "audit", "emails", "exports", "imports", "reports", "images",
    "sessions", "invoices", "metrics",
];

struct Config {
    out: PathBuf,
    resources: usize,
    files: usize,
    modules: usize,
}

fn usage() -> String {
    "usage: gen_bench_repo OUT_DIR [--resources N (5000)] [--files N (500)] [--modules N (20)]"
        .to_string()
}

fn parse_args() -> Result<Config, String> {
    let mut out = None;
    let (mut resources, mut files, mut modules) = (5000, 500, 20);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            let value = args
                .next()
                .ok_or_else(|| format!("{name} needs a value\n{}", usage()))?;
            value
                .parse()
                .map_err(|_| format!("{name}: not a number: {value}"))
        };
        match arg.as_str() {
            "--resources" => resources = number("--resources")?,
            "--files" => files = number("--files")?,
            "--modules" => modules = number("--modules")?,
            "-h" | "--help" => return Err(usage()),
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}\n{}", usage())),
            _ if out.is_none() => out = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg}\n{}", usage())),
        }
    }
    let out = out.ok_or_else(usage)?;
    if modules == 0 {
        return Err("--modules must be at least 1".into());
    }
    let min_files = ROOT_TF_FILES + FIXED_FILES_PER_MODULE * modules;
    if files < min_files {
        return Err(format!(
            "--files must be at least {min_files} for {modules} modules"
        ));
    }
    let min_resources = FIXED_RESOURCES_PER_MODULE * modules;
    if resources < min_resources {
        return Err(format!(
            "--resources must be at least {min_resources} for {modules} modules"
        ));
    }
    Ok(Config {
        out,
        resources,
        files,
        modules,
    })
}

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.between(0, items.len() - 1)]
    }
}

fn module_name(i: usize) -> String {
    if i < SERVICES.len() {
        SERVICES[i].to_string()
    } else {
        format!("{}{}", SERVICES[i % SERVICES.len()], i / SERVICES.len() + 1)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Instance,
    Volume,
    Bucket,
    Queue,
    Topic,
    LogGroup,
    Role,
    Table,
    Parameter,
    IngressRule,
}

const KINDS: [Kind; 10] = [
    Kind::Instance,
    Kind::Volume,
    Kind::Bucket,
    Kind::Queue,
    Kind::Topic,
    Kind::LogGroup,
    Kind::Role,
    Kind::Table,
    Kind::Parameter,
    Kind::IngressRule,
];

impl Kind {
    fn resource_type(self) -> &'static str {
        match self {
            Kind::Instance => "aws_instance",
            Kind::Volume => "aws_ebs_volume",
            Kind::Bucket => "aws_s3_bucket",
            Kind::Queue => "aws_sqs_queue",
            Kind::Topic => "aws_sns_topic",
            Kind::LogGroup => "aws_cloudwatch_log_group",
            Kind::Role => "aws_iam_role",
            Kind::Table => "aws_dynamodb_table",
            Kind::Parameter => "aws_ssm_parameter",
            Kind::IngressRule => "aws_security_group_rule",
        }
    }

    fn short(self) -> &'static str {
        match self {
            Kind::Instance => "worker",
            Kind::Volume => "data",
            Kind::Bucket => "store",
            Kind::Queue => "jobs",
            Kind::Topic => "alerts",
            Kind::LogGroup => "logs",
            Kind::Role => "task",
            Kind::Table => "state",
            Kind::Parameter => "setting",
            Kind::IngressRule => "allow",
        }
    }

    /// Whether the kind has a main number to vary per for_each key.
    fn has_value(self) -> bool {
        matches!(
            self,
            Kind::Volume | Kind::Queue | Kind::Parameter | Kind::LogGroup | Kind::IngressRule
        )
    }

    /// A value of the kind's main number (volume size, timeout, retention); rules get ports
    /// from `render_block`.
    fn value(self, rng: &mut Rng) -> usize {
        match self {
            Kind::Volume => *rng.pick(&[20, 50, 100, 200, 500]),
            Kind::Queue | Kind::Parameter => *rng.pick(&[30, 60, 120, 300, 900]),
            Kind::LogGroup => *rng.pick(&[7, 14, 30, 90, 365]),
            _ => 0,
        }
    }
}

/// How many instances a block declares, and how.
enum Shape {
    Single,
    /// `count = N`, written as a literal or through a local.
    Count {
        n: usize,
        via_local: bool,
    },
    /// `for_each` over a local map of key => value, or over `toset([...])` of keys.
    ForEach {
        keys: Vec<&'static str>,
        map: bool,
    },
}

impl Shape {
    fn instances(&self) -> usize {
        match self {
            Shape::Single => 1,
            Shape::Count { n, .. } => *n,
            Shape::ForEach { keys, .. } => keys.len(),
        }
    }

    /// Suffix of names that differ per instance.
    fn suffix(&self) -> &'static str {
        match self {
            Shape::Single => "",
            Shape::Count { .. } => "-${count.index}",
            Shape::ForEach { .. } => "-${each.key}",
        }
    }
}

fn choose_shape(rng: &mut Rng, kind: Kind, budget: usize) -> Shape {
    if budget <= 1 {
        return Shape::Single;
    }
    match rng.between(0, 9) {
        0..=3 => Shape::Single,
        4..=6 => Shape::Count {
            n: rng.between(2, 8).min(budget),
            via_local: rng.between(0, 1) == 0,
        },
        _ => {
            let n = rng.between(2, 6).min(budget);
            let start = rng.between(0, KEYS.len() - 1);
            let keys = (0..n).map(|i| KEYS[(start + i) % KEYS.len()]).collect();
            // Rules need a distinct port per key; kinds without a number iterate over a set.
            let map = match kind {
                Kind::IngressRule => true,
                _ => kind.has_value() && rng.between(0, 1) == 0,
            };
            Shape::ForEach { keys, map }
        }
    }
}

/// The `locals` block of a resource file: one aligned group of single-line values, then maps.
struct Locals {
    scalars: Vec<(String, String)>,
    maps: String,
}

impl Locals {
    fn render(&self) -> String {
        let width = self.scalars.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let mut s = String::from("locals {\n");
        for (key, value) in &self.scalars {
            let _ = writeln!(s, "  {key:<width$} = {value}");
        }
        s.push_str(&self.maps);
        s.push_str("}\n");
        s
    }
}

/// One resource block, adding the locals it needs.
fn render_block(
    kind: Kind,
    name: &str,
    shape: &Shape,
    file_id: &str,
    serial: usize,
    rng: &mut Rng,
    locals: &mut Locals,
) -> String {
    // Rules of one security group must not repeat: each block owns 8 ports of its own.
    let first_port = 1024 + (serial * 8) % 64_000;
    let mut b = String::new();
    let sfx = shape.suffix();
    // The kind's main number: per key for a for_each over a map, else one value.
    let value = match shape {
        Shape::ForEach { keys, map: true } => {
            let width = keys.iter().map(|k| k.len()).max().unwrap_or(0);
            let _ = writeln!(locals.maps, "\n  {name} = {{");
            for (i, key) in keys.iter().enumerate() {
                let value = match kind {
                    Kind::IngressRule => first_port + i,
                    _ => kind.value(rng),
                };
                let _ = writeln!(locals.maps, "    {key:<width$} = {value}");
            }
            let _ = writeln!(locals.maps, "  }}");
            "each.value".to_string()
        }
        _ if matches!(kind, Kind::IngressRule) => first_port.to_string(),
        _ => kind.value(rng).to_string(),
    };
    let _ = writeln!(b, "resource \"{}\" \"{name}\" {{", kind.resource_type());
    match shape {
        Shape::Single => {}
        Shape::Count {
            n,
            via_local: false,
        } => {
            let _ = writeln!(b, "  count = {n}\n");
        }
        Shape::Count { n, via_local: true } => {
            locals
                .scalars
                .push((format!("{name}_count"), n.to_string()));
            let _ = writeln!(b, "  count = local.{name}_count\n");
        }
        Shape::ForEach { map: true, .. } => {
            let _ = writeln!(b, "  for_each = local.{name}\n");
        }
        Shape::ForEach { keys, map: false } => {
            let list: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
            let _ = writeln!(b, "  for_each = toset([{}])\n", list.join(", "));
        }
    }
    let dashed = name.replace('_', "-");
    let tags = format!(
        "  tags = merge(var.tags, {{\n    Name      = \"${{var.name_prefix}}-{dashed}{sfx}\"\n    Component = local.{file_id}_component\n    Tier      = local.{file_id}_tier\n  }})\n"
    );
    match kind {
        Kind::Instance => {
            let subnet = match shape {
                Shape::Count { .. } => "element(var.subnet_ids, count.index)",
                _ => "var.subnet_ids[0]",
            };
            let _ = write!(
                b,
                "  ami                    = var.ami\n  instance_type          = var.instance_type\n  subnet_id              = {subnet}\n  vpc_security_group_ids = [aws_security_group.main.id]\n\n  root_block_device {{\n    volume_size = 20\n    volume_type = \"gp3\"\n    encrypted   = true\n    kms_key_id  = aws_kms_key.main.arn\n  }}\n\n{tags}"
            );
        }
        Kind::Volume => {
            let az = match shape {
                Shape::Count { .. } => "element(var.azs, count.index)",
                _ => "var.azs[0]",
            };
            let _ = write!(
                b,
                "  availability_zone = {az}\n  size              = {value}\n  type              = \"gp3\"\n  encrypted         = true\n  kms_key_id        = aws_kms_key.main.arn\n\n{tags}"
            );
        }
        Kind::Bucket => {
            let _ = write!(
                b,
                "  bucket = \"${{var.name_prefix}}-{dashed}{sfx}\"\n\n{tags}"
            );
        }
        Kind::Queue => {
            let _ = write!(
                b,
                "  name                       = \"${{var.name_prefix}}-{dashed}{sfx}\"\n  visibility_timeout_seconds = {value}\n  message_retention_seconds  = 345600\n  kms_master_key_id          = aws_kms_key.main.id\n\n{tags}"
            );
        }
        Kind::Topic => {
            let _ = write!(
                b,
                "  name              = \"${{var.name_prefix}}-{dashed}{sfx}\"\n  kms_master_key_id = aws_kms_key.main.id\n\n{tags}"
            );
        }
        Kind::LogGroup => {
            let _ = write!(
                b,
                "  name              = \"/${{var.name_prefix}}/{dashed}{sfx}\"\n  retention_in_days = {value}\n  kms_key_id        = var.shared_kms_key_arn != null ? var.shared_kms_key_arn : aws_kms_key.main.arn\n\n{tags}"
            );
        }
        Kind::Role => {
            let _ = write!(
                b,
                "  name = \"${{var.name_prefix}}-{dashed}{sfx}\"\n\n  assume_role_policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [{{\n      Effect    = \"Allow\"\n      Principal = {{ Service = \"ecs-tasks.amazonaws.com\" }}\n      Action    = \"sts:AssumeRole\"\n    }}]\n  }})\n\n{tags}"
            );
        }
        Kind::Table => {
            let _ = write!(
                b,
                "  name         = \"${{var.name_prefix}}-{dashed}{sfx}\"\n  billing_mode = \"PAY_PER_REQUEST\"\n  hash_key     = \"id\"\n\n  attribute {{\n    name = \"id\"\n    type = \"S\"\n  }}\n\n  point_in_time_recovery {{\n    enabled = var.environment == \"prod\"\n  }}\n\n  server_side_encryption {{\n    enabled     = true\n    kms_key_arn = aws_kms_key.main.arn\n  }}\n\n{tags}"
            );
        }
        Kind::Parameter => {
            let _ = write!(
                b,
                "  name = \"/${{var.name_prefix}}/{dashed}{sfx}\"\n  type = \"String\"\n  value = jsonencode({{\n    environment     = var.environment\n    timeout_seconds = {value}\n  }})\n\n{tags}"
            );
        }
        Kind::IngressRule => {
            // One port per instance: count adds the index, for_each maps keys to ports.
            let value = match shape {
                Shape::Count { .. } => format!("{value} + count.index"),
                _ => value,
            };
            let _ = write!(
                b,
                "  type              = \"ingress\"\n  description       = \"From inside the VPC\"\n  from_port         = {value}\n  to_port           = {value}\n  protocol          = \"tcp\"\n  cidr_blocks       = [var.vpc_cidr]\n  security_group_id = aws_security_group.main.id\n"
            );
        }
    }
    b.push_str("}\n");
    b
}

/// A module resource file: its locals, then blocks until `budget` instances are declared.
fn resource_file(file_index: usize, topic: &str, budget: usize, rng: &mut Rng) -> String {
    let file_id = format!("f{file_index:03}");
    let mut locals = Locals {
        scalars: vec![
            (format!("{file_id}_component"), format!("\"{topic}\"")),
            (format!("{file_id}_tier"), "\"standard\"".to_string()),
        ],
        maps: String::new(),
    };
    let mut blocks = Vec::new();
    let mut left = budget;
    let mut block_index = 0;
    while left > 0 {
        let kind = *rng.pick(&KINDS);
        let shape = choose_shape(rng, kind, left);
        left -= shape.instances();
        block_index += 1;
        let name = format!("{}_{file_index:03}_{block_index}", kind.short());
        let serial = file_index * 32 + block_index;
        blocks.push(render_block(
            kind,
            &name,
            &shape,
            &file_id,
            serial,
            rng,
            &mut locals,
        ));
    }
    let mut out = locals.render();
    for block in blocks {
        out.push('\n');
        out.push_str(&block);
    }
    out
}

fn module_main(name: &str) -> String {
    format!(
        r#"resource "aws_kms_key" "main" {{
  description             = "${{var.name_prefix}}: {name} data"
  deletion_window_in_days = 30
  enable_key_rotation     = true

  tags = merge(var.tags, {{ Name = "${{var.name_prefix}}-{name}" }})
}}

resource "aws_security_group" "main" {{
  name        = "${{var.name_prefix}}-{name}"
  description = "{name} services"
  vpc_id      = var.vpc_id

  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}

  tags = merge(var.tags, {{ Name = "${{var.name_prefix}}-{name}" }})
}}
"#
    )
}

const MODULE_VARIABLES: &str = r#"variable "name_prefix" {
  description = "Prefix of every name in this service."
  type        = string
}

variable "environment" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "vpc_cidr" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "azs" {
  type = list(string)
}

variable "ami" {
  type = string
}

variable "instance_type" {
  type    = string
  default = "t3.small"
}

variable "shared_kms_key_arn" {
  description = "KMS key for logs shared by all services; null means this service's own key."
  type        = string
  default     = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
"#;

const MODULE_OUTPUTS: &str = r#"output "kms_key_arn" {
  value = aws_kms_key.main.arn
}

output "security_group_id" {
  value = aws_security_group.main.id
}
"#;

const ROOT_PROVIDERS: &str = r#"terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}
"#;

const ROOT_VARIABLES: &str = r#"variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "project" {
  type = string
}

variable "environment" {
  type = string
}

variable "vpc_id" {
  description = "The shared VPC, managed elsewhere."
  type        = string
}

variable "vpc_cidr" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "azs" {
  type = list(string)
}

variable "ami" {
  type = string
}

variable "default_instance_type" {
  type    = string
  default = "t3.small"
}

variable "instance_types" {
  description = "Instance type by service, where it differs from the default."
  type        = map(string)
  default     = {}
}

variable "extra_tags" {
  type    = map(string)
  default = {}
}
"#;

const ROOT_LOCALS: &str = r#"locals {
  name_prefix = "${var.project}-${var.environment}"

  tags = merge(
    {
      Project     = var.project
      Environment = var.environment
      ManagedBy   = "terraform"
    },
    var.extra_tags,
  )
}
"#;

fn root_main(names: &[String]) -> String {
    let mut s = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let _ = write!(
            s,
            r#"module "{name}" {{
  source = "./modules/{name}"

  name_prefix   = "${{local.name_prefix}}-{name}"
  environment   = var.environment
  vpc_id        = var.vpc_id
  vpc_cidr      = var.vpc_cidr
  subnet_ids    = var.subnet_ids
  azs           = var.azs
  ami           = var.ami
  instance_type = lookup(var.instance_types, "{name}", var.default_instance_type)
"#
        );
        if i > 0 {
            let _ = writeln!(
                s,
                "\n  shared_kms_key_arn = module.{}.kms_key_arn",
                names[0]
            );
        }
        let _ = write!(
            s,
            "\n  tags = merge(local.tags, {{ Service = \"{name}\" }})\n}}\n"
        );
    }
    s
}

fn root_outputs(names: &[String]) -> String {
    let mut s = String::from(
        "output \"security_group_ids\" {\n  description = \"Security group of each service.\"\n  value = {\n",
    );
    let width = names.iter().map(|n| n.len()).max().unwrap_or(0);
    for name in names {
        let _ = writeln!(s, "    {name:<width$} = module.{name}.security_group_id");
    }
    s.push_str("  }\n}\n");
    s
}

fn root_tfvars(names: &[String]) -> String {
    let mut s = String::from(
        r#"project     = "acme"
environment = "prod"
region      = "eu-west-1"

vpc_id     = "vpc-0a1b2c3d4e5f67890"
vpc_cidr   = "10.0.0.0/16"
subnet_ids = ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88", "subnet-0cc99dd00ee11ff22"]
azs        = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
ami        = "ami-0a89fa9a6d8c7ad98"

instance_types = {
"#,
    );
    let special: Vec<&String> = names.iter().skip(2).step_by(4).collect();
    let width = special.iter().map(|n| n.len()).max().unwrap_or(0);
    for (i, name) in special.iter().enumerate() {
        let ty = ["c6i.large", "r6i.large", "m6i.large", "t3.medium"][i % 4];
        let _ = writeln!(s, "  {name:<width$} = \"{ty}\"");
    }
    s.push_str("}\n\nextra_tags = {\n  CostCenter = \"platform\"\n}\n");
    s
}

/// Splits `total` into `parts` near-equal shares, larger ones first.
fn shares(total: usize, parts: usize) -> Vec<usize> {
    (0..parts)
        .map(|i| total / parts + usize::from(i < total % parts))
        .collect()
}

fn generate(cfg: &Config) -> Vec<(String, String)> {
    let mut rng = Rng(0x5eed_a37e_ed6e_0001);
    let names: Vec<String> = (0..cfg.modules).map(module_name).collect();
    let mut files = vec![
        ("providers.tf".to_string(), ROOT_PROVIDERS.to_string()),
        ("variables.tf".to_string(), ROOT_VARIABLES.to_string()),
        ("locals.tf".to_string(), ROOT_LOCALS.to_string()),
        ("main.tf".to_string(), root_main(&names)),
        ("outputs.tf".to_string(), root_outputs(&names)),
        ("terraform.tfvars".to_string(), root_tfvars(&names)),
    ];
    for name in &names {
        files.push((format!("modules/{name}/main.tf"), module_main(name)));
        files.push((
            format!("modules/{name}/variables.tf"),
            MODULE_VARIABLES.to_string(),
        ));
        files.push((
            format!("modules/{name}/outputs.tf"),
            MODULE_OUTPUTS.to_string(),
        ));
    }
    // The other files, dealt to the modules in turn, share the other instances evenly.
    let resource_files = cfg.files - ROOT_TF_FILES - FIXED_FILES_PER_MODULE * cfg.modules;
    let budgets = shares(
        cfg.resources - FIXED_RESOURCES_PER_MODULE * cfg.modules,
        resource_files,
    );
    let mut per_module = vec![0usize; cfg.modules];
    for (file_index, budget) in budgets.into_iter().enumerate() {
        let module = file_index % cfg.modules;
        per_module[module] += 1;
        let topic = FILE_TOPICS[(file_index / cfg.modules) % FILE_TOPICS.len()];
        let path = format!(
            "modules/{}/{topic}_{:02}.tf",
            names[module], per_module[module]
        );
        files.push((path, resource_file(file_index + 1, topic, budget, &mut rng)));
    }
    files.sort();
    files
}

fn write_all(out: &Path, files: &[(String, String)]) -> Result<(), String> {
    if out.exists()
        && fs::read_dir(out)
            .map_err(|e| e.to_string())?
            .next()
            .is_some()
    {
        return Err(format!("{} exists and is not empty", out.display()));
    }
    for (path, text) in files {
        let full = out.join(path);
        if let Some(dir) = full.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        fs::write(&full, text).map_err(|e| format!("{}: {e}", full.display()))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let cfg = match parse_args() {
        Ok(cfg) => cfg,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let files = generate(&cfg);
    if let Err(message) = write_all(&cfg.out, &files) {
        eprintln!("gen_bench_repo: {message}");
        return ExitCode::FAILURE;
    }
    let tf_files = files
        .iter()
        .filter(|(path, _)| path.ends_with(".tf"))
        .count();
    println!(
        "wrote {} ({tf_files} .tf files, {} resource instances, {} modules)",
        cfg.out.display(),
        cfg.resources,
        cfg.modules
    );
    ExitCode::SUCCESS
}
