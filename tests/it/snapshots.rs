//! Whole outputs pinned end to end: a change in what users see shows up here as a
//! snapshot diff (review with `cargo insta review`, or `INSTA_UPDATE=always cargo test`).

use crate::helpers::partake;

/// The run's summary line says how long it took; snapshots keep the rest of it.
fn without_timing(stderr: &str) -> String {
    stderr
        .lines()
        .map(|line| match (line.find(" in "), line.find(" rows/s)")) {
            (Some(start), Some(end)) if line.starts_with("scored ") => {
                format!("{} in …{}", &line[..start], &line[end + " rows/s)".len()..])
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn output(args: &[&str]) -> (i32, String, String) {
    let out = partake().env("COLUMNS", "200").args(args).output().unwrap();
    let stderr = without_timing(&String::from_utf8(out.stderr).unwrap());
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), stderr)
}

#[test]
fn score_table_of_the_examples() {
    let (code, stdout, stderr) = output(&["score", "examples/"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("score_examples_table", stdout);
    insta::assert_snapshot!("score_examples_stderr", stderr);
}

#[test]
fn score_markdown_of_the_examples() {
    let (code, stdout, _) = output(&["score", "examples/", "--format", "markdown"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("score_examples_markdown", stdout);
}

/// A program two models fit almost equally: every format shows both.
#[test]
fn a_hybrid_in_every_format() {
    let (code, table, _) = output(&["score", "tests/fixtures/hybrid"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("score_hybrid_table", table);
    let (_, csv, _) = output(&["score", "tests/fixtures/hybrid", "--format", "csv"]);
    insta::assert_snapshot!("score_hybrid_csv", csv);
    let (_, jsonl, _) = output(&["score", "tests/fixtures/hybrid", "--format", "jsonl"]);
    let program: serde_json::Value = serde_json::from_str(&jsonl).unwrap();
    assert_eq!(program["hybrid"], true, "{jsonl}");
    let mut pair = [program["primary"].as_str().unwrap(), program["secondary"].as_str().unwrap()];
    pair.sort_unstable();
    assert_eq!(pair, ["crowdsourcing", "participation"]);
    let (_, explain, _) = output(&["explain", "tests/fixtures/hybrid/citizen-science.yaml"]);
    insta::assert_snapshot!("explain_hybrid", explain);
}

#[test]
fn explain_amazon_flex() {
    let (code, stdout, _) = output(&["explain", "examples/amazon-flex.yaml"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("explain_amazon_flex", stdout);
}

#[test]
fn explain_facebook_as_markdown() {
    let (code, stdout, _) = output(&["explain", "examples/facebook-invitations.yaml", "--format", "markdown"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("explain_facebook_markdown", stdout);
}

#[test]
fn errors_of_the_bad_fixtures() {
    let (code, stdout, stderr) = output(&["score", "tests/fixtures/errors", "--format", "markdown"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("errors_stderr", stderr);
    insta::assert_snapshot!("errors_markdown", stdout);
}

#[test]
fn models_listing() {
    let (code, stdout, _) = output(&["models"]);
    assert_eq!(code, 0);
    // The hash changes with every model edit; the rest is pinned.
    let stable: Vec<&str> = stdout.lines().filter(|l| !l.starts_with("models hash")).collect();
    insta::assert_snapshot!("models_listing", stable.join("\n"));
}
