//! Markdown: a table for a pull request, a wiki or a slide.

use super::{notes, primary_cell};
use crate::sink::{RawRow, Render, Sink};
use crate::stats::Stats;
use crate::text::for_markdown;
use partake_core::score::Assessment;
use partake_core::spec::InputError;
use std::fmt::Write;

/// The table's header and alignment rows.
pub fn header(model_ids: &[String]) -> String {
    let mut out = String::new();
    let _ = write!(out, "| program | primary |");
    for id in model_ids {
        let _ = write!(out, " {} |", for_markdown(id));
    }
    out.push_str(" mutual benefit | notes |\n|---|---|");
    out.push_str(&"---:|".repeat(model_ids.len() + 1));
    out.push_str("---|\n");
    out
}

/// One program's row, with its line break.
pub fn row(a: &Assessment) -> String {
    let mut out = String::new();
    let _ = write!(out, "| {} | {} |", for_markdown(&a.program.name), for_markdown(&primary_cell(a)));
    for s in &a.verdict.scores {
        let _ = write!(out, " {} |", s.score);
    }
    let _ = writeln!(out, " {} | {} |", a.mutual.score, for_markdown(&notes(a).join("; ")));
    out
}

/// What could not be read, after the table; empty when everything was.
pub fn error_list(errors: &[InputError]) -> String {
    let mut out = String::new();
    if !errors.is_empty() {
        out.push_str("\n**Could not be read:**\n\n");
        for e in errors {
            let _ = writeln!(out, "- `{}`: {}", for_markdown(&e.source.to_string()), for_markdown(&e.message));
        }
    }
    out
}

/// `score --format markdown`: the table as programs come, the errors listed after it.
pub struct MarkdownSink {
    ids: Vec<String>,
    errors: Vec<InputError>,
}

impl MarkdownSink {
    pub fn new(ids: Vec<String>) -> Self {
        MarkdownSink { ids, errors: Vec::new() }
    }
}

/// Markdown rows, one a program.
pub struct MarkdownRows;

#[derive(Default)]
pub struct MarkdownChunk {
    rows: String,
    errors: Vec<InputError>,
}

impl Render for MarkdownRows {
    type Chunk = MarkdownChunk;

    fn chunk(&self) -> MarkdownChunk {
        MarkdownChunk::default()
    }
    fn program(
        &self,
        chunk: &mut MarkdownChunk,
        a: Assessment,
        _index: usize,
        _row: Option<RawRow>,
    ) -> Option<Assessment> {
        chunk.rows.push_str(&row(&a));
        Some(a)
    }
    fn error(&self, chunk: &mut MarkdownChunk, e: &InputError, _row: Option<RawRow>) {
        chunk.errors.push(e.clone());
    }
}

impl Sink for MarkdownSink {
    type Render = MarkdownRows;

    fn render(&self) -> MarkdownRows {
        MarkdownRows
    }
    fn written_when_nothing_read(&self) -> bool {
        true
    }
    fn begin(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(header(&self.ids).as_bytes());
    }
    fn write(&mut self, chunk: MarkdownChunk, out: &mut Vec<u8>) {
        out.extend_from_slice(chunk.rows.as_bytes());
        self.errors.extend(chunk.errors);
    }
    fn input_error(&mut self, e: &InputError, _out: &mut Vec<u8>) {
        self.errors.push(e.clone());
    }
    fn finish(&mut self, _stats: &Stats, out: &mut Vec<u8>) {
        out.extend_from_slice(error_list(&self.errors).as_bytes());
    }
}
