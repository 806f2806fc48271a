//! Terraform's recorded state, read from the two shapes Terraform writes: the state file
//! itself (format version 4, as `terraform state pull` prints it) and `terraform show -json`.

use std::collections::BTreeSet;

use serde_json::Value as Json;

/// The largest state accepted (a state is data; a bigger one is refused, not read).
pub const MAX_STATE_BYTES: usize = 512 * 1024 * 1024;

/// What a state records about the managed resources of one root module.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordedState {
    pub serial: Option<u64>,
    pub lineage: Option<String>,
    pub instances: Vec<RecordedInstance>,
}

/// One managed resource instance.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedInstance {
    /// Terraform's address: `module.net.aws_subnet.private[2]`, `aws_s3_bucket.b["logs"]`.
    pub address: String,
    /// The module instance part of the address, empty in the root module.
    pub module: String,
    pub resource_type: String,
    pub name: String,
    /// The provider's source address as recorded (`registry.terraform.io/hashicorp/aws`).
    pub provider: String,
    /// The alias of the provider configuration that manages it (`west` for
    /// `provider["registry.terraform.io/hashicorp/aws"].west`); `None` for the default one.
    pub provider_alias: Option<String>,
    pub attributes: serde_json::Map<String, Json>,
    /// Attribute paths the state marks sensitive, written as drift paths
    /// (`password`, `tags.Secret`, `ingress[0].cidr_blocks`).
    pub sensitive: BTreeSet<String>,
}

/// A root module's directory as the model names it: `""` for the repository root (`.`, `./`,
/// empty), else the relative path without `./` or slashes at its ends.
pub fn root_dir(path: &str) -> String {
    let trimmed = path.trim().trim_start_matches("./").trim_matches('/');
    if trimmed == "." {
        String::new()
    } else {
        trimmed.to_string()
    }
}

/// A root module's state as a review is given it: read and parsed, or why it could not be.
#[derive(Clone, Debug)]
pub struct RootState {
    /// The root module's directory as the model names it (`""` for the repository root).
    pub root: String,
    /// Where the state was read from, without credentials.
    pub source: String,
    pub state: Result<RecordedState, String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum StateError {
    #[error("{source_name}: not a Terraform state: {reason}")]
    Invalid { source_name: String, reason: String },
    #[error("{source_name}: state format version {version} is not supported (version 4, as Terraform 0.12 and later write it, is)")]
    Version {
        source_name: String,
        version: String,
    },
    #[error("{source_name}: the state is {size} bytes, more than the {MAX_STATE_BYTES} read")]
    TooLarge { source_name: String, size: usize },
}

impl RecordedState {
    /// Reads a state from its bytes; `source_name` names it in errors.
    pub fn parse(source_name: &str, bytes: &[u8]) -> Result<RecordedState, StateError> {
        let invalid = |reason: String| StateError::Invalid {
            source_name: source_name.to_string(),
            reason,
        };
        if bytes.len() > MAX_STATE_BYTES {
            return Err(StateError::TooLarge {
                source_name: source_name.to_string(),
                size: bytes.len(),
            });
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(invalid("the file is empty".into()));
        }
        let json: Json = serde_json::from_slice(bytes).map_err(|e| {
            invalid(format!(
                "invalid JSON at line {} column {}: {e}",
                e.line(),
                e.column()
            ))
        })?;
        let Json::Object(top) = &json else {
            return Err(invalid("the document is not a JSON object".into()));
        };
        if top.contains_key("format_version") && top.contains_key("values")
            || top.contains_key("format_version") && !top.contains_key("version")
        {
            return show_json(top).map_err(invalid);
        }
        match top.get("version") {
            Some(Json::Number(n)) if n.as_u64() == Some(4) => state_v4(top).map_err(invalid),
            Some(other) => Err(StateError::Version {
                source_name: source_name.to_string(),
                version: other.to_string(),
            }),
            None => Err(invalid(
                "no \"version\" (a state file) or \"format_version\" (terraform show -json)".into(),
            )),
        }
    }
}

/// A state file of format version 4.
fn state_v4(top: &serde_json::Map<String, Json>) -> Result<RecordedState, String> {
    let serial = match top.get("serial") {
        None | Some(Json::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| format!("\"serial\" is {v}, not a number"))?,
        ),
    };
    let lineage = top
        .get("lineage")
        .and_then(Json::as_str)
        .map(str::to_string);
    let mut instances = Vec::new();
    let resources = match top.get("resources") {
        None | Some(Json::Null) => &Vec::new(),
        Some(Json::Array(items)) => items,
        Some(_) => return Err("\"resources\" is not a list".into()),
    };
    for (i, resource) in resources.iter().enumerate() {
        let at = |what: &str| format!("resources[{i}]: {what}");
        let Json::Object(resource) = resource else {
            return Err(at("not an object"));
        };
        let text = |key: &str| resource.get(key).and_then(Json::as_str).unwrap_or("");
        if text("mode") != "managed" {
            continue; // data sources are read again on every plan: never drift
        }
        let (resource_type, name) = (text("type"), text("name"));
        if resource_type.is_empty() || name.is_empty() {
            return Err(at("no \"type\" or \"name\""));
        }
        let module = text("module").to_string();
        let provider = provider_source(text("provider"));
        let provider_alias = provider_alias(text("provider"));
        let Some(Json::Array(list)) = resource.get("instances") else {
            return Err(at("no \"instances\" list"));
        };
        for (j, instance) in list.iter().enumerate() {
            let Json::Object(instance) = instance else {
                return Err(at(&format!("instances[{j}] is not an object")));
            };
            if instance.get("deposed").is_some() {
                continue; // a create-before-destroy leftover, destroyed by the next apply
            }
            let index = index_suffix(instance.get("index_key"))
                .map_err(|e| at(&format!("instances[{j}].index_key {e}")))?;
            let attributes = match instance.get("attributes") {
                Some(Json::Object(map)) => map.clone(),
                None | Some(Json::Null) => match instance.get("attributes_flat") {
                    Some(Json::Object(_)) => {
                        return Err(at(&format!(
                            "instances[{j}] has only \"attributes_flat\" (a state not upgraded since Terraform 0.11); run `terraform apply -refresh-only` once to upgrade it"
                        )))
                    }
                    _ => serde_json::Map::new(),
                },
                Some(_) => return Err(at(&format!("instances[{j}].attributes is not an object"))),
            };
            let sensitive = match instance.get("sensitive_attributes") {
                Some(Json::Array(paths)) => paths.iter().filter_map(step_path).collect(),
                _ => BTreeSet::new(),
            };
            let local = format!("{resource_type}.{name}{index}");
            instances.push(RecordedInstance {
                address: join_address(&module, &local),
                module: module.clone(),
                resource_type: resource_type.to_string(),
                name: name.to_string(),
                provider: provider.clone(),
                provider_alias: provider_alias.clone(),
                attributes,
                sensitive,
            });
        }
    }
    Ok(RecordedState {
        serial,
        lineage,
        instances,
    })
}

/// `terraform show -json` of a state: `values.root_module` with nested `child_modules`.
fn show_json(top: &serde_json::Map<String, Json>) -> Result<RecordedState, String> {
    let mut instances = Vec::new();
    if let Some(root) = top.get("values").and_then(|v| v.get("root_module")) {
        walk_module(root, "", &mut instances, 0)?;
    }
    Ok(RecordedState {
        serial: None,
        lineage: None,
        instances,
    })
}

fn walk_module(
    module: &Json,
    module_address: &str,
    out: &mut Vec<RecordedInstance>,
    depth: usize,
) -> Result<(), String> {
    if depth > 64 {
        return Err(format!(
            "{module_address}: modules nested more than 64 deep"
        ));
    }
    for resource in module
        .get("resources")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        let text = |key: &str| resource.get(key).and_then(Json::as_str).unwrap_or("");
        if text("mode") != "managed" {
            continue;
        }
        let address = text("address");
        if address.is_empty() {
            return Err(format!("{module_address}: a resource without \"address\""));
        }
        let attributes = match resource.get("values") {
            Some(Json::Object(map)) => map.clone(),
            _ => serde_json::Map::new(),
        };
        let mut sensitive = BTreeSet::new();
        if let Some(marks) = resource.get("sensitive_values") {
            sensitive_marks(marks, String::new(), &mut sensitive);
        }
        out.push(RecordedInstance {
            address: address.to_string(),
            module: module_address.to_string(),
            resource_type: text("type").to_string(),
            name: text("name").to_string(),
            provider: text("provider_name").to_string(),
            // `terraform show -json` names the provider's source only.
            provider_alias: None,
            attributes,
            sensitive,
        });
    }
    for child in module
        .get("child_modules")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        let address = child.get("address").and_then(Json::as_str).unwrap_or("");
        walk_module(child, address, out, depth + 1)?;
    }
    Ok(())
}

/// `sensitive_values` mirrors the values with `true` where a value is sensitive.
fn sensitive_marks(marks: &Json, path: String, out: &mut BTreeSet<String>) {
    match marks {
        Json::Bool(true) if !path.is_empty() => {
            out.insert(path);
        }
        Json::Object(map) => {
            for (key, value) in map {
                sensitive_marks(value, join_path(&path, key), out);
            }
        }
        Json::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                sensitive_marks(value, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// One entry of `sensitive_attributes`: a list of steps
/// (`{"type": "get_attr", "value": "password"}`, `{"type": "index", "value": {"value": 0, "type": "number"}}`).
fn step_path(steps: &Json) -> Option<String> {
    let steps = match steps {
        Json::Array(steps) => steps,
        // Newer Terraform writes `{"path": [...]}`-free arrays; anything else is not a path.
        _ => return None,
    };
    let mut path = String::new();
    for step in steps {
        let kind = step.get("type").and_then(Json::as_str)?;
        let value = step.get("value")?;
        match kind {
            "get_attr" => path = join_path(&path, value.as_str()?),
            "index" => {
                let key = value.get("value").unwrap_or(value);
                match key {
                    Json::Number(n) => path.push_str(&format!("[{n}]")),
                    Json::String(s) => path = join_path(&path, s),
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    (!path.is_empty()).then_some(path)
}

fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn join_address(module: &str, local: &str) -> String {
    if module.is_empty() {
        local.to_string()
    } else {
        format!("{module}.{local}")
    }
}

/// `[0]`, `["logs"]`, or nothing for an instance without a key.
fn index_suffix(key: Option<&Json>) -> Result<String, String> {
    match key {
        None | Some(Json::Null) => Ok(String::new()),
        Some(Json::Number(n)) => Ok(format!("[{n}]")),
        Some(Json::String(s)) => Ok(format!("[{}]", Json::String(s.clone()))),
        Some(other) => Err(format!("is {other}, neither a number nor a string")),
    }
}

/// `provider["registry.terraform.io/hashicorp/aws"].west` → `west`; `None` without an alias.
fn provider_alias(provider: &str) -> Option<String> {
    let (_, after) = provider.rsplit_once("\"]")?;
    let alias = after.strip_prefix('.')?;
    (!alias.is_empty()).then(|| alias.to_string())
}

/// `provider["registry.terraform.io/hashicorp/aws"].west` → `registry.terraform.io/hashicorp/aws`.
fn provider_source(provider: &str) -> String {
    provider
        .split_once("[\"")
        .and_then(|(_, rest)| rest.split_once("\"]"))
        .map(|(source, _)| source.to_string())
        .unwrap_or_else(|| provider.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RecordedState, StateError> {
        RecordedState::parse("prod.tfstate", text.as_bytes())
    }

    #[test]
    fn reads_a_version_4_state_with_modules_keys_and_sensitive_paths() {
        let state = parse(
            r#"{"version": 4, "terraform_version": "1.9.5", "serial": 12, "lineage": "5f1c",
            "outputs": {}, "resources": [
              {"mode": "data", "type": "aws_ami", "name": "ubuntu", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
               "instances": [{"schema_version": 0, "attributes": {"id": "ami-1"}}]},
              {"module": "module.net", "mode": "managed", "type": "aws_subnet", "name": "private", "each": "list",
               "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
               "instances": [{"index_key": 1, "schema_version": 1, "attributes": {"cidr_block": "10.0.1.0/24"}, "sensitive_attributes": []}]},
              {"mode": "managed", "type": "aws_db_instance", "name": "main", "each": "map",
               "provider": "provider[\"registry.terraform.io/hashicorp/aws\"].west",
               "instances": [{"index_key": "eu", "schema_version": 2, "attributes": {"password": "x", "tags": {"Secret": "y"}},
                 "sensitive_attributes": [[{"type": "get_attr", "value": "password"}],
                   [{"type": "get_attr", "value": "tags"}, {"type": "index", "value": {"value": "Secret", "type": "string"}}]]}]}
            ]}"#,
        )
        .unwrap();
        assert_eq!(state.serial, Some(12));
        assert_eq!(state.lineage.as_deref(), Some("5f1c"));
        let addresses: Vec<&str> = state.instances.iter().map(|i| i.address.as_str()).collect();
        assert_eq!(
            addresses,
            [
                "module.net.aws_subnet.private[1]",
                "aws_db_instance.main[\"eu\"]"
            ]
        );
        let db = &state.instances[1];
        assert_eq!(db.provider, "registry.terraform.io/hashicorp/aws");
        assert_eq!(db.provider_alias.as_deref(), Some("west"));
        assert_eq!(state.instances[0].provider_alias, None);
        assert_eq!(
            db.sensitive.iter().map(String::as_str).collect::<Vec<_>>(),
            ["password", "tags.Secret"]
        );
    }

    #[test]
    fn reads_terraform_show_json() {
        let state = parse(
            r#"{"format_version": "1.0", "terraform_version": "1.9.5", "values": {"outputs": {},
              "root_module": {"resources": [{"address": "aws_instance.web", "mode": "managed", "type": "aws_instance",
                "name": "web", "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1,
                "values": {"instance_type": "t3.micro", "user_data": "s"}, "sensitive_values": {"user_data": true, "tags": {}}}],
              "child_modules": [{"address": "module.app", "resources": [{"address": "module.app.aws_sqs_queue.q[0]",
                "mode": "managed", "type": "aws_sqs_queue", "name": "q", "index": 0, "values": {}}]}]}}}"#,
        )
        .unwrap();
        assert_eq!(state.serial, None);
        assert_eq!(state.instances.len(), 2);
        assert_eq!(state.instances[1].address, "module.app.aws_sqs_queue.q[0]");
        assert_eq!(state.instances[1].module, "module.app");
        assert!(state.instances[0].sensitive.contains("user_data"));
    }

    #[test]
    fn names_the_source_of_bad_states() {
        let err = parse(r#"{"version": 3, "serial": 1, "modules": []}"#).unwrap_err();
        assert!(matches!(err, StateError::Version { .. }), "{err}");
        assert!(err
            .to_string()
            .starts_with("prod.tfstate: state format version 3"));
        let err = parse(r#"{"version": 4, "resources": [{"mode": "manag"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("prod.tfstate: not a Terraform state: invalid JSON at line 1"),
            "{err}"
        );
        assert!(parse("  \n").unwrap_err().to_string().contains("empty"));
        assert!(parse("[1]")
            .unwrap_err()
            .to_string()
            .contains("not a JSON object"));
        let err = parse(
            r#"{"version": 4, "resources": [{"mode": "managed", "type": "a_b", "name": "c"}]}"#,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("resources[0]: no \"instances\" list"),
            "{err}"
        );
    }

    #[test]
    fn a_state_without_resources_is_empty_not_an_error() {
        let state =
            parse(r#"{"version": 4, "serial": 1, "lineage": "a", "resources": []}"#).unwrap();
        assert!(state.instances.is_empty());
    }
}
