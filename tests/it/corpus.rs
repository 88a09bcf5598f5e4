//! The examples and the labelled sets of real programs: does partake put each program
//! on the model a strategist would, and rank the ideal as the seeds would?
//!
//! `cargo test --test it corpus -- --nocapture` prints, for every set, the top-1 accuracy
//! (hybrid-aware: a hybrid verdict is right when either of its top two is the label)
//! and, where programs carry an `x-tier` label (high / mid / low), the pairwise tier
//! concordance of the mutual-benefit score, with every miss.
//!
//! The sets (see `tests/sets/README.md`): `tuning-*` sets have had their misses looked
//! at, so they measure nothing but regressions; a `blind-*` set, written by people who
//! never saw the vocabulary or the models, is reported only first-seen, and becomes
//! `tuning-*` once its misses are studied.

use crate::helpers::partake;
use serde_json::Value;
use std::collections::BTreeMap;

fn score(path: &str) -> Vec<Value> {
    let out = partake().args(["score", path, "--format", "json", "-q"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["programs"].as_array().unwrap().clone()
}

fn by_name<'a>(programs: &'a [Value], name: &str) -> &'a Value {
    programs.iter().find(|p| p["program"] == name).unwrap_or_else(|| panic!("no program {name}"))
}

#[test]
fn each_example_lands_on_the_model_its_source_names() {
    let programs = score("examples/");
    assert_eq!(programs.len(), 15);
    for p in programs.iter().filter(|p| !p["expect"].is_null()) {
        assert_eq!(p["primary"], p["expect"], "{} scored {}", p["program"], p["scores"]);
    }
}

#[test]
fn the_ideal_ranks_the_invitation_first_and_the_peer_armies_high() {
    let programs = score("examples/");
    let facebook = by_name(&programs, "Invite friends to Facebook")["mutual_benefit"].as_u64().unwrap();
    for p in &programs {
        if p["program"] != "Invite friends to Facebook" {
            let other = p["mutual_benefit"].as_u64().unwrap();
            assert!(facebook > other, "{} has mutual benefit {other}, Facebook {facebook}", p["program"]);
        }
    }
    // The gig programme whose text documents lost rights ranks below all three peer armies.
    let gig = by_name(&programs, "Meal couriers without rights")["mutual_benefit"].as_u64().unwrap();
    for name in ["Host-guided city tours", "Layover meetups with Amsterdam locals", "Amazon Flex"] {
        let mb = by_name(&programs, name)["mutual_benefit"].as_u64().unwrap();
        assert!(mb >= 60, "{name}: {mb}");
        assert!(gig < mb, "the couriers without rights ({gig}) should rank below {name} ({mb})");
    }
}

/// What one labelled set scores.
struct Measured {
    programs: usize,
    accuracy: f64,
    misses: Vec<String>,
    /// Pairwise tier concordance, when the set has tier labels.
    concordance: Option<f64>,
}

/// The `x-tier` label of every program in a folder, by program name.
fn tiers(dir: &str) -> BTreeMap<String, u8> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Ok(doc) = serde_yaml::from_str::<serde_yaml::Value>(&text) else { continue };
        let rank = match doc.get("x-tier").and_then(|t| t.as_str()) {
            Some("high") => 2,
            Some("mid") => 1,
            Some("low") => 0,
            _ => continue,
        };
        if let Some(name) = doc.get("program").and_then(|n| n.as_str()) {
            out.insert(name.to_string(), rank);
        }
    }
    out
}

/// Of every pair of programs with different tiers, the share the score orders the
/// same way (a tie counts half).
fn concordance(pairs: &[(u8, u64)]) -> Option<f64> {
    let (mut agree, mut total) = (0.0, 0.0);
    for (i, a) in pairs.iter().enumerate() {
        for b in &pairs[i + 1..] {
            if a.0 == b.0 {
                continue;
            }
            total += 1.0;
            let (high, low) = if a.0 > b.0 { (a, b) } else { (b, a) };
            agree += match high.1.cmp(&low.1) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Equal => 0.5,
                std::cmp::Ordering::Less => 0.0,
            };
        }
    }
    (total > 0.0).then(|| agree / total)
}

fn measure(dir: &str) -> Measured {
    let programs = score(dir);
    let mut misses = Vec::new();
    for p in &programs {
        let right = p["primary"] == p["expect"] || (p["hybrid"] == true && p["secondary"] == p["expect"]);
        if !right {
            misses
                .push(format!("  {}: expected {}, scored {} {}", p["program"], p["expect"], p["primary"], p["scores"]));
        }
    }
    let labels = tiers(dir);
    let ranked: Vec<(u8, u64)> = programs
        .iter()
        .filter_map(|p| Some((*labels.get(p["program"].as_str()?)?, p["mutual_benefit"].as_u64()?)))
        .collect();
    let accuracy = 1.0 - misses.len() as f64 / programs.len() as f64;
    let concordance = concordance(&ranked);
    print!("{dir}: top-1 accuracy {:.1}% of {} programs", accuracy * 100.0, programs.len());
    match concordance {
        Some(c) => println!("; tier concordance {c:.2} over {} labelled", ranked.len()),
        None => println!(),
    }
    println!("{}", misses.join("\n"));
    Measured { programs: programs.len(), accuracy, misses, concordance }
}

/// Every set under `tests/sets/`, each at least at its floor.
#[test]
fn every_labelled_set_holds_its_floor() {
    let mut failures = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir("tests/sets").unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let m = measure(&format!("{}/", dir.display()));
        assert!(m.programs >= 30, "{name} holds only {} programs", m.programs);
        // Floors sit under today's figures: they catch regressions; the figures that
        // speak of generalising are the first-seen ones in tests/sets/README.md.
        let (floor, tier_floor) = match name.as_str() {
            "corpus" | "tuning-holdout" => (0.95, 0.6),
            // The tuning sets whose misses were studied: 91–100% and 0.85–0.95 today,
            // with the words learned from them.
            name if name.starts_with("tuning-") => (0.88, 0.82),
            // A blind set is held to a floor only loose enough to flag a broken build.
            _ => (0.78, 0.6),
        };
        if m.accuracy < floor {
            failures.push(format!("{name}: accuracy {:.1}% < {floor}\n{}", m.accuracy * 100.0, m.misses.join("\n")));
        }
        if let Some(c) = m.concordance.filter(|c| *c < tier_floor) {
            failures.push(format!("{name}: tier concordance {c:.2} < {tier_floor}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
