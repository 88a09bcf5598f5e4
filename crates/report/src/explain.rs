//! `explain` as text or Markdown: every signal with its evidence and line, the
//! ideal's components, unrecognised items, and suggestions with computed scores.

use super::primary_cell;
use crate::text::{for_markdown, for_terminal};
use partake_core::score::{Assessment, Engine, Fired, Resolved};
use partake_core::suggest::Suggestion;
use partake_core::text::one_line;
use std::fmt::Write;

/// Text for a terminal (escaped) or Markdown (escaped for Markdown).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Text,
    Markdown,
}

impl Style {
    fn escape(self, s: &str) -> String {
        match self {
            Style::Text => for_terminal(s),
            Style::Markdown => for_markdown(s),
        }
    }
    fn heading(self, level: usize, title: &str) -> String {
        match self {
            Style::Text if level == 1 => format!("{title}\n{}\n", "=".repeat(title.chars().count().min(80))),
            Style::Text => format!("\n{title}\n"),
            Style::Markdown => format!("\n{} {title}\n\n", "#".repeat(level)),
        }
    }
}

/// A bar of `width` cells for a 0–100 score, drawn with block characters.
pub fn bar(score: u8, width: usize) -> String {
    let filled = (score as usize * width + 50) / 100;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

pub fn render(engine: &Engine, a: &Assessment, suggestions: &[Suggestion], style: Style) -> String {
    let mut out = String::new();
    let p = &a.program;
    let name = style.escape(&one_line(&p.name, 100));
    let org = p.organization.as_deref().map(|o| format!(" ({})", style.escape(&one_line(o, 60)))).unwrap_or_default();
    out.push_str(&style.heading(1, &format!("{name}{org}")));
    let _ = writeln!(out, "source: {}", style.escape(&p.source.to_string()));
    let _ = writeln!(out, "verdict: {}", style.escape(&primary_cell(a)));
    if a.verdict.hybrid {
        let _ = writeln!(
            out,
            "  (hybrid: the top two are within {} points)",
            engine.models.vocabulary.verdict.hybrid_margin
        );
    }
    match (a.recognised, a.understanding.language) {
        (false, Some(language)) => {
            let _ = writeln!(
                out,
                "warning: this program is written in {language}, which partake does not read; it reads English."
            );
        }
        (false, None) => {
            let _ = writeln!(out, "warning: none of this program's text was recognised. partake reads English; describe who takes part, what they give and what they get back.");
        }
        (true, _) => {}
    }
    if let Some(expect) = &p.expect {
        let verdict = if a.expect_matches == Some(true) { "matches" } else { "does NOT match" };
        let _ = writeln!(out, "expect: {} ({verdict})", style.escape(&expect.value));
    }

    out.push_str(&style.heading(2, "Scores"));
    let width = engine.models.models.iter().map(|m| m.id.len()).max().unwrap_or(10);
    let pre = if style == Style::Markdown { "    " } else { "  " };
    for s in &a.verdict.scores {
        let _ = writeln!(out, "{pre}{:<width$} {} {:>3}", s.id, bar(s.score, 20), s.score);
    }
    let _ = writeln!(out, "{pre}{:<width$} {} {:>3}", "mutual", bar(a.mutual.score, 20), a.mutual.score);

    out.push_str(&style.heading(2, "Signals"));
    let mut any = false;
    for (table, s) in a.verdict.scores.iter().enumerate().filter(|(_, s)| !s.fired.is_empty()) {
        any = true;
        let _ = writeln!(out, "{}{} {} (raw {:.1})", bullet(style, 0), s.id, s.score, s.raw);
        write_signals(&mut out, engine, a, &engine.signals_shown(table, &s.fired, &a.understanding), style);
    }
    if !any {
        let _ = writeln!(out, "{}no signal fired", bullet(style, 0));
    }

    out.push_str(&style.heading(2, "Mutual benefit"));
    let m = &a.mutual;
    let c = &m.components;
    for (label, value) in [
        ("participant", c.participant),
        ("organization", c.organization),
        ("others", c.others),
        ("same reason", c.same_reason),
        ("peer-army health", c.health),
    ] {
        let _ = writeln!(out, "{pre}{label:<16} {} {:>3}", bar(value.round() as u8, 20), value.round());
    }
    for (label, party) in [("participants", &m.participants), ("organization", &m.organization), ("others", &m.others)]
    {
        let _ = writeln!(
            out,
            "{}{label} benefit: {}{}",
            bullet(style, 0),
            party.value.name(),
            provenance(engine, a, party, style)
        );
    }
    let _ = writeln!(
        out,
        "{}network effect: {}{}",
        bullet(style, 0),
        m.network_effect.value,
        provenance(engine, a, &m.network_effect, style)
    );
    let _ = writeln!(
        out,
        "{}platform: {}{}",
        bullet(style, 0),
        m.platform.value,
        provenance(engine, a, &m.platform, style)
    );
    if m.capped {
        let _ = writeln!(
            out,
            "{}capped at {}: a party gains nothing, and the ideal is a triple win",
            bullet(style, 0),
            engine.models.ideal.cap_when_a_party_gains_nothing
        );
    }
    for (title, fired) in [("same reason", &m.same_reason), ("health", &m.health)] {
        if !fired.is_empty() {
            let _ = writeln!(out, "{}{title} signals:", bullet(style, 0));
            let shown = engine.signals_shown(engine.ideal_table(), fired, &a.understanding);
            write_signals(&mut out, engine, a, &shown, style);
        }
    }

    out.push_str(&style.heading(2, "Who gains, gives and risks"));
    for account in engine.accounts(a) {
        let _ = writeln!(out, "{}{}", bullet(style, 0), account.party);
        let lists = [("gains", &account.gains), ("gives", &account.gives), ("risks", &account.risks)];
        for (what, hits) in lists {
            let _ = writeln!(
                out,
                "{}{what}: {}",
                bullet(style, 1),
                evidence_list(engine, a, hits, style, "nothing the text says")
            );
        }
    }
    let claimed = a.claimed();
    if !claimed.is_empty() {
        for (value, at) in claimed {
            let _ = writeln!(
                out,
                "{}claimed, not evidenced: `{value}`{} — the text does not show it, or says otherwise, so it counts for {}% of what evidence would",
                bullet(style, 0),
                line(at),
                (engine.models.ideal.claim_weight * 100.0).round()
            );
        }
    }

    if !a.understanding.unrecognised.is_empty() || !a.understanding.ignored.is_empty() {
        out.push_str(&style.heading(2, "Not recognised"));
        for &(field, index) in &a.understanding.unrecognised {
            let item = &p.items(field)[index];
            let _ = writeln!(
                out,
                "{}{}{}: {}",
                bullet(style, 0),
                field.name(),
                line(item.line),
                style.escape(&one_line(&item.text, 100))
            );
        }
        for h in &a.understanding.ignored {
            let _ = writeln!(
                out,
                "{}{}, so not counted: \"{}\"{}",
                bullet(style, 0),
                super::set_aside_reason(engine, h),
                style.escape(&h.phrase),
                line(h.line)
            );
        }
    }

    out.push_str(&style.heading(2, "Toward the ideal"));
    if suggestions.is_empty() {
        let _ = writeln!(out, "{}no suggested change raises the mutual benefit further", bullet(style, 0));
    }
    for s in suggestions {
        let _ = writeln!(
            out,
            "{}{} → mutual benefit {} (from {}){}",
            bullet(style, 0),
            style.escape(&s.advice),
            s.mutual_benefit,
            a.mutual.score,
            s.primary
                .as_deref()
                .filter(|p| Some(*p) != a.primary_id())
                .map(|p| format!(", primary becomes {p}"))
                .unwrap_or_default()
        );
        let _ = writeln!(out, "{}tried: {}", bullet(style, 1), style.escape(&s.changes.join("; ")));
    }
    out
}

fn bullet(style: Style, depth: usize) -> String {
    let indent = "  ".repeat(depth + usize::from(style == Style::Text));
    format!("{indent}- ")
}

fn line(line: Option<usize>) -> String {
    line.map(|l| format!(" (line {l})")).unwrap_or_default()
}

/// The author's words behind some hits, each with its field, line and reading.
fn evidence_list(engine: &Engine, a: &Assessment, hits: &[usize], style: Style, when_empty: &str) -> String {
    if hits.is_empty() {
        return when_empty.to_string();
    }
    let items: Vec<String> = hits
        .iter()
        .map(|&i| {
            let h = &a.understanding.hits[i];
            let field = h.field.map(|f| f.name()).unwrap_or("declared");
            let reading = super::reading(engine, a, h);
            let reading = match reading.is_empty() {
                true => String::new(),
                false => format!(" [{}]", style.escape(&reading.join("; "))),
            };
            format!("\"{}\" in {field}{}{reading}", style.escape(&one_line(&h.phrase, 60)), line(h.line))
        })
        .collect();
    items.join(", ")
}

/// Each phrase's signal on a line of its own; the learned words together on one line,
/// strongest first, so a long text's dozens of words do not bury the phrases.
fn write_signals(out: &mut String, engine: &Engine, a: &Assessment, fired: &[Fired], style: Style) {
    let learned = engine.models.refs.learned_words.index();
    for f in fired.iter().filter(|f| f.fact != learned) {
        write_fired(out, engine, a, f, style);
    }
    let Some((total, words)) = super::learned_words(engine, a, fired) else { return };
    const SHOWN: usize = 8;
    let mut items: Vec<String> = words
        .iter()
        .take(SHOWN)
        .map(|w| {
            let read = w.read_as.map(|r| format!(" as \"{r}\"")).unwrap_or_default();
            format!("\"{}\"{read} {:+.1} ({})", style.escape(&one_line(w.written, 40)), w.points, w.place)
        })
        .collect();
    if words.len() > SHOWN {
        let rest: f64 = words[SHOWN..].iter().map(|w| w.points).sum();
        items.push(format!("{} more {:+.1}", words.len() - SHOWN, rest));
    }
    let _ = writeln!(out, "{}{total:+.1} learned words: {}", bullet(style, 1), items.join(", "));
}

fn write_fired(out: &mut String, engine: &Engine, a: &Assessment, f: &Fired, style: Style) {
    let _ = writeln!(
        out,
        "{}{:+.1} {}: {}",
        bullet(style, 1),
        f.points(),
        engine.lexicon.facts[f.fact],
        evidence_list(engine, a, &f.evidence, style, "")
    );
}

fn provenance<T>(engine: &Engine, a: &Assessment, r: &Resolved<T>, style: Style) -> String {
    if !r.inferred {
        return format!(" (declared{})", line(r.line));
    }
    let facts = super::inferring_facts(engine, a, r);
    if facts.is_empty() {
        " (inferred: nothing in the text speaks to it)".to_string()
    } else {
        format!(" (inferred from {})", style.escape(&facts.join(", ")))
    }
}
