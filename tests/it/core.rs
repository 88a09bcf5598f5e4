//! The core on its own: programs built in memory, scored with the built-in models,
//! checked against settings and compared with a baseline; model files checked.
//! No file is read here but the built-in models, and no process is run. (These live
//! beside the other tests rather than in the core crate, which depends on no reader.)

use crate::helpers::engine;
use partake_core::check::baseline::{self, Snapshot};
use partake_core::check::{rules, Baseline, Rule, Set, Settings, Severity};
use partake_core::models::{self, Content, ModelFile};
use partake_core::score::Assessment;
use partake_core::spec::{Declared, Field, Item, Program, Source, TextField};
use partake_core::suggest::suggest;
use partake_core::understand::Normalized;

fn program(name: &str, fields: &[(TextField, &str)]) -> Program {
    let mut p = Program::new(name, Source::at("p.yaml", 1, 1));
    for (field, text) in fields {
        p.items_mut(*field).push(Item { text: text.to_string(), line: Some(2) });
    }
    p
}

fn assess(p: Program) -> Assessment {
    engine().assess(p, &mut Normalized::default())
}

fn referral() -> Program {
    program(
        "Refer a friend",
        &[
            (
                TextField::Summary,
                "Customers share a personal link; for every friend who signs up through it they earn a commission.",
            ),
            (TextField::Rewards, "a 10% commission on the friend's first order"),
        ],
    )
}

#[test]
fn a_referral_programme_scores_affiliate_first() {
    let a = assess(referral());
    assert_eq!(a.primary_id(), Some("affiliate"), "{:?}", a.verdict.scores);
    assert!(a.recognised);
    let best = a.verdict.ranked()[0];
    assert_eq!(a.verdict.primary, Some(best), "the verdict is drawn from the ranking");
}

#[test]
fn text_in_no_known_words_is_unrecognised_and_fits_no_model() {
    let a = assess(program("Zzz", &[(TextField::Summary, "Lorem ipsum dolor sit amet.")]));
    assert!(!a.recognised);
    assert_eq!(a.primary_id(), None);
    assert!(suggest(engine(), &a).is_empty(), "no suggestion for a program none of whose text was read");
}

#[test]
fn every_suggestion_raises_the_mutual_benefit_it_promises() {
    let a = assess(referral());
    for s in suggest(engine(), &a) {
        assert!(s.mutual_benefit > a.mutual.score, "{} promises {} from {}", s.id, s.mutual_benefit, a.mutual.score);
    }
}

#[test]
fn the_required_field_rule_names_what_is_missing() {
    let a = assess(referral());
    let settings = Settings {
        required: Some(Set {
            value: vec![Field::Organization, Field::Text(TextField::Rewards)],
            from: "--require".into(),
        }),
        ..Settings::default()
    };
    let findings = rules::check_program(engine(), &a, &settings);
    let required: Vec<_> = findings.iter().filter(|f| f.rule == Rule::RequiredField).collect();
    assert_eq!(required.len(), 1, "{findings:?}");
    assert!(required[0].message.contains("`organization` is missing"), "{}", required[0].message);
    assert_eq!(required[0].severity, Severity::Error);
}

#[test]
fn a_denied_primary_model_and_a_low_mutual_benefit_are_errors() {
    let a = assess(referral());
    let settings = Settings {
        deny: Some(Set { value: vec!["affiliate".into()], from: "partake.yaml:2".into() }),
        min_mutual_benefit: Some(Set { value: 100, from: "--min-mutual-benefit".into() }),
        ..Settings::default()
    };
    let rules: Vec<Rule> = rules::check_program(engine(), &a, &settings).iter().map(|f| f.rule).collect();
    assert!(rules.contains(&Rule::DeniedModel) && rules.contains(&Rule::MinMutualBenefit), "{rules:?}");
}

#[test]
fn the_baseline_reports_a_drop_beyond_the_allowed_one_and_a_new_program() {
    let now = Snapshot::of(&assess(program(
        "Refer a friend",
        &[(TextField::Summary, "Customers share a link with friends.")],
    )));
    let before = Snapshot::of(&assess(referral()));
    assert!(before.mutual > now.mutual, "{} → {}", before.mutual, now.mutual);
    let facts = &engine().lexicon.facts;
    let (state, findings) = baseline::compare(&now, Some(&before), &Settings::default(), "main", facts);
    assert!(matches!(state, Baseline::Was { .. }));
    let dropped = findings.iter().find(|f| f.rule == Rule::MutualBenefitDropped).expect("a drop");
    assert!(dropped.message.contains("no longer says"), "names what the text lost: {}", dropped.message);
    let (state, findings) = baseline::compare(&now, None, &Settings::default(), "main", facts);
    assert_eq!(state, Baseline::New);
    assert_eq!(findings[0].rule, Rule::NewProgram);
}

#[test]
fn an_expect_that_names_the_verdict_matches() {
    let mut p = referral();
    p.expect = Some(Declared { value: "affiliate".into(), line: Some(3) });
    assert_eq!(assess(p).expect_matches, Some(true));
}

/// The built-in model files, parsed, for `models::build` to be tried on directly.
fn built_in_files() -> Vec<ModelFile> {
    let set = partake_load::models::load(None).unwrap();
    let mut files = vec![
        ModelFile {
            path: "vocabulary.yaml".into(),
            file_name: "vocabulary.yaml".into(),
            text: String::new(),
            builtin: true,
            content: Content::Vocabulary(Box::new(set.vocabulary.clone())),
        },
        ModelFile {
            path: "ideal.yaml".into(),
            file_name: "ideal.yaml".into(),
            text: String::new(),
            builtin: true,
            content: Content::Ideal(Box::new(set.ideal.clone())),
        },
    ];
    for m in &set.models {
        files.push(ModelFile {
            path: format!("{}.yaml", m.id),
            file_name: format!("{}.yaml", m.id),
            text: String::new(),
            builtin: true,
            content: Content::Model(m.clone()),
        });
    }
    files
}

#[test]
fn model_validation_names_an_unknown_fact_where_the_loader_says_it_is() {
    let mut files = built_in_files();
    let Content::Model(model) = &mut files[2].content else { panic!("a model") };
    model.signals[0].fact = "comission".into();
    let errors = models::build(files, &|file, path| Source::at(&format!("file{file}"), path.len(), 7)).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("unknown fact `comission`"), "{}", errors[0].message);
    assert_eq!(errors[0].source, Source::at("file2", 3, 7), "signals / 0 / fact of the third file");
}

#[test]
fn model_validation_refuses_a_weight_that_is_not_a_number() {
    let mut files = built_in_files();
    let Content::Model(model) = &mut files[2].content else { panic!("a model") };
    model.signals[0].weight = f64::NAN;
    let errors = models::build(files, &|_, _| Source::file("m.yaml")).unwrap_err();
    assert!(errors.iter().any(|e| e.message.contains("finite number")), "{errors:?}");
}

#[test]
fn the_built_in_models_build_unchanged() {
    let set = models::build(built_in_files(), &|_, _| Source::file("m.yaml")).expect("valid");
    assert_eq!(set.ids(), engine().models.ids());
}

#[test]
fn model_validation_checks_the_ideals_signals_fields_too() {
    let mut files = built_in_files();
    let Content::Ideal(ideal) = &mut files[1].content else { panic!("the ideal") };
    ideal.health.signals[0].fields = Some(vec!["safegaurds".into()]);
    let errors = models::build(files, &|_, path| Source::at("ideal.yaml", path.len(), 1)).unwrap_err();
    assert!(errors[0].message.contains("unknown field `safegaurds` (did you mean `safeguards`?)"), "{errors:?}");
    assert_eq!(errors[0].source, Source::at("ideal.yaml", 4, 1), "health / signals / 0 / fields");
}

#[test]
fn every_reference_is_resolved_once_in_column_order() {
    let set = &engine().models;
    assert_eq!(set.refs.signals.len(), set.models.len());
    for (model, signals) in set.models.iter().zip(&set.refs.signals) {
        let names: Vec<&str> = signals.iter().map(|s| set.facts.keys().nth(s.fact.index()).unwrap().as_str()).collect();
        let written: Vec<&str> = model.signals.iter().map(|s| s.fact.as_str()).collect();
        assert_eq!(names, written, "{}", model.id);
    }
}

/// Learned words are read once a program, after the phrases' hits; each model adds
/// their points into one signal, and `signals_shown` lists them word by word.
#[test]
fn learned_words_follow_the_phrases_once_each_and_are_shown_word_by_word() {
    let model = "kind: model\nid: zorb\nname: Zorb\ndefinition: d\nsignals: []\nwords: {zorbify: 30, glint: -5}\n";
    let engine = partake_core::score::Engine::new(partake_load::models::load_with(&[("zorb.yaml", model)]).unwrap());
    let p = program(
        "Zorbify",
        &[(TextField::Summary, "Members write reviews. Zorbify, zorbify, glint."), (TextField::Rewards, "glint")],
    );
    let a = engine.assess(p, &mut Normalized::default());
    let u = &a.understanding;
    let learned: Vec<&str> = u.hits[u.first_learned()..].iter().map(|h| h.phrase.as_str()).collect();
    let once = |w: &str| learned.iter().filter(|l| l.eq_ignore_ascii_case(w)).count() == 1;
    assert!(once("zorbify") && once("glint"), "each learned word once: {learned:?}");
    assert!(u.phrase_hits().iter().all(|h| h.word.is_none()));
    assert!(u.hits[u.first_learned()..].iter().all(|h| h.word.is_some()));
    let table = a.verdict.scores.iter().position(|s| &*s.id == "zorb").unwrap();
    let zorb = &a.verdict.scores[table];
    assert_eq!(zorb.raw, 25.0, "30 − 5, once each");
    assert_eq!(zorb.fired.len(), 1, "one signal for the words");
    let shown = engine.signals_shown(table, &zorb.fired, u);
    let words: Vec<(&str, f64)> = shown.iter().map(|f| (u.hits[f.evidence[0]].phrase.as_str(), f.points())).collect();
    assert_eq!(words, [("Zorbify", 30.0), ("glint", -5.0)]);
}
