//! Markdown: a table for a pull request, a wiki or a slide.

use super::{notes, primary_cell};
use partake_core::score::Assessment;
use partake_core::spec::InputError;
use partake_core::text::for_markdown;
use std::fmt::Write;

/// The table's header and alignment rows.
pub fn header(model_ids: &[String]) -> String {
    let mut out = String::new();
    let _ = write!(out, "| program | primary |");
    for id in model_ids {
        let _ = write!(out, " {} |", for_markdown(id));
    }
    out.push_str(" mutual benefit | notes |\n|---|---|");
    out.push_str(&"---:|".repeat(model_ids.len() + 1));
    out.push_str("---|\n");
    out
}

/// One program's row, with its line break.
pub fn row(a: &Assessment) -> String {
    let mut out = String::new();
    let _ = write!(out, "| {} | {} |", for_markdown(&a.program.name), for_markdown(&primary_cell(a)));
    for s in &a.verdict.scores {
        let _ = write!(out, " {} |", s.score);
    }
    let _ = writeln!(out, " {} | {} |", a.mutual.score, for_markdown(&notes(a).join("; ")));
    out
}

/// What could not be read, after the table; empty when everything was.
pub fn error_list(errors: &[InputError]) -> String {
    let mut out = String::new();
    if !errors.is_empty() {
        out.push_str("\n**Could not be read:**\n\n");
        for e in errors {
            let _ = writeln!(out, "- `{}`: {}", for_markdown(&e.source.to_string()), for_markdown(&e.message));
        }
    }
    out
}
