//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
//! The runner turns each into an annotation on the pull request's diff.

use super::Context;
use partake_core::check::{Finding, Outcome, Severity};
use std::fmt::Write;

/// Escape a command's message as the runner requires: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value: the message's escapes, and `:` and `,` which end a property.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn command(f: &Finding) -> String {
    let kind = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let s = &f.source;
    // The runner matches `file` against repository paths, which have no `./`.
    let path = s.path.strip_prefix("./").unwrap_or(&s.path);
    let mut properties = vec![format!("file={}", escape_property(path))];
    if let Some(line) = s.line {
        properties.push(format!("line={line}"));
        if let Some(col) = s.column {
            properties.push(format!("col={col}"));
        }
    }
    properties.push(format!("title={}", escape_property(&format!("partake {}", f.rule.id()))));
    let message = match s.row {
        Some(row) => format!("row {row}: {}", f.message),
        None => f.message.clone(),
    };
    format!("::{kind} {}::{}", properties.join(","), escape_data(&message))
}

pub fn render(outcome: &Outcome, context: &Context) -> String {
    let mut out = String::new();
    for f in outcome.findings() {
        let _ = writeln!(out, "{}", command(f));
    }
    if !context.quiet {
        // A plain line: the log's last word, after the annotations.
        let _ = writeln!(out, "{}", escape_data(&outcome.summary()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use partake_core::check::Rule;
    use partake_core::spec::Source;

    #[test]
    fn commands_escape_what_the_runner_reads() {
        let f = Finding::new(Rule::Parse, Severity::Error, Source::at("a,b:c.yaml", 3, 5), "50%\nthen\r");
        assert_eq!(command(&f), "::error file=a%2Cb%3Ac.yaml,line=3,col=5,title=partake parse::50%25%0Athen%0D");
    }
}
