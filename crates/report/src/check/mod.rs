//! `check` reports: the same outcome as text, JSON, SARIF, GitHub workflow
//! commands, JUnit XML or Markdown.

pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use partake_core::check::Rule;
use std::collections::HashMap;
use std::fmt::Write;

/// What reports need besides the outcome.
pub struct Context<'a> {
    pub version: &'a str,
    pub models_hash: &'a str,
    pub policy_file: Option<&'a str>,
    pub color: bool,
    /// Show each finding's source line with a caret (text format, on a terminal).
    pub snippets: bool,
    /// The text of files with findings, by the path reports show.
    pub texts: &'a HashMap<String, String>,
    /// No summary line.
    pub quiet: bool,
}

/// `check --list-rules`: every rule id, its default severity and what it checks.
pub fn rules_table() -> String {
    let width = Rule::ALL.iter().map(|r| r.id().len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in Rule::ALL {
        let _ = writeln!(out, "{:<width$}  {:<7}  {}", rule.id(), rule.default_severity().name(), rule.summary());
    }
    out
}
