//! Suggestions toward the mutual-benefit ideal. Each candidate change from the
//! ideal's model file is applied to a copy of the program, which is then scored
//! again: the score a suggestion promises is computed, never guessed.

use crate::score::{Assessment, Engine};
use crate::spec::{Declared, Item, Level, TextField};
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

/// The ideal's suggestions that would raise this program's mutual benefit, best first.
pub fn suggest(engine: &Engine, assessment: &Assessment) -> Vec<Suggestion> {
    let mut scratch = Normalized::default();
    let before = assessment.mutual.score;
    let mut out = Vec::new();
    for candidate in &engine.models.ideal.suggestions {
        let mut program = assessment.program.clone();
        let mut changes = Vec::new();
        for (field, text) in &candidate.add {
            if let Some(field) = TextField::parse(field) {
                program.items_mut(field).push(Item { text: text.clone(), line: None });
                if field == TextField::Rewards {
                    program.rewards_none = None;
                }
                changes.push(format!("{} += {text:?}", field.name()));
            }
        }
        for (key, value) in &candidate.set {
            let flag = matches!(value.as_str(), "true" | "yes");
            let level = Level::parse(value);
            let b = &mut program.beneficiaries;
            match (key.as_str(), level) {
                ("network_effect", _) => program.network_effect = Some(Declared { value: flag, line: None }),
                ("platform", _) => program.platform = Some(Declared { value: flag, line: None }),
                ("beneficiaries.participants", Some(l)) => b.participants = Some(Declared { value: l, line: None }),
                ("beneficiaries.organization", Some(l)) => b.organization = Some(Declared { value: l, line: None }),
                ("beneficiaries.others", Some(l)) => b.others = Some(Declared { value: l, line: None }),
                _ => continue,
            }
            changes.push(format!("{key}: {value}"));
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
