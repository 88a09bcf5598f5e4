//! The rules: one assessment and the settings in force → findings. Plain
//! functions, no I/O; every message says what to change.

use super::{Finding, Rule, Settings, Severity};
use crate::score::{Assessment, Engine};
use crate::spec::{Program, Source, TextField};
use crate::text::one_line;

/// Every finding about one program, in rule order.
pub fn check_program(engine: &Engine, a: &Assessment, settings: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    required_fields(a, settings, &mut out);
    min_mutual_benefit(engine, a, settings, &mut out);
    models(a, settings, &mut out);
    expect(a, &mut out);
    unrecognized(a, settings, &mut out);
    claimed(a, &mut out);
    for f in &mut out {
        f.program = Some(a.program.name.clone());
    }
    out
}

/// Where a program starts: the line of its first key.
pub fn at_program(p: &Program) -> Source {
    p.source.clone()
}

fn at_line(p: &Program, line: Option<usize>) -> Source {
    match line {
        Some(line) if p.source.row.is_none() => Source::line(&p.source.path, line),
        _ => at_program(p),
    }
}

fn required_fields(a: &Assessment, settings: &Settings, out: &mut Vec<Finding>) {
    let Some(required) = &settings.required else { return };
    for field in &required.value {
        if !field.is_set(&a.program) {
            out.push(Finding::new(
                Rule::RequiredField,
                Severity::Error,
                at_program(&a.program),
                format!(
                    "`{name}` is missing; the policy requires it ({}): add `{name}:` to this program",
                    required.from,
                    name = field.name()
                ),
            ));
        }
    }
}

fn min_mutual_benefit(engine: &Engine, a: &Assessment, settings: &Settings, out: &mut Vec<Finding>) {
    let Some(min) = &settings.min_mutual_benefit else { return };
    let score = a.mutual.score;
    if score >= min.value {
        return;
    }
    // The suggestion's score is computed (the change applied and scored again), so
    // the message can promise it.
    let advice = match crate::suggest::suggest(engine, a).first() {
        Some(s) => format!(
            "the change that helps most: {} (that alone makes it {})",
            lowercase_first(s.advice.trim_end_matches('.')),
            s.mutual_benefit
        ),
        None => format!(
            "`partake explain {} --program {:?}` shows what holds it back",
            a.program.source.path,
            one_line(&a.program.name, 60)
        ),
    };
    out.push(Finding::new(
        Rule::MinMutualBenefit,
        Severity::Error,
        at_program(&a.program),
        format!("mutual benefit is {score}, below the minimum {} ({}); {advice}", min.value, min.from),
    ));
}

fn models(a: &Assessment, settings: &Settings, out: &mut Vec<Finding>) {
    let primary = a.primary_id();
    if let (Some(deny), Some(p)) = (&settings.deny, primary) {
        if deny.value.iter().any(|d| d == p) {
            out.push(Finding::new(
                Rule::DeniedModel,
                Severity::Error,
                at_program(&a.program),
                format!(
                    "the primary model is `{p}`, which the policy denies ({}); rework what participants give and get, \
or change the policy",
                    deny.from
                ),
            ));
        }
    }
    if let Some(allow) = &settings.allow {
        if !primary.is_some_and(|p| allow.value.iter().any(|x| x == p)) {
            let is = primary.map_or("no model fits it".to_string(), |p| format!("its primary model is `{p}`"));
            let list: Vec<String> = allow.value.iter().map(|m| format!("`{m}`")).collect();
            out.push(Finding::new(
                Rule::ModelNotAllowed,
                Severity::Error,
                at_program(&a.program),
                format!(
                    "{is}, but the policy allows only {} ({}); rework the program toward one of them, or change the policy",
                    list.join(", "),
                    allow.from
                ),
            ));
        }
    }
}

fn expect(a: &Assessment, out: &mut Vec<Finding>) {
    let (Some(false), Some(expect)) = (a.expect_matches, &a.program.expect) else { return };
    let score_of = |id: &str| a.verdict.scores.iter().find(|s| *s.id == *id).map_or(0, |s| s.score);
    let message = match a.primary_id() {
        Some(p) => format!(
            "`expect: {}` but the program scores as `{p}` ({p} {}, {} {}); set `expect: {p}`, or reword the program \
(`partake explain` shows the evidence)",
            expect.value,
            score_of(p),
            expect.value,
            score_of(&expect.value)
        ),
        None => format!(
            "`expect: {}` but no model fits the program ({} {}); describe what participants give and get in plain words",
            expect.value,
            expect.value,
            score_of(&expect.value)
        ),
    };
    out.push(Finding::new(Rule::ExpectMismatch, Severity::Error, at_line(&a.program, expect.line), message));
}

fn unrecognized(a: &Assessment, settings: &Settings, out: &mut Vec<Finding>) {
    let Some(severity) = settings.unrecognized_severity() else { return };
    if !a.recognised {
        out.push(Finding::new(
            Rule::UnrecognizedProgram,
            severity,
            at_program(&a.program),
            "none of this program's text was recognised, so its scores mean little; partake reads English: say who \
takes part, what they give and what they get back",
        ));
        return;
    }
    for &(field, index) in &a.understanding.unrecognised {
        let item = &a.program.items(field)[index];
        out.push(Finding::new(
            Rule::UnrecognizedText,
            severity,
            at_line(&a.program, item.line),
            format!(
                "could not place \"{}\" in `{}`; reword it plainly (for example \"{}\"), or move it under an `x-` key \
if it is not meant to be scored",
                one_line(&item.text, 60),
                field.name(),
                example(field)
            ),
        ));
    }
}

/// A declared value the text does not bear out: a flag flipped to pass a bar shows
/// up here rather than in the score.
fn claimed(a: &Assessment, out: &mut Vec<Finding>) {
    for (value, line) in a.claimed() {
        out.push(Finding::new(
            Rule::ClaimedNotEvidenced,
            Rule::ClaimedNotEvidenced.default_severity(),
            at_line(&a.program, line),
            format!(
                "`{value}` is declared but nothing in the text shows it, or the text says otherwise, so it counts \
for a quarter; say in the summary or the other fields what makes it so, or remove it"
            ),
        ));
    }
}

fn example(field: TextField) -> &'static str {
    match field {
        TextField::Summary => "customers review the products they bought",
        TextField::Participants => "bloggers and website owners",
        TextField::Contributions => "reviews of products they bought",
        TextField::Rewards => "10% commission on every sale",
        TextField::Support => "a help desk",
        TextField::Safeguards => "ratings in both directions",
        TextField::Name => "Refer-a-friend rewards",
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}
