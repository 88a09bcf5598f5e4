//! Every report format, from a fuzzed spec: scoring and rendering never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partake_core::score::Engine;
use partake_core::understand::Normalized;
use partake_report::{self as report, explain::Style};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(partake_load::models::load(None).expect("built-in models load")))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let engine = engine();
    let keys = partake_core::spec::known_keys();
    let ids = engine.models.ids();
    let (programs, errors): (Vec<_>, Vec<_>) =
        partake_load::read::yaml::read_programs(text, "fuzz.yaml", &keys, &ids).into_iter().partition(Result::is_ok);
    let errors: Vec<_> = errors.into_iter().filter_map(Result::err).collect();
    let mut scratch = Normalized::default();
    let assessments: Vec<_> = programs.into_iter().flatten().map(|p| engine.assess(p, &mut scratch)).collect();
    let mut html = report::html::HtmlReport::new(engine);
    let layout = report::csv::Layout { ids: ids.clone(), passthrough: vec![], delimiter: b',', formula_guard: true };
    let mut csv = report::csv::writer(&layout);
    layout.header(&mut csv);
    let mut rows = Vec::new();
    let mut markdown = report::markdown::header(&ids);
    for a in &assessments {
        let json = report::json::to_text(&report::json::program(engine, a), false);
        assert!(!json.contains('\n') && !json.contains('\u{2028}'), "one JSON line: {json}");
        layout.program(&mut csv, a, None);
        rows.push(report::table::Row::of(engine, a));
        markdown.push_str(&report::markdown::row(a));
        html.add(a);
        let suggestions = partake_core::suggest::suggest(engine, a);
        for style in [Style::Text, Style::Markdown] {
            let _ = report::explain::render(engine, a, &suggestions, style);
        }
        let _ = report::json::to_text(&report::json::explanation(engine, a, &suggestions), true);
    }
    for e in &errors {
        layout.error(&mut csv, e, None);
        html.add_error(e);
    }
    markdown.push_str(&report::markdown::error_list(&errors));
    let _ = report::table::render_rows(&ids, &rows, false, None);
    let _ = html.render();
    let document = report::json::Document::<report::json::Program> {
        head: report::json::Head::of(engine),
        programs: vec![],
        errors: errors.iter().map(report::json::Error::from).collect(),
    };
    let _ = report::json::to_text(&document, true);
    assert!(std::str::from_utf8(&csv.out).is_ok(), "CSV of UTF-8 text is UTF-8");
});
