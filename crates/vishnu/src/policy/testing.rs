//! Rego unit tests: every `test_` rule of a set of policies, evaluated as `opa test`
//! would — a test passes when it evaluates to `true`, fails when it is false or
//! undefined, and errors when evaluation fails (including the time limit).

use std::path::Path;

use super::{CompiledPolicies, EngineOptions, PolicyError, PolicySource, RuleKind};

/// How one test went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    Error(String),
}

#[derive(Clone, Debug)]
pub struct TestResult {
    /// `data.package.test_name`.
    pub name: String,
    pub file: String,
    pub line: u32,
    pub outcome: Outcome,
}

/// The results of a test run, and the files that did not compile.
#[derive(Clone, Debug, Default)]
pub struct TestRun {
    pub results: Vec<TestResult>,
    pub problems: Vec<PolicyError>,
}

impl TestRun {
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.outcome == Outcome::Pass)
            .count()
    }

    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    /// True when every test passed and every file compiled.
    pub fn ok(&self) -> bool {
        self.failed() == 0 && self.problems.is_empty() && !self.results.is_empty()
    }
}

/// Runs every `test_` rule of `sources`, with `data` under `data.` and conftest's
/// `parse_config_file` reading from `files`.
pub fn run_tests(
    sources: &[PolicySource],
    data: &[super::data::DataFile],
    files: super::conftest::ConfigFiles,
) -> TestRun {
    let mut policies = CompiledPolicies::compile_together(
        sources,
        EngineOptions {
            files,
            ..EngineOptions::default()
        },
    );
    if !data.is_empty() {
        policies.add_data(data);
    }
    let mut results = Vec::new();
    for rule in policies.rules.iter().filter(|r| r.kind == RuleKind::Test) {
        let Some(mut engine) = policies.engine(rule.input).cloned() else {
            continue;
        };
        engine.set_input(regorus::Value::new_object());
        let outcome = match engine.eval_rule(rule.path()) {
            Ok(regorus::Value::Bool(true)) => Outcome::Pass,
            Ok(_) => Outcome::Fail,
            Err(e) => Outcome::Error(super::one_line(&format!("{e:#}"))),
        };
        results.push(TestResult {
            name: rule.path(),
            file: rule.file.clone(),
            line: rule.line,
            outcome,
        });
    }
    TestRun {
        results,
        problems: policies.problems,
    }
}

/// The `.rego` files under a directory (tests included), with paths relative to it, and the
/// files that are not UTF-8 text (reported like a file that does not compile).
pub fn sources_in_dir(dir: &Path) -> std::io::Result<(Vec<PolicySource>, Vec<PolicyError>)> {
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rego") {
                let bytes = std::fs::read(&path)?;
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .to_string();
                match String::from_utf8(bytes) {
                    Ok(text) => out.push(PolicySource {
                        path: rel,
                        text,
                        builtin: false,
                    }),
                    Err(e) => {
                        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                            .iter()
                            .filter(|&&b| b == b'\n')
                            .count() as u32;
                        tracing::warn!(file = %rel, "policy is not UTF-8 text");
                        unreadable.push(PolicyError::Compile {
                            file: rel,
                            line,
                            message: "the file is not UTF-8 text".to_string(),
                        });
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    unreadable.sort_by(|a, b| a.location().cmp(&b.location()));
    Ok((out, unreadable))
}
