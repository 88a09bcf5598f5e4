//! `partake score [PATHS...]` — score files, folders or `-` (stdin).
//!
//! Usage:
//!   partake score examples/                  a table on the terminal
//!   partake score specs/ --format json       SPEC §6 JSON, with evidence
//!   cat spec.yaml | partake score -          stdin is YAML unless --input-format csv

use super::{emit, load_engine, print_errors, INPUT_ERROR, OK};
use crate::cli::Global;
use crate::read::{self, InputKind};
use crate::report;
use clap::{Args, ValueEnum};
use std::process::ExitCode;

/// Score files, folders or - (stdin) against the models; no PATHS means the current folder.
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  partake score examples/\n  partake score specs/ --format json --output scores.json\n  \
partake score inventory.csv --format csv > scored.csv\n  \
partake score examples/ --format html --output report.html\n  cat spec.yaml | partake score -\n\n\
Folders are walked in sorted order, skipping hidden paths, what .gitignore ignores and partake.yaml.\n\
A file that cannot be read is reported at path:line:column and the others are still scored; \
the exit code is then 2."
)]
pub struct ScoreArgs {
    /// Spec files (.yaml, .yml), inventories (.csv), folders, or - for stdin.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<String>,
    /// Report format.
    #[arg(long, short = 'f', value_enum, default_value_t = ScoreFormat::Table)]
    pub format: ScoreFormat,
    /// How to read standard input (`-`).
    #[arg(long, value_enum, default_value_t = StdinFormat::Yaml, value_name = "FORMAT")]
    pub input_format: StdinFormat,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreFormat {
    /// One row per program: primary model, the six scores, mutual benefit.
    Table,
    /// Programs, scores, evidence and errors in one JSON document (SPEC §6).
    Json,
    /// One JSON object per program or error per line.
    Jsonl,
    /// A Markdown table, for a pull request or a wiki.
    Markdown,
    /// One self-contained HTML page with charts: radar, gauge, portfolio map, sortable table.
    Html,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StdinFormat {
    Yaml,
    Csv,
}

pub fn run(args: ScoreArgs, global: &Global) -> Result<ExitCode, ExitCode> {
    let engine = load_engine(global)?;
    let paths = if args.paths.is_empty() { vec![".".to_string()] } else { args.paths };
    let stdin_kind = match args.input_format {
        StdinFormat::Yaml => InputKind::Yaml,
        StdinFormat::Csv => InputKind::Csv,
    };
    let (inputs, mut errors) = read::discover(&paths, stdin_kind);
    let (programs, read_errors) = crate::pipeline::split(crate::pipeline::read_specs(&inputs, &engine));
    errors.extend(read_errors);
    if inputs.is_empty() && errors.is_empty() {
        eprintln!("no spec found in {}", paths.join(", "));
        return Err(ExitCode::from(INPUT_ERROR));
    }
    let assessments = crate::pipeline::assess_all(&engine, programs);
    let ids = engine.models.ids();
    let output = match args.format {
        ScoreFormat::Table => report::table::render(&ids, &assessments, global.color()) + "\n",
        ScoreFormat::Markdown => report::markdown::render(&ids, &assessments, &errors),
        ScoreFormat::Html => {
            let mut html = report::html::HtmlReport::new(&engine);
            for a in &assessments {
                html.add(a);
            }
            for e in &errors {
                html.add_error(e);
            }
            html.render()
        }
        ScoreFormat::Json => {
            let programs = assessments.iter().map(|a| report::json::program(&engine, a)).collect();
            let doc = report::json::document(&engine, programs, &errors);
            serde_json::to_string_pretty(&doc).expect("JSON values serialise") + "\n"
        }
        ScoreFormat::Jsonl => {
            let mut out = String::new();
            for a in &assessments {
                out.push_str(&report::json::program(&engine, a).to_string());
                out.push('\n');
            }
            for e in &errors {
                out.push_str(&serde_json::json!({"error": report::json::error(e)}).to_string());
                out.push('\n');
            }
            out
        }
    };
    print_errors(&errors);
    if !global.quiet {
        for a in &assessments {
            for note in report::notes(a) {
                eprintln!("{}: warning: {}", a.program.source, crate::text::for_terminal(&note));
            }
        }
    }
    emit(global, &output)?;
    if !global.quiet {
        eprintln!(
            "scored {} program{} from {} file{}{}",
            assessments.len(),
            if assessments.len() == 1 { "" } else { "s" },
            inputs.len(),
            if inputs.len() == 1 { "" } else { "s" },
            if errors.is_empty() { String::new() } else { format!("; {} error(s)", errors.len()) }
        );
    }
    Ok(ExitCode::from(if errors.is_empty() { OK } else { INPUT_ERROR }))
}
