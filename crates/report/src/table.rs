//! The terminal table: one row per program.

use super::primary_cell;
use crate::labels::Band;
use crate::sink::{RawRow, Render, Sink};
use crate::stats::Stats;
use crate::text::{for_terminal, thousands};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};
use partake_core::score::{Assessment, Engine};
use partake_core::spec::InputError;
use partake_core::text::one_line;

/// Each column costs its content, one space either side and one border; the table one more border.
const PER_COLUMN: usize = 3;
/// Verdicts are never cut shorter than this (`primary` fits).
const MIN_TEXT: usize = 8;
/// Names are what a reader looks for first: model headers shrink before names go below this.
const MIN_NAME: usize = 12;

/// How the table fits a width: the header of each model column, and how wide
/// names and verdicts may be.
#[derive(Debug, PartialEq, Eq)]
struct Fit {
    labels: Vec<String>,
    name: usize,
    primary: usize,
}

/// Fit the table into `width` columns (no limit when `None`): names, then verdicts,
/// are cut with an ellipsis; if the model headers still do not fit, they are
/// shortened to their first letters (the legend under the table spells them out).
/// A header is never split over lines.
fn fit(ids: &[String], rows: &[Row], width: Option<usize>) -> Fit {
    let chars = |s: &str| s.chars().count();
    let name = rows.iter().map(|r| chars(&r.name)).max().unwrap_or(0).max(chars("program"));
    let primary = rows.iter().map(|r| chars(&r.primary_cell)).max().unwrap_or(0).max(chars("primary"));
    let borders = PER_COLUMN * (ids.len() + 3) + 1;
    let full: Vec<String> = ids.to_vec();
    let Some(width) = width else { return Fit { labels: full, name, primary } };
    let longest = ids.iter().map(|id| chars(id)).max().unwrap_or(0);
    // The longest labels that leave room for names and verdicts at their shortest.
    let mut labels = full.clone();
    for keep in (3..=longest).rev() {
        labels = short_labels(ids, keep);
        let fixed: usize = labels.iter().map(|l| chars(l)).sum::<usize>() + chars("mutual") + borders;
        if fixed + name.min(MIN_NAME) + primary.min(MIN_TEXT) <= width {
            break;
        }
    }
    let fixed: usize = labels.iter().map(|l| chars(l)).sum::<usize>() + chars("mutual") + borders;
    let room = width.saturating_sub(fixed);
    // Verdicts keep their width as long as names can keep theirs down to MIN_TEXT.
    let primary_width = primary.min(room.saturating_sub(name.min(MIN_NAME))).max(primary.min(MIN_TEXT));
    let name_width = name.min(room.saturating_sub(primary_width)).max(name.min(MIN_TEXT));
    Fit { labels, name: name_width, primary: primary_width }
}

/// Each id cut to `keep` characters, longer where two would otherwise read the same.
fn short_labels(ids: &[String], keep: usize) -> Vec<String> {
    // A cut that ends in `_` reads as a typo: `open` rather than `open_`.
    let cut = |id: &str, n: usize| id.chars().take(n).collect::<String>().trim_end_matches('_').to_string();
    ids.iter()
        .map(|id| {
            let mut n = keep;
            while n < id.chars().count() && ids.iter().any(|other| other != id && cut(other, n) == cut(id, n)) {
                n += 1;
            }
            cut(id, n)
        })
        .collect()
}

/// What a table row shows of a program; small enough to keep while a large input streams by.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub primary_cell: String,
    pub scores: Vec<u8>,
    /// Index into `scores` of the primary model.
    pub primary: Option<usize>,
    pub mutual: u8,
    pub band: Band,
}

impl Row {
    pub fn of(engine: &Engine, a: &Assessment) -> Row {
        Row {
            name: one_line(&a.program.name, 40),
            primary_cell: primary_cell(a),
            scores: a.verdict.scores.iter().map(|s| s.score).collect(),
            primary: a.verdict.primary,
            mutual: a.mutual.score,
            band: Band::of(engine, a.mutual.score),
        }
    }
}

/// The table, fitted to `width` terminal columns when given (see `fit`).
pub fn render_rows(model_ids: &[String], rows: &[Row], color: bool, width: Option<usize>) -> String {
    let fit = fit(model_ids, rows, width);
    let mut table = Table::new();
    // Cells are cut to fit beforehand, so nothing wraps: a wrapped header or name is unreadable.
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    if !color {
        table.force_no_tty();
    } else {
        table.enforce_styling();
    }
    let mut header = vec![Cell::new("program"), Cell::new("primary")];
    header.extend(fit.labels.iter().map(|label| Cell::new(label).set_alignment(CellAlignment::Right)));
    header.push(Cell::new("mutual").set_alignment(CellAlignment::Right));
    table.set_header(header);
    for r in rows {
        let mut row = vec![Cell::new(for_terminal(&one_line(&r.name, fit.name)))];
        let mut primary = Cell::new(one_line(&r.primary_cell, fit.primary));
        if color && r.primary.is_some() {
            primary = primary.add_attribute(Attribute::Bold);
        }
        row.push(primary);
        for (i, score) in r.scores.iter().enumerate() {
            let mut cell = Cell::new(score).set_alignment(CellAlignment::Right);
            if color && Some(i) == r.primary {
                cell = cell.fg(Color::Green).add_attribute(Attribute::Bold);
            }
            row.push(cell);
        }
        let mut mutual = Cell::new(r.mutual).set_alignment(CellAlignment::Right);
        if color {
            mutual = mutual.fg(r.band.terminal_colour());
        }
        row.push(mutual);
        table.add_row(row);
    }
    let mut out = table.to_string();
    let shortened: Vec<String> =
        fit.labels.iter().zip(model_ids).filter(|(l, id)| l != id).map(|(l, id)| format!("{l} = {id}")).collect();
    if !shortened.is_empty() {
        out.push('\n');
        out.push_str(&textwrap::fill(&shortened.join(", "), width.unwrap_or(80)));
    }
    out
}

/// Up to this many programs, the terminal table lists them; past it, it summarises.
pub const TABLE_ROWS: usize = 50;

/// `score` on a terminal: a table of the programs, or an overview of a large input.
pub struct TableSink<'e> {
    engine: &'e Engine,
    color: bool,
    width: Option<usize>,
    rows: Vec<Row>,
}

impl<'e> TableSink<'e> {
    pub fn new(engine: &'e Engine, color: bool, width: Option<usize>) -> Self {
        TableSink { engine, color, width, rows: Vec::new() }
    }
}

/// Table rows, for the first programs only: a large input gets an overview instead.
#[derive(Clone, Copy)]
pub struct TableRows<'e> {
    engine: &'e Engine,
}

impl Render for TableRows<'_> {
    type Chunk = Vec<Row>;

    fn chunk(&self) -> Vec<Row> {
        Vec::new()
    }
    fn program(&self, chunk: &mut Vec<Row>, a: Assessment, index: usize, _row: Option<RawRow>) -> Option<Assessment> {
        if index < TABLE_ROWS {
            chunk.push(Row::of(self.engine, &a));
        }
        Some(a)
    }
    /// Errors are on stderr as they come; the table has no place for them.
    fn error(&self, _chunk: &mut Vec<Row>, _e: &InputError, _row: Option<RawRow>) {}
}

impl<'e> Sink for TableSink<'e> {
    type Render = TableRows<'e>;

    fn render(&self) -> TableRows<'e> {
        TableRows { engine: self.engine }
    }
    fn write(&mut self, chunk: Vec<Row>, _out: &mut Vec<u8>) {
        self.rows.extend(chunk);
    }
    fn input_error(&mut self, _e: &InputError, _out: &mut Vec<u8>) {}
    fn finish(&mut self, stats: &Stats, out: &mut Vec<u8>) {
        // Nothing scored: the errors on stderr say why, and an empty table would say nothing.
        if stats.scored == 0 {
            return;
        }
        let text = if stats.rows <= TABLE_ROWS {
            render_rows(&self.engine.models.ids(), &self.rows, self.color, self.width) + "\n"
        } else {
            overview(stats, self.engine)
        };
        out.extend_from_slice(text.as_bytes());
    }
}

/// The terminal's view of a large input: counts, not a million lines.
pub fn overview(stats: &Stats, engine: &Engine) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let scored = stats.scored;
    let _ = writeln!(
        out,
        "{} rows: {} scored, {} could not be read",
        thousands(stats.rows),
        thousands(scored),
        thousands(stats.errors)
    );
    let share = |n: usize| if scored == 0 { 0.0 } else { n as f64 * 100.0 / scored as f64 };
    let _ = writeln!(out, "\n{:<16} {:>12} {:>7}", "primary model", "programs", "share");
    let names = engine.models.ids().into_iter().chain(std::iter::once("none fits".to_string()));
    for (name, &count) in names.zip(&stats.primary) {
        let bar = crate::explain::bar(share(count).round() as u8, 20);
        let _ = writeln!(out, "{name:<16} {:>12} {:>6.1}% {bar}", thousands(count), share(count));
    }
    let mean = if scored == 0 { 0.0 } else { stats.mutual_sum as f64 / scored as f64 };
    let _ = writeln!(out, "\nmutual benefit: mean {mean:.1}");
    for (i, &count) in stats.mutual.iter().enumerate() {
        let range = if i == 4 { "80–100".to_string() } else { format!("{}–{}", i * 20, i * 20 + 19) };
        let bar = crate::explain::bar(share(count).round() as u8, 20);
        let _ = writeln!(out, "  {range:<8} {:>12} {:>6.1}% {bar}", thousands(count), share(count));
    }
    if stats.unrecognised > 0 {
        let _ = writeln!(
            out,
            "\n{} programs: none of their text was recognised (not English? too vague?)",
            thousands(stats.unrecognised)
        );
    }
    if stats.expect_mismatches > 0 {
        let _ = writeln!(out, "{} programs do not match their `expect`", thousands(stats.expect_mismatches));
    }
    let _ = writeln!(out, "\nFor every row, use --format csv (or jsonl) with --output FILE.");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<String> {
        ["affiliate", "open_source", "crowdsourcing", "financial", "marketplace", "participation"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn row(name: &str, primary: &str) -> Row {
        Row {
            name: name.into(),
            primary_cell: primary.into(),
            scores: vec![0; 6],
            primary: None,
            mutual: 0,
            band: Band::Low,
        }
    }

    #[test]
    fn every_line_fits_and_no_header_is_split() {
        let rows = [row("A program with a name far too long for any terminal", "affiliate~participation")];
        for width in [72, 80, 100, 120, 200] {
            let text = render_rows(&ids(), &rows, false, Some(width));
            for line in text.lines() {
                assert!(line.chars().count() <= width, "{width}: {line}");
            }
            let header = text.lines().nth(1).unwrap();
            assert!(header.contains(" program ") && header.contains(" primary ") && header.contains(" mutual "));
        }
        let wide = render_rows(&ids(), &rows, false, Some(200));
        assert!(wide.contains("participation") && !wide.contains(" = "), "{wide}");
        let narrow = render_rows(&ids(), &rows, false, Some(80));
        assert!(narrow.contains("…") && narrow.contains("= participation"), "{narrow}");
    }

    #[test]
    fn short_labels_stay_distinct() {
        let ids: Vec<String> = ["open_source", "open_data", "affiliate"].iter().map(|s| s.to_string()).collect();
        assert_eq!(short_labels(&ids, 4), ["open_s", "open_d", "affi"]);
    }
}
