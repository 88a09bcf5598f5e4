//! Batch scoring: inventories of any size, streamed through all cores.
//!
//! Three stages run at once, joined by bounded channels so memory does not grow
//! with the input: a reader thread fills batches of reused `ByteRecord`s; the
//! calling thread scores each batch on the rayon pool, where every chunk of rows is
//! also rendered to bytes in the chosen format; a writer thread writes the chunks
//! in input order and hands the records back to the reader. The output is exactly
//! one row (or JSON object) per input row, in input order, whatever finishes first.

use csv::ByteRecord;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use partake_core::score::{Assessment, Engine};
use partake_core::spec::{InputError, Program, Source};
use partake_core::text::thousands;
use partake_core::understand::Normalized;
use partake_load::read::csv::{Inventory, Options as CsvOptions, Plan};
use partake_load::read::{Input, InputKind};
use partake_report::{self as report, csv::Layout, table};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc::{channel, sync_channel};
use std::time::{Duration, Instant};

/// Rows per batch: enough to keep every core busy, few enough to keep memory flat
/// (about six batches are in flight at once).
const BATCH: usize = 1024;
/// Rows per unit of parallel work: a batch is done when its last chunk is, so small
/// chunks (32 to a batch) keep the other cores from waiting long at the end of each.
const CHUNK: usize = 32;
/// Up to this many programs, the terminal table lists them; past it, it summarises.
pub const TABLE_ROWS: usize = 50;
/// How long a run goes before it shows a progress bar.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);
/// Errors printed to stderr before the rest are only counted.
const ERRORS_SHOWN: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
    Markdown,
    Html,
}

/// How a batch run reads, writes and reports.
#[derive(Debug, Clone)]
pub struct Settings {
    pub format: Format,
    pub csv: CsvOptions,
    pub formula_guard: bool,
    pub bom: bool,
    pub output_header: bool,
    pub output: Option<PathBuf>,
    pub quiet: bool,
    pub color: bool,
    /// Draw a progress bar on stderr (a terminal, and not `--quiet`).
    pub progress: bool,
    /// The terminal's width, when the report goes to one: the table fits it.
    pub width: Option<usize>,
}

/// What a run counted; mergeable, so each chunk counts its own.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Data rows (and programs of YAML specs) read, scored or not.
    pub rows: usize,
    pub scored: usize,
    /// Rows that could not be scored, and inputs that could not be read.
    pub errors: usize,
    /// Programs per primary model, by model index; the last slot is "no model fits".
    pub primary: Vec<usize>,
    pub mutual_sum: u64,
    /// Mutual benefit in fifths: 0–19, 20–39, 40–59, 60–79, 80–100.
    pub mutual: [usize; 5],
    pub unrecognised: usize,
    pub expect_mismatches: usize,
}

impl Stats {
    fn new(models: usize) -> Stats {
        Stats { primary: vec![0; models + 1], ..Stats::default() }
    }
    fn add(&mut self, a: &Assessment) {
        self.scored += 1;
        let slot = a.verdict.primary.unwrap_or(self.primary.len() - 1);
        self.primary[slot] += 1;
        self.mutual_sum += u64::from(a.mutual.score);
        self.mutual[(a.mutual.score as usize / 20).min(4)] += 1;
        self.unrecognised += usize::from(!a.recognised);
        self.expect_mismatches += usize::from(a.expect_matches == Some(false));
    }
    fn merge(&mut self, other: &Stats) {
        self.rows += other.rows;
        self.scored += other.scored;
        self.errors += other.errors;
        for (a, b) in self.primary.iter_mut().zip(&other.primary) {
            *a += b;
        }
        self.mutual_sum += other.mutual_sum;
        for (a, b) in self.mutual.iter_mut().zip(&other.mutual) {
            *a += b;
        }
        self.unrecognised += other.unrecognised;
        self.expect_mismatches += other.expect_mismatches;
    }
}

/// A chunk of rows, scored and rendered.
struct Chunk {
    bytes: Vec<u8>,
    stats: Stats,
    errors: Vec<InputError>,
    table: Vec<table::Row>,
    /// For the HTML report, which draws from whole assessments (a chunk's worth at a time).
    assessed: Vec<Assessment>,
    /// `path:line: warning: ...` for programs a reader should not miss (no recognised
    /// text, `expect` not matched); the first few are printed like errors.
    warnings: Vec<String>,
}

/// What every worker needs: read-only, shared by all threads.
struct Work<'a> {
    engine: &'a Engine,
    ids: Vec<String>,
    format: Format,
    layout: Layout,
}

impl Work<'_> {
    /// Score and render `rows`; `first` is the index (across all inputs) of the first.
    fn chunk<'r>(
        &self,
        rows: impl Iterator<Item = (Result<Program, InputError>, Option<&'r ByteRecord>)>,
        plan: Option<&Plan>,
        first: usize,
        scratch: &mut Normalized,
    ) -> Chunk {
        let mut stats = Stats::new(self.ids.len());
        let mut errors = Vec::new();
        let mut table = Vec::new();
        let mut assessed = Vec::new();
        let mut warnings = Vec::new();
        let mut csv = (self.format == Format::Csv).then(|| report::csv::writer(&self.layout));
        let mut bytes = Vec::new();
        for (index, (program, raw)) in rows.enumerate() {
            stats.rows += 1;
            match program {
                Err(e) => {
                    stats.errors += 1;
                    match self.format {
                        Format::Csv => {
                            self.layout.error(csv.as_mut().expect("csv"), &e, raw).expect("writes to memory")
                        }
                        Format::Jsonl => {
                            let line = report::json::to_text(&json!({"error": report::json::error(&e)}), false);
                            bytes.extend_from_slice(line.as_bytes());
                            bytes.push(b'\n');
                        }
                        _ => {}
                    }
                    errors.push(e);
                }
                Ok(program) => {
                    // Evidence text is only printed in JSON and HTML.
                    let phrases = matches!(self.format, Format::Json | Format::Jsonl | Format::Html);
                    let a = self.engine.assess_with(program, scratch, phrases);
                    stats.add(&a);
                    for note in report::notes(&a) {
                        if warnings.len() < ERRORS_SHOWN {
                            warnings.push(format!("{}: warning: {note}", a.program.source));
                        }
                    }
                    match self.format {
                        Format::Csv => self.layout.program(csv.as_mut().expect("csv"), &a, raw).expect("in memory"),
                        Format::Json => {
                            let text = report::json::to_text(&self.json(&a, raw, plan), true);
                            bytes.extend_from_slice(b",\n    ");
                            bytes.extend_from_slice(text.replace('\n', "\n    ").as_bytes());
                        }
                        Format::Jsonl => {
                            bytes.extend_from_slice(report::json::to_text(&self.json(&a, raw, plan), false).as_bytes());
                            bytes.push(b'\n');
                        }
                        Format::Markdown => bytes.extend_from_slice(report::markdown::row(&a).as_bytes()),
                        Format::Table if first + index < TABLE_ROWS => table.push(table::Row::of(&a)),
                        Format::Table => {}
                        Format::Html => assessed.push(a),
                    }
                }
            }
        }
        if let Some(csv) = csv {
            bytes = csv.into_inner().expect("writes to memory");
        }
        Chunk { bytes, stats, errors, table, assessed, warnings }
    }

    /// A program as SPEC §6 JSON; a CSV row's own columns (those that feed no field) come along.
    fn json(&self, a: &Assessment, raw: Option<&ByteRecord>, plan: Option<&Plan>) -> Value {
        let mut value = report::json::program(self.engine, a);
        if let (Some(raw), Some(plan)) = (raw, plan) {
            let columns: serde_json::Map<String, Value> = raw
                .iter()
                .enumerate()
                .filter(|(i, _)| !plan.is_field(*i))
                .filter_map(|(i, cell)| {
                    let name = plan.json_names.get(i)?;
                    Some((name.clone(), Value::String(String::from_utf8_lossy(cell).into_owned())))
                })
                .collect();
            if !columns.is_empty() {
                value["columns"] = Value::Object(columns);
            }
        }
        value
    }
}

/// Where the report goes, and everything the writing side keeps.
struct Sink<'e> {
    /// The HTML report, built as rows arrive: full detail for the first programs,
    /// aggregates for all (its memory stops growing past its caps).
    html: Option<report::html::HtmlReport<'e>>,
    /// Taken when the run ends, to put the report in place.
    out: Option<crate::output::Destination>,
    format: Format,
    stats: Stats,
    /// Kept for formats that list errors at the end (JSON, Markdown).
    kept_errors: Vec<InputError>,
    table: Vec<table::Row>,
    wrote_program: bool,
    shown_errors: usize,
    shown_warnings: usize,
    /// `--quiet`: no warnings.
    quiet: bool,
    /// The reader went away (`| head`): stop quietly.
    closed: bool,
    failed: Option<String>,
    progress: ProgressBar,
    started: Instant,
    /// Whether the report's head (CSV header, JSON opening) is written: only once an
    /// input could be opened, so a run that reads nothing writes no half-report.
    begun: bool,
    /// Whether a progress bar may be drawn (stderr is a terminal, not `--quiet`).
    may_show_progress: bool,
}

impl Sink<'_> {
    fn write(&mut self, bytes: &[u8]) {
        if self.closed || bytes.is_empty() {
            return;
        }
        if let Some(Err(e)) = self.out.as_mut().map(|out| out.write_all(bytes)) {
            self.stop(e);
        }
    }

    fn stop(&mut self, e: io::Error) {
        self.closed = true;
        if e.kind() != io::ErrorKind::BrokenPipe {
            self.failed = Some(format!("cannot write the report: {e}"));
        }
    }

    /// Warnings go to stderr as they come, the first few; the summary counts them all.
    fn report_warnings(&mut self, warnings: &[String]) {
        for line in warnings {
            if !self.quiet && self.shown_warnings < ERRORS_SHOWN {
                let line = partake_core::text::for_terminal(line);
                self.progress.suspend(|| crate::say!("{line}"));
            }
            self.shown_warnings += 1;
        }
    }

    /// Errors go to stderr as they come, the first few in full.
    fn report_errors(&mut self, errors: &[InputError]) {
        for e in errors {
            if self.shown_errors < ERRORS_SHOWN {
                let line = partake_core::text::for_terminal(&e.to_string());
                self.progress.suspend(|| crate::say!("{line}"));
            }
            self.shown_errors += 1;
        }
    }

    fn chunk(&mut self, chunk: Chunk) {
        let mut bytes = &chunk.bytes[..];
        if self.format == Format::Json && !bytes.is_empty() {
            // Each program comes with a leading `,`, but the first needs none.
            if !self.wrote_program {
                bytes = &bytes[1..];
            }
            self.wrote_program = true;
        }
        self.write(bytes);
        self.stats.merge(&chunk.stats);
        self.report_errors(&chunk.errors);
        self.report_warnings(&chunk.warnings);
        if let Some(html) = &mut self.html {
            for a in &chunk.assessed {
                html.add(a);
            }
            for e in &chunk.errors {
                html.add_error(e);
            }
        }
        if matches!(self.format, Format::Json | Format::Markdown) {
            self.kept_errors.extend(chunk.errors);
        }
        self.table.extend(chunk.table);
    }

    /// A whole input that could not be read.
    fn input_error(&mut self, e: InputError) {
        self.stats.errors += 1;
        self.report_errors(std::slice::from_ref(&e));
        if self.format == Format::Jsonl {
            let mut line = report::json::to_text(&json!({"error": report::json::error(&e)}), false);
            line.push('\n');
            self.write(line.as_bytes());
        }
        if let Some(html) = &mut self.html {
            html.add_error(&e);
        }
        if matches!(self.format, Format::Json | Format::Markdown) {
            self.kept_errors.push(e);
        }
    }

    /// Draw the progress bar once the run has lasted long enough for one to help:
    /// a short run never flashes one.
    fn show_progress_if_long(&mut self) {
        if self.may_show_progress && self.started.elapsed() >= PROGRESS_AFTER {
            self.may_show_progress = false;
            self.progress.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
            self.progress.enable_steady_tick(Duration::from_millis(250));
        }
    }

    fn note(&self, path: &str, note: &str) {
        let note = partake_core::text::for_terminal(note);
        self.progress.suspend(|| crate::say!("{}: note: {}", partake_core::text::for_terminal(path), note));
    }
}

/// Score `inputs` (CSV inventories, and any YAML specs among them) as one stream.
/// `errors` are the inputs that could not be found; they count like any other.
/// Returns whether every row was read and scored, or the message of a failure to write.
pub fn run(engine: &Engine, inputs: &[Input], errors: Vec<InputError>, settings: &Settings) -> Result<bool, String> {
    let ids = engine.models.ids();
    let mut opened: Option<Inventory> = None;
    let mut open_error = None;
    if let Some(first) = inputs.iter().find(|i| i.kind == InputKind::Csv) {
        match Inventory::open(first, &settings.csv) {
            Ok(inventory) => opened = Some(inventory),
            Err(e) => open_error = Some(e),
        }
    }
    // A byte-order mark in, a byte-order mark out: the spreadsheet that wrote the
    // inventory then reads the report in the same encoding.
    let settings = &Settings { bom: settings.bom || opened.as_ref().is_some_and(|i| i.bom), ..settings.clone() };
    // The first inventory's header shapes the CSV output.
    let (passthrough, delimiter) = match &opened {
        Some(inv) => (inv.plan.names.clone(), inv.delimiter),
        None => (Vec::new(), settings.csv.delimiter.unwrap_or(b',')),
    };
    let layout = Layout { ids: ids.clone(), passthrough, delimiter, formula_guard: settings.formula_guard };
    let out = crate::output::Destination::open(settings.output.as_deref())?;
    // The bar starts hidden and only appears once the work proves long (`Sink::tick`).
    let progress = ProgressBar::hidden();
    let mut sink = Sink {
        html: (settings.format == Format::Html).then(|| report::html::HtmlReport::new(engine)),
        out: Some(out),
        format: settings.format,
        stats: Stats::new(ids.len()),
        kept_errors: Vec::new(),
        table: Vec::new(),
        wrote_program: false,
        shown_errors: 0,
        shown_warnings: 0,
        quiet: settings.quiet,
        closed: false,
        failed: None,
        progress,
        started: Instant::now(),
        begun: false,
        may_show_progress: settings.progress,
    };
    let work = Work { engine, ids, format: settings.format, layout };
    for e in errors {
        sink.input_error(e);
    }
    let mut first_csv = true;
    for input in inputs {
        if sink.closed {
            break;
        }
        match input.kind {
            InputKind::Yaml => {
                begin(&mut sink, &work, settings, engine);
                yaml(&mut sink, &work, input)
            }
            InputKind::Csv => {
                let inventory = if first_csv {
                    first_csv = false;
                    match (opened.take(), open_error.take()) {
                        (Some(inv), _) => Ok(inv),
                        (None, Some(e)) => Err(e),
                        (None, None) => Inventory::open(input, &settings.csv),
                    }
                } else {
                    Inventory::open(input, &settings.csv)
                };
                match inventory {
                    Ok(inv) if settings.format == Format::Csv && inv.plan.names != work.layout.passthrough => {
                        sink.input_error(InputError::new(
                            Source::file(&inv.path),
                            "its columns differ from the first inventory's, and a CSV report has one header; \
score it in a run of its own",
                        ));
                    }
                    Ok(inv) => {
                        begin(&mut sink, &work, settings, engine);
                        stream(&mut sink, &work, inv, settings)
                    }
                    Err(e) => sink.input_error(e),
                }
            }
        }
    }
    finish(&mut sink, &work, engine, settings);
    // The report appears only now, whole; a failed write leaves no file that looks complete.
    if let Some(out) = sink.out.take() {
        if sink.failed.is_none() {
            if let Err(message) = out.finish() {
                sink.failed = Some(message);
            }
        }
    }
    sink.progress.finish_and_clear();
    if let Some(message) = sink.failed.take() {
        return Err(message);
    }
    if !settings.quiet {
        summary(&sink, inputs.len());
    }
    Ok(sink.stats.errors == 0)
}

fn begin(sink: &mut Sink, work: &Work, settings: &Settings, engine: &Engine) {
    if std::mem::replace(&mut sink.begun, true) {
        return;
    }
    match settings.format {
        Format::Csv => {
            if settings.bom {
                sink.write("\u{feff}".as_bytes());
            }
            if settings.output_header {
                let mut w = report::csv::writer(&work.layout);
                work.layout.header(&mut w).expect("writes to memory");
                sink.write(&w.into_inner().expect("writes to memory"));
            }
        }
        Format::Json => {
            let head = json!({
                "version": env!("CARGO_PKG_VERSION"),
                "models_hash": engine.models.hash,
                "models": work.ids,
            });
            let text = serde_json::to_string_pretty(&head).expect("JSON");
            let open = text.strip_suffix("\n}").unwrap_or(&text);
            sink.write(format!("{open},\n  \"programs\": [").as_bytes());
        }
        Format::Markdown => sink.write(report::markdown::header(&work.ids).as_bytes()),
        Format::Jsonl | Format::Table | Format::Html => {}
    }
}

fn finish(sink: &mut Sink, work: &Work, engine: &Engine, settings: &Settings) {
    // With nothing read, JSON and Markdown still list the errors; a CSV header or
    // an empty table would only suggest an empty inventory.
    if !sink.begun && matches!(settings.format, Format::Json | Format::Markdown | Format::Html) {
        begin(sink, work, settings, engine);
    }
    if !sink.begun {
        return;
    }
    match settings.format {
        Format::Json => {
            let errors: Vec<Value> = sink.kept_errors.iter().map(report::json::error).collect();
            let errors = report::json::to_text(&Value::Array(errors), true).replace('\n', "\n  ");
            let close = if sink.wrote_program { "\n  ]" } else { "]" };
            sink.write(format!("{close},\n  \"errors\": {errors}\n}}\n").as_bytes());
        }
        Format::Markdown => {
            let list = report::markdown::error_list(&sink.kept_errors);
            sink.write(list.as_bytes());
        }
        // Nothing scored: the errors on stderr say why, and an empty table would say nothing.
        Format::Table if sink.stats.scored == 0 => {}
        Format::Table => {
            let text = if sink.stats.rows <= TABLE_ROWS {
                table::render_rows(&work.ids, &sink.table, settings.color, settings.width) + "\n"
            } else {
                overview(&sink.stats, engine)
            };
            sink.write(text.as_bytes());
        }
        Format::Html => {
            let page = sink.html.as_ref().map(|html| html.render()).unwrap_or_default();
            sink.write(page.as_bytes());
        }
        Format::Csv | Format::Jsonl => {}
    }
}

/// YAML specs among the inventories: small, read whole, scored like rows.
fn yaml(sink: &mut Sink, work: &Work, input: &Input) {
    let results = crate::pipeline::read_specs(std::slice::from_ref(input), work.engine);
    let first = sink.stats.rows;
    let chunks: Vec<Chunk> = results
        .par_chunks(CHUNK)
        .enumerate()
        .map_init(Normalized::default, |scratch, (i, chunk)| {
            work.chunk(chunk.iter().map(|r| (r.clone(), None)), None, first + i * CHUNK, scratch)
        })
        .collect();
    for chunk in chunks {
        sink.chunk(chunk);
    }
}

/// Rows read, waiting to be scored.
struct Batch {
    records: Vec<ByteRecord>,
    len: usize,
    /// The data row number of `records[0]`, from 1.
    first_row: usize,
    /// Bytes of the input read by the end of this batch.
    position: u64,
    notes: Vec<String>,
    /// A read error ends the input after this batch.
    error: Option<InputError>,
}

fn stream(sink: &mut Sink, work: &Work, mut inventory: Inventory, settings: &Settings) {
    if !settings.quiet {
        sink.note(&inventory.path, &inventory.plan.statement());
        for name in &inventory.plan.near_misses {
            sink.note(&inventory.path, &format!("warning: {}", inventory.plan.near_miss_warning(name)));
        }
        for note in inventory.notes.drain(..) {
            sink.note(&inventory.path, &note);
        }
    }
    let plan = inventory.plan.clone();
    let path = inventory.path.clone();
    let delimiter = inventory.delimiter;
    if let Some(size) = inventory.size {
        sink.progress.set_length(size);
        sink.progress.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} [{wide_bar}] {percent:>3}% {msg} ETA {eta}")
                .expect("a valid template"),
        );
    } else {
        sink.progress.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("a valid template"));
    }
    sink.progress.set_position(0);
    let rows_before = sink.stats.rows;
    let (batches_tx, batches_rx) = sync_channel::<Batch>(2);
    let (scored_tx, scored_rx) = sync_channel::<(Batch, Vec<Chunk>)>(2);
    let (recycle_tx, recycle_rx) = channel::<Vec<ByteRecord>>();
    std::thread::scope(|scope| {
        scope.spawn(move || loop {
            let mut records = recycle_rx.try_recv().unwrap_or_default();
            records.resize_with(BATCH, ByteRecord::new);
            let first_row = inventory.rows_read() + 1;
            let mut len = 0;
            let mut error = None;
            while len < BATCH {
                match inventory.read(&mut records[len]) {
                    Ok(true) => len += 1,
                    Ok(false) => break,
                    Err(e) => {
                        error = Some(e);
                        break;
                    }
                }
            }
            let last = len < BATCH;
            let notes = inventory.notes.drain(..).collect();
            let batch = Batch { records, len, first_row, position: inventory.position(), notes, error };
            if batches_tx.send(batch).is_err() || last {
                break;
            }
        });
        let writer = scope.spawn(|| {
            for (mut batch, chunks) in scored_rx {
                if !settings.quiet {
                    for note in batch.notes.drain(..) {
                        sink.note(&path, &note);
                    }
                }
                for chunk in chunks {
                    sink.chunk(chunk);
                }
                if let Some(e) = batch.error.take() {
                    sink.input_error(e);
                }
                let rows = sink.stats.rows;
                let rate = rows as f64 / sink.started.elapsed().as_secs_f64().max(1e-3);
                sink.progress.set_position(batch.position);
                sink.progress.set_message(format!("{} rows, {}/s", thousands(rows), thousands(rate as usize)));
                sink.show_progress_if_long();
                if sink.closed {
                    break;
                }
                let _ = recycle_tx.send(batch.records);
            }
        });
        let mut done = rows_before;
        for batch in batches_rx {
            let chunks: Vec<Chunk> = batch.records[..batch.len]
                .par_chunks(CHUNK)
                .enumerate()
                .map_init(Normalized::default, |scratch, (i, records)| {
                    let first_row = batch.first_row + i * CHUNK;
                    let rows = records.iter().enumerate().map(|(j, record)| {
                        (plan.program(record, &path, first_row + j, delimiter, &work.ids), Some(record))
                    });
                    work.chunk(rows, Some(&plan), done + i * CHUNK, scratch)
                })
                .collect();
            done += batch.len;
            if scored_tx.send((batch, chunks)).is_err() {
                break;
            }
        }
        drop(scored_tx);
        let _ = writer.join();
    });
}

/// The terminal's view of a large input: counts, not a million lines.
fn overview(stats: &Stats, engine: &Engine) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let scored = stats.scored;
    let _ = writeln!(
        out,
        "{} rows: {} scored, {} could not be read",
        thousands(stats.rows),
        thousands(scored),
        thousands(stats.errors)
    );
    let share = |n: usize| if scored == 0 { 0.0 } else { n as f64 * 100.0 / scored as f64 };
    let _ = writeln!(out, "\n{:<16} {:>12} {:>7}", "primary model", "programs", "share");
    let names = engine.models.ids().into_iter().chain(std::iter::once("none fits".to_string()));
    for (name, &count) in names.zip(&stats.primary) {
        let bar = report::explain::bar(share(count).round() as u8, 20);
        let _ = writeln!(out, "{name:<16} {:>12} {:>6.1}% {bar}", thousands(count), share(count));
    }
    let mean = if scored == 0 { 0.0 } else { stats.mutual_sum as f64 / scored as f64 };
    let _ = writeln!(out, "\nmutual benefit: mean {mean:.1}");
    for (i, &count) in stats.mutual.iter().enumerate() {
        let range = if i == 4 { "80–100".to_string() } else { format!("{}–{}", i * 20, i * 20 + 19) };
        let bar = report::explain::bar(share(count).round() as u8, 20);
        let _ = writeln!(out, "  {range:<8} {:>12} {:>6.1}% {bar}", thousands(count), share(count));
    }
    if stats.unrecognised > 0 {
        let _ = writeln!(
            out,
            "\n{} programs: none of their text was recognised (not English? too vague?)",
            thousands(stats.unrecognised)
        );
    }
    if stats.expect_mismatches > 0 {
        let _ = writeln!(out, "{} programs do not match their `expect`", thousands(stats.expect_mismatches));
    }
    let _ = writeln!(out, "\nFor every row, use --format csv (or jsonl) with --output FILE.");
    out
}

/// The one line on stderr at the end.
fn summary(sink: &Sink, files: usize) {
    let stats = &sink.stats;
    let seconds = sink.started.elapsed().as_secs_f64();
    let mut line = format!(
        "scored {} program{} from {} file{} in {:.1} s ({} rows/s)",
        thousands(stats.scored),
        if stats.scored == 1 { "" } else { "s" },
        files,
        if files == 1 { "" } else { "s" },
        seconds,
        thousands((stats.rows as f64 / seconds.max(1e-3)) as usize),
    );
    if stats.unrecognised > 0 {
        line.push_str(&format!("; {} with no recognised text", thousands(stats.unrecognised)));
    }
    if stats.expect_mismatches > 0 {
        line.push_str(&format!("; {} not matching their `expect`", thousands(stats.expect_mismatches)));
    }
    if stats.errors > 0 {
        line.push_str(&format!("; {} error{}", thousands(stats.errors), if stats.errors == 1 { "" } else { "s" }));
        if sink.shown_errors > ERRORS_SHOWN {
            line.push_str(&format!(" ({ERRORS_SHOWN} shown above; every one is in the report)"));
        }
    }
    crate::say!("{line}");
}
