//! CSV inventories end to end: the real binary on fixture files.

use serde_json::Value;
use std::path::Path;

const FIXTURES: &str = "tests/fixtures/csv";

use crate::helpers::partake;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    run_with_stdin(args, Vec::new())
}

fn run_with_stdin(args: &[&str], stdin: Vec<u8>) -> Run {
    let out = partake().args(args).write_stdin(stdin).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// The CSV report, parsed: header and rows.
fn table(csv_text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    table_with(csv_text, b',')
}

fn table_with(csv_text: &str, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn good_inventory_scores_every_row_and_carries_every_column() {
    let r = run(&["score", &fixture("good.csv"), "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("good_csv", r.stdout);
    let (header, rows) = table(&r.stdout);
    assert_eq!(
        header[..14],
        [
            "source",
            "program",
            "primary",
            "secondary",
            "hybrid",
            "affiliate",
            "open_source",
            "crowdsourcing",
            "financial",
            "marketplace",
            "participation",
            "mutual_benefit",
            "recognized",
            "error"
        ]
    );
    // Every input column follows, in input order and unchanged, so the scores join back.
    assert_eq!(
        header[14..],
        [
            "Program",
            "Organization",
            "Summary",
            "Participants",
            "Contributions",
            "Rewards",
            "Beneficiaries.Participants",
            "network-effect",
            "Platform",
            "Owner",
            "Region"
        ]
    );
    assert_eq!(rows.len(), 4);
    let primaries: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(primaries, ["affiliate", "marketplace", "open_source", "participation"]);
    assert_eq!(rows[1][14 + 4], "listings of handmade goods\nphotos and descriptions", "a quoted line break survives");
    assert_eq!(rows[0][0], format!("{}:row 1", fixture("good.csv")));
    assert!(r.stderr.contains("scored 4 programs from 1 file"), "{}", r.stderr);
}

#[test]
fn columns_match_the_spec_keys_loosely_and_lists_split() {
    let r = run(&["score", &fixture("good.csv"), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = json(&r.stdout);
    let programs = doc["programs"].as_array().unwrap();
    let amazon = &programs[0];
    assert_eq!(amazon["source"], serde_json::json!({"path": fixture("good.csv"), "row": 1}));
    // `Beneficiaries.Participants` and `network-effect` were read as fields, not inferred.
    let inferred: Vec<&str> = amazon["inferred"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(!inferred.contains(&"beneficiaries.participants") && !inferred.contains(&"network_effect"));
    assert_eq!(amazon["ideal"]["beneficiaries"]["participants"]["level"], "direct");
    // Columns that feed no field come along, so JSON rows join back too.
    assert_eq!(amazon["columns"], serde_json::json!({"Owner": "Ana", "Region": "EMEA"}));
    // `code; modules; documentation` is three items: with nothing recognised in an item, it is listed alone.
    let drupal = &programs[2];
    assert_eq!(drupal["primary"], "open_source");
    // A `none` rewards cell says participants get nothing back.
    let yelp = &programs[3];
    assert!(yelp["evidence"].as_array().unwrap().iter().any(|e| e["phrase"] == "rewards: none"));
}

#[test]
fn bom_and_crlf_read_exactly_like_plain_utf8() {
    let plain = run(&["score", &fixture("good.csv"), "--format", "csv"]);
    let bom = run(&["score", &fixture("bom-crlf.csv"), "--format", "csv"]);
    assert_eq!(bom.code, 0, "{}", bom.stderr);
    let (h1, r1) = table(&plain.stdout);
    let (h2, r2) = table(&bom.stdout);
    assert_eq!(h1, h2, "the byte-order mark is not part of the first column's name");
    assert_eq!(r1.len(), r2.len());
    for (a, b) in r1.iter().zip(&r2) {
        // A quoted line break is carried through as written: CRLF stays CRLF.
        let b: Vec<String> = b.iter().map(|c| c.replace("\r\n", "\n")).collect();
        assert_eq!(a[1..], b[1..], "same scores and cells");
    }
}

#[test]
fn ragged_rows_keep_their_cells_and_the_run_finishes() {
    let r = run(&["score", &fixture("ragged.csv"), "--format", "csv"]);
    assert_eq!(r.code, 2);
    let (_, rows) = table(&r.stdout);
    assert_eq!(rows.len(), 4, "exactly one output row per input row");
    assert_eq!(rows[0][1], "Amazon Associates");
    assert!(rows[1][13].contains("2 cells but the header has 4 columns"), "{:?}", rows[1]);
    assert_eq!(rows[1][14..], ["Too short", "only two", "", ""], "a short row is padded, its cells kept");
    assert_eq!(rows[2][14..], ["Too long", "Members write reviews", "none", "Dee", "extra", "cells"], "nothing lost");
    assert_eq!(rows[3][1], "Kickstarter", "the rows after a bad one are scored");
    assert!(r.stderr.contains(&format!("{}:row 2: this row has 2 cells", fixture("ragged.csv"))), "{}", r.stderr);
}

#[test]
fn a_bad_row_in_the_middle_fails_only_itself() {
    let r = run(&["score", &fixture("bad-row-middle.csv"), "--format", "json"]);
    assert_eq!(r.code, 2);
    let doc = json(&r.stdout);
    let names: Vec<&str> = doc["programs"].as_array().unwrap().iter().map(|p| p["program"].as_str().unwrap()).collect();
    assert_eq!(names, ["Amazon Associates", "Yelp reviews"]);
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["source"], serde_json::json!({"path": fixture("bad-row-middle.csv"), "row": 2}));
    assert_eq!(errors[0]["message"], "column `beneficiaries.others`: unknown level `drect` (did you mean `direct`?)");
    assert_eq!(errors[1]["source"]["row"], 3);
    assert_eq!(errors[1]["message"], "column `expect`: unknown model `open_sorce` (did you mean `open_source`?)");
    let stderr: Vec<&str> = r.stderr.lines().filter(|l| !l.contains(": note: columns:")).collect();
    assert_eq!(
        stderr[0],
        format!(
            "{}:row 2: column `beneficiaries.others`: unknown level `drect` (did you mean `direct`?)",
            fixture("bad-row-middle.csv")
        )
    );

    // In CSV the failed rows stay in place, with their reason in `error`.
    let r = run(&["score", &fixture("bad-row-middle.csv"), "--format", "csv"]);
    assert_eq!(r.code, 2);
    let (_, rows) = table(&r.stdout);
    let errors: Vec<&str> = rows.iter().map(|r| r[13].as_str()).collect();
    assert_eq!(errors[0], "");
    assert!(errors[1].starts_with("column `beneficiaries.others`"));
    assert!(errors[2].starts_with("column `expect`"));
    assert_eq!(errors[3], "");
    assert_eq!(rows[1][1..13].iter().filter(|c| !c.is_empty()).count(), 0, "a failed row has no scores");
    assert_eq!(rows[1][14], "Etsy");
}

#[test]
fn a_row_that_is_not_utf8_is_one_error_among_good_rows() {
    let r = run(&["score", &fixture("bad-utf8.csv"), "--format", "csv"]);
    assert_eq!(r.code, 2);
    let (_, rows) = table(&String::from_utf8_lossy(
        &partake().args(["score", &fixture("bad-utf8.csv"), "-f", "csv"]).output().unwrap().stdout,
    ));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][1], "Café club", "the file is still read as UTF-8");
    assert!(rows[1][13].starts_with("column `summary` is not UTF-8 text"), "{:?}", rows[1]);
    assert_eq!(rows[2][1], "Yelp reviews");
}

#[test]
fn formula_cells_are_neutralised_unless_told_not_to() {
    let r = run(&["score", &fixture("formulas.csv"), "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("formulas_guarded", r.stdout);
    let (_, rows) = table(&r.stdout);
    assert_eq!(rows[0][1], "'=HYPERLINK(\"http://example.com\",\"click\")");
    assert_eq!(
        rows[0][14..],
        [
            "'=HYPERLINK(\"http://example.com\",\"click\")",
            "Members write reviews of products.",
            "'@SUM(A1:A2)",
            "'+44 20 7946 0000",
            "-5"
        ]
    );
    assert_eq!(rows[1][16..], ["'-cmd|' /C calc'!A0", "'\ttabbed", "'-"]);

    let r = run(&["score", &fixture("formulas.csv"), "--format", "csv", "--no-formula-guard"]);
    let (_, rows) = table(&r.stdout);
    assert_eq!(rows[0][16], "@SUM(A1:A2)");
    assert_eq!(rows[1][16..], ["-cmd|' /C calc'!A0", "\ttabbed", "-"]);
}

#[test]
fn utf16_and_windows_1252_exports_read_like_utf8() {
    let utf8 = run(&["score", &fixture("utf8.csv"), "--format", "csv"]);
    let (_, expected) = table(&utf8.stdout);
    // The Windows-1252 file is also what Excel writes in many European locales: `;` between cells.
    for (name, delimiter) in [("utf16.csv", b','), ("windows-1252.csv", b';')] {
        let r = run(&["score", &fixture(name), "--format", "csv"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let (_, rows) = table_with(&r.stdout, delimiter);
        for (a, b) in expected.iter().zip(&rows) {
            assert_eq!(a[1..], b[1..], "{name}");
        }
    }
    let r = run(&["score", &fixture("windows-1252.csv"), "--format", "csv"]);
    assert!(r.stderr.contains("reading it as Windows-1252"), "{}", r.stderr);
    // Named, it is read without a note.
    let r = run(&["score", &fixture("windows-1252.csv"), "-f", "csv", "--encoding", "windows-1252"]);
    assert_eq!(r.code, 0);
    assert!(!r.stderr.contains("Windows-1252"), "{}", r.stderr);
}

#[test]
fn the_delimiter_is_sniffed_and_kept_for_the_report() {
    let r = run(&["score", &fixture("windows-1252.csv"), "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first = r.stdout.lines().next().unwrap();
    assert!(first.starts_with("source;program;primary;"), "{first}");
    assert!(r.stdout.contains(";Café club;Members write reviews of cafés.;Ana"), "{}", r.stdout);
}

#[test]
fn text_that_is_not_utf8_is_one_clear_error_not_an_error_per_row() {
    let r = run(&["score", &fixture("windows-1252.csv"), "-f", "csv", "--encoding", "utf-8"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    let lines: Vec<&str> = r.stderr.lines().filter(|l| !l.starts_with("scored ")).collect();
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    assert!(lines[0].contains("not UTF-8 text (invalid byte at offset"), "{}", lines[0]);
    assert!(lines[0].contains("--encoding"), "{}", lines[0]);

    let dir = tempfile::tempdir().unwrap();
    let utf16_without_bom = dir.path().join("no-bom.csv");
    let text: Vec<u8> = "program,summary\nA,b\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    std::fs::write(&utf16_without_bom, text).unwrap();
    let r = run(&["score", utf16_without_bom.to_str().unwrap(), "-f", "csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("UTF-16 without a byte-order mark"), "{}", r.stderr);
    assert!(r.stderr.contains("--encoding utf-16le"), "{}", r.stderr);
    let r = run(&["score", utf16_without_bom.to_str().unwrap(), "-f", "csv", "--encoding", "utf-16le"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_late_invalid_byte_fails_its_row_and_reads_no_other_row_differently() {
    // ASCII past the part that is sniffed, then one stray byte, then valid UTF-8.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late.csv");
    let mut bytes = b"program,summary,owner\n".to_vec();
    for i in 0..3000 {
        bytes.extend_from_slice(format!("Program {i},Members write reviews of products.,ops\n").as_bytes());
    }
    bytes.extend_from_slice(b"Stray,Members write reviews.,ops \xe9\n");
    bytes.extend_from_slice(
        "Caf\u{e9} Z\u{fc}rich \u{1f600},Members write reviews of caf\u{e9}s.,Z\u{fc}rich\n".as_bytes(),
    );
    std::fs::write(&path, bytes).unwrap();
    let r = run(&["score", path.to_str().unwrap(), "-f", "csv"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let (header, rows) = table(&r.stdout);
    assert_eq!(rows.len(), 3002, "every row comes back once");
    let error = header.iter().position(|h| h == "error").unwrap();
    assert!(rows[3000][error].contains("column `owner` is not UTF-8"), "{:?}", rows[3000]);
    assert_eq!(rows[3001][1], "Café Zürich 😀", "valid UTF-8 stays what it is");
    assert_eq!(rows[3001].last().unwrap(), "Zürich");
    assert!(rows[..3000].iter().all(|r| r[error].is_empty()));
    assert!(!r.stderr.contains("Windows-1252"), "{}", r.stderr);

    // An older export whose first accents come late: each such row says to name the encoding.
    let mut bytes = b"program,summary\n".to_vec();
    for i in 0..3000 {
        bytes.extend_from_slice(format!("Program {i},Members write reviews of products.\n").as_bytes());
    }
    bytes.extend_from_slice(b"Caf\xe9,Members write reviews of caf\xe9s.\n");
    std::fs::write(&path, &bytes).unwrap();
    let r = run(&["score", path.to_str().unwrap(), "-f", "csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("row 3001: column `program` is not UTF-8"), "{}", r.stderr);
    assert!(r.stderr.contains("--encoding (windows-1252"), "{}", r.stderr);
    let r = run(&["score", path.to_str().unwrap(), "-f", "csv", "--encoding", "windows-1252"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(table(&r.stdout).1[3000][1], "Café");
}

#[test]
fn a_nul_byte_fails_its_row_wherever_it_is() {
    for filler in [0, 5000] {
        let mut text = String::from("program,summary,owner\n");
        for i in 0..filler {
            text.push_str(&format!("Program {i},Members write reviews.,ops\n"));
        }
        text.push_str("Bad,Members write\0 reviews.,ops\nGood,Members write reviews.,ops\n");
        let r = run_with_stdin(&["score", "-", "--input-format", "csv", "-f", "csv"], text.into_bytes());
        assert_eq!(r.code, 2, "{}", r.stderr);
        let (header, rows) = table(&r.stdout);
        assert_eq!(rows.len(), filler + 2);
        let error = header.iter().position(|h| h == "error").unwrap();
        assert!(rows[filler][error].contains("NUL byte"), "{:?}", rows[filler]);
        assert!(rows[filler + 1][error].is_empty(), "the next row is scored");
    }
}

#[test]
fn a_giant_cell_is_refused_as_it_streams_in() {
    // An unclosed quote swallows the rest of a large file into one cell.
    let mut text = String::from("program,summary\nA,Members write reviews.\nB,\"never closed\n");
    let line = "more text that is all one cell\n";
    text.push_str(&line.repeat(20 * 1024 * 1024 / line.len()));
    let r = run_with_stdin(&["score", "-", "--input-format", "csv", "-f", "csv"], text.into_bytes());
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("-:row 2: cannot read: a row longer than 16 MiB; is a quote left open"), "{}", r.stderr);
    assert_eq!(table(&r.stdout).1.len(), 1, "the rows before it are scored");
}

#[test]
fn json_columns_keep_every_cell_and_name_as_written() {
    let text = "program,a,a,1e3,0o17,3.10\nP,one,two,x,y,z\n";
    let r = run_with_stdin(&["score", "-", "--input-format", "csv", "-f", "jsonl"], text.as_bytes().to_vec());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = json(r.stdout.lines().next().unwrap());
    assert_eq!(line["columns"], serde_json::json!({"a": "one", "a (2)": "two", "1e3": "x", "0o17": "y", "3.10": "z"}));
}

#[test]
fn json_lines_escape_the_characters_readers_split_lines_at() {
    let text = "program,owner\nP\u{2028}Q,a\u{85}b\u{2029}c\n";
    let r = run_with_stdin(&["score", "-", "--input-format", "csv", "-f", "jsonl"], text.as_bytes().to_vec());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains(['\u{2028}', '\u{2029}', '\u{85}']), "{}", r.stdout);
    assert_eq!(r.stdout.lines().count(), 1);
    let line = json(&r.stdout);
    assert_eq!(line["program"], "P\u{2028}Q");
    assert_eq!(line["columns"]["owner"], "a\u{85}b\u{2029}c");
}

#[test]
fn output_onto_an_input_is_refused_and_a_walk_skips_the_old_report() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("inv.csv");
    let mut text = String::from("program,summary\n");
    for i in 0..5000 {
        text.push_str(&format!("Program {i},Members write reviews.\n"));
    }
    std::fs::write(&inventory, &text).unwrap();
    let path = inventory.to_str().unwrap();
    let r = run(&["score", path, "-f", "csv", "-o", path]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is also an input"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&inventory).unwrap(), text, "the input is untouched");

    // Twice over a folder: the second run does not read the first one's report.
    let scored = dir.path().join("scored.csv");
    for _ in 0..2 {
        let r = partake()
            .current_dir(dir.path())
            .args(["score", ".", "-f", "csv", "-o", "scored.csv", "-q"])
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
        assert_eq!(table(&std::fs::read_to_string(&scored).unwrap()).1.len(), 5000);
    }
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 2, "no temporary file is left behind: {names:?}");
}

#[test]
fn an_interrupted_run_leaves_no_file_that_looks_complete() {
    // Rows keep coming on stdin; the run is killed once it has written some of them.
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("scored.csv");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_partake"))
        .args(["score", "-", "--input-format", "csv", "-f", "csv", "-q", "-o"])
        .arg(&target)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut rows = String::from("program,summary\n");
    for i in 0..20_000 {
        rows.push_str(&format!("Program {i},Members write reviews.\n"));
    }
    stdin.write_all(rows.as_bytes()).unwrap();
    stdin.flush().unwrap();
    // Wait (bounded) until part of the report is on disk, in the temporary file.
    let partial = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().ends_with(".partial") && e.metadata().unwrap().len() > 0)
    };
    for _ in 0..600 {
        if partial() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(partial(), "the report is written as it goes, beside its target");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!target.exists(), "no file by the report's name: the run did not finish");
}

#[test]
fn a_wrong_delimiter_is_named_in_the_error() {
    let r = run(&["score", &fixture("windows-1252.csv"), "-f", "csv", "--delimiter", ","]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("pass --delimiter ';'"), "{}", r.stderr);
}

#[test]
fn a_header_without_program_names_what_it_found() {
    let r = run(&["score", &fixture("no-program.csv"), "--format", "csv"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "", "no half-report");
    assert!(
        r.stderr.contains(
            "no `program` column: the header has `Programme Label`, `Org`, `Summary`, `Owner`; did you mean \
`Programme Label`? Rename that column to `program`, or pass --map 'Programme Label=program'"
        ),
        "{}",
        r.stderr
    );
    // The advice works.
    let r = run(&[
        "score",
        &fixture("no-program.csv"),
        "-f",
        "csv",
        "--map",
        "Programme Label=program",
        "--map",
        "org=organization",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = json(
        &run(&[
            "score",
            &fixture("no-program.csv"),
            "-f",
            "json",
            "--map",
            "Programme Label=program",
            "--map",
            "org=organization",
        ])
        .stdout,
    );
    assert_eq!(doc["programs"][0]["program"], "Amazon Associates");
    assert_eq!(doc["programs"][0]["organization"], "Amazon");
}

#[test]
fn map_mistakes_are_usage_errors_with_a_suggestion() {
    let r = run(&["score", &fixture("no-program.csv"), "--map", "Programme Label=programm"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown field `programm` (did you mean `program`?)"), "{}", r.stderr);
    let r = run(&["score", &fixture("no-program.csv"), "--map", "Programe Label=program"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown column `Programe Label` (did you mean `Programme Label`?)"), "{}", r.stderr);
    let r = run(&["score", &fixture("no-program.csv"), "--map", "nothing"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("expected COLUMN=FIELD"), "{}", r.stderr);
}

#[test]
fn a_misspelt_field_column_is_carried_through_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.csv");
    std::fs::write(&path, "program,rewardz\nP,10% commission\n").unwrap();
    let r = run(&["score", path.to_str().unwrap(), "-f", "csv"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("column `rewardz` names no field and is only carried through (did you mean `rewards`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn stdin_is_read_as_csv_when_asked() {
    let input = std::fs::read(fixture("good.csv")).unwrap();
    let r = run_with_stdin(&["score", "-", "--input-format", "csv", "--format", "csv"], input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, rows) = table(&r.stdout);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][0], "'-:row 1", "stdin is `-` (guarded: a cell starting with - is a formula)");
}

#[test]
fn headerless_lines_in_give_scored_lines_out_for_stream_processors() {
    // What Spark's RDD.pipe or Hadoop streaming hand a process: bare lines, no header.
    let lines = "Amazon Associates,Bloggers earn a commission on sales they refer.,10% commission\n\
Kickstarter,Backers pledge money so creators can make a product.,early access\n\
,no name here,none\n";
    let r = run_with_stdin(
        &[
            "score",
            "-",
            "--no-header",
            "--columns",
            "program,summary,rewards",
            "--format",
            "csv",
            "--no-output-header",
            "--quiet",
        ],
        lines.as_bytes().to_vec(),
    );
    assert_eq!(r.code, 2, "a bad line is still an error");
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    let out: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(out.len(), 3, "one line out per line in:\n{}", r.stdout);
    assert!(out[0].starts_with("'-:row 1,Amazon Associates,affiliate,"), "{}", out[0]);
    assert!(out[1].starts_with("'-:row 2,Kickstarter,financial,"), "{}", out[1]);
    assert!(out[2].ends_with(",,no name here,none"), "{}", out[2]);

    let r = run(&["score", "-", "--no-header"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--no-header needs --columns"), "{}", r.stderr);
}

#[test]
fn jsonl_streams_results_and_errors_in_input_order() {
    let r = run(&["score", &fixture("bad-row-middle.csv"), "--format", "jsonl"]);
    assert_eq!(r.code, 2);
    let lines: Vec<Value> = r.stdout.lines().map(json).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["program"], "Amazon Associates");
    assert_eq!(lines[1]["error"]["source"]["row"], 2);
    assert_eq!(lines[2]["error"]["source"]["row"], 3);
    assert_eq!(lines[3]["program"], "Yelp reviews");
}

#[test]
fn the_terminal_table_lists_a_small_inventory_and_summarises_a_large_one() {
    let r = run(&["score", &fixture("good.csv")]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Amazon Associates") && r.stdout.contains("│"), "{}", r.stdout);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut text = String::from("program,summary,rewards\n");
    for i in 0..500 {
        let (summary, rewards) = match i % 3 {
            0 => ("Bloggers earn a commission on sales they refer.", "10% commission"),
            1 => ("Backers pledge money so creators can make a product.", "early access"),
            _ => ("Customers write reviews and star ratings.", "none"),
        };
        text.push_str(&format!("Program {i},{summary},{rewards}\n"));
    }
    text.push_str(",missing,none\n");
    std::fs::write(&path, text).unwrap();
    let r = run(&["score", path.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(!r.stdout.contains("Program 1"), "no line per program");
    assert!(r.stdout.contains("501 rows: 500 scored, 1 could not be read"), "{}", r.stdout);
    for line in ["affiliate", "financial", "participation", "mutual benefit: mean"] {
        assert!(r.stdout.contains(line), "{line}: {}", r.stdout);
    }
    assert!(r.stdout.contains("167"), "a third of the programs are affiliate:\n{}", r.stdout);
}

#[test]
fn bom_output_is_for_excel() {
    let r = partake().args(["score", &fixture("utf8.csv"), "-f", "csv", "--bom"]).output().unwrap();
    assert!(r.stdout.starts_with("\u{feff}source,".as_bytes()));
    let r = partake().args(["score", &fixture("utf8.csv"), "-f", "csv"]).output().unwrap();
    assert!(r.stdout.starts_with(b"source,"));
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("scored.csv");
    let r = run(&["score", &fixture("good.csv"), "-f", "csv", "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "");
    let (_, rows) = table(&std::fs::read_to_string(out).unwrap());
    assert_eq!(rows.len(), 4);
}

#[test]
fn yaml_specs_and_inventories_score_together() {
    let r = run(&["score", &fixture("good.csv"), "examples/etsy.yaml", "-f", "csv", "--quiet"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (header, rows) = table(&r.stdout);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[4][0], "examples/etsy.yaml:2");
    assert_eq!(rows[4].len(), header.len(), "a spec has no input columns, but the row stays aligned");
}

/// The YAML examples as one CSV inventory: one row each, the union of their keys as columns.
fn examples_as_csv(dir: &Path) -> (std::path::PathBuf, Vec<String>) {
    let mut files: Vec<_> = std::fs::read_dir("examples").unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut columns: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<(String, String)>> = Vec::new();
    for file in &files {
        let value: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let mut row = Vec::new();
        for (key, value) in value.as_mapping().unwrap() {
            let key = key.as_str().unwrap().to_string();
            match value {
                serde_yaml::Value::Mapping(nested) => {
                    for (k, v) in nested {
                        row.push((format!("{key}.{}", k.as_str().unwrap()), cell(v)));
                    }
                }
                other => row.push((key, cell(other))),
            }
        }
        for (key, _) in &row {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
        rows.push(row);
    }
    let path = dir.join("examples.csv");
    let mut writer = csv::Writer::from_path(&path).unwrap();
    writer.write_record(&columns).unwrap();
    for row in &rows {
        let cells: Vec<&str> =
            columns.iter().map(|c| row.iter().find(|(k, _)| k == c).map(|(_, v)| v.as_str()).unwrap_or("")).collect();
        writer.write_record(cells).unwrap();
    }
    writer.flush().unwrap();
    (path, files.iter().map(|f| f.display().to_string()).collect())
}

/// A YAML value as a consultant would type it into a cell.
fn cell(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Sequence(items) if items.is_empty() => "none".into(),
        serde_yaml::Value::Sequence(items) => items.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => panic!("no cell for {other:?}"),
    }
}

/// A value without its `line` keys: a YAML spec has lines, a CSV row only its row.
fn without_lines(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            map.iter().filter(|(k, _)| k.as_str() != "line").map(|(k, v)| (k.clone(), without_lines(v))).collect()
        }
        Value::Array(items) => items.iter().map(without_lines).collect(),
        other => other.clone(),
    }
}

/// What must not depend on where a program was read from.
fn verdict(program: &Value) -> Value {
    let mut evidence: Vec<(String, String, String)> = program["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["fact"].to_string(), e["field"].to_string(), e["phrase"].to_string()))
        .collect();
    evidence.sort();
    serde_json::json!({
        "program": program["program"],
        "organization": program["organization"],
        "primary": program["primary"],
        "secondary": program["secondary"],
        "hybrid": program["hybrid"],
        "scores": program["scores"],
        "mutual_benefit": program["mutual_benefit"],
        "recognized": program["recognized"],
        "expect_matches": program["expect_matches"],
        "inferred": program["inferred"],
        "ideal": without_lines(&program["ideal"]),
        "evidence": evidence,
    })
}

#[test]
fn a_program_read_from_a_csv_row_scores_exactly_as_from_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let (inventory, files) = examples_as_csv(dir.path());
    let from_csv = run(&["score", inventory.to_str().unwrap(), "-f", "json"]);
    assert_eq!(from_csv.code, 0, "{}", from_csv.stderr);
    let from_csv = json(&from_csv.stdout);
    let from_yaml = run(&["score", "examples/", "-f", "json"]);
    assert_eq!(from_yaml.code, 0, "{}", from_yaml.stderr);
    let from_yaml = json(&from_yaml.stdout);
    let csv_programs = from_csv["programs"].as_array().unwrap();
    let yaml_programs = from_yaml["programs"].as_array().unwrap();
    assert_eq!(csv_programs.len(), files.len());
    assert_eq!(yaml_programs.len(), files.len());
    for ((c, y), file) in csv_programs.iter().zip(yaml_programs).zip(&files) {
        assert_eq!(verdict(c), verdict(y), "{file}");
    }
    assert_eq!(from_csv["models_hash"], from_yaml["models_hash"]);
}

#[test]
fn an_inventory_makes_an_html_report_too() {
    let out = assert_cmd::Command::cargo_bin("partake")
        .unwrap()
        .args(["score", "tests/fixtures/csv/good.csv", "--format", "html", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..100.min(page.len())]);
    for name in ["Amazon Associates", "Etsy", "Drupal", "Yelp reviews"] {
        assert!(page.contains(name), "{name} missing");
    }
    assert_eq!(page.matches("class=\"radar\"").count(), 4, "one radar per row");
}

#[test]
fn check_and_explain_read_inventories_row_by_row() {
    let out = assert_cmd::Command::cargo_bin("partake")
        .unwrap()
        .env_remove("GITHUB_ACTIONS")
        .args(["check", "--no-config", "tests/fixtures/csv/bad-row-middle.csv", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a bad row is an input error");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let parse: Vec<&serde_json::Value> =
        doc["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "parse").collect();
    assert_eq!(parse.len(), 2);
    assert_eq!(parse[0]["source"], serde_json::json!({"path": "tests/fixtures/csv/bad-row-middle.csv", "row": 2}));

    let out = assert_cmd::Command::cargo_bin("partake")
        .unwrap()
        .args(["explain", "tests/fixtures/csv/good.csv", "--program", "etsy"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Etsy (Etsy)\n"), "{text}");
    assert!(text.contains("source: tests/fixtures/csv/good.csv:row 2"), "{text}");
}
