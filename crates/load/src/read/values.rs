//! The value rules every reader shares, so a program means the same thing whether
//! it came from a YAML mapping or a CSV row: booleans, levels, "nothing", model ids,
//! and the "did you mean" that goes with an unknown name.

use partake_core::spec::Level;
use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};
use std::fmt;

/// `true`/`false`/`yes`/`no`/`on`/`off`/`y`/`n`, in any case.
pub fn boolean(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "y" => Some(true),
        "false" | "no" | "off" | "n" => Some(false),
        _ => None,
    }
}

/// The message for a value that is no boolean; `shown` is how the value is quoted.
pub fn not_a_boolean(shown: &str) -> String {
    format!("expected true or false (or yes/no), found {shown}")
}

/// A value quoted for a message: `` `text` ``, cut to one short line.
pub fn quoted(text: &str) -> String {
    format!("`{}`", partake_core::text::one_line(text, 40))
}

/// `none`, `nothing`, `n/a`, `-` or empty: the author says there is nothing.
pub fn declares_nothing(text: &str) -> bool {
    let text = text.trim();
    ["", "none", "nothing", "n/a", "-"].iter().any(|word| text.eq_ignore_ascii_case(word))
}

/// `none` | `indirect` | `direct`, with a "did you mean" for a typo.
pub fn level(text: &str) -> Result<Level, String> {
    Level::parse(text).ok_or_else(|| unknown("level", text.trim(), &Level::NAMES))
}

/// A model id that must be one of `model_ids`.
pub fn model_id(text: &str, model_ids: &[String]) -> Result<String, String> {
    let id = text.trim();
    if model_ids.iter().any(|m| m == id) {
        Ok(id.to_string())
    } else {
        Err(unknown("model", id, model_ids))
    }
}

pub use partake_core::text::unknown;

/// What kind of YAML value this is, for messages: "expected text, found a list".
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// One YAML document as a value, the way every YAML reader takes it: as serde_yaml's
/// own `Value` would, except that an integer past 64 bits (which `Value` cannot hold,
/// and refuses) is kept as the text of its digits, so one such number fails nothing.
pub fn value<'de, D: Deserializer<'de>>(document: D) -> Result<Value, D::Error> {
    Lenient::deserialize(document).map(|lenient| lenient.0)
}

struct Lenient(Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(Value::String(i.to_string()))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(Value::String(u.to_string()))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        value(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Lenient(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(Lenient(key)) = map.next_key()? {
            if mapping.contains_key(&key) {
                let shown = match &key {
                    Value::String(s) => format!("with key {s:?}"),
                    Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => "in YAML map".to_string(),
                    other => format!("with key `{}`", serde_yaml::to_string(other).unwrap_or_default().trim()),
                };
                return Err(de::Error::custom(format!("duplicate entry {shown}")));
            }
            let Lenient(value) = map.next_value()?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents) = data.variant::<String>()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let Lenient(value) = contents.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_accept_yaml_one_one_words_in_any_case() {
        assert_eq!(boolean(" Yes "), Some(true));
        assert_eq!(boolean("OFF"), Some(false));
        assert_eq!(boolean("maybe"), None);
    }

    #[test]
    fn levels_and_models_suggest() {
        assert_eq!(level("Direct"), Ok(Level::Direct));
        assert_eq!(level("drect").unwrap_err(), "unknown level `drect` (did you mean `direct`?)");
        let ids = vec!["affiliate".to_string()];
        assert_eq!(model_id(" affiliate ", &ids), Ok("affiliate".into()));
        assert_eq!(model_id("afiliate", &ids).unwrap_err(), "unknown model `afiliate` (did you mean `affiliate`?)");
    }

    #[test]
    fn nothing_has_many_spellings() {
        for text in ["", " none", "N/A", "-", "Nothing"] {
            assert!(declares_nothing(text), "{text:?}");
        }
        assert!(!declares_nothing("no pay"));
    }
}
