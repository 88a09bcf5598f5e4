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
