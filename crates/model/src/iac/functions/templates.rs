//! `templatefile` (a filesystem function) and `templatestring` (a string function): their
//! variables checked as Terraform checks them, the rendering left to the evaluation context.

use std::collections::BTreeMap;

use super::{go_quote, unknown_of, Fx};
use crate::iac::eval::EvalError;
use crate::iac::value::Value;

/// The variables of `templatefile` and `templatestring`, checked as Terraform checks them.
fn template_vars<'v>(fx: &Fx, v: &'v Value) -> Result<&'v BTreeMap<String, Value>, EvalError> {
    let vars = fx.object("vars", v)?;
    for name in vars.keys() {
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(fx.param_err(
                "vars",
                format!(
                    "invalid template variable name {}: must start with a letter, followed by zero or more letters, digits, and underscores",
                    go_quote(name)
                ),
            ));
        }
    }
    Ok(vars)
}

pub(super) fn f_templatefile(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    if a.iter().any(|v| !v.is_known()) {
        return Ok(unknown_of(a.iter().filter(|v| !v.is_known())));
    }
    let path = fx.string("path", &a[0])?;
    let vars = template_vars(fx, &a[1])?;
    let text = fx.read_file(&path)?;
    fx.ctx.render_template(&text, vars).map_err(|e| fx.wrap(e))
}

pub(super) fn f_templatestring(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    if a.iter().any(|v| !v.is_known()) {
        return Ok(unknown_of(a.iter().filter(|v| !v.is_known())));
    }
    let template = fx.string("template", &a[0])?;
    let vars = template_vars(fx, &a[1])?;
    fx.ctx
        .render_template(&template, vars)
        .map_err(|e| fx.wrap(e))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn templatefile_passes_text_and_vars_to_the_renderer() {
        let vars = obj(vec![("port", n(8080.0)), ("ip", s("10.0.0.1"))]);
        assert_eq!(
            ok("templatefile", vec![s("backends.tftpl"), vars]),
            s("port=8080 ip=10.0.0.1")
        );
        let vars = obj(vec![
            ("port", n(8080.0)),
            ("ip", unk("aws_instance.web.private_ip")),
        ]);
        assert_eq!(
            ok("templatefile", vec![s("backends.tftpl"), vars]),
            unk("aws_instance.web.private_ip")
        );
        assert_eq!(
            ok("templatefile", vec![s("backends.tftpl"), unk("var.vars")]),
            unk("var.vars")
        );
        assert_eq!(
            err(
                "templatefile",
                vec![s("backends.tftpl"), obj(vec![("port", n(1.0))])]
            ),
            "Invalid function argument: templatefile: Unknown variable \"ip\""
        );
        assert_eq!(
            err("templatefile", vec![s("backends.tftpl"), obj(vec![("1x", n(1.0))])]),
            "Invalid function argument: templatefile: invalid value for \"vars\" parameter: invalid template variable name \"1x\": must start with a letter, followed by zero or more letters, digits, and underscores"
        );
        assert_eq!(
            err("templatefile", vec![s("nope.tftpl"), obj(vec![])]),
            "Invalid function argument: templatefile: no file exists at nope.tftpl"
        );
        assert_eq!(
            ok(
                "templatestring",
                vec![s("hi ${who}"), obj(vec![("who", s("there"))])]
            ),
            s("hi there")
        );
    }
}
