//! The hostile inputs known to have crashed, hung or exhausted a review once, each as a
//! small repository generated here (large inputs are built from a line or two, so the
//! repository holds recipes, not megabytes). Every input that once failed stays here.

/// Files of one commit: (path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// What to run on a case's repository; the head is the branch `change`, the base `main`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Review,
    FullReview,
    Plan,
    Scan,
    Cost,
    Policy,
    Docs,
    Site,
    /// `policy test` of a directory of the head's tree.
    PolicyTest(&'static str),
    /// `blueprint validate` and `blueprint render` of a file of the head's tree.
    Blueprint(&'static str),
}

impl Run {
    /// Every command a Terraform tree goes through.
    pub const TREE: &'static [Run] = &[
        Run::Review,
        Run::FullReview,
        Run::Plan,
        Run::Scan,
        Run::Cost,
        Run::Policy,
        Run::Docs,
        Run::Site,
    ];
}

/// One hostile repository and what a review of it must say besides surviving.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub base: Files,
    pub head: Files,
    pub runs: Vec<Run>,
    /// A rule id the review's JSON must report (the budget that stopped the input).
    pub reports: Option<&'static str>,
    /// Environment for every run of the case.
    pub envs: Vec<(&'static str, String)>,
}

impl Case {
    fn new(name: &str, head: &[(&str, String)], runs: &[Run]) -> Case {
        Case {
            name: name.to_string(),
            base: benign(),
            head: head
                .iter()
                .map(|(p, t)| (p.to_string(), t.clone().into_bytes()))
                .collect(),
            runs: runs.to_vec(),
            reports: None,
            envs: Vec::new(),
        }
    }

    fn reporting(mut self, rule: &'static str) -> Case {
        self.reports = Some(rule);
        self
    }
}

/// The base every case changes: one ordinary resource, so a review has something to compare.
pub fn benign() -> Files {
    vec![(
        "main.tf".to_string(),
        b"resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n".to_vec(),
    )]
}

const LIMIT: &str = "brahma/limit-exceeded";
const POLICY_LIMIT: &str = "vishnu/limit-exceeded";

fn tf(body: String) -> Vec<(&'static str, String)> {
    vec![("main.tf", body)]
}

/// `depth` nested YAML flow sequences.
fn deep_yaml(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

/// The Terraform cases: the evaluator's budgets.
pub fn terraform() -> Vec<Case> {
    let mut cases = Vec::new();
    cases.push(
        Case::new(
            "template-renders-itself",
            &tf("locals {\n  tmpl = \"$${templatestring(tmpl, {tmpl = tmpl})}\"\n  out  = templatestring(local.tmpl, { tmpl = local.tmpl })\n}\nresource \"aws_s3_bucket\" \"t\" {\n  bucket = local.out\n}\n".into()),
            Run::TREE,
        )
        .reporting(LIMIT),
    );
    let mut doubling = String::from("locals {\n  s0 = \"abcdefghijklmnop\"\n");
    for i in 1..=40 {
        doubling += &format!("  s{i} = \"${{local.s{p}}}${{local.s{p}}}\"\n", p = i - 1);
    }
    doubling += "}\nresource \"aws_s3_bucket\" \"d\" {\n  bucket = local.s40\n}\n";
    cases.push(Case::new("string-doubled-in-locals", &tf(doubling), Run::TREE).reporting(LIMIT));
    let mut tfvars_doubling = String::from("variable \"seed\" {}\nlocals {\n  s0 = var.seed\n");
    for i in 1..=40 {
        tfvars_doubling += &format!("  s{i} = join(\"\", [local.s{p}, local.s{p}])\n", p = i - 1);
    }
    tfvars_doubling += "}\nresource \"aws_s3_bucket\" \"d\" {\n  bucket = local.s40\n}\n";
    cases.push(
        Case::new(
            "string-doubled-from-tfvars",
            &[
                ("main.tf", tfvars_doubling),
                (
                    "terraform.tfvars",
                    format!("seed = \"{}\"\n", "x".repeat(4096)),
                ),
            ],
            &[Run::Review, Run::Plan, Run::Cost],
        )
        .reporting(LIMIT),
    );
    let mut many = String::new();
    for i in 0..300 {
        many += &format!("resource \"aws_instance\" \"r{i}\" {{\n  count         = 10000\n  ami           = \"ami-123\"\n  instance_type = \"t3.micro\"\n}}\n");
    }
    cases.push(Case::new("count-10000-on-300-resources", &tf(many), Run::TREE).reporting(LIMIT));
    // Modules nested 31 deep, each called with count = 2: 2^31 instances if unbounded.
    let mut nested: Vec<(&str, String)> = vec![(
        "main.tf",
        "module \"m\" {\n  source = \"./m0\"\n  count  = 2\n}\n".into(),
    )];
    let paths: Vec<String> = (0..31)
        .map(|i| {
            format!(
                "{}main.tf",
                (0..=i).map(|j| format!("m{j}/")).collect::<String>()
            )
        })
        .collect();
    for (i, path) in paths.iter().enumerate() {
        let body = if i == 30 {
            "resource \"aws_sns_topic\" \"t\" {\n  name = \"t\"\n}\n".to_string()
        } else {
            format!(
                "module \"m\" {{\n  source = \"./m{}\"\n  count  = 2\n}}\n",
                i + 1
            )
        };
        nested.push((path.as_str(), body));
    }
    cases.push(
        Case::new(
            "modules-31-deep-count-2",
            &nested,
            &[Run::Review, Run::Plan, Run::Scan, Run::Docs],
        )
        .reporting(LIMIT),
    );
    cases.push(
        Case::new(
            "module-count-1000-times-resource-count-1000",
            &[
                ("main.tf", "module \"m\" {\n  source = \"./m\"\n  count  = 1000\n}\n".into()),
                ("m/main.tf", "resource \"aws_sns_topic\" \"t\" {\n  count = 1000\n  name  = \"t-${count.index}\"\n}\n".into()),
            ],
            &[Run::Review, Run::Plan, Run::Cost, Run::Policy],
        )
        .reporting(LIMIT),
    );
    cases.push(
        Case::new(
            "yamldecode-100000-deep-from-tfvars",
            &[
                ("main.tf", "variable \"doc\" {}\nlocals {\n  v = yamldecode(var.doc)\n}\nresource \"aws_s3_bucket\" \"y\" {\n  bucket = jsonencode(local.v)\n}\n".into()),
                ("terraform.tfvars", format!("doc = \"{}\"\n", deep_yaml(100_000))),
            ],
            &[Run::Review, Run::Plan, Run::Docs],
        )
        .reporting(LIMIT),
    );
    cases.push(
        Case::new(
            "jsondecode-100000-deep",
            &tf(format!("locals {{\n  v = jsondecode(\"{}\")\n}}\nresource \"aws_s3_bucket\" \"j\" {{\n  bucket = jsonencode(local.v)\n}}\n", deep_yaml(100_000))),
            &[Run::Review, Run::Plan],
        )
        .reporting(LIMIT),
    );
    cases.push(Case::new(
        "parentheses-20000-deep",
        &tf(format!(
            "locals {{\n  x = {}1{}\n}}\n",
            "(".repeat(20_000),
            ")".repeat(20_000)
        )),
        &[Run::Review, Run::Plan, Run::Docs],
    ));
    cases.push(Case::new(
        "tuple-literal-20000-deep",
        &tf(format!(
            "locals {{\n  x = {}1{}\n}}\n",
            "[".repeat(20_000),
            "]".repeat(20_000)
        )),
        &[Run::Review, Run::Plan],
    ));
    cases.push(Case::new(
        "unbalanced-braces",
        &tf(format!("locals {{\n  x = {}\n", "{".repeat(10_000))),
        &[Run::Review, Run::Plan, Run::Docs, Run::Site],
    ));
    cases.push(
        Case::new(
            "huge-range-and-products",
            &tf("locals {\n  a = range(1000000000)\n  b = setproduct(range(100000), range(100000))\n  c = formatlist(\"%s\", range(100000000))\n}\nresource \"aws_s3_bucket\" \"r\" {\n  bucket = length(local.a)\n}\n".into()),
            &[Run::Review, Run::Plan],
        )
        .reporting(LIMIT),
    );
    cases.push(
        Case::new(
            "for-each-over-a-million",
            // `range` stops at 1,024 values, as Terraform's does; `setproduct` of two such
            // ranges does not.
            &tf("resource \"aws_sns_topic\" \"t\" {\n  for_each = toset([for p in setproduct(range(1000), range(1000)) : \"${p[0]}-${p[1]}\"])\n  name     = each.key\n}\n".into()),
            &[Run::Review, Run::Plan, Run::Scan],
        )
        .reporting(LIMIT),
    );
    cases.push(Case::new(
        "module-calls-itself",
        &tf("module \"me\" {\n  source = \"./\"\n}\nresource \"aws_sns_topic\" \"t\" {\n  name = \"t\"\n}\n".into()),
        &[Run::Review, Run::Plan, Run::Docs],
    ));
    cases.push(Case::new(
        "locals-in-a-cycle",
        &tf("locals {\n  a = local.b\n  b = local.c\n  c = local.a\n}\nresource \"aws_s3_bucket\" \"c\" {\n  bucket = local.a\n}\n".into()),
        &[Run::Review, Run::Plan],
    ));
    cases.push(Case::new(
        "huge-format-width",
        &tf("locals {\n  a = format(\"%999999999d\", 1)\n  b = indent(999999999, \"x\\ny\")\n}\nresource \"aws_s3_bucket\" \"f\" {\n  bucket = local.a\n}\n".into()),
        &[Run::Review, Run::Plan],
    ));
    cases.push(Case {
        head: vec![(
            "main.tf".to_string(),
            b"resource \"aws_s3_bucket\" \"\xff\xfe\" {\n  bucket = \"\xc3\x28\"\n}\n".to_vec(),
        )],
        ..Case::new(
            "terraform-not-utf8",
            &[],
            &[Run::Review, Run::Plan, Run::Scan, Run::Docs, Run::Site],
        )
    });
    cases
}

/// YAML the review reads: config, blueprints, usage files, manifests.
pub fn yaml() -> Vec<Case> {
    let mut tags = String::from("blueprint: 1\nname: tags\nversion: \"1.0.0\"\ncloud: aws\nregion: us-east-1\nenvironment: production\ntags:\n");
    for i in 0..50_000 {
        tags += &format!("  t{i}: v{i}\n");
    }
    tags += "components:\n  storage:\n    - name: site\n";
    vec![
        Case::new(
            "config-100000-deep",
            &[("aetheredge.yaml", format!("include: {}\n", deep_yaml(100_000)))],
            &[Run::Review, Run::FullReview, Run::Scan, Run::Policy, Run::Site],
        ),
        Case::new(
            "blueprint-100000-deep",
            &[("web.blueprint.yaml", format!("blueprint: 1\nname: deep\ntags: {}\n", deep_yaml(100_000)))],
            &[Run::Review, Run::Plan, Run::Blueprint("web.blueprint.yaml"), Run::Site],
        ),
        Case::new(
            "blueprint-50000-tags",
            &[("tags.blueprint.yaml", tags)],
            &[Run::Review, Run::Plan, Run::Blueprint("tags.blueprint.yaml")],
        ),
        Case::new(
            "blueprint-count-4294967295",
            &[("web.blueprint.yaml", "blueprint: 1\nname: web\nversion: \"1.0.0\"\ncloud: aws\nregion: us-east-1\nenvironment: production\ncomponents:\n  network:\n    cidr: 10.0.0.0/16\n    zones: 2\n  compute:\n    count: 4294967295\n    size: small\n".into())],
            &[Run::Review, Run::Plan, Run::Cost, Run::Blueprint("web.blueprint.yaml"), Run::Site],
        ),
        Case::new(
            "usage-file-100000-deep",
            &[
                ("main.tf", "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  role          = \"r\"\n  runtime       = \"python3.12\"\n  handler       = \"h\"\n}\n".into()),
                ("infracost-usage.yml", format!("version: 0.1\nresource_usage: {}\n", deep_yaml(100_000))),
            ],
            &[Run::Review, Run::Cost],
        ),
        Case::new(
            "manifest-100000-deep",
            &[("k8s/deployment.yaml", format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec: {}\n", deep_yaml(100_000)))],
            &[Run::Review, Run::Scan, Run::Policy],
        ),
        Case::new(
            "yaml-alias-bomb",
            &[("aetheredge.yaml", {
                let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
                for i in 1..12 {
                    s += &format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n", p = i - 1);
                }
                s
            })],
            &[Run::Review, Run::Site],
        ),
    ]
}

fn policy(name: &str, rego: String) -> Case {
    Case::new(
        name,
        &[
            ("main.tf", "resource \"aws_s3_bucket\" \"p\" {\n  bucket = \"p\"\n}\n".into()),
            ("policy/hostile.rego", rego),
            ("policy/ok.rego", "package main\n\ndeny contains msg if {\n  some name, _ in input.resource.aws_s3_bucket\n  msg := sprintf(\"bucket %s\", [name])\n}\n".into()),
        ],
        &[Run::FullReview, Run::Policy],
    )
}

/// Policies: the repo's own Rego is hostile input too.
pub fn rego() -> Vec<Case> {
    let mut doubling = String::from("package main\n\ns0 := \"abcdefghijklmnop\"\n");
    for i in 1..=40 {
        doubling += &format!("s{i} := concat(\"\", [s{p}, s{p}])\n", p = i - 1);
    }
    doubling += "deny contains msg if {\n  count(s40) > 0\n  msg := \"long\"\n}\n";
    let mut every = String::from("package main\n\ndeny contains msg if {\n");
    for i in 0..2_000 {
        every += &format!("every x{i} in [1] {{\n");
    }
    every += &"}\n".repeat(2_000);
    every += "  msg := \"deep\"\n}\n";
    let mut metadata = String::from("package main\n\n# METADATA\n# custom:\n");
    for i in 0..20_000 {
        metadata += &format!("# {}a:\n", "  ".repeat(i + 1));
    }
    metadata += "deny contains msg if {\n  msg := \"m\"\n}\n";
    vec![
        policy("rego-function-recurses", "package main\n\nf(x) := y if {\n  y := f(x + 1)\n}\n\ndeny contains msg if {\n  f(1) > 0\n  msg := \"never\"\n}\n".into()).reporting("vishnu/policy-compile-error"),
        policy("rego-mutual-recursion", "package main\n\na(x) := b(x)\nb(x) := a(x)\n\ndeny contains msg if {\n  a(1)\n  msg := \"never\"\n}\n".into()),
        policy("rego-every-2000-deep", every),
        policy("rego-numbers-range-1e8", "package main\n\ndeny contains msg if {\n  r := numbers.range(0, 100000000)\n  count(r) > 0\n  msg := \"range\"\n}\n".into()).reporting(POLICY_LIMIT),
        policy("rego-string-doubling", doubling).reporting(POLICY_LIMIT),
        policy("rego-sprintf-huge-width", "package main\n\ndeny contains msg if {\n  s := sprintf(\"%999999999d\", [1])\n  count(s) > 0\n  msg := \"wide\"\n}\n".into()),
        policy("rego-cidr-expand-slash-8", "package main\n\ndeny contains msg if {\n  ips := net.cidr_expand(\"10.0.0.0/8\")\n  count(ips) > 0\n  msg := \"ips\"\n}\n".into()).reporting(POLICY_LIMIT),
        policy("rego-cidr-expand-ipv6-64", "package main\n\ndeny contains msg if {\n  ips := net.cidr_expand(\"2001:db8::/64\")\n  count(ips) > 0\n  msg := \"ips\"\n}\n".into()).reporting(POLICY_LIMIT),
        policy("rego-deep-literal", format!("package main\n\nx := {}1{}\n", "[".repeat(20_000), "]".repeat(20_000))),
        policy("rego-10000-unbalanced-brackets", format!("package main\n\nx := {}\n", "[".repeat(10_000))),
        policy("rego-deep-metadata", metadata),
        Case {
            head: vec![
                ("policy/bad.rego".to_string(), b"package main\n\ndeny contains \"\xff\xfe\" if { true }\n".to_vec()),
                ("policy/ok_test.rego".to_string(), b"package main\n\ntest_ok if { true }\n".to_vec()),
            ],
            ..Case::new("rego-not-utf8", &[], &[Run::FullReview, Run::Policy, Run::PolicyTest("policy")])
        },
    ]
}

/// The site: templates are the repo's, and so are the files docs link.
pub fn site() -> Vec<Case> {
    vec![
        Case::new(
            "template-macro-calls-itself",
            &[(
                "site-templates/index.html",
                "{% macro loop(n) %}{{ self::loop(n=n) }}{% endmacro loop %}{{ self::loop(n=1) }}"
                    .into(),
            )],
            &[Run::Site, Run::FullReview],
        ),
        Case::new(
            "template-extends-cycle",
            &[
                (
                    "site-templates/index.html",
                    "{% extends \"module.html\" %}".into(),
                ),
                (
                    "site-templates/module.html",
                    "{% extends \"index.html\" %}".into(),
                ),
            ],
            &[Run::Site],
        ),
        Case::new(
            "template-huge-range",
            &[(
                "site-templates/index.html",
                "{% for i in range(end=100000000) %}{{ i }}{% endfor %}".into(),
            )],
            &[Run::Site],
        ),
        Case::new(
            "template-reads-environment",
            &[(
                "site-templates/index.html",
                "{{ get_env(name=\"AETHEREDGE_HOSTILE_SECRET\") }}".into(),
            )],
            &[Run::Site],
        ),
        Case::new(
            "markdown-nested-100000-deep",
            &[(
                "README.md",
                ">".repeat(100_000) + " x\n" + &"- ".repeat(50_000) + "y\n",
            )],
            &[Run::Site, Run::Docs, Run::FullReview],
        ),
    ]
}

/// Every known case.
pub fn all() -> Vec<Case> {
    let mut cases = terraform();
    cases.extend(yaml());
    cases.extend(rego());
    cases.extend(site());
    cases
}
