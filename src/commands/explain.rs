//! `partake explain PATH [--program NAME]` — every score's reasons, with evidence
//! and line numbers, and what would move the program toward the ideal.
//!
//! Usage:
//!   partake explain examples/amazon-flex.yaml
//!   partake explain specs/all.yaml --program "Amazon Flex" --format markdown
//!   partake explain export.csv --row 4

use super::{emit, load_engine, print_errors};
use crate::global::Global;
use clap::{Args, ValueEnum};
use partake_core::suggest::suggest;
use partake_core::Status;
use partake_load::read::{self, InputKind};
use partake_report::{self as report, explain::Style};

/// Explain each program's scores: signals with evidence, the ideal's components,
/// unrecognised text, and suggestions toward the ideal with the score each would reach.
#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  partake explain examples/amazon-flex.yaml\n  \
partake explain specs/programs.yaml --program \"Amazon Flex\"\n  partake explain spec.yaml --format json\n  \
partake explain export.csv --row 4\n  partake explain export.csv --row 4 --map 'Programme=program' --delimiter ';'\n\n\
Suggestions are computed: each change is applied to a copy of the spec and scored again.")]
pub struct ExplainArgs {
    /// A spec file, an inventory (.csv), or - for stdin.
    #[arg(value_name = "PATH")]
    pub path: String,
    /// Only the program with this name (case-insensitive).
    #[arg(long, short = 'p', value_name = "NAME")]
    pub program: Option<String>,
    /// Only this data row of an inventory (counting from 1, as errors and the CSV report's `source` do).
    #[arg(long, value_name = "N")]
    pub row: Option<usize>,
    #[arg(long, short = 'f', value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    #[command(flatten)]
    pub csv: super::CsvFlags,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExplainFormat {
    Text,
    Json,
    Markdown,
}

pub fn run(args: ExplainArgs, global: &Global) -> anyhow::Result<Status> {
    let engine = load_engine(global)?;
    let csv = super::csv_options(&args.csv, Some(None), &engine.models.ids())?;
    let (inputs, mut errors) = read::discover(std::slice::from_ref(&args.path), InputKind::Yaml);
    let mut note = super::notes_to_stderr(global.quiet);
    let mut results = crate::pipeline::read_specs_with(&inputs, engine, &csv, &mut note);
    if let Some(row) = args.row {
        let here = |source: &partake_core::spec::Source| source.row == Some(row);
        results.retain(|r| match r {
            Ok(p) => here(&p.source),
            Err(e) => here(&e.source) || e.source.row.is_none(),
        });
        if results.is_empty() {
            anyhow::bail!("{}: there is no data row {row}", args.path);
        }
    }
    let (mut programs, read_errors) = crate::pipeline::split(results);
    errors.extend(read_errors);
    if let Some(wanted) = &args.program {
        let all: Vec<String> = programs.iter().map(|p| p.name.clone()).collect();
        programs.retain(|p| p.name.eq_ignore_ascii_case(wanted));
        if programs.is_empty() {
            print_errors(&errors);
            let hint = partake_load::read::yaml::unknown("program", wanted, &all);
            anyhow::bail!("{}: {hint}", args.path);
        }
    }
    let assessments = crate::pipeline::assess_all(engine, programs);
    let mut output = String::new();
    match args.format {
        ExplainFormat::Json => {
            let suggestions: Vec<_> = assessments.iter().map(|a| suggest(engine, a)).collect();
            let doc = report::json::Document {
                head: report::json::Head::of(engine),
                programs: assessments
                    .iter()
                    .zip(&suggestions)
                    .map(|(a, s)| report::json::explanation(engine, a, s))
                    .collect(),
                errors: errors.iter().map(report::json::Error::from).collect(),
            };
            output = report::json::to_text(&doc, true) + "\n";
        }
        ExplainFormat::Text | ExplainFormat::Markdown => {
            let style = if args.format == ExplainFormat::Text { Style::Text } else { Style::Markdown };
            for (i, a) in assessments.iter().enumerate() {
                if i > 0 {
                    output.push('\n');
                }
                output.push_str(&report::explain::render(engine, a, &suggest(engine, a), style));
            }
        }
    }
    print_errors(&errors);
    emit(global, &output)?;
    Ok(if errors.is_empty() { Status::Ok } else { Status::InputError })
}
