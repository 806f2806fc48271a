//! Kubernetes manifests: the YAML documents of a tree that hold `apiVersion` and `kind`,
//! multi-document files split at `---`, each with the lines it spans so findings can point
//! at the key that is wrong. A document that does not parse is recorded with its file and
//! line, and the rest of the file is still read.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::budget::LIMIT_EXCEEDED;
use super::{Diagnostic, Location, Resource, Value};
use crate::repo::SourceFile;
use aetheredge_core::limits::{Limit, LimitExceeded};

/// Whether a path may hold Kubernetes manifests.
pub(crate) fn is_manifest_path(path: &str) -> bool {
    path.ends_with(".yaml")
        || path.ends_with(".yml")
        // JSON is YAML; Terraform's JSON syntax is not a manifest.
        || (path.ends_with(".json") && !path.ends_with(".tf.json") && !path.ends_with(".tfvars.json"))
}

/// One Kubernetes object from a YAML document.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub file: String,
    /// The document's first line (1-based) and last line.
    pub line: u32,
    pub end_line: u32,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    /// The document as JSON.
    pub body: Json,
    /// The Terraform resource that declares the object (`kubernetes_deployment.web`), for an
    /// object of the Terraform provider's resources rather than of a YAML file.
    pub resource: Option<String>,
    /// Each line of the document that starts a `key:` (after indentation or `- `), by line.
    keys: BTreeMap<u32, String>,
    /// The text after `key:` on those lines, trimmed.
    values: BTreeMap<u32, String>,
}

/// A YAML document that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl Manifest {
    /// `kind/name` or `kind/namespace/name`, the address findings name.
    pub fn address(&self) -> String {
        if let Some(address) = &self.resource {
            return address.clone();
        }
        match &self.namespace {
            Some(ns) => format!("{}/{}/{}", self.kind, ns, self.name),
            None => format!("{}/{}", self.kind, self.name),
        }
    }

    /// The first line at or after `from` (within the document) that sets `key`.
    pub fn line_of(&self, key: &str, from: u32) -> Option<u32> {
        self.keys
            .range(from..=self.end_line)
            .find(|(_, k)| k.as_str() == key)
            .map(|(l, _)| *l)
    }

    /// The first line at or after `from` that sets `key` to `value` (as written, unquoted).
    pub fn line_of_value(&self, key: &str, value: &str, from: u32) -> Option<u32> {
        self.keys
            .range(from..=self.end_line)
            .find(|(l, k)| {
                k.as_str() == key
                    && self
                        .values
                        .get(l)
                        .is_some_and(|v| v.trim_matches(|c| c == '"' || c == '\'') == value)
            })
            .map(|(l, _)| *l)
    }

    /// The pod spec of a workload: the object itself for a Pod, `spec.template.spec` for
    /// Deployments and the like, `spec.jobTemplate.spec.template.spec` for CronJobs.
    /// A spec that is not an object (written as a list by mistake) is no pod spec: the
    /// checks say nothing about it rather than guess.
    pub fn pod_spec(&self) -> Option<&Json> {
        self.pod_spec_value().filter(|spec| spec.is_object())
    }

    /// Whether the object writes its pod spec as something other than a mapping (a list, a
    /// scalar, nothing): Kubernetes refuses it, and no container of it can be read.
    pub fn pod_spec_is_malformed(&self) -> bool {
        self.pod_spec_value().is_some_and(|spec| !spec.is_object())
    }

    fn pod_spec_value(&self) -> Option<&Json> {
        let mut spec = self.body.get("spec")?;
        for key in pod_spec_path(&self.kind)? {
            spec = spec.get(key)?;
        }
        Some(spec)
    }

    /// Whether the object runs pods (a Pod, Deployment, CronJob, …), whatever its spec says.
    pub fn is_workload(&self) -> bool {
        pod_spec_path(&self.kind).is_some()
    }
}

/// Where, under `spec`, a kind that runs pods keeps its pod spec.
fn pod_spec_path(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "Pod" => Some(&[]),
        "CronJob" => Some(&["jobTemplate", "spec", "template", "spec"]),
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "Job"
        | "ReplicationController"
        // OpenShift's Deployment.
        | "DeploymentConfig" => Some(&["template", "spec"]),
        _ => None,
    }
}

/// Reads the manifests of one file. Files that are not Kubernetes YAML (no `apiVersion`
/// and `kind`) and templated YAML (Helm's `{{ }}`) are left alone. A file nesting deeper
/// than `decode_depth` is not parsed: the error is the `brahma/limit-exceeded` diagnostic.
pub(crate) fn load_file(
    file: &SourceFile,
    decode_depth: usize,
) -> Result<(Vec<Manifest>, Vec<ManifestError>), Diagnostic> {
    let text: &str = &file.text;
    if !is_manifest_path(&file.path)
        || !text.contains("apiVersion")
        || !text.contains("kind")
        || text.contains("{{")
    {
        return Ok((Vec::new(), Vec::new()));
    }
    if let Err(deep) = aetheredge_core::limits::yaml_nesting(text, decode_depth) {
        let limit = LimitExceeded {
            limit: Limit::DecodeDepth,
            max: decode_depth,
            reached: deep.depth,
        };
        return Err(Diagnostic::error(
            LIMIT_EXCEEDED,
            &Location {
                file: file.path.clone(),
                line: deep.line,
            },
            &limit.to_string(),
        ));
    }
    let mut manifests = Vec::new();
    let mut errors = Vec::new();
    // A JSON file is one document, read as JSON; YAML streams split at `---`.
    let json = file.path.ends_with(".json");
    let documents = if json {
        vec![(1, text.to_string())]
    } else {
        super::documents::yaml_documents(text)
    };
    for (first_line, doc) in documents {
        if doc.trim().is_empty() {
            continue;
        }
        let parsed = if json {
            serde_json::from_str::<Json>(&doc)
                .map(Some)
                .map_err(|e| (e.line() as u32, e.column() as u32, e.to_string()))
        } else {
            serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&doc)
                // A document JSON cannot hold (keys that are not strings) is not an object.
                .map(|v| serde_json::to_value(&v).ok())
                .map_err(|e| {
                    let (line, column) = e
                        .location()
                        .map(|l| (l.line() as u32, l.column() as u32))
                        .unwrap_or((1, 1));
                    (line, column, e.to_string())
                })
        };
        let body = match parsed {
            Ok(Some(body)) => body,
            Ok(None) => continue,
            Err((line, column, message)) => {
                errors.push(ManifestError {
                    file: file.path.clone(),
                    line: first_line + line.saturating_sub(1),
                    column,
                    message,
                });
                continue;
            }
        };
        let line_count = u32::try_from(doc.lines().count()).unwrap_or(u32::MAX);
        let end_line = first_line + line_count.saturating_sub(1);
        let mut keys = BTreeMap::new();
        let mut values = BTreeMap::new();
        for (i, line) in doc.lines().enumerate() {
            let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
            if let Some((key, rest)) = trimmed.split_once(':') {
                let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
                if !key.is_empty() && !key.contains(' ') && !key.starts_with('#') {
                    let at = first_line + i as u32;
                    keys.insert(at, key.to_string());
                    values.insert(at, rest.trim().to_string());
                }
            }
        }
        // `kind: List` holds its objects under `items`, each judged on its own lines.
        if body.get("kind").and_then(Json::as_str) == Some("List") {
            let items = body
                .get("items")
                .and_then(Json::as_array)
                .cloned()
                .unwrap_or_default();
            let starts = list_item_lines(&doc, first_line);
            for (n, item) in items.into_iter().enumerate() {
                let line = starts.get(n).copied().unwrap_or(first_line);
                let end = starts.get(n + 1).map_or(end_line, |next| next - 1);
                manifests.extend(object(&file.path, item, line, end, &keys, &values));
            }
            continue;
        }
        manifests.extend(object(
            &file.path, body, first_line, end_line, &keys, &values,
        ));
    }
    Ok((manifests, errors))
}

/// What an unknown value of a Terraform resource reads as in its Kubernetes object: present,
/// and equal to nothing a check looks for.
pub const UNKNOWN: &str = "(known after apply)";

impl Manifest {
    /// The Kubernetes object a resource of the Terraform Kubernetes provider declares
    /// (`kubernetes_deployment`, `kubernetes_pod_v1`, `kubernetes_manifest`, …), in the
    /// shape the API takes it: `snake_case` names in `camelCase`, blocks of at most one item
    /// as objects, repeated blocks as lists under their API names (`container` is
    /// `containers`). `None` for other resources and for types that are not objects
    /// (`kubernetes_labels`, `kubernetes_env`).
    pub fn from_resource(resource: &Resource) -> Option<Manifest> {
        let rest = resource.resource_type.strip_prefix("kubernetes_")?;
        let (kind, body) = if rest == "manifest" {
            let body = to_api(resource.attributes.get("manifest")?, None, false);
            let kind = body.get("kind")?.as_str()?.to_string();
            (kind, body)
        } else {
            let kind = kind_of(rest)?;
            resource.attributes.get("metadata")?;
            let schema = aetheredge_schema::resource(&resource.resource_type);
            let mut body = Json::Object(fields_to_api(
                &resource.attributes,
                schema.as_ref().map(|s| &s.block),
            ));
            if let Json::Object(map) = &mut body {
                map.insert("kind".into(), Json::String(kind.to_string()));
            }
            (kind.to_string(), body)
        };
        let metadata = body.get("metadata");
        let text_of = |key: &str| {
            metadata
                .and_then(|m| m.get(key))
                .and_then(Json::as_str)
                .filter(|s| *s != UNKNOWN)
                .map(str::to_string)
        };
        let decl = &resource.decl.block;
        let mut keys = BTreeMap::new();
        let mut values = BTreeMap::new();
        for (line, key, value) in &decl.nested_keys {
            keys.entry(*line).or_insert_with(|| camel(key));
            values.entry(*line).or_insert_with(|| value.clone());
        }
        Some(Manifest {
            file: resource.location.file.clone(),
            line: decl.line,
            end_line: decl.end_line.max(decl.line),
            api_version: body
                .get("apiVersion")
                .and_then(Json::as_str)
                .unwrap_or("v1")
                .to_string(),
            kind,
            name: text_of("name").unwrap_or_default(),
            namespace: text_of("namespace"),
            body,
            resource: Some(resource.address.clone()),
            keys,
            values,
        })
    }
}

/// The kind of object a Terraform type (without `kubernetes_`) declares, for the types that
/// declare one.
fn kind_of(rest: &str) -> Option<&'static str> {
    let base = rest
        .strip_suffix("_v1")
        .or_else(|| rest.strip_suffix("_v2"))
        .or_else(|| rest.strip_suffix("_v2beta2"))
        .unwrap_or(rest);
    Some(match base {
        "pod" => "Pod",
        "deployment" => "Deployment",
        "daemonset" | "daemon_set" => "DaemonSet",
        "stateful_set" => "StatefulSet",
        "replication_controller" => "ReplicationController",
        "job" => "Job",
        "cron_job" => "CronJob",
        "service" => "Service",
        "secret" => "Secret",
        "config_map" => "ConfigMap",
        "service_account" => "ServiceAccount",
        "role" => "Role",
        "role_binding" => "RoleBinding",
        "cluster_role" => "ClusterRole",
        "cluster_role_binding" => "ClusterRoleBinding",
        "ingress" => "Ingress",
        "namespace" => "Namespace",
        "network_policy" => "NetworkPolicy",
        "persistent_volume" => "PersistentVolume",
        "persistent_volume_claim" => "PersistentVolumeClaim",
        "pod_disruption_budget" => "PodDisruptionBudget",
        "horizontal_pod_autoscaler" => "HorizontalPodAutoscaler",
        "limit_range" => "LimitRange",
        "resource_quota" => "ResourceQuota",
        "storage_class" => "StorageClass",
        "priority_class" => "PriorityClass",
        "endpoints" => "Endpoints",
        "pod_security_policy" => "PodSecurityPolicy",
        _ => return None,
    })
}

/// The API's name of a repeated block of the Terraform provider, where it is not the
/// block's name in `camelCase`.
const LIST_NAMES: &[(&str, &str)] = &[
    ("container", "containers"),
    ("env", "env"),
    ("env_from", "envFrom"),
    ("init_container", "initContainers"),
    ("ephemeral_container", "ephemeralContainers"),
    ("volume", "volumes"),
    ("volume_mount", "volumeMounts"),
    ("volume_device", "volumeDevices"),
    ("port", "ports"),
    ("toleration", "tolerations"),
    ("image_pull_secrets", "imagePullSecrets"),
    ("host_aliases", "hostAliases"),
    ("topology_spread_constraint", "topologySpreadConstraints"),
    ("readiness_gate", "readinessGates"),
    ("subject", "subjects"),
    ("rule", "rules"),
    ("sysctl", "sysctls"),
    ("path", "paths"),
];

/// The API's name of an argument whose `camelCase` is not it.
const FIELD_NAMES: &[(&str, &str)] = &[("host_pid", "hostPID"), ("host_ipc", "hostIPC")];

/// `snake_case` in `camelCase`.
fn camel(name: &str) -> String {
    if let Some((_, api)) = FIELD_NAMES.iter().find(|(tf, _)| *tf == name) {
        return api.to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A Terraform value as the API takes it. `block` is the schema of the block the value is
/// (when known); `rename` is false inside maps and raw manifests, whose keys are data.
fn to_api(value: &Value, block: Option<&aetheredge_schema::Block>, rename: bool) -> Json {
    let map: &BTreeMap<String, Value> = match value {
        Value::Object(map) => map,
        Value::Partial(map, _) => map,
        Value::Unknown(_) => return Json::String(UNKNOWN.into()),
        Value::List(items) => {
            return Json::Array(items.iter().map(|i| to_api(i, block, rename)).collect())
        }
        other => return other.to_json(),
    };
    if !rename {
        return Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), to_api(v, None, false)))
                .collect(),
        );
    }
    Json::Object(fields_to_api(map, block))
}

/// The arguments and blocks of a block (of schema `block`, when known) under their API names.
fn fields_to_api(
    map: &BTreeMap<String, Value>,
    block: Option<&aetheredge_schema::Block>,
) -> serde_json::Map<String, Json> {
    let mut out = serde_json::Map::new();
    for (key, item) in map {
        let nested = block.and_then(|b| b.blocks.get(key));
        let attribute = block.and_then(|b| b.attributes.get(key));
        let listed = LIST_NAMES.iter().find(|(tf, _)| tf == key);
        let items = match item {
            Value::List(items)
                if items
                    .iter()
                    .all(|i| matches!(i, Value::Object(_) | Value::Partial(..))) =>
            {
                Some(items)
            }
            _ => None,
        };
        let (name, json) = match (nested, items) {
            (Some(n), Some(items)) if n.max_items == 1 => match items.first() {
                Some(first) => (camel(key), to_api(first, Some(&n.block), true)),
                None => continue,
            },
            (Some(n), Some(items)) => (
                listed.map_or_else(|| camel(key), |(_, api)| api.to_string()),
                Json::Array(
                    items
                        .iter()
                        .map(|i| to_api(i, Some(&n.block), true))
                        .collect(),
                ),
            ),
            // Without a schema: a listed name is repeated, another block is single.
            (None, Some(items)) if attribute.is_none() && !items.is_empty() => match listed {
                Some((_, api)) => (
                    api.to_string(),
                    Json::Array(items.iter().map(|i| to_api(i, None, true)).collect()),
                ),
                None => (camel(key), to_api(&items[0], None, true)),
            },
            _ => (camel(key), to_api(item, None, false)),
        };
        out.insert(name, json);
    }
    out
}

/// A Kubernetes object spanning lines `line..=end_line` of a file, or `None` without
/// `apiVersion` and `kind`.
fn object(
    file: &str,
    body: Json,
    line: u32,
    end_line: u32,
    keys: &BTreeMap<u32, String>,
    values: &BTreeMap<u32, String>,
) -> Option<Manifest> {
    let api_version = body.get("apiVersion").and_then(Json::as_str)?.to_string();
    let kind = body.get("kind").and_then(Json::as_str)?.to_string();
    let metadata = body.get("metadata");
    let text_of = |key: &str| {
        metadata
            .and_then(|m| m.get(key))
            .and_then(Json::as_str)
            .map(str::to_string)
    };
    Some(Manifest {
        file: file.to_string(),
        line,
        end_line,
        api_version,
        kind,
        name: text_of("name").unwrap_or_default(),
        namespace: text_of("namespace"),
        body,
        resource: None,
        keys: keys
            .range(line..=end_line)
            .map(|(l, k)| (*l, k.clone()))
            .collect(),
        values: values
            .range(line..=end_line)
            .map(|(l, v)| (*l, v.clone()))
            .collect(),
    })
}

/// The first line of each item of a `kind: List` document: the lines under `items:` that
/// start an entry (`- `) at the entries' indentation.
fn list_item_lines(doc: &str, first_line: u32) -> Vec<u32> {
    let mut lines = doc.lines().enumerate();
    if !lines.any(|(_, l)| l.trim_start().starts_with("items:")) {
        return Vec::new();
    }
    let mut indent = None;
    let mut out = Vec::new();
    for (i, line) in lines {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = line.len() - trimmed.len();
        if !trimmed.starts_with("- ") {
            continue;
        }
        match indent {
            None => indent = Some(depth),
            Some(d) if d != depth => continue,
            _ => {}
        }
        out.push(first_line + i as u32);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.into(),
            id: "0".into(),
            text: text.into(),
        }
    }

    #[test]
    fn documents_are_split_with_their_lines() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n";
        let (m, e) = load_file(&file("k8s/app.yaml", text), 128).unwrap();
        assert!(e.is_empty());
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].line, m[0].kind.as_str()), (1, "Pod"));
        assert_eq!(m[0].line_of("image", 1), Some(8));
        assert_eq!(m[1].line, 10);
        assert_eq!(m[1].address(), "Deployment/prod/b");
        assert_eq!(m[1].line_of_value("name", "app", 10), Some(19));
        assert!(m[1].pod_spec().unwrap().get("containers").is_some());
    }

    #[test]
    fn a_broken_document_is_an_error_with_its_line_and_the_rest_is_read() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\n";
        let (m, e) = load_file(&file("pods.yml", text), 128).unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].file, "pods.yml");
        assert!(e[0].line >= 9, "{e:?}");
    }

    #[test]
    fn a_list_gives_each_item_with_its_own_lines() {
        let text = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata:\n      name: a\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: b\n      namespace: prod\n    spec:\n      template:\n        spec:\n          containers:\n            - name: web\n              image: web:1\n";
        let (m, e) = load_file(&file("all.yaml", text), 128).unwrap();
        assert!(e.is_empty());
        let got: Vec<(String, u32, u32)> = m
            .iter()
            .map(|m| (m.address(), m.line, m.end_line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("ServiceAccount/a".to_string(), 4, 7),
                ("Deployment/prod/b".to_string(), 8, 18)
            ]
        );
        assert_eq!(m[1].line_of_value("name", "web", m[1].line), Some(17));
        assert!(m[1].pod_spec().is_some());
    }

    #[test]
    fn json_manifests_and_openshift_deployments_are_read() {
        let text = "{\n  \"apiVersion\": \"apps.openshift.io/v1\",\n  \"kind\": \"DeploymentConfig\",\n  \"metadata\": {\"name\": \"app\"},\n  \"spec\": {\"template\": {\"spec\": {\"containers\": [{\"name\": \"app\", \"image\": \"app\"}]}}}\n}\n";
        let (m, _) = load_file(&file("deploy/app.json", text), 128).unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].kind, "DeploymentConfig");
        assert!(m[0].pod_spec().unwrap().get("containers").is_some());
        // Terraform's JSON syntax is not a manifest.
        assert!(!is_manifest_path("main.tf.json"));
    }

    #[test]
    fn other_yaml_is_left_alone() {
        let load = |path: &str, text: &str| load_file(&file(path, text), 128).unwrap();
        assert!(load("aetheredge.yaml", "fail_on: high\n").0.is_empty());
        assert!(load("c.yaml", "apiVersion: v1\nkind: {{ .Values.kind }}\n")
            .1
            .is_empty());
        assert!(load("a.tf", "apiVersion kind").0.is_empty());
    }

    #[test]
    fn a_manifest_nested_too_deep_is_not_parsed() {
        let text = format!("apiVersion: v1\nkind: Pod\nspec: {}\n", "[".repeat(1000));
        let e = load_file(&file("k8s/deep.yaml", &text), 128).unwrap_err();
        assert_eq!((e.rule_id.as_str(), e.line), (LIMIT_EXCEEDED, 3));
        assert!(e.message.contains("limits.decode_depth"), "{}", e.message);
    }
}
