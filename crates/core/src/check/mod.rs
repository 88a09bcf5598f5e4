//! Check: assessments × a policy → findings, for CI.
//!
//! The policy's [`Settings`] say what each program must meet; [`rules`] turns one
//! assessment into findings with plain functions; [`baseline`] compares it with its
//! version at a git ref. Reading `partake.yaml` and git is the loader's and the
//! binary's work; writing findings is the reports'.

pub mod baseline;
pub mod rules;
mod settings;

pub use settings::{Set, Settings};

use crate::spec::Source;
use crate::Status;
use std::fmt;

/// How much a finding matters. Ordered, so `--fail-on warning` means `>= Warning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Information only (a new or removed program); never fails a check.
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rules `check` applies. Their ids are stable: CI configurations, SARIF
/// dashboards and suppressions refer to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Parse,
    RequiredField,
    MinMutualBenefit,
    DeniedModel,
    ModelNotAllowed,
    ExpectMismatch,
    UnrecognizedProgram,
    UnrecognizedText,
    ClaimedNotEvidenced,
    MutualBenefitDropped,
    PrimaryChanged,
    NewProgram,
    RemovedProgram,
    RenamedProgram,
}

impl Rule {
    pub const ALL: [Rule; 14] = [
        Rule::Parse,
        Rule::RequiredField,
        Rule::MinMutualBenefit,
        Rule::DeniedModel,
        Rule::ModelNotAllowed,
        Rule::ExpectMismatch,
        Rule::UnrecognizedProgram,
        Rule::UnrecognizedText,
        Rule::ClaimedNotEvidenced,
        Rule::MutualBenefitDropped,
        Rule::PrimaryChanged,
        Rule::NewProgram,
        Rule::RemovedProgram,
        Rule::RenamedProgram,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::Parse => "parse",
            Rule::RequiredField => "required-field",
            Rule::MinMutualBenefit => "min-mutual-benefit",
            Rule::DeniedModel => "denied-model",
            Rule::ModelNotAllowed => "model-not-allowed",
            Rule::ExpectMismatch => "expect-mismatch",
            Rule::UnrecognizedProgram => "unrecognized-program",
            Rule::UnrecognizedText => "unrecognized-text",
            Rule::ClaimedNotEvidenced => "claimed-not-evidenced",
            Rule::MutualBenefitDropped => "mutual-benefit-dropped",
            Rule::PrimaryChanged => "primary-changed",
            Rule::NewProgram => "new-program",
            Rule::RemovedProgram => "removed-program",
            Rule::RenamedProgram => "renamed-program",
        }
    }

    /// The severity a finding of this rule has unless the policy says otherwise.
    pub fn default_severity(self) -> Severity {
        match self {
            Rule::UnrecognizedProgram | Rule::UnrecognizedText | Rule::ClaimedNotEvidenced | Rule::PrimaryChanged => {
                Severity::Warning
            }
            Rule::NewProgram | Rule::RemovedProgram | Rule::RenamedProgram => Severity::Note,
            _ => Severity::Error,
        }
    }

    /// One line: what the rule checks.
    pub fn summary(self) -> &'static str {
        match self {
            Rule::Parse => "the spec can be read: valid YAML, known keys and values, a `program` name",
            Rule::RequiredField => "every field the policy requires (`required`) is present",
            Rule::MinMutualBenefit => "the mutual benefit reaches the policy's `min_mutual_benefit`",
            Rule::DeniedModel => "the primary model is not one the policy denies (`deny`)",
            Rule::ModelNotAllowed => "the primary model is one the policy allows (`allow`), when it lists any",
            Rule::ExpectMismatch => "`expect` names the primary model, or either of the top two when hybrid",
            Rule::UnrecognizedProgram => "partake recognises some of the program's text (is it English? too vague?)",
            Rule::UnrecognizedText => {
                "partake recognises each item of the text fields (`unrecognized` sets the severity)"
            }
            Rule::ClaimedNotEvidenced => {
                "a declared `network_effect`, `platform` or beneficiary level is borne out by the text (else it counts for a quarter)"
            }
            Rule::MutualBenefitDropped => {
                "with --baseline: the mutual benefit fell no more than `max_mutual_benefit_drop` points"
            }
            Rule::PrimaryChanged => "with --baseline: the primary model is the one it was at the baseline",
            Rule::NewProgram => "with --baseline: a program that did not exist at the baseline (information)",
            Rule::RemovedProgram => "with --baseline: a program that existed at the baseline and is gone (information)",
            Rule::RenamedProgram => {
                "with --baseline: a program whose name changed at the same place in the same file (information)"
            }
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One thing `check` found: a rule, how much it matters, what to change, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// What is wrong and what to change, in one sentence or two.
    pub message: String,
    pub source: Source,
    /// The program it is about, when it is about one.
    pub program: Option<String>,
}

impl Finding {
    pub fn new(rule: Rule, severity: Severity, source: Source, message: impl Into<String>) -> Self {
        Finding { rule, severity, message: message.into(), source, program: None }
    }
}

/// A program's state at the baseline ref, for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    /// The program did not exist at the baseline.
    New,
    /// It existed with this primary model and mutual benefit.
    Was { primary: Option<String>, mutual_benefit: u8 },
}

/// One checked program: what it scored, and what the policy found about it.
#[derive(Debug, Clone)]
pub struct Checked {
    pub name: String,
    pub source: Source,
    /// The primary model as reports show it (`a~b` for a hybrid, `—` for none).
    pub verdict: String,
    pub primary: Option<String>,
    pub mutual_benefit: u8,
    pub baseline: Option<Baseline>,
    pub findings: Vec<Finding>,
}

impl Checked {
    /// Whether the program breaks the policy at this threshold.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= fail_on && f.severity > Severity::Note)
    }
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Everything a check run found, ready for any report format.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub programs: Vec<Checked>,
    /// Findings not about a program that was read: `parse` errors and removed programs.
    pub other: Vec<Finding>,
    pub fail_on: Severity,
    pub files: usize,
    /// Every spec path in the order it was read (findings are reported in this order).
    pub paths: Vec<String>,
    /// The baseline ref, when one was compared.
    pub baseline: Option<String>,
    /// Findings a team silenced (a `# partake: disable=RULE` comment, or `ignore:`
    /// in partake.yaml): counted in every summary, never dropped silently.
    pub suppressed: Vec<Finding>,
}

impl Outcome {
    /// Every finding, in file order then line order.
    pub fn findings(&self) -> Vec<&Finding> {
        let mut all: Vec<&Finding> = self.programs.iter().flat_map(|p| &p.findings).chain(&self.other).collect();
        let mut order = std::collections::HashMap::new();
        for path in self.paths.iter().map(String::as_str).chain(all.iter().map(|f| f.source.path.as_str())) {
            let next = order.len();
            order.entry(path).or_insert(next);
        }
        // A stable sort keeps each program's findings in rule order on a shared line.
        all.sort_by_key(|f| {
            let s = &f.source;
            (order[s.path.as_str()], s.row.or(s.line).unwrap_or(0), s.column.unwrap_or(0))
        });
        all
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings().iter().filter(|f| f.severity == severity).count()
    }

    pub fn input_errors(&self) -> usize {
        self.other.iter().filter(|f| f.rule == Rule::Parse).count()
    }

    /// Spec files with at least one `parse` finding.
    pub fn unreadable_files(&self) -> usize {
        let mut paths: Vec<&str> =
            self.other.iter().filter(|f| f.rule == Rule::Parse).map(|f| f.source.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    }

    pub fn failed_programs(&self) -> usize {
        self.programs.iter().filter(|p| p.fails(self.fail_on)).count()
    }

    /// How the check ends: something could not be read (that wins), the policy does not hold, or it does.
    pub fn status(&self) -> Status {
        if self.input_errors() > 0 {
            Status::InputError
        } else if self.findings().iter().any(|f| f.severity >= self.fail_on && f.severity > Severity::Note) {
            Status::PolicyBroken
        } else {
            Status::Ok
        }
    }

    /// The line that ends the human format: what was checked and the verdict.
    pub fn summary(&self) -> String {
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        let mut parts =
            vec![plural(self.count(Severity::Error), "error"), plural(self.count(Severity::Warning), "warning")];
        let notes = self.count(Severity::Note);
        if notes > 0 {
            parts.push(plural(notes, "note"));
        }
        if !self.suppressed.is_empty() {
            parts.push(format!("{} suppressed", self.suppressed.len()));
        }
        let verdict = match self.status() {
            Status::InputError => {
                let files = self.unreadable_files();
                format!(
                    "{} could not be read",
                    if files == 1 { "1 spec file".into() } else { format!("{files} spec files") }
                )
            }
            Status::PolicyBroken => {
                let failed = self.failed_programs();
                format!(
                    "{failed} of {} {}",
                    plural(self.programs.len(), "program"),
                    if failed == 1 { "breaks the policy" } else { "break the policy" }
                )
            }
            Status::Ok => "the policy holds".to_string(),
        };
        format!(
            "checked {} in {}: {}; {verdict}",
            plural(self.programs.len(), "program"),
            plural(self.files, "file"),
            parts.join(", ")
        )
    }
}
