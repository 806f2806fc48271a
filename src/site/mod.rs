//! The static site: `aetheredge site --repo DIR --rev REV --out DIR`. The tree of `rev` is read
//! and loaded once ([`tree::load`]); a full review of it ([`aetheredge_review::review_tree`]) gives
//! the findings and costs ([`cache`], reused when only Markdown changed since the previous
//! build); [`data`] turns both into what the pages show. Every page is a tera template from
//! `site-templates/`, compiled in; a file of the repo's own `site-templates/` overrides the
//! template of the same name. Overrides are read from `rev` itself: the site is built from the
//! default branch, whose content is already trusted (a pull request's head is never built).
//! Pages use relative links only, so the site works from `file://` and any static host, and
//! make no external request; charts and graphs are SVG drawn here ([`svg`], [`graph`]), and
//! search is a script over an index written here ([`search`]).
//!
//! The site is built into a temporary directory beside `--out` and renamed into place: an
//! interrupted build leaves the previous site whole. The previous site is also an input: its
//! `history.json` ([`history`]) and `site-cache.json` ([`cache`]) are read before it is
//! replaced, and a `.git` in it (a gh-pages checkout) is moved into the new site.

pub(crate) mod assets;
pub mod cache;
pub mod data;
pub mod drift;
pub mod graph;
pub mod history;
pub mod markdown;
pub(crate) mod safety;
pub mod search;
pub mod svg;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{include_dir, Dir};
use serde::Serialize;

use aetheredge_core::report::DeityName;
use aetheredge_model::tree::{self, Tree, TreeError};

/// The built-in templates and static assets.
static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/site-templates");

/// Where a repo keeps its own templates.
pub use aetheredge_core::config::SITE_TEMPLATES_DIR as OVERRIDE_DIR;

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error(transparent)]
    Tree(#[from] TreeError),
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    #[error("template {0}")]
    Refused(safety::Refused),
    #[error("cannot write the site to {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The name a staging directory beside the output starts with.
const STAGING_PREFIX: &str = ".aetheredge-site-";

/// What was built.
#[derive(Debug)]
pub struct Built {
    pub pages: usize,
    /// The full sha of the commit the site describes.
    pub sha: String,
    /// True when the review data came from the previous site's cache (only Markdown changed),
    /// so only Kali ran.
    pub review_reused: bool,
    /// How many commits the history holds, this one included.
    pub history: usize,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SiteError + '_ {
    move |source| SiteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Builds the site of `rev` of `repo` into `out`.
pub fn build(repo: &Path, rev: &str, out: &Path) -> Result<Built, SiteError> {
    build_with_config(repo, rev, out, None)
}

/// [`build`], with the repo's config read from `config_path` (relative to the repo root)
/// instead of `aetheredge.yaml`.
pub fn build_with_config(
    repo: &Path,
    rev: &str,
    out: &Path,
    config_path: Option<&str>,
) -> Result<Built, SiteError> {
    build_judged(repo, rev, None, out, config_path)
}

/// [`build`] with the drift of a run made elsewhere (the watcher's), rather than one made now.
pub fn build_with_drift(
    repo: &Path,
    rev: &str,
    out: &Path,
    drift: drift::DriftInput,
) -> Result<Built, SiteError> {
    build_site(repo, rev, None, out, None, drift)
}

/// [`build_with_config`] for the head of a pull request: the config and the template
/// overrides are read from `trusted_rev` (its base), so the change cannot alter them.
pub fn build_judged(
    repo: &Path,
    rev: &str,
    trusted_rev: Option<&str>,
    out: &Path,
    config_path: Option<&str>,
) -> Result<Built, SiteError> {
    // Drift is the default branch's: the site of a pull request's head shows none.
    let drift = match trusted_rev {
        Some(_) => drift::DriftInput::Off,
        None => drift::DriftInput::FromConfig,
    };
    build_site(repo, rev, trusted_rev, out, config_path, drift)
}

fn build_site(
    repo: &Path,
    rev: &str,
    trusted_rev: Option<&str>,
    out: &Path,
    config_path: Option<&str>,
    drift: drift::DriftInput,
) -> Result<Built, SiteError> {
    let started = std::time::Instant::now();
    let tree = tree::load_judged(repo, Some(rev), trusted_rev, config_path)?;
    tracing::debug!(elapsed = ?started.elapsed(), "loaded the tree");
    let key = cache::key(&tree.snapshot);
    let (review, review_reused) = match cache::read(out, &key) {
        Some(cached) => {
            let kali = aetheredge_review::review_tree(
                &tree.revision,
                &tree.snapshot,
                &tree.model,
                &tree.config,
                Some(&[DeityName::Kali][..]),
            );
            tracing::info!("reusing the previous site's review data: only Markdown changed");
            (cached.with_findings_of(&kali), true)
        }
        None => {
            let report = aetheredge_review::review_tree(
                &tree.revision,
                &tree.snapshot,
                &tree.model,
                &tree.config,
                None,
            );
            (cache::ReviewData::from_report(&report), false)
        }
    };
    tracing::debug!(elapsed = ?started.elapsed(), review_reused, "reviewed the tree");
    let mut data = data::assemble(&tree, &review);
    data.date = history::commit_date(tree.git_dir.as_deref(), &tree.revision.sha);
    let (mut history, unreadable) = match history::read(out) {
        history::Previous::None => (history::History::default(), None),
        history::Previous::Read(h) => (h, None),
        history::Previous::Unreadable(bytes) => (history::History::default(), Some(bytes)),
    };
    history.record(data.record());
    data.set_history(&history);
    let drift_history = drift_data(&tree, out, drift, &mut data.drift);
    tracing::debug!(elapsed = ?started.elapsed(), "assembled the site data");
    let (tera, files) = templates(&tree)?;
    let file_of = |name: &str| files.get(name).cloned().unwrap_or_else(|| name.to_string());

    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    remove_stale_staging(&parent);
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let mut writer = Writer {
        root: staging.path().to_path_buf(),
        pages: 0,
    };
    for file in TEMPLATES
        .get_dir("static")
        .map(|d| d.files().collect::<Vec<_>>())
        .unwrap_or_default()
    {
        writer.bytes(&file.path().to_string_lossy(), file.contents())?;
    }
    // The site's data goes into the context once: serializing it for every page made a
    // site of a large tree (thousands of findings) take minutes. Each page sets its own keys.
    let mut shared = tera::Context::new();
    shared.insert("site", &data);
    let docs = docs_pages(
        repo,
        &tree,
        &mut writer,
        &tera,
        &file_of("doc.html"),
        &mut shared,
    )?;
    shared.insert("docs", &docs);
    let shared = std::cell::RefCell::new(shared);
    let page = |name: &str, root: &str, extra: &[(&str, &dyn erased::Value)]| {
        let mut ctx = shared.borrow_mut();
        ctx.insert("root", root);
        for (k, v) in extra {
            v.insert_into(&mut ctx, k);
        }
        let html = tera
            .render(name, &ctx)
            .map_err(|e| template_error(&file_of(name), e));
        for (k, _) in extra {
            ctx.remove(k);
        }
        html
    };
    writer.page("index.html", &page("home.html", "", &[])?)?;
    writer.page("inventory.html", &page("inventory.html", "", &[])?)?;
    writer.page("findings.html", &page("findings.html", "", &[])?)?;
    writer.page("cost.html", &page("cost.html", "", &[])?)?;
    writer.page("history.html", &page("history.html", "", &[])?)?;
    writer.page("drift.html", &page("drift.html", "", &[])?)?;
    writer.page("search.html", &page("search.html", "", &[])?)?;
    writer.page("modules/index.html", &page("modules.html", "../", &[])?)?;
    for m in &data.modules {
        let html = page("module.html", "../", &[("module", m)])?;
        writer.page(&format!("modules/{}.html", m.slug), &html)?;
    }
    writer.page(
        "compliance/index.html",
        &page("compliance.html", "../", &[])?,
    )?;
    for f in &data.frameworks {
        let html = page("framework.html", "../", &[("framework", f)])?;
        writer.page(&format!("compliance/{}.html", f.slug), &html)?;
    }
    writer.page("docs/index.html", &page("docs.html", "../", &[])?)?;

    let doc_texts: Vec<search::DocText> = docs
        .iter()
        .map(|d| search::DocText {
            title: &d.title,
            page: &d.page,
            html: &d.html,
        })
        .collect();
    let index = search::to_json(&search::index(&data, &doc_texts));
    writer.bytes("search-index.js", search::to_script(&index).as_bytes())?;
    writer.bytes("search-index.json", index.as_bytes())?;
    writer.bytes(history::HISTORY_FILE, history.to_json().as_bytes())?;
    if let Some(bytes) = unreadable {
        writer.bytes(history::UNREADABLE_FILE, &bytes)?;
    }
    writer.bytes(cache::CACHE_FILE, cache::render(&key, &review).as_bytes())?;
    if let Some(history) = drift_history {
        writer.bytes(drift::DRIFT_HISTORY_FILE, history.to_json().as_bytes())?;
    }

    let pages = writer.pages;
    let staged = staging.keep();
    carry_git_dir(out, &staged)?;
    replace(&staged, out)?;
    tracing::info!(pages, review_reused, out = %out.display(), elapsed = ?started.elapsed(), "built the site");
    Ok(Built {
        pages,
        sha: data.sha.clone(),
        review_reused,
        history: history.records.len(),
    })
}

/// Fills the Drift page from `input`; returns the drift history the site carries, if any.
fn drift_data(
    tree: &Tree,
    out: &Path,
    input: drift::DriftInput,
    page: &mut drift::DriftPage,
) -> Option<drift::DriftHistory> {
    match input {
        drift::DriftInput::Off => {
            page.off = true;
            None
        }
        drift::DriftInput::Given { last, history } => {
            *page = drift::DriftPage::new(last.as_ref(), &history);
            Some(history)
        }
        drift::DriftInput::FromConfig => {
            let targets = crate::drift::targets(&tree.config, None, None);
            if targets.is_empty() {
                return None;
            }
            let report = crate::drift::drift_report(
                &tree.model,
                &tree.revision.sha,
                &targets,
                &crate::drift::fetch_state,
            );
            for root in &report.roots {
                if let Some(error) = &root.error {
                    tracing::warn!(root = %root.root, %error, "drift: the root was not compared");
                }
            }
            let last = drift::LastDrift {
                time: drift::now(),
                report,
            };
            let mut history = drift::DriftHistory::read(&out.join(drift::DRIFT_HISTORY_FILE));
            history.add(drift::DriftRun::of(&last));
            *page = drift::DriftPage::new(Some(&last), &history);
            Some(history)
        }
    }
}

/// Moves the previous output's `.git` (a checkout of the branch the site is published on)
/// into the new site, so publishing from `out` keeps working.
fn carry_git_dir(out: &Path, staged: &Path) -> Result<(), SiteError> {
    let git = out.join(".git");
    if git.symlink_metadata().is_ok() {
        std::fs::rename(&git, staged.join(".git")).map_err(io(&git))?;
    }
    Ok(())
}

/// Puts the staged site where the old one was, so that `out` is a whole site at every
/// moment, even if the process is killed: on Linux the two directories trade places in one
/// atomic step (`renameat2` with `RENAME_EXCHANGE`); elsewhere, or on a filesystem without
/// it, the old one is moved aside and the new one renamed in (between the two, `out` is
/// briefly missing, never half-written). The old site is removed afterwards.
fn replace(staged: &Path, out: &Path) -> Result<(), SiteError> {
    if !out.exists() {
        return std::fs::rename(staged, out).map_err(io(out));
    }
    if exchange(staged, out).is_ok() {
        // `staged` now holds the previous site.
        return std::fs::remove_dir_all(staged).map_err(io(staged));
    }
    let aside = staged.with_extension("old");
    std::fs::rename(out, &aside).map_err(io(out))?;
    std::fs::rename(staged, out).map_err(io(out))?;
    std::fs::remove_dir_all(&aside).map_err(io(&aside))
}

/// Swaps two directories atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Removes staging directories that a killed build left beside the output. Only those
/// untouched for an hour: another build may be writing a younger one.
fn remove_stale_staging(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let hour = std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > hour));
        if name.to_string_lossy().starts_with(STAGING_PREFIX) && stale {
            tracing::info!(path = %entry.path().display(), "removing a staging directory an interrupted build left");
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn template_error(name: &str, e: tera::Error) -> SiteError {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    SiteError::Template {
        name: name.to_string(),
        message,
    }
}

/// The built-in templates, then the repo's overrides of the same names (from the base,
/// for the head of a pull request), checked ([`safety::check`]); with the file each name
/// comes from, for errors.
fn templates(tree: &Tree) -> Result<(tera::Tera, BTreeMap<String, String>), SiteError> {
    let mut sources: BTreeMap<String, String> = TEMPLATES
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "html"))
        .filter_map(|f| {
            Some((
                f.path().to_string_lossy().into_owned(),
                f.contents_utf8()?.to_string(),
            ))
        })
        .collect();
    let mut files: BTreeMap<String, String> = sources
        .keys()
        .map(|name| (name.clone(), format!("{name} (built in)")))
        .collect();
    for name in sources.clone().keys() {
        let path = format!("{OVERRIDE_DIR}/{name}");
        if let Some(file) = tree.rules().get(&path) {
            tracing::info!(template = %name, "the repo overrides a template");
            sources.insert(name.clone(), file.text.to_string());
            files.insert(name.clone(), path);
        }
    }
    let checked: Vec<safety::Source<'_>> = sources
        .iter()
        .map(|(name, text)| safety::Source {
            name,
            file: files[name].clone(),
            text,
        })
        .collect();
    safety::check(&checked, &tree.config.limits).map_err(SiteError::Refused)?;
    let mut tera = tera::Tera::default();
    safety::register(&mut tera, &tree.config.limits);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| template_error(OVERRIDE_DIR, e))?;
    Ok((tera, files))
}

/// A rendered doc as the docs index lists it.
#[derive(Serialize)]
struct DocLink {
    path: String,
    page: String,
    title: String,
    /// The rendered HTML, for the search index.
    #[serde(skip)]
    html: String,
}

/// Renders README.md and docs/**/*.md into `docs/`, mirroring their paths, and copies the
/// images they show.
fn docs_pages(
    repo: &Path,
    tree: &Tree,
    writer: &mut Writer,
    tera: &tera::Tera,
    doc_template: &str,
    ctx: &mut tera::Context,
) -> Result<Vec<DocLink>, SiteError> {
    let paths: Vec<String> = tree
        .snapshot
        .files()
        .map(|f| f.path.clone())
        .filter(|p| p.ends_with(".md") && (p == "README.md" || p.starts_with("docs/")))
        .collect();
    let docs: Arc<HashSet<String>> = Arc::new(paths.iter().cloned().collect());
    let files: Arc<HashSet<String>> = Arc::new(
        tree.snapshot
            .files()
            .map(|f| f.path.clone())
            .chain(tree.snapshot.skipped().iter().map(|s| s.path.clone()))
            .filter(|p| assets::is_image(p))
            .collect(),
    );
    let blobs = Blobs::open(tree, repo);
    let mut links = Vec::new();
    for path in &paths {
        let Some(file) = tree.snapshot.get(path) else {
            continue;
        };
        let rendered = markdown::render(path, &file.text, &docs, &files);
        let depth = path.matches('/').count();
        let root = "../".repeat(depth + 1);
        let page = format!("{}.html", path.trim_end_matches(".md"));
        let title = rendered.title.clone().unwrap_or_else(|| path.clone());
        ctx.insert("root", &root);
        ctx.insert("doc_title", &title);
        ctx.insert("doc_path", path);
        ctx.insert("doc_html", &rendered.html);
        let html = tera
            .render("doc.html", ctx)
            .map_err(|e| template_error(doc_template, e));
        for key in ["doc_title", "doc_path", "doc_html"] {
            ctx.remove(key);
        }
        let html = html?;
        writer.page(&format!("docs/{page}"), &html)?;
        for image in &rendered.images {
            let Some(bytes) = blobs.read(image) else {
                continue;
            };
            match assets::inert(image, &bytes) {
                Ok(bytes) => writer.bytes(&format!("docs/{image}"), &bytes)?,
                Err(e) => tracing::warn!(doc = %path, "not copied into the site: {e}"),
            }
        }
        links.push(DocLink {
            path: path.clone(),
            page,
            title,
            html: rendered.html,
        });
    }
    Ok(links)
}

/// Binary files of the tree (images), which snapshots do not hold.
struct Blobs {
    git: Option<(git2::Repository, git2::Oid)>,
    dir: Option<PathBuf>,
}

impl Blobs {
    fn open(tree: &Tree, repo: &Path) -> Blobs {
        let git = tree.git_dir.as_ref().and_then(|d| {
            let repo = git2::Repository::open(d).ok()?;
            let oid = git2::Oid::from_str(&tree.revision.sha).ok()?;
            Some((repo, oid))
        });
        let dir = git.is_none().then(|| repo.to_path_buf());
        Blobs { git, dir }
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        if let Some((repo, oid)) = &self.git {
            let tree = repo.find_commit(*oid).ok()?.tree().ok()?;
            let entry = tree.get_path(Path::new(path)).ok()?;
            let blob = repo.find_blob(entry.id()).ok()?;
            return Some(blob.content().to_vec());
        }
        std::fs::read(self.dir.as_ref()?.join(path)).ok()
    }
}

/// Writes files under the staging directory.
struct Writer {
    root: PathBuf,
    pages: usize,
}

impl Writer {
    fn bytes(&mut self, rel: &str, bytes: &[u8]) -> Result<(), SiteError> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))
    }

    /// Writes a page, with the site's Content-Security-Policy.
    fn page(&mut self, rel: &str, html: &str) -> Result<(), SiteError> {
        self.pages += 1;
        self.bytes(rel, safety::with_csp(html).as_bytes())
    }
}

/// Values of different types inserted into a tera context by name.
mod erased {
    pub trait Value {
        fn insert_into(&self, ctx: &mut tera::Context, key: &str);
    }
    impl<T: serde::Serialize> Value for T {
        fn insert_into(&self, ctx: &mut tera::Context, key: &str) {
            ctx.insert(key, self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path, page: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("index.html"), page).unwrap();
    }

    #[test]
    fn the_new_site_takes_the_old_ones_place_and_nothing_is_left_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let staged = tmp.path().join(".aetheredge-site-new");
        site(&out, "old");
        site(&staged, "new");
        replace(&staged, &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only the site remains");

        // The first build: nothing to trade places with.
        let first = tmp.path().join("first");
        let staged = tmp.path().join(".aetheredge-site-first");
        site(&staged, "one");
        replace(&staged, &first).unwrap();
        assert_eq!(
            std::fs::read_to_string(first.join("index.html")).unwrap(),
            "one"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn two_directories_trade_places_in_one_step() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        site(&a, "a");
        site(&b, "b");
        exchange(&a, &b).unwrap();
        assert_eq!(std::fs::read_to_string(a.join("index.html")).unwrap(), "b");
        assert_eq!(std::fs::read_to_string(b.join("index.html")).unwrap(), "a");
        let missing = tmp.path().join("missing");
        assert!(exchange(&a, &missing).is_err(), "both must exist");
    }

    #[test]
    fn only_staging_directories_untouched_for_an_hour_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join(".aetheredge-site-old1");
        let young = tmp.path().join(".aetheredge-site-young");
        let other = tmp.path().join("keep-me");
        for d in [&old, &young, &other] {
            std::fs::create_dir_all(d).unwrap();
        }
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::open(&old)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        std::fs::File::open(&other)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        remove_stale_staging(tmp.path());
        assert!(!old.exists());
        assert!(young.exists(), "a build may be writing it");
        assert!(other.exists(), "not ours");
    }
}
