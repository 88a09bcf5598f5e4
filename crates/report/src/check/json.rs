//! `check --format json`: programs with their findings, every finding, a summary.

use super::Context;
use partake_core::check::{Baseline, Finding, Outcome, Severity};
use serde_json::{json, Value};

pub fn finding(f: &Finding) -> Value {
    json!({
        "rule": f.rule.id(),
        "severity": f.severity.name(),
        "message": f.message,
        "source": f.source,
        "program": f.program,
    })
}

pub fn render(outcome: &Outcome, context: &Context) -> String {
    let programs: Vec<Value> = outcome
        .programs
        .iter()
        .map(|p| {
            let baseline = match &p.baseline {
                None => Value::Null,
                Some(Baseline::New) => json!({"status": "new"}),
                Some(Baseline::Was { primary, mutual_benefit }) => {
                    json!({"status": "existing", "primary": primary, "mutual_benefit": mutual_benefit})
                }
            };
            json!({
                "program": p.name,
                "source": p.source.without_column(),
                "primary": p.primary,
                "verdict": p.verdict,
                "mutual_benefit": p.mutual_benefit,
                "passed": !p.fails(outcome.fail_on),
                "baseline": baseline,
                "findings": p.findings.iter().map(finding).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "version": context.version,
        "models_hash": context.models_hash,
        "policy": {"file": context.policy_file, "fail_on": outcome.fail_on.name()},
        "baseline": outcome.baseline,
        "programs": programs,
        "findings": outcome.findings().into_iter().map(finding).collect::<Vec<_>>(),
        "suppressed": outcome.suppressed.iter().map(finding).collect::<Vec<_>>(),
        "summary": {
            "files": outcome.files,
            "programs": outcome.programs.len(),
            "failed": outcome.failed_programs(),
            "unreadable": outcome.input_errors(),
            "errors": outcome.count(Severity::Error),
            "warnings": outcome.count(Severity::Warning),
            "notes": outcome.count(Severity::Note),
            "suppressed": outcome.suppressed.len(),
            "exit_code": outcome.status().code(),
            "text": outcome.summary(),
        },
    });
    serde_json::to_string_pretty(&doc).expect("JSON values serialise") + "\n"
}
