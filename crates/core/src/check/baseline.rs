//! `--baseline REF`: how a program compares with its version at a git ref. The
//! binary fetches the old versions; this is the comparison, a plain function over
//! [`Snapshot`]s, which keep of a program only what a comparison needs, so a large
//! inventory need not hold every assessment until its last row is read.

use super::{Baseline, Finding, Rule, Settings, Severity};
use crate::score::Assessment;
use crate::spec::{Level, Source};

/// What comparing with a baseline needs of one program.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub name: String,
    pub source: Source,
    pub primary: Option<String>,
    pub mutual: u8,
    /// Participants', the organization's and others' benefit.
    levels: [Level; 3],
    /// `network_effect` and `platform`.
    flags: [bool; 2],
    /// Each fact the text states, once, with the first phrase that said it.
    facts: Vec<(usize, String)>,
    expect_matches: Option<bool>,
}

impl Snapshot {
    pub fn of(a: &Assessment) -> Snapshot {
        let m = &a.mutual;
        let mut facts: Vec<(usize, String)> = Vec::new();
        for h in &a.understanding.hits {
            if !facts.iter().any(|(f, _)| *f == h.fact) {
                facts.push((h.fact, h.phrase.clone()));
            }
        }
        Snapshot {
            name: a.program.name.clone(),
            source: a.program.source.clone(),
            primary: a.primary_id().map(str::to_string),
            mutual: m.score,
            levels: [m.participants.value, m.organization.value, m.others.value],
            flags: [m.network_effect.value, m.platform.value],
            facts,
            expect_matches: a.expect_matches,
        }
    }

    fn states(&self, fact: usize) -> bool {
        self.facts.iter().any(|(f, _)| *f == fact)
    }
}

/// A program whose name changed, found at the same place in the same file.
pub fn renamed(a: &Snapshot, old: &Snapshot, reference: &str) -> Finding {
    let mut f = Finding::new(
        Rule::RenamedProgram,
        Severity::Note,
        a.source.clone(),
        format!("renamed from `{}` since {reference}; compared with it", old.name),
    );
    f.program = Some(a.name.clone());
    f
}

/// Compare a program with its version at the baseline (`None`: it did not exist).
/// `facts` names the lexicon's facts, to say what the text no longer says.
pub fn compare(
    a: &Snapshot,
    old: Option<&Snapshot>,
    settings: &Settings,
    reference: &str,
    facts: &[String],
) -> (Baseline, Vec<Finding>) {
    let at = a.source.clone();
    let name = Some(a.name.clone());
    let shown = |p: Option<&str>| p.map_or("no model".to_string(), |p| format!("`{p}`"));
    let Some(old) = old else {
        let message =
            format!("new since {reference}: {} with mutual benefit {}", shown(a.primary.as_deref()), a.mutual);
        let mut f = Finding::new(Rule::NewProgram, Severity::Note, at, message);
        f.program = name;
        return (Baseline::New, vec![f]);
    };
    let mut findings = Vec::new();
    let (before, after) = (old.mutual, a.mutual);
    let max = settings.max_drop();
    if before > after && before - after > max.value {
        let mut lost = lost_levels(a, old);
        lost.extend(lost_facts(a, old, facts));
        let what = if lost.is_empty() {
            "`partake explain` shows what holds it back now".to_string()
        } else {
            format!("what changed: {}; restore that, or make up for it", lost.join(", "))
        };
        findings.push(Finding::new(
            Rule::MutualBenefitDropped,
            Severity::Error,
            at.clone(),
            format!(
                "mutual benefit fell from {before} at {reference} to {after}, more than the {} point{} the policy allows \
({}); {what}",
                max.value,
                if max.value == 1 { "" } else { "s" },
                max.from
            ),
        ));
    }
    if old.primary != a.primary {
        // `expect` naming the new model is the authors saying the change is intended.
        let intended = a.primary.is_some() && a.expect_matches == Some(true);
        let severity = if intended { Severity::Note } else { Severity::Warning };
        let advice = match (a.primary.as_deref(), intended) {
            (Some(_), true) => "intended, as `expect` says".to_string(),
            (Some(p), false) => format!("if that is intended, say so with `expect: {p}`; if not, see what changed"),
            (None, _) => "no model fits it any more: see what changed".to_string(),
        };
        findings.push(Finding::new(
            Rule::PrimaryChanged,
            severity,
            at,
            format!(
                "primary model changed from {} at {reference} to {}; {advice}",
                shown(old.primary.as_deref()),
                shown(a.primary.as_deref())
            ),
        ));
    }
    for f in &mut findings {
        f.program = name.clone();
    }
    (Baseline::Was { primary: old.primary.clone(), mutual_benefit: before }, findings)
}

/// Parties who now gain less, and flags that went from true to false.
fn lost_levels(a: &Snapshot, old: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    for (i, name) in ["participants", "organization", "others"].into_iter().enumerate() {
        let (now, was) = (a.levels[i], old.levels[i]);
        if now < was {
            out.push(format!("{name} benefit went from {} to {}", was.name(), now.name()));
        }
    }
    for (i, name) in ["network_effect", "platform"].into_iter().enumerate() {
        if old.flags[i] && !a.flags[i] {
            out.push(format!("{name} went from true to false"));
        }
    }
    out
}

/// Facts the old text stated that the new one does not, with the old words, at most three.
fn lost_facts(a: &Snapshot, old: &Snapshot, facts: &[String]) -> Vec<String> {
    old.facts
        .iter()
        .filter(|(fact, _)| !a.states(*fact))
        .take(3)
        .map(|(fact, phrase)| format!("no longer says \"{}\" ({})", crate::text::one_line(phrase, 40), facts[*fact]))
        .collect()
}

/// A program of the baseline that is gone. It points at the file, not a line:
/// the old line may now hold something else, or the file may be gone.
pub fn removed(old: &Snapshot, shown_path: &str, reference: &str) -> Finding {
    let line = old.source.line.map(|l| format!(" at line {l}")).unwrap_or_default();
    let mut f = Finding::new(
        Rule::RemovedProgram,
        Severity::Note,
        Source::file(shown_path),
        format!(
            "`{}` existed at {reference}{line} and is gone (it was {} with mutual benefit {})",
            old.name,
            old.primary.as_deref().map_or("no model".to_string(), |p| format!("`{p}`")),
            old.mutual
        ),
    );
    f.program = Some(old.name.clone());
    f
}
