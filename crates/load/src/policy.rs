//! The policy `check` enforces: from a `partake.yaml` (found by walking up from the
//! current folder, or named with `--config`) and from flags, which win.
//!
//! ```yaml
//! min_mutual_benefit: 40          # 0–100
//! allow: [affiliate, participation]
//! deny: [crowdsourcing]
//! unrecognized: warning           # off | warning | error
//! required: [organization, summary]
//! max_mutual_benefit_drop: 5      # with --baseline
//! fail_on: error                  # warning | error
//! ignore: [unrecognized-text]     # rules whose findings are suppressed (counted in the summary)
//! overrides:                      # later entries win; globs relative to this file
//!   - paths: teams/growth/**
//!     min_mutual_benefit: 25
//!     ignore: [min-mutual-benefit]
//! csv:                            # how to read inventories, as --delimiter, --encoding, --map
//!   delimiter: ";"
//!   map: {Programme: program}
//! ```
//!
//! Settings resolve per spec file: built-in defaults, then the file's top level,
//! then each override whose globs match, then the command-line flags.

use crate::read::positions::Marked;
use crate::read::values::kind;
use crate::read::yaml::unknown;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use partake_core::check::{Rule, Set, Settings, Severity};
use partake_core::spec::{ErrorCode, Field, InputError, Source};
use serde_yaml::Value;
use std::path::{Component, Path, PathBuf};

pub use crate::read::POLICY_FILE;

/// Settings for the spec files whose paths match some globs.
#[derive(Debug, Clone)]
pub struct Override {
    pub paths: Vec<String>,
    globs: GlobSet,
    pub settings: Settings,
}

/// The whole policy: the file's settings, its overrides and the flags.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The policy file as shown in messages, when one was read.
    pub file: Option<String>,
    /// The folder the override globs are relative to (absolute, normalised).
    root: PathBuf,
    pub base: Settings,
    pub overrides: Vec<Override>,
    pub flags: Settings,
    pub fail_on: Set<Severity>,
    /// How to read CSV inventories (the `csv:` section), under the command line's flags.
    pub csv: crate::read::csv::Options,
}

impl Policy {
    /// A policy from flags alone.
    pub fn from_flags(flags: Settings, fail_on: Option<Set<Severity>>) -> Policy {
        Policy {
            file: None,
            root: PathBuf::new(),
            base: Settings::default(),
            overrides: Vec::new(),
            flags,
            fail_on: fail_on.unwrap_or(Set { value: Severity::Error, from: "the default".into() }),
            csv: Default::default(),
        }
    }

    /// The settings in force for one spec file (`shown` as reports show it).
    pub fn settings_for(&self, shown: &str) -> Settings {
        let mut settings = self.base.clone();
        if !self.overrides.is_empty() && shown != "-" {
            if let Ok(relative) = absolute(Path::new(shown)).strip_prefix(&self.root) {
                for o in &self.overrides {
                    if o.globs.is_match(relative) {
                        settings.apply(&o.settings);
                    }
                }
            }
        }
        settings.apply(&self.flags);
        settings
    }
}

/// The nearest `partake.yaml` in `start` or a folder above it, as (path to show, path).
pub fn discover(start: &Path) -> Option<(String, PathBuf)> {
    for (depth, dir) in start.ancestors().enumerate() {
        let candidate = dir.join(POLICY_FILE);
        if candidate.is_file() {
            return Some(("../".repeat(depth) + POLICY_FILE, candidate));
        }
    }
    None
}

/// `path` made absolute against the current folder, with `.` and `..` resolved
/// lexically (no file system access: the spec may be stdin or gone).
pub fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Read a policy file; every problem is an error at its file:line:column.
pub fn load(
    shown: &str,
    path: &Path,
    model_ids: &[String],
    flags: Settings,
    fail_on_flag: Option<Set<Severity>>,
) -> Result<Policy, Vec<InputError>> {
    let text = crate::read::read_text_file(path)
        .map_err(|e| vec![InputError { source: Source { path: shown.to_string(), ..e.source }, ..e }])?;
    let root = absolute(path.parent().unwrap_or(Path::new(".")));
    from_text(shown, &text, root, model_ids, flags, fail_on_flag)
}

/// A policy from its text; `root` is the folder its override globs are relative to.
pub fn from_text(
    shown: &str,
    text: &str,
    root: PathBuf,
    model_ids: &[String],
    flags: Settings,
    fail_on_flag: Option<Set<Severity>>,
) -> Result<Policy, Vec<InputError>> {
    let mut reader = Reader { path: shown, model_ids, errors: Vec::new() };
    let mut policy = Policy::from_flags(flags, None);
    policy.file = Some(shown.to_string());
    policy.root = root;
    let mut fail_on = None;
    if let Some((value, mark)) = reader.document(text) {
        let here = Here { mark: mark.as_ref() };
        match &value {
            Value::Null => {}
            Value::Mapping(map) => {
                for (key, value) in map {
                    let Some(key) = key.as_str() else {
                        reader.error(here.node(), "keys must be text");
                        continue;
                    };
                    let at = here.value(key);
                    match key {
                        "fail_on" => {
                            fail_on = reader
                                .severity(value, &at, &["warning", "error"])
                                .flatten()
                                .map(|value| Set { value, from: reader.from(&here, key) })
                        }
                        "overrides" => policy.overrides = reader.overrides(value, &at),
                        "csv" => policy.csv = reader.csv(value, &at),
                        _ => reader.setting(key, value, &here, &mut policy.base, TOP_KEYS),
                    }
                }
            }
            other => reader.error(here.node(), format!("a policy is a mapping of settings, found {}", kind(other))),
        }
    }
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    policy.fail_on = fail_on_flag.or(fail_on).unwrap_or(Set { value: Severity::Error, from: "the default".into() });
    Ok(policy)
}

/// Keys of the policy's top level, and of an override.
const TOP_KEYS: &[&str] = &[
    "min_mutual_benefit",
    "allow",
    "deny",
    "unrecognized",
    "required",
    "max_mutual_benefit_drop",
    "fail_on",
    "overrides",
    "csv",
    "ignore",
];
const OVERRIDE_KEYS: &[&str] =
    &["paths", "min_mutual_benefit", "allow", "deny", "unrecognized", "required", "max_mutual_benefit_drop", "ignore"];

/// Check rule ids to suppress: each must be a rule, and `parse` cannot be (a spec
/// that cannot be read is never fine).
pub fn check_rules(given: &[String]) -> Result<(), String> {
    let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).filter(|id| *id != "parse").collect();
    match given.iter().find(|g| !ids.contains(&g.as_str())) {
        Some(bad) if bad == "parse" => Err("`parse` cannot be suppressed: a spec that cannot be read fails".into()),
        Some(bad) => Err(unknown("rule", bad, &ids)),
        None => Ok(()),
    }
}

/// The fields a policy may require: every spec key but `program`, which is always required.
pub fn requirable() -> Vec<String> {
    partake_core::spec::known_keys().into_iter().filter(|k| k != "program").collect()
}

/// Check model ids named by a flag or the file: each must be a model.
pub fn check_models(given: &[String], model_ids: &[String]) -> Result<(), String> {
    match given.iter().find(|g| !model_ids.contains(g)) {
        Some(bad) => Err(unknown("model", bad, model_ids)),
        None => Ok(()),
    }
}

/// The fields to require, by name: each must be a spec key other than `program`.
pub fn required_fields(given: &[String]) -> Result<Vec<Field>, String> {
    let fields = requirable();
    given
        .iter()
        .map(|g| match Field::key(g).filter(|_| fields.contains(g)) {
            Some(field) => Ok(field),
            None => Err(unknown("field", g, &fields)),
        })
        .collect()
}

struct Here<'a> {
    mark: Option<&'a Marked>,
}

impl<'a> Here<'a> {
    fn node(&self) -> (usize, usize) {
        self.mark.map_or((1, 1), |m| (m.line, m.column))
    }
    fn key(&self, key: &str) -> (usize, usize) {
        match self.mark.and_then(|m| m.entry(key)) {
            Some(e) => e.key_at,
            None => self.node(),
        }
    }
    fn value(&self, key: &str) -> Here<'a> {
        Here { mark: self.mark.and_then(|m| m.entry(key)).map(|e| &e.value) }
    }
    fn item(&self, index: usize) -> Here<'a> {
        Here { mark: self.mark.and_then(|m| m.item(index)) }
    }
}

struct Reader<'a> {
    path: &'a str,
    model_ids: &'a [String],
    errors: Vec<InputError>,
}

impl Reader<'_> {
    fn error(&mut self, (line, column): (usize, usize), message: impl Into<String>) {
        self.errors.push(InputError::new(ErrorCode::Policy, Source::at(self.path, line, column), message));
    }

    fn from(&self, here: &Here, key: &str) -> String {
        format!("{}:{}", self.path, here.key(key).0)
    }

    /// The one document of the policy file, with its marks.
    fn document(&mut self, text: &str) -> Option<(Value, Option<Marked>)> {
        let (documents, error) = crate::read::yaml::documents(text, self.path);
        if let Some(error) = error {
            self.errors.push(error);
            return None;
        }
        let mut documents = documents.into_iter();
        let Some(first) = documents.next() else { return Some((Value::Null, None)) };
        if documents.next().is_some() {
            let line = text.lines().skip(1).position(|l| l.starts_with("---")).map_or(1, |i| i + 2);
            self.error((line, 1), "a policy file holds one YAML document; remove the `---` and what follows");
        }
        Some((first.value, first.marks))
    }

    /// One setting of the top level or an override.
    fn setting(&mut self, key: &str, value: &Value, here: &Here, into: &mut Settings, keys: &[&str]) {
        let at = here.value(key);
        let from = self.from(here, key);
        match key {
            "min_mutual_benefit" | "max_mutual_benefit_drop" => {
                let Some(n) = self.score(value, &at, key) else { return };
                let set = Some(Set { value: n, from });
                if key == "min_mutual_benefit" {
                    into.min_mutual_benefit = set;
                } else {
                    into.max_mutual_benefit_drop = set;
                }
            }
            "allow" | "deny" => {
                let Some(ids) = self.names(value, &at, key) else { return };
                for (i, id) in ids.iter().enumerate() {
                    if !self.model_ids.contains(id) {
                        let pos = if matches!(value, Value::Sequence(_)) { at.item(i).node() } else { at.node() };
                        self.error(pos, unknown("model", id, self.model_ids));
                        return;
                    }
                }
                let set = Some(Set { value: ids, from });
                if key == "allow" {
                    into.allow = set;
                } else {
                    into.deny = set;
                }
            }
            "unrecognized" => {
                if let Some(severity) = self.severity(value, &at, &["off", "warning", "error"]) {
                    into.unrecognized = Some(Set { value: severity, from });
                }
            }
            "ignore" => {
                let Some(rules) = self.names(value, &at, key) else { return };
                if let Err(message) = check_rules(&rules) {
                    self.error(at.node(), message);
                    return;
                }
                into.ignore = Some(Set { value: rules, from });
            }
            "required" => {
                let Some(names) = self.names(value, &at, key) else { return };
                match required_fields(&names) {
                    Ok(fields) => into.required = Some(Set { value: fields, from }),
                    Err(message) => self.error(at.node(), message),
                }
            }
            other => {
                let message = if other == "unrecognised" {
                    "unknown key `unrecognised` (did you mean `unrecognized`?)".to_string()
                } else {
                    unknown("key", other, keys)
                };
                self.error(here.key(other), message);
            }
        }
    }

    /// The `csv:` section: `delimiter`, `encoding` and `map` (COLUMN: FIELD), as the flags.
    fn csv(&mut self, value: &Value, at: &Here) -> crate::read::csv::Options {
        use crate::read::csv::{field_for_column, parse_delimiter, parse_encoding};
        let mut options = crate::read::csv::Options::default();
        let Value::Mapping(map) = value else {
            self.error(at.node(), format!("`csv` is a mapping of delimiter, encoding and map, found {}", kind(value)));
            return options;
        };
        for (key, value) in map {
            let key = key.as_str().unwrap_or_default();
            let here = at.value(key);
            let text = value.as_str().map(str::trim);
            match (key, text) {
                ("delimiter", Some(d)) => match parse_delimiter(d) {
                    Ok(d) => options.delimiter = Some(d),
                    Err(message) => self.error(here.node(), message),
                },
                ("encoding", Some(e)) => match parse_encoding(e) {
                    Ok(e) => options.encoding = Some(e),
                    Err(message) => self.error(here.node(), message),
                },
                ("delimiter" | "encoding", None) => {
                    self.error(here.node(), format!("`{key}` is text, found {}", kind(value)))
                }
                ("map", _) => {
                    let Value::Mapping(pairs) = value else {
                        self.error(here.node(), format!("`map` is a mapping of COLUMN: FIELD, found {}", kind(value)));
                        continue;
                    };
                    for (column, field) in pairs {
                        let (Some(column), Some(field)) = (column.as_str(), field.as_str()) else {
                            self.error(here.node(), "`map` pairs are COLUMN: FIELD, both text");
                            continue;
                        };
                        if field.trim() != "-" && field_for_column(field).is_none() {
                            let names: Vec<&str> = Field::COLUMNS.iter().map(|f| f.name()).collect();
                            self.error(here.value(column).node(), unknown("field", field, &names));
                            continue;
                        }
                        options.maps.push((column.to_string(), field.trim().to_string()));
                    }
                }
                (other, _) => self.error(at.key(other), unknown("key", other, &["delimiter", "encoding", "map"])),
            }
        }
        options
    }

    fn overrides(&mut self, value: &Value, at: &Here) -> Vec<Override> {
        let Value::Sequence(list) = value else {
            self.error(at.node(), format!("`overrides` is a list of `- paths: GLOB` entries, found {}", kind(value)));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let here = at.item(i);
            let Value::Mapping(map) = entry else {
                self.error(here.node(), format!("an override is a mapping with `paths:`, found {}", kind(entry)));
                continue;
            };
            let mut settings = Settings::default();
            let mut paths = None;
            for (key, value) in map {
                let key = key.as_str().unwrap_or_default();
                if key == "paths" {
                    paths = self.globs(value, &here.value(key));
                } else {
                    self.setting(key, value, &here, &mut settings, OVERRIDE_KEYS);
                }
            }
            match paths {
                Some((paths, globs)) => out.push(Override { paths, globs, settings }),
                None if map.keys().all(|k| k.as_str() != Some("paths")) => {
                    self.error(here.node(), "an override needs `paths:` (a glob, or a list of globs)")
                }
                None => {}
            }
        }
        out
    }

    /// `paths:` globs, relative to the policy file's folder. A pattern without `/`
    /// matches at any depth and a trailing `/` means everything under the folder,
    /// as in `.gitignore`.
    fn globs(&mut self, value: &Value, at: &Here) -> Option<(Vec<String>, GlobSet)> {
        let patterns = self.names(value, at, "paths")?;
        let mut set = GlobSetBuilder::new();
        for (i, pattern) in patterns.iter().enumerate() {
            let mut glob = pattern.trim_start_matches("./").to_string();
            if glob.ends_with('/') {
                glob.push_str("**");
            }
            if !glob.contains('/') {
                glob = format!("**/{glob}");
            }
            match GlobBuilder::new(&glob).literal_separator(true).build() {
                Ok(g) => {
                    set.add(g);
                }
                Err(err) => {
                    let pos = if matches!(value, Value::Sequence(_)) { at.item(i).node() } else { at.node() };
                    self.error(pos, format!("invalid glob `{pattern}`: {}", err.kind()));
                    return None;
                }
            }
        }
        match set.build() {
            Ok(set) => Some((patterns, set)),
            Err(err) => {
                self.error(at.node(), format!("invalid globs: {err}"));
                None
            }
        }
    }

    /// A whole number from 0 to 100.
    fn score(&mut self, value: &Value, at: &Here, key: &str) -> Option<u8> {
        match value.as_u64() {
            Some(n) if n <= 100 => Some(n as u8),
            _ => {
                let shown = match value {
                    Value::Number(n) => n.to_string(),
                    other => kind(other).to_string(),
                };
                self.error(at.node(), format!("`{key}` is a whole number from 0 to 100, found {shown}"));
                None
            }
        }
    }

    /// A name, a comma-separated list of names, or a YAML list of names.
    fn names(&mut self, value: &Value, at: &Here, key: &str) -> Option<Vec<String>> {
        let split = |s: &str| s.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
        match value {
            Value::String(s) => Some(split(s)),
            Value::Null => Some(Vec::new()),
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(s) => out.push(s.trim().to_string()),
                        None => {
                            self.error(at.item(i).node(), format!("`{key}` lists names, found {}", kind(item)));
                            return None;
                        }
                    }
                }
                Some(out)
            }
            other => {
                self.error(at.node(), format!("`{key}` is a name or a list of names, found {}", kind(other)));
                None
            }
        }
    }

    /// `off`, `warning` or `error` (whichever of them `choices` allows); `Some(None)` is off.
    fn severity(&mut self, value: &Value, at: &Here, choices: &[&str]) -> Option<Option<Severity>> {
        let text = match value {
            Value::String(s) => s.trim().to_ascii_lowercase(),
            // `off` and `no` are text in YAML 1.2, but `false` is a boolean: it means off too.
            Value::Bool(false) if choices.contains(&"off") => "off".into(),
            other => {
                self.error(at.node(), unknown("value", kind(other), choices));
                return None;
            }
        };
        match text.as_str() {
            "off" if choices.contains(&"off") => Some(None),
            "warning" => Some(Some(Severity::Warning)),
            "error" => Some(Some(Severity::Error)),
            other => {
                self.error(at.node(), unknown("value", other, choices));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<String> {
        ["affiliate", "marketplace", "participation"].iter().map(|s| s.to_string()).collect()
    }

    fn load_text(text: &str) -> Result<Policy, Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(POLICY_FILE);
        std::fs::write(&path, text).unwrap();
        load("partake.yaml", &path, &ids(), Settings::default(), None)
            .map_err(|errors| errors.iter().map(|e| e.to_string()).collect())
    }

    #[test]
    fn reads_every_setting_with_its_line() {
        let p = load_text(
            "min_mutual_benefit: 40\nallow: [affiliate, participation]\ndeny: marketplace\nunrecognized: off\n\
required: [summary]\nmax_mutual_benefit_drop: 3\nfail_on: warning\n",
        )
        .unwrap();
        assert_eq!(p.base.min_mutual_benefit, Some(Set { value: 40, from: "partake.yaml:1".into() }));
        assert_eq!(p.base.allow.unwrap().value, vec!["affiliate", "participation"]);
        assert_eq!(p.base.deny.unwrap().value, vec!["marketplace"]);
        assert_eq!(p.base.unrecognized.unwrap().value, None);
        assert_eq!(p.base.max_mutual_benefit_drop.unwrap().value, 3);
        assert_eq!(p.fail_on.value, Severity::Warning);
    }

    #[test]
    fn errors_name_the_line_and_suggest() {
        let errors =
            load_text("min_mutual_benfit: 40\ndeny: [afiliate]\nunrecognized: loud\nrequired: [sumary]\n").unwrap_err();
        assert_eq!(
            errors,
            vec![
                "partake.yaml:1:1: unknown key `min_mutual_benfit` (did you mean `min_mutual_benefit`?)",
                "partake.yaml:2:8: unknown model `afiliate` (did you mean `affiliate`?)",
                "partake.yaml:3:15: unknown value `loud`; expected one of `off`, `warning`, `error`",
                "partake.yaml:4:11: unknown field `sumary` (did you mean `summary`?)",
            ]
        );
        assert_eq!(
            load_text("min_mutual_benefit: 140\n").unwrap_err(),
            vec!["partake.yaml:1:21: `min_mutual_benefit` is a whole number from 0 to 100, found 140"]
        );
        assert_eq!(
            load_text("overrides:\n  - min_mutual_benefit: 1\n").unwrap_err(),
            vec!["partake.yaml:2:5: an override needs `paths:` (a glob, or a list of globs)"]
        );
        assert!(load_text("deny: [\n").unwrap_err()[0].starts_with("partake.yaml:2:1: invalid YAML"));
    }

    #[test]
    fn overrides_apply_by_glob_and_flags_win() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(POLICY_FILE);
        std::fs::write(
            &path,
            concat!(
                "min_mutual_benefit: 50\noverrides:\n  - paths: teams/growth/\n    min_mutual_benefit: 20\n",
                "  - paths: ['*.yml']\n    deny: [marketplace]\n",
            ),
        )
        .unwrap();
        let policy = load("partake.yaml", &path, &ids(), Settings::default(), None).unwrap();
        let at = |rel: &str| policy.settings_for(&dir.path().join(rel).display().to_string());
        assert_eq!(at("teams/growth/a/b.yaml").min_mutual_benefit.unwrap().value, 20);
        assert_eq!(at("teams/other/b.yaml").min_mutual_benefit.unwrap().value, 50);
        assert!(at("deep/x.yml").deny.is_some());
        assert!(at("deep/x.yaml").deny.is_none());
        let flags =
            Settings { min_mutual_benefit: Some(Set { value: 70, from: "--min".into() }), ..Default::default() };
        let policy = load("partake.yaml", &path, &ids(), flags, None).unwrap();
        assert_eq!(
            policy
                .settings_for(&dir.path().join("teams/growth/x.yaml").display().to_string())
                .min_mutual_benefit
                .unwrap()
                .value,
            70
        );
    }
}
