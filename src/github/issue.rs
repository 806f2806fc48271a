//! Issues and pull requests the tool keeps, one of each per purpose: found again by a label
//! and a hidden marker in the body (issues) or by the head branch (pull requests), then
//! created, edited, closed or reopened in place. Every request goes through [`Client`].
//!
//! GitHub lists issues by label (`GET /repos/{o}/{r}/issues?labels=…&state=all`), which keeps
//! the list short in a repository with thousands of issues; the marker tells the tool's issue
//! from another one someone labelled alike. The label is created when it is missing, since an
//! issue may only carry labels that exist.
//!
//! A `POST` that fails without a clear answer may still have created the issue or pull
//! request: it is looked for again before the error is returned.

use http::Method;
use serde_json::{json, Value};

use super::client::Client;
use super::{GitHubError, RepoName};

/// Open or closed, as GitHub names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Open,
    Closed,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Closed => "closed",
        }
    }

    fn of(item: &Value) -> State {
        if item["state"].as_str() == Some("open") {
            State::Open
        } else {
            State::Closed
        }
    }
}

/// An issue or a pull request, as far as the tool needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub number: u64,
    pub state: State,
    pub body: String,
    pub url: String,
}

impl Item {
    fn from_json(item: &Value) -> Option<Item> {
        Some(Item {
            number: item["number"].as_u64()?,
            state: State::of(item),
            body: item["body"].as_str().unwrap_or_default().to_string(),
            url: item["html_url"].as_str().unwrap_or_default().to_string(),
        })
    }
}

/// A label to create when missing.
pub struct Label<'a> {
    pub name: &'a str,
    /// Six hex digits, without `#`.
    pub color: &'a str,
    pub description: &'a str,
}

/// The issue labelled `label` whose body contains `marker`: the open one with the lowest
/// number, else the closed one with the highest (the most recent).
pub async fn find_marked(
    client: &Client,
    repository: &RepoName,
    label: &str,
    marker: &str,
) -> Result<Option<Item>, GitHubError> {
    let path = format!(
        "/repos/{repository}/issues?state=all&labels={}",
        query_value(label)
    );
    let items: Vec<Item> = client
        .list_all(&path)
        .await?
        .iter()
        // The issues list holds pull requests too.
        .filter(|i| i.get("pull_request").is_none_or(Value::is_null))
        .filter_map(Item::from_json)
        .filter(|i| i.body.contains(marker))
        .collect();
    Ok(pick(items))
}

/// Creates `label` unless the repository has it.
pub async fn ensure_label(
    client: &Client,
    repository: &RepoName,
    label: &Label<'_>,
) -> Result<(), GitHubError> {
    let path = format!("/repos/{repository}/labels/{}", path_segment(label.name));
    match client.request(Method::GET, &path, None).await {
        Ok(_) => return Ok(()),
        Err(GitHubError::Status { status: 404, .. }) => {}
        Err(e) => return Err(e),
    }
    let body =
        json!({ "name": label.name, "color": label.color, "description": label.description });
    match client
        .request(
            Method::POST,
            &format!("/repos/{repository}/labels"),
            Some(&body),
        )
        .await
    {
        // 422: created meanwhile (by another process, or a POST whose answer was lost).
        Ok(_) | Err(GitHubError::Status { status: 422, .. }) => {
            tracing::info!(label = label.name, "created the label");
            Ok(())
        }
        Err(GitHubError::Uncertain { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Opens an issue labelled `label`, its body carrying `marker`.
pub async fn create(
    client: &Client,
    repository: &RepoName,
    title: &str,
    body: &str,
    label: &Label<'_>,
    marker: &str,
) -> Result<Item, GitHubError> {
    ensure_label(client, repository, label).await?;
    let request = json!({ "title": title, "body": body, "labels": [label.name] });
    let path = format!("/repos/{repository}/issues");
    match client.request(Method::POST, &path, Some(&request)).await {
        Ok(reply) => Item::from_json(&reply.body).ok_or(GitHubError::Unexpected {
            path,
            expected: "an issue",
        }),
        Err(e @ GitHubError::Uncertain { .. }) => {
            match find_marked(client, repository, label.name, marker).await? {
                Some(item) if item.state == State::Open => {
                    tracing::info!(
                        number = item.number,
                        "the issue was created after all: found it"
                    );
                    Ok(item)
                }
                _ => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// Edits issue (or pull request) `number`: its body, its state, or both.
pub async fn edit(
    client: &Client,
    repository: &RepoName,
    kind: Kind,
    number: u64,
    body: Option<&str>,
    state: Option<State>,
) -> Result<Item, GitHubError> {
    let mut request = json!({});
    if let Some(body) = body {
        request["body"] = json!(body);
    }
    if let Some(state) = state {
        request["state"] = json!(state.as_str());
        if kind == Kind::Issue && state == State::Closed {
            request["state_reason"] = json!("completed");
        }
    }
    let path = format!("/repos/{repository}/{}/{number}", kind.collection());
    let reply = client.request(Method::PATCH, &path, Some(&request)).await?;
    Item::from_json(&reply.body).ok_or(GitHubError::Unexpected {
        path,
        expected: kind.noun(),
    })
}

/// Which collection an item belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Issue,
    Pull,
}

impl Kind {
    fn collection(self) -> &'static str {
        match self {
            Kind::Issue => "issues",
            Kind::Pull => "pulls",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Issue => "an issue",
            Kind::Pull => "a pull request",
        }
    }
}

/// The pull request from `branch` of the repository itself: the open one, else the most
/// recent closed one.
pub async fn find_pull(
    client: &Client,
    repository: &RepoName,
    branch: &str,
) -> Result<Option<Item>, GitHubError> {
    let path = format!(
        "/repos/{repository}/pulls?state=all&head={}",
        query_value(&format!("{}:{branch}", repository.owner))
    );
    let items: Vec<Item> = client
        .list_all(&path)
        .await?
        .iter()
        .filter(|p| p["head"]["ref"].as_str() == Some(branch))
        .filter_map(Item::from_json)
        .collect();
    Ok(pick(items))
}

/// Opens a pull request from `head` into `base`.
pub async fn open_pull(
    client: &Client,
    repository: &RepoName,
    title: &str,
    head: &str,
    base: &str,
    body: &str,
) -> Result<Item, GitHubError> {
    let request = json!({ "title": title, "head": head, "base": base, "body": body });
    let path = format!("/repos/{repository}/pulls");
    match client.request(Method::POST, &path, Some(&request)).await {
        Ok(reply) => Item::from_json(&reply.body).ok_or(GitHubError::Unexpected {
            path,
            expected: "a pull request",
        }),
        Err(e @ GitHubError::Uncertain { .. }) => {
            match find_pull(client, repository, head).await? {
                Some(item) if item.state == State::Open => Ok(item),
                _ => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// The open item with the lowest number, else the closed one with the highest.
fn pick(mut items: Vec<Item>) -> Option<Item> {
    items.sort_by_key(|i| i.number);
    let open = items.iter().find(|i| i.state == State::Open).cloned();
    open.or_else(|| items.pop())
}

/// A query-string value, percent-encoded where a query needs it.
fn query_value(text: &str) -> String {
    encode(text, |c| c.is_ascii_alphanumeric() || "-._~:/".contains(c))
}

/// A path segment, percent-encoded.
fn path_segment(text: &str) -> String {
    encode(text, |c| c.is_ascii_alphanumeric() || "-._~".contains(c))
}

fn encode(text: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if keep(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(number: u64, state: State) -> Item {
        Item {
            number,
            state,
            body: String::new(),
            url: String::new(),
        }
    }

    #[test]
    fn the_open_item_wins_else_the_latest_closed_one() {
        let picked = pick(vec![
            item(9, State::Closed),
            item(4, State::Open),
            item(7, State::Open),
        ]);
        assert_eq!(picked.map(|i| i.number), Some(4));
        let picked = pick(vec![item(3, State::Closed), item(8, State::Closed)]);
        assert_eq!(picked.map(|i| i.number), Some(8));
        assert_eq!(pick(vec![]), None);
    }

    #[test]
    fn labels_and_branches_are_encoded_for_the_url() {
        assert_eq!(
            query_value("octo:aetheredge/heal-drift"),
            "octo:aetheredge/heal-drift"
        );
        assert_eq!(query_value("a b&c"), "a%20b%26c");
        assert_eq!(path_segment("drift/x é"), "drift%2Fx%20%C3%A9");
    }
}
