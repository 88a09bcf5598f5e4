//! YAML specs → programs, with the line of every program and item.
//!
//! serde_yaml alone decides what is valid YAML and what each scalar means (so `no`
//! stays the text "no"); the marked parse in `positions` only says where things are.

use super::positions::{self, Marked};
pub use super::values::unknown;
use super::values::{self, kind};
use partake_core::spec::{Declared, ErrorCode, Field, InputError, Item, Program, Source, TextField};
use serde_yaml::Value;

/// What reading one YAML text yields: programs, and errors for what could not be read.
pub type ReadResult = Vec<Result<Program, InputError>>;

/// Read every program in `text`. Never fails as a whole: each bad document or
/// program becomes an error of its own and the others are still read.
pub fn read_programs(text: &str, path: &str, known_keys: &[String], model_ids: &[String]) -> ReadResult {
    let (documents, error) = documents(text, path);
    let mut out = Vec::new();
    let reader = DocumentReader { path, known_keys, model_ids };
    for Document { value, marks } in documents {
        match value {
            Value::Null => {} // an empty document, e.g. after a trailing `---`
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    let item_mark = marks.as_ref().and_then(|m| m.item(i));
                    push(&mut out, reader.program(item, item_mark));
                }
            }
            other => push(&mut out, reader.program(&other, marks.as_ref())),
        }
    }
    // A syntax error leaves the rest of the stream unreadable: it comes after what was read.
    out.extend(error.map(Err));
    if out.is_empty() {
        // An empty file is more likely a mistake than a spec with nothing in it.
        out.push(Err(InputError::new(
            ErrorCode::Missing,
            Source::at(path, 1, 1),
            "no program in this file: it is empty, or only comments",
        )));
    }
    out
}

/// A program, or every error found in it: each becomes its own entry, so one run
/// shows all there is to fix.
fn push(out: &mut ReadResult, program: Result<Program, Vec<InputError>>) {
    match program {
        Ok(p) => out.push(Ok(p)),
        Err(errors) => out.extend(errors.into_iter().map(Err)),
    }
}

/// One YAML document as every reader sees it: its value, as serde_yaml reads it
/// (what is valid YAML, what each scalar means), and the marked node that says where
/// each part of it is.
pub struct Document {
    pub value: Value,
    pub marks: Option<Marked>,
}

/// The documents of `text`, read through the shared guard (nesting, alias expansion,
/// mapping size) and paired with their positions: the one way specs, model files and
/// policies are read. A syntax error ends the stream; the documents before it come
/// back with it.
pub fn documents(text: &str, path: &str) -> (Vec<Document>, Option<InputError>) {
    let marks = match positions::guard(text) {
        Ok(marked) => marked.documents,
        Err(refused) => return (Vec::new(), Some(refused_error(path, refused))),
    };
    let mut out = Vec::new();
    for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let marks = marks.get(index).cloned().flatten();
        match values::value(document) {
            Ok(value) => out.push(Document { value, marks }),
            Err(err) => {
                // Errors found after parsing (limits) carry no location: the document's start stands in.
                let start = marks.map_or((1, 1), |m| (m.line, m.column));
                return (out, Some(yaml_error(path, &err, start)));
            }
        }
    }
    (out, None)
}

/// The error for a text the shared YAML guard refused.
pub fn refused_error(path: &str, refused: positions::Refused) -> InputError {
    InputError::new(
        ErrorCode::YamlLimit,
        Source::at(path, refused.line, refused.column),
        format!("invalid YAML: {}", refused.message),
    )
}

fn yaml_error(path: &str, err: &serde_yaml::Error, start: (usize, usize)) -> InputError {
    let message = err.to_string();
    // serde_yaml appends " at line L column C"; the location goes in front instead.
    let message = match message.find(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    let source = match err.location() {
        Some(loc) => Source::at(path, loc.line(), loc.column()),
        None => Source::at(path, start.0, start.1),
    };
    let hint = if message.contains("repetition limit") { " (its aliases expand to too much data)" } else { "" };
    InputError::new(ErrorCode::Yaml, source, format!("invalid YAML: {message}{hint}"))
}

struct DocumentReader<'a> {
    path: &'a str,
    known_keys: &'a [String],
    model_ids: &'a [String],
}

/// Positions inside one program mapping.
struct Here<'a> {
    path: &'a str,
    mark: Option<&'a Marked>,
    fallback: (usize, usize),
}

impl<'a> Here<'a> {
    fn node(&self) -> Source {
        match self.mark {
            Some(m) => Source::at(self.path, m.line, m.column),
            None => Source::at(self.path, self.fallback.0, self.fallback.1),
        }
    }
    fn key(&self, key: &str) -> Source {
        match self.mark.and_then(|m| m.entry(key)) {
            Some(e) => Source::at(self.path, e.key_at.0, e.key_at.1),
            None => self.node(),
        }
    }
    fn value(&self, key: &str) -> Here<'a> {
        let mark = self.mark.and_then(|m| m.entry(key)).map(|e| &e.value);
        Here { path: self.path, mark, fallback: self.fallback }
    }
    fn item(&self, index: usize) -> Here<'a> {
        Here { path: self.path, mark: self.mark.and_then(|m| m.item(index)), fallback: self.fallback }
    }
    fn line(&self) -> Option<usize> {
        self.mark.map(|m| m.line)
    }
}

impl DocumentReader<'_> {
    fn program(&self, value: &Value, mark: Option<&Marked>) -> Result<Program, Vec<InputError>> {
        let here = Here { path: self.path, mark, fallback: (1, 1) };
        let Value::Mapping(map) = value else {
            return Err(vec![InputError::new(
                ErrorCode::InvalidValue,
                here.node(),
                format!("expected a program (a mapping with at least `program:`), found {}", kind(value)),
            )]);
        };
        let first_line = mark.map(|m| m.first_key_line()).unwrap_or(1);
        let mut program = Program::new(String::new(), Source::line(self.path, first_line));
        let mut errors: Vec<InputError> = Vec::new();
        let mut has_name = false;
        let has_program_key = map.keys().any(|k| k.as_str() == Some("program"));
        let mut misspelt_name = None;
        for (key, value) in map {
            let Some(key) = key.as_str() else {
                errors.push(InputError::new(
                    ErrorCode::InvalidValue,
                    here.node(),
                    format!("keys must be text, found {}", kind(key)),
                ));
                continue;
            };
            if key.starts_with("x-") {
                continue;
            }
            let at = here.value(key);
            let result = match Field::key(key) {
                Some(Field::Program) => text(value, &at).and_then(|name| match name {
                    Some(name) if !name.trim().is_empty() => {
                        program.name = name.trim().to_string();
                        has_name = true;
                        Ok(())
                    }
                    _ => Err(InputError::new(
                        ErrorCode::InvalidValue,
                        here.key(key),
                        "`program` must be a non-empty name",
                    )),
                }),
                Some(Field::Organization) => {
                    text(value, &at).map(|org| program.organization = org.filter(|o| !o.is_empty()))
                }
                Some(Field::Beneficiaries) => {
                    errors.extend(self.beneficiaries(value, &at, &mut program).err().unwrap_or_default());
                    Ok(())
                }
                Some(Field::NetworkEffect) => boolean(value, &at).map(|b| program.network_effect = b),
                Some(Field::Platform) => boolean(value, &at).map(|b| program.platform = b),
                Some(Field::Expect) => self.expect(value, &at).map(|e| program.expect = e),
                Some(Field::Text(TextField::Rewards)) if declares_nothing(value) => {
                    program.rewards_none = Some(Declared { value: (), line: here.key(key).line });
                    Ok(())
                }
                Some(Field::Text(field)) => items(value, &at).map(|items| *program.items_mut(field) = items),
                // A misspelt `program` is the missing name: one error, said once, below.
                None if !has_program_key && partake_core::text::closest(key, &["program"]).is_some() => {
                    misspelt_name = Some(key);
                    Ok(())
                }
                // `Field::key` gives no per-party CSV column: in YAML they sit under `beneficiaries`.
                None | Some(Field::ParticipantsBenefit | Field::OrganizationBenefit | Field::OthersBenefit) => {
                    Err(InputError::new(ErrorCode::UnknownKey, here.key(key), unknown("key", key, self.known_keys)))
                }
            };
            if let Err(err) = result {
                errors.push(err);
            }
        }
        if !has_name && !has_program_key {
            let error = match misspelt_name {
                Some(key) => InputError::new(
                    ErrorCode::Missing,
                    here.key(key),
                    format!(
                        "missing `program`: unknown key `{key}` (did you mean `program`?); every program needs a name"
                    ),
                ),
                None => {
                    InputError::new(ErrorCode::Missing, here.node(), "missing `program`: every program needs a name")
                }
            };
            errors.insert(0, error);
        }
        if errors.is_empty() {
            Ok(program)
        } else {
            // Every mistake at once, in the order of the file, so one run shows all there is to fix.
            errors.sort_by_key(|e| (e.source.line, e.source.column));
            Err(errors)
        }
    }

    fn beneficiaries(&self, value: &Value, at: &Here, program: &mut Program) -> Result<(), Vec<InputError>> {
        let Value::Mapping(map) = value else {
            if value.is_null() {
                return Ok(()); // `beneficiaries:` with nothing under it: absent, as for any other key
            }
            return Err(vec![InputError::new(
                ErrorCode::InvalidValue,
                at.node(),
                format!("`beneficiaries` must be a mapping of participants/organization/others, found {}", kind(value)),
            )]);
        };
        const PARTIES: [&str; 3] = ["participants", "organization", "others"];
        let mut errors = Vec::new();
        for (key, level) in map {
            let key = key.as_str().unwrap_or("");
            let party = at.value(key);
            if !PARTIES.contains(&key) {
                errors.push(InputError::new(ErrorCode::UnknownKey, at.key(key), unknown("beneficiary", key, &PARTIES)));
                continue;
            }
            if level.is_null() {
                continue; // absent, as for any other key
            }
            let shown = level.as_str().map(str::to_string).unwrap_or_else(|| kind(level).to_string());
            let declared = match values::level(&shown) {
                Ok(level) => Declared { value: level, line: party.line() },
                Err(message) => {
                    errors.push(InputError::new(ErrorCode::InvalidValue, party.node(), message));
                    continue;
                }
            };
            match key {
                "participants" => program.beneficiaries.participants = Some(declared),
                "organization" => program.beneficiaries.organization = Some(declared),
                _ => program.beneficiaries.others = Some(declared),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn expect(&self, value: &Value, at: &Here) -> Result<Option<Declared<String>>, InputError> {
        let Some(id) = text(value, at)? else { return Ok(None) };
        match values::model_id(&id, self.model_ids) {
            Ok(id) => Ok(Some(Declared { value: id, line: at.line() })),
            Err(message) => Err(InputError::new(ErrorCode::InvalidValue, at.node(), message)),
        }
    }
}

/// `none`, `nothing`, `n/a`, `-`, an empty string or an empty list.
fn declares_nothing(value: &Value) -> bool {
    match value {
        Value::Sequence(items) => items.is_empty(),
        Value::String(s) => values::declares_nothing(s),
        _ => false,
    }
}

/// A text value: strings as written, and numbers or booleans as the author typed them.
fn text(value: &Value, at: &Here) -> Result<Option<String>, InputError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => {
            Err(InputError::new(ErrorCode::InvalidValue, at.node(), format!("expected text, found {}", kind(other))))
        }
    }
}

/// A list item written `- creators: income at rates they set`: YAML reads a mapping of
/// one entry, its author meant a line of text with a label. Read back as that text.
fn labelled_text(value: &Value) -> Option<String> {
    let Value::Mapping(map) = value else { return None };
    let (key, text) = map.iter().next().filter(|_| map.len() == 1)?;
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    Some(format!("{}: {}", scalar(key)?, scalar(text)?))
}

/// A text field: one string, or a list of strings; each item keeps its line.
fn items(value: &Value, at: &Here) -> Result<Vec<Item>, InputError> {
    match value {
        Value::Sequence(list) => {
            let mut out = Vec::with_capacity(list.len());
            for (i, element) in list.iter().enumerate() {
                let item_at = at.item(i);
                let text = match labelled_text(element) {
                    Some(text) => Some(text),
                    None => text(element, &item_at)
                        .map_err(|e| InputError { message: format!("{} (list items must be text)", e.message), ..e })?,
                };
                if let Some(text) = text {
                    if !text.trim().is_empty() {
                        out.push(Item { text, line: item_at.line() });
                    }
                }
            }
            Ok(out)
        }
        _ => Ok(text(value, at)?
            .filter(|t| !t.trim().is_empty())
            .map(|text| vec![Item { text, line: at.line() }])
            .unwrap_or_default()),
    }
}

/// `true`/`false`/`yes`/`no`/`on`/`off`, in any case.
fn boolean(value: &Value, at: &Here) -> Result<Option<Declared<bool>>, InputError> {
    let parsed = match value {
        Value::Null => return Ok(None),
        Value::Bool(b) => Some(*b),
        Value::String(s) => values::boolean(s),
        _ => None,
    };
    match parsed {
        Some(b) => Ok(Some(Declared { value: b, line: at.line() })),
        None => Err(InputError::new(ErrorCode::InvalidValue, at.node(), values::not_a_boolean(&shown(value)))),
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => values::quoted(s),
        other => kind(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_labelled_list_item_is_its_text() {
        let p = read("program: P\nrewards:\n  - creators: income at rates they set\n  - plain\n").remove(0).unwrap();
        let texts: Vec<&str> = p.items(TextField::Rewards).iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["creators: income at rates they set", "plain"]);
        // A nested structure is still no text.
        let errors = read("program: P\nrewards:\n  - a: [1, 2]\n");
        assert!(errors[0].as_ref().unwrap_err().message.contains("list items must be text"), "{errors:?}");
    }

    fn read(text: &str) -> ReadResult {
        let keys = partake_core::spec::known_keys();
        let ids: Vec<String> = ["affiliate", "marketplace"].iter().map(|s| s.to_string()).collect();
        read_programs(text, "t.yaml", &keys, &ids)
    }

    fn error(text: &str) -> String {
        match read(text).into_iter().next() {
            Some(Err(e)) => e.to_string(),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn every_item_keeps_its_line() {
        let text = "# comment\nprogram: P\nrewards:\n  - ten percent\n  - a mug\nsummary: >\n  folded\n  text\n";
        let p = read(text).remove(0).unwrap();
        assert_eq!(p.source.line, Some(2));
        let rewards = p.items(TextField::Rewards);
        assert_eq!(rewards.iter().map(|i| i.line).collect::<Vec<_>>(), vec![Some(4), Some(5)]);
        assert_eq!(p.items(TextField::Summary)[0].text, "folded text\n");
        // A block scalar's text starts on the line after its key.
        assert_eq!(p.items(TextField::Summary)[0].line, Some(7));
    }

    #[test]
    fn lists_and_documents_each_hold_programs() {
        let text = "- program: A\n- program: B\n  rewardz: x\n- program: C\n---\nprogram: D\n";
        let results = read(text);
        assert_eq!(results.len(), 4);
        assert_eq!(results[0].as_ref().unwrap().name, "A");
        assert_eq!(
            results[1].as_ref().unwrap_err().to_string(),
            "t.yaml:3:3: unknown key `rewardz` (did you mean `rewards`?)"
        );
        assert_eq!(results[2].as_ref().unwrap().source.line, Some(4));
        assert_eq!(results[3].as_ref().unwrap().source.line, Some(6));
    }

    #[test]
    fn yaml_one_one_booleans_stay_text_and_flags_accept_them() {
        let p = read("program: P\nsummary: no\nrewards: [yes, on]\nplatform: Yes\nnetwork_effect: OFF\n")
            .remove(0)
            .unwrap();
        assert_eq!(p.items(TextField::Summary)[0].text, "no");
        assert_eq!(p.items(TextField::Rewards)[1].text, "on");
        assert_eq!(p.platform.map(|d| d.value), Some(true));
        assert_eq!(p.network_effect.map(|d| d.value), Some(false));
    }

    #[test]
    fn extension_keys_are_ignored_and_nothing_means_nothing() {
        let p = read("program: P\nx-owner: me\nrewards: none\n").remove(0).unwrap();
        assert!(p.rewards_none.is_some());
        assert!(read("program: P\nrewards: []\n").remove(0).unwrap().rewards_none.is_some());
    }

    #[test]
    fn errors_name_the_place_and_suggest() {
        assert_eq!(
            error("program: P\nexpect: afiliate\n"),
            "t.yaml:2:9: unknown model `afiliate` (did you mean `affiliate`?)"
        );
        assert_eq!(
            error("program: P\nbeneficiaries:\n  others: drect\n"),
            "t.yaml:3:11: unknown level `drect` (did you mean `direct`?)"
        );
        assert_eq!(error("summary: x\n"), "t.yaml:1:1: missing `program`: every program needs a name");
        assert_eq!(error("program: [a, b]\n"), "t.yaml:1:10: expected text, found a list");
        assert_eq!(error("# nothing yet\n"), "t.yaml:1:1: no program in this file: it is empty, or only comments");
        assert_eq!(error("program: ''\n"), "t.yaml:1:1: `program` must be a non-empty name");
        assert_eq!(
            error("program: P\nplatform: maybe\n"),
            "t.yaml:2:11: expected true or false (or yes/no), found `maybe`"
        );
        assert_eq!(
            error("program: P\nrewards: [[1]]\n"),
            "t.yaml:2:11: expected text, found a list (list items must be text)"
        );
        assert!(error("program: [unclosed\n").starts_with("t.yaml:2:1: invalid YAML"));
        assert_eq!(
            error("just text\n"),
            "t.yaml:1:1: expected a program (a mapping with at least `program:`), found text"
        );
    }

    #[test]
    fn alias_bombs_are_an_error_not_a_hang() {
        let bomb =
            "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n\
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n";
        assert!(read(bomb)[0].is_err());
    }

    #[test]
    fn integers_past_sixty_four_bits_are_read_not_refused() {
        // Under an extension key it changes nothing; in a text field it is its digits.
        let big = "program: P\nx-id: 100000000000000000000000\nsummary: -170141183460469231731687303715884105728\n";
        let p = read(big).remove(0).unwrap();
        assert_eq!(p.items(TextField::Summary)[0].text, "-170141183460469231731687303715884105728");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("program: P\nsummary: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(read(&deep)[0].is_err());
    }
}
