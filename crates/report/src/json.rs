//! JSON: the programs with their scores and evidence, and the errors.

use partake_core::score::{Assessment, Engine, Fired, Resolved};
use partake_core::spec::{InputError, Level};
use partake_core::suggest::Suggestion;
use serde_json::{json, Map, Value};

/// The document around the programs: version, models used, programs, errors.
pub fn document(engine: &Engine, programs: Vec<Value>, errors: &[InputError]) -> Value {
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "models_hash": engine.models.hash,
        "models": engine.models.ids(),
        "programs": programs,
        "errors": errors.iter().map(error).collect::<Vec<_>>(),
    })
}

/// JSON text of `value`, on one line or pretty, with the characters JavaScript and
/// line-splitting readers take for line ends (U+2028, U+2029, U+0085) escaped: JSON
/// allows them raw in strings, but a raw one splits a JSON Lines record in two.
pub fn to_text(value: &Value, pretty: bool) -> String {
    let text = if pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) };
    let text = text.expect("JSON values serialise");
    if !text.contains(['\u{2028}', '\u{2029}', '\u{85}']) {
        return text;
    }
    // Outside strings JSON has only ASCII, so every one of these is inside a string.
    text.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029").replace('\u{85}', "\\u0085")
}

pub fn error(e: &InputError) -> Value {
    json!({"source": e.source, "message": e.message})
}

/// One program as the output contract describes it, plus the ideal's components and the evidence.
pub fn program(engine: &Engine, a: &Assessment) -> Value {
    let scores: Map<String, Value> = a.verdict.scores.iter().map(|s| (s.id.to_string(), json!(s.score))).collect();
    let m = &a.mutual;
    let mut out = json!({
        "program": a.program.name,
        "organization": a.program.organization,
        "source": a.program.source.without_column(),
        "primary": a.primary_id(),
        "secondary": a.secondary_id(),
        "hybrid": a.verdict.hybrid,
        "scores": scores,
        "mutual_benefit": m.score,
        "recognized": a.recognised,
        "expect": a.program.expect.as_ref().map(|e| &e.value),
        "expect_matches": a.expect_matches,
        "inferred": a.inferred(),
        "ideal": {
            "components": {
                "participant": m.components.participant.round(),
                "organization": m.components.organization.round(),
                "others": m.components.others.round(),
                "same_reason": m.components.same_reason.round(),
                "health": m.components.health.round(),
            },
            "capped": m.capped,
            "beneficiaries": {
                "participants": level(&m.participants),
                "organization": level(&m.organization),
                "others": level(&m.others),
            },
            "network_effect": m.network_effect.value,
            "platform": m.platform.value,
            "harmed": m.harmed,
            "parties": parties(engine, a),
            "claimed": a.claimed().iter().map(|(name, line)| json!({"value": name, "line": line})).collect::<Vec<_>>(),
        },
        "evidence": evidence(engine, a),
        "unrecognized": unrecognised(a),
    });
    if a.program.expect.is_none() {
        let obj = out.as_object_mut().expect("object");
        obj.remove("expect");
        obj.remove("expect_matches");
    }
    out
}

fn level(r: &Resolved<Level>) -> Value {
    json!({"level": r.value.name(), "inferred": r.inferred, "claimed": r.claimed})
}

/// What each party gains, gives and risks, each with its evidence (fact, phrase,
/// line, and who acts and receives where the text says).
fn parties(engine: &Engine, a: &Assessment) -> Value {
    let items = |hits: &[usize]| -> Vec<Value> {
        hits.iter()
            .map(|&i| {
                let h = &a.understanding.hits[i];
                json!({
                    "fact": engine.lexicon.facts[h.fact],
                    "field": h.field.map(|f| f.name()),
                    "phrase": h.phrase,
                    "line": h.line,
                    "reading": super::reading(engine, a, h),
                })
            })
            .collect()
    };
    engine
        .accounts(a)
        .iter()
        .map(|account| {
            let value =
                json!({"gains": items(&account.gains), "gives": items(&account.gives), "risks": items(&account.risks)});
            (account.party.to_string(), value)
        })
        .collect::<Map<String, Value>>()
        .into()
}

/// Every recognised phrase: fact, field, the author's words and line.
pub fn evidence(engine: &Engine, a: &Assessment) -> Vec<Value> {
    a.understanding
        .hits
        .iter()
        .map(|h| {
            let mut e = json!({
                "fact": engine.lexicon.facts[h.fact],
                "field": h.field.map(|f| f.name()),
                "phrase": h.phrase,
                "line": h.line,
            });
            if let Some(from) = h.negated_from {
                e["negates"] = json!(engine.lexicon.facts[from]);
            }
            if let Some(actor) = h.actor {
                e["actor"] = json!(actor.name());
            }
            if let Some(receiver) = h.receiver {
                e["receiver"] = json!(receiver.name());
            }
            if let Some(from) = h.reread_from {
                e["read_instead_of"] = json!(engine.lexicon.facts[from]);
            }
            if !h.corrected.is_empty() {
                e["corrected"] =
                    h.corrected.iter().map(|(written, read)| json!({"written": written, "read_as": read})).collect();
            }
            e
        })
        .collect()
}

pub fn unrecognised(a: &Assessment) -> Vec<Value> {
    a.understanding
        .unrecognised
        .iter()
        .map(|&(field, index)| {
            let item = &a.program.items(field)[index];
            json!({"field": field.name(), "text": item.text, "line": item.line})
        })
        .collect()
}

pub fn fired(engine: &Engine, a: &Assessment, fired: &[Fired]) -> Vec<Value> {
    fired
        .iter()
        .map(|f| {
            json!({
                "fact": engine.lexicon.facts[f.fact],
                "weight": f.weight,
                "field_weight": f.field_weight,
                "points": (f.points() * 10.0).round() / 10.0,
                "evidence": f.evidence.iter().map(|&i| {
                    let h = &a.understanding.hits[i];
                    json!({"field": h.field.map(|f| f.name()), "phrase": h.phrase, "line": h.line})
                }).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// `explain --format json`: the program, every signal per model, the ideal, suggestions.
pub fn explanation(engine: &Engine, a: &Assessment, suggestions: &[Suggestion]) -> Value {
    let mut out = program(engine, a);
    out["models"] = a
        .verdict
        .scores
        .iter()
        .map(|s| json!({"id": &*s.id, "score": s.score, "raw": (s.raw * 10.0).round() / 10.0, "signals": fired(engine, a, &s.fired)}))
        .collect();
    out["ideal"]["same_reason_signals"] = json!(fired(engine, a, &a.mutual.same_reason));
    out["ideal"]["health_signals"] = json!(fired(engine, a, &a.mutual.health));
    out["suggestions"] = suggestions
        .iter()
        .map(|s| {
            json!({"id": s.id, "advice": s.advice, "changes": s.changes,
                   "mutual_benefit": s.mutual_benefit, "primary": s.primary})
        })
        .collect();
    out
}
