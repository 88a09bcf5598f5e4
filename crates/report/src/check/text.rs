//! The human format: compiler-style `path:line:col: error[rule]: message`, with the
//! source line and a caret when a person is looking; a summary line ends it.

use super::Context;
use crate::text::for_terminal;
use annotate_snippets::{Level, Renderer, Snippet};
use partake_core::check::{Finding, Outcome, Severity};
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
    let raw = text.lines().nth(line_no - 1)?;
    // The line is escaped for the terminal first, and the span is found in the escaped
    // line: an escape is longer than the character it stands for, and a span must
    // start and end between characters.
    let mut line = String::with_capacity(raw.len());
    let mut starts = Vec::with_capacity(raw.len() + 1);
    for c in raw.chars() {
        starts.push(line.len());
        crate::text::push_for_terminal(&mut line, c);
    }
    starts.push(line.len());
    let chars = starts.len() - 1;
    let content_end = raw.trim_end().chars().count();
    // A column past the line's end (an error at its end) marks its last character.
    let first = f.source.column.unwrap_or(1).saturating_sub(1).min(chars.saturating_sub(1));
    let last = content_end.max(first + 1).min(chars);
    let (start, end) = (starts[first], starts[last.max(first)]);
    let level = match f.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Note => Level::Note,
    };
    let message = for_terminal(&f.message);
    let origin = for_terminal(&f.source.path);
    let snippet = Snippet::source(&line).line_start(line_no).origin(&origin).annotation(level.span(start..end));
    let title = level.title(&message).id(f.rule.id()).snippet(snippet);
    let renderer = if context.color { Renderer::styled() } else { Renderer::plain() };
    let rendered = renderer.render(title).to_string();
    Some(rendered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use partake_core::check::{Outcome, Rule};
    use partake_core::spec::Source;
    use std::collections::HashMap;

    /// One finding about `a.yaml`, whose text is `text`, rendered for a terminal.
    fn render_one_with(f: Finding, text: &str, color: bool) -> String {
        let outcome = Outcome {
            programs: vec![],
            other: vec![f],
            fail_on: Severity::Error,
            files: 1,
            paths: vec![],
            baseline: None,
            suppressed: vec![],
        };
        let texts = HashMap::from([("a.yaml".to_string(), text.to_string())]);
        let context = Context {
            version: "0",
            models_hash: "h",
            policy_file: None,
            color,
            snippets: true,
            texts: &texts,
            quiet: true,
        };
        render(&outcome, &context)
    }

    fn render_one(f: Finding, text: &str) -> String {
        render_one_with(f, text, true)
    }

    #[test]
    fn carets_fall_between_characters_of_the_escaped_line() {
        // An error at the end of a line ending in a two-byte character; a column past the end.
        for column in [1, 3, 7, 8, 40] {
            let f = Finding::new(Rule::Parse, Severity::Error, Source::at("a.yaml", 3, column), "invalid YAML");
            render_one(f, "program: P\nsummary\n  café");
        }
        // Escapes are longer than what they stand for: the caret still points at `x`.
        let f = Finding::new(Rule::Parse, Severity::Error, Source::at("a.yaml", 1, 3), "m");
        let plain = crate::text::for_terminal(&render_one(f, "\u{1b}\u{1b}x"));
        assert!(plain.contains("\\u{1b}\\u{1b}x"), "{plain}");
        for bad in ["\u{202e}", "\u{1b}[2J"] {
            let f = Finding::new(Rule::Parse, Severity::Error, Source::at("a.yaml", 1, 2), format!("m{bad}"));
            assert!(!render_one(f, &format!("a{bad}b")).contains(bad));
        }
    }

    #[test]
    fn a_terminal_gets_the_line_and_a_caret() {
        let f = Finding::new(Rule::ExpectMismatch, Severity::Error, Source::at("a.yaml", 2, 1), "set `expect: x`");
        let rendered = render_one_with(f, "program: P\nexpect: affiliate\n", false);
        assert_eq!(
            rendered,
            "error[expect-mismatch]: set `expect: x`\n --> a.yaml:2:1\n  |\n2 | expect: affiliate\n  | ^^^^^^^^^^^^^^^^^\n  |\n\n"
        );
    }
}
