//! SARIF 2.1.0, as GitHub code scanning accepts it: one run whose driver lists
//! every rule (with partake's version), and one result per finding with its
//! physical location. `results` is there even when empty: an upload of a clean
//! run is how code scanning learns that earlier alerts are fixed.

use super::Context;
use partake_core::check::{Finding, Outcome, Rule, Severity};
use serde_json::{json, Value};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A URI reference for a path, relative to where partake ran (the checkout's root
/// in CI, which is what code scanning resolves it against): `/` separators, no `./`, and every byte
/// outside the unreserved set percent-encoded (RFC 3986).
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let (prefix, path) = match path.strip_prefix('/') {
        Some(rest) => ("file:///", rest.to_string()),
        None => ("", path.trim_start_matches("./").to_string()),
    };
    let mut out = String::from(prefix);
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn rule_name(rule: Rule) -> String {
    rule.id()
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn result(f: &Finding) -> Value {
    let s = &f.source;
    let mut physical = json!({"artifactLocation": {"uri": uri(&s.path)}});
    // Code scanning places a result without a line at the top of the file.
    let line = s.line.unwrap_or(1);
    let mut region = json!({"startLine": line});
    if let Some(column) = s.column {
        region["startColumn"] = json!(column);
    }
    physical["region"] = region;
    let mut message = f.message.clone();
    if let Some(row) = s.row {
        message = format!("row {row}: {message}");
    }
    let mut result = json!({
        "ruleId": f.rule.id(),
        "ruleIndex": Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or(0),
        "level": level(f.severity),
        "message": {"text": message},
        "locations": [{"physicalLocation": physical}],
    });
    if let Some(program) = &f.program {
        result["properties"] = json!({"program": program});
    }
    result
}

pub fn render(outcome: &Outcome, context: &Context) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "name": rule_name(*r),
                "shortDescription": {"text": r.summary()},
                "fullDescription": {"text": r.summary()},
                "defaultConfiguration": {"level": level(r.default_severity())},
                "help": {"text": format!("{}. `partake check --list-rules` lists every rule.", r.summary())},
            })
        })
        .collect();
    let mut results: Vec<Value> = outcome.findings().into_iter().map(result).collect();
    // Suppressed findings stay in the log, marked so: dashboards show them as such.
    results.extend(outcome.suppressed.iter().map(|f| {
        let mut r = result(f);
        r["suppressions"] =
            json!([{"kind": "inSource", "justification": "silenced with `partake: disable` or `ignore:`"}]);
        r
    }));
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "partake",
                "version": context.version,
                "semanticVersion": context.version,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": true}],
            "properties": {"modelsHash": context.models_hash, "summary": outcome.summary()},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).expect("JSON values serialise") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("./specs/a b%.yaml"), "specs/a%20b%25.yaml");
        assert_eq!(uri("/abs/x.yaml"), "file:///abs/x.yaml");
        assert_eq!(rule_name(Rule::MinMutualBenefit), "MinMutualBenefit");
    }
}
