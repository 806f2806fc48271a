//! Vishnu's commands: evaluating the policies, running Rego tests, listing the rules.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use aetheredge::policy::{library, testing};
use aetheredge::report::sarif::RuleMeta;
use aetheredge::report::{table::findings as findings_table, DeityName};
use aetheredge::review::{review, PolicyOverrides, ReviewRequest};

use crate::cli::args::*;

pub(super) fn policy_command(args: PolicyArgs) -> anyhow::Result<ExitCode> {
    for pattern in &args.namespace {
        if pattern.contains(['*', '?', '[']) {
            globset::Glob::new(pattern).map_err(|e| {
                anyhow::anyhow!("--namespace {pattern:?} is not a valid pattern: {e}")
            })?;
        }
    }
    let report = review(&ReviewRequest {
        repo: args.repo,
        base: None,
        head: Some(args.rev),
        only: Some(vec![DeityName::Vishnu]),
        fail_on: args.fail_on,
        namespaces: Some(PolicyOverrides {
            names: args.namespace,
            all: args.all_namespaces,
            data: args.data,
            combine: args.combine,
            policy: args.policy,
            parser: args.parser,
        }),
        config_path: None,
        report_unparsed: true,
        states: Vec::new(),
        config_states: false,
    })?;
    let text = match args.format {
        TableFormat::Table => findings_table(&report.findings),
        TableFormat::Json => report.to_json(),
        TableFormat::Sarif => aetheredge::report::sarif::render(&report, &rule_metadata()),
        TableFormat::Github => aetheredge::report::annotations::render(&report),
        TableFormat::Tap => aetheredge::report::test_results::tap(&report.findings),
        TableFormat::Junit => aetheredge::report::test_results::junit(&report.findings),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(if report.fails() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(super) fn policy_test(dir: Option<PathBuf>, data: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    let (sources, unreadable) = match &dir {
        None => (library::sources(true), Vec::new()),
        Some(dir) => {
            let (mut sources, unreadable) = testing::sources_in_dir(dir).map_err(|e| {
                anyhow::anyhow!("cannot read policies under {}: {e}", dir.display())
            })?;
            // The library's helpers (data.aetheredge.lib) are there to import.
            sources.extend(library::sources(false));
            (sources, unreadable)
        }
    };
    let mut data_files = Vec::new();
    for path in &data {
        data_files.extend(
            aetheredge::policy::data::files_on_disk(path)
                .map_err(|e| anyhow::anyhow!("cannot read the data {}: {e}", path.display()))?,
        );
    }
    let files = match &dir {
        Some(dir) => aetheredge::policy::conftest::ConfigFiles::Dir(dir.clone()),
        None => aetheredge::policy::conftest::ConfigFiles::None,
    };
    let mut run = testing::run_tests(&sources, &data_files, files);
    // A file that is not text fails the run; the others' tests still ran.
    let mut problems = unreadable;
    problems.append(&mut run.problems);
    run.problems = problems;
    let mut out = String::new();
    for problem in &run.problems {
        out.push_str(&format!("ERROR {problem}\n"));
    }
    for r in &run.results {
        let status = match &r.outcome {
            testing::Outcome::Pass => "PASS".to_string(),
            testing::Outcome::Fail => "FAIL".to_string(),
            testing::Outcome::Error(e) => format!("ERROR ({e})"),
        };
        out.push_str(&format!("{status} {} ({}:{})\n", r.name, r.file, r.line));
    }
    out.push_str(&format!(
        "{} passed, {} failed\n",
        run.passed(),
        run.failed()
    ));
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(if run.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Kali's rules as SARIF shows them.
pub(super) fn rule_metadata() -> Vec<RuleMeta> {
    aetheredge::kali::checks::catalog()
        .into_iter()
        .map(|r| {
            let mut tags = vec![
                "security".to_string(),
                r.kind.to_string(),
                r.platform.clone(),
            ];
            tags.extend(r.checkov.iter().cloned());
            tags.extend(
                r.frameworks
                    .iter()
                    .map(|f| format!("{} {}", f.framework, f.control)),
            );
            RuleMeta {
                help_uri: r.references.first().cloned(),
                id: r.id,
                title: r.title,
                description: r.description,
                remediation: r.remediation,
                severity: r.severity,
                tags,
            }
        })
        .collect()
}

/// `aetheredge scan --list-rules`: a table, or every field as JSON.
pub(super) fn list_rules(format: Format) -> anyhow::Result<()> {
    let catalog = aetheredge::kali::checks::catalog();
    let text = if format == Format::Json {
        let mut t = serde_json::to_string_pretty(&catalog)?;
        t.push('\n');
        t
    } else {
        let mut t = String::from(
            "| Rule | Severity | Checkov | Title | Frameworks |\n| --- | --- | --- | --- | --- |\n",
        );
        for r in &catalog {
            let frameworks: Vec<String> = r
                .frameworks
                .iter()
                .map(|f| format!("{} {}", f.framework, f.control))
                .collect();
            t.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                r.id,
                r.severity.as_str(),
                r.checkov.join(", "),
                r.title,
                frameworks.join("; ")
            ));
        }
        t
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
