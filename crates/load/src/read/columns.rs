//! Everyday header names → spec fields. The names are data
//! (`models/columns/synonyms.yaml`, embedded in the binary), so a new spreadsheet
//! convention is one line in a YAML file, not a code change.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The synonyms file: field name → the header names that stand for it.
pub const SYNONYMS: &str = include_str!("../../../../models/columns/synonyms.yaml");

/// A header name reduced to what matters for matching: lowercase letters, digits
/// and `.`, every run of anything else one `_` (`What participants get?` →
/// `what_participants_get`).
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '.' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Header key → field name, built once from the embedded file.
fn table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let fields: serde_yaml::Mapping = serde_yaml::from_str(SYNONYMS).expect("the built-in synonyms file is YAML");
        let mut table = HashMap::new();
        for (field, names) in fields {
            let field = field.as_str().expect("fields are text").to_string();
            let names: Vec<String> = serde_yaml::from_value(names).expect("synonyms are lists of text");
            for name in names {
                table.insert(key(&name), field.clone());
            }
        }
        table
    })
}

/// The field an everyday header name stands for (`Company` → `organization`).
pub fn field_for(name: &str) -> Option<&'static str> {
    table().get(&key(name)).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::csv::field_for_column;
    use partake_core::spec::Field;

    #[test]
    fn every_synonym_names_a_field_once_and_no_field_name_is_a_synonym() {
        let fields: serde_yaml::Mapping = serde_yaml::from_str(SYNONYMS).unwrap();
        let mut seen = HashMap::new();
        for (field, names) in fields {
            let field = field.as_str().unwrap().to_string();
            let field = field.as_str();
            assert!(Field::column(field).is_some(), "`{field}` in the synonyms file is no field");
            for name in serde_yaml::from_value::<Vec<String>>(names).unwrap() {
                assert!(field_for_column(&name).is_none(), "`{name}` is a field's own name");
                if let Some(other) = seen.insert(key(&name), field.to_string()) {
                    panic!("`{name}` stands for both `{other}` and `{field}`");
                }
            }
        }
    }

    #[test]
    fn matching_ignores_case_and_punctuation() {
        assert_eq!(key("  What participants get? "), "what_participants_get");
        assert_eq!(field_for("What Participants Get?"), Some("rewards"));
        assert_eq!(field_for("Program Name"), Some("program"));
        assert_eq!(field_for("COMPANY"), Some("organization"));
        assert_eq!(field_for("Description"), Some("summary"));
        assert_eq!(field_for("Owner"), None);
    }
}
