//! The terminal table: one row per program.

use super::primary_cell;
use crate::score::Assessment;
use crate::text::{for_terminal, one_line};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

pub fn render(model_ids: &[String], assessments: &[Assessment], color: bool) -> String {
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
    for a in assessments {
        let mut row = vec![Cell::new(for_terminal(&one_line(&a.program.name, 40)))];
        let mut primary = Cell::new(primary_cell(a));
        if color && a.primary_id().is_some() {
            primary = primary.add_attribute(Attribute::Bold);
        }
        row.push(primary);
        for (i, s) in a.verdict.scores.iter().enumerate() {
            let mut cell = Cell::new(s.score).set_alignment(CellAlignment::Right);
            if color && Some(i) == a.verdict.primary {
                cell = cell.fg(Color::Green).add_attribute(Attribute::Bold);
            }
            row.push(cell);
        }
        let mut mutual = Cell::new(a.mutual.score).set_alignment(CellAlignment::Right);
        if color {
            mutual = mutual.fg(match a.mutual.score {
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
