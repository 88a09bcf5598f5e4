//! The JSON Schema (`partake schema`) and the reader agree: every document of every
//! fixture, example and corpus spec that one accepts, the other accepts too. An
//! editor that marks a spec valid must not see partake reject it, nor the reverse.

use jsonschema::Validator;
use partake_load::read::yaml::read_programs;
use serde::Deserialize;
use std::path::{Path, PathBuf};

fn spec_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![PathBuf::from("tests"), PathBuf::from("examples")];
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("tests/fixtures/models") {
                    folders.push(path);
                }
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
                && path.file_name() != Some("partake.yaml".as_ref())
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn validator(ids: &[String]) -> Validator {
    jsonschema::draft7::new(&partake_core::spec::json_schema(ids)).expect("the schema is a valid draft-07 schema")
}

/// Whether the reader reads every program of this one document.
fn reader_accepts(document: &serde_yaml::Value, ids: &[String]) -> bool {
    let text = serde_yaml::to_string(document).unwrap();
    let keys = partake_core::spec::known_keys();
    read_programs(&text, "doc.yaml", &keys, ids).iter().all(Result::is_ok)
}

/// Whether the schema accepts it; keys that are not text have no JSON form, and
/// the reader rejects them too.
fn schema_accepts(document: &serde_yaml::Value, validator: &Validator) -> bool {
    serde_json::to_value(document).is_ok_and(|json| validator.is_valid(&json))
}

fn documents(path: &Path) -> Vec<serde_yaml::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = Vec::new();
    for document in serde_yaml::Deserializer::from_str(&text) {
        match serde_yaml::Value::deserialize(document) {
            // An empty document (after a trailing `---`) holds no program for either to judge.
            Ok(serde_yaml::Value::Null) => {}
            Ok(value) => out.push(value),
            Err(_) => break, // invalid YAML: no schema applies
        }
    }
    out
}

#[test]
fn the_schema_and_the_reader_agree_on_every_fixture() {
    let ids = partake_load::models::load(None).unwrap().ids();
    let validator = validator(&ids);
    let mut judged = 0;
    let mut disagreements = Vec::new();
    for path in spec_files() {
        for (i, document) in documents(&path).iter().enumerate() {
            judged += 1;
            let (reader, schema) = (reader_accepts(document, &ids), schema_accepts(document, &validator));
            if reader != schema {
                disagreements.push(format!("{} document {}: reader {reader}, schema {schema}", path.display(), i + 1));
            }
        }
    }
    assert!(judged > 100, "only {judged} documents judged");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn the_edge_cases_are_judged_as_a_user_expects() {
    let ids = partake_load::models::load(None).unwrap().ids();
    let validator = validator(&ids);
    let documents = documents(Path::new("tests/fixtures/schema/edge-cases.yaml"));
    let accepted: Vec<bool> = documents.iter().map(|d| schema_accepts(d, &validator)).collect();
    // The first seven are valid specs; the rest each hold one mistake.
    assert_eq!(accepted[..7], [true; 7]);
    assert!(accepted[7..].iter().all(|a| !a), "{accepted:?}");
}

#[test]
fn descriptions_speak_to_the_user_not_of_internals() {
    let schema = partake_core::spec::json_schema(&partake_load::models::load(None).unwrap().ids());
    let mut descriptions = Vec::new();
    fn collect(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    if key == "description" {
                        out.push(value.as_str().unwrap_or_default().to_string());
                    } else {
                        collect(value, out);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    collect(&schema, &mut descriptions);
    let properties = &schema["definitions"]["ProgramSpec"]["properties"];
    for key in partake_core::spec::known_keys() {
        assert!(properties[&key]["description"].is_string(), "`{key}` has no description");
    }
    for d in &descriptions {
        for internal in ["::", "read_", "serde", "struct", "JSON Schema", "crate", "`read"] {
            assert!(!d.contains(internal), "a description speaks of internals ({internal}): {d}");
        }
    }
}
