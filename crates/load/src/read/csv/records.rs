//! An inventory's rows, split exactly as the csv crate's reader splits them with its
//! defaults (any delimiter, rows of any length, blank lines skipped), but faster for
//! the common row: one line with no carriage return, whose quoted cells (if any) end
//! on that line, is split at its delimiters where it lies in the buffer. Any other
//! row, a line longer than the buffer, and the first row (which may start with a
//! byte-order mark) go through the csv crate's own parser, which streams: the buffer
//! never grows.

use csv::ByteRecord;
use csv_core::ReadRecordResult;
use std::io::{self, Read};

/// How much input is read at a time.
const BUFFER: usize = 256 * 1024;

pub(super) struct Records {
    source: Box<dyn Read + Send>,
    delimiter: u8,
    /// Input read and not yet taken as rows: `buffer[start..end]`.
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    /// How far past `start` no line end was found, so a long line is searched once.
    searched: usize,
    /// Bytes dropped from the front of `buffer` so far.
    dropped: u64,
    eof: bool,
    /// The input ended, or failed: every later read finds no row.
    done: bool,
    /// Whether a row has been read yet.
    started: bool,
    /// Whether a row can be one line: not when a line end or a quote is the delimiter.
    lines: bool,
    parser: csv_core::Reader,
    /// The general parser's output: the row's cells, one after another, and where each ends.
    cells: Vec<u8>,
    ends: Vec<usize>,
    max_row: u64,
}

impl Records {
    pub(super) fn new(source: Box<dyn Read + Send>, delimiter: u8, max_row: u64) -> Records {
        Records {
            source,
            delimiter,
            buffer: vec![0; BUFFER],
            start: 0,
            end: 0,
            searched: 0,
            dropped: 0,
            eof: false,
            done: false,
            started: false,
            lines: !matches!(delimiter, b'"' | b'\n' | b'\r'),
            parser: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            cells: vec![0; 1024],
            ends: vec![0; 64],
            max_row,
        }
    }

    /// Bytes of the input taken as rows so far.
    pub(super) fn position(&self) -> u64 {
        self.dropped + self.start as u64
    }

    /// The next row into `record`; `Ok(None)` at the end of the input, else whether
    /// the row was one line with no quote and no carriage return, so that none of its
    /// cells holds the delimiter, a quote, CR or LF. After an error, every later read
    /// finds no row.
    pub(super) fn read(&mut self, record: &mut ByteRecord) -> io::Result<Option<bool>> {
        let read = self.read_row(record);
        if !matches!(read, Ok(Some(_))) {
            self.done = true;
        }
        read
    }

    fn read_row(&mut self, record: &mut ByteRecord) -> io::Result<Option<bool>> {
        record.clear();
        if self.done {
            return Ok(None);
        }
        if !std::mem::replace(&mut self.started, true) {
            // The parser drops a byte-order mark it sees whole in its first input, and
            // takes an input left empty as the end: give it the mark and more.
            while self.end <= 3 && !self.eof {
                self.fill()?;
            }
            return self.parse(record).map(|row| row.then_some(false));
        }
        if !self.lines {
            return self.parse(record).map(|row| row.then_some(false));
        }
        loop {
            let unread = &self.buffer[self.start..self.end];
            let line = match memchr::memchr(b'\n', &unread[self.searched..]) {
                Some(at) => &unread[..self.searched + at],
                None if self.eof => unread,
                None if unread.len() == self.buffer.len() => {
                    // A line longer than the buffer: the parser takes it as it streams
                    // in, so the buffer never grows.
                    self.searched = 0;
                    return self.parse(record).map(|row| row.then_some(false));
                }
                None => {
                    self.searched = unread.len();
                    if self.searched as u64 > self.max_row {
                        return Err(too_long());
                    }
                    self.fill()?;
                    continue;
                }
            };
            if line.is_empty() && !unread.is_empty() {
                // A blank line is no row.
                self.start += 1;
                self.searched = 0;
                continue;
            }
            let quoted = memchr::memchr(b'"', line).is_some();
            let in_place = !unread.is_empty()
                && memchr::memchr(b'\r', line).is_none()
                && if quoted {
                    split_quoted(line, self.delimiter, record)
                } else {
                    split(line, self.delimiter, record);
                    true
                };
            let taken = (line.len() + 1).min(unread.len());
            self.searched = 0;
            if !in_place {
                record.clear();
                return self.parse(record).map(|row| row.then_some(false));
            }
            self.start += taken;
            return Ok(Some(!quoted));
        }
    }

    /// One row through the csv crate's parser, from `start`; `false` at the end.
    fn parse(&mut self, record: &mut ByteRecord) -> io::Result<bool> {
        let (mut written, mut ended, mut taken) = (0, 0, 0u64);
        loop {
            if self.start == self.end && !self.eof {
                self.fill()?;
                continue;
            }
            let (result, read, wrote, ends) = self.parser.read_record(
                &self.buffer[self.start..self.end],
                &mut self.cells[written..],
                &mut self.ends[ended..],
            );
            self.start += read;
            taken += read as u64;
            written += wrote;
            ended += ends;
            if taken > self.max_row {
                return Err(too_long());
            }
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.cells.resize(self.cells.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    let mut from = 0;
                    for &end in &self.ends[..ended] {
                        record.push_field(&self.cells[from..end]);
                        from = end;
                    }
                    return Ok(true);
                }
                ReadRecordResult::End => return Ok(false),
            }
        }
    }

    /// Read more input after what is unread, which moves to the front first. Called
    /// only when the unread bytes do not fill the buffer.
    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buffer.copy_within(self.start..self.end, 0);
            self.dropped += self.start as u64;
            (self.start, self.end) = (0, self.end - self.start);
        }
        debug_assert!(self.end < self.buffer.len(), "room to read into");
        loop {
            match self.source.read(&mut self.buffer[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            return Ok(());
        }
    }
}

/// A line with no quote, split at its delimiters.
fn split(line: &[u8], delimiter: u8, record: &mut ByteRecord) {
    let mut from = 0;
    for at in memchr::memchr_iter(delimiter, line) {
        record.push_field(&line[from..at]);
        from = at + 1;
    }
    record.push_field(&line[from..]);
}

/// A line split at its delimiters, where a cell that starts with a quote runs to the
/// next quote, which the delimiter or the line's end must follow; `false` (and part
/// of a row in `record`) for any other line: a quote doubled or followed by text, or
/// a quoted cell that goes on past the line. A quote inside an unquoted cell is text.
fn split_quoted(line: &[u8], delimiter: u8, record: &mut ByteRecord) -> bool {
    let mut at = 0;
    loop {
        let end = if line.get(at) == Some(&b'"') {
            let Some(close) = memchr::memchr(b'"', &line[at + 1..]).map(|n| at + 1 + n) else { return false };
            if line.get(close + 1).is_some_and(|&b| b != delimiter) {
                return false;
            }
            record.push_field(&line[at + 1..close]);
            close + 1
        } else {
            let end = memchr::memchr(delimiter, &line[at..]).map_or(line.len(), |n| at + n);
            record.push_field(&line[at..end]);
            end
        };
        if end == line.len() {
            return true;
        }
        at = end + 1;
    }
}

fn too_long() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, RowTooLong)
}

/// A row longer than the limit: far more often an unclosed quote than a program.
#[derive(Debug)]
pub(super) struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a row longer than {} MiB; is a quote left open (a cell that starts with \" runs to the next \")?",
            super::MAX_ROW_BYTES / (1024 * 1024)
        )
    }
}

impl std::error::Error for RowTooLong {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A source that hands out a few bytes a read, so rows straddle every read.
    struct Trickle {
        bytes: Vec<u8>,
        at: usize,
        step: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len() - self.at);
            buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    fn ours(input: &[u8], delimiter: u8, step: usize) -> Vec<(Vec<Vec<u8>>, bool)> {
        let source = Box::new(Trickle { bytes: input.to_vec(), at: 0, step });
        let mut records = Records::new(source, delimiter, 1 << 20);
        let mut record = ByteRecord::new();
        let mut rows = Vec::new();
        while let Some(plain) = records.read(&mut record).expect("no error") {
            rows.push((record.iter().map(<[u8]>::to_vec).collect(), plain));
        }
        assert_eq!(
            records.position(),
            input.len() as u64,
            "every byte is taken: {:?} {step} {rows:?}",
            String::from_utf8_lossy(input)
        );
        rows
    }

    fn the_csv_crates(input: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut reader =
            csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(input);
        reader.byte_records().map(|r| r.expect("no error").iter().map(<[u8]>::to_vec).collect()).collect()
    }

    fn same_rows(input: &[u8], delimiter: u8) {
        let expected = the_csv_crates(input, delimiter);
        for step in [1, 2, 3, 7, 64, usize::MAX] {
            let rows = ours(input, delimiter, step);
            let cells: Vec<_> = rows.iter().map(|(cells, _)| cells.clone()).collect();
            assert_eq!(cells, expected, "{:?} read {step} bytes at a time", String::from_utf8_lossy(input));
            for (cells, plain) in rows {
                let special = |cell: &Vec<u8>| cell.iter().any(|b| [delimiter, b'"', b'\r', b'\n'].contains(b));
                assert!(!plain || !cells.iter().any(special), "a plain row holds no byte that needs quotes");
            }
        }
    }

    #[test]
    fn rows_are_split_as_the_csv_crate_splits_them() {
        let inputs: &[&[u8]] = &[
            b"",
            b"\n",
            b"a",
            b"a,b\nc,d",
            b"a,b\nc,d\n",
            b"h\n\n\na,b\n\n",
            b"h\na,,b,\n,\n",
            b"h\r\na,b\r\nc\r\n",
            b"h\ra,b\rc",
            b"h\na\r\n\r\nb\n",
            b"h\n\"a,b\",c\nd,\"e\nf\"\ng\n",
            b"h\n\"a\"\"b\"\n\"\"\n",
            b"h\na\"b,c\"d\n",
            b"h\n\"ab\"c,d\n",
            b"h\n\"never closed\nmore\n",
            b"h\nx,\"\",y\n\"a\",\n\"a\"\n\"a\",\"b\nc\"\n",
            b"h\n \"a\",b\n\"a\" ,b\n\"a,\"\"b\"\n",
            b"\xEF\xBB\xBFh,i\na,b\n",
            b"\xEF\xBB\xBF\xEF\xBB\xBFh\na\n",
            b"h\n\xEF\xBB\xBFa\n",
            b"h\n \n\t\n",
        ];
        for input in inputs {
            for delimiter in [b',', b';', b'\t'] {
                same_rows(input, delimiter);
            }
        }
        let long = format!("h\n{}\n\"{}\",x\n", "a,".repeat(300_000), "b\n".repeat(200_000));
        same_rows(long.as_bytes(), b',');
    }

    #[test]
    fn a_row_longer_than_the_limit_is_refused_and_ends_the_input() {
        for input in [format!("h\n{}\nb\n", "a".repeat(100)), format!("h\n\"{}\nb\n", "a\n".repeat(100))] {
            let source = Box::new(Trickle { bytes: input.into_bytes(), at: 0, step: 7 });
            let mut records = Records::new(source, b',', 64);
            let mut record = ByteRecord::new();
            assert!(matches!(records.read(&mut record), Ok(Some(_))), "the header");
            let error = records.read(&mut record).expect_err("the long row");
            assert!(error.to_string().contains("is a quote left open"), "{error}");
            assert!(matches!(records.read(&mut record), Ok(None)), "nothing after");
        }
    }

    proptest! {
        #[test]
        fn any_text_is_split_as_the_csv_crate_splits_it(
            input in proptest::collection::vec(
                prop_oneof![
                    4 => Just(b'a'),
                    2 => Just(b','),
                    1 => Just(b';'),
                    2 => Just(b'"'),
                    1 => Just(b'\r'),
                    2 => Just(b'\n'),
                    1 => Just(b' '),
                    1 => Just(0xEF),
                    1 => Just(0xBB),
                    1 => Just(0xBF),
                ],
                0..80,
            ),
            delimiter in prop_oneof![Just(b','), Just(b';')],
        ) {
            same_rows(&input, delimiter);
        }
    }
}
