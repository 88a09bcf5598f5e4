//! `--baseline REF`: how a program compares with its version at a git ref. The
//! binary fetches the old versions; this is the comparison, a plain function.

use super::{Baseline, Finding, Rule, Settings, Severity};
use crate::score::Assessment;
use crate::spec::Source;

/// A program whose name changed, found at the same place in the same file.
pub fn renamed(a: &Assessment, old: &Assessment, reference: &str) -> Finding {
    let mut f = Finding::new(
        Rule::RenamedProgram,
        Severity::Note,
        a.program.source.clone(),
        format!("renamed from `{}` since {reference}; compared with it", old.program.name),
    );
    f.program = Some(a.program.name.clone());
    f
}

/// Compare a program with its version at the baseline (`None`: it did not exist).
/// `facts` names the lexicon's facts, to say what the text no longer says.
pub fn compare(
    a: &Assessment,
    old: Option<&Assessment>,
    settings: &Settings,
    reference: &str,
    facts: &[String],
) -> (Baseline, Vec<Finding>) {
    let at = a.program.source.clone();
    let name = Some(a.program.name.clone());
    let shown = |p: Option<&str>| p.map_or("no model".to_string(), |p| format!("`{p}`"));
    let Some(old) = old else {
        let message =
            format!("new since {reference}: {} with mutual benefit {}", shown(a.primary_id()), a.mutual.score);
        let mut f = Finding::new(Rule::NewProgram, Severity::Note, at, message);
        f.program = name;
        return (Baseline::New, vec![f]);
    };
    let mut findings = Vec::new();
    let (before, after) = (old.mutual.score, a.mutual.score);
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
    if old.primary_id() != a.primary_id() {
        // `expect` naming the new model is the authors saying the change is intended.
        let intended = a.primary_id().is_some() && a.expect_matches == Some(true);
        let severity = if intended { Severity::Note } else { Severity::Warning };
        let advice = match (a.primary_id(), intended) {
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
                shown(old.primary_id()),
                shown(a.primary_id())
            ),
        ));
    }
    for f in &mut findings {
        f.program = name.clone();
    }
    (Baseline::Was { primary: old.primary_id().map(str::to_string), mutual_benefit: before }, findings)
}

/// Parties who now gain less, and flags that went from true to false.
fn lost_levels(a: &Assessment, old: &Assessment) -> Vec<String> {
    let (m, o) = (&a.mutual, &old.mutual);
    let mut out = Vec::new();
    for (name, now, was) in [
        ("participants", &m.participants, &o.participants),
        ("organization", &m.organization, &o.organization),
        ("others", &m.others, &o.others),
    ] {
        if now.value < was.value {
            out.push(format!("{name} benefit went from {} to {}", was.value.name(), now.value.name()));
        }
    }
    for (name, now, was) in
        [("network_effect", &m.network_effect, &o.network_effect), ("platform", &m.platform, &o.platform)]
    {
        if was.value && !now.value {
            out.push(format!("{name} went from true to false"));
        }
    }
    out
}

/// Facts the old text stated that the new one does not, with the old words, at most three.
fn lost_facts(a: &Assessment, old: &Assessment, facts: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in &old.understanding.hits {
        if a.understanding.has(h.fact) || out.len() == 3 {
            continue;
        }
        let entry = format!("no longer says \"{}\" ({})", crate::text::one_line(&h.phrase, 40), facts[h.fact]);
        if !out.iter().any(|e| e.ends_with(&format!("({})", facts[h.fact]))) {
            out.push(entry);
        }
    }
    out
}

/// A program of the baseline that is gone. It points at the file, not a line:
/// the old line may now hold something else, or the file may be gone.
pub fn removed(old: &Assessment, shown_path: &str, reference: &str) -> Finding {
    let line = old.program.source.line.map(|l| format!(" at line {l}")).unwrap_or_default();
    let mut f = Finding::new(
        Rule::RemovedProgram,
        Severity::Note,
        Source::file(shown_path),
        format!(
            "`{}` existed at {reference}{line} and is gone (it was {} with mutual benefit {})",
            old.program.name,
            old.primary_id().map_or("no model".to_string(), |p| format!("`{p}`")),
            old.mutual.score
        ),
    );
    f.program = Some(old.program.name.clone());
    f
}
