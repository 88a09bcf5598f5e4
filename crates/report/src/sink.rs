//! One sink per report format, fed as programs are scored.
//!
//! A run feeds a report in two halves, so that the costly one runs on every core
//! while the other keeps input order: workers put each outcome into a chunk of
//! their own with the sink's [`Render`] half, and the writer hands the chunks, in
//! input order, to the [`Sink`] itself, between [`Sink::begin`] and [`Sink::finish`].
//! Both append bytes; the driver decides where they go.

use crate::stats::Stats;
use csv::ByteRecord;
use partake_core::score::Assessment;
use partake_core::spec::InputError;

/// An input row as read: reports that carry the inventory's own cells through
/// (CSV, JSON) take them from here.
#[derive(Debug, Clone, Copy)]
pub struct RawRow<'a> {
    pub cells: &'a ByteRecord,
    /// The delimiter the row was split at, when it was one line with no quote and no
    /// carriage return: then none of its cells holds that delimiter, a quote, CR or LF.
    pub split_at: Option<u8>,
    /// Per column: its name in JSON, or `None` when it feeds a spec field.
    pub passthrough: &'a [Option<String>],
}

/// The half of a report that runs on the workers.
pub trait Render: Sync {
    /// What a worker fills with its share of rows; the writer gets it back in order.
    type Chunk: Send;

    /// Whether the evidence must keep the author's words (only reports that print them).
    fn needs_phrases(&self) -> bool {
        false
    }
    /// An empty chunk, for a worker to fill.
    fn chunk(&self) -> Self::Chunk;
    /// A scored program; `index` counts rows across all inputs, from 0. Gives the
    /// assessment back unless the chunk keeps it, so the next row's can reuse its lists.
    fn program(&self, chunk: &mut Self::Chunk, a: Assessment, index: usize, row: Option<RawRow>) -> Option<Assessment>;
    /// A row that could not be read as a program.
    fn error(&self, chunk: &mut Self::Chunk, e: &InputError, row: Option<RawRow>);
}

/// A report format: the writer's half, which takes chunks in input order (on a
/// thread of its own, hence `Send`).
pub trait Sink: Send {
    type Render: Render;

    /// The workers' half, handed out once when a run starts.
    fn render(&self) -> Self::Render;
    /// Whether the report is written even when no input could be read: a JSON
    /// document or a Markdown list of errors says why; an empty table says nothing.
    fn written_when_nothing_read(&self) -> bool {
        false
    }
    /// The report's head, written once, when the first input could be opened.
    fn begin(&mut self, _out: &mut Vec<u8>) {}
    /// A filled chunk, in input order.
    fn write(&mut self, chunk: <Self::Render as Render>::Chunk, out: &mut Vec<u8>);
    /// A whole input that could not be read.
    fn input_error(&mut self, e: &InputError, out: &mut Vec<u8>);
    /// The report's end; `stats` is what the whole run counted.
    fn finish(&mut self, stats: &Stats, out: &mut Vec<u8>);
}
