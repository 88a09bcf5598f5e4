//! What a new user meets on the first day, in three roles: a consultant with a
//! spreadsheet export, a strategist at a terminal, a platform engineer wiring CI.
//! Terminal behaviour is checked through a real pseudo-terminal (`script`).

use assert_cmd::cargo::cargo_bin;
use std::path::Path;
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn partake_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(cargo_bin("partake")).args(args).current_dir(dir).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// An Excel "CSV UTF-8" export: byte-order mark, CRLF, everyday header names.
const EXPORT: &str = "\u{feff}Program Name,Company,Description,What participants get,Owner\r\n\
Café referrals,Café Co,Customers invite friends and earn store credit for each friend who signs up,store credit per referral,Ana\r\n\
Zzz,Org,lorem ipsum dolor,sit amet,Bo\r\n";

fn export_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("export.csv"), EXPORT).unwrap();
    dir
}

#[test]
fn an_excel_export_needs_no_map_and_says_how_it_was_read() {
    let dir = export_dir();
    let r = partake_in(dir.path(), &["score", "export.csv", "-f", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let statement = "export.csv: note: columns: read `Program Name` as program, `Company` as organization, \
`Description` as summary, `What participants get` as rewards; carried through: `Owner`";
    assert_eq!(r.stderr.matches(statement).count(), 1, "{}", r.stderr);
    // A BOM in, a BOM out, so Excel reopens the accents intact.
    assert!(r.stdout.starts_with('\u{feff}'), "{:?}", &r.stdout[..20]);
    let mut reader = csv::Reader::from_reader(r.stdout.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][at("primary")], "affiliate");
    assert_eq!(&rows[0][at("recognized")], "true");
    // An unrecognised row says so in its own column, not only on stderr.
    assert_eq!(&rows[1][at("recognized")], "false");
    assert_eq!(&rows[1][at("primary")], "");
    assert_eq!(&rows[0][at("Owner")], "Ana");
    // JSON carries it too.
    let r = partake_in(dir.path(), &["score", "export.csv", "-f", "jsonl"]);
    let lines: Vec<serde_json::Value> = r.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[1]["recognized"], false);
    // No BOM in, none out.
    std::fs::write(dir.path().join("plain.csv"), EXPORT.trim_start_matches('\u{feff}')).unwrap();
    let r = partake_in(dir.path(), &["score", "plain.csv", "-f", "csv"]);
    assert!(r.stdout.starts_with("source,"), "{}", r.stdout);
}

#[test]
fn explain_and_check_take_the_same_mapping_options_and_partake_yaml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("export.csv"),
        "Initiative Label;Blurb;Owner\nCafé referrals;Customers invite friends and earn store credit;Ana\n",
    )
    .unwrap();
    let flags =
        ["--map", "Initiative Label=program", "--map", "Blurb=summary", "--delimiter", ";", "--encoding", "utf-8"];
    let explain = partake_in(dir.path(), &[&["explain", "export.csv", "--row", "1"][..], &flags].concat());
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    assert!(explain.stdout.starts_with("Café referrals"), "{}", explain.stdout);
    let check = partake_in(dir.path(), &[&["check", "export.csv", "--no-config"][..], &flags].concat());
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("read `Initiative Label` as program, `Blurb` as summary"), "{}", check.stderr);
    // The same, from partake.yaml.
    std::fs::write(
        dir.path().join("partake.yaml"),
        "csv:\n  delimiter: ';'\n  map:\n    Initiative Label: program\n    Blurb: summary\n",
    )
    .unwrap();
    for args in
        [&["score", "export.csv", "-f", "json"][..], &["explain", "export.csv"], &["check", "export.csv", "-f", "json"]]
    {
        let r = partake_in(dir.path(), args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("Café referrals"), "{args:?}: {}", r.stdout);
    }
    std::fs::write(dir.path().join("partake.yaml"), "csv:\n  map:\n    Blurb: sumary\n").unwrap();
    let r = partake_in(dir.path(), &["score", "export.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("partake.yaml:3:12: unknown field `sumary` (did you mean `summary`?)"), "{}", r.stderr);
}

#[test]
fn a_closed_stdout_or_stderr_ends_quietly_with_the_usual_code() {
    for (closed_stdout, args) in [(false, vec!["score", "examples/"]), (true, vec!["score", "examples/", "-f", "json"])]
    {
        let mut child = Command::new(cargo_bin("partake"))
            .args(&args)
            .stdin(Stdio::null())
            .stdout(if closed_stdout { Stdio::piped() } else { Stdio::null() })
            .stderr(if closed_stdout { Stdio::null() } else { Stdio::piped() })
            .spawn()
            .unwrap();
        // The reader goes away before partake writes: `2>&1 | head -0`.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: a closed pipe is no failure, and no panic (101)");
    }
    // With an error to report, the code is still the usual 2.
    let mut child = Command::new(cargo_bin("partake"))
        .args(["score", "tests/fixtures/errors/typo.yaml"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(2));
}

/// Run partake in a pseudo-terminal of `columns` columns; what the screen shows, as text.
fn in_terminal(columns: u16, args: &str) -> String {
    let line = format!("stty rows 40 cols {columns}; {} {args}", cargo_bin("partake").display());
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("`script` (util-linux) runs programs in a pseudo-terminal");
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut screen = vt100::Parser::new(size(200), size(columns), 0);
    screen.process(&out.stdout);
    screen.screen().contents()
}

#[test]
fn in_an_80_column_terminal_the_table_fits_and_no_header_is_split() {
    let screen = in_terminal(80, "score examples/");
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines.iter().all(|l| l.chars().count() <= 80), "{screen}");
    let header = lines.iter().find(|l| l.contains("program")).unwrap();
    for word in ["program", "primary", "mutual"] {
        assert!(header.contains(&format!(" {word} ")), "{header}");
    }
    assert!(screen.contains('…'), "long names are cut with an ellipsis:\n{screen}");
    assert!(screen.contains("= participation"), "shortened headers are spelt out:\n{screen}");
    // One table row per program: nothing wraps onto a second line.
    assert_eq!(lines.iter().filter(|l| l.starts_with('│')).count(), 1 + 15, "{screen}");
    // No progress bar for a short run; the summary is the last line.
    assert!(!screen.contains("ETA") && !screen.contains("rows/s ["), "{screen}");
    assert!(screen.trim_end().lines().last().unwrap().starts_with("scored 15 programs"), "{screen}");
}

#[test]
fn models_wraps_to_the_terminal_and_nothing_is_cut() {
    let screen = in_terminal(60, "models");
    assert!(screen.lines().all(|l| l.chars().count() <= 60), "{screen}");
    let piped = partake_in(Path::new("."), &["models"]).stdout;
    let first = piped.lines().next().unwrap();
    let words: Vec<&str> = first.split_whitespace().skip(1).collect();
    // Every word of the first definition is on the screen, in order.
    let shown: Vec<&str> = screen.split_whitespace().skip(1).take(words.len()).collect();
    assert_eq!(shown, words);
}

#[test]
fn nothing_read_prints_no_empty_table() {
    let screen = in_terminal(100, "score tests/fixtures/errors/typo.yaml");
    assert!(!screen.contains('┌'), "{screen}");
    assert!(screen.contains("did you mean"), "{screen}");
}

#[test]
fn every_mistake_in_a_spec_comes_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("six.yaml"),
        "programme: Six mistakes\nsummry: x\nrewardz: [a]\nplatform: maybe\nbeneficiaries:\n  others: drect\nexpect: afiliate\n",
    )
    .unwrap();
    let r = partake_in(dir.path(), &["check", "six.yaml", "--no-config"]);
    assert_eq!(r.code, 2);
    let expected = [
        "six.yaml:1:1: error[parse]: missing `program`: unknown key `programme` (did you mean `program`?)",
        "six.yaml:2:1: error[parse]: unknown key `summry` (did you mean `summary`?)",
        "six.yaml:3:1: error[parse]: unknown key `rewardz` (did you mean `rewards`?)",
        "six.yaml:4:11: error[parse]: expected true or false (or yes/no), found `maybe`",
        "six.yaml:6:11: error[parse]: unknown level `drect` (did you mean `direct`?)",
        "six.yaml:7:9: error[parse]: unknown model `afiliate` (did you mean `affiliate`?)",
    ];
    for line in expected {
        assert!(r.stdout.contains(line), "missing {line:?} in:\n{}", r.stdout);
    }
    assert!(r.stdout.contains("1 spec file could not be read"), "{}", r.stdout);
}

#[test]
fn the_pre_commit_hook_sees_only_program_specs() {
    let hooks: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap()).unwrap();
    let hook = &hooks[0];
    assert_eq!(hook["id"], "partake-check");
    assert_eq!(hook["language"], "system", "no build from source on first run");
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    let exclude = regex::Regex::new(hook["exclude"].as_str().unwrap()).unwrap();
    let seen = |path: &str| files.is_match(path) && !exclude.is_match(path);
    for path in [
        "programs/referrals.yaml",
        "teams/growth/programs/a.yml",
        "specs/referrals.program.yaml",
        "programs/inventory.csv",
    ] {
        assert!(seen(path), "{path} should be checked");
    }
    for path in
        ["docker-compose.yml", ".github/workflows/ci.yml", "programs/partake.yaml", "config/app.yaml", "data.csv"]
    {
        assert!(!seen(path), "{path} is no program spec");
    }
}

#[test]
fn rules_are_suppressed_by_comment_and_by_glob_and_counted_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        std::fs::create_dir_all(dir.path().join(name).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(name), text).unwrap()
    };
    write("a.yaml", "program: Vague one\nsummary: lorem ipsum  # partake: disable=unrecognized-program\n");
    write("b.yaml", "# partake: disable=unrecognized-program\n- program: Vague two\n  summary: sit amet\n");
    write("legacy/c.yaml", "program: Vague three\nsummary: dolor\n");
    write("d.yaml", "program: Vague four\nsummary: amet\n");
    write("partake.yaml", "overrides:\n  - paths: legacy/\n    ignore: [unrecognized-program]\n");
    let r = partake_in(dir.path(), &["check", "."]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("d.yaml:1:1: warning[unrecognized-program]"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("a.yaml") && !r.stdout.contains("b.yaml") && !r.stdout.contains("c.yaml"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("1 warning, 3 suppressed"), "{}", r.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&partake_in(dir.path(), &["check", ".", "-f", "json"]).stdout).unwrap();
    assert_eq!(json["summary"]["suppressed"], 3);
    let sarif: serde_json::Value =
        serde_json::from_str(&partake_in(dir.path(), &["check", ".", "-f", "sarif"]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.iter().filter(|r| r.get("suppressions").is_some()).count(), 3);
    for format in ["github", "markdown"] {
        assert!(partake_in(dir.path(), &["check", ".", "-f", format]).stdout.contains("3 suppressed"), "{format}");
    }
    assert!(partake_in(dir.path(), &["check", ".", "-f", "junit"]).stdout.contains("name=\"suppressed\" value=\"3\""));
    // A misspelt rule is an error, not a silent no-op.
    write("d.yaml", "program: Vague four  # partake: disable=unrecognised-program\nsummary: amet\n");
    let r = partake_in(dir.path(), &["check", "."]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains("unknown rule `unrecognised-program` (did you mean `unrecognized-program`?)"),
        "{}",
        r.stdout
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn baseline_wording_renames_parse_failures_and_plurals() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    std::fs::write(
        d.join("a.yaml"),
        "program: Old name\nsummary: Website owners earn a commission on sales they refer.\n",
    )
    .unwrap();
    std::fs::write(d.join("b.yaml"), "program: Reviews\nsummary: Members write reviews of products.\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "one"]);
    std::fs::write(
        d.join("a.yaml"),
        "program: New name\nsummary: Website owners earn a commission on sales they refer.\n",
    )
    .unwrap();
    std::fs::write(d.join("b.yaml"), "program: Reviews\nsummary: [unclosed\n").unwrap();
    let r = partake_in(d, &["check", ".", "--no-config", "--baseline", "HEAD"]);
    assert!(r.stdout.contains("a.yaml:1:1: note[renamed-program]: renamed from `Old name` since HEAD"), "{}", r.stdout);
    assert!(!r.stdout.contains("new-program") && !r.stdout.contains("removed-program"), "{}", r.stdout);
    assert!(r.stdout.contains("error[parse]"), "{}", r.stdout);
    // A ref the clone lacks gets the command that fetches it.
    let r = partake_in(d, &["check", ".", "--no-config", "--baseline", "HEAD~5"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`git fetch --deepen=5`"), "{}", r.stderr);
    // One failing program: "breaks".
    std::fs::write(d.join("b.yaml"), "program: Reviews\nsummary: Members write reviews of products.\n").unwrap();
    let r = partake_in(d, &["check", "b.yaml", "--no-config", "--min-mutual-benefit", "100"]);
    assert!(r.stdout.trim_end().ends_with("1 of 1 program breaks the policy"), "{}", r.stdout);
}

#[test]
fn completions_offer_the_model_ids() {
    for shell in ["bash", "zsh", "fish"] {
        let script = partake_in(Path::new("."), &["completions", shell]).stdout;
        for id in ["affiliate", "open_source", "participation"] {
            assert!(script.contains(id), "{shell}: {id}");
        }
        // `partake models ID` (fish completes options only).
        assert!(shell == "fish" || script.contains("mutual_benefit"), "{shell}");
    }
    // A folder of extra models adds its ids.
    let script =
        partake_in(Path::new("."), &["--models", "tests/fixtures/models/seventh", "completions", "bash"]).stdout;
    let seventh = std::fs::read_dir("tests/fixtures/models/seventh").unwrap().next().unwrap().unwrap().path();
    let id = std::fs::read_to_string(seventh)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("id: ").map(str::to_string))
        .unwrap();
    assert!(script.contains(id.trim()), "{id}");
}
