//! Models are data: `models/*.yaml`, embedded in the binary and replaceable with
//! `--models DIR`. Three kinds of file:
//! - `kind: vocabulary` — the facts the classifier recognises, each with its phrases;
//! - `kind: model` — one participation model and its weighted signals (facts);
//! - `kind: ideal` — the mutual-benefit ideal: components, inference rules, suggestions.
//!
//! A model file may bring facts of its own, so a new model needs no other file.

use crate::spec::{ErrorCode, InputError, Level, Source, TextField};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The facts a spec's declared `platform: true` and `network_effect: true` stand
/// for: every vocabulary defines them, so a declaration always has a fact to be.
pub const DECLARED_PLATFORM: &str = "platform_declared";
/// The fact a learned word stands for when it is found: the words are data of each
/// model (`words:`), fitted to labelled programs, and weigh per word, not per fact.
pub const LEARNED_WORDS: &str = "learned_words";
pub const DECLARED_NETWORK_EFFECT: &str = "network_effect_declared";
/// The fact the reading finds where one event serves several parties: a sentence from
/// "each" or "every" and a thing, whose verbs of giving or receiving hand value to two
/// parties or more ("each seat a rider fills gives the rider a lift and earns Seatshare
/// a fee").
pub const ONE_EVENT: &str = "one_event_serves_several";

/// The keys of a fact's `by` table: who does the act, `for_organization` when
/// participants do it with the organization's own goods, or `asked_for` when they
/// only ask for it or give their view of it ("request new features"), or
/// `on_condition` when it is what a reward waits for ("after the friend's first trip").
pub const ACTOR_KEYS: [&str; 5] = ["organization", "others", "for_organization", "asked_for", "on_condition"];
/// The keys of a fact's `to` table: who receives the money.
pub const RECEIVER_KEYS: [&str; 4] = ["participants", "organization", "others", "unknown"];

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    /// What the fact means, for `partake models` and explanations.
    pub description: String,
    /// Phrases in plain words; every word matches its inflections ("refer" ~ "referred").
    pub phrases: Vec<String>,
    /// The fact a negated match stands for ("no commission" → `unpaid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negated: Option<String>,
    /// What the phrase means when someone other than the participants does the act,
    /// by who does it (`organization`, `others`) or, for `for_organization`, when
    /// participants do it with the organization's own goods: a fact, or `~` to set it
    /// aside ("we promote the camera" is no participant promoting). Applies only to a
    /// phrase that holds one of the vocabulary's `cues.acts`. `asked_for` applies to
    /// any phrase that follows a word of `cues.asks` ("users request new features"),
    /// or one of `cues.about` after such a word ("feedback on new features");
    /// `on_condition` to one right after a word of `cues.conditions` ("after the
    /// friend's first trip": what the reward waits for, not what anyone gains).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by: BTreeMap<String, Option<String>>,
    /// What a phrase about money means by who receives it (`participants`,
    /// `organization`, `others`, or `unknown` when the clause does not say): a fact,
    /// or `~` to set it aside ("customers pay up front" is money in, not a reward).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub to: BTreeMap<String, Option<String>>,
    /// A share of at least `percent` named in the phrase or just before it makes
    /// the phrase stand for `fact` as well ("keeps 45%" is a heavy fee, not only a fee).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_share: Option<LargeShare>,
}

/// See `FactDef::large_share`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LargeShare {
    pub percent: f64,
    pub fact: String,
}

/// Words that tell who acts in a clause and which way value moves.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    /// Words naming the organization ("we", "the company"); its own name counts too.
    pub organization: Vec<String>,
    /// Words naming the participants ("members", "you"); the spec's `participants` count too.
    pub participants: Vec<String>,
    /// Words naming other parties (other customers, the public).
    pub others: Vec<String>,
    /// Verbs by which the one acting hands value over ("pay", "pledge").
    pub gives: Vec<String>,
    /// Verbs by which the one acting receives value ("earn", "get").
    pub receives: Vec<String>,
    /// Verbs of doing, whose meaning depends on who does them ("sell", "promote"),
    /// in base form; irregular forms ("sold") listed too.
    pub acts: Vec<String>,
    /// Words of asking or of saying what one thinks ("request", "suggest",
    /// "feedback"): what follows them is asked for or talked about, not done.
    #[serde(default)]
    pub asks: Vec<String>,
    /// Words that tie a topic to a word of `asks` ("feedback on", "ideas for").
    #[serde(default)]
    pub about: Vec<String>,
    /// Words naming people who work for an organization ("developers", "crew"):
    /// owned by it ("our developers", "its own crew") they are the organization.
    #[serde(default)]
    pub staff: Vec<String>,
    /// Words that turn a giving verb around ("are paid", "get funded"): the one
    /// named before them receives.
    #[serde(default)]
    pub passive: Vec<String>,
    /// Words naming the people a participant knows ("friends", "contacts"): selling
    /// to them markets the organization's goods rather than trading with strangers.
    #[serde(default)]
    pub network: Vec<String>,
    /// Verbs of keeping ("keep", "retain"): a share kept ("hosts keep 90%") is the
    /// keeper's own takings, and the rest goes to the other side.
    #[serde(default)]
    pub keeps: Vec<String>,
    /// Words after which a party is where or to whom something is done, not who does
    /// it ("weavers open a shop on Loomhall and sell their rugs").
    #[serde(default)]
    pub prepositions: Vec<String>,
    /// Words that make what follows a condition ("after", "once"): a fact's
    /// `by: {on_condition: …}` says what it then means.
    #[serde(default)]
    pub conditions: Vec<String>,
}

/// The verdict's thresholds, in points of a model's 0–100 score.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    /// How fast raw points approach 100: `score = 100 × (1 − e^(−raw/saturation))`.
    pub saturation: f64,
    /// A model this high fits: the best one is the primary.
    pub primary: f64,
    /// Below `primary`, the best model is still named when it is at least this high
    /// and leads the runner-up by `clear_lead` (terse text scores low but can be clear).
    pub primary_with_clear_lead: f64,
    pub clear_lead: f64,
    /// The runner-up is named as `secondary` from this score on.
    pub secondary: f64,
    /// Top two this close are too close to call: a hybrid.
    pub hybrid_margin: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    pub fact: String,
    /// Points toward the model (negative: points against it).
    pub weight: f64,
    /// The fields it counts in; all fields when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub kind: String,
    pub id: String,
    pub name: String,
    pub definition: String,
    #[serde(default)]
    pub examples: Vec<String>,
    /// Column position among the built-ins; models without one follow, by file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    pub signals: Vec<Signal>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facts: BTreeMap<String, FactDef>,
    /// Words (one lowercased word each, as the text is read) and the points each adds
    /// to this model wherever it appears, once per program: fitted to labelled
    /// programs, they carry what the phrases do not know.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub words: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub kind: String,
    pub id: String,
    /// How much a phrase counts in each field (a commission under `rewards` says more
    /// than one in the `summary`).
    pub field_weights: BTreeMap<String, f64>,
    /// Words that negate a phrase they precede within the same clause.
    pub negators: Vec<String>,
    /// How many words back a negator reaches.
    pub negation_window: usize,
    /// The fact that `rewards: none` (or `[]`) stands for.
    pub rewards_none: String,
    /// Who acts and which way value moves.
    pub cues: Cues,
    /// An unknown word this long or longer that is one slip (a letter missing, doubled
    /// or two swapped) from a vocabulary word is read as that word.
    pub typo_min_length: usize,
    pub verdict: Verdict,
    pub facts: BTreeMap<String, FactDef>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LevelRule {
    /// Facts that show this party benefits directly.
    #[serde(default)]
    pub direct: Vec<String>,
    /// Facts that show an indirect benefit.
    #[serde(default)]
    pub indirect: Vec<String>,
    /// Facts that show this party gains nothing (checked after `direct`).
    #[serde(default)]
    pub none: Vec<String>,
    /// What to assume when no fact speaks.
    pub otherwise: Level,
    /// Facts that show what this party gives (work, money, data), for explanations.
    #[serde(default)]
    pub gives: Vec<String>,
    /// Facts that show a risk or cost this party carries, for explanations.
    #[serde(default)]
    pub risks: Vec<String>,
    /// The field that holds what this party receives (`rewards` for participants):
    /// anything recognised there shows the party gains something, so a declared
    /// level is no bare claim.
    #[serde(default)]
    pub field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Inference {
    pub participants: LevelRule,
    pub organization: LevelRule,
    pub others: LevelRule,
    pub network_effect: Vec<String>,
    pub platform: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentWeights {
    pub participant: f64,
    pub organization: f64,
    pub others: f64,
    pub same_reason: f64,
    pub health: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// Where a program with no health signal stands, 0–100.
    pub base: f64,
    /// Points of signals that take health most of the way from `base` to 0 or 100.
    pub spread: f64,
    pub signals: Vec<Signal>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    pub id: String,
    pub advice: String,
    /// Text items to add, by field (`rewards: "a discount on every order"`): what to
    /// do and to write, never a flag to flip (a flag the text does not bear out
    /// counts for little).
    #[serde(default)]
    pub add: BTreeMap<String, String>,
    /// Offered only to programs where one of these facts was found (the advice fits
    /// their kind: minimum pay for paid work, ratings for trade); to all when empty.
    #[serde(default)]
    pub when: Vec<String>,
}

/// The tiers of the mutual-benefit score: high from `high` on, mid from `mid`, else low.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tiers {
    pub high: f64,
    pub mid: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ideal {
    pub kind: String,
    pub id: String,
    pub name: String,
    pub definition: String,
    #[serde(default)]
    pub examples: Vec<String>,
    pub weights: ComponentWeights,
    /// A triple win needs all three parties: with one gaining nothing, the score stops here.
    pub cap_when_a_party_gains_nothing: f64,
    /// Where the tiers of the score begin.
    pub tiers: Tiers,
    /// A declared value the text does not bear out counts for this share of evidence.
    pub claim_weight: f64,
    /// Facts that document a harm to participants or customers; any of them caps the score here.
    pub harms: Vec<String>,
    pub cap_when_harmed: f64,
    pub cap_per_further_harm: f64,
    /// Facts that answer a harm: each one found cancels one harm from the count.
    pub harms_lifted_by: Vec<String>,
    pub infer: Inference,
    /// Facts that show the parties gain for the same reason, with how fully (0–100).
    pub same_reason: Vec<Signal>,
    pub health: Health,
    pub suggestions: Vec<Suggestion>,
    /// Learned words, as a model's: points each adds to the health component.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub words: BTreeMap<String, f64>,
}

/// Everything the pipeline needs from the model files, checked and ordered.
/// Serialisable, so the built-in set can be checked when partake is built and
/// read back at start.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ModelSet {
    pub vocabulary: Vocabulary,
    /// All facts: the vocabulary's and those model files bring.
    pub facts: BTreeMap<String, FactDef>,
    pub models: Vec<Model>,
    pub ideal: Ideal,
    /// Every fact the files name, resolved: what scoring reads, never the names.
    pub refs: References,
    /// A short hash of every model file used, so moved scores can be traced to models.
    pub hash: String,
}

/// A fact, by its place among the model set's facts in the order of their ids (the
/// lexicon numbers them so too). Only [`build`] makes one, once it has checked that
/// the name it stands for is defined (or reads back a set it made): code that holds
/// a `FactId` holds a real fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub struct FactId(u32);

impl FactId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A signal with its fact resolved and its fields as flags, by `TextField as usize`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct SignalRef {
    pub fact: FactId,
    pub weight: f64,
    /// Where the fact counts; the program's name counts wherever the summary does.
    pub fields: [bool; 7],
}

/// An inference rule for one party, its facts resolved.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct RuleRef {
    pub direct: Vec<FactId>,
    pub indirect: Vec<FactId>,
    pub none: Vec<FactId>,
    pub otherwise: Level,
    pub gives: Vec<FactId>,
    pub risks: Vec<FactId>,
    pub field: Option<TextField>,
}

/// A suggestion of the ideal: the text to add, by field, and the facts it fits.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct SuggestionRef {
    pub add: Vec<(TextField, String)>,
    /// Offered only where one of these was found; to every program when empty.
    pub when: Vec<FactId>,
}

/// Every reference the model files make, checked and resolved once by [`build`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct References {
    /// Per model, in column order.
    pub signals: Vec<Vec<SignalRef>>,
    pub same_reason: Vec<SignalRef>,
    pub health: Vec<SignalRef>,
    pub participants: RuleRef,
    pub organization: RuleRef,
    pub others: RuleRef,
    pub network_effect: Vec<FactId>,
    pub platform: Vec<FactId>,
    pub harms: Vec<FactId>,
    pub harms_lifted_by: Vec<FactId>,
    /// The ideal's suggestions, in order, their fields and facts resolved.
    pub suggestions: Vec<SuggestionRef>,
    pub rewards_none: FactId,
    /// By `TextField as usize`; 1 where the vocabulary gives none.
    pub field_weights: [f64; 7],
    /// Every learned word of the models and the ideal, sorted: a word's place here is its index.
    pub words: Vec<String>,
    /// Per model in column order, then the ideal last: (word index, points), by word index.
    pub word_weights: Vec<Vec<(u16, f64)>>,
    pub learned_words: FactId,
    pub one_event: FactId,
}

/// Resolves names the checks in [`build`] have already found defined.
struct Resolver<'a> {
    ids: BTreeMap<&'a str, FactId>,
}

impl Resolver<'_> {
    fn fact(&self, id: &str) -> FactId {
        self.ids[id]
    }
    fn facts(&self, ids: &[String]) -> Vec<FactId> {
        ids.iter().map(|id| self.fact(id)).collect()
    }
    fn signal(&self, s: &Signal) -> SignalRef {
        let mut fields = [s.fields.is_none(); 7];
        for name in s.fields.iter().flatten() {
            fields[TextField::parse(name).expect("fields are checked") as usize] = true;
        }
        fields[TextField::Name as usize] |= fields[TextField::Summary as usize];
        SignalRef { fact: self.fact(&s.fact), weight: s.weight, fields }
    }
    fn signals(&self, signals: &[Signal]) -> Vec<SignalRef> {
        signals.iter().map(|s| self.signal(s)).collect()
    }
    fn rule(&self, r: &LevelRule) -> RuleRef {
        RuleRef {
            direct: self.facts(&r.direct),
            indirect: self.facts(&r.indirect),
            none: self.facts(&r.none),
            otherwise: r.otherwise,
            gives: self.facts(&r.gives),
            risks: self.facts(&r.risks),
            field: r.field.as_deref().map(|f| TextField::parse_list(f).expect("fields are checked")),
        }
    }
}

impl ModelSet {
    pub fn ids(&self) -> Vec<String> {
        self.models.iter().map(|m| m.id.clone()).collect()
    }
    pub fn model(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.id == id)
    }
}

/// One model file, parsed by a loader: what it holds, and the path errors should name.
#[derive(Clone)]
pub struct ModelFile {
    pub path: String,
    pub file_name: String,
    /// The file's text, for the models' hash.
    pub text: String,
    pub builtin: bool,
    pub content: Content,
}

/// What a model file holds, by its `kind`.
#[derive(Clone)]
pub enum Content {
    Vocabulary(Box<Vocabulary>),
    Model(Model),
    Ideal(Box<Ideal>),
}

/// Where a key path such as `["signals", "3", "fact"]` of file `file` (an index into
/// the files given to [`build`]) is: the loader that parsed the file knows.
pub type Locate<'a> = &'a dyn Fn(usize, &[&str]) -> Source;

/// Check model files and put them together: a user's model replaces the built-in of
/// the same id, every fact a signal, rule or suggestion names must exist, every number
/// must be finite. Errors name the file and the key's position.
pub fn build(files: Vec<ModelFile>, locate: Locate) -> Result<ModelSet, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut vocabulary: Option<(Vocabulary, usize)> = None;
    let mut ideal: Option<(Ideal, usize)> = None;
    // (model, file index, built-in position)
    let mut models: Vec<(Model, usize, bool)> = Vec::new();
    for (index, file) in files.iter().enumerate() {
        match &file.content {
            Content::Vocabulary(v) => vocabulary = Some(((**v).clone(), index)),
            Content::Ideal(i) => ideal = Some(((**i).clone(), index)),
            Content::Model(m) => match models.iter_mut().find(|(old, ..)| old.id == m.id) {
                // A user's file replaces the built-in of the same id, in its column.
                Some(slot) => {
                    let builtin = slot.2;
                    *slot = (Model { order: slot.0.order, ..m.clone() }, index, builtin);
                }
                None => models.push((m.clone(), index, file.builtin)),
            },
        }
    }
    let (Some((vocabulary, vocab_file)), Some((ideal, ideal_file))) = (vocabulary, ideal) else {
        return Err(vec![InputError::new(
            ErrorCode::Model,
            Source::file("models"),
            "the models need one `kind: vocabulary` file and one `kind: ideal` file",
        )]);
    };
    models.sort_by(|a, b| {
        let key = |m: &(Model, usize, bool)| (!m.2, if m.2 { m.0.order } else { None }, files[m.1].file_name.clone());
        key(a).cmp(&key(b))
    });

    let mut facts = vocabulary.facts.clone();
    // Which file defines each fact a model brings, for errors.
    let mut fact_files: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (model, index, _) in &models {
        for (id, fact) in &model.facts {
            fact_files.insert(id.as_str(), *index);
            if facts.insert(id.clone(), fact.clone()).is_some() {
                errors.push(InputError::new(
                    ErrorCode::Model,
                    locate(*index, &["facts", id]),
                    format!("fact `{id}` is already defined; give it another name"),
                ));
            }
        }
    }
    let fact_ids: Vec<String> = facts.keys().cloned().collect();
    let fields: Vec<&str> = TextField::all().map(|f| f.name()).collect();
    let check_fact = |file: usize, path: &[&str], id: &str, errors: &mut Vec<InputError>| {
        if !facts.contains_key(id) {
            errors.push(InputError::new(
                ErrorCode::Model,
                locate(file, path),
                crate::text::unknown("fact", id, &fact_ids),
            ));
        }
    };
    for (id, fact) in &facts {
        // A phrase with no word or symbol the text is read for ("#", "₹ #") would match any number.
        let meaningful = |c: char| c.is_alphabetic() || "%$€£¥&+".contains(c);
        for phrase in fact.phrases.iter().filter(|p| !p.chars().any(meaningful)) {
            let file = fact_files.get(id.as_str()).copied().unwrap_or(vocab_file);
            errors.push(InputError::new(
                ErrorCode::Model,
                locate(file, &["facts", id, "phrases"]),
                format!("phrase {phrase:?} of fact `{id}` has no word in it, so it would match any number"),
            ));
        }
        // Determiners are not read ("the code" is "code"), so a phrase of one word and
        // determiners would fire on the lone word wherever it stands.
        for phrase in fact.phrases.iter().filter(|p| !p.contains('…')) {
            if let Some(word) = crate::understand::lone_word(phrase) {
                let file = fact_files.get(id.as_str()).copied().unwrap_or(vocab_file);
                errors.push(InputError::new(
                    ErrorCode::Model,
                    locate(file, &["facts", id, "phrases"]),
                    format!(
                        "phrase {phrase:?} of fact `{id}` is read as {word:?} alone (words like \"the\" and \"their\" \
                         are skipped), so it would match that word anywhere: write the word alone or a longer phrase"
                    ),
                ));
            }
        }
        let file = fact_files.get(id.as_str()).copied().unwrap_or(vocab_file);
        if let Some(neg) = &fact.negated {
            check_fact(file, &["facts", id, "negated"], neg, &mut errors);
        }
        if let Some(large) = &fact.large_share {
            check_fact(file, &["facts", id, "large_share", "fact"], &large.fact, &mut errors);
            if !(large.percent.is_finite() && (0.0..=100.0).contains(&large.percent)) {
                errors.push(InputError::new(
                    ErrorCode::Model,
                    locate(file, &["facts", id, "large_share", "percent"]),
                    format!("`large_share.percent` must be a share from 0 to 100, not {}", large.percent),
                ));
            }
        }
        let rereadings = [("by", &fact.by, &ACTOR_KEYS[..]), ("to", &fact.to, &RECEIVER_KEYS[..])];
        for (key, map, allowed) in rereadings {
            for (party, target) in map {
                if !allowed.contains(&party.as_str()) {
                    errors.push(InputError::new(
                        ErrorCode::Model,
                        locate(file, &["facts", id, key, party]),
                        crate::text::unknown("party", party, allowed),
                    ));
                }
                if let Some(target) = target {
                    check_fact(file, &["facts", id, key, party], target, &mut errors);
                }
            }
        }
    }
    let verdict = &vocabulary.verdict;
    let thresholds = [
        ("saturation", verdict.saturation),
        ("primary", verdict.primary),
        ("primary_with_clear_lead", verdict.primary_with_clear_lead),
        ("clear_lead", verdict.clear_lead),
        ("secondary", verdict.secondary),
        ("hybrid_margin", verdict.hybrid_margin),
    ];
    for (key, value) in thresholds {
        let fits = value.is_finite() && (0.0..=100.0).contains(&value) && (key != "saturation" || value > 0.0);
        if !fits {
            errors.push(InputError::new(
                ErrorCode::Model,
                locate(vocab_file, &["verdict", key]),
                format!("`verdict.{key}` must be a number of points from 0 to 100, not {value}"),
            ));
        }
    }
    check_fact(vocab_file, &["rewards_none"], &vocabulary.rewards_none, &mut errors);
    for declared in [DECLARED_PLATFORM, DECLARED_NETWORK_EFFECT] {
        if !facts.contains_key(declared) {
            errors.push(InputError::new(
                ErrorCode::Model,
                locate(vocab_file, &["facts"]),
                format!("the vocabulary must define the fact `{declared}`: a spec's declaration stands for it"),
            ));
        }
    }
    if !facts.contains_key(LEARNED_WORDS) {
        errors.push(InputError::new(
            ErrorCode::Model,
            locate(vocab_file, &["facts"]),
            format!("the vocabulary must define the fact `{LEARNED_WORDS}`: a learned word found stands for it"),
        ));
    }
    if !facts.contains_key(ONE_EVENT) {
        errors.push(InputError::new(
            ErrorCode::Model,
            locate(vocab_file, &["facts"]),
            format!("the vocabulary must define the fact `{ONE_EVENT}`: one event that serves several parties stands for it"),
        ));
    }
    // A learned word is matched against the words the text is read into: one run of
    // letters, lowercased. Anything else would never be found.
    let word_lists = models.iter().map(|(m, file, _)| (*file, &m.words)).chain([(ideal_file, &ideal.words)]);
    for (file, words) in word_lists {
        for word in words.keys() {
            let readable = !word.is_empty() && word.chars().all(char::is_alphabetic) && word.to_lowercase() == *word;
            if !readable {
                errors.push(InputError::new(
                    ErrorCode::Model,
                    locate(file, &["words", word]),
                    format!("learned word {word:?} must be one word of lowercase letters, as text is read"),
                ));
            }
        }
    }
    for field in vocabulary.field_weights.keys() {
        if !fields.contains(&field.as_str()) {
            errors.push(InputError::new(
                ErrorCode::Model,
                locate(vocab_file, &["field_weights", field]),
                crate::text::unknown("field", field, &fields),
            ));
        }
    }
    for (model, file, _) in &models {
        for (i, signal) in model.signals.iter().enumerate() {
            let i = i.to_string();
            check_fact(*file, &["signals", &i, "fact"], &signal.fact, &mut errors);
            for field in signal.fields.iter().flatten() {
                if !fields.contains(&field.as_str()) {
                    errors.push(InputError::new(
                        ErrorCode::Model,
                        locate(*file, &["signals", &i, "fields"]),
                        crate::text::unknown("field", field, &fields),
                    ));
                }
            }
        }
    }
    // Weights are numbers to add and multiply: NaN or infinity would make every score meaningless.
    let mut finite = |file: usize, path: &[&str], value: f64| {
        if !value.is_finite() {
            errors.push(InputError::new(
                ErrorCode::Model,
                locate(file, path),
                format!("expected a finite number, found {value}"),
            ));
        }
    };
    for (field, weight) in &vocabulary.field_weights {
        finite(vocab_file, &["field_weights", field], *weight);
    }
    for (model, file, _) in &models {
        for (i, signal) in model.signals.iter().enumerate() {
            finite(*file, &["signals", &i.to_string(), "weight"], signal.weight);
        }
    }
    let w = &ideal.weights;
    for (key, value) in [
        ("participant", w.participant),
        ("organization", w.organization),
        ("others", w.others),
        ("same_reason", w.same_reason),
        ("health", w.health),
    ] {
        finite(ideal_file, &["weights", key], value);
    }
    finite(ideal_file, &["cap_when_a_party_gains_nothing"], ideal.cap_when_a_party_gains_nothing);
    finite(ideal_file, &["health", "base"], ideal.health.base);
    for (model, file, _) in &models {
        for (word, weight) in &model.words {
            finite(*file, &["words", word], *weight);
        }
    }
    for (word, weight) in &ideal.words {
        finite(ideal_file, &["words", word], *weight);
    }
    for (i, signal) in ideal.same_reason.iter().enumerate() {
        finite(ideal_file, &["same_reason", &i.to_string(), "weight"], signal.weight);
    }
    for (i, signal) in ideal.health.signals.iter().enumerate() {
        finite(ideal_file, &["health", "signals", &i.to_string(), "weight"], signal.weight);
    }
    let infer = &ideal.infer;
    let rule_lists =
        [("participants", &infer.participants), ("organization", &infer.organization), ("others", &infer.others)];
    for (party, rule) in rule_lists {
        let lists = [
            ("direct", &rule.direct),
            ("indirect", &rule.indirect),
            ("none", &rule.none),
            ("gives", &rule.gives),
            ("risks", &rule.risks),
        ];
        if let Some(field) = rule.field.as_deref().filter(|f| TextField::parse_list(f).is_none()) {
            errors.push(InputError::new(
                ErrorCode::Model,
                locate(ideal_file, &["infer", party, "field"]),
                crate::text::unknown("field", field, &fields),
            ));
        }
        for (level, list) in lists {
            for id in list {
                check_fact(ideal_file, &["infer", party, level], id, &mut errors);
            }
        }
    }
    for id in infer.network_effect.iter().chain(&infer.platform) {
        check_fact(ideal_file, &["infer"], id, &mut errors);
    }
    for id in &ideal.harms {
        check_fact(ideal_file, &["harms"], id, &mut errors);
    }
    for id in &ideal.harms_lifted_by {
        check_fact(ideal_file, &["harms_lifted_by"], id, &mut errors);
    }
    // The ideal's signals, like the models': each names a fact and the fields it counts in.
    let ideal_signals =
        [(&["same_reason"][..], &ideal.same_reason), (&["health", "signals"][..], &ideal.health.signals)];
    for (at, signals) in ideal_signals {
        for (i, signal) in signals.iter().enumerate() {
            let i = i.to_string();
            let path = |key: &'static str| -> Vec<&str> { at.iter().copied().chain([i.as_str(), key]).collect() };
            check_fact(ideal_file, &path("fact"), &signal.fact, &mut errors);
            for field in signal.fields.iter().flatten().filter(|f| !fields.contains(&f.as_str())) {
                errors.push(InputError::new(
                    ErrorCode::Model,
                    locate(ideal_file, &path("fields")),
                    crate::text::unknown("field", field, &fields),
                ));
            }
        }
    }
    for (i, suggestion) in ideal.suggestions.iter().enumerate() {
        let index = i.to_string();
        let at = |key: &str| locate(ideal_file, &["suggestions", &index, key]);
        for field in suggestion.add.keys().filter(|f| TextField::parse_list(f).is_none()) {
            errors.push(InputError::new(ErrorCode::Model, at("add"), crate::text::unknown("field", field, &fields)));
        }
        if suggestion.add.is_empty() {
            errors.push(InputError::new(
                ErrorCode::Model,
                at("advice"),
                "a suggestion needs text to `add`, the change it advises",
            ));
        }
        for id in &suggestion.when {
            check_fact(ideal_file, &["suggestions", &index, "when"], id, &mut errors);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut hasher = Sha256::new();
    let mut used: Vec<usize> = models.iter().map(|m| m.1).collect();
    used.extend([vocab_file, ideal_file]);
    used.sort();
    for index in used {
        hasher.update(files[index].text.as_bytes());
    }
    let digest = hasher.finalize();
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let models: Vec<Model> = models.into_iter().map(|m| m.0).collect();
    let resolve = Resolver { ids: facts.keys().enumerate().map(|(i, id)| (id.as_str(), FactId(i as u32))).collect() };
    let mut field_weights = [1.0; 7];
    for field in TextField::all() {
        if let Some(w) = vocabulary.field_weights.get(field.name()) {
            field_weights[field as usize] = *w;
        }
    }
    let infer = &ideal.infer;
    let word_maps: Vec<&BTreeMap<String, f64>> = models.iter().map(|m| &m.words).chain([&ideal.words]).collect();
    let words: Vec<String> =
        word_maps.iter().flat_map(|m| m.keys().cloned()).collect::<BTreeSet<_>>().into_iter().collect();
    if words.len() >= usize::from(u16::MAX) {
        return Err(vec![InputError::new(
            ErrorCode::Model,
            Source::file("models"),
            format!("the models learn {} words; at most {} are read", words.len(), u16::MAX - 1),
        )]);
    }
    let word_weights = word_maps
        .iter()
        .map(|m| {
            m.iter()
                .filter(|(_, w)| **w != 0.0)
                .map(|(word, w)| (words.binary_search(word).expect("every word is listed") as u16, *w))
                .collect()
        })
        .collect();
    let refs = References {
        signals: models.iter().map(|m| resolve.signals(&m.signals)).collect(),
        same_reason: resolve.signals(&ideal.same_reason),
        health: resolve.signals(&ideal.health.signals),
        participants: resolve.rule(&infer.participants),
        organization: resolve.rule(&infer.organization),
        others: resolve.rule(&infer.others),
        network_effect: resolve.facts(&infer.network_effect),
        platform: resolve.facts(&infer.platform),
        harms: resolve.facts(&ideal.harms),
        harms_lifted_by: resolve.facts(&ideal.harms_lifted_by),
        suggestions: ideal
            .suggestions
            .iter()
            .map(|s| SuggestionRef {
                add: s
                    .add
                    .iter()
                    .map(|(field, text)| (TextField::parse_list(field).expect("fields are checked"), text.clone()))
                    .collect(),
                when: resolve.facts(&s.when),
            })
            .collect(),
        rewards_none: resolve.fact(&vocabulary.rewards_none),
        field_weights,
        words,
        word_weights,
        learned_words: resolve.fact(LEARNED_WORDS),
        one_event: resolve.fact(ONE_EVENT),
    };
    Ok(ModelSet { vocabulary, facts, models, ideal, refs, hash })
}
