//! `aetheredge watch` with `drift:`: the built binary compares a repo's default branch with
//! Terraform states on disk and keeps the drift issue (in the outbox, or on the GitHub
//! stand-in), the `/metrics` gauges and the site's Drift page up to date.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::github_standin::{Pull, StandIn};
use crate::support;
use crate::watch::{
    as_env, free_port, github_env, http, parse_metrics, wait_for, watch_once, watch_once_with,
    write_config, Watcher,
};

const JOBS_TF: &str = r#"resource "aws_sqs_queue" "jobs" {
  name                      = "jobs"
  message_retention_seconds = 86400
}
"#;

/// A version 4 state of `JOBS_TF`'s queue, recording `retention`.
fn jobs_state(lineage: &str, serial: u64, retention: u64) -> String {
    serde_json::json!({
        "version": 4,
        "terraform_version": "1.9.8",
        "serial": serial,
        "lineage": lineage,
        "outputs": {},
        "resources": [{
            "mode": "managed",
            "type": "aws_sqs_queue",
            "name": "jobs",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{
                "schema_version": 0,
                "attributes": {
                    "id": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
                    "name": "jobs",
                    "message_retention_seconds": retention
                },
                "sensitive_attributes": []
            }]
        }]
    })
    .to_string()
}

const LINEAGE: &str = "5d1e7a40-0c2b-4e55-a1f3-7b9e26c0d811";

/// The state and body of the outbox's drift issue.
fn outbox_issue(outbox: &Path) -> Option<(String, String)> {
    let text = std::fs::read_to_string(outbox.join("drift-issue.md")).ok()?;
    let rest = text.strip_prefix("---\n")?;
    let (front, body) = rest.split_once("\n---\n")?;
    assert!(front.contains("title: Drift in jobs"), "{front}");
    let state = front.lines().find_map(|l| l.strip_prefix("state: "))?;
    Some((state.to_string(), body.to_string()))
}

fn shop_state() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drift/states/shop.tfstate")
}

#[test]
fn the_outbox_issue_is_opened_edited_closed_reopened_and_a_replaced_state_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let repo = support::repo(dir.path(), &[("main", &[("main.tf", JOBS_TF)])]);
    let outbox = dir.path().join("outbox");
    let states = dir.path().join("states");
    std::fs::create_dir_all(&states).unwrap();
    let state = states.join("jobs.tfstate");
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state_dir}\nrepos:\n  - name: jobs\n    source: {repo}\n    isolated: false\n    outbox: {outbox}\n    drift:\n      schedule: \"0 0 3 * * *\"\n      roots:\n        - path: .\n          state: states/jobs.tfstate\n      heal: issue\n",
            state_dir = dir.path().join("state").display(),
            repo = repo.display(),
            outbox = outbox.display(),
        ),
    );

    // Drift appears: the issue is opened with the differing attribute.
    std::fs::write(&state, jobs_state(LINEAGE, 1, 3600)).unwrap();
    watch_once(&config, &[]);
    let (open, first) = outbox_issue(&outbox).expect("an issue");
    assert_eq!(open, "open");
    assert!(
        first.contains(
            "| `aws_sqs_queue.jobs` | drifted | `message_retention_seconds` | `86400` | `3600` |"
        ),
        "{first}"
    );
    assert!(first.contains("<!-- aetheredge:drift digest="), "{first}");

    // The same drift, a later serial: nothing is written.
    std::fs::write(&state, jobs_state(LINEAGE, 2, 3600)).unwrap();
    watch_once(&config, &[]);
    assert_eq!(outbox_issue(&outbox).unwrap().1, first, "unchanged drift");

    // The drift changes: the same issue, edited.
    std::fs::write(&state, jobs_state(LINEAGE, 3, 7200)).unwrap();
    watch_once(&config, &[]);
    let (state_now, edited) = outbox_issue(&outbox).unwrap();
    assert_eq!(state_now, "open");
    assert!(edited.contains("`7200`"), "{edited}");

    // The drift is gone: closed, saying so.
    std::fs::write(&state, jobs_state(LINEAGE, 4, 86400)).unwrap();
    watch_once(&config, &[]);
    let (closed, body) = outbox_issue(&outbox).unwrap();
    assert_eq!(closed, "closed");
    assert!(body.contains("No drift"), "{body}");

    // It returns: reopened.
    std::fs::write(&state, jobs_state(LINEAGE, 5, 3600)).unwrap();
    watch_once(&config, &[]);
    assert_eq!(outbox_issue(&outbox).unwrap().0, "open");

    // Another state put in its place (a new lineage): an error for the root, not a comparison.
    let other = "0f0f0f0f-1111-4222-8333-444444444444";
    std::fs::write(&state, jobs_state(other, 1, 3600)).unwrap();
    let out = watch_once_with(&config, &[], &[]);
    assert!(!out.status.success(), "a root not compared fails the run");
    let (still_open, body) = outbox_issue(&outbox).unwrap();
    assert_eq!(still_open, "open");
    let expected = format!(
        "the state at {} was replaced: lineage {LINEAGE} became {other}",
        state.display()
    );
    assert!(body.contains(&expected), "{body}");
    assert!(
        !body.contains("| `aws_sqs_queue.jobs` |"),
        "not compared: {body}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("was replaced"), "logged: {stderr}");
}

#[test]
fn metrics_and_the_site_show_each_roots_drift_and_an_unreadable_state_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let repo = support::fixture_repo("drift/repo", dir.path());
    let site = dir.path().join("site");
    let port = free_port();
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state_dir}\nrepos:\n  - name: shop\n    source: {repo}\n    site:\n      dir: {site}\n    drift:\n      schedule: \"0 0 3 * * *\"\n      roots:\n        - path: .\n          state: {shop}\n        - path: modules/queue\n          state: missing.tfstate\n",
            state_dir = dir.path().join("state").display(),
            repo = repo.display(),
            site = site.display(),
            shop = shop_state().display(),
        ),
    );
    let watcher = Watcher::start(&config, &["--listen", &format!("127.0.0.1:{port}")], &[]);
    let gauge = |status: &str| {
        format!("aetheredge_drift_resources{{repo=\"shop\",root=\".\",status=\"{status}\"}}")
    };
    let mut metrics = Default::default();
    let seen = wait_for(Duration::from_secs(120), || {
        metrics = http(port, "GET", "/metrics", &[], b"")
            .map(|(_, body)| parse_metrics(&body))
            .unwrap_or_default();
        metrics.contains_key("aetheredge_drift_runs_total{repo=\"shop\",outcome=\"failed\"}")
    });
    assert!(seen.is_some(), "no drift run counted\n{}", watcher.log());
    assert_eq!(metrics.get(&gauge("drifted")), Some(&3.0), "{metrics:?}");
    assert_eq!(metrics.get(&gauge("not_in_state")), Some(&1.0));
    assert_eq!(metrics.get(&gauge("not_in_code")), Some(&1.0));
    assert!(
        !metrics.keys().any(|k| k.contains("root=\"modules/queue\"")),
        "no gauge for a root not compared: {metrics:?}"
    );
    let log = watcher.log();
    assert!(
        log.contains("drift: the root was not compared") && log.contains("missing.tfstate"),
        "{log}"
    );

    let drift_page = site.join("drift.html");
    let html = wait_for(Duration::from_secs(60), || {
        std::fs::read_to_string(&drift_page).is_ok_and(|h| h.contains("aws_instance.web"))
    })
    .map(|_| std::fs::read_to_string(&drift_page).unwrap())
    .unwrap_or_else(|| panic!("no drift page\n{}", watcher.log()));
    for row in [
        "<td><code>aws_instance.web</code></td><td>drifted</td><td><code>instance_type</code></td><td><code>&quot;t3.small&quot;</code></td><td><code>&quot;t3.large&quot;</code></td><td>main.tf:23</td>",
        "<td><code>aws_db_instance.orders</code></td><td>drifted</td><td><code>password</code></td><td><code>(sensitive)</code></td><td><code>(sensitive)</code></td>",
        "<td><code>aws_iam_user.deployer</code></td><td>not in code</td>",
        "<td><code>aws_cloudwatch_log_group.web</code></td><td>not in state</td>",
    ] {
        assert!(html.contains(row), "{row}\n{html}");
    }
    for secret in ["hunter2", "correct-horse"] {
        assert!(!html.contains(secret), "the page shows {secret}");
    }
    assert!(html.contains("<strong>Not compared:</strong>") && html.contains("missing.tfstate"));
    // The history: this run's counts per root.
    assert!(
        html.contains("<td><code>.</code></td><td>3</td><td>1</td><td>1</td>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<td><code>modules&#x2F;queue</code></td><td colspan=\"3\">not compared</td>"
        ),
        "{html}"
    );
    let history: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("drift-history.json")).unwrap())
            .unwrap();
    assert_eq!(history["runs"].as_array().unwrap().len(), 1, "{history}");
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("<a href=\"drift.html\">Drift</a>"));
}

#[test]
fn on_github_one_labelled_issue_is_kept_and_the_healing_pull_request_carries_the_healing_commit() {
    let dir = tempfile::tempdir().unwrap();
    let repo = support::fixture_repo("drift/repo", dir.path());
    let gh = StandIn::start();
    // An earlier healing pull request, still open.
    let git = git2::Repository::open(&repo).unwrap();
    let main = git
        .find_reference("refs/heads/main")
        .unwrap()
        .peel_to_commit()
        .unwrap();
    git.branch("aetheredge/heal-drift", &main, false).unwrap();
    let sha = main.id().to_string();
    gh.set_pull(Pull {
        number: 7,
        head_ref: "aetheredge/heal-drift".into(),
        head_sha: sha.clone(),
        base_ref: "main".into(),
        base_sha: sha,
    });
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state_dir}\nrepos:\n  - name: shop\n    source: {repo}\n    github:\n      repo: octo-org/infra\n    drift:\n      schedule: \"0 0 3 * * *\"\n      roots:\n        - state: {shop}\n      heal: pr\n",
            state_dir = dir.path().join("state").display(),
            repo = repo.display(),
            shop = shop_state().display(),
        ),
    );
    let env = github_env(&gh);
    let env: Vec<(&str, &std::ffi::OsStr)> = as_env(&env)
        .into_iter()
        .map(|(k, v)| (k, std::ffi::OsStr::new(v)))
        .collect();
    let out = watch_once_with(&config, &[], &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let issues = gh.issues();
    assert_eq!(issues.len(), 1, "{issues:?}");
    let issue = &issues[0];
    assert_eq!(issue.title, "Drift in shop");
    assert_eq!(issue.state, "open");
    assert_eq!(issue.labels, ["aetheredge-drift"]);
    assert!(issue.body.contains("<!-- aetheredge:drift digest="));
    assert!(issue.body.contains("`aws_instance.web`"), "{}", issue.body);
    assert!(!issue.body.contains("hunter2"));
    assert!(gh
        .state
        .lock()
        .unwrap()
        .labels
        .contains(&"aetheredge-drift".to_string()));
    // The healing commit is made on the branch (on top of main), so the open healing pull
    // request is kept and its body brought up to date, not closed.
    let closed = gh.state.lock().unwrap().closed_pulls.len();
    assert_eq!(closed, 0);
    assert!(
        gh.writes()
            .iter()
            .any(|w| w.method == "PATCH" && w.path.ends_with("/pulls/7")),
        "{:?}",
        gh.writes()
    );
    let healing = git
        .find_reference("refs/heads/aetheredge/heal-drift")
        .unwrap()
        .peel_to_commit()
        .unwrap();
    assert_eq!(healing.parent_id(0).unwrap(), main.id());
    let tfvars = healing
        .tree()
        .unwrap()
        .get_path(std::path::Path::new("terraform.tfvars"))
        .unwrap()
        .to_object(&git)
        .unwrap()
        .peel_to_blob()
        .unwrap();
    assert_eq!(tfvars.content(), b"web_type = \"t3.large\"\n");

    // Nothing changed: the issue is found again by its marker and left alone.
    let writes = gh.writes().len();
    let out = watch_once_with(&config, &[], &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new_writes: Vec<String> = gh.writes()[writes..]
        .iter()
        .map(|w| format!("{} {}", w.method, w.path))
        .collect();
    assert!(new_writes.is_empty(), "{new_writes:?}");
    assert_eq!(gh.issues().len(), 1);
}

/// An isolated repo's code is compared with its state in a worker under the worker's limits:
/// a worker stopped at a limit fails that repo's drift run, named, and the watcher still
/// serves the other repo.
#[test]
fn a_drift_worker_stopped_at_a_limit_fails_its_repo_only() {
    let dir = tempfile::tempdir().unwrap();
    let hostile_dir = dir.path().join("hostile");
    let healthy_dir = dir.path().join("healthy");
    std::fs::create_dir_all(&hostile_dir).unwrap();
    std::fs::create_dir_all(&healthy_dir).unwrap();
    // A string doubled in a chain of locals, compared in a worker with too little memory for
    // it: the worker is stopped at its limit, not the watcher.
    let mut doubling = String::from("locals {\n  s0 = \"xxxxxxxxxxxxxxxx\"\n");
    for i in 1..40 {
        doubling.push_str(&format!(
            "  s{i} = \"${{local.s{}}}${{local.s{}}}\"\n",
            i - 1,
            i - 1
        ));
    }
    doubling.push_str("}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.s39\n}\n");
    let hostile = support::repo(&hostile_dir, &[("main", &[("main.tf", doubling.as_str())])]);
    let healthy = support::repo(&healthy_dir, &[("main", &[("main.tf", JOBS_TF)])]);
    let state = dir.path().join("jobs.tfstate");
    std::fs::write(&state, jobs_state(LINEAGE, 1, 3600)).unwrap();
    let outbox = |name: &str| dir.path().join("outbox").join(name);
    let config = write_config(
        dir.path(),
        &format!(
            "state_dir: {state_dir}\nworker:\n  max_memory_mb: 24\n  timeout_seconds: 20\nrepos:\n  - name: hostile\n    source: {hostile}\n    outbox: {o1}\n    drift:\n      roots:\n        - state: {state}\n      heal: issue\n  - name: jobs\n    source: {healthy}\n    isolated: false\n    outbox: {o2}\n    drift:\n      roots:\n        - state: {state}\n      heal: issue\n",
            state_dir = dir.path().join("state").display(),
            hostile = hostile.display(),
            healthy = healthy.display(),
            state = state.display(),
            o1 = outbox("hostile").display(),
            o2 = outbox("healthy").display(),
        ),
    );
    let out = watch_once_with(&config, &[], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code().is_some(),
        "the watcher itself was not killed: {stderr}"
    );
    // The healthy repo's drift is compared and its issue written.
    let (open, body) = outbox_issue(&outbox("healthy")).expect("the healthy repo's issue");
    assert_eq!(open, "open");
    assert!(body.contains("message_retention_seconds"), "{body}");
}
