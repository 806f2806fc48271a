//! Structured generators: the project's own fixtures, mutated and grown as an attacker
//! would grow them (nesting, recursion, huge counts, ranges and strings, cycles, truncation,
//! stray bytes). Seeded: a seed names one repository exactly.

use std::path::Path;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::cases::{Case, Files, Run};

/// The project's text files of one kind, as seeds for mutation.
fn corpus(dir: &str, extensions: &[&str]) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![root.join(dir)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
            } else if extensions
                .iter()
                .any(|e| path.to_string_lossy().ends_with(e))
            {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    out.push((name.into_owned(), text));
                }
            }
        }
    }
    out
}

/// The seed texts, read once per run of the generator.
pub struct Seeds {
    terraform: Vec<(String, String)>,
    yaml: Vec<(String, String)>,
    rego: Vec<(String, String)>,
}

impl Seeds {
    pub fn load() -> Seeds {
        Seeds {
            terraform: corpus("fixtures/scenarios", &[".tf", ".tfvars"]),
            yaml: [
                corpus("blueprints", &[".blueprint.yaml"]),
                corpus("fixtures", &["infracost-usage.yml", "aetheredge.yaml"]),
                corpus("fixtures/scenarios/blueprint-change", &["deployment.yaml"]),
            ]
            .concat(),
            rego: corpus("policies", &[".rego"]),
        }
    }

    /// The texts every parser target mutates.
    pub fn all(&self) -> Vec<&str> {
        self.terraform
            .iter()
            .chain(&self.yaml)
            .chain(&self.rego)
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

/// A size an attacker picks: mostly small, sometimes enormous.
fn size(rng: &mut StdRng) -> usize {
    *[2usize, 10, 100, 1_000, 10_000, 100_000]
        .choose(rng)
        .unwrap_or(&10)
}

fn huge_number(rng: &mut StdRng) -> &'static str {
    [
        "0",
        "1",
        "-1",
        "1.5",
        "10000",
        "1000000",
        "4294967295",
        "18446744073709551616",
        "1e308",
        "-1e308",
    ]
    .choose(rng)
    .copied()
    .unwrap_or("1")
}

/// One mutation of a text, chosen at random from what has broken parsers and evaluators.
pub fn mutate_text(rng: &mut StdRng, text: &str, kind: Kind) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    match rng.gen_range(0..9) {
        0 if !bytes.is_empty() => {
            let at = rng.gen_range(0..bytes.len());
            bytes.truncate(at);
        }
        1 if !bytes.is_empty() => {
            for _ in 0..rng.gen_range(1..8) {
                let at = rng.gen_range(0..bytes.len());
                bytes[at] = rng.gen();
            }
        }
        2 => {
            let (open, close) = *[("(", ")"), ("[", "]"), ("{", "}"), ("[[", "]]")]
                .choose(rng)
                .unwrap_or(&("(", ")"));
            let depth = size(rng);
            let at = rng.gen_range(0..=bytes.len());
            let nested = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            bytes.splice(at..at, nested.into_bytes());
        }
        3 if !bytes.is_empty() => {
            let start = rng.gen_range(0..bytes.len());
            let end = (start + rng.gen_range(1..200)).min(bytes.len());
            let piece = bytes[start..end].to_vec();
            for _ in 0..size(rng).min(10_000) {
                bytes.extend_from_slice(&piece);
            }
        }
        _ => bytes.extend_from_slice(grown(rng, kind).as_bytes()),
    }
    bytes
}

/// Which language a text is in, for what to grow it with.
#[derive(Clone, Copy)]
pub enum Kind {
    Terraform,
    Yaml,
    Rego,
}

/// A block that asks for too much, in the text's own language.
fn grown(rng: &mut StdRng, kind: Kind) -> String {
    let n = huge_number(rng);
    let depth = size(rng);
    match kind {
        Kind::Terraform => match rng.gen_range(0..8) {
            0 => format!("\nresource \"aws_instance\" \"g\" {{\n  count = {n}\n  ami = \"a\"\n  instance_type = \"t3.micro\"\n}}\n"),
            1 => {
                let mut s = String::from("\nlocals {\n  g0 = \"ab\"\n");
                for i in 1..rng.gen_range(2..60) {
                    s += &format!("  g{i} = \"${{local.g{p}}}${{local.g{p}}}\"\n", p = i - 1);
                }
                s + "}\n"
            }
            2 => "\nlocals {\n  t = \"$${templatestring(t, {t = t})}\"\n  u = templatestring(local.t, { t = local.t })\n}\n".to_string(),
            3 => format!("\nlocals {{\n  r = range({n})\n  p = setproduct(range({n}), range({n}))\n}}\n"),
            4 => format!("\nlocals {{\n  y = yamldecode(\"{}\")\n  j = jsondecode(\"{}\")\n}}\n", "[".repeat(depth) + &"]".repeat(depth), "[".repeat(depth) + &"]".repeat(depth)),
            5 => format!("\nmodule \"g\" {{\n  source = \"./\"\n  count  = {n}\n}}\n"),
            6 => "\nlocals {\n  c1 = local.c2\n  c2 = local.c1\n}\n".to_string(),
            _ => format!("\nresource \"aws_sns_topic\" \"f\" {{\n  for_each = toset([for i in range({n}) : tostring(i)])\n  name = each.key\n}}\n"),
        },
        Kind::Yaml => match rng.gen_range(0..4) {
            0 => format!("\nextra: {}\n", "[".repeat(depth) + &"]".repeat(depth)),
            1 => format!("\n  count: {n}\n"),
            2 => {
                let mut s = String::from("\ntags:\n");
                for i in 0..depth.min(50_000) {
                    s += &format!("  k{i}: v\n");
                }
                s
            }
            _ => "\nx: &x [a, a, a, a, a, a, a, a]\ny: &y [*x, *x, *x, *x, *x, *x, *x, *x]\nz: &z [*y, *y, *y, *y, *y, *y, *y, *y]\nw: [*z, *z, *z, *z, *z, *z, *z, *z]\n".to_string(),
        },
        Kind::Rego => match rng.gen_range(0..6) {
            0 => "\nf(x) := y if { y := f(x) }\ng := f(1)\n".to_string(),
            1 => format!("\nr := numbers.range(0, {n})\n"),
            2 => "\nips := net.cidr_expand(\"10.0.0.0/8\")\n".to_string(),
            3 => format!("\nw := sprintf(\"%{n}d\", [1])\n"),
            4 => format!("\ne if {{\n{}{}}}\n", "every x in [1] {\n".repeat(depth.min(5_000)), "}\n".repeat(depth.min(5_000))),
            _ => format!("\n# METADATA\n# custom:\n{}", (0..depth.min(5_000)).map(|i| format!("# {}a:\n", " ".repeat(i + 1))).collect::<String>()),
        },
    }
}

/// The generated repository of `seed`.
pub fn case(seeds: &Seeds, seed: u64) -> Case {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut head: Files = Vec::new();
    let mut runs = vec![Run::Review];
    match rng.gen_range(0..3) {
        0 if !seeds.terraform.is_empty() => {
            for i in 0..rng.gen_range(1..4) {
                let (name, text) = seeds.terraform.choose(&mut rng).expect("seeds");
                let path = if name.ends_with(".tfvars") {
                    "terraform.tfvars".to_string()
                } else {
                    format!("g{i}.tf")
                };
                head.push((path, mutate_text(&mut rng, text, Kind::Terraform)));
            }
            runs.push(
                [
                    Run::Plan,
                    Run::Scan,
                    Run::Cost,
                    Run::Docs,
                    Run::Site,
                    Run::FullReview,
                ]
                .choose(&mut rng)
                .cloned()
                .unwrap_or(Run::Plan),
            );
        }
        1 if !seeds.yaml.is_empty() => {
            // Every YAML the review reads, each where it lives: a blueprint, a usage file,
            // the config, a Kubernetes manifest.
            let (name, text) = seeds.yaml.choose(&mut rng).expect("seeds");
            let (path, run) = match name.as_str() {
                "infracost-usage.yml" => ("infracost-usage.yml", Run::Cost),
                "aetheredge.yaml" => ("aetheredge.yaml", Run::Policy),
                n if n.ends_with(".blueprint.yaml") => {
                    ("g.blueprint.yaml", Run::Blueprint("g.blueprint.yaml"))
                }
                _ => ("k8s/g.yaml", Run::Scan),
            };
            head.push((path.to_string(), mutate_text(&mut rng, text, Kind::Yaml)));
            if !path.ends_with(".blueprint.yaml") {
                head.push((
                    "main.tf".to_string(),
                    b"resource \"aws_lambda_function\" \"g\" {\n  function_name = \"g\"\n  role = \"r\"\n}\n".to_vec(),
                ));
            }
            runs.push(run);
        }
        _ if !seeds.rego.is_empty() => {
            let (_, text) = seeds.rego.choose(&mut rng).expect("seeds");
            head.push((
                "policy/g.rego".to_string(),
                mutate_text(&mut rng, text, Kind::Rego),
            ));
            head.push((
                "main.tf".to_string(),
                b"resource \"aws_s3_bucket\" \"g\" {\n  bucket = \"g\"\n}\n".to_vec(),
            ));
            runs.push(Run::Policy);
        }
        _ => {}
    }
    Case {
        name: format!("generated-{seed}"),
        base: super::cases::benign(),
        head,
        runs,
        reports: None,
        envs: Vec::new(),
    }
}
