//! Understand: the text of each field → recognised facts, with evidence.
//!
//! Every word of the text that is an inflection of a vocabulary word ("referrals",
//! "referred") is read as that word ("refer"), and all phrases go into one
//! Aho-Corasick automaton, so reading a field is one normalising pass and one
//! scan, however many phrases the models define. A phrase preceded by a negator in the same
//! clause ("no commission", "without pay") counts as the fact its vocabulary entry
//! names under `negated`, or not at all.

use crate::models::{FactDef, ModelSet};
use crate::spec::{Program, TextField};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

/// The facts a spec's explicit `platform: true` and `network_effect: true` stand for,
/// so models can weigh a declaration like any phrase (the vocabulary defines them).
pub const DECLARED_PLATFORM: &str = "platform_declared";
pub const DECLARED_NETWORK_EFFECT: &str = "network_effect_declared";

/// A fact found in a program's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into `Lexicon::facts`.
    pub fact: usize,
    /// The field it was read in; `None` for a value the spec declares (`platform: true`).
    pub field: Option<TextField>,
    /// Which item of the field (0 for the summary).
    pub item: usize,
    /// The evidence: the phrase as the author wrote it (negator included).
    pub phrase: String,
    pub line: Option<usize>,
    /// The fact the phrase names, when a negator turned it into `fact`.
    pub negated_from: Option<usize>,
}

/// What the classifier made of one program.
#[derive(Debug, Clone, Default)]
pub struct Understanding {
    pub hits: Vec<Hit>,
    /// Items in which no phrase was recognised: (field, item index).
    pub unrecognised: Vec<(TextField, usize)>,
    /// Negated phrases with nothing to stand for; shown in explanations, scored as nothing.
    pub ignored: Vec<Hit>,
}

impl Understanding {
    pub fn has(&self, fact: usize) -> bool {
        self.hits.iter().any(|h| h.fact == fact)
    }
}

/// The compiled vocabulary of a model set.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub facts: Vec<String>,
    negated_as: Vec<Option<usize>>,
    automaton: AhoCorasick,
    /// The fact of each pattern.
    patterns: Vec<usize>,
    negators: rustc_hash::FxHashSet<String>,
    window: usize,
    rewards_none: usize,
    ids: HashMap<String, usize>,
    canon: Canon,
}

/// Maps each inflected form of a vocabulary word to that word ("referrals" → "refer").
pub type Canon = HashMap<String, String>;

/// Normalised text: lowercase words separated by single spaces, `|` between clauses,
/// padded with a space at each end, every inflected form of a vocabulary word
/// replaced by the word itself; `origin[i]` is the byte in the source text that
/// byte `i` came from, so a match maps back to the author's own words.
#[derive(Default)]
pub struct Normalized {
    text: String,
    origin: Vec<usize>,
    /// Reused between items: the phrase matches of the item being read.
    matches: Vec<(usize, usize, usize)>,
    /// Where the word being written started, in `text`.
    word_start: Option<usize>,
}

impl Normalized {
    pub fn fill(&mut self, source: &str, canon: &Canon) {
        self.text.clear();
        self.origin.clear();
        self.word_start = None;
        self.push(' ', 0);
        let mut chars = source.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c.is_ascii_alphabetic() {
                // Most text is ASCII: one byte in, one byte out.
                self.word_start.get_or_insert(self.text.len());
                self.text.push(c.to_ascii_lowercase());
                self.origin.push(at);
            } else if c.is_alphabetic() {
                self.word_start.get_or_insert(self.text.len());
                for lower in c.to_lowercase() {
                    self.push(lower, at);
                }
            } else if c == '\'' || c == '’' {
                // "don't" → "dont", "friend's" → "friends": one word either way.
            } else if c.is_ascii_digit() || c == '#' {
                // A number of any length is one word, `#` (which phrases use for "any
                // number"): "10%" and "5 %" read alike.
                while let Some(&(_, d)) = chars.peek() {
                    let inner_separator = (d == ',' || d == '.') && {
                        let mut ahead = chars.clone();
                        ahead.next();
                        matches!(ahead.peek(), Some((_, n)) if n.is_ascii_digit())
                    };
                    if !(d.is_ascii_digit() || inner_separator) {
                        break;
                    }
                    chars.next();
                }
                self.word('#', at, canon);
            } else if matches!(c, '%' | '$' | '€' | '£' | '¥' | '&' | '+') {
                self.word(c, at, canon);
            } else if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '\n' | '/' | '—' | '–') {
                self.clause(at, canon);
            } else {
                self.space(at, canon);
            }
        }
        self.space(source.len(), canon);
    }

    /// The source text behind normalised bytes `start..end`.
    fn original(&self, source: &str, start: usize, end: usize) -> String {
        let from = self.origin[start];
        let last = self.origin[end.saturating_sub(1).max(start)];
        let to = last + source[last..].chars().next().map_or(0, char::len_utf8);
        source[from..to.max(from)].to_string()
    }

    fn push(&mut self, c: char, at: usize) {
        let before = self.text.len();
        self.text.push(c);
        self.origin.extend(std::iter::repeat_n(at, self.text.len() - before));
    }

    /// Replace the word just written by its vocabulary form, keeping where it came from;
    /// drop it if it is a filler.
    fn end_word(&mut self, canon: &Canon) {
        let Some(start) = self.word_start.take() else { return };
        if FILLERS.contains(&&self.text[start..]) {
            self.text.truncate(start);
            self.origin.truncate(start);
        } else if let Some(base) = canon.get(&self.text[start..]) {
            let (first, last) = (self.origin[start], self.origin[self.origin.len() - 1]);
            self.text.truncate(start);
            self.origin.truncate(start);
            self.text.push_str(base);
            self.origin.resize(self.text.len(), first);
            // The last byte keeps the last source character, so evidence spans the whole word.
            *self.origin.last_mut().expect("a base word is never empty") = last;
        }
    }
    fn space(&mut self, at: usize, canon: &Canon) {
        self.end_word(canon);
        if !self.text.ends_with(' ') {
            self.push(' ', at);
        }
    }
    fn word(&mut self, c: char, at: usize, canon: &Canon) {
        self.space(at, canon);
        self.push(c, at);
        self.space(at, canon);
    }
    fn clause(&mut self, at: usize, canon: &Canon) {
        self.end_word(canon);
        if !self.text.ends_with(" | ") {
            self.space(at, canon);
            self.push('|', at);
            self.push(' ', at);
        }
    }
}

/// Words that never change what a phrase means, dropped from text and phrases alike
/// so "refer a friend" also reads "refer your friends" and "refer friends".
const FILLERS: &[&str] = &["a", "an", "the", "your", "their", "our", "his", "her", "its", "my", "any", "some"];

const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "for", "on", "in", "at", "by", "and", "or", "with", "per", "from", "your", "their",
    "our", "its", "his", "her", "my", "as", "is", "are", "be", "it", "they", "we", "you", "each", "every", "all",
    "any", "who", "that", "this", "into", "up", "out", "off", "#", "%", "$", "€", "£", "&",
];

/// The forms a word takes in running text. Over-generation is harmless (nonsense
/// forms never occur); irregular forms ("paid", "sold") belong in the vocabulary.
pub fn inflections(word: &str) -> Vec<String> {
    let mut forms: Vec<String> = spellings(word).iter().flat_map(|w| regular_forms(w)).collect();
    forms.sort();
    forms.dedup();
    forms
}

/// British and American spellings of a word: center/centre, organize/organise,
/// labor/labour, program/programme.
fn spellings(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let swaps =
        [("ter", "tre"), ("ize", "ise"), ("yze", "yse"), ("ization", "isation"), ("or", "our"), ("gram", "gramme")];
    for (american, british) in swaps {
        if let Some(stem) = word.strip_suffix(american) {
            out.push(format!("{stem}{british}"));
        }
        if let Some(stem) = word.strip_suffix(british) {
            out.push(format!("{stem}{american}"));
        }
    }
    out
}

fn regular_forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    if word.chars().count() < 3 || STOP_WORDS.contains(&word) || !word.chars().all(char::is_alphabetic) {
        return forms;
    }
    const SUFFIXES: &[&str] =
        &["s", "es", "ed", "d", "ing", "er", "ers", "or", "ors", "al", "als", "ion", "ions", "ment", "ments", "ly"];
    let mut stems = vec![word.to_string()];
    let bytes = word.as_bytes();
    let n = bytes.len();
    let is_vowel = |b: u8| b"aeiou".contains(&b);
    // "pledge" → "pledging", "pledged"; but "fee" → "feed" is another word.
    let double_e = word.ends_with("ee");
    if let Some(stem) = word.strip_suffix('e').filter(|_| !double_e) {
        stems.push(stem.to_string());
    }
    let suffixes: Vec<&str> = SUFFIXES.iter().copied().filter(|s| *s != "d" || !double_e).collect();
    if let Some(stem) = word.strip_suffix('y') {
        if n > 1 && !is_vowel(bytes[n - 2]) {
            stems.push(format!("{stem}i")); // apply → applies, applied
        }
    }
    if n >= 3
        && !is_vowel(bytes[n - 1])
        && is_vowel(bytes[n - 2])
        && !is_vowel(bytes[n - 3])
        && !b"wxy".contains(&bytes[n - 1])
    {
        stems.push(format!("{word}{}", bytes[n - 1] as char)); // refer → referral, ship → shipped
    }
    for stem in &stems {
        for suffix in &suffixes {
            forms.push(format!("{stem}{suffix}"));
        }
    }
    forms
}

/// The words of a phrase, normalised (no inflection).
fn phrase_words(phrase: &str) -> Vec<String> {
    let mut normalized = Normalized::default();
    normalized.fill(phrase, &Canon::default());
    normalized.text.split(' ').filter(|w| !w.is_empty() && *w != "|").map(str::to_string).collect()
}

/// Maps every inflected form of a vocabulary word that is not a vocabulary word
/// itself to that word ("referrals" → "refer"). A form two words share goes to the
/// longer word, the more specific ("backers" → "backer", not "back").
fn canon_for(words: &BTreeSet<String>) -> Canon {
    let mut canon = Canon::default();
    for word in words {
        // A plural or past tense in a phrase also matches the plain word and its
        // other forms ("rate films" reads "rate a film").
        let related = bases(word).into_iter().flat_map(|base| inflections(&base)).chain(inflections(word));
        for form in related {
            if words.contains(&form) {
                continue;
            }
            let entry = canon.entry(form).or_insert_with(|| word.clone());
            if word.len() > entry.len() {
                *entry = word.clone();
            }
        }
    }
    canon
}

/// The singular a plural may come from: "films" → "film" (and the harmless "filme").
fn bases(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    if word.chars().count() < 4 || STOP_WORDS.contains(&word) {
        return out;
    }
    // Plurals only: "backing" must not read every "back".
    for suffix in ["s", "es"] {
        if let Some(base) = word.strip_suffix(suffix).filter(|b| b.len() >= 3) {
            out.push(base.to_string());
        }
    }
    if let Some(base) = word.strip_suffix("ies") {
        out.push(format!("{base}y"));
    }
    out
}

/// Each way a phrase's words can appear once the text is read: a word that is
/// also in the vocabulary in another form ("friend", "friends") keeps each form,
/// since text words that are vocabulary words are read as written.
fn phrase_variants(words: &[String], vocabulary: &BTreeSet<String>) -> Vec<String> {
    let mut variants = vec![String::new()];
    for word in words {
        let mut forms = vec![word.clone()];
        forms.extend(inflections(word).into_iter().filter(|f| f != word && vocabulary.contains(f)));
        variants = variants.iter().flat_map(|prefix| forms.iter().map(move |f| format!("{prefix} {f}"))).collect();
        // A phrase of many such words is rare; its first forms are enough.
        variants.truncate(64);
    }
    variants.into_iter().map(|v| format!("{v} ")).collect()
}

impl Lexicon {
    pub fn new(models: &ModelSet) -> Lexicon {
        let v = &models.vocabulary;
        Lexicon::from_facts(&models.facts, &v.negators, v.negation_window, &v.rewards_none)
    }

    /// A lexicon from facts and negation rules; `rewards_none` must name one of the facts.
    pub fn from_facts(
        definitions: &BTreeMap<String, FactDef>,
        negators: &[String],
        window: usize,
        rewards_none: &str,
    ) -> Lexicon {
        let facts: Vec<String> = definitions.keys().cloned().collect();
        let ids: HashMap<String, usize> = facts.iter().enumerate().map(|(i, f)| (f.clone(), i)).collect();
        let phrases: Vec<(usize, Vec<String>)> = facts
            .iter()
            .enumerate()
            .flat_map(|(index, id)| definitions[id].phrases.iter().map(move |p| (index, phrase_words(p))))
            .filter(|(_, words)| !words.is_empty())
            .collect();
        let vocabulary: BTreeSet<String> = phrases.iter().flat_map(|(_, w)| w.iter().cloned()).collect();
        let canon = canon_for(&vocabulary);
        let mut seen = BTreeSet::new();
        let mut pattern_texts = Vec::new();
        let mut patterns = Vec::new();
        for (fact, words) in phrases {
            for pattern in phrase_variants(&words, &vocabulary) {
                // The same phrase in two facts: both are found.
                if seen.insert((pattern.clone(), fact)) {
                    pattern_texts.push(pattern);
                    patterns.push(fact);
                }
            }
        }
        // A DFA: more memory than the default NFA, and several times faster per byte,
        // which is what a million-row inventory needs.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pattern_texts)
            .expect("phrase patterns are plain text");
        let negated_as =
            facts.iter().map(|id| definitions[id].negated.as_ref().and_then(|n| ids.get(n).copied())).collect();
        let negators = negators.iter().map(|n| phrase_words(n).join(" ")).collect();
        Lexicon {
            rewards_none: ids[rewards_none],
            facts,
            negated_as,
            automaton,
            patterns,
            negators,
            window,
            ids,
            canon,
        }
    }

    pub fn fact_id(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// Read every text field of a program.
    pub fn understand(&self, program: &Program, scratch: &mut Normalized) -> Understanding {
        self.understand_with(program, scratch, true)
    }

    /// As `understand`; without `phrases`, each hit's `phrase` is left empty, which
    /// saves copying text for reports that print no evidence.
    pub fn understand_with(&self, program: &Program, scratch: &mut Normalized, phrases: bool) -> Understanding {
        let mut result = Understanding::default();
        for field in TextField::ALL {
            for (index, item) in program.items(field).iter().enumerate() {
                let before = result.hits.len() + result.ignored.len();
                self.read_item(&item.text, scratch, phrases, |phrase, fact, negated_from| {
                    let hit = Hit { fact, field: Some(field), item: index, phrase, line: item.line, negated_from };
                    match fact {
                        usize::MAX => result.ignored.push(Hit { fact: negated_from.unwrap_or(0), ..hit }),
                        _ => result.hits.push(hit),
                    }
                });
                if result.hits.len() + result.ignored.len() == before {
                    result.unrecognised.push((field, index));
                }
            }
        }
        if let Some(none) = &program.rewards_none {
            result.hits.push(Hit {
                fact: self.rewards_none,
                field: Some(TextField::Rewards),
                item: 0,
                phrase: "rewards: none".into(),
                line: none.line,
                negated_from: None,
            });
        }
        let declared = [
            (&program.platform, DECLARED_PLATFORM, "platform: true"),
            (&program.network_effect, DECLARED_NETWORK_EFFECT, "network_effect: true"),
        ];
        for (value, fact, phrase) in declared {
            if let (Some(d), Some(fact)) = (value.as_ref().filter(|d| d.value), self.fact_id(fact)) {
                result.hits.push(Hit {
                    fact,
                    field: None,
                    item: 0,
                    phrase: phrase.into(),
                    line: d.line,
                    negated_from: None,
                });
            }
        }
        result
    }

    /// Calls `found(phrase, fact, negated_from)` for each recognised phrase of `text`;
    /// `fact` is `usize::MAX` for a negated phrase that stands for nothing.
    fn read_item(
        &self,
        text: &str,
        scratch: &mut Normalized,
        phrases: bool,
        mut found: impl FnMut(String, usize, Option<usize>),
    ) {
        scratch.fill(text, &self.canon);
        // (start, end, fact) in normalised bytes, spaces excluded.
        let mut matches = std::mem::take(&mut scratch.matches);
        matches.clear();
        matches.extend(
            self.automaton
                .find_overlapping_iter(scratch.text.as_str())
                .map(|m| (m.start() + 1, m.end() - 1, self.patterns[m.pattern().as_usize()])),
        );
        if matches.is_empty() {
            scratch.matches = matches;
            return;
        }
        // A phrase inside a longer phrase of another fact is part of that one
        // ("share" inside "revenue share"). Sorted by start, then longest first,
        // a span can only be inside one that comes before it.
        matches.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        matches.dedup();
        let mut kept = 0;
        for i in 0..matches.len() {
            let (s, e, _) = matches[i];
            let inside = matches[..kept].iter().any(|&(os, oe, _)| os <= s && e <= oe && (os, oe) != (s, e));
            if !inside {
                matches[kept] = matches[i];
                kept += 1;
            }
        }
        matches.truncate(kept);
        matches.sort();
        let norm = &scratch.text;
        let mut reported: Vec<(usize, Option<usize>)> = Vec::new();
        for &(start, end, fact) in &matches {
            let negator = self.negator_before(norm, start);
            let phrase_start = negator.unwrap_or(start);
            let (fact, from) = match negator {
                None => (fact, None),
                Some(_) => (self.negated_as[fact].unwrap_or(usize::MAX), Some(fact)),
            };
            // One piece of evidence per fact and item is enough.
            if reported.contains(&(fact, from)) {
                continue;
            }
            reported.push((fact, from));
            let phrase = if phrases { scratch.original(text, phrase_start, end) } else { String::new() };
            found(phrase, fact, from);
        }
        scratch.matches = matches;
    }

    /// The start of a negator among the few words before `start`, in the same clause.
    fn negator_before(&self, norm: &str, start: usize) -> Option<usize> {
        let before = &norm[..start.saturating_sub(1)];
        let mut words = 0;
        let mut end = before.len();
        for (at, _) in before.rmatch_indices(' ').chain(std::iter::once((0, ""))) {
            let word = before[at..end].trim();
            end = at;
            if word.is_empty() {
                continue;
            }
            if word == "|" || words >= self.window {
                return None;
            }
            if self.negators.contains(word) {
                return Some(at + 1);
            }
            words += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Item, Source};

    fn lexicon() -> Lexicon {
        let fact = |phrases: &[&str], negated: Option<&str>| FactDef {
            description: String::new(),
            phrases: phrases.iter().map(|p| p.to_string()).collect(),
            negated: negated.map(str::to_string),
        };
        let mut facts = BTreeMap::new();
        facts.insert("referral".into(), fact(&["refer a friend", "refer", "invite"], None));
        facts.insert("commission".into(), fact(&["commission", "# % of", "revenue share"], Some("unpaid")));
        facts.insert("promotion".into(), fact(&["share"], None));
        facts.insert("backing".into(), fact(&["back", "backer", "pledge"], None));
        facts.insert("unpaid".into(), fact(&["unpaid", "volunteer"], None));
        facts.insert("money".into(), fact(&["pay"], None));
        let negators: Vec<String> = ["no", "not", "without", "dont"].iter().map(|s| s.to_string()).collect();
        Lexicon::from_facts(&facts, &negators, 3, "unpaid")
    }

    /// (fact, field, phrase) for every hit in `field: text`.
    fn read(field: TextField, text: &str) -> Vec<(String, String)> {
        let lexicon = lexicon();
        let mut program = Program::new("P", Source::line("t.yaml", 1));
        program.items_mut(field).push(Item { text: text.into(), line: Some(3) });
        let understood = lexicon.understand(&program, &mut Normalized::default());
        understood.hits.iter().map(|h| (lexicon.facts[h.fact].clone(), h.phrase.clone())).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn inflections_read_as_their_word() {
        assert_eq!(read(TextField::Summary, "Members refer friends"), pairs(&[("referral", "refer friends")]));
        assert_eq!(read(TextField::Summary, "Referrals count"), pairs(&[("referral", "Referrals")]));
        assert_eq!(read(TextField::Summary, "we referred them"), pairs(&[("referral", "referred")]));
        // One piece of evidence per fact and item.
        assert_eq!(read(TextField::Summary, "Backers pledged"), pairs(&[("backing", "Backers")]));
        assert_eq!(read(TextField::Summary, "they pledged"), pairs(&[("backing", "pledged")]));
    }

    #[test]
    fn a_phrase_matches_every_form_of_its_words() {
        let vocabulary: BTreeSet<String> =
            ["friend", "friends", "invite", "them", "theme"].iter().map(|w| w.to_string()).collect();
        let canon = canon_for(&vocabulary);
        assert_eq!(canon.get("inviting").map(String::as_str), Some("invite"));
        assert_eq!(canon.get("friends"), None, "a vocabulary word is read as written");
        let words = vec!["invite".to_string(), "friend".to_string()];
        assert_eq!(phrase_variants(&words, &vocabulary), [" invite friend ", " invite friends "]);
        assert_eq!(canon_for(&["films".to_string()].into()).get("film").map(String::as_str), Some("films"));
        // "them" is no form of "theme": no variant reaches it.
        assert_eq!(phrase_variants(&["theme".to_string()], &vocabulary), [" theme "]);
    }

    #[test]
    fn phrases_span_words_numbers_and_punctuation() {
        assert_eq!(read(TextField::Rewards, "10% of every sale"), pairs(&[("commission", "10% of")]));
        assert_eq!(read(TextField::Summary, "Refer-a-friend!"), pairs(&[("referral", "Refer-a-friend")]));
    }

    #[test]
    fn the_longer_phrase_wins() {
        assert_eq!(read(TextField::Rewards, "a revenue share"), pairs(&[("commission", "revenue share")]));
    }

    #[test]
    fn negation_turns_a_fact_into_its_opposite_within_the_clause() {
        assert_eq!(read(TextField::Rewards, "no commission"), pairs(&[("unpaid", "no commission")]));
        assert_eq!(
            read(TextField::Rewards, "they don't earn a commission"),
            pairs(&[("unpaid", "don't earn a commission")])
        );
        // A negator in another clause does not reach.
        assert_eq!(read(TextField::Rewards, "no fees. Commission"), pairs(&[("commission", "Commission")]));
        // Too far back to count.
        assert_eq!(
            read(TextField::Rewards, "no fees at all, ever, commission"),
            pairs(&[("commission", "commission")])
        );
    }

    #[test]
    fn a_negated_fact_without_an_opposite_is_set_aside() {
        let lexicon = lexicon();
        let mut program = Program::new("P", Source::line("t.yaml", 1));
        program.items_mut(TextField::Summary).push(Item { text: "you do not pay".into(), line: None });
        let understood = lexicon.understand(&program, &mut Normalized::default());
        assert!(understood.hits.is_empty());
        assert_eq!(understood.ignored[0].phrase, "not pay");
        assert!(understood.unrecognised.is_empty(), "a negated phrase is still understood");
    }

    #[test]
    fn unmatched_items_are_reported_and_rewards_none_is_a_fact() {
        let lexicon = lexicon();
        let mut program = Program::new("P", Source::line("t.yaml", 1));
        program.items_mut(TextField::Contributions).push(Item { text: "Bewertungen schreiben".into(), line: Some(4) });
        program.rewards_none = Some(crate::spec::Declared { value: (), line: Some(5) });
        let understood = lexicon.understand(&program, &mut Normalized::default());
        assert_eq!(understood.unrecognised, vec![(TextField::Contributions, 0)]);
        assert_eq!(lexicon.facts[understood.hits[0].fact], "unpaid");
        assert_eq!(understood.hits[0].line, Some(5));
    }

    #[test]
    fn inflections_cover_the_regular_forms() {
        let forms = inflections("refer");
        for form in ["refers", "referred", "referral", "referring", "referrer"] {
            assert!(forms.contains(&form.to_string()), "{form}");
        }
        assert!(inflections("pledge").contains(&"pledging".to_string()));
        assert!(inflections("apply").contains(&"applied".to_string()));
        assert!(!inflections("fee").contains(&"feed".to_string()));
        assert_eq!(inflections("of"), vec!["of".to_string()]);
        for (word, variant) in
            [("center", "centre"), ("organize", "organise"), ("labor", "labours"), ("program", "programmes")]
        {
            assert!(inflections(word).contains(&variant.to_string()), "{variant}");
        }
    }

    #[test]
    fn fillers_do_not_stand_between_words() {
        assert_eq!(read(TextField::Summary, "Refer your friends"), pairs(&[("referral", "Refer your friends")]));
    }
}
