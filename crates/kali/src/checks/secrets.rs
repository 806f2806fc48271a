//! Leaked secrets: the provider rules (AWS, GitHub, GitLab, Slack, Stripe, Google, private
//! keys, JWTs, Azure, npm, …), generic `password`/`secret`/`token` assignments above an
//! entropy threshold, the allowlists (paths, patterns, placeholders) and the fingerprint
//! ignore files (`.gitleaksignore`, `.aetheredgeignore`).
//!
//! Scanning is linear in the size of the text: a case-insensitive keyword search
//! (Aho-Corasick) finds the few places worth a look, and only there do the rules' regexes
//! (the `regex` crate, linear time) run, on the line or — for very long lines, such as
//! minified files — on a bounded window around the keyword. A secret is never kept whole
//! in what this module returns: only its first characters ([`redact`]) and a hash.

use std::collections::HashSet;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use sha2::{Digest, Sha256};

use aetheredge_core::report::Severity;

/// Lines up to this many bytes are searched whole; longer lines are searched in windows
/// around each keyword.
pub(crate) const MAX_LINE_BYTES: usize = 4096;
/// How far a window reaches before and after a keyword on a long line.
const WINDOW_BEFORE: usize = 256;
const WINDOW_AFTER: usize = 1024;
/// How far a multi-line secret (a PEM block) may reach after its keyword.
const MULTILINE_AFTER: usize = 8192;
/// At most this many separate windows are searched per rule and file: a file stuffed with
/// keywords costs bounded time.
const MAX_PLACES_PER_FILE: usize = 20_000;
/// At most this many secrets are reported per file.
const MAX_FINDINGS_PER_FILE: usize = 200;
/// Shown characters of a secret.
pub(crate) const SHOWN_CHARS: usize = 4;
/// Minimum Shannon entropy (bits per character) of a generic assignment's value.
pub(crate) const GENERIC_MIN_ENTROPY: f64 = 3.5;

/// A secret rule.
pub struct SecretRule {
    /// Our id, without the `kali/secret/` prefix; the gitleaks rule of the same name
    /// matches the same thing.
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// Lower-case keywords, one of which occurs in every match.
    pub keywords: &'static [&'static str],
    /// The regex; capture group 1 is the secret (the whole match without one).
    pub pattern: &'static str,
    /// Minimum entropy of the secret, when the pattern alone is too loose.
    pub min_entropy: Option<f64>,
    /// The match may span lines (a PEM block).
    pub multiline: bool,
    /// A generic rule: dropped where a provider rule found the same secret.
    pub generic: bool,
    /// In Terraform files, only quoted values count (an unquoted value is an expression).
    pub quoted_in_terraform: bool,
}

const fn rule(
    id: &'static str,
    title: &'static str,
    severity: Severity,
    keywords: &'static [&'static str],
    pattern: &'static str,
) -> SecretRule {
    SecretRule {
        id,
        title,
        severity,
        keywords,
        pattern,
        min_entropy: None,
        multiline: false,
        generic: false,
        quoted_in_terraform: false,
    }
}

use Severity::{Critical, High, Medium};

/// Every secret rule.
pub(crate) static RULES: &[SecretRule] = &[
    rule(
        "aws-access-token",
        "AWS access key id",
        Critical,
        &["akia", "asia", "abia", "acca", "a3t"],
        r"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b",
    ),
    SecretRule {
        min_entropy: Some(3.0),
        ..rule(
            "aws-secret-access-key",
            "AWS secret access key",
            Critical,
            &["secret"],
            r#"(?i)aws_?secret_?(?:access_?)?key["']?\s*(?::=|=>|=|:)\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        )
    },
    rule(
        "github-pat",
        "GitHub personal access token",
        Critical,
        &["ghp_"],
        r"\b(ghp_[0-9A-Za-z]{36})\b",
    ),
    rule(
        "github-oauth",
        "GitHub OAuth access token",
        Critical,
        &["gho_"],
        r"\b(gho_[0-9A-Za-z]{36})\b",
    ),
    rule(
        "github-app-token",
        "GitHub app token",
        Critical,
        &["ghu_", "ghs_"],
        r"\b((?:ghu|ghs)_[0-9A-Za-z]{36})\b",
    ),
    rule(
        "github-refresh-token",
        "GitHub refresh token",
        Critical,
        &["ghr_"],
        r"\b(ghr_[0-9A-Za-z]{36})\b",
    ),
    rule(
        "github-fine-grained-pat",
        "GitHub fine-grained personal access token",
        Critical,
        &["github_pat_"],
        r"\b(github_pat_[0-9A-Za-z_]{82})\b",
    ),
    rule(
        "gitlab-pat",
        "GitLab personal access token",
        Critical,
        &["glpat-"],
        r"\b(glpat-[0-9A-Za-z_\-]{20,})\b",
    ),
    rule(
        "gitlab-ptt",
        "GitLab pipeline trigger token",
        High,
        &["glptt-"],
        r"\b(glptt-[0-9a-f]{40})\b",
    ),
    rule(
        "gitlab-rrt",
        "GitLab runner token",
        High,
        &["glrt-", "gr1348941"],
        r"\b((?:glrt-|GR1348941)[0-9A-Za-z_\-]{20,})\b",
    ),
    rule(
        "slack-bot-token",
        "Slack bot token",
        High,
        &["xoxb-"],
        r"\b(xoxb-[0-9]{10,13}-[0-9]{10,13}[A-Za-z0-9-]*)\b",
    ),
    rule(
        "slack-user-token",
        "Slack user token",
        High,
        &["xoxp-", "xoxe-"],
        r"\b(xox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9-]{28,34})\b",
    ),
    rule(
        "slack-app-token",
        "Slack app-level token",
        High,
        &["xapp-"],
        r"(?i)\b(xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)\b",
    ),
    rule(
        "slack-legacy-token",
        "Slack legacy token",
        High,
        &["xoxa-", "xoxo-", "xoxs-", "xoxr-"],
        r"\b(xox[aors]-(?:\d+-)+[a-z0-9]{8,})\b",
    ),
    rule(
        "slack-webhook-url",
        "Slack incoming webhook URL",
        Medium,
        &["hooks.slack.com"],
        r"(hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})",
    ),
    rule(
        "stripe-access-token",
        "Stripe live secret key",
        Critical,
        &["sk_live_", "rk_live_", "sk_prod_", "rk_prod_"],
        r"\b((?:sk|rk)_(?:live|prod)_[0-9A-Za-z]{10,99})\b",
    ),
    rule(
        "gcp-api-key",
        "Google API key",
        High,
        &["aiza"],
        r"\b(AIza[0-9A-Za-z_\-]{35})(?:[^0-9A-Za-z_\-]|$)",
    ),
    SecretRule {
        multiline: true,
        ..rule(
            "private-key",
            "Private key",
            Critical,
            &["-----begin"],
            r"(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{64,}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----)",
        )
    },
    rule(
        "jwt",
        "JSON Web Token",
        Medium,
        &["eyj"],
        r"\b(ey[A-Za-z0-9]{17,}\.ey[A-Za-z0-9/\\_-]{17,}\.(?:[A-Za-z0-9/\\_-]{10,}={0,2})?)",
    ),
    rule(
        "azure-storage-connection-string",
        "Azure storage account key in a connection string",
        Critical,
        &["accountkey="],
        r"(?i)AccountKey=([A-Za-z0-9+/]{86}==)",
    ),
    rule(
        "azure-ad-client-secret",
        "Azure AD client secret",
        High,
        &["q~"],
        r#"(?:^|[\\'"`\s>=:(,)])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?:$|[\\'"`\s<),])"#,
    ),
    rule(
        "npm-access-token",
        "npm access token",
        Critical,
        &["npm_"],
        r"\b(npm_[A-Za-z0-9]{36})\b",
    ),
    rule(
        "pypi-upload-token",
        "PyPI upload token",
        High,
        &["pypi-ageichlwas5vcmc"],
        r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})",
    ),
    rule(
        "openai-api-key",
        "OpenAI API key",
        High,
        &["t3blbkfj"],
        r"\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74})\b",
    ),
    rule(
        "anthropic-api-key",
        "Anthropic API key",
        High,
        &["sk-ant-"],
        r"\b(sk-ant-(?:api03|admin01)-[A-Za-z0-9_\-]{93}AA)(?:[^A-Za-z0-9_\-]|$)",
    ),
    rule(
        "sendgrid-api-token",
        "SendGrid API key",
        High,
        &["sg."],
        r"\b(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})(?:[^A-Za-z0-9_\-]|$)",
    ),
    rule(
        "mailchimp-api-key",
        "Mailchimp API key",
        Medium,
        &["-us"],
        r"\b([0-9a-f]{32}-us[0-9]{1,2})\b",
    ),
    rule(
        "shopify-access-token",
        "Shopify access token",
        High,
        &["shpat_", "shpca_", "shppa_", "shpss_"],
        r"\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b",
    ),
    rule(
        "digitalocean-pat",
        "DigitalOcean personal access token",
        High,
        &["dop_v1_", "doo_v1_", "dor_v1_"],
        r"\b(do[opr]_v1_[a-f0-9]{64})\b",
    ),
    rule(
        "hashicorp-tf-api-token",
        "Terraform Cloud / Enterprise API token",
        High,
        &["atlasv1"],
        r"\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9\-_=]{60,70})",
    ),
    rule(
        "doppler-api-token",
        "Doppler API token",
        High,
        &["dp.pt."],
        r"\b(dp\.pt\.[A-Za-z0-9]{43})\b",
    ),
    rule(
        "square-access-token",
        "Square access token",
        High,
        &["sq0atp-", "eaaa"],
        r"\b((?:EAAA|sq0atp-)[0-9A-Za-z\-_]{22,60})\b",
    ),
    rule(
        "linear-api-key",
        "Linear API key",
        Medium,
        &["lin_api_"],
        r"\b(lin_api_[A-Za-z0-9]{40})\b",
    ),
    rule(
        "databricks-api-token",
        "Databricks API token",
        High,
        &["dapi"],
        r"\b(dapi[a-f0-9]{32}(?:-\d)?)\b",
    ),
    rule(
        "grafana-service-account-token",
        "Grafana service account token",
        High,
        &["glsa_"],
        r"\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b",
    ),
    rule(
        "age-secret-key",
        "age secret key",
        High,
        &["age-secret-key-1"],
        r"(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})",
    ),
    rule(
        "huggingface-access-token",
        "Hugging Face access token",
        High,
        &["hf_"],
        r"\b(hf_[A-Za-z]{34})\b",
    ),
    rule(
        "pulumi-api-token",
        "Pulumi API token",
        High,
        &["pul-"],
        r"\b(pul-[a-f0-9]{40})\b",
    ),
    rule(
        "postman-api-token",
        "Postman API key",
        High,
        &["pmak-"],
        r"\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b",
    ),
    rule(
        "new-relic-user-api-key",
        "New Relic user API key",
        High,
        &["nrak-"],
        r"\b(NRAK-[A-Z0-9]{27})\b",
    ),
    rule(
        "dynatrace-api-token",
        "Dynatrace API token",
        High,
        &["dt0c01."],
        r"\b(dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64})\b",
    ),
    rule(
        "alibaba-access-key-id",
        "Alibaba Cloud AccessKey ID",
        High,
        &["ltai"],
        r"\b(LTAI[A-Za-z0-9]{20})\b",
    ),
    SecretRule {
        min_entropy: Some(GENERIC_MIN_ENTROPY),
        generic: true,
        quoted_in_terraform: true,
        ..rule(
            "generic-api-key",
            "Hard-coded password, secret or token",
            High,
            &[
                "password",
                "passwd",
                "pwd",
                "secret",
                "token",
                "api_key",
                "apikey",
                "api-key",
                "access_key",
                "accesskey",
                "private_key",
                "credential",
                "auth_key",
            ],
            r#"(?i)([A-Za-z0-9_.\-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|auth[_-]?key)[A-Za-z0-9_\-]*)["']?[ \t]*(?::=|=>|=|:)[ \t]*(["'`]?)([^\s"'`;,]{8,200})"#,
        )
    },
];

/// The full id of a secret rule in reports.
pub fn rule_id(rule: &SecretRule) -> String {
    format!("kali/secret/{}", rule.id)
}

/// The shown part of a secret: its first [`SHOWN_CHARS`] characters, then `…`.
pub fn redact(secret: &str) -> String {
    let shown: String = secret.chars().take(SHOWN_CHARS).collect();
    format!("{shown}…")
}

/// A stable, one-way name for a secret: `sha256:` and the first 16 hex digits.
pub(crate) fn secret_hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    format!("sha256:{}", hex::encode(&digest[..8]))
}

/// Shannon entropy in bits per character.
pub(crate) fn entropy(s: &str) -> f64 {
    let mut counts = [0usize; 256];
    let bytes = s.as_bytes();
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / len;
            -p * p.log2()
        })
        .sum()
}

/// Words that mark a value as a placeholder, not a secret (compared case-insensitively).
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "changeme",
    "change_me",
    "change-me",
    "placeholder",
    "dummy",
    "redacted",
    "xxxxxxxx",
    "your_",
    "your-",
    "<your",
    "insert",
    "replace_me",
    "replaceme",
    "notasecret",
    "not_a_secret",
];

/// Whether the secret is a placeholder (`EXAMPLE`, `changeme`, `${var.…}`, `{{ … }}`).
pub(crate) fn is_placeholder(secret: &str) -> bool {
    let lower = secret.to_ascii_lowercase();
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    if secret.contains("${") || secret.contains("{{") || secret.contains("$(") {
        return true;
    }
    let first = secret.chars().next().unwrap_or(' ');
    if matches!(first, '$' | '<' | '%' | '{' | '[') {
        return true;
    }
    // One character repeated (`********`, `00000000`).
    let mut chars = secret.chars();
    let c0 = chars.next();
    chars.all(|c| Some(c) == c0)
}

/// Whether an unquoted value reads like an expression or a reference, not a literal
/// (`var.db_password`, `random_password.db.result`, `os.environ["X"]`, `getenv(...)`).
fn looks_like_reference(value: &str) -> bool {
    static REFERENCE: OnceLock<Regex> = OnceLock::new();
    let re = REFERENCE.get_or_init(|| {
        Regex::new(r"^(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_\-]*|\[[^\]]*\]|\([^)]*\)?)+|(?:var|local|module|data|each|self|process|os|env|settings|config|args)\b.*)$")
            .expect("the reference pattern is valid")
    });
    re.is_match(value)
}

/// Paths never scanned: lock files, vendored code, images, the ignore files themselves.
const ALLOWED_PATHS: &[&str] = &[
    r"(?:^|/)(?:\.git|node_modules|vendor|\.terraform)/",
    r"(?:^|/)(?:go\.sum|go\.mod|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|Gemfile\.lock|composer\.lock|\.terraform\.lock\.hcl)$",
    r"(?:^|/)(?:\.gitleaksignore|\.aetheredgeignore)$",
    r"(?i)\.(?:png|jpe?g|gif|ico|svg|pdf|woff2?|ttf|eot|zip|gz|tgz|jar|class|so|dylib|dll|exe|bin|min\.map|map)$",
];

/// A compiled allowlist: paths and patterns that are never reported.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    paths: Vec<Regex>,
    path_globs: Option<globset::GlobSet>,
    patterns: Vec<Regex>,
}

/// An allowlist entry that does not compile.
#[derive(Debug, thiserror::Error)]
pub enum AllowlistError {
    #[error("secrets.allow_patterns entry {pattern:?} is not a valid regex: {source}")]
    Pattern {
        pattern: String,
        #[source]
        source: regex::Error,
    },
    #[error("secrets.allow_paths entry {glob:?} is not a valid glob: {source}")]
    Glob {
        glob: String,
        #[source]
        source: globset::Error,
    },
}

impl Allowlist {
    /// The built-in path allowlist plus the repo's globs and regexes.
    pub fn new(path_globs: &[String], patterns: &[String]) -> Result<Allowlist, AllowlistError> {
        let paths = ALLOWED_PATHS
            .iter()
            .map(|p| Regex::new(p).expect("built-in path patterns are valid"))
            .collect();
        let path_globs = if path_globs.is_empty() {
            None
        } else {
            let mut builder = globset::GlobSetBuilder::new();
            for g in path_globs {
                builder.add(
                    globset::Glob::new(g).map_err(|source| AllowlistError::Glob {
                        glob: g.clone(),
                        source,
                    })?,
                );
            }
            Some(builder.build().map_err(|source| AllowlistError::Glob {
                glob: path_globs.join(", "),
                source,
            })?)
        };
        let patterns = patterns
            .iter()
            .map(|p| {
                Regex::new(p).map_err(|source| AllowlistError::Pattern {
                    pattern: p.clone(),
                    source,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Allowlist {
            paths,
            path_globs,
            patterns,
        })
    }

    /// The built-in allowlist alone.
    pub fn builtin() -> Allowlist {
        Allowlist::new(&[], &[]).expect("the built-in allowlist compiles")
    }

    pub(crate) fn allows_path(&self, path: &str) -> bool {
        self.paths.iter().any(|r| r.is_match(path))
            || self.path_globs.as_ref().is_some_and(|g| g.is_match(path))
    }

    pub(crate) fn allows_secret(&self, secret: &str, line: &str) -> bool {
        is_placeholder(secret)
            || self
                .patterns
                .iter()
                .any(|r| r.is_match(secret) || r.is_match(line))
    }
}

/// One secret found. Holds no secret: only its redacted form and its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    /// Index into [`RULES`].
    pub rule: usize,
    pub line: u32,
    pub column: u32,
    /// The first characters of the secret and `…`.
    pub redacted: String,
    /// `sha256:…` of the secret: stable across lines and commits.
    pub hash: String,
}

impl SecretMatch {
    pub fn rule(&self) -> &'static SecretRule {
        &RULES[self.rule]
    }
}

/// The compiled rules and the keyword prefilter.
pub struct Scanner {
    regexes: Vec<Regex>,
    keywords: AhoCorasick,
    /// For each keyword pattern, the rules it triggers.
    keyword_rules: Vec<Vec<usize>>,
    allowlist: Allowlist,
}

impl Scanner {
    pub fn new(allowlist: Allowlist) -> Scanner {
        let regexes = RULES
            .iter()
            .map(|r| Regex::new(r.pattern).expect("built-in secret patterns are valid"))
            .collect();
        let mut words: Vec<&str> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        for (i, r) in RULES.iter().enumerate() {
            for k in r.keywords {
                match words.iter().position(|w| w == k) {
                    Some(at) => keyword_rules[at].push(i),
                    None => {
                        words.push(k);
                        keyword_rules.push(vec![i]);
                    }
                }
            }
        }
        let keywords = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&words)
            .expect("keywords build an automaton");
        Scanner {
            regexes,
            keywords,
            keyword_rules,
            allowlist,
        }
    }

    pub fn allowlist(&self) -> &Allowlist {
        &self.allowlist
    }

    /// Secrets in `text` (the file at `path`). With `lines`, only matches that start on one
    /// of those 1-based lines (sorted ascending) are reported.
    pub fn scan(&self, path: &str, text: &str, lines: Option<&[u32]>) -> Vec<SecretMatch> {
        if self.allowlist.allows_path(path) {
            return Vec::new();
        }
        if lines.is_some_and(|l| l.is_empty()) {
            return Vec::new();
        }
        let terraform =
            path.ends_with(".tf") || path.ends_with(".tfvars") || path.ends_with(".hcl");
        let bytes = text.as_bytes();
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', bytes).collect();
        let line_index = |offset: usize| newlines.partition_point(|&n| n < offset);
        let line_start = |idx: usize| if idx == 0 { 0 } else { newlines[idx - 1] + 1 };
        let line_end = |idx: usize| newlines.get(idx).copied().unwrap_or(bytes.len());

        // Windows to search, per rule, in text order; overlapping windows are merged, so a
        // line dense with keywords is searched once per rule, not once per keyword.
        let mut places: Vec<Vec<(usize, usize)>> = vec![Vec::new(); RULES.len()];
        for hit in self.keywords.find_overlapping_iter(text) {
            let idx = line_index(hit.start());
            if let Some(lines) = lines {
                let number = u32::try_from(idx + 1).unwrap_or(u32::MAX);
                if lines.binary_search(&number).is_err() {
                    continue;
                }
            }
            let (ls, le) = (line_start(idx), line_end(idx));
            for &r in &self.keyword_rules[hit.pattern().as_usize()] {
                let rule = &RULES[r];
                let (mut start, mut end) = if rule.multiline {
                    (
                        hit.start(),
                        (hit.start() + MULTILINE_AFTER).min(bytes.len()),
                    )
                } else if le - ls <= MAX_LINE_BYTES {
                    (ls, le)
                } else {
                    (
                        hit.start().saturating_sub(WINDOW_BEFORE).max(ls),
                        (hit.end() + WINDOW_AFTER).min(le),
                    )
                };
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let windows = &mut places[r];
                let count = windows.len();
                match windows.last_mut() {
                    Some(last) if start <= last.1 => last.1 = last.1.max(end),
                    _ if count >= MAX_PLACES_PER_FILE => {
                        tracing::debug!(path, rule = rule.id, "secret scan: places capped");
                    }
                    _ => windows.push((start, end)),
                }
            }
        }
        let places: Vec<(usize, usize, usize)> = places
            .into_iter()
            .enumerate()
            .flat_map(|(r, w)| w.into_iter().map(move |(s, e)| (s, e, r)))
            .collect();

        let mut found: Vec<(SecretMatch, usize, usize)> = Vec::new();
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        for (start, end, r) in places {
            let rule = &RULES[r];
            let window = &text[start..end];
            for caps in self.regexes[r].captures_iter(window) {
                let Some(m) = caps
                    .get(if rule.generic { 3 } else { 1 })
                    .or_else(|| caps.get(0))
                else {
                    continue;
                };
                let (abs_start, abs_end) = (start + m.start(), start + m.end());
                if !seen.insert((r, abs_start)) {
                    continue;
                }
                let secret = m.as_str();
                let idx = line_index(abs_start);
                let context_start = abs_start.saturating_sub(WINDOW_BEFORE).max(line_start(idx));
                let context_end = (abs_end + WINDOW_BEFORE).min(line_end(idx).max(abs_end));
                let line_text = safe_slice(text, context_start, context_end);
                if rule.generic {
                    let quote = caps.get(2).map_or("", |q| q.as_str());
                    if quote.is_empty() && (terraform || looks_like_reference(secret)) {
                        continue;
                    }
                    if !secret.chars().any(|c| c.is_ascii_digit())
                        && !secret.chars().any(|c| !c.is_ascii_alphanumeric())
                        && secret.len() < 20
                    {
                        // A plain word (`password = "something"`) is not worth a finding.
                        continue;
                    }
                }
                if rule.min_entropy.is_some_and(|min| entropy(secret) < min) {
                    continue;
                }
                if self.allowlist.allows_secret(secret, line_text) {
                    continue;
                }
                if let Some(lines) = lines {
                    let number = u32::try_from(idx + 1).unwrap_or(u32::MAX);
                    if lines.binary_search(&number).is_err() {
                        continue;
                    }
                }
                let column = text[line_start(idx)..abs_start].chars().count() + 1;
                found.push((
                    SecretMatch {
                        rule: r,
                        line: u32::try_from(idx + 1).unwrap_or(u32::MAX),
                        column: u32::try_from(column).unwrap_or(u32::MAX),
                        redacted: redact(secret),
                        hash: secret_hash(secret),
                    },
                    abs_start,
                    abs_end,
                ));
            }
        }
        // A generic match over a secret a provider rule already named is the same secret.
        let specific: Vec<(usize, usize)> = found
            .iter()
            .filter(|(m, _, _)| !m.rule().generic)
            .map(|(_, s, e)| (*s, *e))
            .collect();
        found.retain(|(m, s, e)| {
            !m.rule().generic || !specific.iter().any(|(ss, se)| s < se && ss < e)
        });
        let mut out: Vec<SecretMatch> = found.into_iter().map(|(m, _, _)| m).collect();
        out.sort_by_key(|m| (m.line, m.column, m.rule));
        out.dedup_by(|a, b| a.line == b.line && a.hash == b.hash && a.rule == b.rule);
        if out.len() > MAX_FINDINGS_PER_FILE {
            tracing::debug!(path, found = out.len(), "secret findings capped");
            out.truncate(MAX_FINDINGS_PER_FILE);
        }
        out
    }
}

/// `text[start..end]`, widened to character boundaries.
fn safe_slice(text: &str, mut start: usize, mut end: usize) -> &str {
    end = end.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

/// An ignore file's entries: finding fingerprints, secret hashes, and gitleaks-style
/// `[commit:]path:rule:line` entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct IgnoreList {
    entries: HashSet<String>,
    /// (path, rule, line) of gitleaks-style entries.
    located: HashSet<(String, String, u32)>,
}

/// The ignore files read, in the order they are read.
pub const IGNORE_FILES: &[&str] = &[".gitleaksignore", ".aetheredgeignore"];

impl IgnoreList {
    /// Parses the text of an ignore file (blank lines and `#` comments skipped).
    #[cfg(test)]
    fn parse(text: &str) -> IgnoreList {
        let mut list = IgnoreList::default();
        list.extend(text);
        list
    }

    pub fn extend(&mut self, text: &str) {
        for raw in text.lines() {
            let entry = raw.trim();
            if entry.is_empty() || entry.starts_with('#') {
                continue;
            }
            self.entries.insert(entry.to_string());
            let parts: Vec<&str> = entry.rsplitn(3, ':').collect();
            if let [line, rule, rest] = parts.as_slice() {
                if let Ok(line) = line.parse::<u32>() {
                    // `rest` is `path` or `commit:path`.
                    let path = match rest.split_once(':') {
                        Some((commit, path))
                            if commit.len() >= 7
                                && commit.chars().all(|c| c.is_ascii_hexdigit()) =>
                        {
                            path
                        }
                        _ => rest,
                    };
                    let rule = rule.trim_start_matches("kali/secret/");
                    self.located
                        .insert((path.to_string(), rule.to_string(), line));
                }
            }
        }
    }

    /// Whether a secret at `path:line` found by `rule` with this hash or fingerprint is ignored.
    pub(crate) fn ignores(
        &self,
        path: &str,
        rule: &str,
        line: u32,
        hash: &str,
        fingerprint: &str,
    ) -> bool {
        self.entries.contains(hash)
            || self.entries.contains(fingerprint)
            || self
                .located
                .contains(&(path.to_string(), rule.to_string(), line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(path: &str, text: &str) -> Vec<(String, u32)> {
        Scanner::new(Allowlist::builtin())
            .scan(path, text, None)
            .into_iter()
            .map(|m| (m.rule().id.to_string(), m.line))
            .collect()
    }

    /// A token built at run time, so this file holds no literal that looks like a secret.
    fn token(prefix: &str, alphabet: &str, len: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        let mut out = prefix.to_string();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            out.push(chars[(x % chars.len() as u64) as usize]);
        }
        out
    }

    const UPPER_DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    #[test]
    fn there_are_at_least_thirty_provider_rules() {
        assert!(RULES.iter().filter(|r| !r.generic).count() >= 30);
        let ids: HashSet<&str> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), RULES.len(), "rule ids are unique");
    }

    #[test]
    fn provider_tokens_are_found_on_their_line() {
        let cases = [
            ("aws-access-token", token("AKIA", UPPER_DIGITS, 16)),
            ("github-pat", token("ghp_", ALNUM, 36)),
            ("github-oauth", token("gho_", ALNUM, 36)),
            ("github-app-token", token("ghs_", ALNUM, 36)),
            ("github-fine-grained-pat", token("github_pat_", ALNUM, 82)),
            ("gitlab-pat", token("glpat-", ALNUM, 20)),
            (
                "slack-bot-token",
                format!("xoxb-1234567890-1234567890-{}", token("", ALNUM, 24)),
            ),
            ("stripe-access-token", token("sk_live_", ALNUM, 24)),
            ("gcp-api-key", token("AIza", ALNUM, 35)),
            ("npm-access-token", token("npm_", ALNUM, 36)),
            (
                "azure-storage-connection-string",
                format!(
                    "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={}==;EndpointSuffix=core.windows.net",
                    token("", ALNUM, 86)
                ),
            ),
            (
                "jwt",
                format!(
                    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.{}",
                    token("", ALNUM, 30)
                ),
            ),
        ];
        for (rule, secret) in cases {
            let text = format!("# config\nvalue: {secret}\n");
            let found = scan("config.yaml", &text);
            assert!(found.contains(&(rule.to_string(), 2)), "{rule}: {found:?}");
        }
    }

    #[test]
    fn the_aws_pair_in_a_shell_script_is_two_findings() {
        let id = token("AKIA", UPPER_DIGITS, 16);
        let secret = token("", ALNUM, 38) + "/+";
        let text = format!(
            "#!/bin/sh\nexport AWS_ACCESS_KEY_ID={id}\nexport AWS_SECRET_ACCESS_KEY={secret}\n"
        );
        let found = scan("deploy.sh", &text);
        assert_eq!(
            found,
            vec![
                ("aws-access-token".to_string(), 2),
                ("aws-secret-access-key".to_string(), 3)
            ]
        );
        let matches = Scanner::new(Allowlist::builtin()).scan("deploy.sh", &text, None);
        assert_eq!(matches[0].redacted, format!("{}…", &id[..4]));
        assert!(!format!("{matches:?}").contains(&id[4..]));
        assert!(!format!("{matches:?}").contains(&secret[4..]));
    }

    #[test]
    fn private_keys_span_lines() {
        let body = token("", ALNUM, 64);
        let text = format!(
            "key = <<EOF\n-----BEGIN RSA PRIVATE KEY-----\n{body}\n{body}\n-----END RSA PRIVATE KEY-----\nEOF\n"
        );
        assert_eq!(scan("k.tf", &text), vec![("private-key".to_string(), 2)]);
        let doc = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n";
        assert!(
            scan("README.md", doc).is_empty(),
            "a header alone is no key"
        );
    }

    #[test]
    fn generic_assignments_need_entropy_and_a_literal() {
        let strong = "Zx9#qT4!mW2@rL7$";
        assert_eq!(
            scan("app.env", &format!("DB_PASSWORD={strong}\n")),
            vec![("generic-api-key".to_string(), 1)]
        );
        assert_eq!(
            scan("main.tf", &format!("  password = \"{strong}\"\n")),
            vec![("generic-api-key".to_string(), 1)]
        );
        assert!(scan("main.tf", "  password = var.db_password\n").is_empty());
        assert!(scan("main.tf", "  password = random_password.db.result\n").is_empty());
        assert!(
            scan("app.env", "PASSWORD=aaaaaaaaaaaa\n").is_empty(),
            "low entropy"
        );
        assert!(scan("a.yaml", "password: changeme123456\n").is_empty());
        assert!(scan("a.tf", "  password = \"${var.db_password}\"\n").is_empty());
        assert!(scan("a.py", "token = os.environ[\"GH_TOKEN\"]\n").is_empty());
    }

    #[test]
    fn placeholders_and_allowlisted_paths_are_not_reported() {
        assert!(scan("a.sh", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n").is_empty());
        let id = token("AKIA", UPPER_DIGITS, 16);
        assert!(scan("node_modules/x/index.js", &format!("k='{id}'\n")).is_empty());
        assert!(scan("package-lock.json", &format!("k='{id}'\n")).is_empty());
        let custom = Allowlist::new(&["test/**".into()], &["^AKIA.*QQ$".into()]).unwrap();
        let scanner = Scanner::new(custom);
        assert!(scanner
            .scan("test/a.sh", &format!("{id}\n"), None)
            .is_empty());
        assert!(scanner
            .scan("a.sh", "AKIAABCDEFGHIJKLMNQQ\n", None)
            .is_empty());
        assert_eq!(scanner.scan("a.sh", &format!("{id}\n"), None).len(), 1);
        assert!(Allowlist::new(&[], &["(".into()]).is_err());
    }

    #[test]
    fn only_the_given_lines_are_reported() {
        let a = token("ghp_", ALNUM, 36);
        let b = token("glpat-", ALNUM, 20);
        let text = format!("{a}\nnothing\n{b}\n");
        let scanner = Scanner::new(Allowlist::builtin());
        let found = scanner.scan("x.txt", &text, Some(&[3]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule().id, "gitlab-pat");
        assert!(scanner.scan("x.txt", &text, Some(&[])).is_empty());
    }

    #[test]
    fn the_hash_is_stable_and_hides_the_secret() {
        assert_eq!(secret_hash("abc"), secret_hash("abc"));
        assert_ne!(secret_hash("abc"), secret_hash("abd"));
        assert!(!secret_hash("supersecret").contains("supersecret"));
        assert_eq!(redact("ghp_abcdef"), "ghp_…");
        assert_eq!(redact("é1"), "é1…");
    }

    #[test]
    fn ignore_files_take_fingerprints_hashes_and_gitleaks_entries() {
        let list = IgnoreList::parse(
            "# comment\n0123abcd0123abcd0123abcd\nsha256:00112233aabbccdd\n1a2b3c4d5e6f7a8b9c0d:deploy.sh:aws-access-token:3\nconf/app.env:generic-api-key:7\n",
        );
        assert!(list.ignores("x", "r", 1, "sha256:00112233aabbccdd", "f"));
        assert!(list.ignores("x", "r", 1, "h", "0123abcd0123abcd0123abcd"));
        assert!(list.ignores("deploy.sh", "aws-access-token", 3, "h", "f"));
        assert!(list.ignores("conf/app.env", "generic-api-key", 7, "h", "f"));
        assert!(!list.ignores("conf/app.env", "generic-api-key", 8, "h", "f"));
    }

    #[test]
    fn a_long_minified_line_is_scanned_in_windows() {
        let id = token("AKIA", UPPER_DIGITS, 16);
        let mut text = String::new();
        for i in 0..20_000 {
            text.push_str(&format!("var a{i}=\"token\";"));
        }
        text.push_str(&format!("var k=\"{id}\";"));
        let found = scan("app.min.js", &text);
        assert_eq!(found, vec![("aws-access-token".to_string(), 1)]);
    }
}
