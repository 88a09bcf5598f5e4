//! `partake models [ID]` — list the models, or show one with its signals.
//!
//! Usage:
//!   partake models
//!   partake models affiliate
//!   partake models --models my-models/     what a replaced or added model looks like

use super::{emit, load_models, INPUT_ERROR};
use crate::cli::Global;
use crate::text::{for_terminal, lines_for_terminal, one_line};
use clap::Args;
use std::fmt::Write;
use std::process::ExitCode;

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

pub fn run(args: ModelsArgs, global: &Global) -> Result<ExitCode, ExitCode> {
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
            out = serde_yaml::to_string(&set.ideal).expect("models serialise");
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
            }
            None => {
                let mut ids = set.ids();
                ids.push(set.ideal.id.clone());
                crate::say!("{}", for_terminal(&crate::read::yaml::unknown("model", id, &ids)));
                return Err(ExitCode::from(INPUT_ERROR));
            }
        },
    }
    emit(global, &out)?;
    Ok(ExitCode::SUCCESS)
}
