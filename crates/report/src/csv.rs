//! CSV: one row per program or failed row — the scores first, then every
//! column of the input row, unchanged, so the scores join back to the consultant's
//! own columns.
//!
//! Cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
//! or CR, unless the cell is a plain number) get a leading `'` unless the guard is
//! turned off: an inventory is often a file from someone else, opened in Excel.

use crate::sink::{RawRow, Render, Sink};
use crate::stats::Stats;
use csv::{ByteRecord, Writer, WriterBuilder};
use partake_core::score::Assessment;
use partake_core::spec::{InputError, Source};
use std::borrow::Cow;

/// The shape of every row: the model columns, the input's columns, how to write them.
#[derive(Debug, Clone)]
pub struct Layout {
    pub ids: Vec<String>,
    /// The input's column names, carried through after the scores.
    pub passthrough: Vec<String>,
    pub delimiter: u8,
    pub formula_guard: bool,
}

/// `score --format csv`: a row per program or failed row, the inventory's own cells after the scores.
pub struct CsvSink {
    pub layout: Layout,
    /// Start with a byte-order mark, for the spreadsheet that wrote the inventory with one.
    pub bom: bool,
    pub header: bool,
}

impl Render for Layout {
    type Chunk = Writer<Vec<u8>>;

    fn chunk(&self) -> Self::Chunk {
        writer(self)
    }
    fn program(&self, chunk: &mut Self::Chunk, a: Assessment, _index: usize, row: Option<RawRow>) {
        Layout::program(self, chunk, &a, row.map(|r| r.cells)).expect("writes to memory");
    }
    fn error(&self, chunk: &mut Self::Chunk, e: &InputError, row: Option<RawRow>) {
        Layout::error(self, chunk, e, row.map(|r| r.cells)).expect("writes to memory");
    }
}

impl Sink for CsvSink {
    type Render = Layout;

    fn render(&self) -> Layout {
        self.layout.clone()
    }
    fn begin(&mut self, out: &mut Vec<u8>) {
        if self.bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        if self.header {
            let mut w = writer(&self.layout);
            self.layout.header(&mut w).expect("writes to memory");
            out.extend_from_slice(&w.into_inner().expect("writes to memory"));
        }
    }
    fn write(&mut self, chunk: Writer<Vec<u8>>, out: &mut Vec<u8>) {
        out.extend_from_slice(&chunk.into_inner().expect("writes to memory"));
    }
    /// A whole input that could not be read has no row to stand in: its error is on stderr.
    fn input_error(&mut self, _e: &InputError, _out: &mut Vec<u8>) {}
    fn finish(&mut self, _stats: &Stats, _out: &mut Vec<u8>) {}
}

/// A writer of rows into memory; each worker fills its own, and the bytes are joined in order.
pub fn writer(layout: &Layout) -> Writer<Vec<u8>> {
    WriterBuilder::new().delimiter(layout.delimiter).flexible(true).from_writer(Vec::with_capacity(64 * 1024))
}

/// Whether a spreadsheet would run `cell` as a formula. OWASP's rule: any cell that
/// starts with `=`, `+`, `-`, `@`, tab or carriage return, unless it is a plain
/// number (`-5`, `+1.25`); `-1+1` and `-2+3+cmd|...` are formulas.
pub fn is_formula(cell: &[u8]) -> bool {
    matches!(cell.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')) && !is_plain_number(cell)
}

/// An optional sign, digits, and at most one decimal point among them: nothing a
/// spreadsheet could evaluate.
fn is_plain_number(cell: &[u8]) -> bool {
    let digits = cell.strip_prefix(b"-").or_else(|| cell.strip_prefix(b"+")).unwrap_or(cell);
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(dot) => (&digits[..dot], &digits[dot + 1..]),
        None => (digits, &b""[..]),
    };
    !(whole.is_empty() && fraction.is_empty()) && whole.iter().chain(fraction).all(u8::is_ascii_digit)
}

impl Layout {
    fn text<'a>(&self, cell: &'a [u8]) -> Cow<'a, [u8]> {
        if self.formula_guard && is_formula(cell) {
            let mut guarded = Vec::with_capacity(cell.len() + 1);
            guarded.push(b'\'');
            guarded.extend_from_slice(cell);
            Cow::Owned(guarded)
        } else {
            Cow::Borrowed(cell)
        }
    }

    pub fn header(&self, w: &mut Writer<Vec<u8>>) -> csv::Result<()> {
        for name in ["source", "program", "primary", "secondary", "hybrid"] {
            w.write_field(name)?;
        }
        for id in &self.ids {
            w.write_field(self.text(id.as_bytes()))?;
        }
        w.write_field("mutual_benefit")?;
        w.write_field("recognized")?;
        w.write_field("error")?;
        for name in &self.passthrough {
            w.write_field(self.text(name.as_bytes()))?;
        }
        w.write_record(None::<&[u8]>)
    }

    pub fn program(&self, w: &mut Writer<Vec<u8>>, a: &Assessment, raw: Option<&ByteRecord>) -> csv::Result<()> {
        let mut buf = [0; 256];
        w.write_field(self.text(&source(&a.program.source, &mut buf)))?;
        w.write_field(self.text(a.program.name.as_bytes()))?;
        w.write_field(a.primary_id().unwrap_or(""))?;
        w.write_field(a.secondary_id().unwrap_or(""))?;
        w.write_field(if a.verdict.hybrid { "true" } else { "false" })?;
        let mut digits = [0u8; 3];
        for s in &a.verdict.scores {
            w.write_field(number(s.score, &mut digits))?;
        }
        w.write_field(number(a.mutual.score, &mut digits))?;
        // `false` when none of the row's text was read: its scores then mean nothing.
        w.write_field(if a.recognised { "true" } else { "false" })?;
        w.write_field("")?;
        self.passthrough(w, raw)
    }

    pub fn error(&self, w: &mut Writer<Vec<u8>>, e: &InputError, raw: Option<&ByteRecord>) -> csv::Result<()> {
        w.write_field(self.text(e.source.to_string().as_bytes()))?;
        for _ in 0..4 + self.ids.len() + 2 {
            w.write_field("")?;
        }
        w.write_field(self.text(e.message.as_bytes()))?;
        self.passthrough(w, raw)
    }

    /// The input row's cells as they came; a short row is padded so the columns stay
    /// aligned, and a long row keeps its extra cells (nothing is lost).
    fn passthrough(&self, w: &mut Writer<Vec<u8>>, raw: Option<&ByteRecord>) -> csv::Result<()> {
        let cells = raw.map_or(0, ByteRecord::len);
        if let Some(raw) = raw {
            for cell in raw {
                w.write_field(self.text(cell))?;
            }
        }
        for _ in cells..self.passthrough.len() {
            w.write_field("")?;
        }
        w.write_record(None::<&[u8]>)
    }
}

/// A source as reports show it. A CSV row's (`path:row N`, on every row) is put
/// together in `buf`: formatting it into a new string took longer than writing the row.
fn source<'a>(source: &Source, buf: &'a mut [u8; 256]) -> Cow<'a, [u8]> {
    const ROW: &[u8] = b":row ";
    let path = source.path.as_bytes();
    match source.row {
        Some(mut row) if path.len() + ROW.len() + 20 <= buf.len() => {
            buf[..path.len()].copy_from_slice(path);
            buf[path.len()..path.len() + ROW.len()].copy_from_slice(ROW);
            let digits = &mut buf[path.len() + ROW.len()..];
            let mut n = 0;
            loop {
                digits[n] = b'0' + (row % 10) as u8;
                n += 1;
                row /= 10;
                if row == 0 {
                    break;
                }
            }
            digits[..n].reverse();
            Cow::Borrowed(&buf[..path.len() + ROW.len() + n])
        }
        _ => Cow::Owned(source.to_string().into_bytes()),
    }
}

/// A score (0–100) as decimal digits, without allocating.
fn number(n: u8, buf: &mut [u8; 3]) -> &[u8] {
    let mut at = 3;
    let mut n = n;
    loop {
        at -= 1;
        buf[at] = b'0' + n % 10;
        n /= 10;
        if n == 0 {
            return &buf[at..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_recognised_and_numbers_are_not() {
        for cell in ["=1+1", "+44 20", "@SUM(A1)", "\tx", "\rx", "-x", "-", "-1+1", "-2+3+cmd|' /C calc'!A0", "-.", "+"]
        {
            assert!(is_formula(cell.as_bytes()), "{cell:?}");
        }
        for cell in ["-5", "-1.5", "+7", "-.5", "plain", "", "a=b", "'=quoted", "12"] {
            assert!(!is_formula(cell.as_bytes()), "{cell:?}");
        }
    }

    #[test]
    fn sources_read_as_they_display() {
        for s in [Source::row("in.csv", 7), Source::row("in.csv", 1234567890), Source::line("a.yaml", 3)] {
            assert_eq!(source(&s, &mut [0; 256]).as_ref(), s.to_string().as_bytes());
        }
        let long = Source::row(&"x".repeat(300), 12);
        assert_eq!(source(&long, &mut [0; 256]).as_ref(), long.to_string().as_bytes());
    }

    #[test]
    fn numbers_are_written_without_allocating() {
        let mut buf = [0; 3];
        assert_eq!(number(0, &mut buf), b"0");
        assert_eq!(number(7, &mut buf), b"7");
        assert_eq!(number(42, &mut buf), b"42");
        assert_eq!(number(100, &mut buf), b"100");
    }
}
