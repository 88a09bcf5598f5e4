//! Suggestions toward the mutual-benefit ideal. Each candidate change from the
//! ideal's model file is applied to a copy of the program, which is then scored
//! again: the score a suggestion promises is computed, never guessed.

use crate::models::FactId;
use crate::score::{Assessment, Engine};
use crate::spec::{Item, TextField};
use crate::understand::Normalized;

#[derive(Debug, Clone)]
pub struct Suggestion {
    pub id: String,
    pub advice: String,
    /// What was changed in the copy, e.g. `rewards += "a discount on every order"`.
    pub changes: Vec<String>,
    pub mutual_benefit: u8,
    pub primary: Option<String>,
}

/// The ideal's suggestions that fit this program and would raise its mutual benefit,
/// best first; none for a program none of whose text was read.
pub fn suggest(engine: &Engine, assessment: &Assessment) -> Vec<Suggestion> {
    let mut scratch = Normalized::default();
    let before = assessment.mutual.score;
    let mut out = Vec::new();
    // Text partake could not read gives no ground for advice beyond rewriting it.
    if !assessment.recognised {
        return out;
    }
    let fits = |when: &[FactId]| when.is_empty() || when.iter().any(|f| assessment.understanding.has(f.index()));
    let candidates = engine.models.ideal.suggestions.iter().zip(&engine.models.refs.suggestions);
    for (candidate, resolved) in candidates.filter(|(_, r)| fits(&r.when)) {
        let mut program = assessment.program.clone();
        let mut changes = Vec::new();
        for (field, text) in &resolved.add {
            program.items_mut(*field).push(Item { text: text.clone(), line: None });
            if *field == TextField::Rewards {
                program.rewards_none = None;
            }
            changes.push(format!("{} += {text:?}", field.name()));
        }
        let after = engine.assess(program, &mut scratch);
        if after.mutual.score > before {
            out.push(Suggestion {
                id: candidate.id.clone(),
                advice: candidate.advice.clone(),
                changes,
                mutual_benefit: after.mutual.score,
                primary: after.primary_id().map(str::to_string),
            });
        }
    }
    out.sort_by(|a, b| b.mutual_benefit.cmp(&a.mutual_benefit).then(a.id.cmp(&b.id)));
    out
}
