//! A local stand-in for GitHub's REST API, on loopback: issue comments (paginated with
//! `Link` headers), GraphQL `minimizeComment`, check runs, commit statuses, compare, issues
//! (listed by label and state, created, edited, closed and reopened) and their labels, pull
//! requests (listed by state and head, opened, edited and closed), and GitHub App
//! installation tokens. Bodies are shaped like GitHub's (see octocrab's test
//! resources); faults are injected per request. Every request is recorded, with its
//! `Authorization` header and body, so tests can check what left the machine.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

/// What to do to the next request matching a method and a path fragment.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer with this status and headers, without acting.
    Status(u16, Vec<(String, String)>),
    /// Act, then wait this long before answering (the client times out first).
    ActThenStall(Duration),
}

#[derive(Clone, Debug)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct Comment {
    pub id: u64,
    pub body: String,
    pub minimized: bool,
}

#[derive(Default)]
pub struct State {
    pub comments: Vec<Comment>,
    next_id: u64,
    pub requests: Vec<Logged>,
    faults: VecDeque<(String, String, Fault)>,
    pub check_runs: Vec<Value>,
    pub statuses: Vec<Value>,
    /// Lifetimes, in seconds, of the installation tokens to issue, in order (then an hour).
    pub token_lifetimes: VecDeque<i64>,
    pub tokens_issued: u32,
    /// `(base, head)` → compare status (`ahead`, `behind`, `diverged`, `identical`).
    pub compare: HashMap<(String, String), String>,
    /// 403 on check-run creation, as for a token that may not create them.
    pub refuse_check_runs: bool,
    /// Open pull requests, listed by `GET /repos/{o}/{r}/pulls`.
    pub pulls: Vec<Pull>,
    /// Pull requests closed through `PATCH /repos/{o}/{r}/pulls/{n}`.
    pub closed_pulls: Vec<Pull>,
    /// Pull request bodies written through the API (`null` until one is), by number.
    pub pull_bodies: std::collections::HashMap<u64, String>,
    /// Issues, by number (pull requests are numbered apart, from 1).
    pub issues: Vec<Issue>,
    /// The repository's label names.
    pub labels: Vec<String>,
}

/// An issue as GitHub keeps it.
#[derive(Clone, Debug)]
pub struct Issue {
    pub number: u64,
    pub title: String,
    pub body: String,
    pub state: String,
    pub labels: Vec<String>,
}

/// An open pull request: its number, and its head and base branches and commits.
#[derive(Clone, Debug)]
pub struct Pull {
    pub number: u64,
    pub head_ref: String,
    pub head_sha: String,
    pub base_ref: String,
    pub base_sha: String,
}

pub struct StandIn {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl StandIn {
    pub fn start() -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            next_id: 1_000_000_001,
            ..State::default()
        }));
        let shared = state.clone();
        let base = url.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                let base = base.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &state, &base);
                });
            }
        });
        StandIn { url, state }
    }

    /// The next request whose method is `method` and whose path contains `path` meets `fault`.
    pub fn fault(&self, method: &str, path: &str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .push_back((method.into(), path.into(), fault));
    }

    /// Adds a comment as someone else (or as the tool, given its body).
    pub fn add_comment(&self, body: &str) -> u64 {
        let mut s = self.state.lock().unwrap();
        s.next_id += 1;
        let id = s.next_id;
        s.comments.push(Comment {
            id,
            body: body.into(),
            minimized: false,
        });
        id
    }

    /// Opens pull request `number`, or moves its head (a push to its branch).
    pub fn set_pull(&self, pull: Pull) {
        let mut s = self.state.lock().unwrap();
        s.pulls.retain(|p| p.number != pull.number);
        s.pulls.push(pull);
        s.pulls.sort_by_key(|p| p.number);
    }

    pub fn issues(&self) -> Vec<Issue> {
        self.state.lock().unwrap().issues.clone()
    }

    pub fn comments(&self) -> Vec<Comment> {
        self.state.lock().unwrap().comments.clone()
    }

    pub fn requests(&self) -> Vec<Logged> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn writes(&self) -> Vec<Logged> {
        self.requests()
            .into_iter()
            .filter(|r| r.method != "GET")
            .collect()
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>, base: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let body = String::from_utf8_lossy(&body).into_owned();

    let (status, extra, answer, stall) = {
        let mut s = state.lock().unwrap();
        s.requests.push(Logged {
            method: method.clone(),
            path: target.clone(),
            authorization: headers.get("authorization").cloned(),
            body: body.clone(),
        });
        let fault = s
            .faults
            .iter()
            .position(|(m, p, _)| *m == method && target.contains(p.as_str()))
            .and_then(|i| s.faults.remove(i))
            .map(|(_, _, f)| f);
        match fault {
            Some(Fault::Status(code, headers)) => {
                let message = match code {
                    403 | 429 => "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                    _ => "Server Error",
                };
                (
                    code,
                    headers,
                    json!({ "message": message, "documentation_url": "https://docs.github.com/rest" }),
                    None,
                )
            }
            other => {
                let stall = match other {
                    Some(Fault::ActThenStall(d)) => Some(d),
                    _ => None,
                };
                let (code, extra, answer) = if headers.contains_key("authorization") {
                    route(&mut s, &method, &target, &body, base)
                } else {
                    (
                        401,
                        vec![],
                        json!({"message": "Requires authentication", "documentation_url": "https://docs.github.com/rest"}),
                    )
                };
                (code, extra, answer, stall)
            }
        }
    };
    if let Some(d) = stall {
        std::thread::sleep(d);
    }
    let text = if answer.is_null() {
        String::new()
    } else {
        answer.to_string()
    };
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\nx-github-api-version-selected: 2022-11-28\r\nx-ratelimit-limit: 5000\r\n",
        text.len()
    );
    if !extra.iter().any(|(k, _)| k == "x-ratelimit-remaining") {
        head.push_str("x-ratelimit-remaining: 4999\r\n");
    }
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn comment_json(c: &Comment, base: &str, repo: &str, pr: &str) -> Value {
    json!({
        "url": format!("{base}/repos/{repo}/issues/comments/{}", c.id),
        "html_url": format!("https://github.com/{repo}/pull/{pr}#issuecomment-{}", c.id),
        "issue_url": format!("{base}/repos/{repo}/issues/{pr}"),
        "id": c.id,
        "node_id": format!("IC_kwDOStandIn{}", c.id),
        "user": {
            "login": "github-actions[bot]", "id": 41898282, "node_id": "MDM6Qm90NDE4OTgyODI=",
            "avatar_url": "https://avatars.githubusercontent.com/in/15368?v=4", "gravatar_id": "",
            "url": format!("{base}/users/github-actions%5Bbot%5D"),
            "html_url": "https://github.com/apps/github-actions", "type": "Bot", "site_admin": false
        },
        "created_at": "2024-05-01T10:00:00Z",
        "updated_at": "2024-05-01T10:00:00Z",
        "author_association": "NONE",
        "body": c.body,
        "reactions": { "url": format!("{base}/repos/{repo}/issues/comments/{}/reactions", c.id),
            "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0, "confused": 0, "heart": 0, "rocket": 0, "eyes": 0 },
        "performed_via_github_app": null
    })
}

fn pull_json(p: &Pull, base: &str, repo: &str) -> Value {
    let (owner, _) = repo.split_once('/').unwrap_or((repo, ""));
    let user = json!({"login": owner, "id": 1, "type": "Organization", "site_admin": false});
    let branch = |r: &str, sha: &str| {
        json!({"label": format!("{owner}:{r}"), "ref": r, "sha": sha, "user": user,
               "repo": {"id": 1296269, "name": repo.split('/').nth(1), "full_name": repo, "private": false}})
    };
    json!({
        "url": format!("{base}/repos/{repo}/pulls/{}", p.number),
        "id": 1_000_000 + p.number,
        "node_id": format!("PR_kwDOStandIn{}", p.number),
        "html_url": format!("https://github.com/{repo}/pull/{}", p.number),
        "issue_url": format!("{base}/repos/{repo}/issues/{}", p.number),
        "comments_url": format!("{base}/repos/{repo}/issues/{}/comments", p.number),
        "number": p.number,
        "state": "open",
        "locked": false,
        "title": format!("Change {}", p.head_ref),
        "user": user,
        "body": null,
        "created_at": "2024-05-01T09:00:00Z",
        "updated_at": "2024-05-01T09:00:00Z",
        "closed_at": null,
        "merged_at": null,
        "merge_commit_sha": null,
        "draft": false,
        "head": branch(&p.head_ref, &p.head_sha),
        "base": branch(&p.base_ref, &p.base_sha),
        "author_association": "MEMBER",
        "auto_merge": null
    })
}

fn issue_json(i: &Issue, base: &str, repo: &str) -> Value {
    let labels: Vec<Value> = i
        .labels
        .iter()
        .enumerate()
        .map(|(n, name)| json!({"id": 208045946 + n, "node_id": "LA_kwDOStandIn", "url": format!("{base}/repos/{repo}/labels/{name}"), "name": name, "color": "d93f0b", "default": false, "description": null}))
        .collect();
    json!({
        "url": format!("{base}/repos/{repo}/issues/{}", i.number),
        "repository_url": format!("{base}/repos/{repo}"),
        "html_url": format!("https://github.com/{repo}/issues/{}", i.number),
        "id": 2_000_000 + i.number,
        "node_id": format!("I_kwDOStandIn{}", i.number),
        "number": i.number,
        "title": i.title,
        "user": {"login": "github-actions[bot]", "id": 41898282, "type": "Bot", "site_admin": false},
        "labels": labels,
        "state": i.state,
        "state_reason": if i.state == "closed" { json!("completed") } else { Value::Null },
        "locked": false,
        "assignee": null,
        "assignees": [],
        "comments": 0,
        "created_at": "2024-05-01T10:00:00Z",
        "updated_at": "2024-05-01T10:00:00Z",
        "closed_at": if i.state == "closed" { json!("2024-05-02T10:00:00Z") } else { Value::Null },
        "author_association": "NONE",
        "body": i.body
    })
}

fn query(target: &str) -> (String, HashMap<String, String>) {
    let (path, q) = target.split_once('?').unwrap_or((target, ""));
    let params = q
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (path.to_string(), params)
}

type Answer = (u16, Vec<(String, String)>, Value);

fn route(s: &mut State, method: &str, target: &str, body: &str, base: &str) -> Answer {
    let (path, params) = query(target);
    let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let input: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let not_found = (
        404,
        vec![],
        json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}),
    );
    match (method, seg.as_slice()) {
        ("GET", ["repos", o, r, "issues", pr, "comments"]) => {
            let repo = format!("{o}/{r}");
            let per_page: usize = params
                .get("per_page")
                .and_then(|v| v.parse().ok())
                .unwrap_or(30)
                .min(100);
            let page: usize = params.get("page").and_then(|v| v.parse().ok()).unwrap_or(1);
            let all = &s.comments;
            let items: Vec<Value> = all
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .map(|c| comment_json(c, base, &repo, pr))
                .collect();
            let last = all.len().div_ceil(per_page).max(1);
            let mut headers = vec![];
            if page < last {
                let link = |p: usize, rel: &str| {
                    format!("<{base}/repositories/1296269/issues/{pr}/comments?per_page={per_page}&page={p}>; rel=\"{rel}\"")
                };
                headers.push((
                    "link".to_string(),
                    format!("{}, {}", link(page + 1, "next"), link(last, "last")),
                ));
            }
            (200, headers, Value::Array(items))
        }
        // GitHub's own next links point at /repositories/ID/...: serve those too.
        ("GET", ["repositories", _, "issues", pr, "comments"]) => {
            let rewritten = target.replacen(
                &format!("/repositories/{}/", seg[1]),
                "/repos/octo-org/infra/",
                1,
            );
            let _ = pr;
            route(s, method, &rewritten, body, base)
        }
        ("POST", ["repos", o, r, "issues", pr, "comments"]) => {
            let Some(text) = input["body"].as_str() else {
                return (422, vec![], json!({"message": "Validation Failed"}));
            };
            s.next_id += 1;
            let c = Comment {
                id: s.next_id,
                body: text.to_string(),
                minimized: false,
            };
            s.comments.push(c.clone());
            (201, vec![], comment_json(&c, base, &format!("{o}/{r}"), pr))
        }
        ("PATCH", ["repos", o, r, "issues", "comments", id]) => {
            let id: u64 = id.parse().unwrap_or(0);
            let Some(c) = s.comments.iter_mut().find(|c| c.id == id) else {
                return not_found;
            };
            c.body = input["body"].as_str().unwrap_or_default().to_string();
            let c = c.clone();
            (
                200,
                vec![],
                comment_json(&c, base, &format!("{o}/{r}"), "1"),
            )
        }
        ("DELETE", ["repos", _, _, "issues", "comments", id]) => {
            let id: u64 = id.parse().unwrap_or(0);
            let before = s.comments.len();
            s.comments.retain(|c| c.id != id);
            if s.comments.len() == before {
                return not_found;
            }
            (204, vec![], Value::Null)
        }
        ("POST", ["graphql"]) => {
            let node = input["variables"]["id"].as_str().unwrap_or_default();
            let found = s
                .comments
                .iter_mut()
                .find(|c| format!("IC_kwDOStandIn{}", c.id) == node);
            match found {
                Some(c)
                    if input["query"]
                        .as_str()
                        .unwrap_or("")
                        .contains("minimizeComment") =>
                {
                    c.minimized = true;
                    (
                        200,
                        vec![],
                        json!({"data": {"minimizeComment": {"minimizedComment": {"isMinimized": true}}}}),
                    )
                }
                _ => (
                    200,
                    vec![],
                    json!({"data": null, "errors": [{"type": "NOT_FOUND", "path": ["minimizeComment"], "message": format!("Could not resolve to a node with the global id of '{node}'")}]}),
                ),
            }
        }
        ("POST", ["repos", o, r, "check-runs"]) => {
            if s.refuse_check_runs {
                return (
                    403,
                    vec![],
                    json!({"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com/rest/checks/runs#create-a-check-run", "status": "403"}),
                );
            }
            let annotations = input["output"]["annotations"]
                .as_array()
                .map_or(0, Vec::len);
            if annotations > 50 {
                return (
                    422,
                    vec![],
                    json!({"message": "Validation Failed", "errors": ["Only 50 annotations are allowed per request"]}),
                );
            }
            let id = 4_000_000_000 + s.check_runs.len() as u64;
            let mut run = input.clone();
            run["id"] = json!(id);
            run["node_id"] = json!(format!("CR_kwDOStandIn{id}"));
            run["url"] = json!(format!("{base}/repos/{o}/{r}/check-runs/{id}"));
            run["html_url"] = json!(format!("https://github.com/{o}/{r}/runs/{id}"));
            run["output"]["annotations_count"] = json!(annotations);
            s.check_runs.push(run.clone());
            (201, vec![], run)
        }
        ("PATCH", ["repos", _, _, "check-runs", id]) => {
            let id: u64 = id.parse().unwrap_or(0);
            let annotations = input["output"]["annotations"]
                .as_array()
                .map_or(0, Vec::len);
            if annotations > 50 {
                return (422, vec![], json!({"message": "Validation Failed"}));
            }
            let Some(run) = s.check_runs.iter_mut().find(|r| r["id"] == id) else {
                return not_found;
            };
            let count = run["output"]["annotations_count"].as_u64().unwrap_or(0);
            run["output"]["annotations_count"] = json!(count + annotations as u64);
            (200, vec![], run.clone())
        }
        ("GET", ["repos", _, _, "commits", sha, "check-runs"]) => {
            let runs: Vec<Value> = s
                .check_runs
                .iter()
                .filter(|r| r["head_sha"] == *sha)
                .cloned()
                .collect();
            (
                200,
                vec![],
                json!({"total_count": runs.len(), "check_runs": runs}),
            )
        }
        ("POST", ["repos", _, _, "statuses", sha]) => {
            let mut status = input.clone();
            status["id"] = json!(6_000_000 + s.statuses.len());
            status["sha"] = json!(sha);
            s.statuses.push(status.clone());
            (201, vec![], status)
        }
        ("GET", ["repos", _, _, "compare", range]) => {
            let Some((a, b)) = range.split_once("...") else {
                return not_found;
            };
            match s.compare.get(&(a.to_string(), b.to_string())) {
                Some(status) => (
                    200,
                    vec![],
                    json!({"status": status, "ahead_by": 1, "behind_by": 0, "total_commits": 1}),
                ),
                None => not_found,
            }
        }
        ("GET", ["repos", o, r, "pulls"]) => {
            let repo = format!("{o}/{r}");
            let state = params.get("state").map_or("open", String::as_str);
            // `head` is `owner:branch`, percent-encoded as a query value.
            let head = params
                .get("head")
                .map(|h| h.replace("%3A", ":").replace("%2F", "/"));
            let open = s.pulls.iter().map(|p| (p, "open"));
            let closed = s.closed_pulls.iter().map(|p| (p, "closed"));
            let items: Vec<Value> = open
                .chain(closed)
                .filter(|(_, st)| state == "all" || state == *st)
                .filter(|(p, _)| {
                    head.as_deref()
                        .is_none_or(|h| h == format!("{o}:{}", p.head_ref))
                })
                .map(|(p, st)| {
                    let mut v = pull_json(p, base, &repo);
                    v["state"] = json!(st);
                    if let Some(body) = s.pull_bodies.get(&p.number) {
                        v["body"] = json!(body);
                    }
                    v
                })
                .collect();
            (200, vec![], Value::Array(items))
        }
        ("POST", ["repos", o, r, "pulls"]) => {
            let (Some(head), Some(base_ref)) = (input["head"].as_str(), input["base"].as_str())
            else {
                return (422, vec![], json!({"message": "Validation Failed"}));
            };
            let number = s
                .pulls
                .iter()
                .chain(&s.closed_pulls)
                .map(|p| p.number)
                .max()
                .unwrap_or(0)
                + 1;
            let pull = Pull {
                number,
                head_ref: head.to_string(),
                head_sha: String::new(),
                base_ref: base_ref.to_string(),
                base_sha: String::new(),
            };
            s.pulls.push(pull.clone());
            let mut answer = pull_json(&pull, base, &format!("{o}/{r}"));
            if let Some(body) = input["body"].as_str() {
                s.pull_bodies.insert(number, body.to_string());
                answer["body"] = json!(body);
            }
            (201, vec![], answer)
        }
        ("PATCH", ["repos", o, r, "pulls", n]) => {
            let n: u64 = n.parse().unwrap_or(0);
            let Some(at) = s.pulls.iter().position(|p| p.number == n) else {
                return not_found;
            };
            let pull = s.pulls[at].clone();
            let mut answer = pull_json(&pull, base, &format!("{o}/{r}"));
            if let Some(body) = input["body"].as_str() {
                s.pull_bodies.insert(n, body.to_string());
            }
            if let Some(body) = s.pull_bodies.get(&n) {
                answer["body"] = json!(body);
            }
            if input["state"] == "closed" {
                s.pulls.remove(at);
                s.closed_pulls.push(pull);
                answer["state"] = json!("closed");
            }
            (200, vec![], answer)
        }
        ("GET", ["repos", o, r, "issues"]) => {
            let repo = format!("{o}/{r}");
            let state = params.get("state").map_or("open", String::as_str);
            let wanted: Vec<String> = params
                .get("labels")
                .map(|l| l.split(',').map(str::to_string).collect())
                .unwrap_or_default();
            let items: Vec<Value> = s
                .issues
                .iter()
                .filter(|i| state == "all" || i.state == state)
                .filter(|i| wanted.iter().all(|w| i.labels.contains(w)))
                .map(|i| issue_json(i, base, &repo))
                .collect();
            (200, vec![], Value::Array(items))
        }
        ("POST", ["repos", o, r, "issues"]) => {
            let Some(title) = input["title"].as_str() else {
                return (422, vec![], json!({"message": "Validation Failed"}));
            };
            let labels: Vec<String> = input["labels"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(missing) = labels.iter().find(|l| !s.labels.contains(l)) {
                // GitHub creates a missing label for a user who may push; this stand-in
                // holds the client to creating it first.
                return (
                    422,
                    vec![],
                    json!({"message": "Validation Failed", "errors": [{"resource": "Label", "code": "invalid", "field": "labels", "value": missing}]}),
                );
            }
            let issue = Issue {
                number: s.issues.len() as u64 + 1,
                title: title.to_string(),
                body: input["body"].as_str().unwrap_or_default().to_string(),
                state: "open".into(),
                labels,
            };
            s.issues.push(issue.clone());
            (201, vec![], issue_json(&issue, base, &format!("{o}/{r}")))
        }
        ("PATCH", ["repos", o, r, "issues", n]) => {
            let n: u64 = n.parse().unwrap_or(0);
            let Some(issue) = s.issues.iter_mut().find(|i| i.number == n) else {
                return not_found;
            };
            if let Some(body) = input["body"].as_str() {
                issue.body = body.to_string();
            }
            if let Some(state) = input["state"].as_str() {
                if state != "open" && state != "closed" {
                    return (422, vec![], json!({"message": "Validation Failed"}));
                }
                issue.state = state.to_string();
            }
            let issue = issue.clone();
            (200, vec![], issue_json(&issue, base, &format!("{o}/{r}")))
        }
        ("GET", ["repos", o, r, "labels", name]) => {
            if !s.labels.iter().any(|l| l == name) {
                return not_found;
            }
            (
                200,
                vec![],
                json!({"id": 208045946, "url": format!("{base}/repos/{o}/{r}/labels/{name}"), "name": name, "color": "d93f0b", "default": false}),
            )
        }
        ("POST", ["repos", o, r, "labels"]) => {
            let Some(name) = input["name"].as_str() else {
                return (422, vec![], json!({"message": "Validation Failed"}));
            };
            if s.labels.iter().any(|l| l == name) {
                return (
                    422,
                    vec![],
                    json!({"message": "Validation Failed", "errors": [{"resource": "Label", "code": "already_exists", "field": "name"}]}),
                );
            }
            s.labels.push(name.to_string());
            (
                201,
                vec![],
                json!({"id": 208045946, "url": format!("{base}/repos/{o}/{r}/labels/{name}"), "name": name, "color": input["color"], "default": false, "description": input["description"]}),
            )
        }
        ("GET", ["repos", o, r, "installation"]) => (
            200,
            vec![],
            json!({"id": 42, "account": {"login": o, "type": "Organization"}, "repository_selection": "selected",
                   "access_tokens_url": format!("{base}/app/installations/42/access_tokens"),
                   "repositories_url": format!("{base}/installation/repositories"), "app_id": 1, "target_type": "Organization",
                   "permissions": {"checks": "write", "pull_requests": "write", "issues": "write"}, "events": ["pull_request"],
                   "html_url": format!("https://github.com/organizations/{o}/settings/installations/42"), "_repo": r}),
        ),
        ("POST", ["app", "installations", "42", "access_tokens"]) => {
            s.tokens_issued += 1;
            let life = s.token_lifetimes.pop_front().unwrap_or(3600);
            let expires = chrono::Utc::now() + chrono::Duration::seconds(life);
            (
                201,
                vec![],
                json!({"token": format!("ghs_standin{}", s.tokens_issued),
                       "expires_at": expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                       "permissions": {"checks": "write", "issues": "write"}, "repository_selection": "selected"}),
            )
        }
        _ => not_found,
    }
}
