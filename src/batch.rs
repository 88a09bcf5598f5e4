//! Batch scoring: inventories of any size, streamed through all cores.
//!
//! Three stages run at once, joined by bounded channels so memory does not grow
//! with the input: a reader thread fills batches of reused records; the
//! calling thread scores each batch on the rayon pool, where every chunk of rows is
//! also rendered by the report's workers' half; a writer thread hands the chunks to
//! the report in input order and gives the records back to the reader. The output is
//! exactly one row (or JSON object) per input row, in input order, whatever finishes
//! first. Which report is written is chosen once, in [`run`]; the rest is generic.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use partake_core::score::{Assessment, Engine};
use partake_core::spec::{ErrorCode, InputError, Program, Source};
use partake_core::understand::Normalized;
use partake_load::read::csv::{Inventory, Options as CsvOptions, Record};
use partake_load::read::{Input, InputKind};
use partake_report::csv::{CsvSink, Layout};
use partake_report::html::HtmlReport;
use partake_report::json::{JsonLinesSink, JsonSink};
use partake_report::markdown::MarkdownSink;
use partake_report::sink::{RawRow, Render, Sink};
use partake_report::stats::Stats;
use partake_report::table::TableSink;
use partake_report::text::{for_terminal, thousands};
use rayon::prelude::*;
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

/// A chunk of rows, scored and rendered.
struct Scored<C> {
    chunk: C,
    stats: Stats,
    errors: Vec<InputError>,
    /// `path:line: warning: ...` for programs a reader should not miss (no recognised
    /// text, `expect` not matched); the first few are printed like errors.
    warnings: Vec<String>,
}

/// What every worker needs: read-only, shared by all threads.
struct Work<'a, R> {
    engine: &'a Engine,
    ids: Vec<String>,
    render: R,
}

impl<R: Render> Work<'_, R> {
    /// Score and render `rows`; `first` is the index (across all inputs) of the first.
    /// Each row makes its program given one done with, to refill (or drop).
    fn chunk<'r, P: FnOnce(Program) -> Result<Program, InputError>>(
        &self,
        rows: impl Iterator<Item = (P, Option<RawRow<'r>>)>,
        first: usize,
        scratch: &mut Normalized,
    ) -> Scored<R::Chunk> {
        let mut scored = Scored {
            chunk: self.render.chunk(),
            stats: Stats::new(self.ids.len()),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let phrases = self.render.needs_phrases();
        // The last assessment the report gave back: the next fills its lists, and
        // the next program its program's.
        let mut spare: Option<Assessment> = None;
        for (index, (program, raw)) in rows.enumerate() {
            scored.stats.rows += 1;
            match program(spare.as_mut().map(|a| std::mem::take(&mut a.program)).unwrap_or_default()) {
                Err(e) => {
                    scored.stats.errors += 1;
                    self.render.error(&mut scored.chunk, &e, raw);
                    scored.errors.push(e);
                }
                Ok(program) => {
                    let a = self.engine.assess_reusing(program, scratch, phrases, spare.take());
                    scored.stats.add(&a);
                    for note in partake_report::notes(&a) {
                        if scored.warnings.len() < ERRORS_SHOWN {
                            scored.warnings.push(format!("{}: warning: {note}", a.program.source));
                        }
                    }
                    spare = self.render.program(&mut scored.chunk, a, first + index, raw);
                }
            }
        }
        scored
    }
}

/// The writing side of a run: the report, where its bytes go, and what stderr shows.
struct Writer<S> {
    report: S,
    /// Bytes the report made, on their way out.
    buffer: Vec<u8>,
    /// Taken when the run ends, to put the report in place.
    out: Option<crate::output::Destination>,
    stats: Stats,
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

impl<S: Sink> Writer<S> {
    /// Send what the report made so far on its way.
    fn flush(&mut self) {
        if self.closed || self.buffer.is_empty() {
            self.buffer.clear();
            return;
        }
        if let Some(Err(e)) = self.out.as_mut().map(|out| out.write_all(&self.buffer)) {
            self.stop(e);
        }
        self.buffer.clear();
    }

    fn stop(&mut self, e: io::Error) {
        self.closed = true;
        if e.kind() != io::ErrorKind::BrokenPipe {
            self.failed = Some(format!("cannot write the report: {e}"));
        }
    }

    fn begin(&mut self) {
        if !std::mem::replace(&mut self.begun, true) {
            self.report.begin(&mut self.buffer);
            self.flush();
        }
    }

    /// Warnings go to stderr as they come, the first few; the summary counts them all.
    fn report_warnings(&mut self, warnings: &[String]) {
        for line in warnings {
            if !self.quiet && self.shown_warnings < ERRORS_SHOWN {
                let line = for_terminal(line);
                self.progress.suspend(|| crate::say!("{line}"));
            }
            self.shown_warnings += 1;
        }
    }

    /// Errors go to stderr as they come, the first few in full.
    fn report_errors(&mut self, errors: &[InputError]) {
        for e in errors {
            if self.shown_errors < ERRORS_SHOWN {
                let line = for_terminal(&e.to_string());
                self.progress.suspend(|| crate::say!("{line}"));
            }
            self.shown_errors += 1;
        }
    }

    fn chunk(&mut self, scored: Scored<<S::Render as Render>::Chunk>) {
        self.report.write(scored.chunk, &mut self.buffer);
        self.flush();
        self.stats.merge(&scored.stats);
        self.report_errors(&scored.errors);
        self.report_warnings(&scored.warnings);
    }

    /// A whole input that could not be read.
    fn input_error(&mut self, e: InputError) {
        self.stats.errors += 1;
        self.report_errors(std::slice::from_ref(&e));
        self.report.input_error(&e, &mut self.buffer);
        self.flush();
    }

    /// The report's end; with nothing read, only reports that say why are written.
    fn finish(&mut self) {
        if !self.begun && self.report.written_when_nothing_read() {
            self.begin();
        }
        if self.begun {
            self.report.finish(&self.stats, &mut self.buffer);
            self.flush();
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
        let note = for_terminal(note);
        self.progress.suspend(|| crate::say!("{}: note: {}", for_terminal(path), note));
    }
}

/// Score `inputs` (CSV inventories, and any YAML specs among them) as one stream.
/// `errors` are the inputs that could not be found; they count like any other.
/// Returns whether every row was read and scored, or the message of a failure to write.
pub fn run(engine: &Engine, inputs: &[Input], errors: Vec<InputError>, settings: &Settings) -> Result<bool, String> {
    let ids = engine.models.ids();
    let first = inputs.iter().find(|i| i.kind == InputKind::Csv).map(|first| Inventory::open(first, &settings.csv));
    // A byte-order mark in, a byte-order mark out: the spreadsheet that wrote the
    // inventory then reads the report in the same encoding.
    let bom = settings.bom || matches!(&first, Some(Ok(inventory)) if inventory.bom);
    // The first inventory's header shapes the CSV output.
    let (passthrough, delimiter) = match &first {
        Some(Ok(inv)) => (inv.plan.names.clone(), inv.delimiter),
        _ => (Vec::new(), settings.csv.delimiter.unwrap_or(b',')),
    };
    // A CSV report has one header, the first inventory's: others must match it.
    let one_header = (settings.format == Format::Csv).then(|| passthrough.clone());
    let run = Run { engine, inputs, errors, settings, first, one_header };
    match settings.format {
        Format::Table => run.with(TableSink::new(engine, settings.color, settings.width)),
        Format::Json => run.with(JsonSink::new(engine)),
        Format::Jsonl => run.with(JsonLinesSink::new(engine)),
        Format::Markdown => run.with(MarkdownSink::new(ids)),
        Format::Html => run.with(HtmlReport::new(engine)),
        Format::Csv => {
            let layout = Layout { ids, passthrough, delimiter, formula_guard: settings.formula_guard };
            run.with(CsvSink { layout, bom, header: settings.output_header })
        }
    }
}

/// One run's inputs, whatever its report.
struct Run<'a> {
    engine: &'a Engine,
    inputs: &'a [Input],
    errors: Vec<InputError>,
    settings: &'a Settings,
    /// The first inventory, opened early: its header and encoding shape the report.
    first: Option<Result<Inventory, InputError>>,
    /// The columns every inventory must have, when the report has room for only one header.
    one_header: Option<Vec<String>>,
}

impl Run<'_> {
    fn with<S: Sink>(mut self, report: S) -> Result<bool, String> {
        let settings = self.settings;
        let out = crate::output::Destination::open(settings.output.as_deref())?;
        let work = Work { engine: self.engine, ids: self.engine.models.ids(), render: report.render() };
        let mut writer = Writer {
            report,
            buffer: Vec::new(),
            out: Some(out),
            stats: Stats::new(work.ids.len()),
            shown_errors: 0,
            shown_warnings: 0,
            quiet: settings.quiet,
            closed: false,
            failed: None,
            // The bar starts hidden and only appears once the work proves long.
            progress: ProgressBar::hidden(),
            started: Instant::now(),
            begun: false,
            may_show_progress: settings.progress,
        };
        for e in std::mem::take(&mut self.errors) {
            writer.input_error(e);
        }
        for input in self.inputs {
            if writer.closed {
                break;
            }
            match input.kind {
                InputKind::Yaml => {
                    writer.begin();
                    yaml(&mut writer, &work, input)
                }
                InputKind::Csv => {
                    let inventory = match self.first.take() {
                        Some(first) => first,
                        None => Inventory::open(input, &settings.csv),
                    };
                    match inventory {
                        Ok(inv) if self.one_header.as_ref().is_some_and(|names| *names != inv.plan.names) => {
                            writer.input_error(InputError::new(
                                ErrorCode::Csv,
                                Source::file(&inv.path),
                                "its columns differ from the first inventory's, and a CSV report has one header; \
score it in a run of its own",
                            ));
                        }
                        Ok(inv) => {
                            writer.begin();
                            stream(&mut writer, &work, inv, settings)
                        }
                        Err(e) => writer.input_error(e),
                    }
                }
            }
        }
        writer.finish();
        // The report appears only now, whole; a failed write leaves no file that looks complete.
        if let Some(out) = writer.out.take() {
            if writer.failed.is_none() {
                if let Err(message) = out.finish() {
                    writer.failed = Some(message);
                }
            }
        }
        writer.progress.finish_and_clear();
        if let Some(message) = writer.failed.take() {
            return Err(message);
        }
        if !settings.quiet {
            summary(&writer, self.inputs.len());
        }
        Ok(writer.stats.errors == 0)
    }
}

/// YAML specs among the inventories: small, read whole, scored like rows.
fn yaml<S: Sink>(writer: &mut Writer<S>, work: &Work<S::Render>, input: &Input) {
    let results = crate::pipeline::read_specs(std::slice::from_ref(input), work.engine);
    let first = writer.stats.rows;
    let chunks: Vec<_> = results
        .par_chunks(CHUNK)
        .enumerate()
        .map_init(Normalized::default, |scratch, (i, chunk)| {
            work.chunk(chunk.iter().map(|r| (|_| r.clone(), None)), first + i * CHUNK, scratch)
        })
        .collect();
    for chunk in chunks {
        writer.chunk(chunk);
    }
}

/// Rows read, waiting to be scored.
struct Batch {
    records: Vec<Record>,
    len: usize,
    /// The data row number of `records[0]`, from 1.
    first_row: usize,
    /// Bytes of the input read by the end of this batch.
    position: u64,
    notes: Vec<String>,
    /// A read error ends the input after this batch.
    error: Option<InputError>,
}

fn stream<S: Sink>(writer: &mut Writer<S>, work: &Work<S::Render>, mut inventory: Inventory, settings: &Settings) {
    if !settings.quiet {
        writer.note(&inventory.path, &inventory.plan.statement());
        for name in &inventory.plan.near_misses {
            writer.note(&inventory.path, &format!("warning: {}", inventory.plan.near_miss_warning(name)));
        }
        for note in inventory.notes.drain(..) {
            writer.note(&inventory.path, &note);
        }
    }
    let plan = inventory.plan.clone();
    // Per column, its name in JSON when it is the inventory's own (feeds no field).
    let passthrough: Vec<Option<String>> =
        plan.json_names.iter().enumerate().map(|(i, name)| (!plan.is_field(i)).then(|| name.clone())).collect();
    let path = inventory.path.clone();
    let delimiter = inventory.delimiter;
    if let Some(size) = inventory.size {
        writer.progress.set_length(size);
        writer.progress.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} [{wide_bar}] {percent:>3}% {msg} ETA {eta}")
                .expect("a valid template"),
        );
    } else {
        writer.progress.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("a valid template"));
    }
    writer.progress.set_position(0);
    let rows_before = writer.stats.rows;
    let (batches_tx, batches_rx) = sync_channel::<Batch>(2);
    let (scored_tx, scored_rx) = sync_channel::<(Batch, Vec<Scored<_>>)>(2);
    let (recycle_tx, recycle_rx) = channel::<Vec<Record>>();
    std::thread::scope(|scope| {
        scope.spawn(move || loop {
            let mut records = recycle_rx.try_recv().unwrap_or_default();
            records.resize_with(BATCH, Record::default);
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
        let written = scope.spawn(|| {
            for (mut batch, chunks) in scored_rx {
                if !settings.quiet {
                    for note in batch.notes.drain(..) {
                        writer.note(&path, &note);
                    }
                }
                for chunk in chunks {
                    writer.chunk(chunk);
                }
                if let Some(e) = batch.error.take() {
                    writer.input_error(e);
                }
                let rows = writer.stats.rows;
                let rate = rows as f64 / writer.started.elapsed().as_secs_f64().max(1e-3);
                writer.progress.set_position(batch.position);
                writer.progress.set_message(format!("{} rows, {}/s", thousands(rows), thousands(rate as usize)));
                writer.show_progress_if_long();
                if writer.closed {
                    break;
                }
                let _ = recycle_tx.send(batch.records);
            }
        });
        let mut done = rows_before;
        for batch in batches_rx {
            let chunks: Vec<_> = batch.records[..batch.len]
                .par_chunks(CHUNK)
                .enumerate()
                .map_init(Normalized::default, |scratch, (i, records)| {
                    let first_row = batch.first_row + i * CHUNK;
                    let rows = records.iter().enumerate().map(|(j, record)| {
                        let (plan, path, ids) = (&plan, &path, &work.ids);
                        let program =
                            move |spare| plan.program_into(&record.cells, (path, first_row + j), delimiter, ids, spare);
                        let split_at = record.plain.then_some(delimiter);
                        (program, Some(RawRow { cells: &record.cells, split_at, passthrough: &passthrough }))
                    });
                    work.chunk(rows, done + i * CHUNK, scratch)
                })
                .collect();
            done += batch.len;
            if scored_tx.send((batch, chunks)).is_err() {
                break;
            }
        }
        drop(scored_tx);
        let _ = written.join();
    });
}

/// The one line on stderr at the end.
fn summary<S>(writer: &Writer<S>, files: usize) {
    let stats = &writer.stats;
    let seconds = writer.started.elapsed().as_secs_f64();
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
        if writer.shown_errors > ERRORS_SHOWN {
            line.push_str(&format!(" ({ERRORS_SHOWN} shown above; every one is in the report)"));
        }
    }
    crate::say!("{line}");
}
