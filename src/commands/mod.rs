//! One file per subcommand, each with its usage at the top.

pub mod check;
pub mod completions;
pub mod explain;
pub mod init;
pub mod models;
pub mod schema;
pub mod score;

use crate::global::Global;
use anyhow::anyhow;
use clap::Args;
use partake_core::models::ModelSet;
use partake_core::score::Engine;
use partake_core::spec::InputError;
use partake_report::text::for_terminal;
use std::fmt;
use std::io::Write;

/// How to read CSV inventories: the same flags in `score`, `explain` and `check`,
/// on top of the `csv:` section of `partake.yaml`.
#[derive(Args, Debug, Clone, Default)]
pub struct CsvFlags {
    /// Read column COLUMN as spec field FIELD (e.g. 'Programme name=program'; FIELD - keeps it out). Repeatable.
    #[arg(long = "map", value_name = "COLUMN=FIELD", help_heading = "CSV inventories")]
    pub maps: Vec<String>,
    /// The field separator of the inventory (and of a CSV report): , ; tab or |. Sniffed when absent.
    #[arg(long, value_name = "CHAR", help_heading = "CSV inventories")]
    pub delimiter: Option<String>,
    /// The inventory's text encoding (utf-8, utf-16le, utf-16be, windows-1252, ...). Sniffed when absent.
    #[arg(long, value_name = "LABEL", help_heading = "CSV inventories")]
    pub encoding: Option<String>,
}

impl CsvFlags {
    /// The flags as reading options, checked: a bad flag is a usage error before anything is read.
    pub fn options(&self) -> Result<partake_load::read::csv::Options, String> {
        use partake_load::read::csv::{parse_delimiter, parse_encoding, parse_map};
        let flag = |m: String| format!("--{m}");
        Ok(partake_load::read::csv::Options {
            delimiter: self.delimiter.as_deref().map(parse_delimiter).transpose().map_err(flag)?,
            encoding: self.encoding.as_deref().map(parse_encoding).transpose().map_err(flag)?,
            maps: self.maps.iter().map(|m| parse_map(m)).collect::<Result<_, _>>()?,
            columns: None,
        })
    }
}

/// The CSV options of the nearest `partake.yaml` (its `csv:` section) with `flags`
/// on top; `config` names the file instead (check's `--config`), `None` in the
/// outer option means no file at all (`--no-config`).
pub fn csv_options(
    flags: &CsvFlags,
    config: Option<Option<&std::path::Path>>,
    model_ids: &[String],
) -> anyhow::Result<partake_load::read::csv::Options> {
    let flags = flags.options().map_err(usage_error)?;
    let file = match config {
        None => None,
        Some(Some(path)) => Some((path.display().to_string(), path.to_path_buf())),
        Some(None) => std::env::current_dir().ok().and_then(|dir| partake_load::policy::discover(&dir)),
    };
    let Some((shown, path)) = file.filter(|(_, path)| path.is_file()) else { return Ok(flags) };
    let policy = partake_load::policy::load(&shown, &path, model_ids, Default::default(), None).map_err(Located)?;
    Ok(policy.csv.with(&flags))
}

/// Errors that end a run, each already placed at `path:line:column`: printed one a line.
#[derive(Debug)]
pub struct Located(pub Vec<InputError>);

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for Located {}

/// A mistake in the command line, to fix before anything is read: `error: …`.
pub fn usage_error(message: impl fmt::Display) -> anyhow::Error {
    anyhow!("error: {message}")
}

/// What a reader should know about an input (which column was read as which field),
/// as `path: note: text` on stderr; nothing under `--quiet`.
pub fn notes_to_stderr(quiet: bool) -> impl FnMut(&str, &str) {
    move |path, text| {
        if !quiet {
            crate::say!("{}: note: {}", for_terminal(path), for_terminal(text));
        }
    }
}

/// Print input errors as `path:line:column: message`, one per line, to stderr.
pub fn print_errors(errors: &[InputError]) {
    let mut stderr = std::io::stderr().lock();
    for e in errors {
        let _ = writeln!(stderr, "{}", for_terminal(&e.to_string()));
    }
}

/// The models the user asked for, or the errors (file:line) that stop everything.
/// The built-ins were loaded when partake was built; a `--models` folder is loaded now.
pub fn load_models(global: &Global) -> anyhow::Result<ModelSet> {
    match global.models.as_deref() {
        None => Ok(partake_builtin::models()),
        Some(dir) => Ok(partake_load::models::load(Some(dir)).map_err(Located)?),
    }
}

/// The engine of `models`, loaded by `load_models`: the built-ins' vocabulary was
/// compiled when partake was built; a `--models` folder's is compiled now. It serves
/// the whole run and is never freed: freeing its hundred thousand small allocations
/// one by one would only delay the exit.
pub fn compile_engine(models: ModelSet, global: &Global) -> &'static Engine {
    let engine = match global.models {
        None => Engine::with_lexicon(models, partake_builtin::lexicon()),
        Some(_) => Engine::new(models),
    };
    Box::leak(Box::new(engine))
}

pub fn load_engine(global: &Global) -> anyhow::Result<&'static Engine> {
    load_models(global).map(|models| compile_engine(models, global))
}

/// Write a finished report to `--output FILE` (put in place whole, or not at all) or standard output.
pub fn emit(global: &Global, report: &str) -> anyhow::Result<()> {
    emit_with(global, |out| out.write_all(report.as_bytes()))
}

/// Like `emit`, for a report written piece by piece rather than held whole first.
pub fn emit_with(global: &Global, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> anyhow::Result<()> {
    let result = crate::output::Destination::open(global.output.as_deref()).and_then(|mut out| {
        let mut buffered = std::io::BufWriter::new(&mut out);
        match write(&mut buffered).and_then(|()| buffered.flush()) {
            Ok(()) => {
                drop(buffered);
                out.finish()
            }
            // A closed pipe (`| head`) is the reader's choice, not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(format!("cannot write the report: {e}")),
        }
    });
    result.map_err(anyhow::Error::msg)
}
