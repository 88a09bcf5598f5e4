//! The HTML report (`score --format html`): one self-contained file, charts as
//! inline SVG, for people who would rather look than read.
//!
//! Built for streams: [`HtmlReport::add`] takes one assessment at a time and keeps
//! full detail only for the first [`DETAIL_CAP`] programs, table rows for the first
//! [`TABLE_CAP`], map markers for the first [`MARKER_CAP`]; past those it keeps
//! counts, so memory and file size stay bounded however many rows a CSV holds,
//! while the portfolio view still counts every program.
//!
//! The markup lives in `templates/report.html` (askama: compile-checked, HTML
//! escaping on by default). Everything a user wrote reaches the page only through
//! askama's escaping; the geometry in [`super::svg`] is numbers only. The one inline
//! script sorts and pages the table; the page's Content-Security-Policy allows that
//! script by hash and nothing else, and no network at all.

use super::svg;
use crate::labels::{Band, VerdictLabel};
use crate::sink::{RawRow, Render, Sink};
use crate::stats::Stats;
use crate::text::thousands;
use askama::Template;
use base64::prelude::{Engine as _, BASE64_STANDARD};
use partake_core::score::{Assessment, Engine, Fired, Resolved};
use partake_core::spec::{InputError, Level};
use partake_core::suggest::suggest;
use partake_core::text::one_line;
use sha2::{Digest, Sha256};

/// Programs shown in full detail (radar, gauge, evidence, suggestions).
pub const DETAIL_CAP: usize = 100;
/// Programs listed in the table.
pub const TABLE_CAP: usize = 1000;
/// Up to this many programs the map draws one marker each; past it, one bubble per model and cell.
pub const MARKER_CAP: usize = 400;
/// Input errors listed by message; past it, only counted.
pub const ERROR_CAP: usize = 200;
/// Phrases quoted per signal: a long text can match the same fact hundreds of times.
pub const EVIDENCE_CAP: usize = 6;
/// Table rows per page, when scripts run.
pub const PAGE_SIZE: usize = 50;

/// Colour-blind-safe colours (Okabe–Ito, yellow dropped: it vanishes on white), one per model in column order.
const PALETTE: [&str; 7] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#7F5F00"];
/// Programs no model fits.
const NO_FIT: &str = "#8a8a8a";

/// The table's sorting and paging: the only script in the report.
const SCRIPT: &str = include_str!("../templates/report.js");

/// The report, filled one assessment at a time: `HtmlReport::new(&engine)`, then
/// `add(&assessment)` for each program and `add_error(&error)` for each input that
/// could not be read, in input order, then `render()`. Memory stays bounded past
/// the caps, so a streamed CSV can be fed row by row.
pub struct HtmlReport<'e> {
    engine: &'e Engine,
    models: Vec<ModelInfo>,
    total: usize,
    details: Vec<ProgramView>,
    rows: Vec<Row>,
    markers: Vec<Dot>,
    /// Programs per primary model; the last slot counts programs no model fits.
    per_primary: Vec<usize>,
    unrecognised: usize,
    hybrid: usize,
    /// [participant level][organization level][primary slot] → (programs, sum of the others' benefit).
    cells: Vec<(usize, f64)>,
    mutual_bins: [usize; 10],
    mutual_sum: u64,
    errors: Vec<ErrorView>,
    error_total: usize,
}

struct ModelInfo {
    name: String,
    colour: &'static str,
    /// A small marker of the model's shape, for legends.
    swatch: String,
}

struct Dot {
    name: String,
    primary: usize,
    participant: Level,
    organization: Level,
    others: Level,
    mutual: u8,
    detail: Option<usize>,
}

struct Row {
    number: usize,
    anchor: Option<String>,
    name: String,
    organization: String,
    primary: String,
    colour: &'static str,
    scores: Vec<ScoreCell>,
    mutual: u8,
    band: &'static str,
    levels: [&'static str; 3],
}

struct ScoreCell {
    value: u8,
    primary: bool,
}

struct ProgramView {
    anchor: String,
    name: String,
    organization: Option<String>,
    source: String,
    verdict: String,
    colour: &'static str,
    has_primary: bool,
    hybrid: bool,
    runner_up_colour: &'static str,
    notes: Vec<String>,
    radar: Radar,
    gauge: Gauge,
    components: Vec<Bar>,
    parties: Vec<String>,
    capped: Option<String>,
    evidence: Vec<EvidenceGroup>,
    suggestions: Vec<SuggestionView>,
    mutual: u8,
    band: &'static str,
}

struct Radar {
    cx: String,
    cy: String,
    rings: Vec<String>,
    axes: Vec<Axis>,
    shape: String,
    fill: &'static str,
    title: String,
}

struct Axis {
    x: String,
    y: String,
    lx: String,
    ly: String,
    anchor: &'static str,
    dy: String,
    name: String,
    score: u8,
    /// "primary", "runner-up" (when too close to call) or "".
    mark: &'static str,
    colour: &'static str,
    /// The score's point on the axis.
    px: String,
    py: String,
}

struct Gauge {
    track: String,
    arc: String,
    colour: &'static str,
    value: u8,
}

struct Bar {
    label: &'static str,
    value: u8,
    width: String,
    y: String,
    text_y: String,
}

struct EvidenceGroup {
    model: String,
    score: u8,
    signals: Vec<SignalView>,
}

struct SignalView {
    points: String,
    negative: bool,
    fact: String,
    phrases: Vec<String>,
}

struct SuggestionView {
    advice: String,
    tried: String,
    score: u8,
    primary_change: Option<String>,
}

struct ErrorView {
    source: String,
    message: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    csp: String,
    script: &'static str,
    version: &'static str,
    models_hash: &'a str,
    summary: String,
    models: &'a [ModelInfo],
    counts: Vec<CountBar>,
    counts_height: usize,
    histogram: Vec<HistBar>,
    map: MapView,
    columns: Vec<(String, String)>,
    rows: &'a [Row],
    rows_note: Option<String>,
    page_size: usize,
    details: &'a [ProgramView],
    details_note: Option<String>,
    errors: &'a [ErrorView],
    errors_note: Option<String>,
}

struct CountBar {
    label: String,
    count: String,
    colour: &'static str,
    y: String,
    text_y: String,
    width: String,
    count_x: String,
}

struct HistBar {
    count: String,
    count_y: String,
    x: String,
    y: String,
    height: String,
    label_x: String,
    label: String,
    title: String,
    colour: &'static str,
}

struct MapView {
    aggregated: bool,
    cells: Vec<MapCell>,
    ticks: Vec<Tick>,
    marks: Vec<Mark>,
    sizes: Vec<String>,
}

struct MapCell {
    x: String,
    y: String,
    w: String,
    h: String,
    ideal: bool,
    count: String,
    count_x: String,
    count_y: String,
}

struct Tick {
    x: String,
    y: String,
    anchor: &'static str,
    text: &'static str,
}

struct Mark {
    d: String,
    colour: &'static str,
    opacity: String,
    title: String,
    href: Option<String>,
}

// The map's frame: a 3×3 grid of benefit levels inside a margin for the axis labels.
const MAP_LEFT: f64 = 110.0;
const MAP_TOP: f64 = 10.0;
const MAP_CELL_W: f64 = 190.0;
const MAP_CELL_H: f64 = 130.0;
/// Room kept free inside a cell for its count.
const MAP_PAD: f64 = 8.0;
const MAP_COUNT_H: f64 = 16.0;

impl<'e> HtmlReport<'e> {
    pub fn new(engine: &'e Engine) -> Self {
        let models: Vec<ModelInfo> = engine
            .models
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| ModelInfo {
                name: m.name.clone(),
                colour: model_colour(i),
                swatch: svg::marker_path(i, 8.0, 8.0, 5.5),
            })
            .collect();
        let slots = models.len() + 1;
        HtmlReport {
            engine,
            total: 0,
            details: Vec::new(),
            rows: Vec::new(),
            markers: Vec::new(),
            per_primary: vec![0; slots],
            unrecognised: 0,
            hybrid: 0,
            cells: vec![(0, 0.0); 9 * slots],
            mutual_bins: [0; 10],
            mutual_sum: 0,
            errors: Vec::new(),
            error_total: 0,
            models,
        }
    }

    /// Count one program in, with as much detail as the caps allow.
    pub fn add(&mut self, a: &Assessment) {
        self.total += 1;
        let slots = self.models.len() + 1;
        let slot = a.verdict.primary.unwrap_or(self.models.len());
        self.per_primary[slot] += 1;
        self.unrecognised += usize::from(!a.recognised);
        self.hybrid += usize::from(a.verdict.hybrid);
        let m = &a.mutual;
        let cell = &mut self.cells[(m.participants.value as usize * 3 + m.organization.value as usize) * slots + slot];
        cell.0 += 1;
        cell.1 += m.components.others;
        self.mutual_bins[(m.score as usize / 10).min(9)] += 1;
        self.mutual_sum += u64::from(m.score);

        let detail = (self.details.len() < DETAIL_CAP).then(|| {
            let view = self.program_view(a);
            self.details.push(view);
            self.details.len()
        });
        if self.markers.len() < MARKER_CAP {
            self.markers.push(Dot {
                name: one_line(&a.program.name, 80),
                primary: slot,
                participant: m.participants.value,
                organization: m.organization.value,
                others: m.others.value,
                mutual: m.score,
                detail,
            });
        }
        if self.rows.len() < TABLE_CAP {
            let row = self.row(a, detail);
            self.rows.push(row);
        }
    }

    /// An input that could not be read: listed, so the report does not pretend it was whole.
    pub fn add_error(&mut self, e: &InputError) {
        self.error_total += 1;
        if self.errors.len() < ERROR_CAP {
            self.errors.push(ErrorView { source: e.source.to_string(), message: one_line(&e.message, 300) });
        }
    }

    pub fn render(&self) -> String {
        let script_hash = BASE64_STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
        let csp = format!(
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; \
             base-uri 'none'; form-action 'none'"
        );
        let plural = |n: usize, one: &str, many: &str| format!("{} {}", thousands(n), if n == 1 { one } else { many });
        let mut summary = plural(self.total, "program", "programs");
        if self.total > 0 {
            summary += &format!(
                "; mean mutual benefit {:.0}; {} too close to call; {} with no recognised text",
                self.mutual_sum as f64 / self.total as f64,
                thousands(self.hybrid),
                thousands(self.unrecognised)
            );
        }
        if self.error_total > 0 {
            summary += &format!("; {} could not be read", plural(self.error_total, "input", "inputs"));
        }
        let page = Page {
            csp,
            script: SCRIPT,
            version: env!("CARGO_PKG_VERSION"),
            models_hash: &self.engine.models.hash,
            summary,
            models: &self.models,
            counts: self.count_bars(),
            counts_height: (self.models.len() + 1) * 26 + 6,
            histogram: self.histogram(),
            map: self.map(),
            columns: self.engine.models.models.iter().map(|m| (m.id.clone(), m.name.clone())).collect(),
            rows: &self.rows,
            rows_note: (self.total > self.rows.len()).then(|| {
                format!(
                    "The table lists the first {} of {} programs; --format csv or json gives every one.",
                    thousands(self.rows.len()),
                    thousands(self.total)
                )
            }),
            page_size: PAGE_SIZE,
            details: &self.details,
            details_note: (self.total > self.details.len()).then(|| {
                format!(
                    "The first {} of {} programs in full; --format json carries every program's evidence.",
                    thousands(self.details.len()),
                    thousands(self.total)
                )
            }),
            errors: &self.errors,
            errors_note: (self.error_total > self.errors.len())
                .then(|| format!("… and {} more.", thousands(self.error_total - self.errors.len()))),
        };
        page.render().expect("the report template renders plain data")
    }

    fn row(&self, a: &Assessment, detail: Option<usize>) -> Row {
        let m = &a.mutual;
        Row {
            number: self.total,
            anchor: detail.map(|d| format!("p{d}")),
            name: one_line(&a.program.name, 120),
            organization: a.program.organization.as_deref().map(|o| one_line(o, 80)).unwrap_or_default(),
            primary: VerdictLabel::of(a).long(|id| self.model_name(id)),
            colour: a.verdict.primary.map(model_colour).unwrap_or(NO_FIT),
            scores: a
                .verdict
                .scores
                .iter()
                .enumerate()
                .map(|(i, s)| ScoreCell { value: s.score, primary: Some(i) == a.verdict.primary })
                .collect(),
            mutual: m.score,
            band: Band::of(self.engine, m.score).name(),
            levels: [m.participants.value.name(), m.organization.value.name(), m.others.value.name()],
        }
    }

    fn program_view(&self, a: &Assessment) -> ProgramView {
        let engine = self.engine;
        let p = &a.program;
        let m = &a.mutual;
        let c = &m.components;
        let colour = a.verdict.primary.map(model_colour).unwrap_or(NO_FIT);
        let components = [
            ("participant", c.participant),
            ("organization", c.organization),
            ("others", c.others),
            ("same-reason alignment", c.same_reason),
            ("peer-army health", c.health),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let value = value.round().clamp(0.0, 100.0) as u8;
            Bar {
                label,
                value,
                width: svg::num(f64::from(value) * 1.5),
                y: svg::num(i as f64 * 24.0 + 4.0),
                text_y: svg::num(i as f64 * 24.0 + 17.0),
            }
        })
        .collect();
        let mut parties: Vec<String> =
            [("participants", &m.participants), ("organization", &m.organization), ("others", &m.others)]
                .into_iter()
                .map(|(label, r)| format!("{label} benefit {}: {}", r.value.name(), provenance(engine, a, r)))
                .collect();
        parties.push(format!(
            "network effect: {} ({})",
            yes_no(m.network_effect.value),
            provenance(engine, a, &m.network_effect)
        ));
        parties.push(format!("platform: {} ({})", yes_no(m.platform.value), provenance(engine, a, &m.platform)));

        // The evidence behind the two best scores: what fired, in the author's words.
        let evidence = a
            .verdict
            .ranked()
            .into_iter()
            .filter(|&i| a.verdict.scores[i].score > 0)
            .take(2)
            .map(|i| {
                let s = &a.verdict.scores[i];
                let learned = engine.models.refs.learned_words.index();
                let shown = engine.signals_shown(i, &s.fired, &a.understanding);
                let mut fired: Vec<&Fired> = shown.iter().filter(|f| f.fact != learned).collect();
                fired.sort_by(|x, y| y.points().total_cmp(&x.points()));
                let mut signals: Vec<SignalView> = fired.into_iter().map(|f| signal_view(engine, a, f)).collect();
                signals.extend(learned_words_view(engine, a, &shown));
                EvidenceGroup {
                    model: self.models.get(i).map(|m| m.name.clone()).unwrap_or_else(|| s.id.to_string()),
                    score: s.score,
                    signals,
                }
            })
            .collect();
        let suggestions = suggest(engine, a)
            .into_iter()
            .map(|s| SuggestionView {
                primary_change: s
                    .primary
                    .as_deref()
                    .filter(|new| Some(*new) != a.primary_id())
                    .map(|new| format!("primary becomes {}", self.model_name(new))),
                advice: s.advice,
                tried: s.changes.join("; "),
                score: s.mutual_benefit,
            })
            .collect();
        let mut notes = super::notes(a);
        if a.verdict.hybrid {
            notes.push(format!(
                "a hybrid: the top two scores are within {} points",
                engine.models.vocabulary.verdict.hybrid_margin
            ));
        }
        ProgramView {
            anchor: format!("p{}", self.details.len() + 1),
            name: one_line(&p.name, 200),
            organization: p.organization.as_deref().map(|o| one_line(o, 120)),
            source: p.source.to_string(),
            verdict: VerdictLabel::of(a).long(|id| self.model_name(id)),
            colour,
            has_primary: a.verdict.primary.is_some(),
            hybrid: a.verdict.hybrid,
            runner_up_colour: a.verdict.secondary.map(model_colour).unwrap_or(NO_FIT),
            notes,
            radar: self.radar(a, colour),
            gauge: gauge(Band::of(self.engine, m.score), m.score),
            components,
            parties,
            capped: m.capped.then(|| {
                format!(
                    "Capped at {}: a party gains nothing, and the ideal is a win for all three.",
                    engine.models.ideal.cap_when_a_party_gains_nothing
                )
            }),
            evidence,
            suggestions,
            mutual: m.score,
            band: Band::of(self.engine, m.score).name(),
        }
    }

    fn model_name(&self, id: &str) -> String {
        self.engine.models.model(id).map(|m| m.name.clone()).unwrap_or_else(|| id.to_string())
    }

    fn radar(&self, a: &Assessment, fill: &'static str) -> Radar {
        let (cx, cy, r) = (RADAR_CX, RADAR_CY, RADAR_R);
        let n = a.verdict.scores.len();
        let rings = [25.0, 50.0, 75.0, 100.0].iter().map(|&v| svg::radar_polygon(cx, cy, r, &vec![v; n])).collect();
        let axes = a
            .verdict
            .scores
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (x, y) = svg::radar_point(cx, cy, r, i, n, 100.0);
                let (lx, ly) = svg::radar_point(cx, cy, r + 12.0, i, n, 100.0);
                let (anchor, dy) = svg::label_anchor(i, n);
                let (px, py) = svg::radar_point(cx, cy, r, i, n, f64::from(s.score));
                let mark = if Some(i) == a.verdict.primary {
                    "primary"
                } else if a.verdict.hybrid && Some(i) == a.verdict.secondary {
                    "runner-up"
                } else {
                    ""
                };
                Axis {
                    x: svg::num(x),
                    y: svg::num(y),
                    lx: svg::num(lx),
                    ly: svg::num(ly),
                    anchor,
                    dy: format!("{dy}em"),
                    name: self.models.get(i).map(|m| m.name.clone()).unwrap_or_else(|| s.id.to_string()),
                    score: s.score,
                    mark,
                    colour: model_colour(i),
                    px: svg::num(px),
                    py: svg::num(py),
                }
            })
            .collect();
        let values: Vec<f64> = a.verdict.scores.iter().map(|s| f64::from(s.score)).collect();
        let title = a
            .verdict
            .scores
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} {}", self.models.get(i).map(|m| m.name.as_str()).unwrap_or(&*s.id), s.score))
            .collect::<Vec<_>>()
            .join(", ");
        Radar {
            cx: svg::num(cx),
            cy: svg::num(cy),
            rings,
            axes,
            shape: svg::radar_polygon(cx, cy, r, &values),
            fill,
            title,
        }
    }

    fn count_bars(&self) -> Vec<CountBar> {
        let max = self.per_primary.iter().copied().max().unwrap_or(0).max(1);
        self.per_primary
            .iter()
            .enumerate()
            .map(|(i, &count)| {
                let y = i as f64 * 26.0 + 4.0;
                let width = 260.0 * count as f64 / max as f64;
                CountBar {
                    label: self.models.get(i).map(|m| m.name.clone()).unwrap_or_else(|| "no model fits".into()),
                    count: thousands(count),
                    colour: self.models.get(i).map(|m| m.colour).unwrap_or(NO_FIT),
                    y: svg::num(y),
                    text_y: svg::num(y + 14.0),
                    width: svg::num(width),
                    count_x: svg::num(130.0 + width + 6.0),
                }
            })
            .collect()
    }

    fn histogram(&self) -> Vec<HistBar> {
        let max = self.mutual_bins.iter().copied().max().unwrap_or(0).max(1);
        self.mutual_bins
            .iter()
            .enumerate()
            .map(|(i, &count)| {
                let height = 96.0 * count as f64 / max as f64;
                let (lo, hi) = (i * 10, if i == 9 { 100 } else { i * 10 + 9 });
                HistBar {
                    count: if count == 0 { String::new() } else { thousands(count) },
                    count_y: svg::num(120.0 - height - 4.0),
                    x: svg::num(30.0 + i as f64 * 34.0),
                    y: svg::num(120.0 - height),
                    height: svg::num(height),
                    label_x: svg::num(30.0 + i as f64 * 34.0 + 15.0),
                    label: (i * 10).to_string(),
                    title: format!("mutual benefit {lo}–{hi}: {}", thousands(count)),
                    colour: Band::of(self.engine, i as u8 * 10).html_colour(),
                }
            })
            .collect()
    }

    fn map(&self) -> MapView {
        let slots = self.models.len() + 1;
        let aggregated = self.total > self.markers.len();
        let mut cells = Vec::new();
        let mut marks = Vec::new();
        for participant in 0..3 {
            for organization in 0..3 {
                let x = MAP_LEFT + participant as f64 * MAP_CELL_W;
                let y = MAP_TOP + (2 - organization) as f64 * MAP_CELL_H;
                let groups = &self.cells[(participant * 3 + organization) * slots..][..slots];
                let count: usize = groups.iter().map(|g| g.0).sum();
                cells.push(MapCell {
                    x: svg::num(x),
                    y: svg::num(y),
                    w: svg::num(MAP_CELL_W),
                    h: svg::num(MAP_CELL_H),
                    ideal: participant == 2 && organization == 2,
                    count: if count == 0 { String::new() } else { thousands(count) },
                    count_x: svg::num(x + MAP_CELL_W - 6.0),
                    count_y: svg::num(y + 13.0),
                });
                let (bx, by) = (x + MAP_PAD, y + MAP_COUNT_H);
                let (bw, bh) = (MAP_CELL_W - 2.0 * MAP_PAD, MAP_CELL_H - MAP_COUNT_H - MAP_PAD);
                if aggregated {
                    // One bubble per model present: area for the count, opacity for the others' benefit.
                    let present: Vec<(usize, usize, f64)> =
                        groups.iter().enumerate().filter(|(_, g)| g.0 > 0).map(|(s, g)| (s, g.0, g.1)).collect();
                    let biggest = self.cells.iter().map(|g| g.0).max().unwrap_or(1).max(1) as f64;
                    let (cols, cell) = svg::pack(present.len(), bw, bh);
                    for (k, &(slot, n, others)) in present.iter().enumerate() {
                        let (cx, cy) = svg::packed_center(k, cols, cell, bx, by);
                        let radius = (cell * 0.47 * (n as f64 / biggest).sqrt()).max(2.5);
                        let mean_others = others / n as f64;
                        marks.push(Mark {
                            d: svg::marker_path(slot, cx, cy, radius),
                            colour: self.slot_colour(slot),
                            opacity: format!("{:.2}", 0.35 + 0.65 * mean_others / 100.0),
                            title: format!(
                                "{}: {} — participant {}, organization {}, mean others' benefit {:.0}",
                                self.slot_name(slot),
                                plural_programs(n),
                                Level::NAMES[participant],
                                Level::NAMES[organization],
                                mean_others
                            ),
                            href: None,
                        });
                    }
                } else {
                    let mut dots: Vec<&Dot> = self
                        .markers
                        .iter()
                        .filter(|d| d.participant as usize == participant && d.organization as usize == organization)
                        .collect();
                    // Grouped by model, best mutual benefit first: a cell reads as clusters.
                    dots.sort_by(|a, b| a.primary.cmp(&b.primary).then(b.mutual.cmp(&a.mutual)));
                    let (cols, cell) = svg::pack(dots.len(), bw, bh);
                    for (k, dot) in dots.iter().enumerate() {
                        let (cx, cy) = svg::packed_center(k, cols, cell, bx, by);
                        let radius = (cell * 0.42).min(14.0) * others_scale(dot.others);
                        marks.push(Mark {
                            d: svg::marker_path(dot.primary, cx, cy, radius),
                            colour: self.slot_colour(dot.primary),
                            opacity: "0.9".into(),
                            title: format!(
                                "{} — {}, mutual benefit {}, others' benefit {}",
                                dot.name,
                                self.slot_name(dot.primary),
                                dot.mutual,
                                dot.others.name()
                            ),
                            href: dot.detail.map(|d| format!("#p{d}")),
                        });
                    }
                }
            }
        }
        let mut ticks = Vec::new();
        for (i, text) in Level::NAMES.iter().enumerate() {
            ticks.push(Tick {
                x: svg::num(MAP_LEFT + (i as f64 + 0.5) * MAP_CELL_W),
                y: svg::num(MAP_TOP + 3.0 * MAP_CELL_H + 16.0),
                anchor: "middle",
                text,
            });
            ticks.push(Tick {
                x: svg::num(MAP_LEFT - 8.0),
                y: svg::num(MAP_TOP + (2.5 - i as f64) * MAP_CELL_H + 4.0),
                anchor: "end",
                text,
            });
        }
        let sizes = [Level::None, Level::Indirect, Level::Direct]
            .iter()
            .enumerate()
            .map(|(i, &l)| svg::marker_path(0, 10.0 + i as f64 * 22.0, 10.0, 8.0 * others_scale(l)))
            .collect();
        MapView { aggregated, cells, ticks, marks, sizes }
    }

    fn slot_colour(&self, slot: usize) -> &'static str {
        self.models.get(slot).map(|m| m.colour).unwrap_or(NO_FIT)
    }

    fn slot_name(&self, slot: usize) -> String {
        self.models.get(slot).map(|m| m.name.clone()).unwrap_or_else(|| "no model fits".into())
    }
}

const RADAR_CX: f64 = 210.0;
const RADAR_CY: f64 = 150.0;
const RADAR_R: f64 = 102.0;

fn model_colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// Marker size for the others' benefit, as a share of the full size.
fn others_scale(level: Level) -> f64 {
    match level {
        Level::None => 0.55,
        Level::Indirect => 0.77,
        Level::Direct => 1.0,
    }
}

/// Whole assessments, for the page's writer to draw from.
pub struct HtmlRows;

impl Render for HtmlRows {
    type Chunk = Vec<Result<Assessment, InputError>>;

    fn needs_phrases(&self) -> bool {
        true
    }
    fn chunk(&self) -> Self::Chunk {
        Vec::new()
    }
    fn program(
        &self,
        chunk: &mut Self::Chunk,
        a: Assessment,
        _index: usize,
        _row: Option<RawRow>,
    ) -> Option<Assessment> {
        chunk.push(Ok(a));
        None
    }
    fn error(&self, chunk: &mut Self::Chunk, e: &InputError, _row: Option<RawRow>) {
        chunk.push(Err(e.clone()));
    }
}

/// `score --format html`: one page, built as rows arrive (full detail for the first
/// programs, aggregates for all: its memory stops growing past its caps), written whole at the end.
impl Sink for HtmlReport<'_> {
    type Render = HtmlRows;

    fn render(&self) -> HtmlRows {
        HtmlRows
    }
    fn written_when_nothing_read(&self) -> bool {
        true
    }
    fn write(&mut self, chunk: Vec<Result<Assessment, InputError>>, _out: &mut Vec<u8>) {
        for outcome in chunk {
            match outcome {
                Ok(a) => self.add(&a),
                Err(e) => self.add_error(&e),
            }
        }
    }
    fn input_error(&mut self, e: &InputError, _out: &mut Vec<u8>) {
        self.add_error(e);
    }
    fn finish(&mut self, _stats: &Stats, out: &mut Vec<u8>) {
        out.extend_from_slice(self.render().as_bytes());
    }
}

fn gauge(band: Band, score: u8) -> Gauge {
    let (cx, cy, r) = (100.0, 100.0, 78.0);
    Gauge {
        track: svg::gauge_arc(cx, cy, r, 100.0),
        arc: svg::gauge_arc(cx, cy, r, f64::from(score)),
        colour: band.html_colour(),
        value: score,
    }
}

fn signal_view(engine: &Engine, a: &Assessment, f: &Fired) -> SignalView {
    let id = &engine.lexicon.facts[f.fact];
    let fact = engine.models.facts.get(id).map(|d| d.description.clone()).unwrap_or_else(|| id.clone());
    let mut phrases: Vec<String> = f
        .evidence
        .iter()
        .take(EVIDENCE_CAP)
        .map(|&i| {
            let h = &a.understanding.hits[i];
            let place = h.field.map(|f| f.name()).unwrap_or("declared");
            let line = h.line.map(|l| format!(", line {l}")).unwrap_or_default();
            format!("“{}” ({place}{line})", one_line(&h.phrase, 80))
        })
        .collect();
    if f.evidence.len() > EVIDENCE_CAP {
        phrases.push(format!("and {} more", f.evidence.len() - EVIDENCE_CAP));
    }
    SignalView { points: format!("{:+.0}", f.points()), negative: f.points() < 0.0, fact, phrases }
}

/// The learned words found, as one signal: their points together, each word with its own.
fn learned_words_view(engine: &Engine, a: &Assessment, fired: &[Fired]) -> Option<SignalView> {
    let (total, words) = super::learned_words(engine, a, fired)?;
    let mut phrases: Vec<String> = words
        .iter()
        .take(EVIDENCE_CAP)
        .map(|w| {
            let read = w.read_as.map(|r| format!(" as “{r}”")).unwrap_or_default();
            format!("“{}”{read} {:+.1} ({})", one_line(w.written, 80), w.points, w.place)
        })
        .collect();
    if words.len() > EVIDENCE_CAP {
        phrases.push(format!("and {} more", words.len() - EVIDENCE_CAP));
    }
    let fact =
        "learned words: ordinary words that, in programs people labelled, go with this model more or less than others"
            .into();
    Some(SignalView { points: format!("{total:+.0}"), negative: total < 0.0, fact, phrases })
}

fn provenance<T>(engine: &Engine, a: &Assessment, r: &Resolved<T>) -> String {
    if !r.inferred {
        return match r.line {
            Some(line) => format!("declared, line {line}"),
            None => "declared".into(),
        };
    }
    let facts = super::inferring_facts(engine, a, r);
    if facts.is_empty() {
        "inferred: nothing in the text speaks to it".into()
    } else {
        format!("inferred from {}", facts.join(", ").replace('_', " "))
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

fn plural_programs(n: usize) -> String {
    format!("{} program{}", thousands(n), if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use partake_core::understand::Normalized;

    fn engine() -> Engine {
        Engine::new(partake_load::models::load(None).expect("built-in models load"))
    }

    fn assess(engine: &Engine, yaml: &str) -> Vec<Assessment> {
        let keys = partake_core::spec::known_keys();
        let mut scratch = Normalized::default();
        partake_load::read::yaml::read_programs(yaml, "t.yaml", &keys, &engine.models.ids())
            .into_iter()
            .map(|p| engine.assess(p.expect("valid spec"), &mut scratch))
            .collect()
    }

    const PROGRAMS: &str = "\
- program: Refer a friend
  summary: Customers share their referral link and earn a 10% commission on every sale.
  rewards: [commission]
- program: Maker market
  summary: Makers sell handmade goods straight to buyers; we take a listing fee.
  platform: true
  network_effect: true
- program: Reviews
  contributions: [star ratings and written reviews]
  rewards: none
- program: Quiet
  summary: Lorem ipsum dolor sit amet.
";

    #[test]
    fn user_text_is_escaped_everywhere() {
        let engine = engine();
        let yaml = "program: \"<script>alert(1)</script>\"\norganization: '\"><svg onload=alert(2)>'\n\
                    summary: Customers write reviews & star ratings <b>for free</b>.\n";
        let mut report = HtmlReport::new(&engine);
        for a in assess(&engine, yaml) {
            report.add(&a);
        }
        report.add_error(&InputError::new(
            partake_core::spec::ErrorCode::File,
            partake_core::spec::Source::line("<img src=x>.yaml", 1),
            "bad <b>",
        ));
        let html = report.render();
        assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;") || html.contains("&lt;script&gt;alert(1)"));
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<svg onload"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>"));
        assert_eq!(html.matches("<script").count(), 1, "only the report's own script");
    }

    #[test]
    fn only_the_reports_own_script_may_run_and_nothing_loads() {
        let engine = engine();
        let html = HtmlReport::new(&engine).render();
        let hash = BASE64_STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
        // Inside the attribute, askama writes `'` as `&#39;`; the browser reads it back.
        assert!(html.contains(&format!("script-src &#39;sha256-{hash}&#39;")));
        assert!(html.contains(&format!("<script>{SCRIPT}</script>")), "the hash covers exactly the script");
        assert!(html.contains("default-src &#39;none&#39;"));
        for remote in ["http://", "https://", "src=\"//"] {
            assert!(!html.contains(remote), "{remote}");
        }
    }

    #[test]
    fn one_radar_per_program_with_the_primary_marked() {
        let engine = engine();
        let assessments = assess(&engine, PROGRAMS);
        let mut report = HtmlReport::new(&engine);
        for a in &assessments {
            report.add(a);
        }
        let html = report.render();
        assert_eq!(html.matches("<svg class=\"radar\"").count(), assessments.len());
        let with_primary = assessments.iter().filter(|a| a.verdict.primary.is_some()).count();
        assert!(with_primary > 0);
        assert_eq!(html.matches("<title>primary: ").count(), with_primary);
        assert_eq!(html.matches("<svg class=\"gauge\"").count(), assessments.len());
        assert!(html.contains("Toward the ideal"));
        assert!(html.contains("Evidence behind the top scores"));
        // Few programs: one marker each on the map, linked to its details.
        assert!(html.contains("<a href=\"#p1\"><path class=\"mark\""));
    }

    #[test]
    fn a_large_input_stays_small_and_every_program_is_counted() {
        let engine = engine();
        let assessments = assess(&engine, PROGRAMS);
        let mut report = HtmlReport::new(&engine);
        let n = 100_000;
        for a in assessments.iter().cycle().take(n) {
            report.add(a);
        }
        assert_eq!(report.details.len(), DETAIL_CAP);
        assert_eq!(report.rows.len(), TABLE_CAP);
        assert_eq!(report.markers.len(), MARKER_CAP);
        assert_eq!(report.per_primary.iter().sum::<usize>(), n);
        let html = report.render();
        eprintln!("{n} programs: {} bytes of HTML", html.len());
        assert!(html.len() < 3 * 1024 * 1024, "{} bytes", html.len());
        assert!(html.contains("100,000 programs"));
        assert!(html.contains("the first 1,000 of 100,000 programs"));
        assert_eq!(html.matches("<svg class=\"radar\"").count(), DETAIL_CAP);
        // The map aggregates: bubbles per model and cell, not a marker per program.
        assert!(html.contains("its area counts the programs"));
        assert!(html.matches("class=\"mark\"").count() <= 9 * (engine.models.models.len() + 1));
        let cell_total: usize = report.cells.iter().map(|c| c.0).sum();
        assert_eq!(cell_total, n);
    }

    #[test]
    fn evidence_is_quoted_a_few_times_however_long_the_text() {
        let engine = engine();
        let items = "  - customers write reviews\n".repeat(50);
        let yaml = format!("program: Long\ncontributions:\n{items}");
        let a = assess(&engine, &yaml).remove(0);
        let mut report = HtmlReport::new(&engine);
        report.add(&a);
        let html = report.render();
        let quoted = html.matches("“write reviews”").count();
        assert!(quoted > 0 && quoted <= EVIDENCE_CAP * 3, "{quoted} quotes");
        assert!(html.contains(&format!("and {} more", 50 - EVIDENCE_CAP)), "the rest is counted");
    }

    #[test]
    fn big_numbers_get_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
