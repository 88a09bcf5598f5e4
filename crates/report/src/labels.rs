//! The words and colours every report uses for the same things, so that a table, a
//! page and an explanation never disagree about a verdict or a tier.

use partake_core::score::{Assessment, Engine};

/// How a verdict reads: one model, a hybrid of two, none that fits, or no text read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictLabel<'a> {
    Model(&'a str),
    Hybrid(&'a str, &'a str),
    NoFit,
    Unrecognised,
}

impl<'a> VerdictLabel<'a> {
    pub fn of(a: &'a Assessment) -> Self {
        match (a.primary_id(), a.secondary_id()) {
            (Some(p), Some(s)) if a.verdict.hybrid => VerdictLabel::Hybrid(p, s),
            (Some(p), _) => VerdictLabel::Model(p),
            (None, _) if !a.recognised => VerdictLabel::Unrecognised,
            (None, _) => VerdictLabel::NoFit,
        }
    }

    /// With model ids, for a cell: `affiliate`, `affiliate~open_source`, `—`, `(unrecognised)`.
    pub fn short(self) -> String {
        match self {
            VerdictLabel::Model(p) => p.to_string(),
            VerdictLabel::Hybrid(p, s) => format!("{p}~{s}"),
            VerdictLabel::NoFit => "—".into(),
            VerdictLabel::Unrecognised => "(unrecognised)".into(),
        }
    }

    /// With the models' names, for a page: `Affiliate ~ Open source`, `no model fits`.
    pub fn long(self, name: impl Fn(&str) -> String) -> String {
        match self {
            VerdictLabel::Model(p) => name(p),
            VerdictLabel::Hybrid(p, s) => format!("{} ~ {}", name(p), name(s)),
            VerdictLabel::NoFit => "no model fits".into(),
            VerdictLabel::Unrecognised => "no text recognised".into(),
        }
    }
}

/// The tier a mutual-benefit score falls in, by the ideal's own thresholds (`tiers:`
/// in the ideal's model file), so every report colours a score the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    High,
    Mid,
    Low,
}

impl Band {
    pub fn of(engine: &Engine, score: u8) -> Band {
        let tiers = &engine.models.ideal.tiers;
        let score = f64::from(score);
        if score >= tiers.high {
            Band::High
        } else if score >= tiers.mid {
            Band::Mid
        } else {
            Band::Low
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Band::High => "high",
            Band::Mid => "mid",
            Band::Low => "low",
        }
    }

    /// On a page: green, amber, red, dark enough for white text.
    pub fn html_colour(self) -> &'static str {
        match self {
            Band::High => "#1a8754",
            Band::Mid => "#c98a00",
            Band::Low => "#c0392b",
        }
    }

    /// On a terminal: the same three, in its own colours.
    pub fn terminal_colour(self) -> comfy_table::Color {
        match self {
            Band::High => comfy_table::Color::Green,
            Band::Mid => comfy_table::Color::Yellow,
            Band::Low => comfy_table::Color::Red,
        }
    }
}
