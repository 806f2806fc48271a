//! Kubernetes manifest rules: privileged containers, privilege escalation, host
//! namespaces and hostPath volumes, runAsNonRoot, capabilities, resource limits, image
//! tags, and service account tokens. Pod-level settings count for every container unless
//! the container overrides them.

use serde_json::Value as Json;

use super::{Category, ManifestFailure, Rule, Target};
use aetheredge_core::report::Severity;
use aetheredge_model::iac::kubernetes::Manifest;

/// A container of a workload, with the line its entry starts on.
struct Container<'a> {
    name: String,
    body: &'a Json,
    line: u32,
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
];
