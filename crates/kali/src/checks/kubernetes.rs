//! Kubernetes manifest rules: privileged containers, privilege escalation, host
//! namespaces and hostPath volumes, runAsNonRoot, capabilities, resource limits, image
//! tags, and service account tokens. Pod-level settings count for every container unless
//! the container overrides them.

use serde_json::Value as Json;

use super::{Category, ManifestFailure, Rule, Target};
use aetheredge_core::report::Severity;
use aetheredge_model::iac::kubernetes::{Manifest, UNKNOWN};

/// A container of a workload, with the line its entry starts on.
struct Container<'a> {
    name: String,
    body: &'a Json,
    line: u32,
    /// `containers`, `initContainers` or `ephemeralContainers`.
    key: &'static str,
}

fn containers(m: &Manifest) -> Vec<Container<'_>> {
    let Some(spec) = m.pod_spec() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in ["initContainers", "containers", "ephemeralContainers"] {
        if let Some(Json::Array(items)) = spec.get(key) {
            // The list's own line (`containers:`, or Terraform's `container {`), so a
            // container named like the object is not found at the object's name.
            let list = m
                .line_of(key, m.line)
                .or_else(|| m.line_of(key.trim_end_matches('s'), m.line))
                .unwrap_or(m.line);
            for c in items {
                let name = c
                    .get("name")
                    .and_then(Json::as_str)
                    .unwrap_or("")
                    .to_string();
                let line = m.line_of_value("name", &name, list).unwrap_or(m.line);
                out.push(Container {
                    name,
                    body: c,
                    line,
                    key,
                });
            }
        }
    }
    out
}

/// The effective value of a securityContext key: the container's, else the pod's.
fn security<'a>(m: &'a Manifest, c: &'a Json, key: &str) -> Option<&'a Json> {
    c.get("securityContext")
        .and_then(|s| s.get(key))
        .or_else(|| m.pod_spec()?.get("securityContext")?.get(key))
}

fn at(m: &Manifest, c: &Container, key: &str) -> u32 {
    m.line_of(key, c.line).unwrap_or(c.line)
}

fn per_container(
    m: &Manifest,
    test: impl Fn(&Container) -> Option<(u32, String)>,
) -> Vec<ManifestFailure> {
    containers(m)
        .iter()
        .filter_map(|c| test(c).map(|(line, message)| ManifestFailure { line, message }))
        .collect()
}

fn privileged(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        (c.body
            .get("securityContext")
            .and_then(|s| s.get("privileged"))
            == Some(&Json::Bool(true)))
        .then(|| {
            (
                at(m, c, "privileged"),
                format!(
                    "Container {} runs privileged: it has every capability and the host's devices.",
                    c.name
                ),
            )
        })
    })
}

fn privilege_escalation(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        (c.body
            .get("securityContext")
            .and_then(|s| s.get("allowPrivilegeEscalation"))
            != Some(&Json::Bool(false)))
        .then(|| {
            (
                at(m, c, "allowPrivilegeEscalation"),
                format!(
                    "Container {} may gain privileges (allowPrivilegeEscalation is not false).",
                    c.name
                ),
            )
        })
    })
}

fn run_as_non_root(m: &Manifest) -> Vec<ManifestFailure> {
    if m.pod_spec_is_malformed() {
        return vec![ManifestFailure {
            line: m.line_of("spec", m.line).unwrap_or(m.line),
            message: format!(
                "{} {}'s pod spec is not a mapping, so nothing shows its containers run as non-root.",
                m.kind, m.name
            ),
        }];
    }
    per_container(m, |c| {
        let non_root = security(m, c.body, "runAsNonRoot") == Some(&Json::Bool(true))
            || security(m, c.body, "runAsUser")
                .and_then(Json::as_i64)
                .is_some_and(|u| u > 0);
        (!non_root).then(|| {
            (
                at(m, c, "runAsNonRoot"),
                format!(
                    "Container {} may run as root (no runAsNonRoot: true or non-zero runAsUser).",
                    c.name
                ),
            )
        })
    })
}

fn read_only_root(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        (c.body
            .get("securityContext")
            .and_then(|s| s.get("readOnlyRootFilesystem"))
            != Some(&Json::Bool(true)))
        .then(|| {
            (
                at(m, c, "readOnlyRootFilesystem"),
                format!("Container {} has a writable root filesystem.", c.name),
            )
        })
    })
}

fn caps(c: &Json, which: &str) -> Vec<String> {
    c.get("securityContext")
        .and_then(|s| s.get("capabilities"))
        .and_then(|k| k.get(which))
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| {
                    x.as_str()
                        .map(|s| s.trim_start_matches("CAP_").to_ascii_uppercase())
                })
                .collect()
        })
        .unwrap_or_default()
}

fn dangerous_capabilities(m: &Manifest) -> Vec<ManifestFailure> {
    const DANGEROUS: &[&str] = &[
        "SYS_ADMIN",
        "NET_ADMIN",
        "SYS_PTRACE",
        "SYS_MODULE",
        "DAC_READ_SEARCH",
        "ALL",
        "NET_RAW",
        "BPF",
        "SYS_RAWIO",
    ];
    per_container(m, |c| {
        caps(c.body, "add")
            .into_iter()
            .find(|k| DANGEROUS.contains(&k.as_str()))
            .map(|k| {
                (
                    at(m, c, "add"),
                    format!("Container {} adds the capability {k}.", c.name),
                )
            })
    })
}

fn added_capabilities(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        let added = caps(c.body, "add");
        (!added.is_empty()).then(|| {
            (
                at(m, c, "add"),
                format!(
                    "Container {} adds the capabilities {} beyond the runtime's default set.",
                    c.name,
                    added.join(", ")
                ),
            )
        })
    })
}

fn drop_all_capabilities(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        let dropped = caps(c.body, "drop");
        (!dropped.iter().any(|d| d == "ALL")).then(|| {
            (
                at(m, c, "capabilities"),
                format!(
                    "Container {} does not drop all capabilities (capabilities.drop: [ALL]).",
                    c.name
                ),
            )
        })
    })
}

fn resource_value<'a>(c: &'a Json, kind: &str, what: &str) -> Option<&'a Json> {
    c.get("resources")?.get(kind)?.get(what)
}

/// Whether a container's `resources` (or its `kinds`, `limits` or `requests`) is written
/// as a list (by mistake) or is only known after apply: no claim is made about it.
fn resources_unreadable(c: &Json, kinds: &[&str]) -> bool {
    let unreadable = |v: &Json| v.is_array() || is_unknown(v);
    match c.get("resources") {
        Some(Json::Object(r)) => kinds.iter().any(|k| r.get(*k).is_some_and(unreadable)),
        Some(v) => unreadable(v),
        None => false,
    }
}

/// A workload that declares no pod spec at all has no container with limits or requests.
fn without_pod_spec(m: &Manifest, what: &str) -> Vec<ManifestFailure> {
    if m.body.get("spec").is_some() || !m.is_workload() {
        return Vec::new();
    }
    vec![ManifestFailure {
        line: m.line,
        message: format!(
            "The {} declares no containers, so none has a {what}.",
            m.kind
        ),
    }]
}

fn limits(m: &Manifest, what: &str) -> Vec<ManifestFailure> {
    let missing = without_pod_spec(m, &format!("{what} limit"));
    if !missing.is_empty() {
        return missing;
    }
    per_container(m, |c| {
        if resources_unreadable(c.body, &["limits"]) {
            return None;
        }
        resource_value(c.body, "limits", what).is_none().then(|| {
            (
                at(m, c, "resources"),
                format!("Container {} has no {what} limit.", c.name),
            )
        })
    })
}

fn cpu_limits(m: &Manifest) -> Vec<ManifestFailure> {
    limits(m, "cpu")
}
fn memory_limits(m: &Manifest) -> Vec<ManifestFailure> {
    limits(m, "memory")
}
fn memory_requests(m: &Manifest) -> Vec<ManifestFailure> {
    let missing = without_pod_spec(m, "memory request");
    if !missing.is_empty() {
        return missing;
    }
    per_container(m, |c| {
        if resources_unreadable(c.body, &["requests", "limits"]) {
            return None;
        }
        (resource_value(c.body, "requests", "memory").is_none()
            && resource_value(c.body, "limits", "memory").is_none())
        .then(|| {
            (
                at(m, c, "resources"),
                format!("Container {} has no memory request.", c.name),
            )
        })
    })
}

fn latest_image(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        let image = c.body.get("image").and_then(Json::as_str)?;
        if image.contains('@') {
            return None;
        }
        let last = image.rsplit('/').next().unwrap_or(image);
        let tag = last.split_once(':').map(|(_, t)| t);
        match tag {
            Some("latest") => Some((
                at(m, c, "image"),
                format!(
                    "Container {} uses the mutable tag :latest ({image}).",
                    c.name
                ),
            )),
            None => Some((
                at(m, c, "image"),
                format!(
                    "Container {} has no image tag, so it gets :latest ({image}).",
                    c.name
                ),
            )),
            _ => None,
        }
    })
}

fn pod_flag(m: &Manifest, key: &str, message: &str) -> Vec<ManifestFailure> {
    match m.pod_spec().and_then(|s| s.get(key)) {
        Some(Json::Bool(true)) => vec![ManifestFailure {
            line: m.line_of(key, m.line).unwrap_or(m.line),
            message: message.to_string(),
        }],
        _ => Vec::new(),
    }
}

fn host_network(m: &Manifest) -> Vec<ManifestFailure> {
    pod_flag(
        m,
        "hostNetwork",
        "The pod shares the host's network namespace (hostNetwork: true).",
    )
}
fn host_pid(m: &Manifest) -> Vec<ManifestFailure> {
    pod_flag(
        m,
        "hostPID",
        "The pod shares the host's process namespace (hostPID: true).",
    )
}
fn host_ipc(m: &Manifest) -> Vec<ManifestFailure> {
    pod_flag(
        m,
        "hostIPC",
        "The pod shares the host's IPC namespace (hostIPC: true).",
    )
}

/// The container runtime's sockets: a pod that mounts one controls every container on the node.
const RUNTIME_SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
];

/// The hostPath volumes of a pod: (volume name, path, line).
fn host_paths(m: &Manifest) -> Vec<(String, String, u32)> {
    let Some(Json::Array(volumes)) = m.pod_spec().and_then(|s| s.get("volumes")) else {
        return Vec::new();
    };
    volumes
        .iter()
        .filter_map(|v| {
            let path = v
                .get("hostPath")?
                .get("path")
                .and_then(Json::as_str)
                .unwrap_or("?");
            let name = v.get("name").and_then(Json::as_str).unwrap_or("");
            let line = m
                .line_of_value("path", path, m.line)
                .or_else(|| m.line_of("hostPath", m.line))
                .unwrap_or(m.line);
            Some((name.to_string(), path.to_string(), line))
        })
        .collect()
}

fn is_runtime_socket(path: &str) -> bool {
    RUNTIME_SOCKETS.contains(&path.trim_end_matches('/'))
}

fn host_path(m: &Manifest) -> Vec<ManifestFailure> {
    host_paths(m)
        .into_iter()
        .filter(|(_, path, _)| !is_runtime_socket(path))
        .map(|(name, path, line)| ManifestFailure {
            line,
            message: format!("Volume {name} mounts the host path {path}."),
        })
        .collect()
}

fn runtime_socket(m: &Manifest) -> Vec<ManifestFailure> {
    host_paths(m)
        .into_iter()
        .filter(|(_, path, _)| is_runtime_socket(path))
        .map(|(name, path, line)| ManifestFailure {
            line,
            message: format!(
                "Volume {name} mounts the container runtime's socket {path}: the pod can start privileged containers on the node."
            ),
        })
        .collect()
}

fn service_account_token(m: &Manifest) -> Vec<ManifestFailure> {
    let Some(spec) = m.pod_spec() else {
        return Vec::new();
    };
    match spec.get("automountServiceAccountToken") {
        Some(Json::Bool(false)) => Vec::new(),
        _ => vec![ManifestFailure {
            line: m.line_of("automountServiceAccountToken", m.line).unwrap_or(m.line),
            message: "The service account token is mounted into the pod (automountServiceAccountToken is not false).".into(),
        }],
    }
}

/// The kinds that live in a namespace and that the default-namespace rule judges.
const NAMESPACED: &[&str] = &[
    "Pod",
    "Deployment",
    "DaemonSet",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "Service",
    "Secret",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "ConfigMap",
    "Ingress",
];

fn default_namespace(m: &Manifest) -> Vec<ManifestFailure> {
    if !NAMESPACED.contains(&m.kind.as_str()) {
        return Vec::new();
    }
    // The objects Kubernetes itself keeps in the default namespace.
    if (m.kind == "ServiceAccount" && m.name == "default")
        || (m.kind == "Service" && m.name == "kubernetes")
    {
        return Vec::new();
    }
    let message = match m.namespace.as_deref() {
        Some("default") => "The object is in the default namespace.",
        Some(_) => return Vec::new(),
        None => "The object names no namespace, so it goes to the default namespace (or wherever the kubectl context points).",
    };
    vec![ManifestFailure {
        line: m.line_of("namespace", m.line).unwrap_or(m.line),
        message: message.into(),
    }]
}

fn secrets_in_env(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        let env = c.body.get("env").and_then(Json::as_array);
        let by_key = env.into_iter().flatten().find(|e| {
            e.get("valueFrom")
                .and_then(|v| v.get("secretKeyRef"))
                .is_some()
        });
        if let Some(e) = by_key {
            let name = e.get("name").and_then(Json::as_str).unwrap_or("");
            return Some((
                m.line_of_value("name", name, c.line).unwrap_or(c.line),
                format!("Container {} reads the secret {name} into an environment variable; mount it as a file.", c.name),
            ));
        }
        let env_from = c.body.get("envFrom").and_then(Json::as_array);
        let whole = env_from
            .into_iter()
            .flatten()
            .find_map(|e| e.get("secretRef"))?;
        let secret = whole.get("name").and_then(Json::as_str).unwrap_or("");
        Some((
            m.line_of("secretRef", c.line).unwrap_or(c.line),
            format!("Container {} reads every key of the secret {secret} into environment variables (envFrom.secretRef); mount it as a file.", c.name),
        ))
    })
}

/// Whether a value of a Terraform resource is only known after apply.
fn is_unknown(v: &Json) -> bool {
    v.as_str() == Some(UNKNOWN)
}

/// Whether a value is written and not empty (Checkov's truthiness): not null, false, "",
/// [] or {}.
fn is_set(v: Option<&Json>) -> bool {
    match v {
        None | Some(Json::Null) | Some(Json::Bool(false)) => false,
        Some(Json::String(s)) => !s.is_empty(),
        Some(Json::Array(a)) => !a.is_empty(),
        Some(Json::Object(o)) => !o.is_empty(),
        Some(_) => true,
    }
}

/// The metadata of the pods a workload runs: the object's own for a Pod, its template's
/// for the others.
fn pod_metadata(m: &Manifest) -> Option<&Json> {
    let spec = m.body.get("spec");
    match m.kind.as_str() {
        "Pod" => m.body.get("metadata"),
        "CronJob" => spec?
            .get("jobTemplate")?
            .get("spec")?
            .get("template")?
            .get("metadata"),
        _ if m.is_workload() => spec?.get("template")?.get("metadata"),
        _ => None,
    }
}

/// Whether the object or the pods it runs carry the label `key: value`.
fn has_label(m: &Manifest, key: &str, value: &str) -> bool {
    [m.body.get("metadata"), pod_metadata(m)]
        .into_iter()
        .flatten()
        .any(|meta| {
            meta.get("labels")
                .and_then(|l| l.get(key))
                .and_then(Json::as_str)
                == Some(value)
        })
}

fn probe(m: &Manifest, key: &str, what: &str) -> Vec<ManifestFailure> {
    // A Job's pods finish: they need neither probe.
    if matches!(m.kind.as_str(), "Job" | "CronJob") {
        return Vec::new();
    }
    let missing = without_pod_spec(m, &format!("{what} probe"));
    if !missing.is_empty() {
        return missing;
    }
    per_container(m, |c| {
        (c.key == "containers" && !is_set(c.body.get(key))).then(|| {
            (
                c.line,
                format!("Container {} has no {what} probe ({key}).", c.name),
            )
        })
    })
}

fn liveness_probe(m: &Manifest) -> Vec<ManifestFailure> {
    probe(m, "livenessProbe", "liveness")
}
fn readiness_probe(m: &Manifest) -> Vec<ManifestFailure> {
    probe(m, "readinessProbe", "readiness")
}

fn cpu_requests(m: &Manifest) -> Vec<ManifestFailure> {
    let missing = without_pod_spec(m, "CPU request");
    if !missing.is_empty() {
        return missing;
    }
    per_container(m, |c| {
        if resources_unreadable(c.body, &["requests", "limits"]) {
            return None;
        }
        (resource_value(c.body, "requests", "cpu").is_none()
            && resource_value(c.body, "limits", "cpu").is_none())
        .then(|| {
            (
                at(m, c, "resources"),
                format!("Container {} has no CPU request.", c.name),
            )
        })
    })
}

fn net_raw_kept(m: &Manifest) -> Vec<ManifestFailure> {
    let missing = without_pod_spec(m, "capabilities.drop of NET_RAW");
    if !missing.is_empty() {
        return missing;
    }
    per_container(m, |c| {
        let dropped = caps(c.body, "drop");
        (!dropped.iter().any(|d| d == "ALL" || d == "NET_RAW")).then(|| {
            (
                at(m, c, "capabilities"),
                format!(
                    "Container {} keeps NET_RAW: capabilities.drop names neither NET_RAW nor ALL.",
                    c.name
                ),
            )
        })
    })
}

fn pod_security_context(m: &Manifest) -> Vec<ManifestFailure> {
    if !m.is_workload() {
        return Vec::new();
    }
    let set = m
        .pod_spec()
        .is_some_and(|s| is_set(s.get("securityContext")));
    if set {
        return Vec::new();
    }
    // The pod spec's own line: under the template for the kinds that have one.
    let template = m.line_of("template", m.line).unwrap_or(m.line);
    vec![ManifestFailure {
        line: m.line_of("spec", template).unwrap_or(m.line),
        message: if m.kind == "Pod" {
            "The pod sets no securityContext.".to_string()
        } else {
            format!("The {}'s pod template sets no securityContext.", m.kind)
        },
    }]
}

fn container_security_context(m: &Manifest) -> Vec<ManifestFailure> {
    let missing = without_pod_spec(m, "securityContext");
    if !missing.is_empty() {
        return missing;
    }
    per_container(m, |c| {
        (c.key != "ephemeralContainers" && !is_set(c.body.get("securityContext"))).then(|| {
            (
                c.line,
                format!("Container {} has no securityContext.", c.name),
            )
        })
    })
}

/// A seccomp profile that confines: the runtime's default or one of the node's own.
fn confining_profile(kind: &str) -> bool {
    matches!(kind, "RuntimeDefault" | "Localhost")
}

/// The seccomp profile type a pod spec or container sets.
fn seccomp_type(v: &Json) -> Option<&str> {
    v.get("securityContext")?
        .get("seccompProfile")?
        .get("type")?
        .as_str()
}

fn seccomp(m: &Manifest) -> Vec<ManifestFailure> {
    let Some(spec) = m.pod_spec() else {
        return without_pod_spec(m, "seccomp profile");
    };
    let pod = seccomp_type(spec);
    let annotated = [pod_metadata(m), m.body.get("metadata")]
        .into_iter()
        .flatten()
        .filter_map(|meta| meta.get("annotations")?.as_object())
        .flatten()
        .any(|(k, v)| {
            k.contains("seccomp.security.alpha.kubernetes.io/pod")
                && v.as_str()
                    .is_some_and(|v| v.contains("runtime/default") || v.contains("docker/default"))
        });
    per_container(m, |c| {
        if c.key == "ephemeralContainers" {
            return None;
        }
        let own = seccomp_type(c.body);
        let effective = own.or(pod);
        if effective.is_some_and(|p| p == UNKNOWN) {
            return None;
        }
        match effective {
            Some(p) if confining_profile(p) => None,
            None if annotated => None,
            Some(p) => Some((
                m.line_of("seccompProfile", if own.is_some() { c.line } else { m.line })
                    .unwrap_or(c.line),
                format!(
                    "Container {} runs with the seccomp profile {p}, not RuntimeDefault.",
                    c.name
                ),
            )),
            None => Some((
                c.line,
                format!(
                    "Container {} runs without a seccomp profile (seccompProfile.type is not RuntimeDefault).",
                    c.name
                ),
            )),
        }
    })
}

fn host_port(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        let port = c
            .body
            .get("ports")
            .and_then(Json::as_array)?
            .iter()
            .filter_map(|p| p.get("hostPort"))
            .find(|p| !p.is_null() && p.as_i64() != Some(0))?;
        Some((
            m.line_of("hostPort", c.line).unwrap_or(c.line),
            format!(
                "Container {} binds the node's port {port} (hostPort).",
                c.name
            ),
        ))
    })
}

fn image_of<'a>(c: &Container<'a>) -> Option<&'a str> {
    c.body
        .get("image")
        .and_then(Json::as_str)
        .filter(|i| *i != UNKNOWN && !i.trim().is_empty())
}

fn image_digest(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        let image = image_of(c)?;
        (!image.contains('@')).then(|| {
            (
                at(m, c, "image"),
                format!(
                    "Container {} names its image by tag, not digest ({image}).",
                    c.name
                ),
            )
        })
    })
}

fn pull_policy(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        let image = image_of(c)?;
        if image.contains('@') {
            return None;
        }
        match c.body.get("imagePullPolicy").and_then(Json::as_str) {
            Some(p) if p == "Always" || p == UNKNOWN => None,
            Some(p) => Some((
                at(m, c, "imagePullPolicy"),
                format!(
                    "Container {} pulls its image only {} (imagePullPolicy: {p}), so a retagged image is not fetched.",
                    c.name,
                    if p == "Never" { "never" } else { "when absent from the node" }
                ),
            )),
            None => {
                let last = image.rsplit('/').next().unwrap_or(image);
                let tag = last.split_once(':').map(|(_, t)| t);
                // Without a tag or with :latest the default policy is Always.
                (!matches!(tag, None | Some("latest") | Some(""))).then(|| {
                    (
                        at(m, c, "image"),
                        format!(
                            "Container {} has no imagePullPolicy, so the tagged image {image} is pulled only when absent from the node.",
                            c.name
                        ),
                    )
                })
            }
        }
    })
}

fn high_uid(m: &Manifest) -> Vec<ManifestFailure> {
    let Some(spec) = m.pod_spec() else {
        return without_pod_spec(m, "runAsUser of 10000 or more");
    };
    // A private user namespace maps every UID to an unprivileged one on the host.
    if spec.get("hostUsers") == Some(&Json::Bool(false)) {
        return Vec::new();
    }
    per_container(m, |c| {
        if c.key == "ephemeralContainers" {
            return None;
        }
        let uid = security(m, c.body, "runAsUser");
        if uid.is_some_and(is_unknown) {
            return None;
        }
        // The Terraform provider writes UIDs as strings.
        let number = uid.and_then(|u| {
            u.as_i64()
                .or_else(|| u.as_str().and_then(|s| s.trim().parse().ok()))
        });
        match number {
            Some(u) if u >= 10000 => None,
            Some(u) => Some((
                m.line_of("runAsUser", m.line).unwrap_or(c.line),
                format!(
                    "Container {} runs as UID {u}, below 10000, where it may share a UID with a user of the node.",
                    c.name
                ),
            )),
            None => Some((
                c.line,
                format!(
                    "Container {} sets no runAsUser, so it runs as the image's user rather than a UID of 10000 or more.",
                    c.name
                ),
            )),
        }
    })
}

fn default_service_account(m: &Manifest) -> Vec<ManifestFailure> {
    // A pod that names the default account and keeps its token mounted uses it.
    if let Some(spec) = m.pod_spec() {
        let account = spec
            .get("serviceAccountName")
            .or_else(|| spec.get("serviceAccount"))
            .and_then(Json::as_str);
        if account != Some("default") {
            return Vec::new();
        }
        return match spec.get("automountServiceAccountToken") {
            Some(Json::Bool(false)) => Vec::new(),
            Some(v) if is_unknown(v) => Vec::new(),
            _ => vec![ManifestFailure {
                line: m
                    .line_of("serviceAccountName", m.line)
                    .or_else(|| m.line_of("serviceAccount", m.line))
                    .unwrap_or(m.line),
                message: format!(
                    "The {}'s pods run as the default service account with its token mounted.",
                    m.kind
                ),
            }],
        };
    }
    if m.kind != "ServiceAccount" || m.name != "default" {
        return Vec::new();
    }
    match m.body.get("automountServiceAccountToken") {
        Some(Json::Bool(false)) => Vec::new(),
        Some(v) if is_unknown(v) => Vec::new(),
        _ => vec![ManifestFailure {
            line: m
                .line_of("automountServiceAccountToken", m.line)
                .unwrap_or(m.line),
            message: "The default service account mounts its token into every pod that names no other (automountServiceAccountToken is not false).".into(),
        }],
    }
}

fn default_service_account_binding(m: &Manifest) -> Vec<ManifestFailure> {
    if !matches!(m.kind.as_str(), "RoleBinding" | "ClusterRoleBinding") {
        return Vec::new();
    }
    let Some(Json::Array(subjects)) = m.body.get("subjects") else {
        return Vec::new();
    };
    subjects
        .iter()
        .filter(|s| {
            s.get("kind").and_then(Json::as_str) == Some("ServiceAccount")
                && s.get("name").and_then(Json::as_str) == Some("default")
        })
        .take(1)
        .map(|_| ManifestFailure {
            line: m
                .line_of_value("name", "default", m.line)
                .or_else(|| m.line_of("subjects", m.line))
                .unwrap_or(m.line),
            message: format!(
                "The {} grants its role to the default service account, which every pod without its own account uses.",
                m.kind
            ),
        })
        .collect()
}

/// The rules of a Role or ClusterRole.
fn role_rules(m: &Manifest) -> &[Json] {
    if !matches!(m.kind.as_str(), "Role" | "ClusterRole") {
        return &[];
    }
    m.body
        .get("rules")
        .and_then(Json::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn rule_strings<'a>(rule: &'a Json, key: &str) -> impl Iterator<Item = &'a str> {
    rule.get(key)
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
}

fn wildcard_rbac(m: &Manifest) -> Vec<ManifestFailure> {
    role_rules(m)
        .iter()
        .find_map(|rule| {
            ["apiGroups", "resources", "verbs"]
                .into_iter()
                .find(|key| rule_strings(rule, key).any(|s| s.contains('*')))
        })
        .map(|key| ManifestFailure {
            line: m.line_of(key, m.line).unwrap_or(m.line),
            message: format!(
                "The {} grants a wildcard in {key}: it covers whatever is added later.",
                m.kind
            ),
        })
        .into_iter()
        .collect()
}

/// What an RBAC rule must allow for an operation: one of the groups, verbs and resources
/// (or `*`).
struct Operation {
    groups: &'static [&'static str],
    verbs: &'static [&'static str],
    resources: &'static [&'static str],
}

fn allows(rule: &Json, op: &Operation) -> bool {
    let any = |key: &str, wanted: &[&str]| {
        rule_strings(rule, key).any(|v| v == "*" || wanted.contains(&v))
    };
    let resource = rule_strings(rule, "resources").any(|granted| {
        granted == "*"
            || op.resources.iter().any(|r| {
                granted == *r
                    || r.split_once('/')
                        .is_some_and(|(_, sub)| granted.strip_prefix("*/") == Some(sub))
            })
    });
    any("apiGroups", op.groups) && any("verbs", op.verbs) && resource
}

/// Fails a role (of `kinds`) whose rules allow every one of `ops`.
fn rbac_grant(m: &Manifest, kinds: &[&str], ops: &[Operation], what: &str) -> Vec<ManifestFailure> {
    let rules = role_rules(m);
    if !kinds.contains(&m.kind.as_str()) || rules.is_empty() {
        return Vec::new();
    }
    if !ops.iter().all(|op| rules.iter().any(|r| allows(r, op))) {
        return Vec::new();
    }
    vec![ManifestFailure {
        line: m.line_of("rules", m.line).unwrap_or(m.line),
        message: format!("The {} allows {what}.", m.kind),
    }]
}

const RBAC_GROUP: &[&str] = &["rbac.authorization.k8s.io"];

fn rbac_escalate(m: &Manifest) -> Vec<ManifestFailure> {
    rbac_grant(
        m,
        &["Role", "ClusterRole"],
        &[Operation {
            groups: RBAC_GROUP,
            verbs: &["escalate"],
            resources: &["roles", "clusterroles"],
        }],
        "escalate on roles: its holder can grant itself permissions it does not have",
    )
}

fn rbac_bind(m: &Manifest) -> Vec<ManifestFailure> {
    rbac_grant(
        m,
        &["Role", "ClusterRole"],
        &[Operation {
            groups: RBAC_GROUP,
            verbs: &["bind"],
            resources: &["rolebindings", "clusterrolebindings"],
        }],
        "bind on role bindings: its holder can bind itself to any role",
    )
}

fn rbac_approve_csr(m: &Manifest) -> Vec<ManifestFailure> {
    rbac_grant(
        m,
        &["ClusterRole"],
        &[
            Operation {
                groups: &["certificates.k8s.io"],
                verbs: &["update", "patch"],
                resources: &["certificatesigningrequests/approval"],
            },
            Operation {
                groups: &["certificates.k8s.io"],
                verbs: &["approve"],
                resources: &["signers"],
            },
        ],
        "approving certificate signing requests: its holder can issue itself a client certificate for any user",
    )
}

fn rbac_webhooks(m: &Manifest) -> Vec<ManifestFailure> {
    rbac_grant(
        m,
        &["ClusterRole"],
        &[Operation {
            groups: &["admissionregistration.k8s.io"],
            verbs: &["create", "update", "patch"],
            resources: &[
                "mutatingwebhookconfigurations",
                "validatingwebhookconfigurations",
            ],
        }],
        "writing admission webhook configurations: its holder can read or rewrite every object sent to the API server",
    )
}

/// Whether a container is Helm v2's Tiller: its image, or the labels Helm gives it.
fn is_tiller(m: &Manifest, c: &Container) -> bool {
    image_of(c).is_some_and(|i| i.contains("tiller"))
        || has_label(m, "app", "helm")
        || has_label(m, "name", "tiller")
}

fn tiller(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        is_tiller(m, c).then(|| {
            (
                at(m, c, "image"),
                format!(
                    "Container {} is Tiller (Helm v2), which runs with cluster-admin and serves an unauthenticated gRPC API.",
                    c.name
                ),
            )
        })
    })
}

fn tiller_listener(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        if !is_tiller(m, c) {
            return None;
        }
        let local = c
            .body
            .get("args")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .any(|a| {
                a.contains("--listen") && (a.contains("localhost") || a.contains("127.0.0.1"))
            });
        (!local).then(|| {
            (
                m.line_of("args", c.line).unwrap_or(c.line),
                format!(
                    "Tiller container {} listens on every interface: any pod can reach its API (no --listen=127.0.0.1:44134).",
                    c.name
                ),
            )
        })
    })
}

fn tiller_service(m: &Manifest) -> Vec<ManifestFailure> {
    if m.kind != "Service" {
        return Vec::new();
    }
    let tiller = |v: &Json| {
        v.as_str()
            .is_some_and(|s| s.to_lowercase().contains("tiller"))
    };
    let values = |v: Option<&Json>| {
        v.and_then(Json::as_object)
            .map(|o| o.values().any(tiller))
            .unwrap_or(false)
    };
    let meta = m.body.get("metadata");
    let named = m.name.to_lowercase().contains("tiller");
    let labelled = values(meta.and_then(|m| m.get("labels")));
    let selects = values(m.body.get("spec").and_then(|s| s.get("selector")));
    if !(named || labelled || selects) {
        return Vec::new();
    }
    vec![ManifestFailure {
        line: if selects {
            m.line_of("selector", m.line)
        } else {
            m.line_of("metadata", m.line)
        }
        .unwrap_or(m.line),
        message:
            "The Service exposes Tiller (Helm v2), whose API grants cluster-admin to any caller."
                .into(),
    }]
}

fn dashboard(m: &Manifest) -> Vec<ManifestFailure> {
    let labelled = pod_metadata(m)
        .and_then(|meta| meta.get("labels"))
        .is_some_and(|l| {
            l.get("app").and_then(Json::as_str) == Some("kubernetes-dashboard")
                || l.get("k8s-app").and_then(Json::as_str) == Some("kubernetes-dashboard")
        });
    per_container(m, |c| {
        let image = image_of(c).unwrap_or("");
        (labelled || image.contains("kubernetes-dashboard") || image.contains("kubernetesui")).then(
            || {
                (
                    at(m, c, "image"),
                    format!(
                        "Container {} runs the Kubernetes dashboard, a web UI into the cluster with its service account's rights.",
                        c.name
                    ),
                )
            },
        )
    })
}

/// The NGINX Ingress snippet annotations of an Ingress: (key, value).
fn snippets(m: &Manifest) -> Vec<(&str, &str)> {
    if m.kind != "Ingress" {
        return Vec::new();
    }
    m.body
        .get("metadata")
        .and_then(|meta| meta.get("annotations"))
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.contains("snippet"))
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or("")))
        .collect()
}

fn snippet_failure(
    m: &Manifest,
    test: impl Fn(&str) -> bool,
    message: impl Fn(&str) -> String,
) -> Vec<ManifestFailure> {
    snippets(m)
        .into_iter()
        .find(|(_, v)| test(v))
        .map(|(k, _)| ManifestFailure {
            line: m.line_of(k, m.line).unwrap_or(m.line),
            message: message(k),
        })
        .into_iter()
        .collect()
}

fn nginx_snippet(m: &Manifest) -> Vec<ManifestFailure> {
    snippet_failure(
        m,
        |_| true,
        |k| {
            format!("The Ingress injects raw NGINX configuration ({k}): whoever writes Ingresses can read the controller's secrets (CVE-2021-25742).")
        },
    )
}

fn nginx_snippet_alias(m: &Manifest) -> Vec<ManifestFailure> {
    snippet_failure(
        m,
        |v| v.contains("alias"),
        |k| {
            format!("The NGINX snippet {k} holds an alias directive, which can serve the controller's files, service account token included (CVE-2021-25742).")
        },
    )
}

fn nginx_snippet_lua(m: &Manifest) -> Vec<ManifestFailure> {
    static LUA: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let lua = LUA.get_or_init(|| {
        regex::Regex::new(r"\blua_|_lua\b|_lua_|\bkubernetes\.io\b").expect("a valid pattern")
    });
    snippet_failure(
        m,
        |v| lua.is_match(v),
        |k| {
            format!("The NGINX snippet {k} runs Lua or reads the controller's service account token (CVE-2021-25742).")
        },
    )
}

fn git_sync(m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        c.body
            .get("env")
            .and_then(Json::as_array)?
            .iter()
            .any(|e| e.get("name").and_then(Json::as_str) == Some("GITSYNC_GIT"))
            .then(|| {
                (
                    m.line_of_value("name", "GITSYNC_GIT", c.line)
                        .unwrap_or(c.line),
                    format!(
                        "Container {} sets GITSYNC_GIT, which makes git-sync run the program it names instead of git.",
                        c.name
                    ),
                )
            })
    })
}

/// The spec of a PodSecurityPolicy (null when it has none: nothing is restricted).
fn psp_spec(m: &Manifest) -> Option<&Json> {
    static NONE: Json = Json::Null;
    (m.kind == "PodSecurityPolicy").then(|| m.body.get("spec").unwrap_or(&NONE))
}

fn psp_failure(m: &Manifest, key: &str, message: &str) -> Vec<ManifestFailure> {
    vec![ManifestFailure {
        line: m
            .line_of(key, m.line)
            .or_else(|| m.line_of("spec", m.line))
            .unwrap_or(m.line),
        message: message.to_string(),
    }]
}

/// Fails a PodSecurityPolicy that admits pods setting `key` to true.
fn psp_allows(m: &Manifest, key: &str, message: &str) -> Vec<ManifestFailure> {
    match psp_spec(m).and_then(|s| s.get(key)) {
        Some(Json::Bool(true)) => psp_failure(m, key, message),
        _ => Vec::new(),
    }
}

fn psp_host_pid(m: &Manifest) -> Vec<ManifestFailure> {
    psp_allows(
        m,
        "hostPID",
        "The PodSecurityPolicy admits pods sharing the host's process namespace (hostPID: true).",
    )
}
fn psp_privileged(m: &Manifest) -> Vec<ManifestFailure> {
    psp_allows(
        m,
        "privileged",
        "The PodSecurityPolicy admits privileged containers (privileged: true).",
    )
}
fn psp_host_ipc(m: &Manifest) -> Vec<ManifestFailure> {
    psp_allows(
        m,
        "hostIPC",
        "The PodSecurityPolicy admits pods sharing the host's IPC namespace (hostIPC: true).",
    )
}
fn psp_host_network(m: &Manifest) -> Vec<ManifestFailure> {
    psp_allows(
        m,
        "hostNetwork",
        "The PodSecurityPolicy admits pods on the host's network (hostNetwork: true).",
    )
}

fn psp_privilege_escalation(m: &Manifest) -> Vec<ManifestFailure> {
    let Some(spec) = psp_spec(m) else {
        return Vec::new();
    };
    match spec.get("allowPrivilegeEscalation") {
        Some(Json::Bool(false)) => Vec::new(),
        Some(v) if is_unknown(v) => Vec::new(),
        _ => psp_failure(
            m,
            "allowPrivilegeEscalation",
            "The PodSecurityPolicy admits containers that may gain privileges (allowPrivilegeEscalation is not false; it defaults to true).",
        ),
    }
}

fn psp_root(m: &Manifest) -> Vec<ManifestFailure> {
    let Some(spec) = psp_spec(m) else {
        return Vec::new();
    };
    let run_as = spec.get("runAsUser");
    let rule = run_as.and_then(|r| r.get("rule")).and_then(Json::as_str);
    let ranges: Vec<&Json> = ["ranges", "range"]
        .into_iter()
        .filter_map(|k| run_as.and_then(|r| r.get(k)))
        .flat_map(|v| match v {
            Json::Array(items) => items.iter().collect(),
            other => vec![other],
        })
        .collect();
    let min_of = |r: &Json| {
        r.get("min").and_then(|v| {
            v.as_i64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
    };
    let ok = match rule {
        Some(r) if r == UNKNOWN => true,
        Some("MustRunAsNonRoot") => true,
        Some("MustRunAs") => !ranges.iter().any(|r| min_of(r) == Some(0)),
        _ => false,
    };
    if ok {
        return Vec::new();
    }
    psp_failure(
        m,
        "runAsUser",
        "The PodSecurityPolicy admits containers running as root (runAsUser.rule is not MustRunAsNonRoot, nor MustRunAs with ranges above 0).",
    )
}

fn psp_strings<'a>(m: &'a Manifest, key: &str) -> Option<Vec<&'a str>> {
    let spec = psp_spec(m)?;
    Some(
        spec.get(key)
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .collect(),
    )
}

fn psp_net_raw(m: &Manifest) -> Vec<ManifestFailure> {
    match psp_strings(m, "requiredDropCapabilities") {
        Some(drops)
            if !drops
                .iter()
                .any(|d| matches!(*d, "ALL" | "NET_RAW" | UNKNOWN)) =>
        {
            psp_failure(
                m,
                "requiredDropCapabilities",
                "The PodSecurityPolicy admits containers with NET_RAW (requiredDropCapabilities names neither NET_RAW nor ALL).",
            )
        }
        _ => Vec::new(),
    }
}

fn psp_allowed_capabilities(m: &Manifest) -> Vec<ManifestFailure> {
    let Some(spec) = psp_spec(m) else {
        return Vec::new();
    };
    if !is_set(spec.get("allowedCapabilities")) {
        return Vec::new();
    }
    psp_failure(
        m,
        "allowedCapabilities",
        "The PodSecurityPolicy lets containers add capabilities (allowedCapabilities is set).",
    )
}

fn psp_required_drop(m: &Manifest) -> Vec<ManifestFailure> {
    let Some(spec) = psp_spec(m) else {
        return Vec::new();
    };
    if is_set(spec.get("requiredDropCapabilities")) {
        return Vec::new();
    }
    psp_failure(
        m,
        "requiredDropCapabilities",
        "The PodSecurityPolicy admits containers with every default capability (requiredDropCapabilities is empty).",
    )
}

fn psp_seccomp(m: &Manifest) -> Vec<ManifestFailure> {
    let annotations = m
        .body
        .get("metadata")
        .and_then(|meta| meta.get("annotations"));
    if psp_spec(m).is_none() || annotations.is_some_and(is_unknown) {
        return Vec::new();
    }
    let defaulted = annotations
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
        .any(|(k, v)| {
            k.contains("seccomp.security.alpha.kubernetes.io/defaultProfileName")
                && v.as_str().is_some_and(|v| {
                    v.contains("runtime/default") || v.contains("docker/default") || v == UNKNOWN
                })
        });
    if defaulted {
        return Vec::new();
    }
    vec![ManifestFailure {
        line: m
            .line_of("annotations", m.line)
            .or_else(|| m.line_of("metadata", m.line))
            .unwrap_or(m.line),
        message: "The PodSecurityPolicy gives pods no default seccomp profile (no seccomp.security.alpha.kubernetes.io/defaultProfileName: runtime/default).".into(),
    }]
}

/// What a control-plane flag must be, as the CIS Kubernetes Benchmark words it.
#[derive(Clone, Copy)]
enum Expect {
    /// Written with this value (a bare boolean flag reads as `true`).
    Is(&'static str),
    /// Not written with this value: its default is safe.
    IsNot(&'static str),
    /// When written, written with this value: unset, the default is safe.
    IsIfSet(&'static str),
    /// Not written at all.
    Unset,
    /// Each of the row's flags written with a value.
    Set,
    /// Each of the row's flags written with the path of a PEM key or certificate file
    /// (`.pem`, `.crt`, `.cer`, `.key`, `.pub`): what kubeadm writes, and what Checkov's `.pem`
    /// demand means to catch (a `.txt` file, a name without an extension).
    KeyFile,
    /// Written, a number at least this.
    AtLeast(i64),
    /// When written, a number at most this.
    AtMost(i64),
    /// Written, a number above 0 (a bare flag takes the component's default).
    Positive,
    /// Written, and its comma-separated list includes this.
    Includes(&'static str),
    /// When written, its list does not include this.
    Excludes(&'static str),
    /// An admission plugin: when `--enable-admission-plugins` is written it names one of
    /// these, and `--disable-admission-plugins` names none of them.
    Plugin(&'static [&'static str]),
    /// As `Plugin`, for plugins Kubernetes removed in this minor version of 1.x: an API
    /// server whose image tag is that version or later is not judged.
    PluginBefore(&'static [&'static str], u32),
    /// When written, every item of its list is one of these.
    Only(&'static [&'static str]),
    /// When written, a duration of hours, minutes and seconds of at most two digits each.
    Duration,
    /// `--feature-gates` does not turn this gate off.
    GateOn(&'static str),
}

/// One control-plane flag rule: which component's command line, which flag, and what it
/// must be. Each row is a [`Rule`] (see [`flag_rule`]), judged by [`judge_flag`].
struct Flag {
    id: &'static str,
    checkov: &'static [&'static str],
    /// The program (`kube-apiserver`, `kube-controller-manager`, `kube-scheduler`, `etcd`,
    /// `kubelet`); the row judges the containers that run one of them.
    components: &'static [&'static str],
    flags: &'static [&'static str],
    expect: Expect,
    title: &'static str,
    severity: Severity,
    category: Category,
    description: &'static str,
    remediation: &'static str,
}

/// The cipher suites the CIS benchmark accepts for the API server and the kubelet.
const STRONG_CIPHERS: &[&str] = &[
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
];

const APISERVER: &[&str] = &["kube-apiserver"];
const CONTROLLER_MANAGER: &[&str] = &["kube-controller-manager"];
const SCHEDULER: &[&str] = &["kube-scheduler"];
const ETCD: &[&str] = &["etcd"];
const KUBELET: &[&str] = &["kubelet"];

/// The control-plane flag rules, one row each.
const FLAGS: &[Flag] = &[
    Flag {
        id: "kali/kubernetes-apiserver-anonymous-auth",
        checkov: &["CKV_K8S_68"],
        components: APISERVER,
        flags: &["--anonymous-auth"],
        expect: Expect::Is("false"),
        title: "API server accepts anonymous requests",
        severity: Severity::High,
        category: Category::Authentication,
        description: "kube-apiserver runs without --anonymous-auth=false, so unauthenticated requests reach the authorizer as system:anonymous.",
        remediation: "Add --anonymous-auth=false to kube-apiserver's command.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-basic-auth-file",
        checkov: &["CKV_K8S_69"],
        components: APISERVER,
        flags: &["--basic-auth-file"],
        expect: Expect::Unset,
        title: "API server accepts static passwords",
        severity: Severity::High,
        category: Category::Authentication,
        description: "kube-apiserver runs with --basic-auth-file: passwords in a file, never expiring, changed only by a restart.",
        remediation: "Remove --basic-auth-file; authenticate with client certificates or OIDC.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-token-auth-file",
        checkov: &["CKV_K8S_70"],
        components: APISERVER,
        flags: &["--token-auth-file"],
        expect: Expect::Unset,
        title: "API server accepts static tokens",
        severity: Severity::High,
        category: Category::Authentication,
        description: "kube-apiserver runs with --token-auth-file: bearer tokens in a file, never expiring, changed only by a restart.",
        remediation: "Remove --token-auth-file; authenticate with client certificates, OIDC or service account tokens.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-kubelet-https",
        checkov: &["CKV_K8S_71"],
        components: APISERVER,
        flags: &["--kubelet-https"],
        expect: Expect::IsNot("false"),
        title: "API server talks to kubelets over plain HTTP",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        description: "kube-apiserver runs with --kubelet-https=false, so logs, exec and port-forward traffic to the kubelets is unencrypted.",
        remediation: "Remove --kubelet-https=false.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-kubelet-client-cert",
        checkov: &["CKV_K8S_72"],
        components: APISERVER,
        flags: &["--kubelet-client-certificate", "--kubelet-client-key"],
        expect: Expect::Set,
        title: "API server has no client certificate for kubelets",
        severity: Severity::Medium,
        category: Category::Authentication,
        description: "kube-apiserver runs without --kubelet-client-certificate and --kubelet-client-key, so it cannot authenticate to the kubelets, which must then accept unauthenticated requests.",
        remediation: "Set --kubelet-client-certificate and --kubelet-client-key to the API server's kubelet client certificate and key.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-kubelet-ca",
        checkov: &["CKV_K8S_73"],
        components: APISERVER,
        flags: &["--kubelet-certificate-authority"],
        expect: Expect::Set,
        title: "API server does not verify kubelet certificates",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        description: "kube-apiserver runs without --kubelet-certificate-authority, so it does not verify the kubelets' serving certificates and its connections to them can be intercepted.",
        remediation: "Set --kubelet-certificate-authority to the CA that signs the kubelets' serving certificates.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-always-allow",
        checkov: &["CKV_K8S_74"],
        components: APISERVER,
        flags: &["--authorization-mode"],
        expect: Expect::Excludes("AlwaysAllow"),
        title: "API server authorizes every request",
        severity: Severity::Critical,
        category: Category::LeastPrivilege,
        description: "kube-apiserver's --authorization-mode includes AlwaysAllow, so every authenticated request is allowed.",
        remediation: "Set --authorization-mode=Node,RBAC.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-authorization-node",
        checkov: &["CKV_K8S_75"],
        components: APISERVER,
        flags: &["--authorization-mode"],
        expect: Expect::Includes("Node"),
        title: "API server does not use the Node authorizer",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        description: "kube-apiserver's --authorization-mode is unset or lacks Node, so a kubelet's credentials are not limited to the objects of its own pods.",
        remediation: "Set --authorization-mode=Node,RBAC.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-authorization-rbac",
        checkov: &["CKV_K8S_77"],
        components: APISERVER,
        flags: &["--authorization-mode"],
        expect: Expect::Includes("RBAC"),
        title: "API server does not use RBAC",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        description: "kube-apiserver's --authorization-mode is unset or lacks RBAC, so Roles and RoleBindings are not enforced.",
        remediation: "Set --authorization-mode=Node,RBAC.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-always-admit",
        checkov: &["CKV_K8S_79"],
        components: APISERVER,
        flags: &["--enable-admission-plugins"],
        expect: Expect::Excludes("AlwaysAdmit"),
        title: "API server enables the AlwaysAdmit plugin",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        description: "kube-apiserver's --enable-admission-plugins includes AlwaysAdmit, which admits every request whatever the other plugins say.",
        remediation: "Remove AlwaysAdmit from --enable-admission-plugins.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-always-pull-images",
        checkov: &["CKV_K8S_80"],
        components: APISERVER,
        flags: &["--enable-admission-plugins"],
        expect: Expect::Plugin(&["AlwaysPullImages"]),
        title: "API server does not enable AlwaysPullImages",
        severity: Severity::Low,
        category: Category::Workload,
        description: "kube-apiserver's --enable-admission-plugins is written without AlwaysPullImages (or --disable-admission-plugins names it), so a pod can run a private image another tenant pulled onto the node without its pull secret. As in Checkov, a command line without --enable-admission-plugins is not judged.",
        remediation: "Add AlwaysPullImages to --enable-admission-plugins.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-security-context-deny",
        checkov: &["CKV_K8S_81"],
        components: APISERVER,
        flags: &["--enable-admission-plugins"],
        expect: Expect::PluginBefore(&["SecurityContextDeny", "PodSecurityPolicy"], 25),
        title: "API server restricts no pod security settings",
        severity: Severity::Low,
        category: Category::Workload,
        description: "kube-apiserver's --enable-admission-plugins is written with neither PodSecurityPolicy nor SecurityContextDeny. An API server whose image is 1.25 or later, where PodSecurityPolicy is gone (and SecurityContextDeny deprecated), is not judged: Pod Security admission replaces them.",
        remediation: "Add PodSecurityPolicy (or SecurityContextDeny) to --enable-admission-plugins, or on 1.25+ label namespaces with pod-security.kubernetes.io/enforce.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-service-account-plugin",
        checkov: &["CKV_K8S_82"],
        components: APISERVER,
        flags: &["--enable-admission-plugins"],
        expect: Expect::Plugin(&["ServiceAccount"]),
        title: "API server does not enable the ServiceAccount plugin",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        description: "kube-apiserver's --enable-admission-plugins is written without ServiceAccount, or --disable-admission-plugins names it, so pods are not tied to service accounts that exist.",
        remediation: "Add ServiceAccount to --enable-admission-plugins and remove it from --disable-admission-plugins.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-namespace-lifecycle",
        checkov: &["CKV_K8S_83"],
        components: APISERVER,
        flags: &["--enable-admission-plugins"],
        expect: Expect::Plugin(&["NamespaceLifecycle"]),
        title: "API server does not enable the NamespaceLifecycle plugin",
        severity: Severity::Medium,
        category: Category::Workload,
        description: "kube-apiserver's --enable-admission-plugins is written without NamespaceLifecycle, or --disable-admission-plugins names it, so objects can be created in namespaces being deleted or not existing.",
        remediation: "Add NamespaceLifecycle to --enable-admission-plugins and remove it from --disable-admission-plugins.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-pod-security-policy",
        checkov: &["CKV_K8S_84"],
        components: APISERVER,
        flags: &["--enable-admission-plugins"],
        expect: Expect::PluginBefore(&["PodSecurityPolicy"], 25),
        title: "API server does not enable PodSecurityPolicy",
        severity: Severity::Low,
        category: Category::Workload,
        description: "kube-apiserver's --enable-admission-plugins is written without PodSecurityPolicy. An API server whose image is 1.25 or later, where the plugin is gone, is not judged (Checkov judges every version).",
        remediation: "Before 1.25, add PodSecurityPolicy to --enable-admission-plugins; from 1.25, label namespaces with pod-security.kubernetes.io/enforce.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-node-restriction",
        checkov: &["CKV_K8S_85"],
        components: APISERVER,
        flags: &["--enable-admission-plugins"],
        expect: Expect::Plugin(&["NodeRestriction"]),
        title: "API server does not enable NodeRestriction",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        description: "kube-apiserver's --enable-admission-plugins is written without NodeRestriction, so a kubelet may modify other nodes and pods it does not run.",
        remediation: "Add NodeRestriction to --enable-admission-plugins.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-insecure-bind-address",
        checkov: &["CKV_K8S_86"],
        components: APISERVER,
        flags: &["--insecure-bind-address"],
        expect: Expect::Unset,
        title: "API server binds an insecure address",
        severity: Severity::Critical,
        category: Category::Network,
        description: "kube-apiserver runs with --insecure-bind-address, serving its API without authentication or TLS on that address.",
        remediation: "Remove --insecure-bind-address.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-insecure-port",
        checkov: &["CKV_K8S_88"],
        components: APISERVER,
        flags: &["--insecure-port"],
        expect: Expect::IsIfSet("0"),
        title: "API server serves an insecure port",
        severity: Severity::Critical,
        category: Category::Network,
        description: "kube-apiserver runs with --insecure-port set to a port other than 0, serving its API without authentication or TLS. An unset flag passes: the port is off by default since Kubernetes 1.20 and the flag is gone since 1.24, where writing it stops the API server (Checkov requires --insecure-port=0 written).",
        remediation: "Remove --insecure-port (or set it to 0 before Kubernetes 1.24).",
    },
    Flag {
        id: "kali/kubernetes-apiserver-secure-port",
        checkov: &["CKV_K8S_89"],
        components: APISERVER,
        flags: &["--secure-port"],
        expect: Expect::IsNot("0"),
        title: "API server's secure port is off",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        description: "kube-apiserver runs with --secure-port=0, so it serves no HTTPS.",
        remediation: "Remove --secure-port=0 (the default is 6443).",
    },
    Flag {
        id: "kali/kubernetes-apiserver-profiling",
        checkov: &["CKV_K8S_90"],
        components: APISERVER,
        flags: &["--profiling"],
        expect: Expect::Is("false"),
        title: "API server exposes profiling",
        severity: Severity::Low,
        category: Category::Workload,
        description: "kube-apiserver runs without --profiling=false, so /debug/pprof reveals its internals and costs resources.",
        remediation: "Add --profiling=false.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-audit-log",
        checkov: &["CKV_K8S_91"],
        components: APISERVER,
        flags: &["--audit-log-path"],
        expect: Expect::Set,
        title: "API server writes no audit log",
        severity: Severity::Medium,
        category: Category::Logging,
        description: "kube-apiserver runs without --audit-log-path, so requests to the cluster are not recorded.",
        remediation: "Set --audit-log-path (and --audit-policy-file).",
    },
    Flag {
        id: "kali/kubernetes-apiserver-audit-log-maxage",
        checkov: &["CKV_K8S_92"],
        components: APISERVER,
        flags: &["--audit-log-maxage"],
        expect: Expect::AtLeast(30),
        title: "API server keeps audit logs less than 30 days",
        severity: Severity::Low,
        category: Category::Logging,
        description: "kube-apiserver's --audit-log-maxage is unset or below 30 days.",
        remediation: "Set --audit-log-maxage=30 or more.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-audit-log-maxbackup",
        checkov: &["CKV_K8S_93"],
        components: APISERVER,
        flags: &["--audit-log-maxbackup"],
        expect: Expect::AtLeast(10),
        title: "API server keeps fewer than 10 audit log files",
        severity: Severity::Low,
        category: Category::Logging,
        description: "kube-apiserver's --audit-log-maxbackup is unset or below 10.",
        remediation: "Set --audit-log-maxbackup=10 or more.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-audit-log-maxsize",
        checkov: &["CKV_K8S_94"],
        components: APISERVER,
        flags: &["--audit-log-maxsize"],
        expect: Expect::AtLeast(100),
        title: "API server rotates audit logs below 100 MB",
        severity: Severity::Low,
        category: Category::Logging,
        description: "kube-apiserver's --audit-log-maxsize is unset or below 100 (megabytes).",
        remediation: "Set --audit-log-maxsize=100 or more.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-request-timeout",
        checkov: &["CKV_K8S_95"],
        components: APISERVER,
        flags: &["--request-timeout"],
        expect: Expect::Duration,
        title: "API server request timeout is malformed",
        severity: Severity::Low,
        category: Category::Workload,
        description: "kube-apiserver's --request-timeout is written without a value or not as hours, minutes and seconds of at most two digits each (60s, 1m30s, 2h), as Checkov reads the benchmark.",
        remediation: "Set --request-timeout to a duration such as 60s, or remove it for the default.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-service-account-lookup",
        checkov: &["CKV_K8S_96"],
        components: APISERVER,
        flags: &["--service-account-lookup"],
        expect: Expect::IsNot("false"),
        title: "API server accepts tokens of deleted service accounts",
        severity: Severity::Medium,
        category: Category::Authentication,
        description: "kube-apiserver runs with --service-account-lookup=false, so tokens stay valid after their service account is deleted. The default is true, so an unset flag passes (Checkov requires it written).",
        remediation: "Remove --service-account-lookup=false.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-service-account-key",
        checkov: &["CKV_K8S_97"],
        components: APISERVER,
        flags: &["--service-account-key-file"],
        expect: Expect::KeyFile,
        title: "API server has no service account verification key",
        severity: Severity::Medium,
        category: Category::KeyManagement,
        description: "kube-apiserver runs without --service-account-key-file, so service account tokens are verified with its TLS key and cannot be rotated apart from it. The flag must name a key or certificate file (.pem, .crt, .cer, .key, .pub): Checkov demands a .pem name, which kubeadm's sa.pub does not have.",
        remediation: "Set --service-account-key-file to the public key matching the controller manager's --service-account-private-key-file.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-etcd-client-cert",
        checkov: &["CKV_K8S_99"],
        components: APISERVER,
        flags: &["--etcd-certfile", "--etcd-keyfile"],
        expect: Expect::Set,
        title: "API server has no client certificate for etcd",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        description: "kube-apiserver runs without --etcd-certfile and --etcd-keyfile, so it cannot authenticate to etcd over TLS.",
        remediation: "Set --etcd-certfile and --etcd-keyfile.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-tls-cert",
        checkov: &["CKV_K8S_100"],
        components: APISERVER,
        flags: &["--tls-cert-file", "--tls-private-key-file"],
        expect: Expect::Set,
        title: "API server has no TLS certificate",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        description: "kube-apiserver runs without --tls-cert-file and --tls-private-key-file, so it serves a self-signed certificate clients cannot verify.",
        remediation: "Set --tls-cert-file and --tls-private-key-file.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-etcd-ca",
        checkov: &["CKV_K8S_102"],
        components: APISERVER,
        flags: &["--etcd-cafile"],
        expect: Expect::Set,
        title: "API server does not verify etcd's certificate",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        description: "kube-apiserver runs without --etcd-cafile, so it does not verify the etcd it stores the cluster in.",
        remediation: "Set --etcd-cafile to etcd's CA certificate.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-encryption-provider",
        checkov: &["CKV_K8S_104"],
        components: APISERVER,
        flags: &["--encryption-provider-config"],
        expect: Expect::Set,
        title: "API server does not encrypt secrets in etcd",
        severity: Severity::High,
        category: Category::EncryptionAtRest,
        description: "kube-apiserver runs without --encryption-provider-config, so Secrets are stored in etcd in plain text.",
        remediation: "Set --encryption-provider-config to an EncryptionConfiguration using kms, aescbc or secretbox.",
    },
    Flag {
        id: "kali/kubernetes-apiserver-weak-ciphers",
        checkov: &["CKV_K8S_105"],
        components: APISERVER,
        flags: &["--tls-cipher-suites"],
        expect: Expect::Only(STRONG_CIPHERS),
        title: "API server allows weak TLS cipher suites",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        description: "kube-apiserver's --tls-cipher-suites names a suite outside the benchmark's strong list (ECDHE or RSA with AES-GCM or ChaCha20-Poly1305).",
        remediation: "List only strong suites, e.g. --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.",
    },
    Flag {
        id: "kali/kubernetes-controller-manager-terminated-pod-gc",
        checkov: &["CKV_K8S_106"],
        components: CONTROLLER_MANAGER,
        flags: &["--terminated-pod-gc-threshold"],
        expect: Expect::Positive,
        title: "Controller manager sets no terminated pod threshold",
        severity: Severity::Low,
        category: Category::Workload,
        description: "kube-controller-manager runs without a positive --terminated-pod-gc-threshold, so terminated pods pile up (12500 by default) before they are collected.",
        remediation: "Set --terminated-pod-gc-threshold, e.g. 10.",
    },
    Flag {
        id: "kali/kubernetes-controller-manager-profiling",
        checkov: &["CKV_K8S_107"],
        components: CONTROLLER_MANAGER,
        flags: &["--profiling"],
        expect: Expect::Is("false"),
        title: "Controller manager exposes profiling",
        severity: Severity::Low,
        category: Category::Workload,
        description: "kube-controller-manager runs without --profiling=false.",
        remediation: "Add --profiling=false.",
    },
    Flag {
        id: "kali/kubernetes-controller-manager-sa-credentials",
        checkov: &["CKV_K8S_108"],
        components: CONTROLLER_MANAGER,
        flags: &["--use-service-account-credentials"],
        expect: Expect::Is("true"),
        title: "Controllers share the controller manager's credentials",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        description: "kube-controller-manager runs without --use-service-account-credentials=true, so every controller acts with the controller manager's own, broad credentials.",
        remediation: "Add --use-service-account-credentials=true.",
    },
    Flag {
        id: "kali/kubernetes-controller-manager-sa-private-key",
        checkov: &["CKV_K8S_110"],
        components: CONTROLLER_MANAGER,
        flags: &["--service-account-private-key-file"],
        expect: Expect::KeyFile,
        title: "Controller manager has no service account signing key",
        severity: Severity::Medium,
        category: Category::KeyManagement,
        description: "kube-controller-manager runs without --service-account-private-key-file, so it cannot sign service account tokens with a key of their own. The flag must name a key or certificate file (.pem, .crt, .cer, .key, .pub): Checkov demands a .pem name, which kubeadm's sa.key does not have, and passes an unset flag.",
        remediation: "Set --service-account-private-key-file to the service account signing key.",
    },
    Flag {
        id: "kali/kubernetes-controller-manager-root-ca",
        checkov: &["CKV_K8S_111"],
        components: CONTROLLER_MANAGER,
        flags: &["--root-ca-file"],
        expect: Expect::KeyFile,
        title: "Controller manager gives pods no root CA",
        severity: Severity::Low,
        category: Category::KeyManagement,
        description: "kube-controller-manager runs without --root-ca-file, so pods cannot verify the API server's certificate before sending their token. The flag must name a key or certificate file (.pem, .crt, .cer, .key, .pub): Checkov demands a .pem name, which kubeadm's ca.crt does not have, and passes an unset flag.",
        remediation: "Set --root-ca-file to the cluster CA certificate.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-server-cert-rotation",
        checkov: &["CKV_K8S_112"],
        components: &["kube-controller-manager", "kubelet"],
        flags: &["--feature-gates"],
        expect: Expect::GateOn("RotateKubeletServerCertificate"),
        title: "Kubelet serving certificate rotation is off",
        severity: Severity::Low,
        category: Category::KeyManagement,
        description: "kube-controller-manager or kubelet runs with --feature-gates turning RotateKubeletServerCertificate off, so kubelet serving certificates are not renewed.",
        remediation: "Remove RotateKubeletServerCertificate=false from --feature-gates.",
    },
    Flag {
        id: "kali/kubernetes-controller-manager-bind-address",
        checkov: &["CKV_K8S_113"],
        components: CONTROLLER_MANAGER,
        flags: &["--bind-address"],
        expect: Expect::Is("127.0.0.1"),
        title: "Controller manager listens beyond localhost",
        severity: Severity::Medium,
        category: Category::Network,
        description: "kube-controller-manager runs without --bind-address=127.0.0.1, so its health and metrics endpoints listen on every interface.",
        remediation: "Add --bind-address=127.0.0.1.",
    },
    Flag {
        id: "kali/kubernetes-scheduler-profiling",
        checkov: &["CKV_K8S_114"],
        components: SCHEDULER,
        flags: &["--profiling"],
        expect: Expect::Is("false"),
        title: "Scheduler exposes profiling",
        severity: Severity::Low,
        category: Category::Workload,
        description: "kube-scheduler runs without --profiling=false.",
        remediation: "Add --profiling=false.",
    },
    Flag {
        id: "kali/kubernetes-scheduler-bind-address",
        checkov: &["CKV_K8S_115"],
        components: SCHEDULER,
        flags: &["--bind-address"],
        expect: Expect::Is("127.0.0.1"),
        title: "Scheduler listens beyond localhost",
        severity: Severity::Medium,
        category: Category::Network,
        description: "kube-scheduler runs without --bind-address=127.0.0.1, so its health and metrics endpoints listen on every interface.",
        remediation: "Add --bind-address=127.0.0.1.",
    },
    Flag {
        id: "kali/kubernetes-etcd-tls",
        checkov: &["CKV_K8S_116"],
        components: ETCD,
        flags: &["--cert-file", "--key-file"],
        expect: Expect::Set,
        title: "etcd serves clients without TLS",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        description: "etcd runs without --cert-file and --key-file, so the cluster's data travels to its clients in plain text.",
        remediation: "Set --cert-file and --key-file.",
    },
    Flag {
        id: "kali/kubernetes-etcd-client-cert-auth",
        checkov: &["CKV_K8S_117"],
        components: ETCD,
        flags: &["--client-cert-auth"],
        expect: Expect::Is("true"),
        title: "etcd does not authenticate clients",
        severity: Severity::High,
        category: Category::Authentication,
        description: "etcd runs without --client-cert-auth=true, so anyone who reaches it can read and write the cluster's data.",
        remediation: "Add --client-cert-auth=true and --trusted-ca-file.",
    },
    Flag {
        id: "kali/kubernetes-etcd-auto-tls",
        checkov: &["CKV_K8S_118"],
        components: ETCD,
        flags: &["--auto-tls"],
        expect: Expect::IsNot("true"),
        title: "etcd uses self-signed client certificates",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        description: "etcd runs with --auto-tls=true, serving clients with a self-signed certificate no one can verify.",
        remediation: "Remove --auto-tls and set --cert-file and --key-file.",
    },
    Flag {
        id: "kali/kubernetes-etcd-peer-tls",
        checkov: &["CKV_K8S_119"],
        components: ETCD,
        flags: &["--peer-cert-file", "--peer-key-file"],
        expect: Expect::Set,
        title: "etcd peers talk without TLS",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        description: "etcd runs without --peer-cert-file and --peer-key-file, so replication between members is unencrypted.",
        remediation: "Set --peer-cert-file and --peer-key-file.",
    },
    Flag {
        id: "kali/kubernetes-etcd-peer-client-cert-auth",
        checkov: &["CKV_K8S_121"],
        components: ETCD,
        flags: &["--peer-client-cert-auth"],
        expect: Expect::Is("true"),
        title: "etcd does not authenticate its peers",
        severity: Severity::High,
        category: Category::Authentication,
        description: "etcd runs without --peer-client-cert-auth=true, so anyone who reaches its peer port can join the cluster. Every container running etcd is judged, command and args; Checkov judges only a Pod named etcd, by its args.",
        remediation: "Add --peer-client-cert-auth=true and --peer-trusted-ca-file.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-anonymous-auth",
        checkov: &["CKV_K8S_138"],
        components: KUBELET,
        flags: &["--anonymous-auth"],
        expect: Expect::Is("false"),
        title: "Kubelet accepts anonymous requests",
        severity: Severity::High,
        category: Category::Authentication,
        description: "kubelet runs without --anonymous-auth=false, so unauthenticated requests reach its API (pods, exec, logs).",
        remediation: "Add --anonymous-auth=false.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-always-allow",
        checkov: &["CKV_K8S_139"],
        components: KUBELET,
        flags: &["--authorization-mode"],
        expect: Expect::Excludes("AlwaysAllow"),
        title: "Kubelet authorizes every request",
        severity: Severity::Critical,
        category: Category::LeastPrivilege,
        description: "kubelet's --authorization-mode is AlwaysAllow, so anyone who authenticates can exec into its pods.",
        remediation: "Set --authorization-mode=Webhook.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-client-ca",
        checkov: &["CKV_K8S_140"],
        components: KUBELET,
        flags: &["--client-ca-file"],
        expect: Expect::Set,
        title: "Kubelet does not verify client certificates",
        severity: Severity::Medium,
        category: Category::Authentication,
        description: "kubelet runs without --client-ca-file, so it cannot authenticate the API server's client certificate.",
        remediation: "Set --client-ca-file to the cluster CA certificate.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-read-only-port",
        checkov: &["CKV_K8S_141"],
        components: KUBELET,
        flags: &["--read-only-port"],
        expect: Expect::Is("0"),
        title: "Kubelet serves its read-only port",
        severity: Severity::Medium,
        category: Category::Network,
        description: "kubelet runs without --read-only-port=0, so its unauthenticated read-only API (pods, specs, environment) may listen on 10255.",
        remediation: "Add --read-only-port=0.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-streaming-timeout",
        checkov: &["CKV_K8S_143"],
        components: KUBELET,
        flags: &["--streaming-connection-idle-timeout"],
        expect: Expect::IsNot("0"),
        title: "Kubelet streaming connections never time out",
        severity: Severity::Low,
        category: Category::Workload,
        description: "kubelet runs with --streaming-connection-idle-timeout=0, so idle exec and port-forward connections stay open forever.",
        remediation: "Remove the flag (the default is 4h) or set a duration such as 5m.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-protect-kernel-defaults",
        checkov: &["CKV_K8S_144"],
        components: KUBELET,
        flags: &["--protect-kernel-defaults"],
        expect: Expect::Is("true"),
        title: "Kubelet may change kernel settings",
        severity: Severity::Low,
        category: Category::Workload,
        description: "kubelet runs without --protect-kernel-defaults=true, so it tunes kernel parameters instead of failing when they differ from its needs.",
        remediation: "Add --protect-kernel-defaults=true and set the kernel parameters on the node.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-iptables-chains",
        checkov: &["CKV_K8S_145"],
        components: KUBELET,
        flags: &["--make-iptables-util-chains"],
        expect: Expect::IsNot("false"),
        title: "Kubelet does not manage its iptables chains",
        severity: Severity::Low,
        category: Category::Network,
        description: "kubelet runs with --make-iptables-util-chains=false, so its iptables rules drift from what pods need. The default is true, so an unset flag passes (Checkov requires it written).",
        remediation: "Remove --make-iptables-util-chains=false.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-hostname-override",
        checkov: &["CKV_K8S_146"],
        components: KUBELET,
        flags: &["--hostname-override"],
        expect: Expect::Unset,
        title: "Kubelet overrides the node's hostname",
        severity: Severity::Low,
        category: Category::Authentication,
        description: "kubelet runs with --hostname-override, so its node name may not match the name in its TLS certificate.",
        remediation: "Remove --hostname-override.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-event-qps",
        checkov: &["CKV_K8S_147"],
        components: KUBELET,
        flags: &["--event-qps"],
        expect: Expect::AtMost(5),
        title: "Kubelet event rate may drop events",
        severity: Severity::Low,
        category: Category::Logging,
        description: "kubelet's --event-qps is above 5, as Checkov reads the benchmark's advice to capture events at a level that keeps them all.",
        remediation: "Set --event-qps to 0 (no limit) or 5.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-tls-cert",
        checkov: &["CKV_K8S_148"],
        components: KUBELET,
        flags: &["--tls-cert-file", "--tls-private-key-file"],
        expect: Expect::Set,
        title: "Kubelet has no TLS certificate",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        description: "kubelet runs without --tls-cert-file and --tls-private-key-file, so it serves a self-signed certificate.",
        remediation: "Set --tls-cert-file and --tls-private-key-file (or enable serving certificate rotation).",
    },
    Flag {
        id: "kali/kubernetes-kubelet-rotate-certificates",
        checkov: &["CKV_K8S_149"],
        components: KUBELET,
        flags: &["--rotate-certificates"],
        expect: Expect::IsNot("false"),
        title: "Kubelet client certificate rotation is off",
        severity: Severity::Low,
        category: Category::KeyManagement,
        description: "kubelet runs with --rotate-certificates=false, so its client certificate is not renewed before it expires.",
        remediation: "Remove --rotate-certificates=false.",
    },
    Flag {
        id: "kali/kubernetes-kubelet-weak-ciphers",
        checkov: &["CKV_K8S_151"],
        components: KUBELET,
        flags: &["--tls-cipher-suites"],
        expect: Expect::Only(STRONG_CIPHERS),
        title: "Kubelet allows weak TLS cipher suites",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        description: "kubelet's --tls-cipher-suites names a suite outside the benchmark's strong list.",
        remediation: "List only strong suites, e.g. --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.",
    },
];

/// The words of a container's command line, `command` then `args`, each item split at
/// whitespace so a shell line (`sh -c "kube-apiserver …"`) reads too; `None` when an item
/// is only known after apply.
fn command_line(c: &Json) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    for key in ["command", "args"] {
        let items: Vec<&Json> = match c.get(key) {
            Some(Json::Array(items)) => items.iter().collect(),
            Some(v @ Json::String(_)) => vec![v],
            _ => Vec::new(),
        };
        for item in items.into_iter().filter_map(Json::as_str) {
            if item == UNKNOWN {
                return None;
            }
            out.extend(item.split_whitespace());
        }
    }
    Some(out)
}

/// The name of a container's image, without registry, tag or digest (`etcd` of
/// `quay.io/coreos/etcd:v3.5.12`).
fn image_name(c: &Json) -> Option<&str> {
    let image = c.get("image")?.as_str()?;
    let image = image.split('@').next().unwrap_or(image);
    let last = image.rsplit('/').next().unwrap_or(image);
    Some(last.split(':').next().unwrap_or(last))
}

/// The minor version of Kubernetes 1.x a container's image tag names (`29` of
/// `registry.k8s.io/kube-apiserver:v1.29.3`).
fn image_minor(c: &Json) -> Option<u32> {
    let image = c.get("image")?.as_str()?;
    let image = image.split('@').next().unwrap_or(image);
    let last = image.rsplit('/').next().unwrap_or(image);
    let tag = last.split_once(':')?.1.trim_start_matches('v');
    let mut parts = tag.split(['.', '-', '+']);
    (parts.next()? == "1").then_some(())?;
    parts.next()?.parse().ok()
}

/// Whether the words run `component` (by name or path).
fn runs(words: &[&str], component: &str) -> bool {
    words.iter().any(|w| {
        *w == component
            || w.strip_suffix(component)
                .is_some_and(|dir| dir.ends_with('/'))
    })
}

/// The value the last `flag` of the words is given: `Some(None)` for a bare flag.
/// Whether a path names a PEM key or certificate file by its extension.
fn is_key_file(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            ["pem", "crt", "cer", "key", "pub"]
                .iter()
                .any(|k| e.eq_ignore_ascii_case(k))
        })
}

fn flag_value<'a>(words: &[&'a str], flag: &str) -> Option<Option<&'a str>> {
    let mut found = None;
    for (i, w) in words.iter().enumerate() {
        if let Some(value) = w.strip_prefix(flag).and_then(|r| r.strip_prefix('=')) {
            found = Some(Some(value.trim_matches(|c| c == '"' || c == '\'')));
        } else if *w == flag {
            found = Some(words.get(i + 1).copied().filter(|n| !n.starts_with('-')));
        }
    }
    found
}

fn list_of(value: Option<&str>) -> Vec<&str> {
    value
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// What is wrong with the flag of a row on a command line, if anything.
fn flag_problem(row: &Flag, words: &[&str]) -> Option<String> {
    let flag = row.flags[0];
    let value = flag_value(words, flag);
    let number = |v: Option<&str>| v.and_then(|v| v.parse::<i64>().ok());
    match row.expect {
        Expect::Is(want) => match value {
            Some(Some(v)) if v == want => None,
            Some(None) if want == "true" => None,
            Some(Some(v)) => Some(format!("{flag}={v}, not {want}")),
            Some(None) => Some(format!("{flag} without a value, not {want}")),
            None => Some(format!("no {flag}={want}")),
        },
        Expect::IsIfSet(want) => match value {
            Some(Some(v)) if v != want => Some(format!("{flag}={v}, not {want}")),
            Some(None) => Some(format!("{flag} without a value, not {want}")),
            _ => None,
        },
        Expect::IsNot(bad) => match value {
            Some(Some(v)) if v == bad => Some(format!("{flag}={v}")),
            Some(None) if bad == "true" => Some(format!("{flag} (true)")),
            _ => None,
        },
        Expect::Unset => value.map(|v| match v {
            Some(v) => format!("{flag}={v}"),
            None => flag.to_string(),
        }),
        Expect::Set => row.flags.iter().find_map(|f| match flag_value(words, f) {
            Some(Some(v)) if !v.is_empty() => None,
            _ => Some(format!("no {f}")),
        }),
        Expect::KeyFile => row.flags.iter().find_map(|f| match flag_value(words, f) {
            Some(Some(v)) if is_key_file(v) => None,
            Some(Some(v)) if !v.is_empty() => Some(format!(
                "{f}={v}, not a .pem, .crt, .cer, .key or .pub file"
            )),
            _ => Some(format!("no {f}")),
        }),
        Expect::AtLeast(min) => match value {
            Some(v) if number(v).is_some_and(|n| n >= min) => None,
            Some(v) => Some(format!("{flag}={}, below {min}", v.unwrap_or(""))),
            None => Some(format!("no {flag} (it should be {min} or more)")),
        },
        Expect::AtMost(max) => match value {
            Some(v) if number(v).is_some_and(|n| n > max) => {
                Some(format!("{flag}={}, above {max}", v.unwrap_or("")))
            }
            _ => None,
        },
        Expect::Positive => match value {
            Some(None) => None,
            Some(v) if number(v).is_some_and(|n| n > 0) => None,
            Some(v) => Some(format!("{flag}={}", v.unwrap_or(""))),
            None => Some(format!("no {flag}")),
        },
        Expect::Includes(item) => match value {
            Some(v) if list_of(v).contains(&item) => None,
            Some(v) => Some(format!("{flag}={} without {item}", v.unwrap_or(""))),
            None => Some(format!("no {flag} (it should include {item})")),
        },
        Expect::Excludes(item) => match value {
            Some(v) if list_of(v).contains(&item) => Some(format!("{flag}={}", v.unwrap_or(""))),
            _ => None,
        },
        Expect::PluginBefore(plugins, _) => flag_problem(
            &Flag {
                expect: Expect::Plugin(plugins),
                ..*row
            },
            words,
        ),
        Expect::Plugin(plugins) => {
            let disabled = list_of(flag_value(words, "--disable-admission-plugins").flatten());
            if let Some(p) = plugins.iter().find(|p| disabled.contains(p)) {
                return Some(format!("--disable-admission-plugins naming {p}"));
            }
            match value {
                Some(v) if !list_of(v).iter().any(|p| plugins.contains(p)) => Some(format!(
                    "{flag}={} without {}",
                    v.unwrap_or(""),
                    plugins.join(" or ")
                )),
                _ => None,
            }
        }
        Expect::Only(allowed) => {
            let weak: Vec<&str> = list_of(value.flatten())
                .into_iter()
                .filter(|s| !allowed.contains(s))
                .collect();
            (!weak.is_empty()).then(|| format!("{flag} naming {}", weak.join(", ")))
        }
        Expect::Duration => {
            static DURATION: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
            let duration = DURATION.get_or_init(|| {
                regex::Regex::new(r"^(\d{1,2}h)?(\d{1,2}m)?(\d{1,2}s)?$").expect("a valid pattern")
            });
            match value {
                Some(Some(v)) if !v.is_empty() && duration.is_match(v) => None,
                Some(v) => Some(format!("{flag}={}", v.unwrap_or(""))),
                None => None,
            }
        }
        Expect::GateOn(gate) => {
            let off = format!("{gate}=false");
            list_of(value.flatten())
                .contains(&off.as_str())
                .then(|| format!("{flag} turning {gate} off"))
        }
    }
}

/// Judges one control-plane flag row on the containers running its component.
fn judge_flag(row: &Flag, m: &Manifest) -> Vec<ManifestFailure> {
    per_container(m, |c| {
        let words = command_line(c.body)?;
        // Without a command the image's entrypoint runs: the image names the component.
        let image = c
            .body
            .get("command")
            .is_none()
            .then(|| image_name(c.body))
            .flatten();
        let component = row
            .components
            .iter()
            .find(|k| runs(&words, k) || image == Some(**k))?;
        if let Expect::PluginBefore(_, removed) = row.expect {
            if image_minor(c.body).is_some_and(|minor| minor >= removed) {
                return None;
            }
        }
        let problem = flag_problem(row, &words)?;
        Some((
            m.line_of("command", c.line)
                .or_else(|| m.line_of("args", c.line))
                .unwrap_or(c.line),
            format!("Container {} runs {component} with {problem}.", c.name),
        ))
    })
}

fn flag_check<const N: usize>(m: &Manifest) -> Vec<ManifestFailure> {
    judge_flag(&FLAGS[N], m)
}

/// The rule of row `N` of [`FLAGS`].
const fn flag_rule<const N: usize>() -> Rule {
    let row = &FLAGS[N];
    Rule {
        id: row.id,
        checkov: row.checkov,
        title: row.title,
        severity: row.severity,
        description: row.description,
        remediation: row.remediation,
        category: row.category,
        cis: None,
        target: Target::Manifests(flag_check::<N>),
    }
}

fn event_rate_limit(m: &Manifest) -> Vec<ManifestFailure> {
    if m.kind != "AdmissionConfiguration" {
        return Vec::new();
    }
    let plugins = m.body.get("plugins");
    if plugins.is_some_and(is_unknown) {
        return Vec::new();
    }
    let listed = plugins
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .any(|p| p.get("name").and_then(Json::as_str) == Some("EventRateLimit"));
    if listed {
        return Vec::new();
    }
    vec![ManifestFailure {
        line: m.line_of("plugins", m.line).unwrap_or(m.line),
        message: "The admission configuration does not configure EventRateLimit, so a client can flood the API server with events.".into(),
    }]
}

/// Checkov's ids for a rule on the Terraform provider's `kubernetes_*` resources, where its
/// Terraform checks number the rule unlike its Kubernetes checks (the memory ones swap).
pub(crate) static TERRAFORM_CHECKOV_IDS: &[(&str, &[&str])] = &[
    ("kali/kubernetes-no-memory-limit", &["CKV_K8S_12"]),
    ("kali/kubernetes-no-memory-request", &["CKV_K8S_13"]),
    // Checkov's Terraform CKV_K8S_29 judges the containers' security_context, as its
    // manifest CKV_K8S_30 does; it has no Terraform check of the pod's.
    (
        "kali/kubernetes-no-container-security-context",
        &["CKV_K8S_30", "CKV_K8S_29"],
    ),
    ("kali/kubernetes-no-pod-security-context", &[]),
];

/// The rules of this platform, one row each.
pub(crate) static RULES: &[Rule] = &[
    Rule {
        id: "kali/kubernetes-privileged",
        title: "Container runs privileged",
        severity: Severity::Critical,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.2")),
        checkov: &["CKV_K8S_16"],
        description: "securityContext.privileged: true gives the container the host's devices and every capability.",
        remediation: "Remove privileged: true; add only the capabilities needed.",
        target: Target::Manifests(privileged),
    },
    Rule {
        id: "kali/kubernetes-privilege-escalation",
        title: "Container allows privilege escalation",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.6")),
        checkov: &["CKV_K8S_20"],
        description: "allowPrivilegeEscalation is not false, so setuid binaries can gain privileges.",
        remediation: "Set securityContext.allowPrivilegeEscalation: false.",
        target: Target::Manifests(privilege_escalation),
    },
    Rule {
        id: "kali/kubernetes-run-as-root",
        title: "Container may run as root",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.7")),
        checkov: &["CKV_K8S_23"],
        description: "Neither the container nor the pod sets runAsNonRoot: true or a non-zero runAsUser; a pod spec that is not a mapping (a list, nothing) fails too, as in Checkov.",
        remediation: "Set securityContext.runAsNonRoot: true (and runAsUser).",
        target: Target::Manifests(run_as_non_root),
    },
    Rule {
        id: "kali/kubernetes-writable-root-fs",
        title: "Container root filesystem is writable",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_22"],
        description: "readOnlyRootFilesystem is not true.",
        remediation: "Set securityContext.readOnlyRootFilesystem: true and mount writable volumes where needed.",
        target: Target::Manifests(read_only_root),
    },
    Rule {
        id: "kali/kubernetes-dangerous-capability",
        title: "Container adds a dangerous capability",
        severity: Severity::High,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.9")),
        checkov: &["CKV_K8S_39"],
        description: "capabilities.add includes SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE, SYS_MODULE, ALL or similar.",
        remediation: "Drop the capability; run without it.",
        target: Target::Manifests(dangerous_capabilities),
    },
    Rule {
        id: "kali/kubernetes-added-capability",
        title: "Container adds capabilities",
        severity: Severity::Low,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.9")),
        checkov: &["CKV_K8S_25"],
        description: "capabilities.add grants capabilities beyond the container runtime's default set; a dangerous one is also reported by kali/kubernetes-dangerous-capability.",
        remediation: "Remove capabilities.add, or keep only what the process needs and document why.",
        target: Target::Manifests(added_capabilities),
    },
    Rule {
        id: "kali/kubernetes-capabilities-not-dropped",
        title: "Container does not drop all capabilities",
        severity: Severity::Low,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.10")),
        checkov: &["CKV_K8S_37"],
        description: "capabilities.drop does not include ALL.",
        remediation: "Set securityContext.capabilities.drop: [ALL] and add back what is needed.",
        target: Target::Manifests(drop_all_capabilities),
    },
    Rule {
        id: "kali/kubernetes-no-cpu-limit",
        title: "Container has no CPU limit",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_11"],
        description: "resources.limits.cpu is not set.",
        remediation: "Set resources.limits.cpu.",
        target: Target::Manifests(cpu_limits),
    },
    Rule {
        id: "kali/kubernetes-no-memory-limit",
        title: "Container has no memory limit",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_13"],
        description: "resources.limits.memory is not set: one container can exhaust the node.",
        remediation: "Set resources.limits.memory.",
        target: Target::Manifests(memory_limits),
    },
    Rule {
        id: "kali/kubernetes-no-memory-request",
        title: "Container has no memory request",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_12"],
        description: "resources.requests.memory is not set (nor a limit it would default to).",
        remediation: "Set resources.requests.memory.",
        target: Target::Manifests(memory_requests),
    },
    Rule {
        id: "kali/kubernetes-latest-image",
        title: "Container image uses :latest",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_14"],
        description: "The image has the tag latest or none, so what runs changes without a change here.",
        remediation: "Pin a version tag or a digest (@sha256:…).",
        target: Target::Manifests(latest_image),
    },
    Rule {
        id: "kali/kubernetes-host-network",
        title: "Pod uses the host network",
        severity: Severity::High,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.5")),
        checkov: &["CKV_K8S_19"],
        description: "hostNetwork: true.",
        remediation: "Remove hostNetwork.",
        target: Target::Manifests(host_network),
    },
    Rule {
        id: "kali/kubernetes-host-pid",
        title: "Pod shares the host PID namespace",
        severity: Severity::High,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.3")),
        checkov: &["CKV_K8S_17"],
        description: "hostPID: true.",
        remediation: "Remove hostPID.",
        target: Target::Manifests(host_pid),
    },
    Rule {
        id: "kali/kubernetes-host-ipc",
        title: "Pod shares the host IPC namespace",
        severity: Severity::High,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.4")),
        checkov: &["CKV_K8S_18"],
        description: "hostIPC: true.",
        remediation: "Remove hostIPC.",
        target: Target::Manifests(host_ipc),
    },
    Rule {
        id: "kali/kubernetes-host-path",
        title: "Pod mounts a hostPath volume",
        severity: Severity::High,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.12")),
        checkov: &[],
        description: "A hostPath volume exposes the node's filesystem (kubelet credentials, logs of other pods) to the pod. A container runtime socket is reported by kali/kubernetes-runtime-socket instead.",
        remediation: "Use a persistent volume, emptyDir or a CSI driver.",
        target: Target::Manifests(host_path),
    },
    Rule {
        id: "kali/kubernetes-runtime-socket",
        title: "Pod mounts the container runtime socket",
        severity: Severity::Critical,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.12")),
        checkov: &["CKV_K8S_27"],
        description: "A hostPath volume of the Docker, containerd or CRI-O socket lets the pod start privileged containers on the node.",
        remediation: "Do not mount the runtime socket; build images with a rootless builder (Kaniko, BuildKit rootless).",
        target: Target::Manifests(runtime_socket),
    },
    Rule {
        id: "kali/kubernetes-sa-token-automount",
        title: "Service account token is mounted",
        severity: Severity::Low,
        category: Category::LeastPrivilege,
        cis: Some(("cis_kubernetes", "5.1.6")),
        checkov: &["CKV_K8S_38"],
        description: "automountServiceAccountToken is not false, so the pod can call the API server.",
        remediation: "Set automountServiceAccountToken: false unless the pod calls the API.",
        target: Target::Manifests(service_account_token),
    },
    Rule {
        id: "kali/kubernetes-default-namespace",
        title: "Object is in the default namespace",
        severity: Severity::Low,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.7.4")),
        checkov: &["CKV_K8S_21"],
        description: "A namespaced object (workload, Service, Secret, ConfigMap, ServiceAccount, Role, RoleBinding, Ingress) with namespace: default or no namespace at all, as Checkov judges it. The default ServiceAccount and the kubernetes Service are left alone.",
        remediation: "Set metadata.namespace to the application's own namespace.",
        target: Target::Manifests(default_namespace),
    },
    Rule {
        id: "kali/kubernetes-secret-in-env",
        title: "Secret read into an environment variable",
        severity: Severity::Low,
        category: Category::Secrets,
        cis: Some(("cis_kubernetes", "5.4.1")),
        checkov: &["CKV_K8S_35"],
        description: "env valueFrom.secretKeyRef or envFrom.secretRef exposes the secret to anything that dumps the environment.",
        remediation: "Mount the secret as a file.",
        target: Target::Manifests(secrets_in_env),
    },
    Rule {
        id: "kali/kubernetes-no-liveness-probe",
        title: "Container has no liveness probe",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_8"],
        description: "An app container of a long-running workload (not a Job or CronJob) has no livenessProbe, so a hung process is never restarted. Init containers need none.",
        remediation: "Add a livenessProbe (httpGet, tcpSocket, grpc or exec) to each container.",
        target: Target::Manifests(liveness_probe),
    },
    Rule {
        id: "kali/kubernetes-no-readiness-probe",
        title: "Container has no readiness probe",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_9"],
        description: "An app container of a long-running workload (not a Job or CronJob) has no readinessProbe, so it gets traffic before it can serve it.",
        remediation: "Add a readinessProbe to each container.",
        target: Target::Manifests(readiness_probe),
    },
    Rule {
        id: "kali/kubernetes-no-cpu-request",
        title: "Container has no CPU request",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_10"],
        description: "resources.requests.cpu is not set, nor a CPU limit it would default to, so the scheduler places the pod as if it used no CPU. Checkov also fails a container with only a limit; Kubernetes takes the limit as the request.",
        remediation: "Set resources.requests.cpu.",
        target: Target::Manifests(cpu_requests),
    },
    Rule {
        id: "kali/kubernetes-net-raw-not-dropped",
        title: "Container keeps the NET_RAW capability",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_28"],
        description: "capabilities.drop names neither NET_RAW nor ALL, so the container can craft raw packets (ARP and DNS spoofing on the node's network).",
        remediation: "Set securityContext.capabilities.drop: [ALL] (or at least NET_RAW).",
        target: Target::Manifests(net_raw_kept),
    },
    Rule {
        id: "kali/kubernetes-no-pod-security-context",
        title: "Pod has no security context",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_29"],
        description: "The pod spec of a workload sets no securityContext (runAsNonRoot, runAsUser, fsGroup, seccompProfile). Checkov's Terraform check of the same id looks at the containers' security_context instead, so on Terraform resources that id goes with kali/kubernetes-no-container-security-context.",
        remediation: "Set spec.securityContext (runAsNonRoot: true, runAsUser, seccompProfile.type: RuntimeDefault).",
        target: Target::Manifests(pod_security_context),
    },
    Rule {
        id: "kali/kubernetes-no-container-security-context",
        title: "Container has no security context",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_30"],
        description: "A container (or init container) sets no securityContext, so it keeps the runtime's defaults: privilege escalation allowed, writable root filesystem, default capabilities.",
        remediation: "Set the container's securityContext (allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities.drop: [ALL]).",
        target: Target::Manifests(container_security_context),
    },
    Rule {
        id: "kali/kubernetes-no-seccomp-profile",
        title: "Container runs without a seccomp profile",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_31"],
        description: "Neither the container nor the pod sets seccompProfile.type to RuntimeDefault (or Localhost), and the pod has no seccomp.security.alpha.kubernetes.io/pod annotation of runtime/default, so every system call is allowed. A container's profile overrides the pod's, as in Kubernetes; Checkov fails Localhost profiles and judges the pod's profile first.",
        remediation: "Set spec.securityContext.seccompProfile.type: RuntimeDefault.",
        target: Target::Manifests(seccomp),
    },
    Rule {
        id: "kali/kubernetes-host-port",
        title: "Container binds a port of the node",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_K8S_26"],
        description: "A container port sets hostPort: the pod is reachable on the node's address, bypassing Services and most network policies, and only one such pod fits per node. hostPort: 0 (unset) passes, and so does a workload without a pod spec, which Checkov's Terraform check fails.",
        remediation: "Remove hostPort and expose the pod through a Service.",
        target: Target::Manifests(host_port),
    },
    Rule {
        id: "kali/kubernetes-image-without-digest",
        title: "Container image is not pinned by digest",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_43"],
        description: "The image is named by tag, not @sha256 digest, so whoever can push the tag changes what runs.",
        remediation: "Name the image by digest: registry/app:1.4@sha256:….",
        target: Target::Manifests(image_digest),
    },
    Rule {
        id: "kali/kubernetes-image-pull-policy",
        title: "Image pull policy is not Always",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_15"],
        description: "A tagged image (not pinned by digest) is pulled only when absent from the node (imagePullPolicy IfNotPresent or Never, or unset with a tag other than latest), so a pod can run a stale or another tenant's cached image without its pull secret being checked. An untagged image defaults to Always and passes; Checkov's Terraform check fails it.",
        remediation: "Set imagePullPolicy: Always, or pin the image by digest.",
        target: Target::Manifests(pull_policy),
    },
    Rule {
        id: "kali/kubernetes-low-uid",
        title: "Container does not run as a high UID",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_40"],
        description: "The container's runAsUser (its own, else the pod's) is unset or below 10000, so it may share a UID with a user of the node if it escapes. A pod with hostUsers: false passes.",
        remediation: "Set securityContext.runAsUser to 10000 or more (and runAsGroup).",
        target: Target::Manifests(high_uid),
    },
    Rule {
        id: "kali/kubernetes-default-service-account-token",
        title: "Default service account mounts its token",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_K8S_41"],
        description: "A ServiceAccount named default does not set automountServiceAccountToken: false, so every pod that names no account gets an API token; or a pod names serviceAccountName: default and keeps the token mounted (Checkov judges only the ServiceAccount).",
        remediation: "Set automountServiceAccountToken: false on the default ServiceAccount and give pods that call the API their own account.",
        target: Target::Manifests(default_service_account),
    },
    Rule {
        id: "kali/kubernetes-default-service-account-bound",
        title: "Role bound to the default service account",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_K8S_42"],
        description: "A RoleBinding or ClusterRoleBinding has the ServiceAccount default as a subject, granting the role to every pod of the namespace that names no account.",
        remediation: "Create a ServiceAccount for the workload and bind the role to it.",
        target: Target::Manifests(default_service_account_binding),
    },
    Rule {
        id: "kali/kubernetes-rbac-wildcard",
        title: "Role grants a wildcard",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_K8S_49"],
        description: "A rule of a Role or ClusterRole has * in apiGroups, resources or verbs, granting what is added later too. Every rule is judged; Checkov's manifest check looks only at the first.",
        remediation: "List the API groups, resources and verbs the subject needs.",
        target: Target::Manifests(wildcard_rbac),
    },
    Rule {
        id: "kali/kubernetes-rbac-escalate",
        title: "Role allows escalating roles",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_K8S_158"],
        description: "A Role or ClusterRole allows the escalate verb on roles or clusterroles (directly or by wildcard), so its holder can write roles granting more than it has.",
        remediation: "Remove escalate (and * verbs) on roles and clusterroles.",
        target: Target::Manifests(rbac_escalate),
    },
    Rule {
        id: "kali/kubernetes-rbac-bind",
        title: "Role allows binding roles",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_K8S_157"],
        description: "A Role or ClusterRole allows the bind verb on rolebindings or clusterrolebindings (directly or by wildcard), so its holder can bind itself to roles it does not hold.",
        remediation: "Remove bind (and * verbs) on role bindings; bind roles from a privileged pipeline.",
        target: Target::Manifests(rbac_bind),
    },
    Rule {
        id: "kali/kubernetes-rbac-approve-csr",
        title: "ClusterRole allows approving certificate signing requests",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_K8S_156"],
        description: "A ClusterRole allows update or patch on certificatesigningrequests/approval and approve on signers, so its holder can mint client certificates for any user, system:masters included.",
        remediation: "Leave CSR approval to the controller manager; remove these permissions.",
        target: Target::Manifests(rbac_approve_csr),
    },
    Rule {
        id: "kali/kubernetes-rbac-webhooks",
        title: "ClusterRole controls admission webhooks",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_K8S_155"],
        description: "A ClusterRole allows create, update or patch on mutating or validating webhook configurations, so its holder can intercept and rewrite every object sent to the API server.",
        remediation: "Remove write access to admissionregistration.k8s.io webhook configurations.",
        target: Target::Manifests(rbac_webhooks),
    },
    Rule {
        id: "kali/kubernetes-tiller",
        title: "Tiller (Helm v2) is deployed",
        severity: Severity::High,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_34"],
        description: "A container runs a tiller image, or the pods carry Helm v2's labels (app: helm, name: tiller). Tiller runs with cluster-admin and its gRPC API has no authentication; Helm v2 is unsupported.",
        remediation: "Migrate to Helm 3, which has no in-cluster component, and delete Tiller.",
        target: Target::Manifests(tiller),
    },
    Rule {
        id: "kali/kubernetes-tiller-listener",
        title: "Tiller listens on every interface",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_K8S_45"],
        description: "A Tiller container has no --listen argument bound to localhost or 127.0.0.1, so every pod of the cluster can call its API.",
        remediation: "Migrate to Helm 3; meanwhile run Tiller with args: [--listen=127.0.0.1:44134].",
        target: Target::Manifests(tiller_listener),
    },
    Rule {
        id: "kali/kubernetes-tiller-service",
        title: "Tiller (Helm v2) has a Service",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_K8S_44"],
        description: "A Service whose name, labels or selector name tiller exposes Helm v2's unauthenticated API.",
        remediation: "Delete the Tiller Service (and Tiller); migrate to Helm 3.",
        target: Target::Manifests(tiller_service),
    },
    Rule {
        id: "kali/kubernetes-dashboard",
        title: "Kubernetes dashboard is deployed",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_K8S_33"],
        description: "A container runs the kubernetes-dashboard or kubernetesui image, or the pods are labelled app or k8s-app: kubernetes-dashboard. The dashboard is a common way into clusters.",
        remediation: "Remove the dashboard; use kubectl or a read-only tool behind SSO.",
        target: Target::Manifests(dashboard),
    },
    Rule {
        id: "kali/kubernetes-nginx-snippet",
        title: "Ingress injects an NGINX snippet",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_K8S_153"],
        description: "An Ingress has an annotation whose key holds snippet (configuration-snippet, server-snippet, …): ingress-nginx copies it into its configuration, so whoever writes Ingresses can read the controller's secrets (CVE-2021-25742).",
        remediation: "Remove the snippet annotation and use the controller's dedicated annotations; set allow-snippet-annotations: false on the controller.",
        target: Target::Manifests(nginx_snippet),
    },
    Rule {
        id: "kali/kubernetes-nginx-snippet-alias",
        title: "NGINX snippet holds an alias directive",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_K8S_154"],
        description: "A snippet annotation of an Ingress contains alias, which can serve any file of the controller, its service account token included (CVE-2021-25742).",
        remediation: "Remove the alias directive from the snippet.",
        target: Target::Manifests(nginx_snippet_alias),
    },
    Rule {
        id: "kali/kubernetes-nginx-snippet-lua",
        title: "NGINX snippet runs Lua",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_K8S_152"],
        description: "A snippet annotation of an Ingress holds Lua directives (lua_…, …_lua) or names kubernetes.io paths, which run code in the controller or read its token (CVE-2021-25742).",
        remediation: "Remove the Lua code from the snippet.",
        target: Target::Manifests(nginx_snippet_lua),
    },
    Rule {
        id: "kali/kubernetes-git-sync-command",
        title: "git-sync runs a program of the environment's choosing",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_159"],
        description: "A container sets the environment variable GITSYNC_GIT, which makes git-sync execute that program in place of git: a way to inject code.",
        remediation: "Remove GITSYNC_GIT and let git-sync use its own git.",
        target: Target::Manifests(git_sync),
    },
    Rule {
        id: "kali/kubernetes-psp-host-pid",
        title: "PodSecurityPolicy admits pods sharing the host PID namespace",
        severity: Severity::High,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.3")),
        checkov: &["CKV_K8S_1"],
        description: "A PodSecurityPolicy sets hostPID: true, so the pods it admits can see and signal the node's processes. (PodSecurityPolicy was removed in Kubernetes 1.25.)",
        remediation: "Remove hostPID from the policy, or move to Pod Security admission (baseline or restricted).",
        target: Target::Manifests(psp_host_pid),
    },
    Rule {
        id: "kali/kubernetes-psp-privileged",
        title: "PodSecurityPolicy admits privileged containers",
        severity: Severity::Critical,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.2")),
        checkov: &["CKV_K8S_2"],
        description: "A PodSecurityPolicy sets privileged: true, so the pods it admits may run with the host's devices and every capability.",
        remediation: "Set privileged: false (or omit it).",
        target: Target::Manifests(psp_privileged),
    },
    Rule {
        id: "kali/kubernetes-psp-host-ipc",
        title: "PodSecurityPolicy admits pods sharing the host IPC namespace",
        severity: Severity::High,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.4")),
        checkov: &["CKV_K8S_3"],
        description: "A PodSecurityPolicy sets hostIPC: true, so the pods it admits can read the shared memory of the node's processes.",
        remediation: "Remove hostIPC from the policy.",
        target: Target::Manifests(psp_host_ipc),
    },
    Rule {
        id: "kali/kubernetes-psp-host-network",
        title: "PodSecurityPolicy admits pods on the host network",
        severity: Severity::High,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.5")),
        checkov: &["CKV_K8S_4"],
        description: "A PodSecurityPolicy sets hostNetwork: true, so the pods it admits bypass network policies and can bind the node's ports.",
        remediation: "Remove hostNetwork from the policy.",
        target: Target::Manifests(psp_host_network),
    },
    Rule {
        id: "kali/kubernetes-psp-privilege-escalation",
        title: "PodSecurityPolicy admits privilege escalation",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.6")),
        checkov: &["CKV_K8S_5"],
        description: "A PodSecurityPolicy does not set allowPrivilegeEscalation: false (the API defaults it to true), so setuid binaries in admitted containers can gain privileges. Checkov's Terraform check passes an unset value; its manifest check fails it, as here.",
        remediation: "Set allowPrivilegeEscalation: false in the policy.",
        target: Target::Manifests(psp_privilege_escalation),
    },
    Rule {
        id: "kali/kubernetes-psp-root",
        title: "PodSecurityPolicy admits root containers",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.7")),
        checkov: &["CKV_K8S_6"],
        description: "A PodSecurityPolicy's runAsUser.rule is neither MustRunAsNonRoot nor MustRunAs with ranges that exclude UID 0.",
        remediation: "Set runAsUser.rule: MustRunAsNonRoot.",
        target: Target::Manifests(psp_root),
    },
    Rule {
        id: "kali/kubernetes-psp-net-raw",
        title: "PodSecurityPolicy admits containers with NET_RAW",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_7"],
        description: "A PodSecurityPolicy's requiredDropCapabilities names neither NET_RAW nor ALL, so admitted containers can craft raw packets.",
        remediation: "Add ALL (or NET_RAW) to requiredDropCapabilities.",
        target: Target::Manifests(psp_net_raw),
    },
    Rule {
        id: "kali/kubernetes-psp-allowed-capabilities",
        title: "PodSecurityPolicy lets containers add capabilities",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.9")),
        checkov: &["CKV_K8S_24"],
        description: "A PodSecurityPolicy sets allowedCapabilities, so admitted containers may add capabilities beyond the runtime's default set.",
        remediation: "Remove allowedCapabilities, or keep a separate policy for the few workloads that need one.",
        target: Target::Manifests(psp_allowed_capabilities),
    },
    Rule {
        id: "kali/kubernetes-psp-seccomp",
        title: "PodSecurityPolicy sets no default seccomp profile",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_32"],
        description: "A PodSecurityPolicy has no seccomp.security.alpha.kubernetes.io/defaultProfileName annotation of runtime/default or docker/default, so admitted pods run unconfined. Annotations only known after apply are not judged.",
        remediation: "Annotate the policy with seccomp.security.alpha.kubernetes.io/defaultProfileName: runtime/default.",
        target: Target::Manifests(psp_seccomp),
    },
    Rule {
        id: "kali/kubernetes-psp-required-drop",
        title: "PodSecurityPolicy requires no capabilities to be dropped",
        severity: Severity::Low,
        category: Category::Workload,
        cis: Some(("cis_kubernetes", "5.2.10")),
        checkov: &["CKV_K8S_36"],
        description: "A PodSecurityPolicy has no requiredDropCapabilities, so admitted containers keep every default capability.",
        remediation: "Set requiredDropCapabilities: [ALL].",
        target: Target::Manifests(psp_required_drop),
    },
    Rule {
        id: "kali/kubernetes-apiserver-event-rate-limit",
        title: "API server does not limit event rates",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_K8S_78"],
        description: "An AdmissionConfiguration (the API server's --admission-control-config-file) lists no EventRateLimit plugin, so a client can flood the API server and etcd with events.",
        remediation: "Add an EventRateLimit plugin to the AdmissionConfiguration and EventRateLimit to --enable-admission-plugins.",
        target: Target::Manifests(event_rate_limit),
    },
    // The control-plane flag rules, one per row of FLAGS.
    flag_rule::<0>(),
    flag_rule::<1>(),
    flag_rule::<2>(),
    flag_rule::<3>(),
    flag_rule::<4>(),
    flag_rule::<5>(),
    flag_rule::<6>(),
    flag_rule::<7>(),
    flag_rule::<8>(),
    flag_rule::<9>(),
    flag_rule::<10>(),
    flag_rule::<11>(),
    flag_rule::<12>(),
    flag_rule::<13>(),
    flag_rule::<14>(),
    flag_rule::<15>(),
    flag_rule::<16>(),
    flag_rule::<17>(),
    flag_rule::<18>(),
    flag_rule::<19>(),
    flag_rule::<20>(),
    flag_rule::<21>(),
    flag_rule::<22>(),
    flag_rule::<23>(),
    flag_rule::<24>(),
    flag_rule::<25>(),
    flag_rule::<26>(),
    flag_rule::<27>(),
    flag_rule::<28>(),
    flag_rule::<29>(),
    flag_rule::<30>(),
    flag_rule::<31>(),
    flag_rule::<32>(),
    flag_rule::<33>(),
    flag_rule::<34>(),
    flag_rule::<35>(),
    flag_rule::<36>(),
    flag_rule::<37>(),
    flag_rule::<38>(),
    flag_rule::<39>(),
    flag_rule::<40>(),
    flag_rule::<41>(),
    flag_rule::<42>(),
    flag_rule::<43>(),
    flag_rule::<44>(),
    flag_rule::<45>(),
    flag_rule::<46>(),
    flag_rule::<47>(),
    flag_rule::<48>(),
    flag_rule::<49>(),
    flag_rule::<50>(),
    flag_rule::<51>(),
    flag_rule::<52>(),
    flag_rule::<53>(),
    flag_rule::<54>(),
    flag_rule::<55>(),
    flag_rule::<56>(),
    flag_rule::<57>(),
];

#[cfg(test)]
mod tests {
    use super::{flag_value, FLAGS, RULES};

    #[test]
    fn every_control_plane_flag_row_is_a_rule() {
        for row in FLAGS {
            assert_eq!(
                RULES.iter().filter(|r| r.id == row.id).count(),
                1,
                "{}",
                row.id
            );
        }
    }

    #[test]
    fn a_flag_reads_with_equals_or_as_the_next_word() {
        let words = [
            "kube-apiserver",
            "--audit-log-path",
            "/var/log/a.log",
            "--profiling",
        ];
        assert_eq!(
            flag_value(&words, "--audit-log-path"),
            Some(Some("/var/log/a.log"))
        );
        assert_eq!(flag_value(&words, "--profiling"), Some(None));
        assert_eq!(
            flag_value(&["x", "--event-qps=0", "--event-qps=9"], "--event-qps"),
            Some(Some("9"))
        );
        assert_eq!(flag_value(&words, "--audit-log"), None);
    }
}
