//! Score: facts × the models' weighted signals → a score per model, the verdict
//! (primary, secondary, hybrid) and the mutual benefit.
//!
//! Plain functions over plain data: no I/O here.

use crate::models::{FactId, ModelSet, RuleRef, SignalRef, Verdict as VerdictThresholds};
use crate::spec::{Declared, Level, Program, TextField};
use crate::understand::{Hit, Lexicon, Normalized, Understanding};
use smallvec::SmallVec;
use std::sync::Arc;

/// Indices into `Understanding::hits`: the evidence of a fired signal or a resolved
/// value. Most hold four or fewer, so they are kept inline, without an allocation.
pub type Evidence = SmallVec<[usize; 4]>;

/// One signal that fired, and what it contributed.
#[derive(Debug, Clone)]
pub struct Fired {
    pub fact: usize,
    pub weight: f64,
    /// The strongest field weight among the places the fact was found.
    pub field_weight: f64,
    /// Indices into `Understanding::hits`: the evidence.
    pub evidence: Evidence,
}

impl Fired {
    pub fn points(&self) -> f64 {
        self.weight * self.field_weight
    }
}

#[derive(Debug, Clone)]
pub struct ModelScore {
    /// Shared with the engine: every program scores every model.
    pub id: Arc<str>,
    pub score: u8,
    pub raw: f64,
    pub fired: Vec<Fired>,
}

#[derive(Debug, Clone)]
pub struct Verdict {
    pub scores: Vec<ModelScore>,
    /// Indices into `scores`.
    pub primary: Option<usize>,
    pub secondary: Option<usize>,
    pub hybrid: bool,
}

impl Verdict {
    /// Indices of the scores, best first, in the order the verdict was drawn from
    /// (ties go to the raw points, then to column order).
    pub fn ranked(&self) -> Vec<usize> {
        ranked(&self.scores)
    }
}

/// A value the spec declared, or one partake inferred from the text (with the facts that led to it).
#[derive(Debug, Clone)]
pub struct Resolved<T> {
    pub value: T,
    pub inferred: bool,
    /// Declared in the spec, but the text does not bear it out ("claimed, not evidenced"),
    /// or says the opposite: it counts for only `claim_weight` of what evidence would.
    pub claimed: bool,
    /// Inferred from silence: no text spoke to it either way.
    pub silent: bool,
    /// The text says this party gets nothing (and nothing that it gains), whatever the
    /// spec declares: a declared gain is then a claim the text contradicts.
    pub says_none: bool,
    pub line: Option<usize>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone)]
pub struct Components {
    pub participant: f64,
    pub organization: f64,
    pub others: f64,
    pub same_reason: f64,
    pub health: f64,
}

#[derive(Debug, Clone)]
pub struct MutualBenefit {
    pub score: u8,
    pub components: Components,
    /// Set when a party gaining nothing (as the text says) capped the score.
    pub capped: bool,
    /// Set when a harm the text documents kept the score out of the top tier.
    pub harmed: bool,
    pub participants: Resolved<Level>,
    pub organization: Resolved<Level>,
    pub others: Resolved<Level>,
    pub network_effect: Resolved<bool>,
    pub platform: Resolved<bool>,
    pub same_reason: Vec<Fired>,
    pub health: Vec<Fired>,
}

/// What one party gains, gives and risks: indices into `Understanding::hits`.
#[derive(Debug, Clone)]
pub struct Account {
    pub party: &'static str,
    pub gains: Vec<usize>,
    pub gives: Vec<usize>,
    pub risks: Vec<usize>,
}

/// Everything partake concludes about one program.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub program: Program,
    pub understanding: Understanding,
    pub verdict: Verdict,
    pub mutual: MutualBenefit,
    /// False when none of the program's text was recognised (another language? too vague?).
    pub recognised: bool,
    /// Whether `expect` matches the verdict; `None` when the spec has no `expect`.
    pub expect_matches: Option<bool>,
}

impl Assessment {
    pub fn primary_id(&self) -> Option<&str> {
        self.verdict.primary.map(|i| &*self.verdict.scores[i].id)
    }
    pub fn secondary_id(&self) -> Option<&str> {
        self.verdict.secondary.map(|i| &*self.verdict.scores[i].id)
    }
    /// Declared values the text does not bear out ("claimed, not evidenced"), with
    /// the line each was declared on.
    pub fn claimed(&self) -> Vec<(&'static str, Option<usize>)> {
        let m = &self.mutual;
        [
            ("beneficiaries.participants", m.participants.claimed, m.participants.line),
            ("beneficiaries.organization", m.organization.claimed, m.organization.line),
            ("beneficiaries.others", m.others.claimed, m.others.line),
            ("network_effect", m.network_effect.claimed, m.network_effect.line),
            ("platform", m.platform.claimed, m.platform.line),
        ]
        .into_iter()
        .filter(|(_, claimed, _)| *claimed)
        .map(|(name, _, line)| (name, line))
        .collect()
    }

    /// Parties, booleans and levels partake inferred rather than read.
    pub fn inferred(&self) -> Vec<&'static str> {
        let m = &self.mutual;
        [
            ("beneficiaries.participants", m.participants.inferred),
            ("beneficiaries.organization", m.organization.inferred),
            ("beneficiaries.others", m.others.inferred),
            ("network_effect", m.network_effect.inferred),
            ("platform", m.platform.inferred),
        ]
        .into_iter()
        .filter(|(_, inferred)| *inferred)
        .map(|(name, _)| name)
        .collect()
    }
}

/// Field weights say how strongly a phrase speaks for a model; for the ideal's
/// components what counts is that a safeguard or a support desk exists at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldWeights {
    Apply,
    Ignore,
}

/// A signal compiled against the lexicon.
#[derive(Debug, Clone)]
struct CompiledSignal {
    fact: usize,
    weight: f64,
    /// Allowed fields, by `TextField as usize`; declared values always count.
    fields: [bool; 7],
}

/// Facts by id, as a list and as a bitset: whether a hit is of one of them is one
/// load, not a scan of the list.
#[derive(Debug, Clone)]
struct FactSet {
    ids: Vec<usize>,
    bits: Vec<u64>,
}

impl FactSet {
    fn new(ids: Vec<usize>) -> FactSet {
        let mut bits = vec![0u64; ids.iter().max().map_or(0, |&max| max / 64 + 1)];
        for &fact in &ids {
            bits[fact / 64] |= 1 << (fact % 64);
        }
        FactSet { ids, bits }
    }

    fn contains(&self, fact: usize) -> bool {
        self.bits.get(fact / 64).is_some_and(|word| word & (1 << (fact % 64)) != 0)
    }
}

/// An inference rule with its facts resolved to ids, once rather than per program.
#[derive(Debug, Clone)]
struct CompiledRule {
    direct: FactSet,
    indirect: FactSet,
    none: FactSet,
    otherwise: Level,
    gives: Vec<usize>,
    risks: Vec<usize>,
    field: Option<TextField>,
}

#[derive(Debug, Clone)]
struct CompiledInference {
    participants: CompiledRule,
    organization: CompiledRule,
    others: CompiledRule,
    network_effect: FactSet,
    platform: FactSet,
}

/// What was understood of a program, with the facts present as a bitset.
struct Found<'a> {
    understanding: &'a Understanding,
    present: &'a [u64],
    /// By fact present: the index of its first hit; by hit: the index of the next hit
    /// of its fact (`NO_HIT` after the last). A signal walks its own hits in order,
    /// and the lists take one pass over the hits to build, not a sort.
    first_hit: &'a [u32],
    next_hit: &'a [u32],
    /// The learned words found, in order (`Understanding::learned_words`).
    learned_words: &'a [u16],
}

impl Found<'_> {
    fn has(&self, fact: usize) -> bool {
        self.present[fact / 64] & (1 << (fact % 64)) != 0
    }

    /// The indices of the hits of `fact`, in order.
    fn hits_of(&self, fact: usize) -> impl Iterator<Item = usize> + '_ {
        // `first_hit` holds only the facts present; the others' slots are stale.
        let first = if self.has(fact) { self.first_hit[fact] } else { NO_HIT };
        std::iter::successors(Some(first).filter(|&i| i != NO_HIT), |&i| {
            Some(self.next_hit[i as usize]).filter(|&next| next != NO_HIT)
        })
        .map(|index| index as usize)
    }
}

/// The lists of an assessment done with, for the next to fill (`Engine::assess_reusing`):
/// the scores with what fired for each, and what fired for the ideal's same reason
/// and health.
#[derive(Default)]
struct Lists {
    scores: Vec<ModelScore>,
    ideal: [Vec<Fired>; 2],
}

/// After a phrase's last hit of its fact, in `Found::next_hit`.
const NO_HIT: u32 = u32::MAX;

/// The first `len` of `inline` where they fit, else `heap` grown to `len` (each
/// filled with `fill`): per-program scratch that is almost always on the stack.
fn stack_or_heap<'a, T: Copy, const N: usize>(
    inline: &'a mut [T; N],
    heap: &'a mut Vec<T>,
    len: usize,
    fill: T,
) -> &'a mut [T] {
    match len <= N {
        true => &mut inline[..len],
        false => {
            heap.resize(len, fill);
            heap
        }
    }
}

/// The models, compiled once, ready to assess any number of programs.
#[derive(Debug, Clone)]
pub struct Engine {
    pub models: ModelSet,
    pub lexicon: Lexicon,
    /// The models' ids, in column order.
    ids: Vec<Arc<str>>,
    field_weights: [f64; 7],
    signals: Vec<Vec<CompiledSignal>>,
    same_reason: Vec<CompiledSignal>,
    health: Vec<CompiledSignal>,
    infer: CompiledInference,
    /// The facts that document a harm: any of them keeps the ideal out of the top tier.
    harms: Vec<usize>,
    harms_lifted_by: Vec<usize>,
    /// The fact a learned word stands for, and per model (then the ideal, last) the
    /// points of each learned word, by its index.
    learned_words: usize,
    word_points: Vec<Vec<f64>>,
    /// By learned word: the tables it weighs in (in order) with its points, so that
    /// the models' sums take one pass over the words found, not one a model.
    word_tables: Vec<Vec<(usize, f64)>>,
    /// By fact: a bit for each of the ideal's fact sets that holds it (`ideal_sets`
    /// order: each party's direct, indirect and none, then network effect, platform).
    ideal_sets: Vec<u16>,
}

/// How many fact sets the ideal's inference reads (`Engine::ideal_sets`).
const IDEAL_SETS: usize = 11;

impl Engine {
    pub fn new(models: ModelSet) -> Engine {
        let lexicon = Lexicon::new(&models);
        Engine::with_lexicon(models, lexicon)
    }

    /// An engine from a model set and its lexicon compiled before (`Lexicon::new`
    /// of the same set), as the built-in models' is when partake is built.
    pub fn with_lexicon(models: ModelSet, lexicon: Lexicon) -> Engine {
        // The model files' references come resolved (`models::build`); the lexicon
        // numbers facts in the same order, so a `FactId`'s index is the lexicon's.
        assert!(lexicon.facts.iter().eq(models.facts.keys()), "a lexicon compiled from another model set");
        let refs = &models.refs;
        let compile = |signals: &[SignalRef]| -> Vec<CompiledSignal> {
            signals
                .iter()
                .map(|s| CompiledSignal { fact: s.fact.index(), weight: s.weight, fields: s.fields })
                .collect()
        };
        let ids = |facts: &[FactId]| -> Vec<usize> { facts.iter().map(|f| f.index()).collect() };
        let rule = |r: &RuleRef| CompiledRule {
            direct: FactSet::new(ids(&r.direct)),
            indirect: FactSet::new(ids(&r.indirect)),
            none: FactSet::new(ids(&r.none)),
            otherwise: r.otherwise,
            gives: ids(&r.gives),
            risks: ids(&r.risks),
            field: r.field,
        };
        let infer = CompiledInference {
            participants: rule(&refs.participants),
            organization: rule(&refs.organization),
            others: rule(&refs.others),
            network_effect: FactSet::new(ids(&refs.network_effect)),
            platform: FactSet::new(ids(&refs.platform)),
        };
        let word_points: Vec<Vec<f64>> = refs
            .word_weights
            .iter()
            .map(|weights| {
                let mut dense = vec![0.0; refs.words.len()];
                for &(word, points) in weights {
                    dense[usize::from(word)] = points;
                }
                dense
            })
            .collect();
        let word_tables = (0..refs.words.len())
            .map(|word| {
                let tables = word_points.iter().enumerate();
                tables.filter_map(|(table, points)| Some((table, points[word])).filter(|(_, p)| *p != 0.0)).collect()
            })
            .collect();
        let mut ideal_sets = vec![0u16; lexicon.facts.len()];
        let rules = [&infer.participants, &infer.organization, &infer.others];
        let sets = rules.iter().flat_map(|r| [&r.direct, &r.indirect, &r.none]);
        for (bit, set) in sets.chain([&infer.network_effect, &infer.platform]).enumerate() {
            for &fact in &set.ids {
                ideal_sets[fact] |= 1 << bit;
            }
        }
        Engine {
            ids: models.models.iter().map(|m| Arc::from(m.id.as_str())).collect(),
            field_weights: refs.field_weights,
            signals: refs.signals.iter().map(|s| compile(s)).collect(),
            same_reason: compile(&refs.same_reason),
            health: compile(&refs.health),
            infer,
            harms: ids(&refs.harms),
            harms_lifted_by: ids(&refs.harms_lifted_by),
            learned_words: refs.learned_words.index(),
            word_points,
            word_tables,
            ideal_sets,
            lexicon,
            models,
        }
    }

    /// Understand and score one program.
    pub fn assess(&self, program: Program, scratch: &mut Normalized) -> Assessment {
        self.assess_with(program, scratch, true)
    }

    /// As `assess`; without `phrases` the evidence keeps no text (for reports that print none).
    pub fn assess_with(&self, program: Program, scratch: &mut Normalized, phrases: bool) -> Assessment {
        self.assess_reusing(program, scratch, phrases, None)
    }

    /// As `assess_with`, filling the lists of an assessment done with (its hits, its
    /// scores and what fired for each) instead of new ones: a batch that hands each
    /// assessment back allocates next to nothing a row once warm.
    pub fn assess_reusing(
        &self,
        program: Program,
        scratch: &mut Normalized,
        phrases: bool,
        spare: Option<Assessment>,
    ) -> Assessment {
        let (understanding, lists) = match spare {
            Some(spare) => {
                let mutual = spare.mutual;
                (
                    spare.understanding,
                    Lists { scores: spare.verdict.scores, ideal: [mutual.same_reason, mutual.health] },
                )
            }
            None => (Understanding::default(), Lists::default()),
        };
        let understanding = self.lexicon.understand_into(&program, scratch, phrases, understanding);
        self.assess_understood_into(program, understanding, lists)
    }

    pub fn assess_understood(&self, program: Program, understanding: Understanding) -> Assessment {
        self.assess_understood_into(program, understanding, Lists::default())
    }

    /// As `assess_understood`, with the lists of an assessment done with to fill.
    fn assess_understood_into(&self, program: Program, mut understanding: Understanding, lists: Lists) -> Assessment {
        let Lists { mut scores, ideal } = lists;
        self.set_aside_unevidenced_claims(&mut understanding);
        // Recognised means a phrase was read: learned words weigh between the models,
        // they do not make text that says nothing partake can read say something.
        let recognised = understanding.language.is_none()
            && understanding.phrase_hits().iter().chain(&understanding.ignored).any(|h| h.field.is_some());
        let thresholds = &self.models.vocabulary.verdict;
        // Most signals name a fact that was not found: a bitset of the facts present
        // rules them out at once. Built once per program, on the stack for up to 256 facts.
        let words = self.lexicon.facts.len().div_ceil(64);
        let (mut inline, mut heap) = ([0u64; 4], Vec::new());
        let present: &mut [u64] = stack_or_heap(&mut inline, &mut heap, words, 0);
        // Each fact's hits as a list through them, so a signal finds its own without a
        // scan of them all (on the stack for up to 256 facts and 64 hits, which is
        // nearly every program). Built back to front, so each list runs in order.
        let phrases = understanding.phrase_hits();
        let (mut inline, mut heap) = ([NO_HIT; 256], Vec::new());
        let first_hit: &mut [u32] = stack_or_heap(&mut inline, &mut heap, self.lexicon.facts.len(), NO_HIT);
        let (mut inline, mut heap) = ([NO_HIT; 64], Vec::new());
        let next_hit: &mut [u32] = stack_or_heap(&mut inline, &mut heap, phrases.len(), NO_HIT);
        for (index, hit) in phrases.iter().enumerate().rev() {
            let (slot, bit) = (hit.fact / 64, 1 << (hit.fact % 64));
            if present[slot] & bit != 0 {
                next_hit[index] = first_hit[hit.fact];
            }
            present[slot] |= bit;
            first_hit[hit.fact] = index as u32;
        }
        let found = Found {
            understanding: &understanding,
            present,
            first_hit,
            next_hit,
            learned_words: &understanding.learned_words,
        };
        // A spare list of scores is this engine's, in its models' order, ids and all.
        if scores.len() != self.ids.len() || scores.iter().zip(&self.ids).any(|(s, id)| !Arc::ptr_eq(&s.id, id)) {
            scores.clear();
            scores.extend(self.ids.iter().map(|id| ModelScore {
                id: id.clone(),
                score: 0,
                raw: 0.0,
                fired: Vec::new(),
            }));
        }
        for (score, signals) in scores.iter_mut().zip(&self.signals) {
            self.fire_into(signals, &found, FieldWeights::Apply, &mut score.fired);
            score.raw = score.fired.iter().map(Fired::points).sum();
        }
        // The learned words' points, added to each model's in the order found (as
        // `fire_words` adds them), and as one signal a model (their sum).
        let mut words: SmallVec<[(f64, bool); 8]> = SmallVec::from_elem((0.0, false), scores.len());
        for &word in found.learned_words {
            for &(table, points) in self.word_tables.get(usize::from(word)).map_or(&[][..], Vec::as_slice) {
                if let (Some(score), Some(sum)) = (scores.get_mut(table), words.get_mut(table)) {
                    score.raw += points;
                    *sum = (sum.0 + points, true);
                }
            }
        }
        for (score, &(sum, any)) in scores.iter_mut().zip(&words) {
            if any {
                let learned =
                    Fired { fact: self.learned_words, weight: sum, field_weight: 1.0, evidence: Evidence::new() };
                score.fired.push(learned);
            }
            score.score = saturate(score.raw, thresholds.saturation);
        }
        let verdict = verdict(scores, recognised, thresholds);
        let mutual = self.mutual_benefit(&program, &found, ideal);
        let expect_matches = program.expect.as_ref().map(|e| expect_matches(&verdict, &e.value));
        Assessment { program, understanding, verdict, mutual, recognised, expect_matches }
    }

    /// A declared `platform: true` or `network_effect: true` that no phrase of the text
    /// bears out is a claim: it weighs nothing toward a model (flipping a flag must not
    /// change a verdict), and stays in `ignored` for explanations.
    fn set_aside_unevidenced_claims(&self, understanding: &mut Understanding) {
        let claims = [&self.infer.platform, &self.infer.network_effect];
        for facts in claims {
            let declared = |h: &Hit| h.field.is_none() && facts.contains(h.fact);
            let evidenced = |h: &Hit| h.field.is_some() && facts.contains(h.fact);
            if !understanding.hits.iter().any(declared) || understanding.hits.iter().any(evidenced) {
                continue;
            }
            let (claimed, kept): (Vec<Hit>, Vec<Hit>) =
                understanding.hits.drain(..).partition(|h| h.field.is_none() && facts.contains(h.fact));
            understanding.hits = kept;
            understanding.ignored.extend(claimed);
        }
    }

    /// The signals that fire, into `fired` (emptied first).
    fn fire_into(&self, signals: &[CompiledSignal], found: &Found, weights: FieldWeights, fired: &mut Vec<Fired>) {
        // A list handed back from an earlier row has room enough, mostly: it is not
        // sized first, which took a pass over the signals of its own.
        fired.clear();
        for signal in signals {
            if !found.has(signal.fact) {
                continue;
            }
            let mut best: Option<Fired> = None;
            for index in found.hits_of(signal.fact) {
                let hit = &found.understanding.hits[index];
                let field_weight = match hit.field {
                    Some(field) if !signal.fields[field as usize] => continue,
                    Some(field) if weights == FieldWeights::Apply => self.field_weights[field as usize],
                    _ => 1.0,
                };
                let entry = best.get_or_insert(Fired {
                    fact: signal.fact,
                    weight: signal.weight,
                    field_weight,
                    evidence: Evidence::new(),
                });
                entry.field_weight = entry.field_weight.max(field_weight);
                entry.evidence.push(index);
            }
            fired.extend(best);
        }
    }

    /// The learned words found that weigh for `table` (a model's index, or the
    /// ideal's after them), as one signal: their points together, without evidence
    /// (`signals_shown` lists each word). One signal, not one a word: scoring needs
    /// only the sum. Returns `points` (the phrases' sum) with each word's added in
    /// turn, the order every sum of them is taken in, so ties between models break
    /// the same way however the words are shown.
    fn fire_words(&self, table: usize, found: &Found, fired: &mut Vec<Fired>, points: f64) -> f64 {
        let (mut total, mut sum, mut any) = (points, 0.0, false);
        let points_of = self.word_points.get(table).map_or(&[][..], Vec::as_slice);
        for &word in found.learned_words {
            if let Some(&weight) = points_of.get(usize::from(word)).filter(|w| **w != 0.0) {
                (total, sum, any) = (total + weight, sum + weight, true);
            }
        }
        if any {
            fired.push(Fired { fact: self.learned_words, weight: sum, field_weight: 1.0, evidence: Evidence::new() });
        }
        total
    }

    /// The signals of `table` (a model's index, or `ideal_table` for the ideal's
    /// health) as a reader sees them: the learned words' one signal becomes one for
    /// each word found, with its points and where it stands, in the order found.
    pub fn signals_shown(&self, table: usize, fired: &[Fired], understanding: &Understanding) -> Vec<Fired> {
        let mut shown = Vec::with_capacity(fired.len() + understanding.learned);
        for f in fired {
            if f.fact != self.learned_words {
                shown.push(f.clone());
                continue;
            }
            for (index, hit) in understanding.hits.iter().enumerate().skip(understanding.first_learned()) {
                if let Some(weight) = self.word_weight(table, hit) {
                    let mut evidence = Evidence::new();
                    evidence.push(index);
                    shown.push(Fired { fact: self.learned_words, weight, field_weight: 1.0, evidence });
                }
            }
        }
        shown
    }

    /// The points a learned word's hit weighs in `table`, unless none.
    fn word_weight(&self, table: usize, hit: &Hit) -> Option<f64> {
        let word = usize::from(hit.word?);
        self.word_points.get(table)?.get(word).copied().filter(|w| *w != 0.0)
    }

    /// The table of the ideal's learned words, for `signals_shown` (of its health
    /// signals; its same-reason signals hold no learned words, so any table does).
    pub fn ideal_table(&self) -> usize {
        self.ids.len()
    }

    /// The ideal's score; `fired` are two lists to fill with the signals of the same
    /// reason and of health.
    fn mutual_benefit(&self, program: &Program, found: &Found, fired: [Vec<Fired>; 2]) -> MutualBenefit {
        let [mut same_reason_fired, mut health_fired] = fired;
        let ideal = &self.models.ideal;
        let infer = &self.infer;
        let claim = ideal.claim_weight;
        // A party's level and what it is worth (0–100). The author may declare any
        // level the text gives some sign of; one declared where the text shows this
        // party nothing at all is a claim, discounted toward what the text shows.
        // The hits of each of the ideal's fact sets (`Engine::ideal_sets` order), in the order
        // found: one pass over the hits for all of them.
        let mut sets: [Evidence; IDEAL_SETS] = Default::default();
        for (index, hit) in found.understanding.phrase_hits().iter().enumerate() {
            let mut bits = self.ideal_sets.get(hit.fact).copied().unwrap_or(0);
            while bits != 0 {
                sets[bits.trailing_zeros() as usize].push(index);
                bits &= bits - 1;
            }
        }
        let [p_direct, p_indirect, p_none, o_direct, o_indirect, o_none, x_direct, x_indirect, x_none, network, platform] =
            sets;
        let party = |declared: &Option<Declared<Level>>,
                     rule: &CompiledRule,
                     (direct, indirect, none): (Evidence, Evidence, Evidence)|
         -> (Resolved<Level>, f64) {
            // A benefit beside a "gets nothing" (a perk next to `rewards: none`) is a partial one.
            let (value, evidence) = match (direct.is_empty(), indirect.is_empty(), none.is_empty()) {
                (false, _, true) => (Level::Direct, direct),
                (false, _, false) => (Level::Indirect, direct.into_iter().chain(none).collect()),
                (true, false, _) => (Level::Indirect, indirect),
                (true, true, false) => (Level::None, none),
                (true, true, true) => (rule.otherwise, Evidence::new()),
            };
            // The field that holds what this party receives (`rewards`) speaks for it too.
            let in_own_field = |h: &Hit| {
                rule.field.is_some_and(|f| h.field == Some(f))
                    && !rule.none.contains(h.fact)
                    && !rule.risks.contains(&h.fact)
            };
            let silent = evidence.is_empty() && !found.understanding.phrase_hits().iter().any(in_own_field);
            // The text says this party gets nothing: a declared gain contradicts it.
            let says_none = value == Level::None && !evidence.is_empty();
            match declared {
                Some(d) => {
                    let claimed = (silent || says_none) && d.value != Level::None;
                    let gap = (d.value.weight() - value.weight()).max(0.0);
                    let worth = if claimed { value.weight() + gap * claim } else { d.value.weight() };
                    let resolved = Resolved {
                        value: d.value,
                        inferred: false,
                        claimed,
                        silent: false,
                        says_none,
                        line: d.line,
                        evidence,
                    };
                    (resolved, 100.0 * worth)
                }
                None => {
                    let resolved =
                        Resolved { value, inferred: true, claimed: false, silent, says_none, line: None, evidence };
                    (resolved, 100.0 * value.weight())
                }
            }
        };
        let flag = |declared: &Option<Declared<bool>>, evidence: Evidence| -> Resolved<bool> {
            match declared {
                Some(d) => Resolved {
                    value: d.value,
                    inferred: false,
                    claimed: d.value && evidence.is_empty(),
                    silent: false,
                    says_none: false,
                    line: d.line,
                    evidence,
                },
                None => Resolved {
                    value: !evidence.is_empty(),
                    inferred: true,
                    claimed: false,
                    silent: evidence.is_empty(),
                    says_none: false,
                    line: None,
                    evidence,
                },
            }
        };
        let b = &program.beneficiaries;
        let (participants, participant_worth) =
            party(&b.participants, &infer.participants, (p_direct, p_indirect, p_none));
        let (organization, organization_worth) =
            party(&b.organization, &infer.organization, (o_direct, o_indirect, o_none));
        let (others, others_worth) = party(&b.others, &infer.others, (x_direct, x_indirect, x_none));
        let network_effect = flag(&program.network_effect, network);
        let platform = flag(&program.platform, platform);

        self.fire_into(&self.same_reason, found, FieldWeights::Ignore, &mut same_reason_fired);
        let shared = same_reason_fired.iter().map(Fired::points).fold(0.0, f64::max).clamp(0.0, 100.0);
        let same_reason = match (network_effect.value, network_effect.claimed) {
            (true, false) => 100.0,
            (true, true) => shared.max(100.0 * claim),
            (false, _) => shared,
        };
        self.fire_into(&self.health, found, FieldWeights::Ignore, &mut health_fired);
        let health_points = health_fired.iter().map(Fired::points).sum();
        let health_points = self.fire_words(self.ids.len(), found, &mut health_fired, health_points);
        // Every signal moves health, with diminishing returns toward 0 and 100.
        let health = (ideal.health.base + (100.0 - ideal.health.base) * (health_points / ideal.health.spread).tanh())
            .clamp(0.0, 100.0);
        let components = Components {
            participant: participant_worth,
            organization: organization_worth,
            others: others_worth,
            same_reason,
            health,
        };
        let w = &ideal.weights;
        let total = w.participant + w.organization + w.others + w.same_reason + w.health;
        let weighted = w.participant * components.participant
            + w.organization * components.organization
            + w.others * components.others
            + w.same_reason * components.same_reason
            + w.health * components.health;
        let mut score = if total > 0.0 { weighted / total } else { 0.0 };
        // Only what the text says caps: a party that is merely not mentioned is unknown.
        // A gain declared against the text's "gets nothing" is a claim: the text caps.
        let gains_nothing = |r: &Resolved<Level>| r.says_none || (r.value == Level::None && !r.silent && !r.claimed);
        let someone_gains_nothing = [&participants, &organization, &others].into_iter().any(gains_nothing);
        let capped = someone_gains_nothing && score > ideal.cap_when_a_party_gains_nothing;
        if capped {
            score = ideal.cap_when_a_party_gains_nothing;
        }
        // A protection answers a harm where the spec offers it to participants: in its
        // safeguards, its support or what they receive; in the summary only when the spec
        // lists no safeguards of its own (a terse row). Elsewhere a word like "verified" or
        // "moderation" describes who takes part or what they give, and answers nothing.
        let listed_safeguards = !program.items(TextField::Safeguards).is_empty();
        let protects = |index: usize| match found.understanding.hits[index].field {
            Some(TextField::Safeguards | TextField::Support | TextField::Rewards) | None => true,
            Some(TextField::Summary | TextField::Name) => !listed_safeguards,
            Some(TextField::Participants | TextField::Contributions) => false,
        };
        let lifts = self.harms_lifted_by.iter().filter(|&&f| found.hits_of(f).any(protects)).count();
        let harms = health_fired.iter().filter(|f| self.harms.contains(&f.fact)).count().saturating_sub(lifts);
        let harm_cap = ideal.cap_when_harmed - ideal.cap_per_further_harm * harms.saturating_sub(1) as f64;
        let harmed = harms > 0 && score > harm_cap;
        if harmed {
            score = harm_cap.max(0.0);
        }
        MutualBenefit {
            score: score.round().clamp(0.0, 100.0) as u8,
            components,
            capped,
            harmed,
            participants,
            organization,
            others,
            network_effect,
            platform,
            same_reason: same_reason_fired,
            health: health_fired,
        }
    }

    /// What each party gains, gives and risks, as the text shows it: indices into
    /// the hits, by the ideal's rules. For explanations, not for scoring.
    pub fn accounts(&self, a: &Assessment) -> [Account; 3] {
        // The same words read as two facts ("early access": a perk and a tangible
        // benefit) are one piece of evidence for the party.
        let of = |facts: &[usize]| -> Vec<usize> {
            let hits = &a.understanding.hits;
            let mut shown: Vec<usize> = Vec::new();
            for (i, h) in hits.iter().enumerate().filter(|(_, h)| facts.contains(&h.fact)) {
                let same = |&j: &usize| (hits[j].field, hits[j].item, &hits[j].phrase) == (h.field, h.item, &h.phrase);
                if !shown.iter().any(same) {
                    shown.push(i);
                }
            }
            shown
        };
        let account = |party: &'static str, rule: &CompiledRule| Account {
            party,
            gains: of(&[rule.direct.ids.as_slice(), rule.indirect.ids.as_slice()].concat()),
            gives: of(&rule.gives),
            risks: of(&[rule.risks.as_slice(), rule.none.ids.as_slice()].concat()),
        };
        [
            account("participants", &self.infer.participants),
            account("organization", &self.infer.organization),
            account("others", &self.infer.others),
        ]
    }
}

fn saturate(raw: f64, saturation: f64) -> u8 {
    if raw <= 0.0 {
        0
    } else {
        (100.0 * (1.0 - (-raw / saturation).exp())).round().clamp(0.0, 100.0) as u8
    }
}

/// Indices of `scores`, best first: the highest score; on a tie, the raw points, then column order.
fn ranked(scores: &[ModelScore]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| ranking(scores, a, b));
    order
}

/// Whether `scores[a]` ranks before `scores[b]`, in the order of [`ranked`].
fn ranks_before(scores: &[ModelScore], a: usize, b: usize) -> bool {
    ranking(scores, a, b) == std::cmp::Ordering::Less
}

fn ranking(scores: &[ModelScore], a: usize, b: usize) -> std::cmp::Ordering {
    scores[b].score.cmp(&scores[a].score).then(scores[b].raw.total_cmp(&scores[a].raw)).then(a.cmp(&b))
}

/// The first two of [`ranked`], in one pass and without a list: a verdict needs no more.
fn best_two(scores: &[ModelScore]) -> (Option<usize>, Option<usize>) {
    let (mut best, mut runner_up): (Option<usize>, Option<usize>) = (None, None);
    for i in 0..scores.len() {
        if best.is_none_or(|b| ranks_before(scores, i, b)) {
            (best, runner_up) = (Some(i), best);
        } else if runner_up.is_none_or(|r| ranks_before(scores, i, r)) {
            runner_up = Some(i);
        }
    }
    (best, runner_up)
}

fn verdict(scores: Vec<ModelScore>, recognised: bool, thresholds: &VerdictThresholds) -> Verdict {
    let score = |i: Option<usize>| i.map_or(0.0, |i| f64::from(scores[i].score));
    let (best, runner_up) = best_two(&scores);
    let fits = score(best) >= thresholds.primary
        || (score(best) >= thresholds.primary_with_clear_lead
            && score(best) - score(runner_up) >= thresholds.clear_lead);
    let primary = best.filter(|_| recognised && fits);
    let secondary = runner_up.filter(|&i| primary.is_some() && f64::from(scores[i].score) >= thresholds.secondary);
    let hybrid = match (primary, secondary) {
        (Some(p), Some(s)) => f64::from(scores[p].score - scores[s].score) <= thresholds.hybrid_margin,
        _ => false,
    };
    Verdict { scores, primary, secondary, hybrid }
}

fn expect_matches(verdict: &Verdict, expected: &str) -> bool {
    let is = |i: Option<usize>| i.is_some_and(|i| *verdict.scores[i].id == *expected);
    is(verdict.primary) || (verdict.hybrid && is(verdict.secondary))
}
