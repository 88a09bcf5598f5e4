//! The human format: compiler-style `path:line:col: error[rule]: message`, with the
//! source line and a caret when a person is looking; a summary line ends it.

use super::Context;
use crate::check::{Finding, Outcome, Severity};
use crate::text::for_terminal;
use annotate_snippets::{Level, Renderer, Snippet};
use std::fmt::Write;

pub fn render(outcome: &Outcome, context: &Context) -> String {
    let mut out = String::new();
    for f in outcome.findings() {
        match snippet(f, context) {
            Some(rendered) => {
                out.push_str(&rendered);
                out.push_str("\n\n");
            }
            None => {
                let _ = writeln!(out, "{}", plain(f));
            }
        }
    }
    if !context.quiet {
        let _ = writeln!(out, "{}", outcome.summary());
    }
    out
}

/// `path:line:col: error[rule]: message`, one line, safe for a terminal.
pub fn plain(f: &Finding) -> String {
    for_terminal(&format!("{}: {}[{}]: {}", f.source, f.severity, f.rule.id(), f.message))
}

fn snippet(f: &Finding, context: &Context) -> Option<String> {
    if !context.snippets {
        return None;
    }
    let line_no = f.source.line?;
    let text = context.texts.get(&f.source.path)?;
    let line = text.lines().nth(line_no - 1)?;
    let column = f.source.column.unwrap_or(1);
    let start: usize = line.chars().take(column - 1).map(char::len_utf8).sum();
    let end = line.trim_end().len().max(start + 1).min(line.len());
    let start = start.min(end.saturating_sub(1));
    let level = match f.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Note => Level::Note,
    };
    let message = for_terminal(&f.message);
    let line = for_terminal(line);
    let origin = for_terminal(&f.source.path);
    let snippet =
        Snippet::source(&line).line_start(line_no).origin(&origin).annotation(level.span(start..end.max(start)));
    let title = level.title(&message).id(f.rule.id()).snippet(snippet);
    let renderer = if context.color { Renderer::styled() } else { Renderer::plain() };
    let rendered = renderer.render(title).to_string();
    Some(rendered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Outcome, Rule};
    use crate::spec::Source;
    use std::collections::HashMap;

    #[test]
    fn a_terminal_gets_the_line_and_a_caret() {
        let f = Finding::new(Rule::ExpectMismatch, Severity::Error, Source::at("a.yaml", 2, 1), "set `expect: x`");
        let outcome = Outcome {
            programs: vec![],
            other: vec![f],
            fail_on: Severity::Error,
            files: 1,
            paths: vec![],
            baseline: None,
            suppressed: vec![],
        };
        let texts = HashMap::from([("a.yaml".to_string(), "program: P\nexpect: affiliate\n".to_string())]);
        let context = Context {
            version: "0",
            models_hash: "h",
            policy_file: None,
            color: false,
            snippets: true,
            texts: &texts,
            quiet: true,
        };
        let rendered = render(&outcome, &context);
        assert_eq!(
            rendered,
            "error[expect-mismatch]: set `expect: x`\n --> a.yaml:2:1\n  |\n2 | expect: affiliate\n  | ^^^^^^^^^^^^^^^^^\n  |\n\n"
        );
    }
}
