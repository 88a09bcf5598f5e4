//! CSV inventories: a header becomes a column plan, each row a program.
//!
//! Opening an inventory sniffs what spreadsheet exports vary in — the encoding
//! (UTF-8 with or without a byte-order mark, UTF-16 with one, Windows-1252) and the
//! delimiter — so the rest of partake only ever sees UTF-8 records. Rows are read
//! into `Record`s the caller reuses (`records` splits them); turning one into a
//! program follows the same value rules as a YAML mapping (`read::values`).

mod records;

use super::values;
use super::Input;
use csv::ByteRecord;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use partake_core::spec::{Declared, ErrorCode, Field, InputError, Item, Program, Source, TextField};
use records::Records;
use std::io::{self, Read};

/// How much of the input is looked at to tell its encoding and delimiter.
const SNIFF_BYTES: usize = 64 * 1024;
/// A row (all its cells) longer than this is refused as it is read, before it can
/// take the memory: it is an unclosed quote far more often than a program.
pub const MAX_ROW_BYTES: u64 = 16 * 1024 * 1024;

/// What a column feeds.
/// The field a column name stands for: case-insensitive, with ` `, `-` and `_` alike.
pub fn field_for_column(name: &str) -> Option<Field> {
    Field::column(&normalise(name))
}

/// The canonical names of the fields a column can feed.
fn field_names() -> Vec<&'static str> {
    Field::COLUMNS.iter().map(|f| f.name()).collect()
}

/// `Network Effect` → `network_effect`, `Beneficiaries.Others` → `beneficiaries.others`.
fn normalise(name: &str) -> String {
    name.trim().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() }).collect()
}

/// Which field each column feeds; the rest are carried through untouched.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The header's names, as written.
    pub names: Vec<String>,
    fields: Vec<Option<Field>>,
    /// Columns that look like a misspelt field: worth a warning, since they are only carried through.
    pub near_misses: Vec<String>,
    /// Columns whose everyday name stands for a field another column already feeds.
    shadowed: Vec<(usize, Field)>,
    /// The names as JSON keys: unique, so a repeated column keeps its cell (`a`, `a (2)`).
    pub json_names: Vec<String>,
}

impl Plan {
    /// Match a header against the fields; `maps` are `--map COLUMN=FIELD` pairs
    /// (FIELD `-` keeps a column out). A map wins, then a field's own name, then an
    /// everyday name from the synonyms file (`read::columns`).
    pub fn new(names: Vec<String>, maps: &[(String, String)]) -> Result<Plan, String> {
        let mut fields: Vec<Option<Field>> = vec![None; names.len()];
        let mut kept_out = vec![false; names.len()];
        for (column, field) in maps {
            let index = names
                .iter()
                .position(|n| n == column)
                .or_else(|| names.iter().position(|n| normalise(n) == normalise(column)))
                .ok_or_else(|| format!("--map {column}={field}: {}", values::unknown("column", column, &names)))?;
            if field.trim() == "-" {
                kept_out[index] = true;
                continue;
            }
            let target = field_for_column(field).ok_or_else(|| {
                format!("--map {column}={field}: {}", values::unknown("field", field, &field_names()))
            })?;
            fields[index] = Some(target);
        }
        for (i, name) in names.iter().enumerate() {
            if fields[i].is_none() && !kept_out[i] {
                fields[i] = field_for_column(name);
            }
        }
        for (i, field) in fields.iter().enumerate() {
            let Some(field) = field else { continue };
            if let Some(j) = fields[..i].iter().position(|f| f.as_ref() == Some(field)) {
                return Err(format!(
                    "columns `{}` and `{}` both hold `{}`; rename one, or send it elsewhere with --map",
                    names[j],
                    names[i],
                    field.name(),
                ));
            }
        }
        let mut shadowed = Vec::new();
        for (i, name) in names.iter().enumerate() {
            if fields[i].is_some() || kept_out[i] {
                continue;
            }
            let Some(field) = super::columns::field_for(name).and_then(field_for_column) else { continue };
            if fields.contains(&Some(field)) {
                shadowed.push((i, field));
            } else {
                fields[i] = Some(field);
            }
        }
        if !fields.contains(&Some(Field::Program)) {
            return Err(missing_program(&names));
        }
        let near_misses = names
            .iter()
            .zip(&fields)
            .zip(&kept_out)
            .filter(|((name, field), kept_out)| {
                field.is_none()
                    && !**kept_out
                    && !name.starts_with("x-")
                    && !shadowed.iter().any(|(i, _)| names[*i] == **name)
                    && partake_core::text::closest(&normalise(name), &field_names()).is_some()
            })
            .map(|((name, _), _)| name.clone())
            .collect();
        let json_names = unique_names(&names);
        Ok(Plan { names, fields, near_misses, shadowed, json_names })
    }

    /// One sentence: which column is read as which field, and which are only
    /// carried through (with why, where a column looks like a field already fed).
    pub fn statement(&self) -> String {
        let read: Vec<String> = self
            .names
            .iter()
            .zip(&self.fields)
            .filter_map(|(name, field)| Some(format!("`{name}` as {}", (*field)?.name())))
            .collect();
        let through: Vec<String> = self
            .names
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.is_field(*i))
            .map(|(i, name)| match self.shadowed.iter().find(|(s, _)| *s == i) {
                Some((_, field)) => {
                    let fed_by = self.fields.iter().position(|f| *f == Some(*field)).map_or("?", |j| &self.names[j]);
                    format!("`{name}` (it could be {}, which `{fed_by}` already feeds)", field.name())
                }
                None => format!("`{name}`"),
            })
            .collect();
        let through = if through.is_empty() { "none".to_string() } else { through.join(", ") };
        format!("columns: read {}; carried through: {through}", read.join(", "))
    }

    /// Whether column `index` feeds a field (rather than being only carried through).
    pub fn is_field(&self, index: usize) -> bool {
        self.fields.get(index).is_some_and(Option::is_some)
    }

    /// The warning for a column that is carried through but looks like a field.
    pub fn near_miss_warning(&self, name: &str) -> String {
        let fields = field_names();
        let best = partake_core::text::closest(&normalise(name), &fields).unwrap_or("?");
        format!(
            "column `{name}` names no field and is only carried through (did you mean `{best}`? pass --map '{name}={best}')"
        )
    }

    /// Read one data row (`row` counts from 1) as a program.
    pub fn program(
        &self,
        record: &ByteRecord,
        path: &str,
        row: usize,
        delimiter: u8,
        model_ids: &[String],
    ) -> Result<Program, InputError> {
        self.program_into(record, (path, row), delimiter, model_ids, Program::default())
    }

    /// As `program`, filling `spare`, a program done with: its strings and lists are
    /// refilled where this row has the same cells, so a batch allocates next to
    /// nothing a row for its programs once warm.
    pub fn program_into(
        &self,
        record: &ByteRecord,
        (path, row): (&str, usize),
        delimiter: u8,
        model_ids: &[String],
        spare: Program,
    ) -> Result<Program, InputError> {
        let here = || Source::row(path, row);
        if record.len() != self.names.len() {
            let shown = if delimiter == b'\t' { "tab".to_string() } else { format!("`{}`", delimiter as char) };
            return Err(InputError::new(
                ErrorCode::Csv,
                here(),
                format!(
                    "this row has {} cell{} but the header has {} columns; is a {shown} inside a cell left unquoted?",
                    record.len(),
                    if record.len() == 1 { "" } else { "s" },
                    self.names.len()
                ),
            ));
        }
        // Only the spare's strings and lists are kept; every other field starts blank.
        // Each is named, so a field added to `Program` is decided on here.
        let Program {
            mut name,
            mut organization,
            source: Source { path: mut source_path, .. },
            texts,
            rewards_none: _,
            beneficiaries: _,
            network_effect: _,
            platform: _,
            expect: _,
        } = spare;
        name.clear();
        source_path.clear();
        source_path.push_str(path);
        let source = Source { path: source_path, line: None, column: None, row: Some(row) };
        let mut program = Program { name, source, texts, ..Program::default() };
        // The lists this row fills; the others are emptied once the row is read.
        let mut filled = [false; 6];
        // Every cell must be text, also those only carried through: the report is text.
        // The row is checked whole, once; a cell at a time only to name one that fails.
        let whole =
            Some(record.as_slice()).filter(|bytes| !bytes.contains(&0)).and_then(|b| std::str::from_utf8(b).ok());
        for (index, bytes) in record.iter().enumerate() {
            let column = &self.names[index];
            // Cells end at an ASCII delimiter or quote, so each is whole characters of the row.
            let cell = match whole.and_then(|row| row.get(record.range(index)?)) {
                Some(cell) => cell,
                None if bytes.contains(&0) => {
                    return Err(InputError::new(
                        ErrorCode::Encoding,
                        here(),
                        format!("column `{column}` holds a NUL byte; is this cell binary data, or the file UTF-16?"),
                    ));
                }
                None => std::str::from_utf8(bytes).map_err(|e| {
                    InputError::new(
                        ErrorCode::Encoding,
                        here(),
                        format!(
                            "column `{column}` is not UTF-8 text (invalid byte at offset {}); save the file as CSV \
UTF-8, or name its encoding with --encoding (windows-1252 for most older exports)",
                            e.valid_up_to()
                        ),
                    )
                })?,
            };
            let Some(field) = self.fields[index] else { continue };
            let invalid = |message: String| {
                InputError::new(ErrorCode::InvalidValue, here(), format!("column `{column}`: {message}"))
            };
            // A blank cell is an absent value: spreadsheets have no other way to leave one out.
            if cell.trim().is_empty() {
                continue;
            }
            match field {
                Field::Program => {
                    program.name.clear();
                    program.name.push_str(cell.trim());
                }
                Field::Organization => {
                    let mut name = organization.take().unwrap_or_default();
                    name.clear();
                    name.push_str(cell.trim());
                    program.organization = Some(name);
                }
                // The summary is one item, as written.
                Field::Text(TextField::Summary) => {
                    filled[TextField::Summary as usize] = true;
                    refill_items(program.items_mut(TextField::Summary), [cell]);
                }
                Field::Text(TextField::Rewards) if values::declares_nothing(cell) => {
                    program.rewards_none = Some(Declared { value: (), line: None })
                }
                Field::Text(text) => {
                    filled[text as usize] = true;
                    refill_items(program.items_mut(text), items(cell));
                }
                Field::ParticipantsBenefit | Field::OrganizationBenefit | Field::OthersBenefit => {
                    let level = Declared { value: values::level(cell).map_err(invalid)?, line: None };
                    let b = &mut program.beneficiaries;
                    match field {
                        Field::ParticipantsBenefit => b.participants = Some(level),
                        Field::OrganizationBenefit => b.organization = Some(level),
                        _ => b.others = Some(level),
                    }
                }
                Field::NetworkEffect | Field::Platform => {
                    let value =
                        values::boolean(cell).ok_or_else(|| invalid(values::not_a_boolean(&values::quoted(cell))))?;
                    let declared = Some(Declared { value, line: None });
                    match field {
                        Field::NetworkEffect => program.network_effect = declared,
                        _ => program.platform = declared,
                    }
                }
                Field::Expect => {
                    program.expect =
                        Some(Declared { value: values::model_id(cell, model_ids).map_err(invalid)?, line: None })
                }
                // A column feeds one party's benefit; no column names the whole mapping.
                Field::Beneficiaries => {}
            }
        }
        for (list, filled) in program.texts.iter_mut().zip(filled) {
            if !filled {
                list.clear();
            }
        }
        if program.name.is_empty() {
            let message = if record.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
                "empty row: every cell is blank".to_string()
            } else {
                let column = self.fields.iter().position(|f| *f == Some(Field::Program)).map(|i| &self.names[i]);
                format!("missing `program`: the `{}` cell is blank, and every program needs a name", column.unwrap())
            };
            return Err(InputError::new(ErrorCode::Missing, here(), message));
        }
        Ok(program)
    }
}

/// `names` made unique for use as keys: a repeated name gets ` (2)`, ` (3)`, … (the
/// first number no other column already has).
fn unique_names(names: &[String]) -> Vec<String> {
    let mut taken: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut seen_twice = Vec::new();
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        if taken.insert(name) {
            out.push(name.clone());
        } else {
            out.push(String::new());
            seen_twice.push(i);
        }
    }
    let mut all: std::collections::HashSet<String> = names.iter().cloned().collect();
    for i in seen_twice {
        let unique = (2..).map(|n| format!("{} ({n})", names[i])).find(|c| !all.contains(c)).expect("unbounded");
        all.insert(unique.clone());
        out[i] = unique;
    }
    out
}

/// The items of a list cell: separated by `;` or line breaks.
/// The items of a list cell: its parts between `;` and line breaks, trimmed, the
/// blank ones left out. Split as bytes, which costs less than a split by
/// characters: every separator is ASCII, so never inside a character.
fn items(cell: &str) -> impl Iterator<Item = &str> {
    let pieces = cell.as_bytes().split(|b| matches!(b, b';' | b'\n' | b'\r'));
    pieces
        .map(move |piece| {
            let from = piece.as_ptr() as usize - cell.as_ptr() as usize;
            cell[from..from + piece.len()].trim()
        })
        .filter(|item| !item.is_empty())
}

/// `list` holds `texts`: the items already there are rewritten in place, keeping
/// their strings; any beyond the last text are dropped.
fn refill_items<'a>(list: &mut Vec<Item>, texts: impl IntoIterator<Item = &'a str>) {
    let mut at = 0;
    for text in texts {
        match list.get_mut(at) {
            Some(item) => {
                item.text.clear();
                item.text.push_str(text);
                item.line = None;
            }
            None => list.push(Item { text: text.to_string(), line: None }),
        }
        at += 1;
    }
    list.truncate(at);
}

/// "no `program` column", with the columns found and the one most likely meant.
fn missing_program(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    let more = if names.len() > 12 { format!(" and {} more", names.len() - 12) } else { String::new() };
    let normalised: Vec<String> = names.iter().map(|n| normalise(n)).collect();
    let likely = partake_core::text::closest("program", &normalised)
        .and_then(|best| normalised.iter().position(|n| n == best))
        .or_else(|| normalised.iter().position(|n| n.contains("program")))
        .or_else(|| normalised.iter().position(|n| n.contains("name")));
    let one_column_of_many = match names {
        [only] => [';', '\t', '|', ','].into_iter().find(|d| only.contains(*d)),
        _ => None,
    };
    let hint = match (one_column_of_many, likely) {
        (Some(d), _) => {
            let shown = if d == '\t' { "tab".to_string() } else { format!("'{d}'") };
            format!("the header reads as one column: are the cells separated by {shown}? pass --delimiter {shown}")
        }
        (None, likely) => match likely {
            Some(i) => format!(
                "did you mean `{}`? Rename that column to `program`, or pass --map '{}=program'",
                names[i], names[i]
            ),
            None => "name the column that holds each program's name `program`, or pass --map COLUMN=program".into(),
        },
    };
    format!("no `program` column: the header has {}{more}; {hint}", shown.join(", "))
}

/// How to read inventories: the command line's CSV options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The field separator; sniffed from the first line when absent.
    pub delimiter: Option<u8>,
    /// The text encoding; sniffed when absent.
    pub encoding: Option<&'static Encoding>,
    /// `--map COLUMN=FIELD` pairs.
    pub maps: Vec<(String, String)>,
    /// `--no-header --columns a,b,c`: there is no header row, these are the names.
    pub columns: Option<Vec<String>>,
}

impl Options {
    /// These options with `over` on top: its delimiter and encoding win, and its
    /// maps come after (so win for the same column).
    pub fn with(&self, over: &Options) -> Options {
        Options {
            delimiter: over.delimiter.or(self.delimiter),
            encoding: over.encoding.or(self.encoding),
            maps: self.maps.iter().chain(&over.maps).cloned().collect(),
            columns: over.columns.clone().or_else(|| self.columns.clone()),
        }
    }
}

/// A delimiter as a user writes it: one character, or `tab`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        d if d.len() == 1 && d.is_ascii() && !matches!(d, "\"" | "\n" | "\r") => Ok(d.as_bytes()[0]),
        d => Err(format!("delimiter {d:?}: expected one character such as , ; | or tab")),
    }
}

/// An encoding by its label (`utf-8`, `windows-1252`, `latin1`, `utf-16le`...).
pub fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| format!("encoding {label:?}: unknown encoding; try utf-8, utf-16le, utf-16be or windows-1252"))
}

/// A `COLUMN=FIELD` pair as `--map` takes it.
pub fn parse_map(text: &str) -> Result<(String, String), String> {
    match text.rsplit_once('=') {
        Some((column, field)) if !column.trim().is_empty() => Ok((column.trim().to_string(), field.trim().to_string())),
        _ => Err(format!("--map {text:?}: expected COLUMN=FIELD, e.g. --map 'Programme=program'")),
    }
}

/// An open inventory, read row by row.
pub struct Inventory {
    pub path: String,
    pub plan: Plan,
    pub delimiter: u8,
    /// The input's size in bytes, when known (not for stdin): for a progress bar.
    pub size: Option<u64>,
    /// What the user should know about how the file was read (an encoding guessed).
    pub notes: Vec<String>,
    /// The input began with a byte-order mark: a CSV report of it gets one too, so
    /// the spreadsheet that wrote it reads the report in the same encoding.
    pub bom: bool,
    records: Records,
    rows: usize,
}

/// A data row as read: its cells, and whether the row was one line with no quote and
/// no carriage return, so that none of them holds the inventory's delimiter, a quote,
/// CR or LF, and they can be written back as they are.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub cells: ByteRecord,
    pub plain: bool,
}

impl Inventory {
    pub fn open(input: &Input, options: &Options) -> Result<Inventory, InputError> {
        let path = input.shown.clone();
        let fail = |message: String| InputError::new(ErrorCode::File, Source::file(&path), message);
        let (source, size): (Box<dyn Read + Send>, Option<u64>) = if input.is_stdin() {
            (Box::new(io::stdin()), None)
        } else {
            let file = std::fs::File::open(&path).map_err(|e| fail(format!("cannot open: {e}")))?;
            let size = file.metadata().ok().map(|m| m.len());
            (Box::new(file), size)
        };
        Inventory::from_source(path, source, size, options)
    }

    /// An inventory read from any source (a file, stdin, an older version out of git);
    /// `path` is how errors name it, `size` its length when known.
    pub fn from_source(
        path: String,
        mut source: Box<dyn Read + Send>,
        size: Option<u64>,
        options: &Options,
    ) -> Result<Inventory, InputError> {
        let fail = |message: String| InputError::new(ErrorCode::Csv, Source::file(&path), message);
        let mut prefix = Vec::with_capacity(SNIFF_BYTES);
        (&mut source)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut prefix)
            .map_err(|e| fail(format!("cannot read: {e}")))?;
        let mut notes = Vec::new();
        let (encoding, bom) = sniff_encoding(&prefix, options.encoding, &mut notes).map_err(fail)?;
        let decoded_prefix = encoding.decode_without_bom_handling(&prefix[bom..]).0.into_owned();
        let expected = options.columns.as_ref().map(Vec::len);
        let delimiter = options.delimiter.unwrap_or_else(|| sniff_delimiter(&decoded_prefix, expected));
        let rest = io::Cursor::new(prefix).chain(source);
        let text: Box<dyn Read + Send> = if encoding == UTF_8 {
            let mut rest = rest;
            io::copy(&mut (&mut rest).take(bom as u64), &mut io::sink()).map_err(|e| fail(e.to_string()))?;
            Box::new(rest)
        } else {
            Box::new(Decoding::new(rest, encoding.new_decoder_with_bom_removal()))
        };
        let mut records = Records::new(text, delimiter, MAX_ROW_BYTES);
        let names = match &options.columns {
            Some(columns) => columns.iter().map(|c| c.trim().to_string()).collect(),
            None => {
                let mut header = ByteRecord::new();
                match records.read(&mut header) {
                    Ok(Some(_)) => {}
                    Ok(None) => return Err(fail("empty file: an inventory starts with a header row".into())),
                    Err(e) => return Err(fail(format!("cannot read the header: {}", read_error(&e)))),
                }
                header.iter().map(|cell| String::from_utf8_lossy(cell).trim().to_string()).collect::<Vec<_>>()
            }
        };
        let plan = Plan::new(names, &options.maps).map_err(fail)?;
        Ok(Inventory { path, plan, delimiter, size, notes, bom: bom > 0, records, rows: 0 })
    }

    /// Read the next row into `record`; `Ok(false)` at the end. The row's cells are
    /// bytes: whether they are text is decided per row (`Plan::program`), so one bad
    /// byte fails its row and changes how no other row is read.
    pub fn read(&mut self, record: &mut Record) -> Result<bool, InputError> {
        let read = self.records.read(&mut record.cells).map_err(|e| {
            InputError::new(
                ErrorCode::Csv,
                Source::row(&self.path, self.rows + 1),
                format!("cannot read: {}", read_error(&e)),
            )
        })?;
        let Some(plain) = read else { return Ok(false) };
        record.plain = plain;
        self.rows += 1;
        Ok(true)
    }

    /// Bytes of the input read so far (of the decoded text, for a re-encoded file).
    pub fn position(&self) -> u64 {
        self.records.position()
    }

    /// Data rows read so far.
    pub fn rows_read(&self) -> usize {
        self.rows
    }
}

/// The encoding of the text that starts with `prefix`, and how long its byte-order mark is.
fn sniff_encoding(
    prefix: &[u8],
    declared: Option<&'static Encoding>,
    notes: &mut Vec<String>,
) -> Result<(&'static Encoding, usize), String> {
    if let Some((encoding, bom)) = Encoding::for_bom(prefix) {
        return Ok((encoding, bom));
    }
    if let Some(encoding) = declared {
        if encoding == UTF_8 {
            if let Err(e) = utf8_prefix(prefix) {
                return Err(not_utf8(e));
            }
        }
        return Ok((encoding, 0));
    }
    if prefix.starts_with(b"PK\x03\x04") {
        return Err("this is a spreadsheet workbook (.xlsx), not CSV text; save it as \"CSV UTF-8\" first".into());
    }
    // A header row of UTF-16 without a byte-order mark is ASCII with every other byte
    // NUL. Any other NUL is a bad cell, which fails only its row.
    if let Some(label) = utf16_without_bom(prefix) {
        return Err(format!(
            "not UTF-8 text: it looks like UTF-16 without a byte-order mark; save it as \"CSV UTF-8\", \
or name its encoding with --encoding {label}"
        ));
    }
    // Text with proper UTF-8 sequences is UTF-8 with a few bad rows (each its own
    // error); text with none is an older single-byte export.
    let has_utf8 = prefix.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    match utf8_prefix(prefix) {
        Ok(()) => Ok((UTF_8, 0)),
        Err(_) if has_utf8 => Ok((UTF_8, 0)),
        Err(_) => {
            notes.push("not UTF-8; reading it as Windows-1252 (name the encoding with --encoding)".into());
            Ok((WINDOWS_1252, 0))
        }
    }
}

/// `utf-16le` or `utf-16be` when the first line's bytes alternate between NUL and
/// not: certain enough to say so, for a header row of names.
fn utf16_without_bom(prefix: &[u8]) -> Option<&'static str> {
    let pairs: Vec<&[u8]> = prefix.chunks_exact(2).take(32).collect();
    if pairs.len() < 4 {
        return None;
    }
    if pairs.iter().all(|p| p[0] != 0 && p[1] == 0) {
        Some("utf-16le")
    } else if pairs.iter().all(|p| p[0] == 0 && p[1] != 0) {
        Some("utf-16be")
    } else {
        None
    }
}

/// A CSV reading error in words: the reason a row was refused, or the system's.
fn read_error(e: &io::Error) -> String {
    match e.get_ref() {
        Some(inner) => inner.to_string(),
        None => e.to_string(),
    }
}

/// Whether `prefix` is UTF-8, allowing a character cut off at its end.
fn utf8_prefix(prefix: &[u8]) -> Result<(), usize> {
    match std::str::from_utf8(prefix) {
        Ok(_) => Ok(()),
        Err(e) if e.error_len().is_none() && prefix.len() >= SNIFF_BYTES => Ok(()),
        Err(e) => Err(e.valid_up_to()),
    }
}

fn not_utf8(offset: usize) -> String {
    format!(
        "not UTF-8 text (invalid byte at offset {offset}); save it as \"CSV UTF-8\", or name its encoding \
with --encoding (windows-1252 for most older exports)"
    )
}

/// The delimiter of a CSV whose text starts with `text`: the most frequent of `,` `;`
/// tab `|` in its first line, outside quotes. With a known column count, the one that
/// yields exactly that many cells wins.
fn sniff_delimiter(text: &str, columns: Option<usize>) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    if let Some(n) = columns {
        if let Some(i) = counts.iter().position(|&c| c + 1 == n) {
            return CANDIDATES[i];
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        CANDIDATES[best]
    }
}

/// A reader of UTF-8 text decoded, chunk by chunk, from another encoding.
struct Decoding<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: Read> Decoding<R> {
    fn new(inner: R, decoder: encoding_rs::Decoder) -> Self {
        Decoding { inner, decoder, raw: vec![0; 64 * 1024], out: Vec::new(), at: 0, done: false }
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            let last = n == 0;
            let room = self.decoder.max_utf8_buffer_length(n).unwrap_or(4 * n + 16);
            self.out.resize(room, 0);
            let (_, _, written, _) = self.decoder.decode_to_utf8(&self.raw[..n], &mut self.out, last);
            self.out.truncate(written);
            self.at = 0;
            self.done = last;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn columns_match_fields_loosely() {
        assert_eq!(field_for_column(" Network Effect "), Some(Field::NetworkEffect));
        assert_eq!(field_for_column("network-effect"), Some(Field::NetworkEffect));
        assert_eq!(field_for_column("Beneficiaries.Others"), Some(Field::OthersBenefit));
        assert_eq!(field_for_column("PROGRAM"), Some(Field::Program));
        assert_eq!(field_for_column("owner"), None);
        assert_eq!(field_for_column("x-owner"), None);
    }

    #[test]
    fn a_plan_carries_other_columns_and_warns_about_near_misses() {
        let plan = Plan::new(names(&["Program", "rewardz", "owner"]), &[]).unwrap();
        assert!(plan.is_field(0) && !plan.is_field(1) && !plan.is_field(2));
        assert_eq!(plan.near_misses, ["rewardz"]);
        let maps = [("rewardz".to_string(), "rewards".to_string())];
        let plan = Plan::new(names(&["Program", "rewardz"]), &maps).unwrap();
        assert!(plan.is_field(1) && plan.near_misses.is_empty());
    }

    #[test]
    fn repeated_column_names_get_unique_json_keys() {
        let plan = Plan::new(names(&["program", "a", "a", "a (2)", "1e3"]), &[]).unwrap();
        assert_eq!(plan.json_names, ["program", "a", "a (3)", "a (2)", "1e3"]);
    }

    #[test]
    fn two_columns_for_one_field_are_an_error() {
        let err = Plan::new(names(&["program", "Program"]), &[]).unwrap_err();
        assert_eq!(
            err,
            "columns `program` and `Program` both hold `program`; rename one, or send it elsewhere with --map"
        );
    }

    #[test]
    fn a_program_refilled_from_another_is_the_program_read_afresh() {
        let plan = Plan::new(names(&["program", "organization", "summary", "contributions", "expect"]), &[]).unwrap();
        let ids = vec!["affiliate".to_string()];
        let rows = [
            vec!["Long", "Acme", "One. Two.", "a; b; c; d", "affiliate"],
            vec!["Short", "", "", "e", ""],
            vec!["Middle", "Beta", "Three.", "", ""],
            vec!["Last", "Gamma", "Four.", "f; g", "affiliate"],
        ];
        let mut spare = Program::default();
        for (row, cells) in rows.iter().enumerate() {
            let record = ByteRecord::from(cells.clone());
            let fresh = plan.program(&record, "f.csv", row + 1, b',', &ids).unwrap();
            spare = plan.program_into(&record, ("f.csv", row + 1), b',', &ids, spare).unwrap();
            assert_eq!(spare, fresh, "row {}", row + 1);
        }
    }

    #[test]
    fn rows_become_programs_with_the_shared_value_rules() {
        let plan = Plan::new(names(&["program", "rewards", "platform", "contributions"]), &[]).unwrap();
        let ids = vec!["affiliate".to_string()];
        let row = ByteRecord::from(vec![" P ", "None", "YES", "code; docs\nreviews"]);
        let p = plan.program(&row, "f.csv", 7, b',', &ids).unwrap();
        assert_eq!(p.name, "P");
        assert_eq!(p.source, Source::row("f.csv", 7));
        assert!(p.rewards_none.is_some());
        assert_eq!(p.platform.as_ref().map(|d| d.value), Some(true));
        let items: Vec<&str> = p.items(TextField::Contributions).iter().map(|i| i.text.as_str()).collect();
        assert_eq!(items, ["code", "docs", "reviews"]);

        let row = ByteRecord::from(vec!["P", "", "maybe", ""]);
        let err = plan.program(&row, "f.csv", 2, b',', &ids).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.csv:row 2: column `platform`: expected true or false (or yes/no), found `maybe`"
        );
        let row = ByteRecord::from(vec!["", " ", "", ""]);
        assert_eq!(plan.program(&row, "f.csv", 3, b',', &ids).unwrap_err().message, "empty row: every cell is blank");
    }

    #[test]
    fn the_delimiter_is_sniffed_from_the_first_line() {
        assert_eq!(sniff_delimiter("program,summary,rewards\n", None), b',');
        assert_eq!(sniff_delimiter("program;summary;rewards\r\n", None), b';');
        assert_eq!(sniff_delimiter("program\tsummary\n", None), b'\t');
        assert_eq!(sniff_delimiter("\"a,b\";c;d\n", None), b';', "quoted delimiters do not count");
        assert_eq!(sniff_delimiter("program\n", None), b',');
        // Without a header, a list cell's `;` must not win over the real delimiter.
        assert_eq!(sniff_delimiter("P,a;b;c;d,x\n", Some(3)), b',');
    }

    #[test]
    fn encodings_are_sniffed() {
        let mut notes = Vec::new();
        assert_eq!(sniff_encoding(b"\xef\xbb\xbfprogram", None, &mut notes).unwrap(), (UTF_8, 3));
        assert_eq!(sniff_encoding(b"\xff\xfep\x00", None, &mut notes).unwrap(), (encoding_rs::UTF_16LE, 2));
        assert_eq!(sniff_encoding("café".as_bytes(), None, &mut notes).unwrap().0, UTF_8);
        assert!(notes.is_empty());
        assert_eq!(sniff_encoding(b"caf\xe9", None, &mut notes).unwrap().0, WINDOWS_1252);
        assert_eq!(notes.len(), 1);
        assert!(sniff_encoding(b"caf\xe9", Some(UTF_8), &mut notes).unwrap_err().contains("not UTF-8"));
        assert!(sniff_encoding(b"PK\x03\x04\x00", None, &mut notes).unwrap_err().contains(".xlsx"));
    }

    #[test]
    fn decoding_works_through_any_read_size() {
        let text = "program,summary\nCafé,Über 10% — ok\n";
        let utf16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        // One byte at a time: characters split across reads must come out whole.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let Some((first, rest)) = self.0.split_first() else { return Ok(0) };
                buf[0] = *first;
                self.0 = rest;
                Ok(1)
            }
        }
        let mut out = String::new();
        Decoding::new(Trickle(&utf16), encoding_rs::UTF_16LE.new_decoder_without_bom_handling())
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
    }
}
