//! `partake models [ID]` — list the models, or show one with its signals.
//!
//! Usage:
//!   partake models
//!   partake models affiliate
//!   partake models --models my-models/     what a replaced or added model looks like

use super::{emit, load_models};
use crate::global::Global;
use clap::Args;
use partake_core::text::one_line;
use partake_core::Status;
use partake_report::text::{for_terminal, lines_for_terminal};
use std::fmt::Write;

/// List the models (and the mutual-benefit ideal), or show one with its weighted signals.
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  partake models\n  partake models marketplace\n  partake models mutual_benefit\n\n\
Models are YAML files; --models DIR replaces built-ins with the same id and adds new ones."
)]
pub struct ModelsArgs {
    /// A model id (or `mutual_benefit`, or `vocabulary`) to show in full.
    #[arg(value_name = "ID")]
    pub id: Option<String>,
}

pub fn run(args: ModelsArgs, global: &Global) -> anyhow::Result<Status> {
    let set = load_models(global)?;
    let mut out = String::new();
    match args.id.as_deref() {
        None => {
            // Model files may come from anyone (`--models DIR`): their text is escaped like any input's.
            let width = set
                .models
                .iter()
                .map(|m| for_terminal(&m.id).chars().count())
                .max()
                .unwrap_or(0)
                .max(for_terminal(&set.ideal.id).chars().count());
            // On a terminal each definition wraps under itself; elsewhere it stays one line, for grep.
            let terminal = global.terminal_width();
            let entries = set.models.iter().map(|m| (&m.id, &m.definition));
            for (id, definition) in entries.chain(std::iter::once((&set.ideal.id, &set.ideal.definition))) {
                let text = for_terminal(&one_line(definition, usize::MAX));
                let indent = " ".repeat(width + 2);
                let text = match terminal {
                    Some(columns) => {
                        let options = textwrap::Options::new(columns.saturating_sub(1).max(width + 22))
                            .initial_indent(&indent)
                            .subsequent_indent(&indent);
                        textwrap::fill(&text, options)[width + 2..].to_string()
                    }
                    None => text,
                };
                let _ = writeln!(out, "{:<width$}  {text}", for_terminal(id));
            }
            let footer = format!("models hash {}; `partake models ID` shows one with its signals", set.hash);
            let footer = match terminal {
                Some(columns) => textwrap::fill(&footer, columns.saturating_sub(1).max(20)),
                None => footer,
            };
            let _ = writeln!(out, "\n{footer}");
        }
        Some(id) if id == set.ideal.id => {
            out = ideal_in_plain_words(&set);
            out.push_str("\nThe data behind it (models/mutual_benefit.yaml, or your --models folder):\n\n");
            out.push_str(&for_terminal_lines(&serde_yaml::to_string(&set.ideal).expect("models serialise")));
        }
        Some("vocabulary") => {
            out = serde_yaml::to_string(&set.vocabulary).expect("models serialise");
        }
        Some(id) => match set.model(id) {
            Some(model) => {
                let (id, name) = (for_terminal(&model.id), for_terminal(&model.name));
                let _ = writeln!(out, "{id} — {name}\n\n{}\n", lines_for_terminal(model.definition.trim()));
                if !model.examples.is_empty() {
                    let _ = writeln!(out, "examples: {}\n", for_terminal(&model.examples.join("; ")));
                }
                let _ = writeln!(out, "signals (weight × field weight = points):");
                for s in &model.signals {
                    let fields = s.fields.as_ref().map(|f| format!(" [in {}]", f.join(", "))).unwrap_or_default();
                    let description = set.facts.get(&s.fact).map(|f| f.description.as_str()).unwrap_or("");
                    let line = format!("{}{fields} — {description}", s.fact);
                    let _ = writeln!(out, "  {:+6.1}  {}", s.weight, for_terminal(&line));
                }
                if !model.words.is_empty() {
                    let _ = writeln!(
                        out,
                        "\nlearned words ({}; each adds its points once a program, wherever it appears):\n  for: {}\n  against: {}",
                        model.words.len(),
                        strongest_words(&model.words, 1.0),
                        strongest_words(&model.words, -1.0)
                    );
                }
            }
            None => {
                let mut ids = set.ids();
                ids.push(set.ideal.id.clone());
                anyhow::bail!(partake_load::read::yaml::unknown("model", id, &ids));
            }
        },
    }
    emit(global, &out)?;
    Ok(Status::Ok)
}

/// The twelve learned words that weigh most in one direction (`sign` 1: for, -1: against).
fn strongest_words(words: &std::collections::BTreeMap<String, f64>, sign: f64) -> String {
    let mut ranked: Vec<(&String, f64)> =
        words.iter().filter(|(_, v)| **v * sign > 0.0).map(|(w, v)| (w, *v)).collect();
    ranked.sort_by(|a, b| (b.1 * sign).total_cmp(&(a.1 * sign)).then_with(|| a.0.cmp(b.0)));
    ranked.iter().take(12).map(|(w, v)| format!("{} {v:+}", for_terminal(w))).collect::<Vec<_>>().join(", ")
}

/// Model text from anyone's files, escaped line by line for a terminal.
fn for_terminal_lines(text: &str) -> String {
    text.lines().map(|line| for_terminal(line) + "\n").collect()
}

/// How the mutual-benefit score is made, in plain words, from the ideal's own data.
fn ideal_in_plain_words(set: &partake_core::models::ModelSet) -> String {
    let ideal = &set.ideal;
    let w = &ideal.weights;
    let signals = |list: &[partake_core::models::Signal]| -> String {
        list.iter().map(|s| format!("{} {:+}", s.fact, s.weight)).collect::<Vec<_>>().join(", ")
    };
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}\n", for_terminal(&ideal.id), for_terminal(&ideal.name));
    let _ = writeln!(out, "{}\n", lines_for_terminal(ideal.definition.trim()));
    let _ = writeln!(out, "How the score (0–100) is made:");
    let lines = [
        format!(
            "It is a weighted mean of five parts, each 0–100: what the participants gain ({}), what the \
organization gains ({}), what others gain — other customers, the invited friend, the other side of a \
platform ({}), whether they all gain for the same reason ({}), and the program's health ({}).",
            w.participant, w.organization, w.others, w.same_reason, w.health
        ),
        "A party gains directly (100), indirectly (50) or nothing (0), as the text shows; a party the text \
does not mention is unknown, not \"gains nothing\", and stands at its usual level."
            .to_string(),
        format!(
            "Only text that says a party gets nothing caps the score, at {}.",
            ideal.cap_when_a_party_gains_nothing
        ),
        format!(
            "Same reason is full with a network effect the text describes; else the strongest of: {}.",
            signals(&ideal.same_reason)
        ),
        format!(
            "Health starts at {} and moves with every sign found, each once, with diminishing returns: {}.",
            ideal.health.base,
            signals(&ideal.health.signals)
        ),
        format!(
            "A harm the text documents ({}) keeps the score at or below {}, and each further kind {} lower; \
each of {} found answers one harm.",
            ideal.harms.join(", "),
            ideal.cap_when_harmed,
            ideal.cap_per_further_harm,
            ideal.harms_lifted_by.join(", ")
        ),
        format!(
            "A declared network_effect, platform or beneficiary level that the text does not bear out is \
\"claimed, not evidenced\": it counts for {} of what evidence would, and `check` warns \
(claimed-not-evidenced).",
            ideal.claim_weight
        ),
        format!(
            "Health also moves with {} learned words, each once a program, fitted to the tiers people gave \
labelled programs; most for: {}; most against: {}.",
            ideal.words.len(),
            strongest_words(&ideal.words, 1.0),
            strongest_words(&ideal.words, -1.0)
        ),
        format!("Tiers: high from {}, mid from {}, low below.", ideal.tiers.high, ideal.tiers.mid),
        "explain shows each party's gains, gives and risks with evidence, and suggests only changes that \
fit the program and raise its score, each scored on a changed copy."
            .to_string(),
    ];
    for line in lines {
        let _ = writeln!(out, "  - {}", for_terminal(&line));
    }
    out
}
