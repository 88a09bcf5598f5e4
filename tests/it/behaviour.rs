//! The public behavioural suite, in the style of CheckList: each case in
//! `tests/behaviour/**/*.yaml` pins one behaviour of the reading or of the ideal.
//! - `mft` (minimum functionality): one spec and what must hold of it;
//! - `inv` (invariance): a variant changed in one way that must not change the verdict;
//! - `dir` (directional): a variant changed in one way that must move a score.
//!
//! The cases were written from the contract's definitions alone, by people who had not
//! seen the vocabulary or the models. `cargo test --test it behaviour -- --nocapture`
//! prints the count per class and every failure.
//!
//! `known-gaps.txt` in each folder lists, by id, the cases partake does not pass yet:
//! they are run and reported, never hidden, and one that starts passing fails the run
//! until it is taken off the list, so the list only ever shrinks.

use partake_core::score::{Assessment, Engine};
use partake_core::understand::Normalized;
use serde::Deserialize;
use serde_yaml::Value;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    class: String,
    test: String,
    #[allow(dead_code)]
    why: String,
    spec: Value,
    #[serde(default)]
    variant: Option<Value>,
    expect: Expect,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    primary: Option<String>,
    not_primary: Option<String>,
    #[serde(default)]
    below: BTreeMap<String, u8>,
    #[serde(default)]
    at_least: BTreeMap<String, u8>,
    recognized: Option<bool>,
    tier: Option<String>,
    not_tier: Option<String>,
    same_primary: Option<bool>,
    max_change: Option<u8>,
    raises: Option<String>,
    lowers: Option<String>,
    by: Option<u8>,
}

/// The mutual-benefit tiers, from the ideal's own boundaries.
fn tier(engine: &Engine, score: u8) -> &'static str {
    let tiers = &engine.models.ideal.tiers;
    if f64::from(score) >= tiers.high {
        "high"
    } else if f64::from(score) >= tiers.mid {
        "mid"
    } else {
        "low"
    }
}

fn assess(engine: &Engine, spec: &Value, id: &str) -> Assessment {
    let text = serde_yaml::to_string(spec).unwrap();
    let keys = partake_core::spec::known_keys();
    let mut read = partake_load::read::yaml::read_programs(&text, &format!("{id}.yaml"), &keys, &engine.models.ids());
    assert_eq!(read.len(), 1, "{id}: one program");
    let program = read.remove(0).unwrap_or_else(|e| panic!("{id}: {e}"));
    engine.assess(program, &mut Normalized::default())
}

fn score_of(a: &Assessment, what: &str) -> u8 {
    if what == "mutual_benefit" {
        return a.mutual.score;
    }
    let model = a.verdict.scores.iter().find(|s| &*s.id == what);
    model.unwrap_or_else(|| panic!("no score `{what}`")).score
}

fn is_primary(a: &Assessment, model: &str) -> bool {
    a.primary_id() == Some(model) || (a.verdict.hybrid && a.secondary_id() == Some(model))
}

fn describe(a: &Assessment) -> String {
    let scores: Vec<String> = a.verdict.scores.iter().map(|s| format!("{} {}", s.id, s.score)).collect();
    format!("primary {:?}, {}, mutual {}", a.primary_id(), scores.join(", "), a.mutual.score)
}

/// What is wrong with one case, if anything.
fn check(engine: &Engine, case: &Case) -> Option<String> {
    let a = assess(engine, &case.spec, &case.id);
    let e = &case.expect;
    let mut wrong = Vec::new();
    if let Some(p) = &e.primary {
        if !is_primary(&a, p) {
            wrong.push(format!("primary should be {p}"));
        }
    }
    if let Some(p) = &e.not_primary {
        if a.primary_id() == Some(p.as_str()) {
            wrong.push(format!("primary should not be {p}"));
        }
    }
    for (model, limit) in &e.below {
        if score_of(&a, model) >= *limit {
            wrong.push(format!("{model} should be below {limit}"));
        }
    }
    for (model, floor) in &e.at_least {
        if score_of(&a, model) < *floor {
            wrong.push(format!("{model} should be at least {floor}"));
        }
    }
    if let Some(r) = e.recognized {
        if a.recognised != r {
            wrong.push(format!("recognized should be {r}"));
        }
    }
    if let Some(t) = &e.tier {
        if tier(engine, a.mutual.score) != t {
            wrong.push(format!("tier should be {t}"));
        }
    }
    if let Some(t) = &e.not_tier {
        if tier(engine, a.mutual.score) == t {
            wrong.push(format!("tier should not be {t}"));
        }
    }
    let mut shown = describe(&a);
    if let Some(variant) = &case.variant {
        let b = assess(engine, variant, &case.id);
        shown = format!("spec: {shown}\n      variant: {}", describe(&b));
        if e.same_primary == Some(true) && a.primary_id() != b.primary_id() {
            wrong.push("the variant's primary differs".into());
        }
        if let Some(limit) = e.max_change {
            let mut names: Vec<&str> = a.verdict.scores.iter().map(|s| &*s.id).collect();
            names.push("mutual_benefit");
            for name in names {
                let change = score_of(&a, name).abs_diff(score_of(&b, name));
                if change > limit {
                    wrong.push(format!("{name} moved {change} > {limit}"));
                }
            }
        }
        let by = e.by.unwrap_or(1);
        if let Some(what) = &e.raises {
            if score_of(&b, what) < score_of(&a, what).saturating_add(by) {
                wrong.push(format!("the variant should raise {what} by {by}"));
            }
        }
        if let Some(what) = &e.lowers {
            if score_of(&b, what).saturating_add(by) > score_of(&a, what) {
                wrong.push(format!("the variant should lower {what} by {by}"));
            }
        }
    } else {
        assert!(case.test == "mft", "{}: an `{}` case needs a variant", case.id, case.test);
    }
    (!wrong.is_empty())
        .then(|| format!("{} [{} {}]: {}\n      {shown}", case.id, case.class, case.test, wrong.join("; ")))
}

fn cases(dir: &str) -> Vec<Case> {
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut out = Vec::new();
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "yaml")) {
        let text = std::fs::read_to_string(file).unwrap();
        let list: Vec<Case> = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        out.extend(list);
    }
    out
}

fn run(dir: &str, at_least: usize) {
    let engine = crate::helpers::engine();
    let cases = cases(dir);
    assert!(cases.len() >= at_least, "{dir} holds {} cases", cases.len());
    let gaps_file = format!("{dir}/known-gaps.txt");
    let known_gaps: Vec<String> = std::fs::read_to_string(&gaps_file)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    for id in &known_gaps {
        assert!(cases.iter().any(|c| &c.id == id), "{gaps_file} names no case `{id}`");
    }
    let mut per_class: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut failures, mut still_gaps, mut closed) = (Vec::new(), Vec::new(), Vec::new());
    for case in &cases {
        let failure = check(engine, case);
        let entry = per_class.entry(&case.class).or_default();
        entry.1 += 1;
        let known = known_gaps.contains(&case.id);
        match (failure, known) {
            (Some(f), false) => failures.push(f),
            (Some(f), true) => still_gaps.push(f),
            (None, true) => closed.push(case.id.clone()),
            (None, false) => entry.0 += 1,
        }
    }
    for (class, (passed, total)) in &per_class {
        println!("{dir} {class}: {passed}/{total} pass");
    }
    println!("{} known gaps (not passing yet):\n{}", still_gaps.len(), still_gaps.join("\n"));
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
    assert!(closed.is_empty(), "these known gaps pass now: take them off {gaps_file}: {}", closed.join(", "));
}

#[test]
fn reading_behaves() {
    run("tests/behaviour/reading", 120);
}

#[test]
fn the_ideal_behaves() {
    run("tests/behaviour/ideal", 60);
}
