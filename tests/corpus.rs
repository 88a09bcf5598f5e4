//! The examples and the corpus of real programs: does partake put each program
//! on the model a strategist would? Run `cargo test --test corpus -- --nocapture`
//! to see the accuracy and every miss.

use assert_cmd::Command;
use serde_json::Value;

fn score(path: &str) -> Vec<Value> {
    let out = Command::cargo_bin("partake").unwrap().args(["score", path, "--format", "json", "-q"]).output().unwrap();
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
    assert_eq!(programs.len(), 14);
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
    for name in ["Host-guided city tours", "Layover meetups with Amsterdam locals", "Amazon Flex"] {
        let mb = by_name(&programs, name)["mutual_benefit"].as_u64().unwrap();
        assert!(mb >= 60, "{name}: {mb}");
    }
}

/// Top-1 accuracy of a folder of programs with `expect`, printed with every miss.
fn accuracy(path: &str) -> (f64, usize, Vec<String>) {
    let programs = score(path);
    let mut misses = Vec::new();
    for p in &programs {
        if p["primary"] != p["expect"] {
            misses
                .push(format!("  {}: expected {}, scored {} {}", p["program"], p["expect"], p["primary"], p["scores"]));
        }
    }
    let accuracy = 1.0 - misses.len() as f64 / programs.len() as f64;
    println!("{path}: top-1 accuracy {:.1}% of {} programs", accuracy * 100.0, programs.len());
    println!("{}", misses.join("\n"));
    (accuracy, programs.len(), misses)
}

#[test]
fn the_corpus_of_real_programs_scores_at_least_ninety_percent_top_1() {
    let (accuracy, count, misses) = accuracy("tests/corpus/");
    assert!(count >= 40, "the corpus holds {count} programs");
    assert!(accuracy >= 0.9, "top-1 accuracy {:.1}% is below 90%:\n{}", accuracy * 100.0, misses.join("\n"));
}

/// Programs written without sight of the vocabulary: the check on generalising.
#[test]
fn the_held_out_programs_score_at_least_ninety_percent_top_1() {
    let (accuracy, count, misses) = accuracy("tests/holdout/");
    assert!(count >= 40, "the held-out set holds {count} programs");
    assert!(accuracy >= 0.9, "top-1 accuracy {:.1}% is below 90%:\n{}", accuracy * 100.0, misses.join("\n"));
}
