//! A pull-request comment: the verdict, a table of programs with what failed,
//! the specs that could not be read, and what changed since the baseline.

use super::Context;
use crate::text::for_markdown;
use partake_core::check::{Baseline, Outcome, Rule, Severity};
use partake_core::Status;
use std::fmt::Write;

/// Past this many programs, the table lists only those with findings: a comment
/// has a size limit, and a thousand passing rows help nobody.
const ALL_ROWS_UP_TO: usize = 50;

pub fn render(outcome: &Outcome, _context: &Context) -> String {
    let mut out = String::new();
    let mark = match outcome.status() {
        Status::Ok => "✅",
        Status::InputError => "⚠️",
        Status::PolicyBroken => "❌",
    };
    let _ = writeln!(out, "### {mark} partake check\n\n{}\n", for_markdown(&outcome.summary()));
    let rows: Vec<_> = if outcome.programs.len() <= ALL_ROWS_UP_TO {
        outcome.programs.iter().collect()
    } else {
        outcome.programs.iter().filter(|p| !p.findings.is_empty()).collect()
    };
    if !rows.is_empty() {
        let baseline = outcome.baseline.is_some();
        out.push_str("| program | file | primary | mutual benefit | verdict | what failed |\n");
        out.push_str("|---|---|---|---:|---|---|\n");
        for p in &rows {
            let verdict = if p.fails(outcome.fail_on) {
                "❌ fails"
            } else if p.worst() == Some(Severity::Warning) {
                "⚠️ passes, with warnings"
            } else {
                "✅ passes"
            };
            let mutual = match (&p.baseline, baseline) {
                (Some(Baseline::Was { mutual_benefit, .. }), true) if *mutual_benefit != p.mutual_benefit => {
                    format!("{} (was {mutual_benefit})", p.mutual_benefit)
                }
                (Some(Baseline::New), true) => format!("{} (new)", p.mutual_benefit),
                _ => p.mutual_benefit.to_string(),
            };
            let what: Vec<String> = p
                .findings
                .iter()
                .filter(|f| f.severity > Severity::Note)
                .map(|f| format!("**{}** {}", f.rule.id(), for_markdown(&f.message)))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {mutual} | {verdict} | {} |",
                for_markdown(&p.name),
                for_markdown(&p.source.to_string()),
                for_markdown(&p.verdict),
                what.join("<br>")
            );
        }
        if rows.len() < outcome.programs.len() {
            let _ = writeln!(out, "\n{} more programs pass with no finding.", outcome.programs.len() - rows.len());
        }
    }
    let unreadable: Vec<_> = outcome.other.iter().filter(|f| f.rule == Rule::Parse).collect();
    if !unreadable.is_empty() {
        out.push_str("\n**Could not be read:**\n\n");
        for f in unreadable {
            let _ = writeln!(out, "- {}: {}", for_markdown(&f.source.to_string()), for_markdown(&f.message));
        }
    }
    if let Some(reference) = &outcome.baseline {
        let new: Vec<String> = outcome
            .programs
            .iter()
            .filter(|p| p.baseline == Some(Baseline::New))
            .map(|p| for_markdown(&p.name))
            .collect();
        let removed: Vec<String> = outcome
            .other
            .iter()
            .filter(|f| f.rule == Rule::RemovedProgram)
            .map(|f| for_markdown(f.program.as_deref().unwrap_or("")))
            .collect();
        let _ = writeln!(out, "\n**Since `{}`:**\n", reference.replace('`', "'"));
        let list = |names: &[String]| if names.is_empty() { "none".to_string() } else { names.join(", ") };
        let _ = writeln!(out, "- new: {}", list(&new));
        let _ = writeln!(out, "- removed: {}", list(&removed));
    }
    out
}
