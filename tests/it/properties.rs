//! Properties that hold for any program or inventory, checked on generated inputs
//! (proptest): the reader, the scorer and the batch driver agree with themselves.

use crate::helpers::engine;
use assert_cmd::Command;
use partake_core::spec::Program;
use partake_load::read::csv::{Inventory, Options, Record};
use proptest::prelude::*;

/// Scores and mutual benefit: what must not move.
fn scores(program: Program) -> (Vec<u8>, u8) {
    let a = engine().assess(program, &mut Default::default());
    (a.verdict.scores.iter().map(|s| s.score).collect(), a.mutual.score)
}

fn from_yaml(text: &str) -> Vec<Program> {
    let keys = partake_core::spec::known_keys();
    let results = partake_load::read::yaml::read_programs(text, "p.yaml", &keys, &engine().models.ids());
    results.into_iter().map(|r| r.unwrap_or_else(|e| panic!("{e}\n{text}"))).collect()
}

fn from_csv(text: &str) -> Vec<Program> {
    let source = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
    let mut inventory = Inventory::from_source("p.csv".into(), source, None, &Options::default()).unwrap();
    let mut record = Record::default();
    let mut out = Vec::new();
    while inventory.read(&mut record).unwrap() {
        let row = inventory.rows_read();
        out.push(inventory.plan.program(&record.cells, "p.csv", row, b',', &engine().models.ids()).unwrap());
    }
    out
}

/// Everyday phrases the classifier reads, and some it does not.
const PHRASES: &[&str] = &[
    "a commission on every sale they refer",
    "customers write reviews and star ratings",
    "pull requests and bug reports",
    "backers pledge money to fund the product",
    "sellers list handmade goods and buyers pay them",
    "we pay per delivery",
    "a discount on the next order",
    "their name in the credits",
    "nothing",
    "local hosts guide visitors around the city",
    "insurance and a pay floor",
    "a help desk and a community team",
    "invitations to friends",
    "Zürich café 😀",
];

#[derive(Debug, Clone)]
struct Spec {
    name: String,
    summary: String,
    contributions: Vec<String>,
    rewards: Vec<String>,
    participants: Vec<String>,
    platform: Option<bool>,
}

fn phrase() -> impl Strategy<Value = String> {
    prop::sample::select(PHRASES).prop_map(str::to_string)
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        "[A-Z][a-z]{2,10}( [A-Z][a-z]{2,8})?",
        prop::collection::vec(phrase(), 1..3),
        prop::collection::vec(phrase(), 0..4),
        prop::collection::vec(phrase(), 1..4),
        prop::collection::vec(prop::sample::select(&["bloggers", "shoppers", "developers", "hosts"][..]), 0..3),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(name, summary, contributions, rewards, participants, platform)| Spec {
            name,
            summary: summary.join(". "),
            contributions,
            rewards: rewards.into_iter().filter(|r| r != "nothing").collect(),
            participants: participants.into_iter().map(str::to_string).collect(),
            platform,
        })
}

/// A YAML string, quoted so no text is read as anything else.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn yaml(spec: &Spec, extra: &str) -> String {
    let list = |items: &[String]| format!("[{}]", items.iter().map(|i| quoted(i)).collect::<Vec<_>>().join(", "));
    let mut text = format!("program: {}\n{extra}summary: {}\n", quoted(&spec.name), quoted(&spec.summary));
    text.push_str(&format!("contributions: {}\n", list(&spec.contributions)));
    text.push_str(&format!("rewards: {}\n", list(&spec.rewards)));
    text.push_str(&format!("participants: {}\n", list(&spec.participants)));
    if let Some(platform) = spec.platform {
        text.push_str(&format!("platform: {platform}\n"));
    }
    text
}

fn csv_row(spec: &Spec) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["program", "summary", "contributions", "rewards", "participants", "platform"]).unwrap();
    let rewards = if spec.rewards.is_empty() { "none".to_string() } else { spec.rewards.join("; ") };
    w.write_record([
        spec.name.clone(),
        spec.summary.clone(),
        spec.contributions.join("; "),
        rewards,
        spec.participants.join("\n"),
        spec.platform.map(|p| p.to_string()).unwrap_or_default(),
    ])
    .unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_program_scores_the_same_as_yaml_and_as_a_csv_row(spec in spec()) {
        let from_yaml = scores(from_yaml(&yaml(&spec, "")).remove(0));
        let from_csv = scores(from_csv(&csv_row(&spec)).remove(0));
        prop_assert_eq!(from_yaml, from_csv);
    }

    #[test]
    fn the_order_of_list_items_and_programs_changes_no_score(spec in spec(), other in spec(), seed in any::<u64>()) {
        let before: Vec<_> = from_yaml(&format!("- {}\n- {}", indent(&yaml(&spec, "")), indent(&yaml(&other, ""))))
            .into_iter().map(scores).collect();
        let mut shuffled = spec.clone();
        rotate(&mut shuffled.contributions, seed);
        rotate(&mut shuffled.rewards, seed / 7);
        rotate(&mut shuffled.participants, seed / 13);
        let after: Vec<_> = from_yaml(&format!("- {}\n- {}", indent(&yaml(&other, "")), indent(&yaml(&shuffled, ""))))
            .into_iter().map(scores).collect();
        prop_assert_eq!(&before[0], &after[1]);
        prop_assert_eq!(&before[1], &after[0]);
    }

    #[test]
    fn an_extension_key_changes_nothing(spec in spec(), key in "[a-z_]{1,12}", value in "[a-zA-Z0-9 ]{0,30}") {
        let plain = scores(from_yaml(&yaml(&spec, "")).remove(0));
        let extended = format!("x-{key}: {}\n", quoted(&value));
        prop_assert_eq!(&plain, &scores(from_yaml(&yaml(&spec, &extended)).remove(0)));
        let big = format!("x-{key}: 100000000000000000000000\n");
        prop_assert_eq!(plain, scores(from_yaml(&yaml(&spec, &big)).remove(0)));
    }
}

/// A YAML mapping's text as a list item: lines after the first indented under `- `.
fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n  ")
}

fn rotate<T>(items: &mut [T], by: u64) {
    if !items.is_empty() {
        let n = items.len();
        items.rotate_left((by % n as u64) as usize);
        items.reverse();
    }
}

fn score_csv(stdin: &[u8], threads: &str, format: &str) -> (i32, Vec<u8>) {
    let out = Command::cargo_bin("partake")
        .unwrap()
        .env("RAYON_NUM_THREADS", threads)
        .env("NO_COLOR", "1")
        .args(["score", "-", "--input-format", "csv", "-f", format, "-q", "--no-formula-guard"])
        .write_stdin(stdin.to_vec())
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), out.stdout)
}

/// A cell of anything a spreadsheet holds: delimiters, quotes, line breaks, formulas, any script.
fn cell() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,;\"'\n\r=+@é😀\u{2028}-]{0,24}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn output_is_byte_identical_at_any_thread_count(specs in prop::collection::vec(spec(), 1..80)) {
        let mut text = csv_row(&specs[0]);
        for spec in &specs[1..] {
            text.push_str(csv_row(spec).split_once('\n').unwrap().1);
        }
        for format in ["csv", "jsonl"] {
            let one = score_csv(text.as_bytes(), "1", format);
            prop_assert_eq!(one.0, 0);
            prop_assert_eq!(&one, &score_csv(text.as_bytes(), "2", format));
            prop_assert_eq!(&one, &score_csv(text.as_bytes(), "4", format));
        }
    }

    #[test]
    fn every_row_gives_one_row_with_its_cells_unchanged(
        rows in prop::collection::vec((cell(), cell(), cell()), 1..60)
    ) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["program", "summary", "owner"]).unwrap();
        for (a, b, c) in &rows {
            w.write_record([a, b, c]).unwrap();
        }
        let input = w.into_inner().unwrap();
        let (code, output) = score_csv(&input, "2", "csv");
        prop_assert!(code == 0 || code == 2);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(&output[..]);
        let header = reader.headers().unwrap().clone();
        let owner = header.iter().position(|h| h == "owner").unwrap();
        let out: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        prop_assert_eq!(out.len(), rows.len());
        for ((a, b, c), record) in rows.iter().zip(&out) {
            prop_assert_eq!(&record[owner - 2], a.as_str());
            prop_assert_eq!(&record[owner - 1], b.as_str());
            prop_assert_eq!(&record[owner], c.as_str());
        }
    }
}
