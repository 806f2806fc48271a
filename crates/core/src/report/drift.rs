//! Drift: what Terraform's recorded state says about a root module that its code no longer
//! declares, as plain data (`aetheredge drift --format json`, documented by
//! `schemas/drift.schema.json`).

use serde::{Deserialize, Serialize};

/// The version of `schemas/drift.schema.json` this report follows.
pub const DRIFT_SCHEMA_VERSION: u32 = 1;

/// The drift of every root compared at one revision.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DriftReport {
    pub schema_version: u32,
    /// The commit the code was read from.
    pub rev: String,
    pub roots: Vec<RootDrift>,
}

/// One root module compared with one state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RootDrift {
    /// The root module's directory, `.` for the repository root.
    pub root: String,
    /// Where the state was read from, without credentials.
    pub state: String,
    /// The state's serial and lineage (absent in `terraform show -json` output).
    pub serial: Option<u64>,
    pub lineage: Option<String>,
    pub resources: Vec<ResourceDrift>,
    /// What could not be compared, and why (a module from a registry, a file that does
    /// not parse).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Why this root could not be compared (the state could not be read or parsed); the
    /// other roots are still compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A resource instance whose code and recorded state disagree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceDrift {
    /// Terraform's address: `module.net.aws_subnet.private[2]`.
    pub address: String,
    pub status: DriftStatus,
    /// For `drifted`: each attribute the code sets to a known value that differs.
    pub attributes: Vec<AttributeDrift>,
    /// Where the code declares it (`drifted`, `not_in_state`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftStatus {
    /// An attribute the code sets differs from the recorded one.
    Drifted,
    /// Declared, never applied.
    NotInState,
    /// Recorded, no longer declared: the next apply destroys it.
    NotInCode,
}

impl DriftStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DriftStatus::Drifted => "drifted",
            DriftStatus::NotInState => "not_in_state",
            DriftStatus::NotInCode => "not_in_code",
        }
    }
}

/// One differing attribute. Sensitive ones carry no values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributeDrift {
    /// `instance_type`, `tags.Env`, `ingress[0].cidr_blocks`.
    pub path: String,
    /// What the code declares (`null` for a map key the code does not set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<serde_json::Value>,
    /// What the state records (`null` for a key it does not have).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<serde_json::Value>,
    pub sensitive: bool,
}

impl DriftReport {
    /// Whether any root has drift (the `drift` command's exit 1).
    pub fn has_drift(&self) -> bool {
        self.roots.iter().any(|r| !r.resources.is_empty())
    }

    /// Whether any root could not be compared (exit 2).
    pub fn has_errors(&self) -> bool {
        self.roots.iter().any(|r| r.error.is_some())
    }
}

/// Shiva in a review given a state: what the change does to the drift of each root.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DriftReview {
    pub roots: Vec<RootDriftReview>,
}

/// One root's drift as the change finds and leaves it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RootDriftReview {
    pub root: String,
    pub state: String,
    pub serial: Option<u64>,
    /// Drift the change removes: the head declares what the state records (or declares
    /// again a resource only the state still has).
    pub fixes: Vec<DriftChange>,
    /// Drifted attributes the change edits without making them match the state: what the
    /// next apply changes is the recorded value, not the one the base declares.
    pub deepens: Vec<DriftChange>,
    /// Drift the change leaves as it is (resource instances).
    pub unchanged: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One drifted attribute (or resource, with an empty path) the change touches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftChange {
    pub address: String,
    pub status: DriftStatus,
    /// Empty for a whole resource.
    pub path: String,
    /// What the base and the head declare, and the state records (absent when sensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<serde_json::Value>,
    pub sensitive: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl DriftReview {
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }
}
