//! A policy file's outline: its package and the rules it defines, with the text of each
//! rule's definitions, so two versions of a file can be compared rule by rule.

use std::collections::BTreeMap;

use regorus::unstable::{Rule, RuleHead};
use regorus::Engine;

/// The package of one policy file and its rules (name → the text of its definitions).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outline {
    pub package: Option<String>,
    pub rules: BTreeMap<String, String>,
}

impl Outline {
    /// The outline of a policy file, read as Rego v1 or else v0. A file that parses as
    /// neither, or that the lexical checks of [`super::bounds`] (default limits) keep from
    /// the parser, has no package and no rules.
    pub fn of(path: &str, text: &str) -> Outline {
        if let Err(problem) =
            super::bounds::check(text, &aetheredge_core::limits::Limits::default())
        {
            tracing::debug!(file = path, "no outline: {problem}");
            return Outline::default();
        }
        for v0 in [false, true] {
            let mut engine = Engine::new();
            engine.set_rego_v0(v0);
            if engine
                .add_policy(path.to_string(), text.to_string())
                .is_ok()
            {
                return Outline::from_engine(&mut engine);
            }
        }
        Outline::default()
    }

    fn from_engine(engine: &mut Engine) -> Outline {
        let mut outline = Outline::default();
        for module in engine.get_modules().iter() {
            outline.package = Some(super::package_of(module));
            for rule in &module.policy {
                let (refr, span) = match rule.as_ref() {
                    Rule::Spec { head, span, .. } => match head {
                        RuleHead::Compr { refr, .. }
                        | RuleHead::Set { refr, .. }
                        | RuleHead::Func { refr, .. } => (refr, span),
                    },
                    Rule::Default { refr, span, .. } => (refr, span),
                };
                let name = refr
                    .span()
                    .text()
                    .split(['[', '.', ' ', '('])
                    .next()
                    .unwrap_or_default()
                    .to_string();
                if name.is_empty() {
                    continue;
                }
                let body = outline.rules.entry(name).or_default();
                body.push_str(span.text().trim());
                body.push('\n');
            }
        }
        outline
    }

    pub fn names(&self) -> Vec<String> {
        self.rules.keys().cloned().collect()
    }

    /// The rules `self` (the head) gains, loses and changes against `base`.
    pub fn compare(&self, base: &Outline) -> (Vec<String>, Vec<String>, Vec<String>) {
        let added = self
            .rules
            .keys()
            .filter(|n| !base.rules.contains_key(*n))
            .cloned()
            .collect();
        let removed = base
            .rules
            .keys()
            .filter(|n| !self.rules.contains_key(*n))
            .cloned()
            .collect();
        let edited = self
            .rules
            .iter()
            .filter(|(n, body)| base.rules.get(*n).is_some_and(|b| b != *body))
            .map(|(n, _)| n.clone())
            .collect();
        (added, removed, edited)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_and_rules_of_both_syntaxes() {
        let v1 = Outline::of(
            "a.rego",
            "package main\nimport rego.v1\n\ndeny contains msg if {\n  input.x\n  msg := \"x\"\n}\n\nwarn contains \"w\" if input.y\n\nis_big(t) if t == \"m5.large\"\n\ndefault allow := false\n",
        );
        assert_eq!(v1.package.as_deref(), Some("main"));
        assert_eq!(v1.names(), vec!["allow", "deny", "is_big", "warn"]);
        let v0 = Outline::of("b.rego", "package x.y\n\ndeny[msg] {\n  msg := \"v0\"\n}\n");
        assert_eq!(v0.package.as_deref(), Some("x.y"));
        assert_eq!(v0.names(), vec!["deny"]);
        assert_eq!(Outline::of("c.rego", "package"), Outline::default());
    }

    #[test]
    fn a_file_over_the_lexical_limits_has_no_outline_and_takes_no_time() {
        let started = std::time::Instant::now();
        for text in [
            format!("package p\nx := {}\n", "9".repeat(1_001)),
            "package p\nx := 1e999999999\n".to_string(),
            format!("package p\nx := {}\n", "[".repeat(1_000)),
        ] {
            assert_eq!(Outline::of("p.rego", &text), Outline::default());
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn two_versions_are_compared_rule_by_rule() {
        let base = Outline::of(
            "p.rego",
            "package main\nimport rego.v1\ndeny contains \"a\" if input.a\nwarn contains \"w\" if input.w\n",
        );
        let head = Outline::of(
            "p.rego",
            "package main\nimport rego.v1\ndeny contains \"a\" if input.b\nviolation contains \"v\" if input.v\n",
        );
        let (added, removed, edited) = head.compare(&base);
        assert_eq!(added, vec!["violation"]);
        assert_eq!(removed, vec!["warn"]);
        assert_eq!(edited, vec!["deny"]);
    }
}
