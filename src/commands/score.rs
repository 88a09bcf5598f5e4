//! `partake score [PATHS...]` — score files, folders or `-` (stdin).
//!
//! Usage:
//!   partake score examples/                  a table on the terminal
//!   partake score specs/ --format json       JSON, with evidence
//!   cat spec.yaml | partake score -          stdin is YAML unless --input-format csv
//!   partake score inventory.csv -f csv -o scored.csv   an inventory, scored row by row
//!
//! YAML specs are read whole and scored here; as soon as a CSV inventory is among
//! the inputs (or the report is CSV), everything streams through `batch`.

use super::{load_engine, usage_error};
use crate::batch::{self, Format};
use crate::global::Global;
use clap::{Args, ValueEnum};
use partake_core::Status;
use partake_load::read::{self, InputKind};
use std::io::IsTerminal;
use std::path::Path;

/// Score files, folders or - (stdin) against the models; no PATHS means the current folder.
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  partake score examples/\n  partake score specs/ --format json --output scores.json\n  \
partake score inventory.csv --format csv > scored.csv\n  \
partake score examples/ --format html --output report.html\n  cat spec.yaml | partake score -\n  \
partake score export.csv --delimiter ';' --map 'Programme=program' -f csv -o scored.csv\n  \
cat rows.csv | partake score - --no-header --columns program,summary,rewards -f csv --no-output-header\n\n\
CSV inventories: columns match the spec's keys whatever their case, with spaces, - and _ alike \
(`Network Effect`, `beneficiaries.others`); other columns are carried through to the CSV report. \
List cells separate items with ; or line breaks. Every row gives exactly one row of output, in input \
order; a row that cannot be scored carries its reason in the `error` column. In CSV output, a cell a \
spreadsheet would run as a formula (starting with =, +, -, @, tab or CR, and not a plain number) starts with ' \
unless --no-formula-guard.\n\n\
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
    /// How to read standard input (`-`); --columns implies csv.
    #[arg(long, value_enum, default_value_t = StdinFormat::Yaml, value_name = "FORMAT")]
    pub input_format: StdinFormat,
    #[command(flatten)]
    pub csv: super::CsvFlags,
    /// The inventory has no header row; name its columns with --columns.
    #[arg(long, help_heading = "CSV inventories")]
    pub no_header: bool,
    /// The column names of a header-less inventory, comma-separated.
    #[arg(long, value_name = "A,B,C", value_delimiter = ',', help_heading = "CSV inventories")]
    pub columns: Option<Vec<String>>,
    /// Write the CSV report without its header row (for stream processors that join outputs).
    #[arg(long, help_heading = "CSV inventories")]
    pub no_output_header: bool,
    /// Start the CSV report with a byte-order mark, so Excel reads it as UTF-8.
    #[arg(long, help_heading = "CSV inventories")]
    pub bom: bool,
    /// Write cells that look like spreadsheet formulas as they are, without a leading '.
    #[arg(long, help_heading = "CSV inventories")]
    pub no_formula_guard: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreFormat {
    /// One row per program: primary model, the six scores, mutual benefit.
    Table,
    /// Programs, scores, evidence and errors in one JSON document.
    Json,
    /// One JSON object per program or error per line.
    Jsonl,
    /// A Markdown table, for a pull request or a wiki.
    Markdown,
    /// One self-contained HTML page with charts: radar, gauge, portfolio map, sortable table.
    Html,
    /// One row per program: the scores, then every column of the input row.
    Csv,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StdinFormat {
    Yaml,
    Csv,
}

pub fn run(args: ScoreArgs, global: &Global) -> anyhow::Result<Status> {
    let columns = header_options(&args).map_err(usage_error)?;
    let engine = load_engine(global)?;
    let mut csv = super::csv_options(&args.csv, Some(None), &engine.models.ids())?;
    csv.columns = columns;
    let paths = if args.paths.is_empty() { vec![".".to_string()] } else { args.paths.clone() };
    let stdin_kind = match args.input_format {
        StdinFormat::Csv => InputKind::Csv,
        StdinFormat::Yaml if args.columns.is_some() => InputKind::Csv,
        StdinFormat::Yaml => InputKind::Yaml,
    };
    let (mut inputs, errors) = read::discover(&paths, stdin_kind);
    if let Some(output) = &global.output {
        // The report must not be read as an input: named on the command line, that is a
        // mistake to stop at; found by a folder walk, it is the previous run's report.
        let is_output =
            |input: &read::Input| !input.is_stdin() && crate::output::same_file(Path::new(&input.shown), output);
        if let Some(named) = inputs.iter().find(|i| is_output(i) && paths.contains(&i.shown)) {
            return Err(usage_error(format!(
                "--output {} is also an input; write the report to another file",
                named.shown
            )));
        }
        inputs.retain(|i| !is_output(i));
    }
    if inputs.is_empty() && errors.is_empty() {
        anyhow::bail!("no spec or inventory found in {}", paths.join(", "));
    }
    let settings = batch::Settings {
        format: match args.format {
            ScoreFormat::Table => Format::Table,
            ScoreFormat::Json => Format::Json,
            ScoreFormat::Jsonl => Format::Jsonl,
            ScoreFormat::Markdown => Format::Markdown,
            ScoreFormat::Csv => Format::Csv,
            ScoreFormat::Html => Format::Html,
        },
        csv,
        formula_guard: !args.no_formula_guard,
        bom: args.bom,
        output_header: !args.no_output_header,
        output: global.output.clone(),
        quiet: global.quiet,
        color: global.color(),
        progress: !global.quiet && std::io::stderr().is_terminal(),
        width: global.terminal_width(),
    };
    // Specs and inventories alike stream through one driver: scored on every core,
    // reported in input order.
    let result = batch::run(engine, &inputs, errors, &settings);
    match result.map_err(anyhow::Error::msg)? {
        true => Ok(Status::Ok),
        false => Ok(Status::InputError),
    }
}

/// The score-only CSV options, checked: a bad flag is a usage error before anything is read.
fn header_options(args: &ScoreArgs) -> Result<Option<Vec<String>>, String> {
    match (&args.columns, args.no_header) {
        (Some(columns), true) => Ok(Some(columns.clone())),
        (None, true) => Err("--no-header needs --columns to name the columns, e.g. --columns program,summary".into()),
        (Some(_), false) => Err("--columns names the columns of a header-less inventory; add --no-header".into()),
        (None, false) => Ok(None),
    }
}
