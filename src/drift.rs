//! Shiva's front end: which root modules to compare with which states, each state read
//! and parsed, and one drift report for all of them. A root whose state cannot be read is
//! reported with its error; the other roots are still compared.

use aetheredge_core::config::{Config, DriftRootConfig};
use aetheredge_core::report::drift::{DriftReport, RootDrift, DRIFT_SCHEMA_VERSION};
use aetheredge_model::iac::Model;
use aetheredge_shiva::drift;
use aetheredge_shiva::state::RecordedState;

/// One root module and the state it is compared with.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DriftTarget {
    /// The root's directory as the user wrote it, `.` for the repository root.
    pub root: String,
    /// Where the state is (a path or an address; may carry credentials).
    pub state: String,
    pub workspace: Option<String>,
}

/// A state's bytes, and how its source is shown (without credentials).
pub struct FetchedState {
    pub display: String,
    pub bytes: Vec<u8>,
}

/// Reads a state: the display name of its source and its bytes, or an error naming it.
pub type Fetch<'a> = dyn Fn(&DriftTarget) -> Result<FetchedState, (String, String)> + 'a;

/// Reads one target's state from where it is kept (a file, Terraform's http backend, a
/// bucket), in its workspace when one is named.
pub fn fetch_state(target: &DriftTarget) -> Result<FetchedState, (String, String)> {
    let (display, bytes) =
        aetheredge_statestore::StateSource::read(&target.state, target.workspace.as_deref());
    match bytes {
        Ok(bytes) => Ok(FetchedState { display, bytes }),
        Err(e) => Err((display, e.to_string())),
    }
}

/// The roots to compare: `--state` (with `--root`) when given, else the config's `drift.roots`.
pub fn targets(config: &Config, state: Option<&str>, root: Option<&str>) -> Vec<DriftTarget> {
    match state {
        Some(state) => vec![DriftTarget {
            root: root.unwrap_or(".").to_string(),
            state: state.to_string(),
            workspace: None,
        }],
        None => config
            .drift
            .roots
            .iter()
            .filter(|r| root.is_none_or(|wanted| same_dir(wanted, &r.path)))
            .map(|r: &DriftRootConfig| DriftTarget {
                root: r.path.clone(),
                state: r.state.clone(),
                workspace: r.workspace.clone(),
            })
            .collect(),
    }
}

/// The code at `rev` of `repo`, and the roots to compare: `targets`, else the `drift.roots`
/// of the config at that revision.
pub fn code_and_targets(
    repo: &std::path::Path,
    rev: &str,
    targets: Option<Vec<DriftTarget>>,
) -> Result<(aetheredge_model::tree::Tree, Vec<DriftTarget>), aetheredge_model::tree::TreeError> {
    let tree = aetheredge_model::tree::load_judged(repo, Some(rev), None, None)?;
    let targets = targets.unwrap_or_else(|| self::targets(&tree.config, None, None));
    Ok((tree, targets))
}

/// Compares every target's root module of `model` (the code at `rev`) with its state.
pub fn drift_report(
    model: &Model,
    rev: &str,
    targets: &[DriftTarget],
    fetch: &Fetch,
) -> DriftReport {
    let roots = targets
        .iter()
        .map(|target| compare_root(model, target, fetch))
        .collect();
    DriftReport {
        schema_version: DRIFT_SCHEMA_VERSION,
        rev: rev.to_string(),
        roots,
    }
}

fn compare_root(model: &Model, target: &DriftTarget, fetch: &Fetch) -> RootDrift {
    let root_dir = model_dir(&target.root);
    let mut out = RootDrift {
        root: shown_dir(&target.root),
        ..RootDrift::default()
    };
    let (display, state) = recorded_state(model, target, fetch);
    out.state = display;
    let state = match state {
        Ok(state) => state,
        Err(error) => {
            out.error = Some(error);
            return out;
        }
    };
    out.serial = state.serial;
    out.lineage = state.lineage.clone();
    let comparison = drift::compare(model, &root_dir, &state);
    out.resources = comparison.drift.iter().map(|d| d.to_report()).collect();
    out.notes = comparison.notes;
    out
}

/// The state a target's root is compared with: how its source is shown, and the state, or
/// why the root cannot be compared with it (the state cannot be read or parsed, the root
/// has no Terraform files, the state records nothing the code declares).
pub(crate) fn recorded_state(
    model: &Model,
    target: &DriftTarget,
    fetch: &Fetch,
) -> (String, Result<RecordedState, String>) {
    let root_dir = model_dir(&target.root);
    let fetched = match fetch(target) {
        Ok(fetched) => fetched,
        Err((display, error)) => return (display, Err(error)),
    };
    let display = fetched.display;
    if !model.modules.contains_key(&root_dir) {
        let error = format!(
            "{}: no Terraform files in this directory of the repository",
            shown_dir(&target.root)
        );
        return (display, Err(error));
    }
    let state = RecordedState::parse(&display, &fetched.bytes)
        .map_err(|e| e.to_string())
        .and_then(
            |state| match drift::implausible(model, &root_dir, &state, &display) {
                Some(error) => Err(error),
                None => Ok(state),
            },
        );
    (display, state)
}

/// The model's name of a root directory: `""` for the repository root.
pub fn model_dir(root: &str) -> String {
    aetheredge_model::state::root_dir(root)
}

fn shown_dir(root: &str) -> String {
    let dir = model_dir(root);
    if dir.is_empty() {
        ".".to_string()
    } else {
        dir
    }
}

fn same_dir(a: &str, b: &str) -> bool {
    model_dir(a) == model_dir(b)
}
