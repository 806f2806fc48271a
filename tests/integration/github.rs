//! The GitHub integration against a local stand-in for GitHub's API (`github_standin`):
//! the sticky comment (first post, update, no write when unchanged, the marker on page
//! two, a 502, a secondary rate limit, a timeout after the create, a newer comment left
//! alone, hide- and delete-and-new), the check run in batches of 50 and its commit-status
//! fallback, GitHub App token refresh, and the binary end to end (`review --github`, and
//! `action` driven by a pull_request event file).

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use crate::github_standin::{Fault, StandIn};
use aetheredge::fixture::Scenario;
use aetheredge::github::app::AppCredentials;
use aetheredge::github::comment::{self, CommentBehavior, Outcome};
use aetheredge::github::{check, Auth, Client, Policy, RepoName};

use crate::support;

const TOKEN: &str = "ghp_StandInTokenThatMustNeverBePrinted0001";
const SECRET_KEY: &str = "jbD0kH8Oool8DklZDOCj2ISaJiHkTj0rLGlkoM/+";
const HEAD_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const HEAD_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

fn fast() -> Policy {
    Policy {
        max_retries: 4,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(100),
        max_rate_limit_wait: Duration::from_secs(10),
        timeout: Duration::from_secs(5),
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn repo() -> RepoName {
    "octo-org/infra".parse().unwrap()
}

fn body(head: &str, text: &str) -> String {
    format!("**AetherEdge** {text}\n<!-- aetheredge:review head={head} -->\n")
}

fn order() -> comment::LocalThenApi {
    comment::LocalThenApi { local: None }
}

fn upsert(
    gh: &StandIn,
    policy: Policy,
    head: &str,
    text: &str,
    behavior: CommentBehavior,
) -> Outcome {
    rt().block_on(async {
        let client = Client::new(&gh.url, Auth::Token(TOKEN.into()), policy, None)
            .await
            .unwrap();
        comment::upsert(
            &client,
            &repo(),
            7,
            &comment::Desired {
                head,
                body: &body(head, text),
                post_new: true,
            },
            behavior,
            &order(),
        )
        .await
        .unwrap()
    })
}

#[test]
fn first_comment_then_update_then_no_write_when_unchanged() {
    let gh = StandIn::start();
    gh.add_comment("LGTM from a human");
    let first = upsert(&gh, fast(), HEAD_A, "one", CommentBehavior::Update);
    assert!(matches!(first, Outcome::Created { .. }), "{first:?}");
    assert_eq!(gh.comments().len(), 2);
    let writes = gh.writes().len();
    let again = upsert(&gh, fast(), HEAD_A, "one", CommentBehavior::Update);
    assert!(matches!(again, Outcome::Unchanged { .. }), "{again:?}");
    assert_eq!(
        gh.writes().len(),
        writes,
        "an unchanged comment is not written"
    );
    let updated = upsert(&gh, fast(), HEAD_B, "two", CommentBehavior::Update);
    assert!(matches!(updated, Outcome::Updated { .. }), "{updated:?}");
    let comments = gh.comments();
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[1].body, body(HEAD_B, "two"));
    // Every request carried the token, and only in the Authorization header.
    assert!(gh.requests().iter().all(|r| r.authorization.as_deref()
        == Some(&format!("Bearer {TOKEN}")[..])
        && !r.body.contains(TOKEN)));
}

#[test]
fn the_marker_is_found_on_page_two() {
    let gh = StandIn::start();
    for i in 0..130 {
        gh.add_comment(&format!("comment {i}"));
    }
    let own = gh.add_comment(&body(HEAD_A, "old"));
    for i in 0..20 {
        gh.add_comment(&format!("later {i}"));
    }
    let outcome = upsert(&gh, fast(), HEAD_A, "new", CommentBehavior::Update);
    assert_eq!(
        outcome,
        Outcome::Updated {
            id: own,
            url: format!("https://github.com/octo-org/infra/pull/1#issuecomment-{own}")
        }
    );
    assert_eq!(gh.comments().len(), 151, "no duplicate was posted");
    assert!(gh.requests().iter().any(|r| r.path.contains("page=2")));
}

#[test]
fn a_502_is_retried_and_leaves_one_comment() {
    let gh = StandIn::start();
    gh.fault("GET", "/comments", Fault::Status(502, vec![]));
    gh.fault("POST", "/comments", Fault::Status(502, vec![]));
    let outcome = upsert(&gh, fast(), HEAD_A, "one", CommentBehavior::Update);
    assert!(matches!(outcome, Outcome::Created { .. }), "{outcome:?}");
    assert_eq!(gh.comments().len(), 1);
    let posts = gh.requests().iter().filter(|r| r.method == "POST").count();
    assert_eq!(posts, 2, "the 502 was followed by one more post");
}

#[test]
fn a_secondary_rate_limit_waits_for_retry_after() {
    let gh = StandIn::start();
    gh.fault(
        "GET",
        "/comments",
        Fault::Status(403, vec![("retry-after".into(), "1".into())]),
    );
    let started = Instant::now();
    let outcome = upsert(&gh, fast(), HEAD_A, "one", CommentBehavior::Update);
    assert!(matches!(outcome, Outcome::Created { .. }), "{outcome:?}");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for retry-after"
    );
    assert_eq!(gh.comments().len(), 1);
}

#[test]
fn a_primary_rate_limit_waits_for_the_reset() {
    let gh = StandIn::start();
    let reset = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    gh.fault(
        "POST",
        "/comments",
        Fault::Status(
            403,
            vec![
                ("x-ratelimit-remaining".into(), "0".into()),
                ("x-ratelimit-reset".into(), reset.to_string()),
            ],
        ),
    );
    let outcome = upsert(&gh, fast(), HEAD_A, "one", CommentBehavior::Update);
    assert!(matches!(outcome, Outcome::Created { .. }), "{outcome:?}");
    assert_eq!(gh.comments().len(), 1);
}

#[test]
fn a_timeout_after_the_create_does_not_post_twice() {
    let gh = StandIn::start();
    gh.fault(
        "POST",
        "/comments",
        Fault::ActThenStall(Duration::from_secs(3)),
    );
    let policy = Policy {
        timeout: Duration::from_millis(500),
        ..fast()
    };
    let outcome = upsert(&gh, policy, HEAD_A, "one", CommentBehavior::Update);
    let comments = gh.comments();
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(
        outcome,
        Outcome::Created {
            id: comments[0].id,
            url: format!(
                "https://github.com/octo-org/infra/pull/7#issuecomment-{}",
                comments[0].id
            )
        }
    );
}

#[test]
fn a_comment_about_a_newer_commit_is_left_alone() {
    let gh = StandIn::start();
    gh.add_comment(&body(HEAD_B, "newer"));
    gh.state
        .lock()
        .unwrap()
        .compare
        .insert((HEAD_A.into(), HEAD_B.into()), "ahead".into());
    let outcome = upsert(&gh, fast(), HEAD_A, "older", CommentBehavior::Update);
    assert!(matches!(outcome, Outcome::Newer { .. }), "{outcome:?}");
    assert_eq!(gh.comments()[0].body, body(HEAD_B, "newer"));
    assert!(gh.writes().is_empty());
}

#[test]
fn hide_and_new_minimizes_and_delete_and_new_deletes() {
    let gh = StandIn::start();
    let old = gh.add_comment(&body(HEAD_A, "old"));
    upsert(&gh, fast(), HEAD_B, "new", CommentBehavior::HideAndNew);
    let comments = gh.comments();
    assert_eq!(comments.len(), 2);
    assert!(comments.iter().find(|c| c.id == old).unwrap().minimized);
    assert!(gh
        .requests()
        .iter()
        .any(|r| r.path == "/graphql" && r.body.contains("minimizeComment")));

    let gh = StandIn::start();
    gh.add_comment(&body(HEAD_A, "old"));
    gh.add_comment(&body(HEAD_A, "older still"));
    upsert(&gh, fast(), HEAD_B, "new", CommentBehavior::DeleteAndNew);
    let comments = gh.comments();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, body(HEAD_B, "new"));

    let gh = StandIn::start();
    gh.add_comment(&body(HEAD_A, "old"));
    upsert(&gh, fast(), HEAD_B, "new", CommentBehavior::New);
    assert_eq!(gh.comments().len(), 2);
}

#[test]
fn app_installation_tokens_are_renewed_before_they_expire() {
    let gh = StandIn::start();
    // The first token expires in four minutes: inside the five-minute margin, so the next
    // request mints a new one rather than risk an expired token mid-run.
    gh.state.lock().unwrap().token_lifetimes = [240, 3600].into_iter().collect();
    let creds = AppCredentials {
        app_id: 1,
        private_key_pem: std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/github-app-test-key.pem"),
        )
        .unwrap(),
        installation_id: None,
    };
    rt().block_on(async {
        let client = Client::new(&gh.url, Auth::App(creds), fast(), Some("octo-org/infra"))
            .await
            .unwrap();
        comment::upsert(
            &client,
            &repo(),
            7,
            &comment::Desired {
                head: HEAD_A,
                body: &body(HEAD_A, "x"),
                post_new: true,
            },
            CommentBehavior::Update,
            &order(),
        )
        .await
        .unwrap();
    });
    let requests = gh.requests();
    let jwt_calls: Vec<_> = requests
        .iter()
        .filter(|r| r.path.contains("installation"))
        .collect();
    assert!(
        jwt_calls.iter().all(|r| {
            let auth = r.authorization.as_deref().unwrap_or("");
            auth.starts_with("Bearer ey") && auth.matches('.').count() == 2
        }),
        "the App authenticates with a JWT: {jwt_calls:?}"
    );
    assert_eq!(gh.state.lock().unwrap().tokens_issued, 2);
    let api: Vec<_> = requests
        .iter()
        .filter(|r| r.path.starts_with("/repos/octo-org/infra/issues"))
        .map(|r| r.authorization.clone().unwrap())
        .collect();
    assert_eq!(api.first().map(String::as_str), Some("Bearer ghs_standin1"));
    assert_eq!(api.last().map(String::as_str), Some("Bearer ghs_standin2"));
}

fn scenario_repo(dir: &Path) -> (PathBuf, aetheredge::fixture::BuiltRepo) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scenarios/security-review");
    let built = Scenario::from_dir(&src)
        .unwrap()
        .build(&dir.join("repo"))
        .unwrap();
    (built.path.clone(), built)
}

#[test]
fn check_runs_send_annotations_in_batches_of_50_or_fall_back_to_a_status() {
    let tmp = tempfile::tempdir().unwrap();
    let (path, _) = scenario_repo(tmp.path());
    let mut report = aetheredge::review::review(&aetheredge::review::ReviewRequest {
        repo: path,
        base: Some("main".into()),
        head: Some("feature/harden-less".into()),
        ..Default::default()
    })
    .unwrap();
    let located: Vec<_> = check::annotations(&report);
    assert!(!located.is_empty());
    let template = report
        .findings
        .iter()
        .find(|f| f.status == aetheredge::report::Status::Introduced && f.line.is_some())
        .unwrap()
        .clone();
    while check::annotations(&report).len() < 120 {
        report.findings.push(template.clone());
    }
    let total = check::annotations(&report).len();
    let gh = StandIn::start();
    let outcome = rt().block_on(async {
        let client = Client::new(&gh.url, Auth::Token(TOKEN.into()), fast(), None)
            .await
            .unwrap();
        check::publish(&client, &repo(), &report, None)
            .await
            .unwrap()
    });
    assert!(
        matches!(outcome, check::Outcome::CheckRun { annotations, .. } if annotations == total)
    );
    let runs = gh.state.lock().unwrap().check_runs.clone();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["head_sha"], report.head.sha.as_str());
    assert_eq!(runs[0]["output"]["annotations_count"], total);
    let patches = gh.requests().iter().filter(|r| r.method == "PATCH").count();
    assert_eq!(patches, total.div_ceil(50) - 1);

    let gh = StandIn::start();
    gh.state.lock().unwrap().refuse_check_runs = true;
    let outcome = rt().block_on(async {
        let client = Client::new(&gh.url, Auth::Token(TOKEN.into()), fast(), None)
            .await
            .unwrap();
        check::publish(&client, &repo(), &report, None)
            .await
            .unwrap()
    });
    assert!(matches!(outcome, check::Outcome::CommitStatus { .. }));
    let statuses = gh.state.lock().unwrap().statuses.clone();
    assert_eq!(statuses.len(), 1);
    assert_eq!(statuses[0]["context"], "AetherEdge");
}

fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = support::command();
    cmd.args(args)
        .env_remove("GITHUB_APP_ID")
        .env_remove("GITHUB_TOKEN")
        .env("AETHEREDGE_GITHUB_RETRY_BASE_MS", "10");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn assert_nothing_leaked(gh: &StandIn, outputs: &[&Output]) {
    for o in outputs {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!text.contains(TOKEN), "the token was printed");
    }
    for r in gh.requests() {
        assert!(
            !r.body.contains(SECRET_KEY),
            "the secret left the machine: {}",
            r.path
        );
        assert!(!r.path.contains(TOKEN));
    }
}

#[test]
fn two_review_runs_after_a_502_leave_one_comment_with_every_section() {
    let tmp = tempfile::tempdir().unwrap();
    let (path, built) = scenario_repo(tmp.path());
    let gh = StandIn::start();
    gh.fault("POST", "/comments", Fault::Status(502, vec![]));
    let env = [
        ("GITHUB_TOKEN", TOKEN),
        ("GITHUB_API_URL", gh.url.as_str()),
        ("AETHEREDGE_LOG", "trace"),
    ];
    let review = |head: &str, extra: &[&str]| {
        let mut args = vec![
            "review",
            "--repo",
            path.to_str().unwrap(),
            "--base",
            "main",
            "--head",
            head,
            "--fail-on",
            "none",
            "--github",
            "octo-org/infra",
            "--pr",
            "7",
        ];
        args.extend_from_slice(extra);
        run(&args, &env)
    };
    let first = review("feature/harden-less", &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(gh.comments().len(), 1);
    let second = review(
        "feature/harden-less",
        &["--site-url", "https://octo-org.github.io/infra/"],
    );
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let comments = gh.comments();
    assert_eq!(comments.len(), 1, "one comment, updated in place");
    let text = &comments[0].body;
    let head = &built.branches["feature/harden-less"];
    assert!(text.contains(&format!("<!-- aetheredge:review head={head} -->")));
    assert!(text.contains(&format!("Reviewed commit `{head}`")));
    assert!(text.contains("(https://octo-org.github.io/infra/)"));
    for section in ["Brahma · plan", "Lakshmi · cost", "Kali · security"] {
        assert!(text.contains(section), "{section} missing");
    }
    assert!(gh.requests().iter().any(|r| r.method == "PATCH"));
    assert_nothing_leaked(&gh, &[&first, &second]);
}

/// A pull request that touches no infrastructure file: a one-line comment by default; with
/// `comment.no_infrastructure_change: none` nothing is posted, and an earlier comment on the
/// pull request is turned into that line rather than left with stale findings.
#[test]
fn a_change_that_touches_no_infrastructure_gets_one_line_or_no_comment() {
    let tmp = tempfile::tempdir().unwrap();
    let bucket = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n";
    let public = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n\nresource \"aws_security_group\" \"open\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
    let built = Scenario::from_commits(
        "quiet",
        [
            (
                "main",
                vec![
                    ("main.tf", bucket),
                    ("README.md", "# infra\n"),
                    (
                        "aetheredge.yaml",
                        "comment:\n  no_infrastructure_change: none\n",
                    ),
                    ("ci/one-line.yaml", "fail_on: none\n"),
                ],
            ),
            ("docs", vec![("README.md", "# infra\n\nHow to deploy.\n")]),
            ("open-ssh", vec![("main.tf", public)]),
            (
                "open-ssh",
                vec![
                    ("main.tf", bucket),
                    ("README.md", "# infra\n\nSSH notes.\n"),
                ],
            ),
        ],
    )
    .build(&tmp.path().join("repo"))
    .unwrap();
    let path = built.path.to_str().unwrap().to_string();
    let review = |gh: &StandIn, head: &str, extra: &[&str]| {
        let mut args = vec![
            "review",
            "--repo",
            &path,
            "--base",
            "main",
            "--head",
            head,
            "--fail-on",
            "none",
            "--github",
            "octo-org/infra",
            "--pr",
            "7",
        ];
        args.extend_from_slice(extra);
        let out = run(
            &args,
            &[("GITHUB_TOKEN", TOKEN), ("GITHUB_API_URL", gh.url.as_str())],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let docs = &built.branches["docs"];

    // One line by default (this config file has no `comment:` key).
    let gh = StandIn::start();
    review(&gh, "docs", &["--config-path", "ci/one-line.yaml"]);
    let comments = gh.comments();
    assert_eq!(comments.len(), 1);
    assert_eq!(
        comments[0].body,
        format!("**AetherEdge** · no infrastructure file changed: nothing to review. <!-- aetheredge:review head={docs} -->\n")
    );

    // `none`: no comment at all.
    let gh = StandIn::start();
    let out = review(&gh, "docs", &[]);
    assert!(gh.comments().is_empty());
    assert!(!gh.requests().iter().any(|r| r.method == "POST"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no comment posted"));

    // `none`, after a push that did touch infrastructure: the comment becomes the line.
    let gh = StandIn::start();
    let first = built.sha("03-open-ssh").unwrap();
    let second = built.sha("04-open-ssh").unwrap();
    review(&gh, first, &[]);
    let comments = gh.comments();
    assert_eq!(comments.len(), 1);
    assert!(comments[0].body.contains("| new |"), "{}", comments[0].body);
    review(&gh, second, &[]);
    let comments = gh.comments();
    assert_eq!(comments.len(), 1, "the comment is edited, not posted anew");
    assert_eq!(
        comments[0].body,
        format!("**AetherEdge** · no infrastructure file changed: nothing to review. <!-- aetheredge:review head={second} -->\n")
    );
}

#[test]
fn the_action_runs_from_a_pull_request_event() {
    let tmp = tempfile::tempdir().unwrap();
    let (path, built) = scenario_repo(tmp.path());
    let base = &built.branches["main"];
    let head = &built.branches["feature/harden-less"];
    let event = tmp.path().join("event.json");
    std::fs::write(
        &event,
        serde_json::json!({
            "action": "synchronize",
            "number": 7,
            "pull_request": {
                "number": 7, "state": "open", "title": "Harden less",
                "base": {"ref": "main", "sha": base},
                "head": {"ref": "feature/harden-less", "sha": head}
            },
            "repository": {"full_name": "octo-org/infra"}
        })
        .to_string(),
    )
    .unwrap();
    let summary = tmp.path().join("summary.md");
    let output = tmp.path().join("output.txt");
    let gh = StandIn::start();
    let out = run(
        &["action"],
        &[
            ("GITHUB_TOKEN", TOKEN),
            ("GITHUB_API_URL", gh.url.as_str()),
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
            ("GITHUB_REPOSITORY", "octo-org/infra"),
            ("GITHUB_WORKSPACE", path.to_str().unwrap()),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
            ("INPUT_FAIL_ON", "high"),
            ("INPUT_COMMENT_BEHAVIOR", "update"),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "high findings fail: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.lines().any(|l| l.starts_with("::error file=")),
        "{stdout}"
    );
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(summary.contains(&format!("aetheredge:review head={head}")));
    let outputs = std::fs::read_to_string(&output).unwrap();
    assert!(outputs.contains("failed=true\n"), "{outputs}");
    assert!(outputs.lines().any(|l| l.starts_with("cost-diff-monthly=")));
    assert!(outputs
        .lines()
        .any(|l| l.starts_with("findings-high=") && l != "findings-high=0"));
    assert!(outputs.contains("comment-url=https://github.com/octo-org/infra/pull/7#issuecomment-"));
    assert_eq!(gh.comments().len(), 1);
    let runs = gh.state.lock().unwrap().check_runs.clone();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["conclusion"], "failure");
    assert_eq!(runs[0]["head_sha"], head.as_str());
    assert_nothing_leaked(&gh, &[&out]);
}

/// The security-review scenario with a second config file, `ci/review.yaml`, on main: it
/// fails on nothing, where the default config fails on high findings.
fn scenario_with_ci_config(dir: &Path) -> aetheredge::fixture::BuiltRepo {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scenarios/security-review");
    let mut scenario = Scenario::from_dir(&src).unwrap();
    scenario.commits[0]
        .files
        .insert("ci/review.yaml".into(), b"fail_on: none\n".to_vec());
    scenario.build(&dir.join("repo")).unwrap()
}

fn pull_request_event(dir: &Path, built: &aetheredge::fixture::BuiltRepo) -> PathBuf {
    let event = dir.join("event.json");
    std::fs::write(
        &event,
        serde_json::json!({
            "action": "opened",
            "number": 9,
            "pull_request": {
                "number": 9,
                "base": {"ref": "main", "sha": built.branches["main"]},
                "head": {"ref": "feature/harden-less", "sha": built.branches["feature/harden-less"]}
            }
        })
        .to_string(),
    )
    .unwrap();
    event
}

/// `GITHUB_OUTPUT` read back as name → value.
fn step_outputs(path: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_action_reads_its_config_path_and_builds_the_site_of_the_head() {
    let tmp = tempfile::tempdir().unwrap();
    let built = scenario_with_ci_config(tmp.path());
    let head = &built.branches["feature/harden-less"];
    let event = pull_request_event(tmp.path(), &built);
    let action = |name: &str, extra: &[(&str, &str)]| {
        let output = tmp.path().join(format!("{name}.output"));
        let mut env = vec![
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
            ("GITHUB_WORKSPACE", built.path.to_str().unwrap()),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
        ];
        env.extend_from_slice(extra);
        let out = run(&["action"], &env);
        (out, output)
    };

    // The default config (aetheredge.yaml, absent) fails on the change's high findings.
    let (out, output) = action("default", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(step_outputs(&output)["failed"], "true");

    let site = tmp.path().join("public/site");
    let (out, output) = action(
        "configured",
        &[
            ("INPUT_CONFIG_PATH", "./ci/review.yaml"),
            ("INPUT_SITE_OUTPUT_DIR", site.to_str().unwrap()),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outputs = step_outputs(&output);
    assert_eq!(
        outputs["failed"], "false",
        "ci/review.yaml says fail_on: none"
    );
    assert_ne!(
        outputs["findings-high"], "0",
        "the findings are still reported"
    );
    assert_eq!(outputs["site-output-dir"], site.to_str().unwrap());
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        home.contains(&format!("<code class=\"sha\">{head}</code>")),
        "the site describes the head commit"
    );
    for page in ["findings.html", "inventory.html", "compliance/index.html"] {
        assert!(site.join(page).is_file(), "{page} missing");
    }
}

#[test]
fn a_config_path_naming_no_file_is_reported_and_the_review_still_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let built = scenario_with_ci_config(tmp.path());
    let report = aetheredge::review::review(&aetheredge::review::ReviewRequest {
        repo: built.path.clone(),
        base: Some("main".into()),
        head: Some("feature/harden-less".into()),
        config_path: Some("ci/reveiw.yaml".into()),
        ..Default::default()
    })
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let missing = findings
        .iter()
        .find(|f| f["rule_id"] == "brahma/config-error")
        .expect("a config-error finding");
    assert_eq!(missing["file"], "ci/reveiw.yaml");
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .contains("no such file"),
        "{missing}"
    );
    assert!(
        findings.iter().any(|f| f["deity"] == "kali"),
        "the other deities still ran"
    );
    assert!(report.fails(), "defaults apply: fail on high");
}

#[test]
fn a_site_output_dir_that_cannot_be_written_fails_the_step_after_the_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let built = scenario_with_ci_config(tmp.path());
    let event = pull_request_event(tmp.path(), &built);
    let blocker = tmp.path().join("not-a-dir");
    std::fs::write(
        &blocker,
        "a file where the site's parent directory should be",
    )
    .unwrap();
    let site = blocker.join("site");
    let output = tmp.path().join("output");
    let out = run(
        &["action"],
        &[
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
            ("GITHUB_WORKSPACE", built.path.to_str().unwrap()),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
            ("INPUT_CONFIG_PATH", "ci/review.yaml"),
            ("INPUT_SITE_OUTPUT_DIR", site.to_str().unwrap()),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(blocker.to_str().unwrap()), "{stderr}");
    let outputs = step_outputs(&output);
    assert_eq!(outputs["failed"], "false");
    assert!(!outputs.contains_key("site-output-dir"));
}

/// A pull request whose review exhausts the worker's memory: the step says which limit
/// stopped it and how to raise it (annotation, summary, comment, check, outputs) and fails.
#[test]
fn the_action_reports_a_review_stopped_at_its_memory_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let mut doubling = String::from("locals {\n  s0 = \"hostile\"\n");
    for i in 1..=40 {
        doubling += &format!("  s{i} = \"${{local.s{p}}}${{local.s{p}}}\"\n", p = i - 1);
    }
    doubling += "}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.s40\n}\n";
    let built = Scenario::from_commits(
        "hostile",
        [
            (
                "main",
                vec![
                    (
                        "main.tf",
                        "resource \"aws_sqs_queue\" \"q\" {}\n".to_string(),
                    ),
                    // The string budget raised to 1 TiB: the worker's memory limit stops it.
                    (
                        "aetheredge.yaml",
                        "limits:\n  string_length: 1099511627776\n".to_string(),
                    ),
                ],
            ),
            ("feature/harden-less", vec![("double.tf", doubling)]),
        ],
    )
    .build(&tmp.path().join("repo"))
    .unwrap();
    let head = &built.branches["feature/harden-less"];
    let event = pull_request_event(tmp.path(), &built);
    let (summary, output) = (tmp.path().join("summary.md"), tmp.path().join("output.txt"));
    let gh = StandIn::start();
    let out = run(
        &["action", "--timeout-seconds", "60"],
        &[
            ("GITHUB_TOKEN", TOKEN),
            ("GITHUB_API_URL", gh.url.as_str()),
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
            ("GITHUB_REPOSITORY", "octo-org/infra"),
            ("GITHUB_WORKSPACE", built.path.to_str().unwrap()),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
            ("AETHEREDGE_MAX_MEMORY_MB", "768"),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with(
            "::error title=AetherEdge::Review stopped: over its limit of 768 MB of memory."
        ),
        "{stdout}"
    );
    assert!(stdout.contains("AETHEREDGE_MAX_MEMORY_MB"), "{stdout}");
    let outputs = step_outputs(&output);
    assert_eq!(outputs["stopped"], "memory");
    assert_eq!(outputs["failed"], "true");
    assert_eq!(&outputs["head-sha"], head);
    let comments = gh.comments();
    assert_eq!(comments.len(), 1);
    assert_eq!(comment::marker_head(&comments[0].body), Some(head.as_str()));
    assert!(comments[0].body.contains("`--max-memory-mb`"));
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), comments[0].body);
    let runs = gh.state.lock().unwrap().check_runs.clone();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["conclusion"], "failure");
    assert_nothing_leaked(&gh, &[&out]);
}
