//! JSON and JSON Lines: the programs with their scores and evidence, and the errors.
//!
//! The contract (SPEC §6) is these types: what they serialise to is what users parse.
//! A document streams: its head, one program at a time, then the errors.

use crate::sink::{RawRow, Render, Sink};
use crate::stats::Stats;
use partake_core::score::{Assessment, Engine, Fired, Resolved};
use partake_core::spec::{InputError, Level, Source};
use partake_core::suggest::Suggestion;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde::Serialize as DeriveSerialize;

/// A whole document, as `explain --format json` prints it (and `score` streams it).
#[derive(DeriveSerialize)]
pub struct Document<'a, P> {
    #[serde(flatten)]
    pub head: Head<'a>,
    pub programs: Vec<P>,
    pub errors: Vec<Error<'a>>,
}

/// What comes before the programs: the version and the models they were scored with.
#[derive(DeriveSerialize)]
pub struct Head<'a> {
    pub version: &'static str,
    pub models_hash: &'a str,
    pub models: Vec<String>,
}

impl<'a> Head<'a> {
    pub fn of(engine: &'a Engine) -> Head<'a> {
        Head { version: env!("CARGO_PKG_VERSION"), models_hash: &engine.models.hash, models: engine.models.ids() }
    }
}

/// Something that could not be read: where, what to change, and a stable code for
/// the kind of problem.
#[derive(DeriveSerialize)]
pub struct Error<'a> {
    pub source: &'a Source,
    pub message: &'a str,
    pub code: &'static str,
}

impl<'a> From<&'a InputError> for Error<'a> {
    fn from(e: &'a InputError) -> Self {
        Error { source: &e.source, message: &e.message, code: e.code.id() }
    }
}

/// A JSON Lines record for a row that could not be read.
#[derive(DeriveSerialize)]
struct ErrorLine<'a> {
    error: Error<'a>,
}

/// One program: the scores, the ideal and the evidence (SPEC §6).
#[derive(DeriveSerialize)]
pub struct Program<'a> {
    pub program: &'a str,
    pub organization: Option<&'a str>,
    pub source: Source,
    pub primary: Option<&'a str>,
    pub secondary: Option<&'a str>,
    pub hybrid: bool,
    pub scores: Scores<'a>,
    pub mutual_benefit: u8,
    pub recognized: bool,
    /// Only when the spec says what it expects.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect<'a>>,
    pub inferred: Vec<&'static str>,
    pub ideal: Ideal<'a>,
    pub evidence: Vec<Evidence<'a>>,
    pub unrecognized: Vec<Unrecognised<'a>>,
    /// `explain` only: every model with the signals that fired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub models: Option<Vec<ModelSignals<'a>>>,
    /// `explain` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<Vec<SuggestionJson<'a>>>,
    /// A CSV row's own columns, those that feed no field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<Columns<'a>>,
}

#[derive(DeriveSerialize)]
pub struct Expect<'a> {
    pub expect: &'a str,
    pub expect_matches: Option<bool>,
}

/// Scores by model id, in column order.
pub struct Scores<'a>(&'a Assessment);

impl Serialize for Scores<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let scores = &self.0.verdict.scores;
        let mut map = serializer.serialize_map(Some(scores.len()))?;
        for s in scores {
            map.serialize_entry(&*s.id, &s.score)?;
        }
        map.end()
    }
}

/// The input row's cells under their (unique) column names.
pub struct Columns<'a>(RawRow<'a>);

impl Serialize for Columns<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (cell, name) in self.0.cells.iter().zip(self.0.passthrough) {
            if let Some(name) = name {
                map.serialize_entry(name, &String::from_utf8_lossy(cell))?;
            }
        }
        map.end()
    }
}

#[derive(DeriveSerialize)]
pub struct Ideal<'a> {
    pub components: Components,
    pub capped: bool,
    pub beneficiaries: Beneficiaries,
    pub network_effect: bool,
    pub platform: bool,
    pub harmed: bool,
    pub parties: Parties<'a>,
    pub claimed: Vec<Claim>,
    /// `explain` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_reason_signals: Option<Vec<Signal<'a>>>,
    /// `explain` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_signals: Option<Vec<Signal<'a>>>,
}

/// The ideal's components, each 0–100, rounded.
#[derive(DeriveSerialize)]
pub struct Components {
    pub participant: f64,
    pub organization: f64,
    pub others: f64,
    pub same_reason: f64,
    pub health: f64,
}

#[derive(DeriveSerialize)]
pub struct Beneficiaries {
    pub participants: Benefit,
    pub organization: Benefit,
    pub others: Benefit,
}

#[derive(DeriveSerialize)]
pub struct Benefit {
    pub level: &'static str,
    pub inferred: bool,
    pub claimed: bool,
}

impl From<&Resolved<Level>> for Benefit {
    fn from(r: &Resolved<Level>) -> Self {
        Benefit { level: r.value.name(), inferred: r.inferred, claimed: r.claimed }
    }
}

#[derive(DeriveSerialize)]
pub struct Claim {
    pub value: &'static str,
    pub line: Option<usize>,
}

/// What each party gains, gives and risks, by party, each with its evidence.
pub struct Parties<'a>(Vec<(&'static str, Account<'a>)>);

impl Serialize for Parties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (party, account) in &self.0 {
            map.serialize_entry(party, account)?;
        }
        map.end()
    }
}

#[derive(DeriveSerialize)]
pub struct Account<'a> {
    pub gains: Vec<Flow<'a>>,
    pub gives: Vec<Flow<'a>>,
    pub risks: Vec<Flow<'a>>,
}

/// One phrase behind a gain, a gift or a risk, and how it was read.
#[derive(DeriveSerialize)]
pub struct Flow<'a> {
    pub fact: &'a str,
    pub field: Option<&'static str>,
    pub phrase: &'a str,
    pub line: Option<usize>,
    pub reading: Vec<String>,
}

/// A recognised phrase: fact, field, the author's words and line, and how it was read.
#[derive(DeriveSerialize)]
pub struct Evidence<'a> {
    pub fact: &'a str,
    pub field: Option<&'static str>,
    pub phrase: &'a str,
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negates: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receiver: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_instead_of: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrected: Vec<Correction<'a>>,
}

#[derive(DeriveSerialize)]
pub struct Correction<'a> {
    pub written: &'a str,
    pub read_as: &'a str,
}

#[derive(DeriveSerialize)]
pub struct Unrecognised<'a> {
    pub field: &'static str,
    pub text: &'a str,
    pub line: Option<usize>,
}

/// A model's score with the signals that made it.
#[derive(DeriveSerialize)]
pub struct ModelSignals<'a> {
    pub id: &'a str,
    pub score: u8,
    pub raw: f64,
    pub signals: Vec<Signal<'a>>,
}

/// A signal that fired: its weight, the field's weight, the points and the evidence.
#[derive(DeriveSerialize)]
pub struct Signal<'a> {
    pub fact: &'a str,
    pub weight: f64,
    pub field_weight: f64,
    pub points: f64,
    pub evidence: Vec<SignalEvidence<'a>>,
}

#[derive(DeriveSerialize)]
pub struct SignalEvidence<'a> {
    pub field: Option<&'static str>,
    pub phrase: &'a str,
    pub line: Option<usize>,
}

#[derive(DeriveSerialize)]
pub struct SuggestionJson<'a> {
    pub id: &'a str,
    pub advice: &'a str,
    pub changes: &'a [String],
    pub mutual_benefit: u8,
    pub primary: Option<&'a str>,
}

/// JSON text of `value`, on one line or pretty, with the characters JavaScript and
/// line-splitting readers take for line ends (U+2028, U+2029, U+0085) escaped: JSON
/// allows them raw in strings, but a raw one splits a JSON Lines record in two.
pub fn to_text<T: Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    let mut text = Vec::new();
    write_text(&mut text, value, pretty).expect("the report's types serialise");
    String::from_utf8(text).expect("JSON is UTF-8")
}

/// Write `value` as JSON text to `out`, with U+2028, U+2029 and U+0085 escaped (see
/// [`to_text`]), without holding the text whole: for reports as large as their inventories.
pub fn write_text<T: Serialize + ?Sized>(out: &mut dyn std::io::Write, value: &T, pretty: bool) -> std::io::Result<()> {
    let mut escaped = LineEndsEscaped(out);
    let written = if pretty {
        serde_json::to_writer_pretty(&mut escaped, value)
    } else {
        serde_json::to_writer(&mut escaped, value)
    };
    written.map_err(std::io::Error::from)
}

/// A writer that escapes U+2028, U+2029 and U+0085. serde_json writes a string's
/// plain characters in runs cut only at characters it escapes itself (all ASCII),
/// so these three never arrive split across two writes.
struct LineEndsEscaped<'a>(&'a mut dyn std::io::Write);

impl std::io::Write for LineEndsEscaped<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let escape: Option<(usize, &[u8])> = match bytes[i..] {
                [0xE2, 0x80, 0xA8, ..] => Some((3, b"\\u2028")),
                [0xE2, 0x80, 0xA9, ..] => Some((3, b"\\u2029")),
                [0xC2, 0x85, ..] => Some((2, b"\\u0085")),
                _ => None,
            };
            match escape {
                Some((len, with)) => {
                    self.0.write_all(&bytes[start..i])?;
                    self.0.write_all(with)?;
                    i += len;
                    start = i;
                }
                None => i += 1,
            }
        }
        self.0.write_all(&bytes[start..])?;
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// One program as the output contract describes it, plus the ideal's components and the evidence.
pub fn program<'a>(engine: &'a Engine, a: &'a Assessment) -> Program<'a> {
    let m = &a.mutual;
    let facts = &engine.lexicon.facts;
    Program {
        program: &a.program.name,
        organization: a.program.organization.as_deref(),
        source: a.program.source.without_column(),
        primary: a.primary_id(),
        secondary: a.secondary_id(),
        hybrid: a.verdict.hybrid,
        scores: Scores(a),
        mutual_benefit: m.score,
        recognized: a.recognised,
        expect: a.program.expect.as_ref().map(|e| Expect { expect: &e.value, expect_matches: a.expect_matches }),
        inferred: a.inferred(),
        ideal: Ideal {
            components: Components {
                participant: m.components.participant.round(),
                organization: m.components.organization.round(),
                others: m.components.others.round(),
                same_reason: m.components.same_reason.round(),
                health: m.components.health.round(),
            },
            capped: m.capped,
            beneficiaries: Beneficiaries {
                participants: (&m.participants).into(),
                organization: (&m.organization).into(),
                others: (&m.others).into(),
            },
            network_effect: m.network_effect.value,
            platform: m.platform.value,
            harmed: m.harmed,
            parties: parties(engine, a),
            claimed: a.claimed().into_iter().map(|(value, line)| Claim { value, line }).collect(),
            same_reason_signals: None,
            health_signals: None,
        },
        evidence: a
            .understanding
            .hits
            .iter()
            .map(|h| Evidence {
                fact: &facts[h.fact],
                field: h.field.map(|f| f.name()),
                phrase: &h.phrase,
                line: h.line,
                negates: h.negated_from.map(|f| facts[f].as_str()),
                actor: h.actor.map(|r| r.name()),
                receiver: h.receiver.map(|r| r.name()),
                read_instead_of: h.reread_from.map(|f| facts[f].as_str()),
                corrected: h.corrected.iter().map(|(written, read_as)| Correction { written, read_as }).collect(),
            })
            .collect(),
        unrecognized: a
            .understanding
            .unrecognised
            .iter()
            .map(|&(field, index)| {
                let item = &a.program.items(field)[index];
                Unrecognised { field: field.name(), text: &item.text, line: item.line }
            })
            .collect(),
        models: None,
        suggestions: None,
        columns: None,
    }
}

/// What each party gains, gives and risks, each with its evidence (fact, phrase,
/// line, and who acts and receives where the text says).
fn parties<'a>(engine: &'a Engine, a: &'a Assessment) -> Parties<'a> {
    let flows = |hits: &[usize]| -> Vec<Flow<'a>> {
        hits.iter()
            .map(|&i| {
                let h = &a.understanding.hits[i];
                Flow {
                    fact: &engine.lexicon.facts[h.fact],
                    field: h.field.map(|f| f.name()),
                    phrase: &h.phrase,
                    line: h.line,
                    reading: super::reading(engine, a, h),
                }
            })
            .collect()
    };
    Parties(
        engine
            .accounts(a)
            .iter()
            .map(|account| {
                let flows = Account {
                    gains: flows(&account.gains),
                    gives: flows(&account.gives),
                    risks: flows(&account.risks),
                };
                (account.party, flows)
            })
            .collect(),
    )
}

pub fn fired<'a>(engine: &'a Engine, a: &'a Assessment, table: usize, fired: &[Fired]) -> Vec<Signal<'a>> {
    engine
        .signals_shown(table, fired, &a.understanding)
        .iter()
        .map(|f| Signal {
            fact: &engine.lexicon.facts[f.fact],
            weight: f.weight,
            field_weight: f.field_weight,
            points: (f.points() * 10.0).round() / 10.0,
            evidence: f
                .evidence
                .iter()
                .map(|&i| {
                    let h = &a.understanding.hits[i];
                    SignalEvidence { field: h.field.map(|f| f.name()), phrase: &h.phrase, line: h.line }
                })
                .collect(),
        })
        .collect()
}

/// `explain --format json`: the program, every signal per model, the ideal, suggestions.
pub fn explanation<'a>(engine: &'a Engine, a: &'a Assessment, suggestions: &'a [Suggestion]) -> Program<'a> {
    let mut out = program(engine, a);
    out.models = Some(
        a.verdict
            .scores
            .iter()
            .enumerate()
            .map(|(table, s)| ModelSignals {
                id: &s.id,
                score: s.score,
                raw: (s.raw * 10.0).round() / 10.0,
                signals: fired(engine, a, table, &s.fired),
            })
            .collect(),
    );
    out.ideal.same_reason_signals = Some(fired(engine, a, engine.ideal_table(), &a.mutual.same_reason));
    out.ideal.health_signals = Some(fired(engine, a, engine.ideal_table(), &a.mutual.health));
    out.suggestions = Some(
        suggestions
            .iter()
            .map(|s| SuggestionJson {
                id: &s.id,
                advice: &s.advice,
                changes: &s.changes,
                mutual_benefit: s.mutual_benefit,
                primary: s.primary.as_deref(),
            })
            .collect(),
    );
    out
}

/// A row's own columns, when it has any that feed no field.
fn columns(row: Option<RawRow>) -> Option<Columns> {
    row.filter(|r| r.cells.iter().zip(r.passthrough).any(|(_, name)| name.is_some())).map(Columns)
}

/// Indent every line but the first by `by`: a nested value inside a streamed document.
fn indented(text: &str, by: &str) -> String {
    text.replace('\n', &format!("\n{by}"))
}

/// `score --format json`: one document, streamed program by program.
pub struct JsonSink<'e> {
    engine: &'e Engine,
    wrote_program: bool,
    errors: Vec<InputError>,
}

impl<'e> JsonSink<'e> {
    pub fn new(engine: &'e Engine) -> Self {
        JsonSink { engine, wrote_program: false, errors: Vec::new() }
    }
}

/// Programs as JSON objects, for a document (indented) or for JSON Lines (one a line).
#[derive(Clone, Copy)]
pub struct JsonRows<'e> {
    engine: &'e Engine,
    lines: bool,
}

/// What a worker makes of its rows: JSON Lines as bytes; for a document, each
/// program's indented text and the errors, which the writer places.
#[derive(Default)]
pub struct JsonChunk {
    lines: Vec<u8>,
    programs: Vec<String>,
    errors: Vec<InputError>,
}

impl Render for JsonRows<'_> {
    type Chunk = JsonChunk;

    fn needs_phrases(&self) -> bool {
        true
    }
    fn chunk(&self) -> JsonChunk {
        JsonChunk::default()
    }
    fn program(&self, chunk: &mut JsonChunk, a: Assessment, _index: usize, row: Option<RawRow>) -> Option<Assessment> {
        let mut value = program(self.engine, &a);
        value.columns = columns(row);
        if self.lines {
            chunk.lines.extend_from_slice(to_text(&value, false).as_bytes());
            chunk.lines.push(b'\n');
        } else {
            chunk.programs.push(indented(&to_text(&value, true), "    "));
        }
        drop(value);
        Some(a)
    }
    fn error(&self, chunk: &mut JsonChunk, e: &InputError, _row: Option<RawRow>) {
        if self.lines {
            error_line(e, &mut chunk.lines);
        } else {
            chunk.errors.push(e.clone());
        }
    }
}

impl<'e> Sink for JsonSink<'e> {
    type Render = JsonRows<'e>;

    fn render(&self) -> JsonRows<'e> {
        JsonRows { engine: self.engine, lines: false }
    }
    fn written_when_nothing_read(&self) -> bool {
        true
    }
    fn begin(&mut self, out: &mut Vec<u8>) {
        // The head's keys as `Document` writes them, then the programs as they come.
        let serde_json::Value::Object(head) = serde_json::to_value(Head::of(self.engine)).expect("serialises") else {
            unreachable!("a struct serialises to an object")
        };
        let mut text = String::from("{\n");
        for (key, value) in &head {
            text += &format!("  {}: {},\n", to_text(key, false), indented(&to_text(value, true), "  "));
        }
        text += "  \"programs\": [";
        out.extend_from_slice(text.as_bytes());
    }
    fn write(&mut self, chunk: JsonChunk, out: &mut Vec<u8>) {
        for text in chunk.programs {
            out.extend_from_slice(if self.wrote_program { b",\n    " } else { b"\n    " });
            out.extend_from_slice(text.as_bytes());
            self.wrote_program = true;
        }
        self.errors.extend(chunk.errors);
    }
    fn input_error(&mut self, e: &InputError, _out: &mut Vec<u8>) {
        self.errors.push(e.clone());
    }
    fn finish(&mut self, _stats: &Stats, out: &mut Vec<u8>) {
        let errors: Vec<Error> = self.errors.iter().map(Error::from).collect();
        let errors = indented(&to_text(&errors, true), "  ");
        let close = if self.wrote_program { "\n  ]" } else { "]" };
        out.extend_from_slice(format!("{close},\n  \"errors\": {errors}\n}}\n").as_bytes());
    }
}

/// `score --format jsonl`: one line per program or failed row, as they come.
pub struct JsonLinesSink<'e> {
    engine: &'e Engine,
}

impl<'e> JsonLinesSink<'e> {
    pub fn new(engine: &'e Engine) -> Self {
        JsonLinesSink { engine }
    }
}

fn error_line(e: &InputError, out: &mut Vec<u8>) {
    out.extend_from_slice(to_text(&ErrorLine { error: e.into() }, false).as_bytes());
    out.push(b'\n');
}

impl<'e> Sink for JsonLinesSink<'e> {
    type Render = JsonRows<'e>;

    fn render(&self) -> JsonRows<'e> {
        JsonRows { engine: self.engine, lines: true }
    }
    fn write(&mut self, chunk: JsonChunk, out: &mut Vec<u8>) {
        out.extend_from_slice(&chunk.lines);
    }
    fn input_error(&mut self, e: &InputError, out: &mut Vec<u8>) {
        error_line(e, out);
    }
    fn finish(&mut self, _stats: &Stats, _out: &mut Vec<u8>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_and_held_text_escape_line_ends_alike() {
        let value = serde_json::json!({"a": "one\u{2028}two\u{2029}three\u{85}four \"q\" é"});
        for pretty in [false, true] {
            let mut written = Vec::new();
            write_text(&mut written, &value, pretty).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), to_text(&value, pretty));
        }
        assert!(to_text(&value, false).contains("one\\u2028two\\u2029three\\u0085four"));
        // Anything else comes out as serde_json writes it.
        assert_eq!(
            to_text(&value, false),
            serde_json::to_string(&value)
                .unwrap()
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029")
                .replace('\u{85}', "\\u0085")
        );
    }
}
