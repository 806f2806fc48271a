//! Kali's benchmark: generates 100 MB of text (100 files of 1 MB, a planted secret in each)
//! and a 5,000-resource Terraform repo, then times the secret scan and the misconfiguration
//! checks in process. With `--write DIR`, also leaves both trees in DIR/secrets and DIR/tf
//! for `bench/kali.sh` to time the whole binary with hyperfine.
//!
//! `cargo run --release --example kali_bench [-- --write DIR]`

use std::time::{Duration, Instant};

use aetheredge::iac::{self, LoadOptions, ParseCache};
use aetheredge::kali::checks::{self as kali, secrets};
use aetheredge::repo::{Snapshot, SnapshotLimits};
use rayon::prelude::*;

const LINES: &[&str] = &[
    "resource \"aws_instance\" \"web\" { ami = var.ami, instance_type = \"t3.micro\" }",
    "function render(state, props) { return props.items.map((i) => i.name).join(', '); }",
    "  password = var.db_password",
    "export PATH=\"$HOME/.local/bin:$PATH\"",
    "The quick brown fox jumps over the lazy dog; token counts are logged at debug level.",
    "    - name: web\n      image: nginx:1.27.1",
    "SELECT id, name FROM users WHERE created_at > now() - interval '1 day';",
    "let secret_name = format!(\"{prefix}/{name}\"); // read from the secret manager",
];

fn text_file(seed: usize, size: usize) -> String {
    let mut out = String::with_capacity(size + 256);
    let mut i = seed;
    while out.len() < size {
        out.push_str(LINES[i % LINES.len()]);
        out.push('\n');
        i = i.wrapping_mul(31).wrapping_add(7);
        if out.len() % 500_000 < 90 {
            out.push_str(&format!(
                "export GITHUB_TOKEN=ghp_{:036}\n",
                seed * 1_000_003 + out.len()
            ));
        }
    }
    out
}

fn terraform(resources: usize) -> String {
    let mut out = String::new();
    for i in 0..resources {
        let block = match i % 10 {
            0 => format!("resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"bucket-{i}\"\n  acl    = \"{}\"\n}}\n", if i % 20 == 0 { "public-read" } else { "private" }),
            1 => format!("resource \"aws_s3_bucket_public_access_block\" \"b{i}\" {{\n  bucket             = aws_s3_bucket.b{}.id\n  block_public_acls  = true\n  ignore_public_acls = true\n}}\n", i - 1),
            2 => format!("resource \"aws_security_group\" \"sg{i}\" {{\n  ingress {{\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"{}\"]\n  }}\n}}\n", if i % 3 == 0 { "0.0.0.0/0" } else { "10.0.0.0/8" }),
            3 => format!("resource \"aws_db_instance\" \"db{i}\" {{\n  engine              = \"postgres\"\n  storage_encrypted   = {}\n  publicly_accessible = false\n}}\n", i % 2 == 0),
            4 => format!("resource \"aws_instance\" \"vm{i}\" {{\n  ami = \"ami-{i}\"\n  metadata_options {{\n    http_tokens = \"required\"\n  }}\n}}\n"),
            5 => format!("resource \"aws_iam_policy\" \"p{i}\" {{\n  policy = jsonencode({{ Version = \"2012-10-17\", Statement = [{{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"*\" }}] }})\n}}\n"),
            6 => format!("resource \"azurerm_storage_account\" \"sa{i}\" {{\n  name            = \"sa{i}\"\n  min_tls_version = \"TLS1_2\"\n}}\n"),
            7 => format!("resource \"google_compute_firewall\" \"fw{i}\" {{\n  name          = \"fw{i}\"\n  source_ranges = [\"0.0.0.0/0\"]\n  allow {{\n    protocol = \"tcp\"\n    ports    = [\"443\"]\n  }}\n}}\n"),
            8 => format!("resource \"aws_kms_key\" \"k{i}\" {{\n  enable_key_rotation = true\n}}\n"),
            _ => format!("resource \"aws_lambda_function\" \"f{i}\" {{\n  function_name = \"f{i}\"\n  environment {{\n    variables = {{ STAGE = \"prod\" }}\n  }}\n}}\n"),
        };
        out.push_str(&block);
    }
    out
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let write = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1));

    let files: Vec<String> = (0..100).map(|i| text_file(i, 1024 * 1024)).collect();
    let total: usize = files.iter().map(String::len).sum();
    let scanner = secrets::Scanner::new(secrets::Allowlist::builtin());
    let mut found = 0;
    let times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            found = files
                .par_iter()
                .enumerate()
                .map(|(i, text)| scanner.scan(&format!("f{i}.txt"), text, None).len())
                .sum::<usize>();
            start.elapsed()
        })
        .collect();
    let t = median(times);
    println!(
        "secret scan: {:.1} MB in {:.0} ms ({:.0} MB/s), {found} secrets",
        total as f64 / 1e6,
        t.as_secs_f64() * 1e3,
        total as f64 / 1e6 / t.as_secs_f64()
    );

    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("main.tf"), terraform(5000)).expect("write main.tf");
    let snapshot = Snapshot::from_dir(
        dir.path(),
        &SnapshotLimits {
            max_file_size: 64 << 20,
        },
    )
    .expect("read the repo");
    let start = Instant::now();
    let model = iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default());
    let load = start.elapsed();
    let mut findings = 0;
    let times: Vec<Duration> = (0..7)
        .map(|_| {
            let start = Instant::now();
            findings = kali::check_model(&model).len();
            start.elapsed()
        })
        .collect();
    let t = median(times);
    println!(
        "checks: {} rules over {} resources in {:.1} ms ({findings} findings; loading the model took {:.0} ms)",
        kali::rules().len(),
        model.resources.len(),
        t.as_secs_f64() * 1e3,
        load.as_secs_f64() * 1e3
    );

    if let Some(out) = write {
        let secrets_dir = std::path::Path::new(out).join("secrets");
        let tf_dir = std::path::Path::new(out).join("tf");
        std::fs::create_dir_all(&secrets_dir).expect("create secrets dir");
        std::fs::create_dir_all(&tf_dir).expect("create tf dir");
        for (i, f) in files.iter().enumerate() {
            std::fs::write(secrets_dir.join(format!("f{i:03}.txt")), f).expect("write");
        }
        std::fs::write(tf_dir.join("main.tf"), terraform(5000)).expect("write");
        std::fs::write(tf_dir.join("aetheredge.yaml"), "max_file_size: 67108864\n").expect("write");
        println!("wrote {} and {}", secrets_dir.display(), tf_dir.display());
    }
}
