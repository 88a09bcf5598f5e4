//! Report: assessments → what people and machines read.

pub mod csv;
pub mod explain;
pub mod html;
pub mod json;
pub mod markdown;
pub mod svg;
pub mod table;

use crate::score::{Assessment, Engine, Resolved};

/// The primary model as a cell: `affiliate`, `affiliate~open_source` for a hybrid, `—` for none.
pub fn primary_cell(a: &Assessment) -> String {
    match (a.primary_id(), a.secondary_id()) {
        (Some(p), Some(s)) if a.verdict.hybrid => format!("{p}~{s}"),
        (Some(p), _) => p.to_string(),
        (None, _) if !a.recognised => "(unrecognised)".into(),
        (None, _) => "—".into(),
    }
}

/// Short notes about a program that a reader should not miss.
pub fn notes(a: &Assessment) -> Vec<String> {
    let mut notes = Vec::new();
    if !a.recognised {
        notes.push("none of its text was recognised (not English? too vague?)".into());
    }
    if let (Some(false), Some(expect)) = (a.expect_matches, &a.program.expect) {
        notes.push(format!("expected {}, scored {}", expect.value, a.primary_id().unwrap_or("no model")));
    }
    notes
}

/// The facts a value was inferred from, each once, in the order found.
pub fn inferring_facts<'e, T>(engine: &'e Engine, a: &Assessment, r: &Resolved<T>) -> Vec<&'e str> {
    let mut facts: Vec<&str> = Vec::new();
    for &i in &r.evidence {
        let fact = engine.lexicon.facts[a.understanding.hits[i].fact].as_str();
        if !facts.contains(&fact) {
            facts.push(fact);
        }
    }
    facts
}
