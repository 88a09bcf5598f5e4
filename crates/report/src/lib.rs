//! partake's reports: assessments → what people and machines read. Every format
//! of `score` is a [`sink::Sink`]; `explain` and `check` render whole documents.

pub mod check;
pub mod csv;
pub mod explain;
pub mod html;
pub mod json;
pub mod labels;
pub mod markdown;
pub mod sink;
pub mod stats;
pub mod svg;
pub mod table;
pub mod text;

use partake_core::score::{Assessment, Engine, Fired, Resolved};
use partake_core::understand::{Hit, Role};

/// The primary model as a cell: `affiliate`, `affiliate~open_source` for a hybrid, `—` for none.
pub fn primary_cell(a: &Assessment) -> String {
    labels::VerdictLabel::of(a).short()
}

/// Short notes about a program that a reader should not miss.
pub fn notes(a: &Assessment) -> Vec<String> {
    let mut notes = Vec::new();
    match (a.recognised, a.understanding.language) {
        (false, Some(language)) => notes.push(format!("written in {language}, not read: partake reads English")),
        (false, None) => notes.push("none of its text was recognised (not English? too vague?)".into()),
        (true, _) => {}
    }
    if let (Some(false), Some(expect)) = (a.expect_matches, &a.program.expect) {
        notes.push(format!("expected {}, scored {}", expect.value, a.primary_id().unwrap_or("no model")));
    }
    notes
}

/// The facts a value was inferred from, each once, in the order found.
pub fn inferring_facts<'e, T>(engine: &'e Engine, a: &Assessment, r: &Resolved<T>) -> Vec<&'e str> {
    let mut facts: Vec<&str> = Vec::new();
    for &i in &r.evidence {
        let fact = engine.lexicon.facts[a.understanding.hits[i].fact].as_str();
        if !facts.contains(&fact) {
            facts.push(fact);
        }
    }
    facts
}

/// A party as a reader knows it: the organization by its name where the spec gives one.
pub fn party_name(a: &Assessment, role: Role) -> String {
    match (role, &a.program.organization) {
        (Role::Organization, Some(name)) => partake_core::text::one_line(name, 40),
        _ => role.name().to_string(),
    }
}

/// One learned word found, as reports show it.
pub struct LearnedWord<'a> {
    /// As the author wrote it.
    pub written: &'a str,
    /// The word it was read as, when written otherwise (`read_as`).
    pub read_as: Option<&'a str>,
    pub points: f64,
    /// "summary, line 3".
    pub place: String,
}

/// The learned words among some signals, strongest first, and their points together;
/// `None` without any.
pub fn learned_words<'a>(
    engine: &'a Engine,
    a: &'a Assessment,
    fired: &[Fired],
) -> Option<(f64, Vec<LearnedWord<'a>>)> {
    let learned = engine.models.refs.learned_words.index();
    let mut words: Vec<LearnedWord> = fired
        .iter()
        .filter(|f| f.fact == learned)
        .map(|f| {
            let h = &a.understanding.hits[f.evidence[0]];
            let field = h.field.map(|f| f.name()).unwrap_or("declared");
            let line = h.line.map(|l| format!(", line {l}")).unwrap_or_default();
            LearnedWord {
                written: &h.phrase,
                read_as: read_as(engine, h),
                points: f.points(),
                place: format!("{field}{line}"),
            }
        })
        .collect();
    if words.is_empty() {
        return None;
    }
    words.sort_by(|x, y| y.points.abs().total_cmp(&x.points.abs()));
    Some((words.iter().map(|w| w.points).sum(), words))
}

/// The learned word a hit stands for, when the author wrote it otherwise (a slash
/// read as "per", "don't" as "dont"); `None` when the text shows the word itself.
pub fn read_as<'a>(engine: &'a Engine, h: &Hit) -> Option<&'a str> {
    let word = engine.models.refs.words.get(usize::from(h.word?))?;
    (!h.phrase.is_empty() && !h.phrase.to_lowercase().eq(word)).then_some(word.as_str())
}

/// How a phrase was read beyond its words: who acts and who receives ("customers →
/// Green Acres"), a misspelling read as a word ("selers" as seller), an act read
/// differently for who does it. Empty when there is nothing to add.
pub fn reading(engine: &Engine, a: &Assessment, h: &Hit) -> Vec<String> {
    let mut out = Vec::new();
    // What the field itself says (`rewards` go to participants) goes without saying.
    let said_by_field = h.field.is_some_and(|f| partake_core::understand::field_roles(f) == (h.actor, h.receiver));
    match (h.actor, h.receiver) {
        _ if said_by_field => {}
        (Some(actor), Some(receiver)) if actor != receiver => {
            out.push(format!("{} → {}", party_name(a, actor), party_name(a, receiver)))
        }
        (_, Some(receiver)) => out.push(format!("to {}", party_name(a, receiver))),
        (Some(actor), None) => out.push(format!("by {}", party_name(a, actor))),
        (None, None) => {}
    }
    for (written, read) in &h.corrected {
        out.push(format!("\"{written}\" read as {read}"));
    }
    if let Some(from) = h.reread_from {
        out.push(format!("not {}, given who acts or receives", engine.lexicon.facts[from]));
    }
    out
}

/// Why a phrase that was found counts for nothing.
pub fn set_aside_reason(engine: &Engine, h: &Hit) -> String {
    match (h.field, h.negated_from, h.reread_from) {
        (None, ..) => "claimed, not evidenced by the text".into(),
        (_, Some(_), _) => "negated".into(),
        (_, None, Some(from)) => format!("not {} when done by this party", engine.lexicon.facts[from]),
        _ => "not counted".into(),
    }
}
