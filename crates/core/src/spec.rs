//! The program spec: what a reader produces and everything downstream consumes.
//!
//! `ProgramSpec` is the serde/JSON-Schema face of the YAML format;
//! `Program` is the same data after reading, with every item's source line kept.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a program, item or error came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// CSV data row, counting from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
}

impl Source {
    pub fn at(path: &str, line: usize, column: usize) -> Self {
        Source { path: path.to_string(), line: Some(line), column: Some(column), row: None }
    }
    pub fn line(path: &str, line: usize) -> Self {
        Source { path: path.to_string(), line: Some(line), column: None, row: None }
    }
    pub fn row(path: &str, row: usize) -> Self {
        Source { path: path.to_string(), line: None, column: None, row: Some(row) }
    }
    pub fn file(path: &str) -> Self {
        Source { path: path.to_string(), line: None, column: None, row: None }
    }
    /// The same source without a column: what a program's own `source` shows.
    pub fn without_column(&self) -> Self {
        Source { column: None, ..self.clone() }
    }
}

/// `path:line:column`, `path:line`, `path:row N` or `path`, as compilers print them.
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, self.line, self.column) {
            (Some(row), _, _) => write!(f, "{}:row {row}", self.path),
            (None, Some(line), Some(col)) => write!(f, "{}:{line}:{col}", self.path),
            (None, Some(line), None) => write!(f, "{}:{line}", self.path),
            _ => write!(f, "{}", self.path),
        }
    }
}

/// A problem with the input: a file, document, program or row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    pub code: ErrorCode,
    pub source: Source,
    pub message: String,
}

impl InputError {
    pub fn new(code: ErrorCode, source: Source, message: impl Into<String>) -> Self {
        InputError { code, source, message: message.into() }
    }
}

/// What kind of input error, as a stable code that tools can match on (in JSON and
/// SARIF). The message says what to change; the code never changes with its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// A file or folder that cannot be found, opened or read, or is too large.
    File,
    /// Text that is not in the encoding it should be (UTF-8), or holds binary data.
    Encoding,
    /// Invalid YAML.
    Yaml,
    /// YAML refused for its shape: nesting too deep, aliases that expand too far, a mapping too large.
    YamlLimit,
    /// A key, field, party or kind that does not exist (with the nearest one that does).
    UnknownKey,
    /// A value of the wrong type, or outside what the key allows.
    InvalidValue,
    /// Something every spec, row or model file must have: a program name, a kind, an id.
    Missing,
    /// An inventory whose rows or header cannot be read as the table they should be.
    Csv,
    /// Model files that contradict themselves or name what they do not define.
    Model,
    /// A setting in `partake.yaml` that cannot be used.
    Policy,
}

impl ErrorCode {
    pub fn id(self) -> &'static str {
        match self {
            ErrorCode::File => "file",
            ErrorCode::Encoding => "encoding",
            ErrorCode::Yaml => "yaml",
            ErrorCode::YamlLimit => "yaml-limit",
            ErrorCode::UnknownKey => "unknown-key",
            ErrorCode::InvalidValue => "invalid-value",
            ErrorCode::Missing => "missing",
            ErrorCode::Csv => "csv",
            ErrorCode::Model => "model",
            ErrorCode::Policy => "policy",
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// How directly a party benefits from a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    None,
    Indirect,
    Direct,
}

impl Level {
    pub const NAMES: [&'static str; 3] = ["none", "indirect", "direct"];

    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" => Some(Level::None),
            "indirect" => Some(Level::Indirect),
            "direct" => Some(Level::Direct),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    /// The share of a full benefit this level stands for.
    pub fn weight(self) -> f64 {
        match self {
            Level::None => 0.0,
            Level::Indirect => 0.5,
            Level::Direct => 1.0,
        }
    }
}

/// The text fields the classifier reads, in the order reports list them. The
/// program's name is read too — "Bug bounty" says a lot in a terse row — but it is
/// no list of items: it is never unrecognised, and it counts wherever the summary does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextField {
    Summary,
    Participants,
    Contributions,
    Rewards,
    Support,
    Safeguards,
    #[serde(rename = "program")]
    Name,
}

impl TextField {
    /// The fields that hold lists of items the author wrote.
    pub const LISTS: [TextField; 6] = [
        TextField::Summary,
        TextField::Participants,
        TextField::Contributions,
        TextField::Rewards,
        TextField::Support,
        TextField::Safeguards,
    ];
    pub fn name(self) -> &'static str {
        match self {
            TextField::Summary => "summary",
            TextField::Participants => "participants",
            TextField::Contributions => "contributions",
            TextField::Rewards => "rewards",
            TextField::Support => "support",
            TextField::Safeguards => "safeguards",
            TextField::Name => "program",
        }
    }
    /// Every field read: the lists, then the name.
    pub fn all() -> impl Iterator<Item = TextField> {
        Self::LISTS.into_iter().chain([TextField::Name])
    }
    pub fn parse(name: &str) -> Option<TextField> {
        Self::all().find(|f| f.name() == name)
    }
    /// A field that holds a list of items (not the name).
    pub fn parse_list(name: &str) -> Option<TextField> {
        Self::LISTS.into_iter().find(|f| f.name() == name)
    }
}

/// Every field a program spec has: the one list by which readers, check rules and
/// reports name fields. YAML specs use [`Field::KEYS`]; a CSV column feeds one of
/// [`Field::COLUMNS`], where `beneficiaries` becomes one column per party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Program,
    Organization,
    Text(TextField),
    /// The `beneficiaries` mapping, all three parties.
    Beneficiaries,
    /// `beneficiaries.participants`, as a CSV column.
    ParticipantsBenefit,
    /// `beneficiaries.organization`, as a CSV column.
    OrganizationBenefit,
    /// `beneficiaries.others`, as a CSV column.
    OthersBenefit,
    NetworkEffect,
    Platform,
    Expect,
}

impl Field {
    /// The keys of a YAML spec.
    pub const KEYS: [Field; 12] = [
        Field::Program,
        Field::Organization,
        Field::Text(TextField::Summary),
        Field::Text(TextField::Participants),
        Field::Text(TextField::Contributions),
        Field::Text(TextField::Rewards),
        Field::Beneficiaries,
        Field::NetworkEffect,
        Field::Platform,
        Field::Text(TextField::Support),
        Field::Text(TextField::Safeguards),
        Field::Expect,
    ];

    /// The fields a CSV column can feed.
    pub const COLUMNS: [Field; 14] = [
        Field::Program,
        Field::Organization,
        Field::Text(TextField::Summary),
        Field::Text(TextField::Participants),
        Field::Text(TextField::Contributions),
        Field::Text(TextField::Rewards),
        Field::ParticipantsBenefit,
        Field::OrganizationBenefit,
        Field::OthersBenefit,
        Field::NetworkEffect,
        Field::Platform,
        Field::Text(TextField::Support),
        Field::Text(TextField::Safeguards),
        Field::Expect,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Program => "program",
            Field::Organization => "organization",
            Field::Text(text) => text.name(),
            Field::Beneficiaries => "beneficiaries",
            Field::ParticipantsBenefit => "beneficiaries.participants",
            Field::OrganizationBenefit => "beneficiaries.organization",
            Field::OthersBenefit => "beneficiaries.others",
            Field::NetworkEffect => "network_effect",
            Field::Platform => "platform",
            Field::Expect => "expect",
        }
    }

    /// The YAML key of this name.
    pub fn key(name: &str) -> Option<Field> {
        Self::KEYS.into_iter().find(|f| f.name() == name)
    }

    /// The CSV field of this canonical name.
    pub fn column(name: &str) -> Option<Field> {
        Self::COLUMNS.into_iter().find(|f| f.name() == name)
    }

    /// Whether a program sets this field. A list with no items (`rewards: []`)
    /// counts when it says "nothing" on purpose.
    pub fn is_set(self, p: &Program) -> bool {
        let b = &p.beneficiaries;
        match self {
            Field::Program => !p.name.is_empty(),
            Field::Organization => p.organization.is_some(),
            Field::Text(TextField::Rewards) => p.rewards_none.is_some() || !p.items(TextField::Rewards).is_empty(),
            Field::Text(TextField::Name) => !p.name.is_empty(),
            Field::Text(text) => !p.items(text).is_empty(),
            Field::Beneficiaries => b.participants.is_some() || b.organization.is_some() || b.others.is_some(),
            Field::ParticipantsBenefit => b.participants.is_some(),
            Field::OrganizationBenefit => b.organization.is_some(),
            Field::OthersBenefit => b.others.is_some(),
            Field::NetworkEffect => p.network_effect.is_some(),
            Field::Platform => p.platform.is_some(),
            Field::Expect => p.expect.is_some(),
        }
    }
}

/// One piece of text a program's author wrote, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A value the author set explicitly, with where it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared<T> {
    pub value: T,
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Beneficiaries {
    pub participants: Option<Declared<Level>>,
    pub organization: Option<Declared<Level>>,
    pub others: Option<Declared<Level>>,
}

/// A program as read, ready to be understood and scored. The default is blank,
/// and allocates nothing: a place holder, or a program to refill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Program {
    pub name: String,
    pub organization: Option<String>,
    pub source: Source,
    /// The items of each list field, in `TextField::LISTS` order.
    pub texts: [Vec<Item>; 6],
    /// `rewards: none` or `rewards: []`: the author says participants get nothing back.
    pub rewards_none: Option<Declared<()>>,
    pub beneficiaries: Beneficiaries,
    pub network_effect: Option<Declared<bool>>,
    pub platform: Option<Declared<bool>>,
    pub expect: Option<Declared<String>>,
}

impl Program {
    pub fn new(name: impl Into<String>, source: Source) -> Self {
        Program {
            name: name.into(),
            organization: None,
            source,
            texts: Default::default(),
            rewards_none: None,
            beneficiaries: Beneficiaries::default(),
            network_effect: None,
            platform: None,
            expect: None,
        }
    }
    /// The items of a list field; none for the name, which is `name`.
    pub fn items(&self, field: TextField) -> &[Item] {
        match field {
            TextField::Name => &[],
            list => &self.texts[list as usize],
        }
    }
    /// The items of a list field. The name is `name`: asking for it here is a bug.
    pub fn items_mut(&mut self, field: TextField) -> &mut Vec<Item> {
        assert!(field != TextField::Name, "the program's name is `Program::name`, not a list of items");
        &mut self.texts[field as usize]
    }
}

/// A string, or a list of strings.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum TextOrList {
    Text(String),
    List(Vec<String>),
}

/// How directly each party benefits. Inferred from the text when absent.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BeneficiariesSpec {
    /// The people who take part.
    pub participants: Option<Level>,
    /// The organization that runs the program.
    pub organization: Option<Level>,
    /// Everyone else: other customers, the wider network.
    pub others: Option<Level>,
}

/// One customer program: its name, who takes part, what they give and what they get
/// back. partake scores it against six models of customer participation and the
/// mutual-benefit ideal. Keys starting with `x-` are yours: partake ignores them.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "partake program spec")]
pub struct ProgramSpec {
    /// The program's name (required, non-empty).
    pub program: String,
    /// The company or body that runs it.
    pub organization: Option<String>,
    /// What the program is, in your own words: partake reads it to score the program.
    pub summary: Option<TextOrList>,
    /// Who takes part.
    pub participants: Option<TextOrList>,
    /// What participants give: content, code, money, referrals, work.
    pub contributions: Option<TextOrList>,
    /// What participants get back. `none` or `[]` means nothing.
    pub rewards: Option<TextOrList>,
    /// How directly each party benefits; inferred when absent.
    pub beneficiaries: Option<BeneficiariesSpec>,
    /// Each newcomer makes the program worth more to everyone. Inferred when absent.
    pub network_effect: Option<bool>,
    /// The organization brings suppliers and buyers together. Inferred when absent.
    pub platform: Option<bool>,
    /// What is in place to support participants (help desk, community team, app).
    pub support: Option<TextOrList>,
    /// Fairness and trust protections (ratings, insurance, pay floors).
    pub safeguards: Option<TextOrList>,
    /// The model you intend the program to follow; `score` reports when it does not, `check` fails.
    pub expect: Option<String>,
}

/// The JSON Schema of the spec, draft-07, for yaml-language-server and friends.
/// A document may be one program or a list of them; keys starting `x-` are allowed.
///
/// It accepts exactly what `read::yaml` accepts (tests/schema.rs holds the two to
/// every fixture): text fields also take numbers and booleans, flags take
/// `yes`/`no`/`on`/`off` in any case, levels any case, and an empty value is absent.
/// The descriptions are the doc comments of `ProgramSpec`, written for the user.
pub fn json_schema(model_ids: &[String]) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let generated = serde_json::to_value(schemars::schema_for!(ProgramSpec)).expect("a schema always serialises");
    let described = |schema: &Value, key: &str| -> Value { schema["properties"][key]["description"].clone() };
    let parties = &generated["definitions"]["BeneficiariesSpec"];
    let scalar = json!({"type": ["string", "number", "boolean", "null"]});
    // A list item may carry a label (`- creators: income`): YAML makes it a mapping of
    // one scalar to one scalar, which the reader takes as the text "creators: income".
    let labelled = json!({
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": {"type": ["string", "number", "boolean"]},
    });
    let text_or_list = json!({"anyOf": [scalar, {"type": "array", "items": {"anyOf": [scalar, labelled]}}]});
    let flag = json!({"anyOf": [{"type": ["boolean", "null"]}, {"type": "string", "pattern": any_case(&["true", "false", "yes", "no", "on", "off", "y", "n"])}]});
    let level = json!({"anyOf": [{"type": "null"}, {"type": "string", "pattern": any_case(&Level::NAMES)}]});
    let mut party_properties = Map::new();
    for party in ["participants", "organization", "others"] {
        let mut shape = level.clone();
        shape["description"] = described(parties, party);
        party_properties.insert(party.into(), shape);
    }
    let mut properties = Map::new();
    for key in known_keys() {
        let mut shape = match key.as_str() {
            "program" => json!({"anyOf": [{"type": "string", "pattern": "\\S"}, {"type": ["number", "boolean"]}]}),
            "organization" => scalar.clone(),
            "network_effect" | "platform" => flag.clone(),
            "expect" => json!({"anyOf": [{"type": "null"}, {"enum": model_ids}]}),
            "beneficiaries" => json!({
                "type": ["object", "null"],
                "additionalProperties": false,
                "properties": party_properties,
            }),
            _ => text_or_list.clone(),
        };
        shape["description"] = described(&generated, &key);
        properties.insert(key, shape);
    }
    let program = json!({
        "type": "object",
        "description": generated["description"],
        "required": ["program"],
        "properties": properties,
        "patternProperties": {"^x-": {}},
        "additionalProperties": false,
    });
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "partake program spec",
        "description": "One customer program, or a list of them.",
        "oneOf": [{"$ref": "#/definitions/ProgramSpec"}, {"type": "array", "items": {"$ref": "#/definitions/ProgramSpec"}}],
        "definitions": {"ProgramSpec": program},
    })
}

/// A pattern matching any of `words` in any case, with spaces around (readers trim).
fn any_case(words: &[&str]) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .map(|w| w.chars().map(|c| format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())).collect())
        .collect();
    format!("^\\s*({})\\s*$", alternatives.join("|"))
}

/// The top-level keys a spec may use, taken from the schema so the two cannot drift.
pub fn known_keys() -> Vec<String> {
    let schema = schemars::schema_for!(ProgramSpec);
    schema.schema.object.map(|o| o.properties.keys().cloned().collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_registry_names_every_key_of_the_schema() {
        let mut keys: Vec<&str> = Field::KEYS.iter().map(|f| f.name()).collect();
        keys.sort_unstable();
        let mut schema = known_keys();
        schema.sort();
        assert_eq!(keys, schema);
        for field in Field::KEYS.iter().chain(&Field::COLUMNS) {
            assert!(Field::key(field.name()).or(Field::column(field.name())) == Some(*field), "{field:?}");
        }
    }

    #[test]
    fn an_empty_reward_list_is_set_when_it_says_nothing_on_purpose() {
        let mut p = Program::new("P", Source::file("p.yaml"));
        assert!(!Field::Text(TextField::Rewards).is_set(&p));
        p.rewards_none = Some(Declared { value: (), line: None });
        assert!(Field::Text(TextField::Rewards).is_set(&p));
        assert!(Field::Program.is_set(&p) && !Field::Beneficiaries.is_set(&p));
    }
}
