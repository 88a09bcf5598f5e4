//! The terminal table: one row per program.

use super::primary_cell;
use crate::score::Assessment;
use crate::text::{for_terminal, one_line};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

/// What a table row shows of a program; small enough to keep while a large input streams by.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub primary_cell: String,
    pub scores: Vec<u8>,
    /// Index into `scores` of the primary model.
    pub primary: Option<usize>,
    pub mutual: u8,
}

impl Row {
    pub fn of(a: &Assessment) -> Row {
        Row {
            name: one_line(&a.program.name, 40),
            primary_cell: primary_cell(a),
            scores: a.verdict.scores.iter().map(|s| s.score).collect(),
            primary: a.verdict.primary,
            mutual: a.mutual.score,
        }
    }
}

pub fn render_rows(model_ids: &[String], rows: &[Row], color: bool) -> String {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    if !color {
        table.force_no_tty();
    } else {
        table.enforce_styling();
    }
    let mut header = vec![Cell::new("program"), Cell::new("primary")];
    header.extend(model_ids.iter().map(|id| Cell::new(id).set_alignment(CellAlignment::Right)));
    header.push(Cell::new("mutual").set_alignment(CellAlignment::Right));
    table.set_header(header);
    for r in rows {
        let mut row = vec![Cell::new(for_terminal(&r.name))];
        let mut primary = Cell::new(&r.primary_cell);
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
            mutual = mutual.fg(match r.mutual {
                70.. => Color::Green,
                40..=69 => Color::Yellow,
                _ => Color::Red,
            });
        }
        row.push(mutual);
        table.add_row(row);
    }
    table.to_string()
}
