//! CSV: one row per program or failed row — the scores first, then every
//! column of the input row, unchanged, so the scores join back to the consultant's
//! own columns.
//!
//! Cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
//! or CR, unless the cell is a plain number) get a leading `'` unless the guard is
//! turned off: an inventory is often a file from someone else, opened in Excel.

use crate::sink::{RawRow, Render, Sink};
use crate::stats::Stats;
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
    type Chunk = Rows;

    fn chunk(&self) -> Self::Chunk {
        writer(self)
    }
    fn program(
        &self,
        chunk: &mut Self::Chunk,
        a: Assessment,
        _index: usize,
        row: Option<RawRow>,
    ) -> Option<Assessment> {
        Layout::program(self, chunk, &a, row);
        Some(a)
    }
    fn error(&self, chunk: &mut Self::Chunk, e: &InputError, row: Option<RawRow>) {
        Layout::error(self, chunk, e, row);
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
            self.layout.header(&mut w);
            out.extend_from_slice(&w.out);
        }
    }
    fn write(&mut self, mut chunk: Rows, out: &mut Vec<u8>) {
        // Where nothing waits to go out (after each flush), the chunk's bytes become
        // the output's as they are, uncopied.
        match out.is_empty() {
            true => std::mem::swap(out, &mut chunk.out),
            false => out.extend_from_slice(&chunk.out),
        }
    }
    /// A whole input that could not be read has no row to stand in: its error is on stderr.
    fn input_error(&mut self, _e: &InputError, _out: &mut Vec<u8>) {}
    fn finish(&mut self, _stats: &Stats, _out: &mut Vec<u8>) {}
}

/// A writer of rows into memory; each worker fills its own, and the bytes are joined in order.
pub fn writer(layout: &Layout) -> Rows {
    Rows::new(layout.delimiter)
}

/// CSV rows written into memory as the csv crate's writer writes them by default: a
/// field as it is, unless it holds the delimiter, a quote, CR or LF, when it is
/// quoted with its quotes doubled; a row of one empty field is `""`. Most of a row
/// is the input's own cells, which seldom need quotes: they are copied as read,
/// without the general writer's state machine and buffer checks (about a quarter
/// of the time writing a row took).
pub struct Rows {
    pub out: Vec<u8>,
    delimiter: u8,
    /// Where the row being written starts, and how many fields it has so far.
    row_start: usize,
    fields: usize,
    /// The bytes that make a field need quotes.
    special: [bool; 256],
}

impl Rows {
    pub fn new(delimiter: u8) -> Rows {
        let mut special = [false; 256];
        for b in [delimiter, b'"', b'\r', b'\n'] {
            special[usize::from(b)] = true;
        }
        Rows { out: Vec::with_capacity(64 * 1024), delimiter, row_start: 0, fields: 0, special }
    }

    pub fn field(&mut self, cell: impl AsRef<[u8]>) {
        let cell = cell.as_ref();
        if self.fields > 0 {
            self.out.push(self.delimiter);
        }
        self.fields += 1;
        if !self.needs_quotes(cell) {
            self.out.extend_from_slice(cell);
            return;
        }
        self.out.push(b'"');
        for piece in cell.split_inclusive(|&b| b == b'"') {
            self.out.extend_from_slice(piece);
            if piece.last() == Some(&b'"') {
                self.out.push(b'"');
            }
        }
        self.out.push(b'"');
    }

    /// A field known to hold none of the bytes that need quotes.
    pub fn field_unquoted(&mut self, cell: &[u8]) {
        debug_assert!(!self.needs_quotes(cell), "{cell:?} needs quotes");
        if self.fields > 0 {
            self.out.push(self.delimiter);
        }
        self.fields += 1;
        self.out.extend_from_slice(cell);
    }

    /// Whether `cell` holds a byte that needs quotes: eight bytes at a time, each
    /// compared with all four at once (a byte equal to one is a zero byte of their
    /// difference, which the classic has-a-zero-byte test finds), the rest a byte
    /// at a time. Most of a row's bytes are the input's cells, checked here.
    fn needs_quotes(&self, cell: &[u8]) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
        let needles = [self.delimiter, b'"', b'\r', b'\n'].map(|b| u64::from(b) * ONES);
        let mut chunks = cell.chunks_exact(8);
        for chunk in &mut chunks {
            let v = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if needles.iter().any(|&n| has_zero(v ^ n)) {
                return true;
            }
        }
        chunks.remainder().iter().any(|&b| self.special[usize::from(b)])
    }

    pub fn end_row(&mut self) {
        if self.out.len() == self.row_start {
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.push(b'\n');
        (self.row_start, self.fields) = (self.out.len(), 0);
    }
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

    pub fn header(&self, w: &mut Rows) {
        for name in ["source", "program", "primary", "secondary", "hybrid"] {
            w.field(name);
        }
        for id in &self.ids {
            w.field(self.text(id.as_bytes()));
        }
        w.field("mutual_benefit");
        w.field("recognized");
        w.field("error");
        for name in &self.passthrough {
            w.field(self.text(name.as_bytes()));
        }
        w.end_row();
    }

    pub fn program(&self, w: &mut Rows, a: &Assessment, raw: Option<RawRow>) {
        let mut buf = [0; 256];
        w.field(self.text(&source(&a.program.source, &mut buf)));
        w.field(self.text(a.program.name.as_bytes()));
        w.field(a.primary_id().unwrap_or(""));
        w.field(a.secondary_id().unwrap_or(""));
        w.field(if a.verdict.hybrid { "true" } else { "false" });
        let mut digits = [0u8; 3];
        for s in &a.verdict.scores {
            w.field(number(s.score, &mut digits));
        }
        w.field(number(a.mutual.score, &mut digits));
        // `false` when none of the row's text was read: its scores then mean nothing.
        w.field(if a.recognised { "true" } else { "false" });
        w.field("");
        self.passthrough(w, raw);
    }

    pub fn error(&self, w: &mut Rows, e: &InputError, raw: Option<RawRow>) {
        w.field(self.text(e.source.to_string().as_bytes()));
        for _ in 0..4 + self.ids.len() + 2 {
            w.field("");
        }
        w.field(self.text(e.message.as_bytes()));
        self.passthrough(w, raw);
    }

    /// The input row's cells as they came; a short row is padded so the columns stay
    /// aligned, and a long row keeps its extra cells (nothing is lost). Cells split
    /// at this report's delimiter from a line with no quote need no quotes here.
    fn passthrough(&self, w: &mut Rows, raw: Option<RawRow>) {
        let cells = raw.map_or(0, |raw| raw.cells.len());
        if let Some(raw) = raw {
            let plain = raw.split_at == Some(self.delimiter);
            for cell in raw.cells {
                match self.text(cell) {
                    Cow::Borrowed(cell) if plain => w.field_unquoted(cell),
                    cell => w.field(cell),
                }
            }
        }
        for _ in cells..self.passthrough.len() {
            w.field("");
        }
        w.end_row();
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
    fn rows_are_written_as_the_csv_crate_writes_them() {
        let cells: &[&[u8]] = &[
            b"",
            b"plain",
            b"a,b",
            b"say \"hi\"",
            b"\"",
            b"line\nbreak",
            b"cr\r",
            b"semi;colon",
            b"caf\xc3\xa9",
            b"\xff\xfe",
            // Longer than eight bytes: what needs quotes found in each place.
            b"a longer cell that needs nothing at all",
            b"a longer cell, with a comma",
            b"a longer cell; with a semicolon",
            b"a longer cell\twith a tab",
            b"sixteen bytes ok\"",
            b"fifteen bytes..\r",
            b"eight by\n",
            b"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\x80\x81\x7f\x01 no more",
        ];
        let mut rows: Vec<Vec<&[u8]>> = vec![vec![b""], vec![b"", b""], cells.to_vec()];
        rows.extend(cells.iter().map(|c| vec![*c]));
        rows.extend(cells.iter().flat_map(|a| cells.iter().map(move |b| vec![*a, *b])));
        for delimiter in [b',', b';', b'\t'] {
            let mut expected = csv::WriterBuilder::new().delimiter(delimiter).flexible(true).from_writer(Vec::new());
            let mut ours = Rows::new(delimiter);
            for row in &rows {
                for cell in row {
                    expected.write_field(cell).unwrap();
                    ours.field(cell);
                }
                expected.write_record(None::<&[u8]>).unwrap();
                ours.end_row();
            }
            assert_eq!(String::from_utf8_lossy(&ours.out), String::from_utf8_lossy(&expected.into_inner().unwrap()));
        }
    }

    #[test]
    fn cells_split_from_a_plain_line_are_written_as_any_cells_are() {
        let rows: [&[u8]; 3] = [b"=1+1,plain,-5,@x,,caf\xc3\xa9", b"a,b,,c", b"one"];
        for (line, formula_guard) in rows.into_iter().flat_map(|line| [(line, true), (line, false)]) {
            let cells = csv::ByteRecord::from(line.split(|&b| b == b',').collect::<Vec<_>>());
            let layout = Layout { ids: vec![], passthrough: vec!["a".into(); 8], delimiter: b',', formula_guard };
            let written = |split_at| {
                let mut w = Rows::new(b',');
                w.field("score");
                layout.passthrough(&mut w, Some(RawRow { cells: &cells, split_at, passthrough: &[] }));
                w.out
            };
            assert_eq!(written(Some(b',')), written(None));
            assert_eq!(written(Some(b';')), written(None), "split at another delimiter");
        }
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
