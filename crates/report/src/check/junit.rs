//! JUnit XML, which most CI systems show as a test report: one test case per
//! program (failed when it breaks the policy), one per spec that could not be
//! read (an error), and removed programs as skipped cases.

use super::Context;
use partake_core::check::{Finding, Outcome, Rule};
use std::fmt::Write;

/// Text safe in XML content and attributes; characters XML 1.0 cannot hold are dropped.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn line(f: &Finding) -> String {
    format!("{}: {}[{}]: {}", f.source, f.severity, f.rule.id(), f.message)
}

pub fn render(outcome: &Outcome, _context: &Context) -> String {
    let mut cases = String::new();
    let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
    for p in &outcome.programs {
        tests += 1;
        let line_attr = p.source.line.map(|l| format!(" line=\"{l}\"")).unwrap_or_default();
        let _ = write!(
            cases,
            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"{line_attr}>",
            xml(&p.name),
            xml(&p.source.path),
            xml(&p.source.path)
        );
        let (failing, rest): (Vec<&Finding>, Vec<&Finding>) = p
            .findings
            .iter()
            .partition(|f| f.severity >= outcome.fail_on && f.severity > partake_core::check::Severity::Note);
        if let Some(first) = failing.first() {
            failures += 1;
            let body: Vec<String> = failing.iter().map(|f| xml(&line(f))).collect();
            let _ = write!(
                cases,
                "\n      <failure message=\"{}\" type=\"{}\">{}</failure>",
                xml(&first.message),
                first.rule.id(),
                body.join("&#10;")
            );
        }
        if !rest.is_empty() {
            let body: Vec<String> = rest.iter().map(|f| xml(&line(f))).collect();
            let _ = write!(cases, "\n      <system-out>{}</system-out>", body.join("&#10;"));
        }
        if failing.is_empty() && rest.is_empty() {
            cases.push_str("</testcase>\n");
        } else {
            cases.push_str("\n    </testcase>\n");
        }
    }
    for f in &outcome.other {
        tests += 1;
        let (name, inner) = if f.rule == Rule::Parse {
            errors += 1;
            (
                f.source.path.clone(),
                format!("<error message=\"{}\" type=\"parse\">{}</error>", xml(&f.message), xml(&line(f))),
            )
        } else {
            skipped += 1;
            (f.program.clone().unwrap_or_default(), format!("<skipped message=\"{}\"/>", xml(&f.message)))
        };
        let _ = writeln!(
            cases,
            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n      {inner}\n    </testcase>",
            xml(&name),
            xml(&f.source.path),
            xml(&f.source.path)
        );
    }
    let suppressed = outcome.suppressed.len();
    let counts = format!("tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\"");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"partake check\" {counts}>\n  \
<testsuite name=\"partake check\" {counts}>\n    <properties><property name=\"suppressed\" value=\"{suppressed}\"/></properties>\n{cases}  </testsuite>\n</testsuites>\n"
    )
}
