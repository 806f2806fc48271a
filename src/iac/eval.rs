//! The expression evaluator: Terraform expressions (as parsed by hcl-rs) to [`Value`]s.

use std::collections::BTreeMap;

use super::value::Value;

/// Why an expression could not be evaluated. The caller attaches the file and line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct EvalError(pub String);

impl EvalError {
    pub fn new(message: impl Into<String>) -> EvalError {
        EvalError(message.into())
    }
}

/// What a built-in function may need from the place it is called.
pub trait FunctionContext {
    /// The text of a file, given the path as written in the configuration (already
    /// evaluated, e.g. `"${path.module}/user_data.sh"` → `"modules/web/user_data.sh"`).
    /// Paths are resolved the way Terraform resolves them: relative to the root module.
    fn read_file(&self, path: &str) -> Result<String, EvalError>;

    /// Renders `template` (the text of a template file) as a Terraform string template
    /// with exactly `vars` in scope, as `templatefile` does.
    fn render_template(
        &self,
        template: &str,
        vars: &BTreeMap<String, Value>,
    ) -> Result<Value, EvalError>;
}
