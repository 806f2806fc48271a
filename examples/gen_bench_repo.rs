//! Generates a Terraform repo of N priced resources (default 5,000) as a real git repo with
//! two branches, `main` and `feature` (which changes instance types, adds and removes
//! resources), for the Lakshmi benchmark in `bench/lakshmi.sh`.
//!
//! `cargo run --release --example gen_bench_repo -- DIR [N]`

use std::collections::BTreeMap;
use std::path::PathBuf;

use aetheredge::fixture::{FixtureCommit, Scenario};

const KINDS: usize = 10;

fn resource(i: usize, head: bool) -> String {
    let bump = head && i % 10 == 0;
    match i % KINDS {
        0 | 1 => format!(
            "resource \"aws_instance\" \"web_{i}\" {{\n  ami           = \"ami-123\"\n  instance_type = \"{}\"\n}}\n",
            if bump { "t3.large" } else { "t3.medium" }
        ),
        2 => format!("resource \"aws_ebs_volume\" \"v_{i}\" {{\n  availability_zone = \"us-east-1a\"\n  type = \"gp3\"\n  size = {}\n}}\n", if bump { 200 } else { 100 }),
        3 => format!("resource \"aws_db_instance\" \"db_{i}\" {{\n  engine = \"postgres\"\n  instance_class = \"db.t3.medium\"\n  allocated_storage = 20\n  multi_az = {}\n}}\n", bump),
        4 => format!("resource \"aws_nat_gateway\" \"n_{i}\" {{\n  subnet_id = \"subnet-{i}\"\n}}\n"),
        5 => format!("resource \"aws_lb\" \"lb_{i}\" {{\n  name = \"lb-{i}\"\n}}\n"),
        6 => format!("resource \"aws_s3_bucket\" \"b_{i}\" {{\n  bucket = \"b-{i}\"\n}}\n"),
        7 => format!("resource \"aws_elasticache_cluster\" \"c_{i}\" {{\n  cluster_id = \"c{i}\"\n  engine = \"redis\"\n  node_type = \"cache.t3.micro\"\n  num_cache_nodes = 1\n}}\n"),
        8 => format!("resource \"aws_security_group\" \"sg_{i}\" {{\n  name = \"sg-{i}\"\n}}\n"),
        _ => format!("resource \"aws_kms_key\" \"k_{i}\" {{\n  description = \"k{i}\"\n}}\n"),
    }
}

fn files(n: usize, head: bool) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    files.insert(
        "providers.tf".to_string(),
        b"provider \"aws\" {\n  region = \"us-east-1\"\n}\n".to_vec(),
    );
    let per_file = 100;
    let count = if head { n + n / 50 } else { n };
    for start in (0..count).step_by(per_file) {
        let mut text = String::new();
        for i in start..(start + per_file).min(count) {
            if head && i % 97 == 0 {
                continue; // deleted at head
            }
            text.push_str(&resource(i, head));
            text.push('\n');
        }
        files.insert(
            format!("stack/r{:04}.tf", start / per_file),
            text.into_bytes(),
        );
    }
    files
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: gen_bench_repo DIR [N]"));
    let n: usize = args
        .next()
        .map(|s| s.parse().expect("N is a number"))
        .unwrap_or(5000);
    let commit = |dir: &str, branch: &str, head: bool| FixtureCommit {
        dir: dir.to_string(),
        branch: branch.to_string(),
        message: format!("{n} resources ({branch})"),
        files: files(n, head),
        deleted: vec![],
        renamed: vec![],
    };
    let scenario = Scenario {
        name: "bench".into(),
        commits: vec![
            commit("01-main", "main", false),
            commit("02-feature", "feature", true),
        ],
    };
    let built = scenario.build(&dir).expect("builds the repo");
    eprintln!(
        "{}: {n} resources at main, branch feature changes them",
        built.path.display()
    );
}
