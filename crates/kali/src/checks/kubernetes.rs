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
            for c in items {
                let name = c
                    .get("name")
                    .and_then(Json::as_str)
                    .unwrap_or("")
                    .to_string();
                let line = m.line_of_value("name", &name, m.line).unwrap_or(m.line);
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

/// A label of the object or of the pods it runs.
fn label<'a>(m: &'a Manifest, key: &str) -> Option<&'a str> {
    [m.body.get("metadata"), pod_metadata(m)]
        .into_iter()
        .flatten()
        .find_map(|meta| meta.get("labels")?.get(key)?.as_str())
}

fn probe(m: &Manifest, key: &str, what: &str) -> Vec<ManifestFailure> {
    // A Job's pods finish: they need neither probe.
    if matches!(m.kind.as_str(), "Job" | "CronJob") {
        return Vec::new();
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
    vec![ManifestFailure {
        line: m.line_of("spec", m.line).unwrap_or(m.line),
        message: format!("The {}'s pods have no securityContext.", m.kind),
    }]
}

fn container_security_context(m: &Manifest) -> Vec<ManifestFailure> {
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
        return Vec::new();
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
        return Vec::new();
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
        || label(m, "app") == Some("helm")
        || label(m, "name") == Some("tiller")
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

/// Checkov's ids for a rule on the Terraform provider's `kubernetes_*` resources, where its
/// Terraform checks number the rule unlike its Kubernetes checks (the memory ones swap).
pub(crate) static TERRAFORM_CHECKOV_IDS: &[(&str, &[&str])] = &[
    ("kali/kubernetes-no-memory-limit", &["CKV_K8S_12"]),
    ("kali/kubernetes-no-memory-request", &["CKV_K8S_13"]),
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
        description: "Neither the container nor the pod sets runAsNonRoot: true or a non-zero runAsUser.",
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
        description: "The pod spec of a workload sets no securityContext (runAsNonRoot, runAsUser, fsGroup, seccompProfile). Checkov's Terraform check of the same id looks at the containers' security_context instead; this rule judges the pod's on both.",
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
        description: "A container port sets hostPort: the pod is reachable on the node's address, bypassing Services and most network policies, and only one such pod fits per node. hostPort: 0 (unset) passes.",
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
        description: "A tagged image (not pinned by digest) is pulled only when absent from the node (imagePullPolicy IfNotPresent or Never, or unset with a tag other than latest), so a pod can run a stale or another tenant's cached image without its pull secret being checked.",
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
];
