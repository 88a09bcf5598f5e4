//! `partake check` end to end: the real binary on the fixtures under
//! tests/fixtures/check/, every format compared whole or parsed back, every exit
//! code, policy discovery and overrides, and the baseline diff in a temporary repo.

use crate::helpers::partake;
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// The binary, run in a fixture folder, with nothing from the environment that
/// would change its output.
fn check(dir: &Path) -> Command {
    let mut cmd = partake();
    cmd.current_dir(dir).arg("check");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json(cmd: &mut Command) -> (i32, Value) {
    let r = run(cmd.args(["--format", "json"]));
    (r.code, serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout)))
}

// ---- the human format and exit codes ----

#[test]
fn text_format_is_compiler_style_with_a_summary() {
    let r = run(&mut check(&fixtures().join("policy")));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    insta::assert_snapshot!("text_policy", r.stdout);
}

#[test]
fn a_clean_folder_exits_0() {
    let r = run(check(&fixtures().join("clean")).arg("--no-config"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "checked 2 programs in 2 files: 0 errors, 0 warnings; the policy holds\n");
    let r = run(check(&fixtures().join("clean")).args(["--no-config", "--quiet"]));
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

#[test]
fn fail_on_warning_makes_warnings_fail() {
    let dir = fixtures().join("policy");
    let r = run(check(&dir).args(["--no-config", "good.yaml", "teams"]));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("warning[unrecognized-text]"));
    let r = run(check(&dir).args(["--no-config", "good.yaml", "teams", "--fail-on", "warning"]));
    assert_eq!(r.code, 1, "{}", r.stdout);
    let r = run(check(&dir).args(["--no-config", "teams", "--unrecognized", "off", "--fail-on", "warning"]));
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn parse_errors_are_findings_and_every_other_file_is_still_checked() {
    let r = run(check(&fixtures().join("broken")).args(["--no-config", "--min-mutual-benefit", "90"]));
    assert_eq!(r.code, 2, "2 wins over 1: {}", r.stdout);
    insta::assert_snapshot!("text_broken", r.stdout);
}

#[test]
fn usage_errors_exit_2_and_say_what_to_do() {
    let dir = fixtures().join("clean");
    let r = run(check(&dir).args(["--no-config", "--deny", "crowdsorcing"]));
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "error: unknown model `crowdsorcing` (did you mean `crowdsourcing`?)\n");
    let r = run(check(&dir).args(["--no-config", "--require", "sumary"]));
    assert_eq!((r.code, r.stderr.as_str()), (2, "error: unknown field `sumary` (did you mean `summary`?)\n"));
    let r = run(check(&dir).args(["--config", "nowhere.yaml"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nowhere.yaml: no such policy file"), "{}", r.stderr);
    let r = run(check(&dir).args(["--no-config", "missing.yaml"]));
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("missing.yaml: error[parse]: no such file or folder"), "{}", r.stdout);
    let r = run(check(&dir).args(["--no-config", "--min-mutual-benefit", "101"]));
    assert_eq!(r.code, 2);
}

#[test]
fn a_bad_policy_file_is_an_error_at_its_lines_with_did_you_mean() {
    let r = run(&mut check(&fixtures().join("bad-policy")));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "partake.yaml:1:1: unknown key `min_mutual_benfit` (did you mean `min_mutual_benefit`?)\n\
partake.yaml:2:8: unknown model `crowdsorcing` (did you mean `crowdsourcing`?)\n\
partake.yaml:3:10: unknown value `loud`; expected one of `warning`, `error`\n"
    );
}

// ---- policy discovery and overrides ----

#[test]
fn the_policy_is_found_by_walking_up_and_overrides_apply_by_path() {
    let dir = fixtures().join("policy");
    let (code, doc) = json(check(&dir.join("sub")).arg(".."));
    assert_eq!(code, 1);
    assert_eq!(doc["policy"]["file"], "../partake.yaml");
    let rules_of = |name: &str| -> Vec<String> {
        let p = doc["programs"].as_array().unwrap().iter().find(|p| p["program"] == name).unwrap();
        p["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()
    };
    // low.yaml documents harms and scores under the bar; the growth team's copy is judged by its override.
    assert_eq!(rules_of("Amazon Associates"), ["min-mutual-benefit", "unrecognized-text"]);
    let growth =
        doc["programs"].as_array().unwrap().iter().find(|p| p["source"]["path"] == "../teams/growth/referral.yaml");
    assert_eq!(growth.unwrap()["passed"], true);
    assert_eq!(rules_of("Missing organization"), ["required-field", "min-mutual-benefit"]);
    assert_eq!(rules_of("Amazon Mechanical Turk"), ["min-mutual-benefit", "denied-model"]);
    assert_eq!(rules_of("Treueprogramm"), ["min-mutual-benefit", "unrecognized-program"]);

    // --no-config leaves only the built-in rules; --config names a file; flags win over it.
    let (code, doc) = json(check(&dir).arg("--no-config"));
    assert_eq!((code, doc["policy"]["file"].clone()), (1, Value::Null), "expect-mismatch still fails");
    let (_, doc) =
        json(check(&dir.join("sub")).args(["--config", "../partake.yaml", "--min-mutual-benefit", "0", ".."]));
    assert_eq!(doc["policy"]["file"], "../partake.yaml");
    assert!(doc["findings"].as_array().unwrap().iter().all(|f| f["rule"] != "min-mutual-benefit"));
}

// ---- machine formats ----

#[test]
fn json_lists_programs_findings_and_a_summary() {
    let (code, doc) = json(&mut check(&fixtures().join("policy")));
    assert_eq!(code, 1);
    assert_eq!(doc["summary"]["exit_code"], 1);
    assert_eq!(doc["summary"]["programs"], 7);
    assert_eq!(doc["summary"]["failed"], 5);
    let f = doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "denied-model").unwrap();
    assert_eq!(f["severity"], "error");
    assert_eq!(f["source"], serde_json::json!({"path": "denied.yaml", "line": 2, "column": 1}));
    assert_eq!(f["program"], "Amazon Mechanical Turk");
}

/// The shape SARIF 2.1.0 requires and GitHub code scanning reads.
fn assert_valid_sarif(doc: &Value) {
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "partake");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules: Vec<&str> = driver["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = rules.clone();
    unique.dedup();
    assert_eq!(rules, unique);
    for r in driver["rules"].as_array().unwrap() {
        assert!(r["shortDescription"]["text"].is_string());
        assert!(["error", "warning", "note"].contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    for result in runs[0]["results"].as_array().expect("results is always an array") {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], id);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with("./") && !uri.contains(' '), "{uri}");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn sarif_has_the_required_shape_and_results_even_when_clean() {
    let r = run(check(&fixtures().join("broken")).args(["--no-config", "--format", "sarif"]));
    assert_eq!(r.code, 2);
    let doc: Value = serde_json::from_str(&r.stdout).expect("nothing but SARIF on stdout");
    assert_valid_sarif(&doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let parse: Vec<&Value> = results.iter().filter(|r| r["ruleId"] == "parse").collect();
    assert_eq!(parse.len(), 2);
    assert_eq!(
        parse[0]["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 3, "startColumn": 1})
    );
    assert_eq!(parse[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "syntax.yaml");
    // Unreadable specs are also told on stderr, where a CI log shows them.
    assert!(r.stderr.contains("syntax.yaml:3:1: invalid YAML"), "{}", r.stderr);

    let r = run(check(&fixtures().join("clean")).args(["--no-config", "--format", "sarif"]));
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_valid_sarif(&doc);
    assert_eq!(doc["runs"][0]["results"], serde_json::json!([]));

    let r = run(check(&fixtures().join("policy")).args(["--format", "sarif"]));
    assert_valid_sarif(&serde_json::from_str(&r.stdout).unwrap());
}

/// One parsed workflow command: kind, properties, message (all unescaped).
fn parse_github(line: &str) -> (String, Vec<(String, String)>, String) {
    let unescape = |s: &str| {
        s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
    };
    let rest = line.strip_prefix("::").unwrap();
    let (head, message) = rest.split_once("::").unwrap();
    let (kind, props) = head.split_once(' ').unwrap();
    let props = props
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_string(), unescape(v))
        })
        .collect();
    (kind.to_string(), props, unescape(message))
}

#[test]
fn github_commands_parse_back_to_the_findings() {
    let dir = fixtures().join("policy");
    let (_, doc) = json(&mut check(&dir));
    let r = run(check(&dir).env("GITHUB_ACTIONS", "true")); // the default format under Actions
    assert_eq!(r.code, 1);
    let commands: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("::")).collect();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(commands.len(), findings.len());
    for (line, f) in commands.iter().zip(findings) {
        let (kind, props, message) = parse_github(line);
        let kind = if kind == "notice" { "note".to_string() } else { kind };
        assert_eq!(kind, f["severity"].as_str().unwrap());
        let get = |k: &str| props.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let path = f["source"]["path"].as_str().unwrap();
        assert_eq!(get("file").unwrap(), path.trim_start_matches("./"));
        assert_eq!(get("line").unwrap(), f["source"]["line"].to_string());
        assert_eq!(get("col").unwrap(), f["source"]["column"].to_string());
        assert_eq!(get("title").unwrap(), format!("partake {}", f["rule"].as_str().unwrap()));
        assert_eq!(message, f["message"].as_str().unwrap());
    }
    assert!(r.stdout.ends_with("5 of 7 programs break the policy\n"), "{}", r.stdout);
}

#[test]
fn junit_is_well_formed_with_one_case_per_program() {
    let r = run(check(&fixtures().join("broken")).args(["--no-config", "--format", "junit"]));
    assert_eq!(r.code, 2);
    let mut reader = quick_xml::Reader::from_str(&r.stdout);
    let (mut cases, mut failures, mut errors) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => match e.name().as_ref() {
                b"testcase" => cases += 1,
                b"failure" => failures += 1,
                b"error" => errors += 1,
                _ => {}
            },
            _ => {}
        }
    }
    assert_eq!((cases, failures, errors), (3, 0, 2), "one program and two unreadable specs:\n{}", r.stdout);
    let r = run(check(&fixtures().join("policy")).args(["--format", "junit"]));
    insta::assert_snapshot!("junit_policy", r.stdout);
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let r = run(check(&fixtures().join("policy")).args(["--format", "markdown"]));
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("markdown_policy", r.stdout);
}

#[test]
fn rules_are_listed_and_completions_generated() {
    let r = run(check(Path::new(env!("CARGO_MANIFEST_DIR"))).arg("--list-rules"));
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("list_rules", r.stdout);
    let out = Command::cargo_bin("partake").unwrap().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--min-mutual-benefit"));
}

// ---- the baseline diff ----

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn baseline_reports_drops_model_changes_and_new_and_removed_programs() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    let specs = root.join("specs");
    std::fs::create_dir(&specs).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for name in ["etsy.yaml", "yelp.yaml", "drupal.yaml", "amazon-associates.yaml"] {
        std::fs::copy(examples.join(name), specs.join(name)).unwrap();
    }
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "one"]);
    // Etsy's sellers now gain nothing; Yelp's file now holds another program; Drupal is gone.
    let etsy = std::fs::read_to_string(specs.join("etsy.yaml")).unwrap();
    std::fs::write(specs.join("etsy.yaml"), etsy.replace("  participants: direct", "  participants: none")).unwrap();
    std::fs::copy(examples.join("amazon-reviews.yaml"), specs.join("yelp.yaml")).unwrap();
    std::fs::remove_file(specs.join("drupal.yaml")).unwrap();
    // Amazon Associates turns into a marketplace, and says so.
    std::fs::copy(examples.join("etsy.yaml"), specs.join("amazon-associates.yaml")).unwrap();
    let assoc = std::fs::read_to_string(specs.join("amazon-associates.yaml")).unwrap();
    std::fs::write(specs.join("amazon-associates.yaml"), assoc.replace("program: Etsy", "program: Amazon Associates"))
        .unwrap();
    git(root, &["commit", "-qam", "two"]);

    let r = run(check(root).args(["specs", "--no-config", "--unrecognized", "off", "--baseline", "HEAD~1"]));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    insta::assert_snapshot!("baseline_text", r.stdout);

    let (_, doc) = json(check(root).args(["specs", "--no-config", "--unrecognized", "off", "--baseline", "HEAD~1"]));
    let etsy = doc["programs"].as_array().unwrap().iter().find(|p| p["program"] == "Etsy").unwrap();
    assert_eq!(etsy["baseline"]["status"], "existing");
    // The baseline's score is the old file's score today.
    let old = Command::cargo_bin("partake")
        .unwrap()
        .args(["score", "--format", "json"])
        .arg(examples.join("etsy.yaml"))
        .output()
        .unwrap();
    let old: Value = serde_json::from_slice(&old.stdout).unwrap();
    assert_eq!(etsy["baseline"]["mutual_benefit"], old["programs"][0]["mutual_benefit"]);

    // A drop within what the policy allows passes.
    let r = run(check(root).args([
        "specs",
        "--no-config",
        "--unrecognized",
        "off",
        "--baseline",
        "HEAD~1",
        "--max-drop",
        "50",
    ]));
    assert_eq!(r.code, 0, "{}", r.stdout);

    // The same ref with nothing changed since: no finding at all.
    let r = run(check(root).args(["specs", "--no-config", "--unrecognized", "off", "--baseline", "HEAD"]));
    assert_eq!((r.code, r.stdout.lines().count()), (0, 1), "{}", r.stdout);

    // A ref the clone does not have is a usage error that says how to fetch it.
    let r = run(check(root).args(["specs", "--no-config", "--baseline", "origin/main"]));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("fetch-depth: 0"), "{}", r.stderr);
}

#[test]
fn baseline_outside_a_repository_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("clean/etsy.yaml"), dir.path().join("etsy.yaml")).unwrap();
    let r =
        run(check(dir.path()).args(["--no-config", "--baseline", "HEAD"]).env("GIT_CEILING_DIRECTORIES", dir.path()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("needs a git repository"), "{}", r.stderr);
}

#[test]
fn a_yaml_error_after_a_wide_character_gets_its_snippet_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.yaml"), "program: P\nsummary\n  café").unwrap();
    let r = run(check(dir.path()).args(["--no-config", "f.yaml", "--color", "always"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.contains("invalid YAML"), "{}", r.stdout);
}

#[test]
fn a_key_cannot_forge_an_annotation_or_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "program: P\nsummary: Shoppers write reviews.\n\"rewardz\\n::error file=Cargo.toml,line=1::x\": 1\n";
    std::fs::write(dir.path().join("f.yaml"), spec).unwrap();
    for format in ["github", "text"] {
        let r = run(check(dir.path()).args(["--no-config", "f.yaml", "--format", format]));
        assert_eq!(r.code, 2);
        for line in r.stdout.lines().chain(r.stderr.lines()) {
            assert!(!line.starts_with("::error file=Cargo.toml"), "{format}: forged line {line:?}");
        }
        let escaped = if format == "github" { "rewardz%0A::error" } else { "rewardz\\n::error" };
        assert!(r.stdout.contains(escaped), "{format}: {}", r.stdout);
    }
}

#[test]
fn deep_nesting_in_a_policy_or_a_model_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), "program: P\nsummary: Shoppers write reviews.\n").unwrap();
    let deep = format!("min_mutual_benefit: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(dir.path().join("partake.yaml"), &deep).unwrap();
    let r = run(check(dir.path()).arg("a.yaml"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("partake.yaml:1:") && r.stderr.contains("nested more than 128 levels"), "{}", r.stderr);

    std::fs::remove_file(dir.path().join("partake.yaml")).unwrap();
    let models = dir.path().join("models");
    std::fs::create_dir(&models).unwrap();
    let brackets = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(models.join("deep.yaml"), format!("kind: model\nid: deep\nsignals: {brackets}\n")).unwrap();
    let r = run(check(dir.path()).args(["a.yaml", "--models", "models"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("deep.yaml:3:") && r.stderr.contains("nested more than 128 levels"), "{}", r.stderr);
}
