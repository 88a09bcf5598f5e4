//! End-to-end tests: the real binary on fixture files, as a user runs it.

use serde_json::Value;

use crate::helpers::partake;

/// Exit code, stdout, stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = partake().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> (i32, Value, String) {
    let (code, stdout, stderr) = run(args);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    (code, value, stderr)
}

fn program<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["programs"].as_array().unwrap().iter().find(|p| p["program"] == name).unwrap_or_else(|| panic!("{name}"))
}

#[test]
fn json_output_follows_the_contract() {
    let (code, doc, stderr) = json(&["score", "examples/amazon-associates.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(doc["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(doc["models_hash"].as_str().unwrap().len(), 16);
    assert_eq!(doc["errors"], serde_json::json!([]));
    let p = &doc["programs"][0];
    assert_eq!(p["source"], serde_json::json!({"path": "examples/amazon-associates.yaml", "line": 2}));
    assert_eq!(p["primary"], "affiliate");
    let scores = p["scores"].as_object().unwrap();
    let ids: Vec<&str> = scores.keys().map(String::as_str).collect();
    assert_eq!(ids, ["affiliate", "open_source", "crowdsourcing", "financial", "marketplace", "participation"]);
    assert!(scores.values().all(|s| s.as_u64().unwrap() <= 100));
    assert!(p["mutual_benefit"].as_u64().unwrap() <= 100);
    assert!(p["hybrid"].is_boolean());
    let evidence = p["evidence"].as_array().unwrap();
    assert!(evidence.iter().any(|e| e["fact"] == "commission" && e["field"] == "rewards" && e["line"].is_u64()));
}

#[test]
fn bad_files_are_reported_at_their_place_and_the_rest_is_scored() {
    let (code, doc, stderr) = json(&["score", "tests/fixtures/errors", "--format", "json"]);
    assert_eq!(code, 2);
    let expected = [
        "tests/fixtures/errors/alias-bomb.yaml:7:8: invalid YAML: it expands to more than 64 MiB once its aliases are followed; repeat less, or split the file",
        "tests/fixtures/errors/binary.yaml:1:16: a NUL byte: this is a binary file, not a YAML spec",
        "tests/fixtures/errors/broken.yaml:3:8: invalid YAML: did not find expected ',' or ']'",
        "tests/fixtures/errors/documents.yaml:6:11: unknown level `drect` (did you mean `direct`?)",
        "tests/fixtures/errors/latin1.yaml:2:13: not UTF-8 text; save the file as UTF-8",
        "tests/fixtures/errors/mixed-list.yaml:5:13: expected true or false (or yes/no), found `maybe`",
        "tests/fixtures/errors/typo.yaml:3:1: unknown key `rewardz` (did you mean `rewards`?)",
    ];
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("tests/")).collect();
    assert_eq!(lines, expected);
    // The good documents and list items around the bad ones are still scored.
    let names: Vec<&str> = doc["programs"].as_array().unwrap().iter().map(|p| p["program"].as_str().unwrap()).collect();
    assert_eq!(names, ["First document", "Third document", "Good one", "Another good one"]);
    assert_eq!(program(&doc, "Third document")["source"]["line"], 8);
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 7);
    assert_eq!(
        errors[6]["source"],
        serde_json::json!({"path": "tests/fixtures/errors/typo.yaml", "line": 3, "column": 1})
    );
    // Each error says what kind it is, in a code that does not change with the wording.
    let codes: Vec<&str> = errors.iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["yaml-limit", "encoding", "yaml", "invalid-value", "encoding", "invalid-value", "unknown-key"]);
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.yaml");
    std::fs::write(&path, format!("program: P\nsummary: {}{}\n", "[".repeat(50_000), "]".repeat(50_000))).unwrap();
    let (code, _, stderr) = run(&["score", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("deep.yaml:2:"), "{stderr}");
    assert!(stderr.contains("nested more than 128 levels deep"), "{stderr}");
}

#[test]
fn stdin_is_read_as_yaml() {
    let out = partake()
        .args(["score", "-", "--format", "json"])
        .write_stdin("program: Piped\nsummary: Members refer friends and earn a commission on each sale.\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["programs"][0]["source"]["path"], "-");
    assert_eq!(doc["programs"][0]["primary"], "affiliate");
}

#[test]
fn finding_no_spec_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(&["score", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no .yaml, .yml or .csv file in this folder"), "{stderr}");
    let (code, _, stderr) = run(&["score", "no/such/place.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/place.yaml: no such file or folder"), "{stderr}");
}

#[test]
fn a_walk_skips_hidden_ignored_and_policy_files() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "program: P\nsummary: Shoppers write reviews.\n";
    for name in [".hidden/a.yaml", "ignored/b.yaml", "partake.yaml", "keep/c.yml", "notes.txt"] {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, spec.replace('P', name)).unwrap();
    }
    std::fs::write(dir.path().join(".gitignore"), "ignored/\n").unwrap();
    let (code, doc, _) = json(&["score", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    let names: Vec<&str> = doc["programs"].as_array().unwrap().iter().map(|p| p["program"].as_str().unwrap()).collect();
    assert_eq!(names, ["keep/c.yml"]);
}

#[test]
fn unrecognised_text_is_flagged_not_scored_near_zero() {
    let (code, doc, stderr) = json(&["score", "tests/fixtures/unrecognised.yaml", "--format", "json"]);
    assert_eq!(code, 0);
    let p = &doc["programs"][0];
    assert_eq!(p["recognized"], false);
    assert_eq!(p["primary"], Value::Null);
    assert_eq!(p["unrecognized"][0]["field"], "summary");
    // The fixture is German: the warning names the language instead of guessing.
    assert!(stderr.contains("unrecognised.yaml:1: warning: written in German, not read"), "{stderr}");
    let (_, table, _) = run(&["score", "tests/fixtures/unrecognised.yaml"]);
    assert!(table.contains("(unrecognised)"), "{table}");
}

#[test]
fn a_seventh_model_file_adds_a_seventh_score() {
    let spec = "program: Coffee card\nsummary: Buy nine coffees, collect points on a stamp card, the tenth is free.\n";
    let out = partake()
        .args(["score", "-", "--format", "json", "--models", "tests/fixtures/models/seventh"])
        .write_stdin(spec)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = doc["programs"][0]["scores"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        ["affiliate", "open_source", "crowdsourcing", "financial", "marketplace", "participation", "loyalty"]
    );
    assert_eq!(doc["programs"][0]["primary"], "loyalty");
    let (_, plain, _) = json(&["score", "examples/yelp.yaml", "--format", "json"]);
    assert_ne!(doc["models_hash"], plain["models_hash"], "other models, another hash");
    let (_, listing, _) = run(&["models", "--models", "tests/fixtures/models/seventh"]);
    assert!(listing.lines().any(|l| l.starts_with("loyalty ")), "{listing}");
}

#[test]
fn a_model_file_replaces_the_built_in_of_its_id_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let affiliate = std::fs::read_to_string("models/affiliate.yaml").unwrap();
    let doubled = affiliate.replace("name: Affiliate", "name: Referral marketing");
    std::fs::write(dir.path().join("affiliate.yaml"), doubled).unwrap();
    let (code, doc, _) =
        json(&["score", "examples/yelp.yaml", "--format", "json", "--models", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(doc["models"][0], "affiliate");
    assert_eq!(doc["models"].as_array().unwrap().len(), 6);
    let (_, shown, _) = run(&["models", "affiliate", "--models", dir.path().to_str().unwrap()]);
    assert!(shown.starts_with("affiliate — Referral marketing"), "{shown}");
}

#[test]
fn a_bad_model_file_is_an_error_at_its_line() {
    let (code, stdout, stderr) = run(&["score", "examples/", "--models", "tests/fixtures/models/bad"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(
        stderr.trim(),
        "tests/fixtures/models/bad/broken-model.yaml:6:5: unknown fact `comission` (did you mean `commission`?)"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.yaml"), "kind: model\nid: m\nname: M\ndefinition: d\nsignals: []\nweigth: 1\n")
        .unwrap();
    let (code, _, stderr) = run(&["models", "--models", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("m.yaml:6:1: unknown field `weigth`"), "{stderr}");
}

#[test]
fn explain_shows_evidence_components_and_computed_suggestions() {
    let (code, text, _) = run(&["explain", "examples/amazon-flex.yaml"]);
    assert_eq!(code, 0);
    for needle in ["Signals", "(line ", "Mutual benefit", "peer-army health", "Toward the ideal", "gig_risk", "█"] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    let (code, doc, _) = json(&["explain", "examples/amazon-flex.yaml", "--format", "json"]);
    assert_eq!(code, 0);
    let p = &doc["programs"][0];
    let before = p["mutual_benefit"].as_u64().unwrap();
    let suggestions = p["suggestions"].as_array().unwrap();
    assert!(!suggestions.is_empty());
    for s in suggestions {
        assert!(s["mutual_benefit"].as_u64().unwrap() > before, "{s}");
    }
    let health = p["ideal"]["health_signals"].as_array().unwrap();
    assert!(health.iter().any(|s| s["fact"] == "gig_risk" && s["points"].as_f64().unwrap() < 0.0), "{health:?}");
    let (_, md, _) = run(&["explain", "examples/yelp.yaml", "--format", "markdown"]);
    assert!(md.contains("\n## Scores\n"), "{md}");
}

#[test]
fn explain_picks_one_program_and_suggests_names() {
    let (code, text, _) = run(&["explain", "tests/fixtures/errors/mixed-list.yaml", "--program", "another GOOD one"]);
    assert_eq!(code, 2, "the bad program in the file is still an error");
    assert!(text.starts_with("Another good one\n"), "{text}");
    let (code, _, stderr) = run(&["explain", "examples/yelp.yaml", "--program", "Yelp reveiws"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `Yelp reviews`?"), "{stderr}");
}

#[test]
fn expect_mismatch_is_reported_by_score() {
    let out = partake()
        .args(["score", "-", "--format", "json"])
        .write_stdin("program: P\nsummary: Shoppers write reviews and star ratings for free.\nexpect: financial\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["programs"][0]["expect_matches"], false);
    assert!(String::from_utf8_lossy(&out.stderr).contains("-:1: warning: expected financial, scored participation"));
}

#[test]
fn schema_is_draft_07_and_knows_every_key() {
    let (code, schema, _) = json(&["schema"]);
    assert_eq!(code, 0);
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let spec = &schema["definitions"]["ProgramSpec"];
    for key in ["program", "summary", "participants", "contributions", "rewards", "beneficiaries", "expect"] {
        assert!(spec["properties"][key].is_object(), "{key}");
    }
    assert_eq!(spec["required"], serde_json::json!(["program"]));
    assert_eq!(spec["properties"]["expect"]["anyOf"][1]["enum"][0], "affiliate");
}

#[test]
fn init_writes_a_starter_that_scores_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.yaml");
    let path = path.to_str().unwrap();
    assert_eq!(run(&["init", path]).0, 0);
    let (code, doc, stderr) = json(&["score", path, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(doc["programs"][0]["recognized"], true);
    let (code, _, stderr) = run(&["init", path]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists"), "{stderr}");
}

#[test]
fn models_lists_and_shows() {
    let (code, list, _) = run(&["models"]);
    assert_eq!(code, 0);
    assert_eq!(list.lines().take_while(|l| !l.is_empty()).count(), 7, "six models and the ideal:\n{list}");
    let (code, shown, _) = run(&["models", "financial"]);
    assert_eq!(code, 0);
    assert!(shown.contains("signals (weight × field weight = points):"), "{shown}");
    let (code, _, stderr) = run(&["models", "finacial"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `financial`?"), "{stderr}");
}

#[test]
fn every_command_teaches_with_an_example() {
    for command in ["score", "explain", "models", "schema", "init", "check", "completions"] {
        let (code, help, _) = run(&[command, "--help"]);
        assert_eq!(code, 0);
        assert!(help.contains("Example"), "{command} --help has no example:\n{help}");
    }
    assert_eq!(run(&["score", "--format", "yaml"]).0, 2, "a usage error exits 2");
}

#[test]
fn markdown_and_terminal_output_escape_user_text() {
    let spec = "program: \"<b>bold</b> | pipe \\e[31mred\"\nsummary: Shoppers write reviews.\n";
    let md = partake().args(["score", "-", "--format", "markdown"]).write_stdin(spec).output().unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("| &lt;b&gt;bold&lt;/b&gt; \\| pipe \\\\u{1b}\\[31mred |"), "{md}");
    assert!(!md.contains('\u{1b}'));
    let table = partake().args(["score", "-"]).write_stdin(spec).output().unwrap();
    assert!(!String::from_utf8(table.stdout).unwrap().contains('\u{1b}'));
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
    assert_eq!(html.matches("<svg class=\"radar\"").count(), 16);
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

#[test]
fn a_phrase_that_would_match_any_number_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model = "kind: model\nid: x\nname: X\ndefinition: d\nsignals: [{fact: anynum, weight: 5}]\nfacts:\n  anynum:\n    description: d\n    phrases: [good words, \"#\"]\n";
    std::fs::write(dir.path().join("x.yaml"), model).unwrap();
    let (code, _, stderr) = run(&["models", "--models", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("x.yaml:9:5: phrase \"#\" of fact `anynum` has no word in it"), "{stderr}");
}

#[test]
fn a_phrase_read_as_one_word_alone_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model = "kind: model\nid: x\nname: X\ndefinition: d\nsignals: [{fact: code, weight: 5}]\nfacts:\n  code:\n    description: d\n    phrases: [write code, their code]\n";
    std::fs::write(dir.path().join("x.yaml"), model).unwrap();
    let (code, _, stderr) = run(&["models", "--models", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("x.yaml:9:5: phrase \"their code\" of fact `code` is read as \"code\" alone"), "{stderr}");
}

#[test]
fn a_learned_word_the_text_could_never_hold_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model =
        "kind: model\nid: x\nname: X\ndefinition: d\nsignals: []\nwords:\n  two words: 3\n  Booking: 2\n  fine: .nan\n";
    std::fs::write(dir.path().join("x.yaml"), model).unwrap();
    let (code, _, stderr) = run(&["models", "--models", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    for expected in [
        "x.yaml:7:3: learned word \"two words\" must be one word of lowercase letters",
        "x.yaml:8:3: learned word \"Booking\" must be one word of lowercase letters",
        "x.yaml:9:3: expected a finite number, found NaN",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}

/// A model file's learned words weigh where they appear, once a program, and explain
/// names each; they do not make text partake cannot read count as read.
#[test]
fn a_model_files_learned_words_weigh_and_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let model = "kind: model\nid: zorb\nname: Zorb\ndefinition: d\nsignals: []\nwords: {zorbify: 30}\n";
    std::fs::write(dir.path().join("zorb.yaml"), model).unwrap();
    let models = dir.path().to_str().unwrap();
    let specs = tempfile::tempdir().unwrap();
    let spec = specs.path().join("p.yaml");
    std::fs::write(&spec, "program: P\nsummary: Members write reviews. Zorbify twice, zorbify.\n").unwrap();
    let (code, doc, _) = json(&["score", spec.to_str().unwrap(), "--format", "json", "--models", models]);
    assert_eq!(code, 0);
    assert_eq!(doc["programs"][0]["scores"]["zorb"], 45, "30 points once: 100 × (1 − e^(−30/50))");
    let (_, text, _) = run(&["explain", spec.to_str().unwrap(), "--models", models]);
    assert!(text.contains("+30.0 learned words: \"Zorbify\" +30.0 (summary, line 2)"), "{text}");
    std::fs::write(&spec, "program: P\nsummary: zorbify\n").unwrap();
    let (_, doc, _) = json(&["score", spec.to_str().unwrap(), "--format", "json", "--models", models]);
    assert_eq!(doc["programs"][0]["recognized"], false, "{doc}");
    assert_eq!(doc["programs"][0]["primary"], serde_json::Value::Null, "{doc}");
}

/// A line of megabytes is read in one pass: every phrase in it found, none
/// compared with all the others (which once took minutes).
#[test]
fn a_huge_line_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let summary = "Members refer friends and earn a commission on each sale. ".repeat(60_000);
    std::fs::write(&path, format!("program: Huge\nsummary: {summary}\n")).unwrap();
    let (code, doc, _) = json(&["score", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(doc["programs"][0]["primary"], "affiliate");
}

#[test]
fn many_unknown_keys_are_each_found_without_a_search() {
    // 9,000 keys in one program: the position of each is looked up, not searched for.
    let keys = |n: usize| -> String {
        let mut spec = String::from("program: P\n");
        for i in 0..n {
            spec.push_str(&format!("key{i}: v\n"));
        }
        spec
    };
    let out = partake().args(["score", "-", "-q"]).write_stdin(keys(9_000)).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-:2:1: unknown key `key0`"));
    // 40,000 is past what any program needs: the guard every YAML reader shares refuses it.
    let out = partake().args(["score", "-", "-q"]).write_stdin(keys(40_000)).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("invalid YAML: a mapping with more than 10000 keys"), "{stderr}");
}

#[test]
fn model_files_need_finite_weights_and_must_be_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    let model = "kind: model\nid: odd\nname: Odd\ndefinition: d\nsignals:\n  - fact: commission\n    weight: .nan\n";
    std::fs::write(dir.path().join("odd.yaml"), model).unwrap();
    let (code, _, stderr) = run(&["models", "--models", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("odd.yaml:7:5: expected a finite number, found NaN"), "{stderr}");

    #[cfg(unix)]
    {
        // A FIFO named like a model file would block the reader forever.
        std::fs::remove_file(dir.path().join("odd.yaml")).unwrap();
        let fifo = dir.path().join("pipe.yaml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let (code, _, stderr) = run(&["models", "--models", dir.path().to_str().unwrap()]);
        assert_eq!(code, 2);
        assert!(stderr.contains("pipe.yaml: not a regular file"), "{stderr}");
    }
}

#[test]
fn names_from_inputs_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("s.yaml");
    std::fs::write(&spec, "program: \"Evil\\e[2J\\e]0;title\\a\"\nsummary: Shoppers write reviews.\n").unwrap();
    let (code, _, stderr) = run(&["explain", spec.to_str().unwrap(), "--program", "nope"]);
    assert_eq!(code, 2);
    assert!(!stderr.contains('\u{1b}') && stderr.contains("Evil\\u{1b}[2J"), "{stderr}");

    let models = dir.path().join("models");
    std::fs::create_dir(&models).unwrap();
    let model = "kind: model\nid: \"odd\\e[31m\"\nname: \"Odd\\e[2J\"\ndefinition: \"red\\e[31m\"\nsignals: []\n";
    std::fs::write(models.join("odd.yaml"), model).unwrap();
    for args in [vec!["models"], vec!["models", "odd\u{1b}[31m"]] {
        let mut args = args.clone();
        args.extend(["--models", models.to_str().unwrap()]);
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{stderr}");
        assert!(!stdout.contains('\u{1b}') && stdout.contains("odd\\u{1b}[31m"), "{stdout}");
    }
}

#[test]
fn init_to_a_closed_or_full_output_is_no_panic() {
    #[cfg(target_os = "linux")]
    {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_partake"))
            .args(["init", "-"])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_partake"))
        .args(["init", "-"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_ne!(out.status.code(), Some(101), "{}", String::from_utf8_lossy(&out.stderr));
}
