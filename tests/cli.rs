//! End-to-end tests: the real binary on fixture files.

use assert_cmd::Command;

fn partake() -> Command {
    let mut cmd = Command::cargo_bin("partake").unwrap();
    cmd.env_remove("GITHUB_ACTIONS").env("NO_COLOR", "1");
    cmd
}

#[test]
fn scores_the_examples() {
    let out = partake().args(["score", "examples/", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["programs"].as_array().unwrap().len(), 14);
}

#[test]
fn the_html_report_is_one_file_with_a_radar_per_program() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let out = partake()
        .args(["score", "examples/", "tests/fixtures/html/xss.yaml", "--format", "html", "--output"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "the report goes to --output only");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg class=\"radar\"").count(), 15);
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;") || html.contains("&lt;script&gt;alert(1)"));
}

#[test]
fn explain_draws_every_score_as_a_bar() {
    let out = partake().args(["explain", "examples/etsy.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for id in ["affiliate", "open_source", "crowdsourcing", "financial", "marketplace", "participation", "mutual"] {
        let line = text.lines().find(|l| l.trim_start().starts_with(id)).unwrap_or_else(|| panic!("no {id} line"));
        let cells = line.chars().filter(|c| matches!(c, '█' | '░')).count();
        assert_eq!(cells, 20, "{line}");
    }
}
