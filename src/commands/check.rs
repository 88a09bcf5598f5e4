//! `partake check [PATHS...]` — validate every spec and enforce a policy; for CI.
//!
//! Usage:
//!   partake check                                  every spec under the current folder
//!   partake check specs/ --min-mutual-benefit 40 --deny crowdsourcing
//!   partake check specs/ --format sarif > partake.sarif
//!   partake check specs/ --baseline origin/main    also compare with the same files at a ref
//!   partake check --list-rules
//!
//! The policy comes from a `partake.yaml` found by walking up from the current
//! folder (or `--config FILE`), with flags on top. Exit 0: the policy holds;
//! 1: it does not (at `--fail-on`); 2: a spec could not be read, or a usage error.

use super::{emit, emit_with, print_errors, usage_error, Located};
use crate::baseline::Git;
use crate::global::Global;
use clap::{Args, ValueEnum};
use partake_core::check::baseline::{self, Snapshot};
use partake_core::check::{rules, Checked, Finding, Outcome, Rule, Severity};
use partake_core::check::{Set, Settings};
use partake_core::score::Engine;
use partake_core::spec::{known_keys, Program};
use partake_core::Status;
use partake_load::policy::{self, Policy};
use partake_load::read::{self, Input, InputKind};
use partake_report::check::{self as check_report, Context};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Validate specs and enforce a policy, for CI: findings with rule ids at path:line:column,
/// in text, JSON, SARIF, GitHub annotations, JUnit or Markdown.
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  partake check\n  partake check specs/ --min-mutual-benefit 40 --deny crowdsourcing\n  \
partake check specs/ --format sarif --output partake.sarif\n  partake check specs/ --baseline origin/main\n  \
partake check --list-rules\n\n\
The policy is read from partake.yaml in the current folder or the nearest one above it (or --config FILE); \
flags override it. Under GitHub Actions (GITHUB_ACTIONS set) the default format is `github`.\n\n\
Exit codes: 0 the policy holds; 1 a program breaks it (findings at --fail-on or worse); \
2 a spec could not be read, or a usage error (bad policy file, unknown baseline ref). 2 wins over 1."
)]
pub struct CheckArgs {
    /// Spec files (.yaml, .yml), inventories (.csv), folders, or - for stdin.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<String>,
    /// Report format [default: text, or github when GITHUB_ACTIONS is set].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<CheckFormat>,
    /// The policy file (instead of the nearest partake.yaml).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Use no policy file, only the flags.
    #[arg(long)]
    pub no_config: bool,
    /// The lowest mutual benefit a program may have (0–100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_mutual_benefit: Option<u8>,
    /// The only primary models a program may have.
    #[arg(long, value_name = "MODEL,...", value_delimiter = ',')]
    pub allow: Option<Vec<String>>,
    /// Primary models a program may not have.
    #[arg(long, value_name = "MODEL,...", value_delimiter = ',')]
    pub deny: Option<Vec<String>>,
    /// Fields every program must set (e.g. organization,summary,expect).
    #[arg(long, value_name = "FIELD,...", value_delimiter = ',')]
    pub require: Option<Vec<String>>,
    /// How to report text partake does not recognise [default: warning].
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub unrecognized: Option<Unrecognized>,
    /// The least severe finding that fails the check [default: error].
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Compare each program with the same file at this git ref (read with git, no checkout).
    #[arg(long, value_name = "GIT_REF")]
    pub baseline: Option<String>,
    /// With --baseline: how many points the mutual benefit may fall [default: 0].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub max_drop: Option<u8>,
    /// List the rules, their ids and default severities, and exit.
    #[arg(long)]
    pub list_rules: bool,
    /// How to read standard input (`-`).
    #[arg(long, value_enum, default_value_t = super::score::StdinFormat::Yaml, value_name = "FORMAT")]
    pub input_format: super::score::StdinFormat,
    #[command(flatten)]
    pub csv: super::CsvFlags,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    /// Compiler-style `path:line:col: error[rule]: message`, with source snippets on a terminal.
    Text,
    /// Programs, findings and a summary in one JSON document.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other dashboards.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`): annotations on the pull request.
    Github,
    /// JUnit XML, one test case per program.
    Junit,
    /// A pull-request comment: a table of programs, verdicts and what failed.
    Markdown,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unrecognized {
    Off,
    Warning,
    Error,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Warning,
    Error,
}

pub fn run(args: CheckArgs, global: &Global) -> anyhow::Result<Status> {
    if args.list_rules {
        emit(global, &check_report::rules_table())?;
        return Ok(Status::Ok);
    }
    let models = super::load_models(global)?;
    let policy = load_policy(&args, &models.ids())?;
    let csv = policy.csv.with(&args.csv.options().map_err(usage_error)?);
    let format = args.format.unwrap_or(if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| !v.is_empty()) {
        CheckFormat::Github
    } else {
        CheckFormat::Text
    });
    let paths = if args.paths.is_empty() { vec![".".to_string()] } else { args.paths.clone() };
    let git = match &args.baseline {
        Some(reference) => Some(Git::open(reference, &repository_dir(&paths)).map_err(usage_error)?),
        None => None,
    };
    let stdin_kind = match args.input_format {
        super::score::StdinFormat::Yaml => InputKind::Yaml,
        super::score::StdinFormat::Csv => InputKind::Csv,
    };
    let (inputs, discover_errors) = read::discover(&paths, stdin_kind);
    if inputs.is_empty() && discover_errors.is_empty() {
        return Err(usage_error(format!("no spec found in {}", paths.join(", "))));
    }
    // git reads the old versions while the models compile.
    let fetch = git.clone().map(|git| {
        let (inputs, paths) = (inputs.clone(), paths.clone());
        std::thread::spawn(move || fetch_old(&git, &inputs, &paths))
    });
    let engine = super::compile_engine(models, global);
    let mut input_errors = discover_errors;
    let mut settings_cache: HashMap<String, Settings> = HashMap::new();
    let mut settings_for = |path: &str| -> Settings {
        settings_cache.entry(path.to_string()).or_insert_with(|| policy.settings_for(path)).clone()
    };
    // Programs are read one at a time and assessed a batch at a time; each is kept
    // only as what the reports need (its findings) and, with a baseline, what the
    // comparison needs (a snapshot), so a large inventory is never held whole.
    // The baseline's versions are read and scored on another core meanwhile.
    let mut checked: Vec<Checked> = Vec::new();
    let mut snapshots: Vec<Snapshot> = Vec::new();
    let old = std::thread::scope(|scope| {
        let old = fetch.map(|fetch| {
            scope.spawn(move || {
                let fetched = fetch.join().unwrap_or_else(|_| Err("reading the baseline failed".into()))?;
                Ok::<_, String>(assess_old(engine, fetched))
            })
        });
        let mut note = super::notes_to_stderr(global.quiet);
        const BATCH: usize = 4096;
        let mut batch: Vec<Program> = Vec::with_capacity(BATCH);
        let mut assess = |batch: &mut Vec<Program>| {
            for a in crate::pipeline::assess_all(engine, std::mem::take(batch)) {
                let findings = rules::check_program(engine, &a, &settings_for(&a.program.source.path));
                if git.is_some() {
                    snapshots.push(Snapshot::of(&a));
                }
                checked.push(Checked {
                    name: a.program.name.clone(),
                    source: a.program.source.clone(),
                    verdict: partake_report::primary_cell(&a),
                    primary: a.primary_id().map(str::to_string),
                    mutual_benefit: a.mutual.score,
                    baseline: None,
                    findings,
                });
            }
        };
        crate::pipeline::each_spec(&inputs, engine, &csv, &mut note, &mut |result| match result {
            Ok(program) => {
                batch.push(program);
                if batch.len() == BATCH {
                    assess(&mut batch);
                }
            }
            Err(e) => input_errors.push(e),
        });
        assess(&mut batch);
        old.map(|h| h.join().unwrap_or_else(|_| Err("reading the baseline failed".into())))
    });
    let mut old = old.transpose().map_err(usage_error)?.unwrap_or_default();

    let mut other: Vec<Finding> = input_errors
        .iter()
        .map(|e| Finding::new(Rule::Parse, Severity::Error, e.source.clone(), parse_message(&e.message)))
        .collect();
    if let Some(git) = &git {
        let pairs = pair_with_baseline(&snapshots, &mut old);
        for ((checked, now), pair) in checked.iter_mut().zip(&snapshots).zip(pairs) {
            // What came on standard input has no version at the baseline.
            if now.source.path == "-" {
                continue;
            }
            if let Some((old, true)) = &pair {
                checked.findings.push(baseline::renamed(now, old, &git.reference));
            }
            let earlier = pair.map(|(old, _)| old);
            let settings = settings_for(&now.source.path);
            let (b, f) = baseline::compare(now, earlier.as_ref(), &settings, &git.reference, &engine.lexicon.facts);
            checked.baseline = Some(b);
            checked.findings.extend(f);
        }
    }
    let mut programs = checked;
    if let Some(git) = &git {
        // A file that no longer reads has `parse` findings; its old programs are not "removed".
        let unreadable: std::collections::HashSet<&str> = input_errors.iter().map(|e| e.source.path.as_str()).collect();
        for path in old.order.iter().filter(|p| !unreadable.contains(p.as_str())) {
            for gone in old.by_path.get(path).into_iter().flatten() {
                other.push(baseline::removed(gone, path, &git.reference));
            }
        }
    }

    let suppressed = suppress(&mut programs, &mut other, &mut settings_for);
    let mut outcome = Outcome {
        programs,
        other,
        fail_on: policy.fail_on.value,
        files: inputs.len(),
        paths: inputs.iter().map(|i| i.shown.clone()).chain(old.order.iter().cloned()).collect(),
        baseline: args.baseline.clone(),
        suppressed,
    };
    let snippets = global.output.is_none()
        && (global.color == crate::global::ColorChoice::Always
            || (global.color == crate::global::ColorChoice::Auto && std::io::stdout().is_terminal()));
    let texts = fill_columns(&mut outcome);
    let context = Context {
        version: env!("CARGO_PKG_VERSION"),
        models_hash: &engine.models.hash,
        policy_file: policy.file.as_deref(),
        color: global.color(),
        snippets: snippets && format == CheckFormat::Text,
        texts: &texts,
        quiet: global.quiet,
    };
    // The text format already shows every input error, at the same place and in the same words.
    if format != CheckFormat::Text {
        print_errors(&input_errors);
    }
    emit_with(global, |out| {
        let text = match format {
            // JSON, the one a large inventory is checked into, is written as it is made.
            CheckFormat::Json => return check_report::json::write(&outcome, &context, out),
            CheckFormat::Text => check_report::text::render(&outcome, &context),
            CheckFormat::Sarif => check_report::sarif::render(&outcome, &context),
            CheckFormat::Github => check_report::github::render(&outcome, &context),
            CheckFormat::Junit => check_report::junit::render(&outcome, &context),
            CheckFormat::Markdown => check_report::markdown::render(&outcome, &context),
        };
        out.write_all(text.as_bytes())
    })?;
    if format == CheckFormat::Github {
        write_step_summary(&outcome, &context);
    }
    Ok(outcome.status())
}

/// The policy file's settings with the flags on top; a bad file or flag is a usage error.
fn load_policy(args: &CheckArgs, ids: &[String]) -> anyhow::Result<Policy> {
    fn set<T>(value: T, flag: &str) -> Set<T> {
        Set { value, from: flag.to_string() }
    }
    for models in [&args.allow, &args.deny].into_iter().flatten() {
        policy::check_models(models, ids).map_err(usage_error)?;
    }
    let required = args.require.as_deref().map(policy::required_fields).transpose().map_err(usage_error)?;
    let flags = Settings {
        min_mutual_benefit: args.min_mutual_benefit.map(|n| set(n, "--min-mutual-benefit")),
        allow: args.allow.clone().map(|v| set(v, "--allow")),
        deny: args.deny.clone().map(|v| set(v, "--deny")),
        unrecognized: args.unrecognized.map(|u| {
            let severity = match u {
                Unrecognized::Off => None,
                Unrecognized::Warning => Some(Severity::Warning),
                Unrecognized::Error => Some(Severity::Error),
            };
            Set { value: severity, from: "--unrecognized".into() }
        }),
        required: required.map(|v| set(v, "--require")),
        max_mutual_benefit_drop: args.max_drop.map(|n| set(n, "--max-drop")),
        ignore: None,
    };
    let fail_on = args.fail_on.map(|f| Set {
        value: if f == FailOn::Warning { Severity::Warning } else { Severity::Error },
        from: "--fail-on".into(),
    });
    let file = match (&args.config, args.no_config) {
        (_, true) => None,
        (Some(path), _) => {
            if !path.is_file() {
                return Err(usage_error(format!("{}: no such policy file (given with --config)", path.display())));
            }
            Some((path.display().to_string(), path.clone()))
        }
        (None, false) => std::env::current_dir().ok().and_then(|dir| policy::discover(&dir)),
    };
    match file {
        None => Ok(Policy::from_flags(flags, fail_on)),
        Some((shown, path)) => Ok(policy::load(&shown, &path, ids, flags, fail_on).map_err(Located)?),
    }
}

/// Where to look for the repository: the first path being checked (so specs in
/// another repository can be checked from outside it), else the current folder.
fn repository_dir(paths: &[String]) -> PathBuf {
    let first = paths.iter().map(Path::new).find(|p| p.exists());
    match first {
        Some(p) if p.is_dir() => p.to_path_buf(),
        Some(p) => p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf(),
        None => PathBuf::from("."),
    }
}

/// The reader's message, with a hint where the fix is not obvious.
fn parse_message(message: &str) -> String {
    if message.starts_with("invalid YAML") {
        format!("{message}; fix the YAML syntax here (everything after it in the file is unread)")
    } else {
        message.to_string()
    }
}

/// Take out the findings a team silenced: rules listed in `ignore:` of the policy
/// in force for the file, and `# partake: disable=RULE,...` comments in a spec — before
/// its first program for the whole file, else for the program it sits in. A comment
/// naming no rule is itself a finding, so a typo never silences nothing unnoticed.
fn suppress(
    programs: &mut [Checked],
    other: &mut Vec<Finding>,
    settings_for: &mut dyn FnMut(&str) -> Settings,
) -> Vec<Finding> {
    let mut suppressed = Vec::new();
    let mut comments: HashMap<String, Vec<(usize, Vec<String>)>> = HashMap::new();
    let mut starts: HashMap<String, Vec<usize>> = HashMap::new();
    for p in programs.iter() {
        if let Some(line) = p.source.line {
            starts.entry(p.source.path.clone()).or_default().push(line);
        }
    }
    for (path, lines) in &mut starts {
        lines.sort_unstable();
        let Ok(text) = read::read_text_file(Path::new(path)) else { continue };
        let found = disable_comments(&text);
        for (line, rules) in &found {
            let checked = if rules.is_empty() {
                Err("name the rules to silence, e.g. `# partake: disable=unrecognized-text`".to_string())
            } else {
                policy::check_rules(rules)
            };
            if let Err(message) = checked {
                let at = partake_core::spec::Source::line(path, *line);
                other.push(Finding::new(Rule::Parse, Severity::Error, at, format!("`partake: disable`: {message}")));
            }
        }
        comments.insert(path.clone(), found);
    }
    for p in programs.iter_mut() {
        let path = p.source.path.clone();
        let ignored = settings_for(&path).ignore.map(|s| s.value).unwrap_or_default();
        let first = starts.get(&path).and_then(|l| l.first().copied());
        let start = p.source.line;
        // This program's lines end where the next program starts.
        let end = start.and_then(|s| starts.get(&path)?.iter().find(|&&l| l > s).copied());
        let silenced: Vec<&String> = comments
            .get(&path)
            .into_iter()
            .flatten()
            .filter(|(line, _)| {
                first.is_some_and(|f| *line < f) || start.is_some_and(|s| *line >= s && end.is_none_or(|e| *line < e))
            })
            .flat_map(|(_, rules)| rules)
            .collect();
        let (quiet, kept): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut p.findings).into_iter().partition(|f| {
            f.rule != Rule::Parse && (ignored.iter().chain(silenced.iter().copied()).any(|r| r == f.rule.id()))
        });
        p.findings = kept;
        suppressed.extend(quiet);
    }
    suppressed
}

/// `# partake: disable=rule-a,rule-b` comments: (line, rules).
fn disable_comments(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        // A YAML comment starts the line or follows a space.
        let Some(at) =
            line.match_indices('#').map(|(at, _)| at).find(|&at| at == 0 || line[..at].ends_with([' ', '\t']))
        else {
            continue;
        };
        let comment = line[at + 1..].trim();
        let Some(rest) = comment.strip_prefix("partake:") else { continue };
        let Some(list) = rest.trim().strip_prefix("disable") else { continue };
        let list = list.trim_start().trim_start_matches(['=', ':']).trim();
        let rules = list.split([',', ' ']).map(str::trim).filter(|r| !r.is_empty()).map(str::to_string).collect();
        out.push((i + 1, rules));
    }
    out
}

/// Each program's version at the baseline, if it had one, taken out of `old`: first
/// by name in the same file (duplicates pair in order), then, for a program whose
/// name changed, the unmatched old one at the same place (line, or CSV row) of the
/// same file — `true` marks such a rename.
fn pair_with_baseline(programs: &[Snapshot], old: &mut OldVersions) -> Vec<Option<(Snapshot, bool)>> {
    let mut pairs: Vec<Option<(Snapshot, bool)>> = programs
        .iter()
        .map(|p| {
            let versions = old.by_path.get_mut(&p.source.path)?;
            let i = versions.iter().position(|o| o.name == p.name)?;
            Some((versions.remove(i), false))
        })
        .collect();
    for (p, pair) in programs.iter().zip(&mut pairs) {
        if pair.is_some() {
            continue;
        }
        let Some(versions) = old.by_path.get_mut(&p.source.path) else { continue };
        let place = |s: &partake_core::spec::Source| (s.line, s.row);
        if let Some(i) = versions.iter().position(|o| place(&o.source) == place(&p.source)) {
            *pair = Some((versions.remove(i), true));
        }
    }
    pairs
}

/// The programs at the baseline, by the path reports show, in the order files were read.
#[derive(Default)]
struct OldVersions {
    by_path: HashMap<String, Vec<Snapshot>>,
    order: Vec<String>,
}

/// Specs with their content at the baseline (`None`: not a readable blob).
type Fetched = Vec<(Input, Option<Vec<u8>>)>;

/// Every spec at the baseline ref with its old content: the files being checked,
/// and files under the folders being checked that have been deleted since.
fn fetch_old(git: &Git, inputs: &[Input], paths: &[String]) -> Result<Fetched, String> {
    let args: Vec<(&String, String)> =
        paths.iter().filter(|p| *p != "-").filter_map(|p| git.relative(Path::new(p)).map(|rel| (p, rel))).collect();
    let blobs = git.blobs_under(&args.iter().map(|(_, rel)| rel.clone()).collect::<Vec<_>>())?;
    let mut wanted: Vec<(Input, String)> = inputs
        .iter()
        .filter(|i| !i.is_stdin())
        .filter_map(|i| {
            git.relative(Path::new(&i.shown)).and_then(|rel| blobs.get(&rel)).map(|oid| (i.clone(), oid.clone()))
        })
        .collect();
    let mut deleted: Vec<(Input, String)> = Vec::new();
    for (arg, folder) in args.iter().filter(|(p, _)| Path::new(p).is_dir()) {
        let prefix = if folder.is_empty() { String::new() } else { format!("{folder}/") };
        let mut under: Vec<(&String, &String)> = blobs.iter().filter(|(path, _)| path.starts_with(&prefix)).collect();
        under.sort();
        for (file, oid) in under {
            let inside = &file[prefix.len()..];
            let hidden = inside.split('/').any(|part| part.starts_with('.'));
            let name = inside.rsplit('/').next().unwrap_or(inside);
            let Some(kind) = read::kind_of(Path::new(name)) else { continue };
            let shown = Path::new(arg).join(inside).display().to_string();
            // Gone from disk, and not already found through another folder argument.
            if hidden
                || name == policy::POLICY_FILE
                || Path::new(&shown).exists()
                || deleted.iter().any(|(i, _)| i.shown == shown)
            {
                continue;
            }
            deleted.push((Input { shown, kind }, oid.clone()));
        }
    }
    wanted.extend(deleted);
    let objects: Vec<String> = wanted.iter().map(|(_, oid)| oid.clone()).collect();
    let blobs = git.read_all(&objects)?;
    Ok(wanted.into_iter().map(|(input, _)| input).zip(blobs).collect())
}

/// Read and assess the old versions.
fn assess_old(engine: &Engine, fetched: Fetched) -> OldVersions {
    let keys = known_keys();
    let ids = engine.models.ids();
    let mut scratch = partake_core::understand::Normalized::default();
    let mut out = OldVersions::default();
    for (input, blob) in fetched {
        let Some(text) = blob.and_then(|b| read::text_from_bytes(b, &input.shown).ok()) else { continue };
        // Old programs that cannot be read are not compared: the new ones then count as new.
        let programs = crate::pipeline::read_text(&input, &text, &keys, &ids)
            .into_iter()
            .flatten()
            .map(|p| Snapshot::of(&engine.assess(p, &mut scratch)))
            .collect();
        out.order.push(input.shown.clone());
        out.by_path.insert(input.shown, programs);
    }
    out
}

/// Give line-level findings a column (the first character of the line's content,
/// past a list's `- `), and keep the texts of files with findings for snippets.
fn fill_columns(outcome: &mut Outcome) -> HashMap<String, String> {
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut unreadable = std::collections::HashSet::new();
    let findings = outcome.programs.iter_mut().flat_map(|p| p.findings.iter_mut()).chain(outcome.other.iter_mut());
    for f in findings {
        let path = f.source.path.clone();
        if path == "-" || f.source.line.is_none() || unreadable.contains(&path) {
            continue;
        }
        if !texts.contains_key(&path) {
            match read::read_text_file(Path::new(&path)) {
                Ok(text) => {
                    texts.insert(path.clone(), text);
                }
                Err(_) => {
                    unreadable.insert(path);
                    continue;
                }
            }
        }
        if f.source.column.is_none() {
            let line = f.source.line.unwrap_or(1);
            let text = texts[&path].lines().nth(line.saturating_sub(1)).unwrap_or("");
            f.source.column = Some(content_column(text));
        }
    }
    texts
}

/// The 1-based column where a line's content starts, past indentation and `- `.
pub fn content_column(line: &str) -> usize {
    let mut column = 1;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => column += 1,
            '-' if chars.peek().is_some_and(|n| *n == ' ') => column += 1,
            _ => return column,
        }
    }
    1
}

/// Under GitHub Actions, the Markdown report also goes to the job's summary page.
fn write_step_summary(outcome: &Outcome, context: &Context) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else { return };
    let markdown = check_report::markdown::render(outcome, context);
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, markdown.as_bytes()));
    if let Err(e) = written {
        crate::say!("warning: cannot write the job summary to {}: {e}", Path::new(&path).display());
    }
}
