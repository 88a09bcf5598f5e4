//! `check --format json`: programs with their findings, every finding, a summary.
//! The contract is these types; they serialise straight to text, with no tree of
//! values in between, so a large inventory's report costs little more than its text.

use super::Context;
use partake_core::check::{Baseline, Checked, Finding, Outcome, Severity};
use partake_core::spec::Source;
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    version: &'a str,
    models_hash: &'a str,
    policy: Policy<'a>,
    baseline: Option<&'a str>,
    programs: Vec<Program<'a>>,
    findings: Vec<FindingJson<'a>>,
    suppressed: Vec<FindingJson<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Policy<'a> {
    file: Option<&'a str>,
    fail_on: &'static str,
}

#[derive(Serialize)]
struct Program<'a> {
    program: &'a str,
    source: Source,
    primary: Option<&'a str>,
    verdict: &'a str,
    mutual_benefit: u8,
    passed: bool,
    baseline: Option<BaselineJson<'a>>,
    findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
enum BaselineJson<'a> {
    New,
    Existing { primary: Option<&'a str>, mutual_benefit: u8 },
}

/// One finding, as every JSON list of them shows it.
#[derive(Serialize)]
pub struct FindingJson<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    source: &'a Source,
    program: Option<&'a str>,
}

impl<'a> From<&'a Finding> for FindingJson<'a> {
    fn from(f: &'a Finding) -> Self {
        FindingJson {
            rule: f.rule.id(),
            severity: f.severity.name(),
            message: &f.message,
            source: &f.source,
            program: f.program.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    programs: usize,
    failed: usize,
    unreadable: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    suppressed: usize,
    exit_code: u8,
    text: String,
}

fn program<'a>(p: &'a Checked, outcome: &Outcome) -> Program<'a> {
    Program {
        program: &p.name,
        source: p.source.without_column(),
        primary: p.primary.as_deref(),
        verdict: &p.verdict,
        mutual_benefit: p.mutual_benefit,
        passed: !p.fails(outcome.fail_on),
        baseline: p.baseline.as_ref().map(|b| match b {
            Baseline::New => BaselineJson::New,
            Baseline::Was { primary, mutual_benefit } => {
                BaselineJson::Existing { primary: primary.as_deref(), mutual_benefit: *mutual_benefit }
            }
        }),
        findings: p.findings.iter().map(FindingJson::from).collect(),
    }
}

/// The report as text.
pub fn render(outcome: &Outcome, context: &Context) -> String {
    crate::json::to_text(&report(outcome, context), true) + "\n"
}

/// The report, written to `out` as it is serialised: a check of a large inventory
/// need not hold its report whole as well as its outcome.
pub fn write(outcome: &Outcome, context: &Context, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::json::write_text(out, &report(outcome, context), true)?;
    out.write_all(b"\n")
}

fn report<'a>(outcome: &'a Outcome, context: &'a Context) -> Report<'a> {
    Report {
        version: context.version,
        models_hash: context.models_hash,
        policy: Policy { file: context.policy_file, fail_on: outcome.fail_on.name() },
        baseline: outcome.baseline.as_deref(),
        programs: outcome.programs.iter().map(|p| program(p, outcome)).collect(),
        findings: outcome.findings().into_iter().map(FindingJson::from).collect(),
        suppressed: outcome.suppressed.iter().map(FindingJson::from).collect(),
        summary: Summary {
            files: outcome.files,
            programs: outcome.programs.len(),
            failed: outcome.failed_programs(),
            unreadable: outcome.input_errors(),
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            notes: outcome.count(Severity::Note),
            suppressed: outcome.suppressed.len(),
            exit_code: outcome.status().code(),
            text: outcome.summary(),
        },
    }
}
