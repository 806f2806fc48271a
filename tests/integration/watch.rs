//! `aetheredge watch` end to end, with real processes: the built binary watches real git
//! repos in temp dirs, publishes sites, writes outbox files, and talks to the local GitHub
//! stand-in (`github_standin`) the way it talks to GitHub. Each test drives it the way a
//! user would: commits, pushes to a pull request, webhooks, signals, `kill -9`.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use crate::github_standin::{Pull, StandIn};
use aetheredge::fixture::Scenario;
use aetheredge::github::comment::marker_head;
use hmac::Mac;

use crate::support;

pub(crate) const TOKEN: &str = "ghp_StandInTokenForTheWatcher000000000001";
const SECRET: &str = "a webhook secret shared with GitHub";

const MAIN_TF: &str = r#"resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
"#;

/// A repo with `main` and the given extra branches, each one commit ahead of main.
fn repo_with(dir: &Path, branches: &[&str]) -> PathBuf {
    let mut commits: Vec<(&str, Vec<(&str, String)>)> =
        vec![("main", vec![("main.tf", MAIN_TF.to_string())])];
    for b in branches {
        commits.push((
            *b,
            vec![(
                "queue.tf",
                format!(
                    "resource \"aws_sqs_queue\" \"q\" {{\n  name = \"{}\"\n}}\n",
                    b.replace('/', "-")
                ),
            )],
        ));
    }
    Scenario::from_commits("watch", commits)
        .build(&dir.join("repo"))
        .unwrap()
        .path
}

/// Commits `path` = `content` on top of `branch` (created from main if missing); returns the sha.
fn commit(repo: &Path, branch: &str, path: &str, content: &str) -> String {
    let git = git2::Repository::open(repo).unwrap();
    let parent = git
        .find_reference(&format!("refs/heads/{branch}"))
        .or_else(|_| git.find_reference("refs/heads/main"))
        .unwrap()
        .peel_to_commit()
        .unwrap();
    let mut tree = git.treebuilder(Some(&parent.tree().unwrap())).unwrap();
    let blob = git.blob(content.as_bytes()).unwrap();
    tree.insert(path, blob, 0o100644).unwrap();
    let tree = git.find_tree(tree.write().unwrap()).unwrap();
    let sig = git2::Signature::now("Dev", "dev@example.com").unwrap();
    let id = git
        .commit(
            Some(&format!("refs/heads/{branch}")),
            &sig,
            &sig,
            &format!("change {path}"),
            &tree,
            &[&parent],
        )
        .unwrap();
    id.to_string()
}

/// Pull request `number` from `feature/queue` into `main`, at the given commits.
fn queue_pull(number: u64, head_sha: &str, base_sha: &str) -> Pull {
    Pull {
        number,
        head_ref: "feature/queue".into(),
        head_sha: head_sha.into(),
        base_ref: "main".into(),
        base_sha: base_sha.into(),
    }
}

pub(crate) fn write_config(dir: &Path, yaml: &str) -> PathBuf {
    let path = dir.join("bot.yaml");
    std::fs::write(&path, yaml).unwrap();
    path
}

/// A running watcher; killed when dropped.
pub(crate) struct Watcher {
    child: Child,
    log: PathBuf,
}

impl Watcher {
    pub(crate) fn start(config: &Path, args: &[&str], env: &[(&str, &str)]) -> Watcher {
        let log = config.with_extension(format!(
            "{}.log",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let mut cmd = support::command();
        cmd.arg("watch")
            .arg("--config")
            .arg(config)
            .args(args)
            .env_remove("GITHUB_TOKEN")
            .env_remove("GITHUB_APP_ID")
            .env("AETHEREDGE_LOG", "info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        for (k, v) in env {
            cmd.env(k, v);
        }
        Watcher {
            child: cmd.spawn().unwrap(),
            log,
        }
    }

    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One tick of every repo in `config`, with no GitHub token or certificate setting of the
/// test's own environment, only `envs`.
pub(crate) fn watch_once_with(
    config: &Path,
    extra: &[&str],
    envs: &[(&str, &std::ffi::OsStr)],
) -> Output {
    let mut cmd = support::command();
    cmd.args(["watch", "--once", "--config"])
        .arg(config)
        .args(extra)
        .env_remove("GITHUB_TOKEN")
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR");
    for (name, value) in envs {
        cmd.env(name, value);
    }
    cmd.output().unwrap()
}

/// Polls `check` until it is true or `within` has passed; returns how long it took.
/// One tick of every repo in `config` (with `extra` arguments), without GitHub; it must
/// succeed.
pub(crate) fn watch_once(config: &Path, extra: &[&str]) {
    let out = watch_once_with(config, extra, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub(crate) fn wait_for(within: Duration, mut check: impl FnMut() -> bool) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < within {
        if check() {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

/// The sha the site's home page names, read from its `<code class="sha">` element.
fn site_sha(site: &Path) -> Option<String> {
    let html = std::fs::read_to_string(site.join("index.html")).ok()?;
    let start = html.find("<code class=\"sha\">")? + "<code class=\"sha\">".len();
    let end = html[start..].find("</code>")? + start;
    Some(html[start..end].to_string())
}

/// A whole site: every top-level page there and a complete home page.
fn assert_whole_site(site: &Path) {
    for page in [
        "index.html",
        "inventory.html",
        "findings.html",
        "modules/index.html",
        "compliance/index.html",
        "docs/index.html",
    ] {
        assert!(site.join(page).is_file(), "{page} is missing from the site");
    }
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.trim_end().ends_with("</html>"), "a cut home page");
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP/1.1 request; returns the status and the body.
pub(crate) fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Option<(u16, String)> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let status = answer.split_whitespace().nth(1)?.parse().ok()?;
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    Some((status, body))
}

/// Prometheus text as `name{labels}` → value.
pub(crate) fn parse_metrics(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (k, v) = l.rsplit_once(' ')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect()
}

fn sign(body: &[u8]) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

pub(crate) fn github_env(gh: &StandIn) -> Vec<(&'static str, String)> {
    vec![
        ("GITHUB_TOKEN", TOKEN.to_string()),
        ("GITHUB_API_URL", gh.url.clone()),
        ("AETHEREDGE_GITHUB_RETRY_BASE_MS", "10".to_string()),
    ]
}

pub(crate) fn as_env<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn head_of(repo: &Path, branch: &str) -> String {
    git2::Repository::open(repo)
        .unwrap()
        .find_reference(&format!("refs/heads/{branch}"))
        .unwrap()
        .peel_to_commit()
        .unwrap()
        .id()
        .to_string()
}

#[test]
fn a_commit_on_main_is_published_within_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_with(dir.path(), &[]);
    let site = dir.path().join("www");
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state}\nrepos:\n  - name: infra\n    source: {repo}\n    default_branch: main\n    schedule: \"* * * * * *\"\n    site:\n      dir: {site}\n",
            state = dir.path().join("state").display(),
            repo = repo.display(),
            site = site.display()
        ),
    );
    let mut watcher = Watcher::start(&config, &[], &[]);
    let first = head_of(&repo, "main");
    assert!(
        wait_for(Duration::from_secs(60), || site_sha(&site).as_deref()
            == Some(first.as_str()))
        .is_some(),
        "the first site never appeared:\n{}",
        watcher.log()
    );
    let second = commit(
        &repo,
        "main",
        "cache.tf",
        "resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}\n",
    );
    let took = wait_for(Duration::from_secs(30), || {
        site_sha(&site).as_deref() == Some(second.as_str())
    });
    assert!(
        took.is_some(),
        "the new commit was not published:\n{}",
        watcher.log()
    );
    eprintln!(
        "the commit on main was published {:?} after it was made",
        took.unwrap()
    );
    assert!(took.unwrap() < Duration::from_secs(15));
    assert_whole_site(&site);
    watcher.signal("TERM");
    let status = watcher
        .wait_exit(Duration::from_secs(30))
        .expect("exits after SIGTERM");
    assert!(status.success(), "{status:?}\n{}", watcher.log());
}

#[test]
fn a_push_to_a_pull_request_updates_its_one_comment() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_with(dir.path(), &["feature/queue"]);
    let gh = StandIn::start();
    let main = head_of(&repo, "main");
    let head = head_of(&repo, "feature/queue");
    let pull = |head_sha: &str| queue_pull(7, head_sha, &main);
    gh.set_pull(pull(&head));
    let config = write_config(
        dir.path(),
        &format!(
            // In the watcher's process, where the parse cache lives across ticks.
            "state_dir: {state}\nrepos:\n  - name: infra\n    source: {repo}\n    schedule: \"* * * * * *\"\n    isolated: false\n    github:\n      repo: octo-org/infra\n",
            state = dir.path().join("state").display(),
            repo = repo.display(),
        ),
    );
    let env = github_env(&gh);
    let watcher = Watcher::start(&config, &["--log-format", "json"], &as_env(&env));
    let marker = |gh: &StandIn| -> Vec<String> {
        gh.comments()
            .iter()
            .filter_map(|c| marker_head(&c.body).map(str::to_string))
            .collect()
    };
    assert!(
        wait_for(Duration::from_secs(60), || marker(&gh)
            == vec![head.clone()])
        .is_some(),
        "no comment about {head}: {:?}\n{}",
        marker(&gh),
        watcher.log()
    );
    let pushed = commit(
        &repo,
        "feature/queue",
        "queue.tf",
        "resource \"aws_sqs_queue\" \"q\" {\n  name = \"renamed\"\n}\n",
    );
    gh.set_pull(pull(&pushed));
    let took = wait_for(Duration::from_secs(30), || {
        marker(&gh) == vec![pushed.clone()]
    });
    assert!(
        took.is_some(),
        "the comment was not updated: {:?}\n{}",
        marker(&gh),
        watcher.log()
    );
    eprintln!("the comment was updated {:?} after the push", took.unwrap());
    // Ticks go on: nothing more is written while the head stays put.
    std::thread::sleep(Duration::from_secs(3));
    let writes: Vec<String> = gh
        .writes()
        .iter()
        .map(|w| format!("{} {}", w.method, w.path))
        .collect();
    assert_eq!(
        writes,
        vec![
            "POST /repos/octo-org/infra/issues/7/comments".to_string(),
            format!(
                "PATCH /repos/octo-org/infra/issues/comments/{}",
                gh.comments()[0].id
            ),
        ]
    );
    assert_eq!(gh.comments().len(), 1);
    // The ticks that reviewed: the first parsed both files; after the push, only the
    // changed one was parsed, main.tf came from the cache kept across ticks.
    let parsed: Vec<u64> = watcher
        .log()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|l| l["fields"]["message"] == "reconciled")
        .filter_map(|l| l["fields"]["parsed_files"].as_u64())
        .filter(|n| *n > 0)
        .collect();
    assert_eq!(parsed, vec![2, 1], "{}", watcher.log());
    // The token went to GitHub, and never to the log.
    assert!(gh.requests().iter().all(|r| r
        .authorization
        .as_deref()
        .is_some_and(|a| a.contains(TOKEN))));
    assert!(!watcher.log().contains(TOKEN));
}

#[test]
fn kill_9_and_a_restart_leave_one_comment_and_a_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_with(dir.path(), &["feature/queue"]);
    let gh = StandIn::start();
    let main = head_of(&repo, "main");
    let site = dir.path().join("www");
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state}\nrepos:\n  - name: infra\n    source: {repo}\n    schedule: \"* * * * * *\"\n    site:\n      dir: {site}\n    github:\n      repo: octo-org/infra\n",
            state = dir.path().join("state").display(),
            repo = repo.display(),
            site = site.display(),
        ),
    );
    let env = github_env(&gh);
    let mut last_head = head_of(&repo, "feature/queue");
    let mut last_main = main.clone();
    // Kill at different moments of a run: during the first tick, and while later commits
    // are being reviewed and published.
    for (round, delay_ms) in [300u64, 900, 1700, 2500].into_iter().enumerate() {
        gh.set_pull(queue_pull(3, &last_head, &last_main));
        let mut watcher = Watcher::start(&config, &[], &as_env(&env));
        std::thread::sleep(Duration::from_millis(delay_ms));
        watcher.child.kill().unwrap(); // SIGKILL
        watcher.child.wait().unwrap();
        assert!(
            gh.comments().len() <= 1,
            "round {round}: {} comments",
            gh.comments().len()
        );
        if site.exists() {
            assert_whole_site(&site);
        }
        last_head = commit(
            &repo,
            "feature/queue",
            "queue.tf",
            &format!("resource \"aws_sqs_queue\" \"q\" {{\n  name = \"round-{round}\"\n}}\n"),
        );
        last_main = commit(
            &repo,
            "main",
            "main.tf",
            &MAIN_TF.replace("acme-logs", &format!("acme-logs-{round}")),
        );
    }
    gh.set_pull(queue_pull(3, &last_head, &last_main));
    let watcher = Watcher::start(&config, &[], &as_env(&env));
    let settled = wait_for(Duration::from_secs(60), || {
        let c = gh.comments();
        c.len() == 1
            && marker_head(&c[0].body) == Some(last_head.as_str())
            && site_sha(&site).as_deref() == Some(last_main.as_str())
    });
    assert!(
        settled.is_some(),
        "{:?}\n{}",
        gh.comments()
            .iter()
            .map(|c| marker_head(&c.body).map(str::to_string))
            .collect::<Vec<_>>(),
        watcher.log()
    );
    assert_eq!(gh.comments().len(), 1);
    assert_whole_site(&site);
}

#[test]
fn outbox_mode_reviews_matching_branches_and_follows_them() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_with(dir.path(), &["feature/queue", "hotfix/typo"]);
    let outbox = dir.path().join("outbox");
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state}\nrepos:\n  - name: infra\n    source: {repo}\n    default_branch: main\n    branches: \"feature/*\"\n    outbox: {outbox}\n",
            state = dir.path().join("state").display(),
            repo = repo.display(),
            outbox = outbox.display(),
        ),
    );
    let once = || watch_once(&config, &[]);
    let files = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&outbox)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    let recorded = |file: &str| {
        let text = std::fs::read_to_string(outbox.join(file)).unwrap();
        marker_head(&text).map(str::to_string)
    };
    once();
    assert_eq!(files(), vec!["feature__queue.md"]);
    assert_eq!(
        recorded("feature__queue.md"),
        Some(head_of(&repo, "feature/queue"))
    );
    let text = std::fs::read_to_string(outbox.join("feature__queue.md")).unwrap();
    assert!(
        text.contains("aws_sqs_queue.q"),
        "the review names the new resource:\n{text}"
    );

    // Unchanged: the file is left alone (same bytes, same modification time).
    let modified = std::fs::metadata(outbox.join("feature__queue.md"))
        .unwrap()
        .modified()
        .unwrap();
    once();
    assert_eq!(
        std::fs::metadata(outbox.join("feature__queue.md"))
            .unwrap()
            .modified()
            .unwrap(),
        modified
    );

    // A new commit and a new branch.
    let moved = commit(
        &repo,
        "feature/queue",
        "queue.tf",
        "resource \"aws_sqs_queue\" \"q\" {\n  name = \"moved\"\n}\n",
    );
    let added = commit(
        &repo,
        "feature/db",
        "db.tf",
        "resource \"aws_db_instance\" \"db\" {\n  instance_class = \"db.t3.micro\"\n}\n",
    );
    once();
    assert_eq!(files(), vec!["feature__db.md", "feature__queue.md"]);
    assert_eq!(recorded("feature__queue.md"), Some(moved));
    assert_eq!(recorded("feature__db.md"), Some(added));

    // A deleted branch's file goes with it.
    git2::Repository::open(&repo)
        .unwrap()
        .find_branch("feature/db", git2::BranchType::Local)
        .unwrap()
        .delete()
        .unwrap();
    once();
    assert_eq!(files(), vec!["feature__queue.md"]);
}

#[test]
fn webhooks_with_a_valid_signature_reconcile_at_once_and_others_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_with(dir.path(), &[]);
    let site = dir.path().join("www");
    let port = free_port();
    let config = write_config(
        dir.path(),
        &format!(
            // Once a year: only the first tick and webhooks run here.
            "state_dir: {state}\nrepos:\n  - name: infra\n    source: {repo}\n    schedule: \"0 0 0 1 1 *\"\n    site:\n      dir: {site}\n",
            state = dir.path().join("state").display(),
            repo = repo.display(),
            site = site.display()
        ),
    );
    let listen = format!("127.0.0.1:{port}");
    let mut watcher = Watcher::start(
        &config,
        &["--listen", &listen],
        &[("AETHEREDGE_WEBHOOK_SECRET", SECRET)],
    );
    let first = head_of(&repo, "main");
    assert!(
        wait_for(Duration::from_secs(60), || site_sha(&site).as_deref()
            == Some(first.as_str()))
        .is_some(),
        "{}",
        watcher.log()
    );
    assert_eq!(
        http(port, "GET", "/healthz", &[], b"").map(|a| a.0),
        Some(200)
    );
    assert_eq!(
        http(port, "GET", "/readyz", &[], b"").map(|a| a.0),
        Some(200)
    );

    let second = commit(
        &repo,
        "main",
        "cache.tf",
        "resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}\n",
    );
    let payload = serde_json::json!({
        "ref": "refs/heads/main",
        "after": second,
        "repository": {"name": "infra", "full_name": "octo-org/infra"}
    })
    .to_string();
    let push = |signature: &str| {
        http(
            port,
            "POST",
            "/webhook",
            &[
                ("x-github-event", "push"),
                ("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
                ("content-type", "application/json"),
                ("x-hub-signature-256", signature),
            ],
            payload.as_bytes(),
        )
        .unwrap()
        .0
    };
    // A forged delivery: the body signed with another secret, or no signature.
    let mut forged = sign(payload.as_bytes());
    forged.replace_range(10..12, if &forged[10..12] == "00" { "11" } else { "00" });
    assert_eq!(push(&forged), 401);
    assert_eq!(push(""), 401);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        site_sha(&site),
        Some(first.clone()),
        "a forged webhook must not trigger"
    );

    assert_eq!(push(&sign(payload.as_bytes())), 202);
    let took = wait_for(Duration::from_secs(30), || {
        site_sha(&site).as_deref() == Some(second.as_str())
    });
    assert!(took.is_some(), "{}", watcher.log());
    eprintln!("published {:?} after the webhook", took.unwrap());

    // The site is in place a moment before the publish is counted: wait for the count.
    let publishes = "aetheredge_site_publishes_total{repo=\"infra\"}";
    let counted = wait_for(Duration::from_secs(10), || {
        let metrics = parse_metrics(&http(port, "GET", "/metrics", &[], b"").unwrap().1);
        metrics.get(publishes) == Some(&2.0)
    });
    assert!(counted.is_some(), "{}", watcher.log());
    let metrics = parse_metrics(&http(port, "GET", "/metrics", &[], b"").unwrap().1);
    assert_eq!(
        metrics.get("aetheredge_webhooks_total{event=\"unknown\",outcome=\"bad_signature\"}"),
        Some(&2.0)
    );
    assert_eq!(
        metrics.get("aetheredge_webhooks_total{event=\"push\",outcome=\"reconcile\"}"),
        Some(&1.0)
    );
    assert_eq!(
        metrics.get("aetheredge_site_publishes_total{repo=\"infra\"}"),
        Some(&2.0)
    );
    assert!(metrics.contains_key("aetheredge_last_success_timestamp_seconds{repo=\"infra\"}"));

    watcher.signal("TERM");
    let status = watcher
        .wait_exit(Duration::from_secs(30))
        .expect("exits after SIGTERM");
    assert!(status.success(), "{status:?}\n{}", watcher.log());
}

#[test]
fn sigterm_during_a_reconcile_finishes_it_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_with(dir.path(), &["feature/a", "feature/b", "feature/c"]);
    let outbox = dir.path().join("outbox");
    let port = free_port();
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state}\nrepos:\n  - name: infra\n    source: {repo}\n    schedule: \"* * * * * *\"\n    branches: \"feature/*\"\n    outbox: {outbox}\n    site:\n      dir: {site}\n",
            state = dir.path().join("state").display(),
            repo = repo.display(),
            outbox = outbox.display(),
            site = dir.path().join("www").display(),
        ),
    );
    let listen = format!("127.0.0.1:{port}");
    let mut watcher = Watcher::start(&config, &["--listen", &listen, "--log-format", "json"], &[]);
    let ready = || http(port, "GET", "/readyz", &[], b"").map(|a| a.0) == Some(200);
    assert!(
        wait_for(Duration::from_secs(30), ready).is_some(),
        "{}",
        watcher.log()
    );
    // The first tick has started (three reviews and a site to do): SIGTERM while it runs.
    watcher.signal("TERM");
    let status = watcher
        .wait_exit(Duration::from_secs(40))
        .expect("exits after SIGTERM");
    assert!(status.success(), "{status:?}\n{}", watcher.log());
    // What was in flight was finished, not cut.
    let mut files: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["feature__a.md", "feature__b.md", "feature__c.md"]);
    assert_whole_site(&dir.path().join("www"));
    // The logs are JSON lines, with the repo on the reconcile span.
    let log = watcher.log();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        lines.iter().any(|l| l["fields"]["message"] == "SIGTERM"),
        "{log}"
    );
    assert!(lines.iter().any(|l| l["span"]["repo"] == "infra"), "{log}");
}

#[test]
fn a_config_error_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // Runs one tick with this config; it must exit 2. Gives the config's path and stderr.
    let refused = |text: &str| {
        let config = write_config(dir.path(), text);
        let out = support::command()
            .args(["watch", "--once", "--config"])
            .arg(&config)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        (config, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (config, stderr) = refused(
        "repos:\n  - name: infra\n    source: /srv/infra\n    schedule: \"every two seconds\"\n",
    );
    assert!(
        stderr.contains(&format!(
            "{}:4: schedule \"every two seconds\"",
            config.display()
        )),
        "{stderr}"
    );
    let (config, stderr) = refused("repos:\n  - name: infra\n    sorce: /srv/infra\n");
    assert!(
        stderr.contains(&format!("{}:3:", config.display())),
        "{stderr}"
    );
    assert!(stderr.contains("sorce"), "{stderr}");
}

#[test]
fn a_repo_whose_source_is_missing_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_with(dir.path(), &[]);
    let site = dir.path().join("www");
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state}\nrepos:\n  - name: gone\n    source: {missing}\n    site:\n      dir: {other}\n  - name: infra\n    source: {repo}\n    site:\n      dir: {site}\n",
            state = dir.path().join("state").display(),
            missing = dir.path().join("no-such-repo").display(),
            other = dir.path().join("www-gone").display(),
            repo = repo.display(),
            site = site.display()
        ),
    );
    let out = support::command()
        .args(["watch", "--once", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("could not be reconciled") && stderr.contains("gone"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no-such-repo"),
        "the log names the missing source: {stderr}"
    );
    assert_eq!(site_sha(&site), Some(head_of(&repo, "main")));
    assert!(!dir.path().join("www-gone").exists());
}

#[test]
fn a_remote_source_is_mirrored_and_the_site_goes_to_a_branch() {
    let dir = tempfile::tempdir().unwrap();
    // A remote is bare, as on a server.
    let work = repo_with(dir.path(), &[]);
    let repo = dir.path().join("remote.git");
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(&format!("file://{}", work.display()), &repo)
        .unwrap();
    let url = format!("file://{}", repo.display());
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state}\nrepos:\n  - name: infra\n    source: {url}\n    site:\n      branch: gh-pages\n",
            state = dir.path().join("state").display(),
        ),
    );
    let once = || watch_once(&config, &[]);
    once();
    let git = git2::Repository::open(&repo).unwrap();
    let pages = |git: &git2::Repository| {
        let tip = git
            .find_reference("refs/heads/gh-pages")
            .unwrap()
            .peel_to_commit()
            .unwrap();
        let tree = tip.tree().unwrap();
        let home = git
            .find_blob(tree.get_path(Path::new("index.html")).unwrap().id())
            .unwrap();
        let html = String::from_utf8_lossy(home.content()).into_owned();
        (tip.id(), tip.parent_count(), html)
    };
    let (first_commit, parents, html) = pages(&git);
    assert_eq!(parents, 0);
    assert!(html.contains(&head_of(&repo, "main")));
    // Nothing moved: nothing is pushed.
    once();
    assert_eq!(pages(&git).0, first_commit);
    let second = commit(
        &repo,
        "main",
        "cache.tf",
        "resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}\n",
    );
    once();
    let (_, parents, html) = pages(&git);
    assert_eq!(parents, 1, "the new site builds on the previous one");
    assert!(html.contains(&second));
}

#[test]
fn two_shards_split_the_repos_between_their_processes() {
    use aetheredge::watch::shard::Shard;
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_with(dir.path(), &[]);
    let names: Vec<String> = (0..6).map(|i| format!("infra-{i}")).collect();
    let site = |name: &str| dir.path().join("www").join(name);
    let mut yaml = format!(
        "state_dir: {}\nrepos:\n",
        dir.path().join("state").display()
    );
    for name in &names {
        yaml.push_str(&format!(
            "  - name: {name}\n    source: {repo}\n    site:\n      dir: {site}\n",
            repo = repo.display(),
            site = site(name).display()
        ));
    }
    let config = write_config(dir.path(), &yaml);
    let first = Shard { index: 0, count: 2 };
    let (ours, theirs): (Vec<&String>, Vec<&String>) = names.iter().partition(|n| first.owns(n));
    assert!(
        !ours.is_empty() && !theirs.is_empty(),
        "both shards own a repo"
    );

    watch_once(&config, &["--shard", "0/2"]);
    for name in &ours {
        assert_whole_site(&site(name));
    }
    for name in &theirs {
        assert!(!site(name).exists(), "shard 0/2 published {name}");
    }

    watch_once(&config, &["--shard", "1/2"]);
    for name in &names {
        assert_whole_site(&site(name));
        assert_eq!(
            site_sha(&site(name)),
            Some(head_of(&repo, "main")),
            "{name}"
        );
    }
}

#[test]
fn a_watcher_authenticated_as_a_github_app_comments_with_an_installation_token() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_with(dir.path(), &["feature/queue"]);
    let gh = StandIn::start();
    let head = head_of(&repo, "feature/queue");
    gh.set_pull(queue_pull(7, &head, &head_of(&repo, "main")));
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state}\nrepos:\n  - name: infra\n    source: {repo}\n    github:\n      repo: octo-org/infra\n",
            state = dir.path().join("state").display(),
            repo = repo.display(),
        ),
    );
    let key = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/github-app-test-key.pem");
    let out = watch_once_with(
        &config,
        &[],
        &[
            ("GITHUB_APP_ID", "1".as_ref()),
            ("GITHUB_APP_PRIVATE_KEY_PATH", key.as_os_str()),
            ("GITHUB_API_URL", gh.url.as_ref()),
            ("AETHEREDGE_GITHUB_RETRY_BASE_MS", "10".as_ref()),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let markers: Vec<String> = gh
        .comments()
        .iter()
        .filter_map(|c| marker_head(&c.body).map(str::to_string))
        .collect();
    assert_eq!(markers, vec![head]);
    let requests = gh.requests();
    // Finding the repository's installation and buying its token are the App's own calls.
    let app_call = |path: &str| path.ends_with("/installation") || path.ends_with("/access_tokens");
    let minted = requests.iter().filter(|r| app_call(&r.path)).all(|r| {
        let auth = r.authorization.as_deref().unwrap_or("");
        auth.starts_with("Bearer ey") && auth.matches('.').count() == 2
    });
    assert!(
        requests.iter().any(|r| r.path.ends_with("/access_tokens")),
        "an installation token is bought: {requests:?}"
    );
    assert!(
        minted,
        "installation tokens are bought with the App's JWT: {requests:?}"
    );
    let api: Vec<&str> = requests
        .iter()
        .filter(|r| r.path.starts_with("/repos/octo-org/infra/") && !app_call(&r.path))
        .filter_map(|r| r.authorization.as_deref())
        .collect();
    assert!(!api.is_empty());
    assert!(
        api.iter()
            .all(|auth| auth.starts_with("Bearer ghs_standin")),
        "repository calls use the installation token: {api:?}"
    );
}

/// `tests/integration/support/https_git_server.py`: git over HTTPS with GitHub's token
/// scheme, serving the bare repositories under a directory. Killed when dropped.
struct HttpsGitServer {
    child: Child,
    port: u16,
}

impl HttpsGitServer {
    fn start(root: &Path, token: &str) -> HttpsGitServer {
        use std::io::BufRead;
        let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut child = Command::new("python3")
            .arg(tests.join("integration/support/https_git_server.py"))
            .arg(root)
            .arg(tests.join("data/localhost-cert.pem"))
            .arg(tests.join("data/localhost-key.pem"))
            .arg(token)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the test server");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the server prints its port");
        HttpsGitServer { child, port }
    }
}

impl Drop for HttpsGitServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn an_https_source_is_fetched_with_the_token_over_verified_tls() {
    let dir = tempfile::tempdir().unwrap();
    let work = repo_with(dir.path(), &[]);
    let served = dir.path().join("served");
    std::fs::create_dir(&served).unwrap();
    let bare = served.join("infra.git");
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(&format!("file://{}", work.display()), &bare)
        .unwrap();
    let server = HttpsGitServer::start(&served, TOKEN);
    let site = dir.path().join("www");
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state}\nrepos:\n  - name: infra\n    source: https://127.0.0.1:{port}/infra.git\n    site:\n      dir: {site}\n",
            state = dir.path().join("state").display(),
            port = server.port,
            site = site.display()
        ),
    );
    let cert = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/localhost-cert.pem");
    let run = |token: Option<&str>, trust_the_server: bool| {
        let mut envs: Vec<(&str, &std::ffi::OsStr)> = Vec::new();
        if let Some(token) = token {
            envs.push(("GITHUB_TOKEN", token.as_ref()));
        }
        if trust_the_server {
            envs.push(("SSL_CERT_FILE", cert.as_os_str()));
        }
        watch_once_with(&config, &[], &envs)
    };
    let stderr = |out: &Output| String::from_utf8_lossy(&out.stderr).into_owned();

    // Without the token the server answers 401; with it but without trusting the server's
    // certificate, TLS is refused. Neither reconciles the repo.
    let no_token = run(None, true);
    let untrusted = run(Some(TOKEN), false);
    for (refused, why) in [(&no_token, "set GITHUB_TOKEN"), (&untrusted, "certificate")] {
        assert_eq!(refused.status.code(), Some(2), "{}", stderr(refused));
        assert!(
            stderr(refused).contains(why) && stderr(refused).contains("could not be reconciled"),
            "{}",
            stderr(refused)
        );
    }
    assert!(!site.exists());

    let fetched = run(Some(TOKEN), true);
    assert!(fetched.status.success(), "{}", stderr(&fetched));
    assert_eq!(site_sha(&site), Some(head_of(&bare, "main")));
    for out in [&no_token, &untrusted, &fetched] {
        assert!(!stderr(out).contains(TOKEN), "the token reached the log");
    }
}

/// A base whose config raises the evaluator's string budget to 1 TiB, so a doubled string
/// grows until the worker's memory limit stops it.
const RAISED_STRING_LENGTH: &str = "limits:\n  string_length: 1099511627776\n";

/// A string doubled through 40 locals: 2^40 times its length if nothing stops it.
fn doubling_terraform() -> String {
    let mut tf = String::from("locals {\n  s0 = \"hostile\"\n");
    for i in 1..=40 {
        tf += &format!("  s{i} = \"${{local.s{p}}}${{local.s{p}}}\"\n", p = i - 1);
    }
    tf + "}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.s40\n}\n"
}

#[test]
fn a_hostile_pull_request_is_stopped_and_the_other_repos_are_still_served() {
    let dir = tempfile::tempdir().unwrap();
    let healthy = repo_with(dir.path(), &["feature/queue"]);
    let hostile = Scenario::from_commits(
        "hostile",
        [
            (
                "main",
                vec![
                    ("main.tf", MAIN_TF.to_string()),
                    ("aetheredge.yaml", RAISED_STRING_LENGTH.to_string()),
                ],
            ),
            ("feature/double", vec![("double.tf", doubling_terraform())]),
        ],
    )
    .build(&dir.path().join("hostile"))
    .unwrap()
    .path;
    let gh = StandIn::start();
    let head = head_of(&hostile, "feature/double");
    gh.set_pull(Pull {
        number: 9,
        head_ref: "feature/double".into(),
        head_sha: head.clone(),
        base_ref: "main".into(),
        base_sha: head_of(&hostile, "main"),
    });
    let outbox = dir.path().join("outbox");
    let port = free_port();
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state}\nworker:\n  max_memory_mb: 768\nrepos:\n  - name: hostile\n    source: {hostile}\n    schedule: \"* * * * * *\"\n    github:\n      repo: octo-org/hostile\n      check: true\n  - name: healthy\n    source: {healthy}\n    schedule: \"* * * * * *\"\n    branches: \"feature/*\"\n    outbox: {outbox}\n",
            state = dir.path().join("state").display(),
            hostile = hostile.display(),
            healthy = healthy.display(),
            outbox = outbox.display(),
        ),
    );
    let env = github_env(&gh);
    let listen = format!("127.0.0.1:{port}");
    let mut watcher = Watcher::start(
        &config,
        &["--listen", &listen, "--timeout-seconds", "60"],
        &as_env(&env),
    );
    let stopped_metric = "aetheredge_reviews_stopped_total{repo=\"hostile\",limit=\"memory\"}";
    let metric = || {
        http(port, "GET", "/metrics", &[], b"")
            .map(|(_, body)| parse_metrics(&body))
            .and_then(|m| m.get(stopped_metric).copied())
    };
    let healthy_review = outbox.join("feature__queue.md");
    // The comment is written before the check run: wait for both.
    let settled = wait_for(Duration::from_secs(90), || {
        metric() == Some(1.0)
            && healthy_review.exists()
            && gh.comments().len() == 1
            && !gh.state.lock().unwrap().check_runs.is_empty()
    });
    assert!(settled.is_some(), "{}", watcher.log());

    // The hostile pull request: a comment and a failed check that say which limit stopped
    // the review and how to raise it.
    let comment = &gh.comments()[0].body;
    assert_eq!(marker_head(comment), Some(head.as_str()));
    for needed in [
        "Review stopped: over its limit of 768 MB of memory",
        "`--max-memory-mb`",
        "`AETHEREDGE_MAX_MEMORY_MB`",
        "`worker.max_memory_mb`",
    ] {
        assert!(comment.contains(needed), "{needed}: {comment}");
    }
    let runs = gh.state.lock().unwrap().check_runs.clone();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0]["conclusion"], "failure");
    assert_eq!(runs[0]["head_sha"], head.as_str());
    let title = runs[0]["output"]["title"].as_str().unwrap_or_default();
    assert!(title.contains("768 MB of memory"), "{title}");

    // The healthy repo got its normal review from the same process.
    let text = std::fs::read_to_string(&healthy_review).unwrap();
    assert!(text.contains("aws_sqs_queue.q"), "{text}");
    assert_eq!(
        marker_head(&text),
        Some(head_of(&healthy, "feature/queue").as_str())
    );

    // Ticks go on: the comment records the stopped head, so it is not reviewed again, and
    // the process still answers.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(metric(), Some(1.0), "{}", watcher.log());
    assert_eq!(gh.comments().len(), 1);
    assert_eq!(
        http(port, "GET", "/healthz", &[], b"").map(|a| a.0),
        Some(200)
    );
    watcher.signal("TERM");
    let status = watcher
        .wait_exit(Duration::from_secs(30))
        .expect("exits after SIGTERM");
    assert!(status.success(), "{status:?}\n{}", watcher.log());
}
