//! Understand: the text of each field → recognised facts, with evidence.
//!
//! Every word of the text that is an inflection of a vocabulary word ("referrals",
//! "referred") is read as that word ("refer"): one pass turns the text into word ids
//! (one hash look-up per word, which inflection and fillers need anyway), and all
//! phrases go into one trie over word ids, so reading a field costs the same however
//! many phrases the models define. A phrase preceded by a negator in the same
//! clause ("no commission", "without pay") counts as the fact its vocabulary entry
//! names under `negated`, or not at all.
//!
//! Each phrase is read in its clause: who acts (the nearest word naming a party before
//! it — the organization, the participants or others; else the field's role: what is
//! under `contributions` is done by participants) and, for money, who receives it (by
//! the clause's giving or receiving verb). A fact whose meaning depends on them says
//! so in the vocabulary (`by`, `to`), so "we promote the camera" is no participant
//! promoting, and "customers pay up front" is money in, not a reward.

use crate::models::{Cues, FactDef, ModelSet, ACTOR_KEYS, DECLARED_NETWORK_EFFECT, DECLARED_PLATFORM, RECEIVER_KEYS};
use crate::spec::{Program, TextField};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A party to a program: who acts in a clause, or who receives what moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Participants,
    Organization,
    Others,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Participants => "participants",
            Role::Organization => "organization",
            Role::Others => "others",
        }
    }
}

/// A fact found in a program's text.
#[derive(Debug, Clone, Default, PartialEq)]
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
    /// Who does what the phrase says, where the clause or the field tells.
    pub actor: Option<Role>,
    /// For money: who receives it, where the clause or the field tells.
    pub receiver: Option<Role>,
    /// The fact the phrase names, when who acts or who receives turned it into `fact`.
    pub reread_from: Option<usize>,
    /// Misspelt words read as the vocabulary word each is one slip from: "selers → seller".
    pub corrected: Vec<(String, String)>,
    /// For a learned word (fact `learned_words`): its index among the models' learned words.
    pub word: Option<u16>,
}

/// What the classifier made of one program.
#[derive(Debug, Clone, Default)]
pub struct Understanding {
    /// The phrases found; then, when read with phrases (for reports that show
    /// evidence), the last `learned` of them: a hit for each learned word found.
    pub hits: Vec<Hit>,
    pub learned: usize,
    /// The learned words found, each once a program, in the order found, by index
    /// among the models' learned words: what scoring reads, however the text was read.
    pub learned_words: Vec<u16>,
    /// Items in which no phrase was recognised: (field, item index).
    pub unrecognised: Vec<(TextField, usize)>,
    /// Negated phrases with nothing to stand for, and acts set aside because of who
    /// does them; shown in explanations, scored as nothing.
    pub ignored: Vec<Hit>,
    /// The language the text is written in, when it is not English (so not read).
    pub language: Option<&'static str>,
}

impl Understanding {
    pub fn has(&self, fact: usize) -> bool {
        self.hits.iter().any(|h| h.fact == fact)
    }

    /// The hits of phrases (and declarations): what was read, without the learned words.
    pub fn phrase_hits(&self) -> &[Hit] {
        &self.hits[..self.first_learned()]
    }

    /// Where the learned words begin among the hits.
    pub fn first_learned(&self) -> usize {
        self.hits.len().saturating_sub(self.learned)
    }
}

/// The compiled vocabulary of a model set. Serialisable, so the built-in models'
/// is compiled when partake is built and only read back at start.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Lexicon {
    pub facts: Vec<String>,
    negated_as: Vec<Option<usize>>,
    /// Every text word that means something, lowercased, to its id: a vocabulary word
    /// to its own, an inflected form to its vocabulary word's, a negator that is no
    /// vocabulary word to one of its own, a filler to `FILLER`; and to its index among
    /// the models' learned words, if it is one (a word only learned has id `UNKNOWN`).
    /// Any other word is `UNKNOWN`. One look-up a word of text tells both.
    words: WordTable,
    /// Ids below this are vocabulary words: the only ones a phrase can start with.
    vocabulary: u32,
    phrases: Trie,
    /// By word id: what the word tells besides its meaning (`NEGATOR`, the cue bits,
    /// `SMALL`).
    flags: Vec<u32>,
    window: usize,
    rewards_none: usize,
    ids: HashMap<String, usize>,
    /// By fact: what it means when done by the organization, by others, for the
    /// organization, only asked for, or waited for as a condition (`ACTOR_KEYS`
    /// order). `Some(None)` sets it aside.
    by: Vec<[Option<Option<usize>>; 5]>,
    /// By fact: what it means by who receives it (`RECEIVER_KEYS` order).
    to: Vec<[Option<Option<usize>>; 4]>,
    /// The slips of the vocabulary's words (a letter missing, two swapped) to the
    /// word's id: a misspelling is found with one look-up.
    slips: HashMap<String, u32>,
    /// Words that need only share a clause, in any order: (first word, the others,
    /// fact), sorted by first word, whose id carries `TOGETHER`.
    together: Vec<(u32, Vec<u32>, usize)>,
    /// The most words after the first of any set in `together`.
    together_longest: usize,
    /// By word id: where its sets begin in `together` (`u32::MAX` for none).
    together_first: Vec<u32>,
    typo_min: usize,
    /// Vocabulary words by id, to show what a misspelling was read as.
    spelled: Vec<String>,
    /// The words a vowelless abbreviation may stand for ("frnds", "fdbk").
    abbreviable: Abbreviable,
    /// The id of `$`, which every currency sign and code reads as.
    currency: u32,
    /// The words flagged `FOREIGN`, with the index of their language in `OTHER_LANGUAGES`.
    foreign: Vec<(u32, u8)>,
    /// By fact: the share from which its phrase stands for another fact too.
    large_share: Vec<Option<(f64, usize)>>,
    /// The ids of `#` (any number) and `%`.
    number: u32,
    percent: u32,
    /// Words that name a fact when used as a verb, on something ("rate their room"):
    /// (word id, fact), sorted.
    verb_uses: Vec<(u32, usize)>,
    /// The id of "upfront", which a giving verb with the prefix "pre" adds.
    up_front: u32,
    /// The ids of "and" and "or", which join a list's items.
    list_joins: [u32; 2],
    /// "each" and "every": what follows may be one event that recurs.
    each_every: [u32; 2],
    /// The id of "to", which names whom something is sold to, and stands before a verb.
    sold_to: u32,
    /// How many learned words the models have, and the fact one found stands for
    /// (`usize::MAX` when the models learn none).
    learned: usize,
    learned_fact: usize,
    /// The fact of one event that serves several parties (`usize::MAX`: not read).
    one_event: usize,
}

/// A word of text as the lexicon knows it: its id, and its index among the models'
/// learned words (`NOT_LEARNED` for none).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
struct Word {
    id: u32,
    learned: u16,
}

const NOT_LEARNED: u16 = u16::MAX;

/// The lexicon's words and what each is (`Lexicon::words`). A word of up to eight
/// bytes (nearly every word of text) is its own key, its bytes packed in a `u64`,
/// in an open-addressing table: a look-up is a few loads, a multiply and a
/// comparison, where a hash map of strings hashes the word and compares strings.
/// Longer words are in a hash map.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
struct WordTable {
    /// A power of two long, at most half full: each key beside its word, so a look-up
    /// touches one place in memory; key 0 marks an empty slot (no word packs to 0:
    /// words hold no NUL byte).
    slots: Vec<(u64, Word)>,
    short: usize,
    long: HashMap<String, Word>,
}

impl WordTable {
    /// A word of one to eight bytes as its key: its bytes, first in the lowest, read
    /// as two loads that may overlap. `None` for a longer or empty word.
    fn key(word: &str) -> Option<u64> {
        let b = word.as_bytes();
        let n = b.len();
        let pair = |at: usize| u64::from(u16::from_le_bytes([b[at], b[at + 1]]));
        let quad = |at: usize| u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]));
        Some(match n {
            0 => return None,
            1 => u64::from(b[0]),
            2..=3 => pair(0) | pair(n - 2) << (8 * (n - 2)),
            4..=8 => quad(0) | quad(n - 4) << (8 * (n - 4)),
            _ => return None,
        })
    }

    /// Where `key` is, or the empty slot where it would go.
    fn slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        // The top bits of the product are the best mixed: as many as the table needs.
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (self.slots.len().leading_zeros() + 1)) as usize;
        while self.slots[at].0 != key && self.slots[at].0 != 0 {
            at = (at + 1) & mask;
        }
        at
    }

    // Once a word or more: always inlined, as the per-word reading is.
    #[inline(always)]
    fn get(&self, word: &str) -> Option<Word> {
        match Self::key(word) {
            Some(key) if !self.slots.is_empty() => {
                let (found, value) = self.slots[self.slot(key)];
                (found == key).then_some(value)
            }
            Some(_) => None,
            None => self.long.get(word).copied(),
        }
    }

    /// The word's entry, added as `Word { id: UNKNOWN, learned: NOT_LEARNED }` if missing.
    fn entry(&mut self, word: &str) -> &mut Word {
        let missing = Word { id: UNKNOWN, learned: NOT_LEARNED };
        let Some(key) = Self::key(word) else {
            return self.long.entry(word.to_string()).or_insert(missing);
        };
        if (self.short + 1) * 2 > self.slots.len() {
            let size = (self.slots.len() * 2).max(64);
            let old = std::mem::replace(&mut self.slots, vec![(0, missing); size]);
            for (key, value) in old.into_iter().filter(|(key, _)| *key != 0) {
                let at = self.slot(key);
                self.slots[at] = (key, value);
            }
        }
        let at = self.slot(key);
        if self.slots[at].0 == 0 {
            self.slots[at] = (key, missing);
            self.short += 1;
        }
        &mut self.slots[at].1
    }
}

/// Every vocabulary word and inflection of `ABBREVIATED_MIN` letters or more, by
/// first letter: one string and a list of offsets, so the compiled form reads back
/// at start-up without a string a word.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
struct Abbreviable {
    /// The words, one after another.
    text: String,
    /// (where the word ends in `text`, its id), sorted by first letter.
    words: Vec<(u32, u32)>,
    /// Where the words of each first letter `a`–`z` start in `words`; the last is its length.
    starts: [u32; 27],
}

impl Abbreviable {
    fn new<'a>(words: impl Iterator<Item = (&'a str, u32)>) -> Abbreviable {
        let mut by_letter: Vec<(&str, u32)> = words.filter(|(w, _)| w.as_bytes()[0].is_ascii_lowercase()).collect();
        by_letter.sort_unstable();
        let mut out = Abbreviable::default();
        for (word, id) in by_letter {
            let letter = usize::from(word.as_bytes()[0] - b'a');
            out.text.push_str(word);
            out.words.push((out.text.len() as u32, id));
            for start in &mut out.starts[letter + 1..] {
                *start = out.words.len() as u32;
            }
        }
        out
    }

    /// The words starting with `letter` (a–z), with their ids.
    fn starting_with(&self, letter: u8) -> impl Iterator<Item = (&str, u32)> {
        let index = usize::from(letter - b'a');
        let (from, to) = (self.starts[index] as usize, self.starts[index + 1] as usize);
        (from..to).map(move |i| {
            let start = if i == 0 { 0 } else { self.words[i - 1].0 as usize };
            let (end, id) = self.words[i];
            (&self.text[start..end as usize], id)
        })
    }
}

/// Word flags: a negator, or a cue to who acts and which way value moves.
const NEGATOR: u8 = 1;
const ORGANIZATION: u8 = 2;
const PARTICIPANTS: u8 = 4;
const OTHERS: u8 = 8;
const GIVES: u8 = 16;
const RECEIVES: u8 = 32;
const ACT: u8 = 64;
/// A filler that is also a cue ("our", "your"): dropped like a filler, its cue kept.
const FILLER_CUE: u8 = 128;
/// One of English's small words ("the", "of"): their share tells English text.
const SMALL: u32 = 256;
/// The first word of words that need only share a clause ("same … every").
const TOGETHER: u32 = 512;
/// One of the small words of another language ("und", "los"): text with several of
/// them, and fewer of English's, is in that language.
const FOREIGN: u32 = 1024;
/// A word of asking or of giving one's view ("request", "feedback"), and a word
/// that ties a topic to one ("on", "about").
const ASKS: u32 = 2048;
const ABOUT: u32 = 4096;
/// A word naming people who work for an organization ("developers", "crew").
const STAFF: u32 = 8192;
/// A word that turns a giving verb around ("are paid"): the one named receives.
const PASSIVE: u32 = 16384;
/// A word of quantity ("all of"), which may stand inside a phrase before its last word.
const QUANTIFIER: u32 = 32768;
/// A word that is an act only where it is used on something ("share +" in `cues.acts`).
const ACT_ON: u32 = 65536;
/// A word that names a fact when used as a verb ("rate +" in a fact's phrases).
const VERB_USE: u32 = 131072;
/// A word naming the people a participant knows ("friends", "contacts").
const NETWORK: u32 = 262144;
/// A verb of keeping (`cues.keeps`).
const KEEPS: u32 = 524288;
/// How many words may stand between words that need only share a clause: in a long
/// clause, words far apart rarely belong together ("must sign an agreement which lets
/// us ship their code in the paid edition" is no "must … pay").
const TOGETHER_REACH: usize = 8;
/// How far before a phrase its actor is looked for, in words.
const ACTOR_REACH: usize = 40;
/// A preposition (`cues.prepositions`): a party after it is no actor.
const PREPOSITION: u32 = 1048576;
/// A word of condition (`cues.conditions`): what follows it is what a reward waits for.
const CONDITION: u32 = 2097152;
/// "each" and "every", which may start one event that recurs (`Lexicon::each_every`).
const EACH_OR_EVERY: u32 = 4194304;
const QUANTIFIERS: &[&str] = &["all", "of", "each", "every", "both", "most", "many", "several"];
/// A deletion shared by two words: no correction.
const AMBIGUOUS: u32 = u32::MAX - 3;

fn role_of(bits: u8) -> Option<Role> {
    if bits & ORGANIZATION != 0 {
        Some(Role::Organization)
    } else if bits & PARTICIPANTS != 0 {
        Some(Role::Participants)
    } else if bits & OTHERS != 0 {
        Some(Role::Others)
    } else {
        None
    }
}

/// Who acts, and who receives money, when the clause does not say: the field's role.
pub fn field_roles(field: TextField) -> (Option<Role>, Option<Role>) {
    match field {
        TextField::Summary => (None, None),
        TextField::Participants => (Some(Role::Participants), None),
        TextField::Contributions => (Some(Role::Participants), Some(Role::Organization)),
        TextField::Rewards => (Some(Role::Participants), Some(Role::Participants)),
        TextField::Support => (Some(Role::Organization), Some(Role::Participants)),
        TextField::Safeguards => (Some(Role::Organization), None),
        TextField::Name => (None, None),
    }
}

/// A word that is none of the lexicon's: it only separates phrases and counts toward
/// the negation window.
const UNKNOWN: u32 = u32::MAX;
/// A clause boundary (`.`, `;`, a dash…): phrases and negation do not reach across.
const CLAUSE: u32 = u32::MAX - 1;
/// A filler word ("a", "your"): dropped, as if it were not there.
const FILLER: u32 = u32::MAX - 2;

/// All phrases, as sequences of word ids. Node 0 is the root.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
struct Trie {
    /// The root's children, by vocabulary word id (`NO_NODE` for none): one indexed
    /// load for the first word, which is where almost every match attempt ends.
    root: Vec<u32>,
    /// The children of every other node.
    edges: HashMap<(u32, u32), u32>,
    /// By node, what a match reads of it, together: one place in memory a node visited.
    nodes: Vec<Node>,
    /// The facts of the phrases that end at each node (one phrase may name several),
    /// a node's from its `Node::facts` on.
    facts: Vec<u32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize)]
struct Node {
    /// Its children's words as `id_bit`s, so that most words that continue no phrase
    /// are turned away without a look-up in `edges`.
    child_bits: u64,
    /// Where its facts start in `Trie::facts`, and how many there are.
    facts: u32,
    fact_count: u16,
    /// Whether one of its children ends a phrase, so a modifier may stand before that
    /// last word (looked for only then).
    ends_next: bool,
}

const NO_NODE: u32 = u32::MAX;

/// A trie as phrases are added to it, each node's facts in a list of its own.
#[derive(Default)]
struct TrieBuilder {
    trie: Trie,
    facts: Vec<Vec<u32>>,
}

impl TrieBuilder {
    fn insert(&mut self, words: &[u32], fact: usize) {
        let trie = &mut self.trie;
        if trie.nodes.is_empty() {
            trie.nodes.push(Node::default());
            self.facts.push(Vec::new());
        }
        let mut node = 0u32;
        for (depth, &word) in words.iter().enumerate() {
            let fresh = trie.nodes.len() as u32;
            let child = if depth == 0 {
                if trie.root.len() <= word as usize {
                    trie.root.resize(word as usize + 1, NO_NODE);
                }
                let slot = &mut trie.root[word as usize];
                if *slot == NO_NODE {
                    *slot = fresh;
                }
                *slot
            } else {
                trie.nodes[node as usize].child_bits |= id_bit(word);
                *trie.edges.entry((node, word)).or_insert(fresh)
            };
            if child == fresh {
                trie.nodes.push(Node::default());
                self.facts.push(Vec::new());
            }
            if depth + 1 == words.len() && depth > 0 {
                trie.nodes[node as usize].ends_next = true;
            }
            node = child;
        }
        self.facts[node as usize].push(u32::try_from(fact).expect("fewer than 2^32 facts"));
    }

    fn build(self) -> Trie {
        let mut trie = self.trie;
        for (node, facts) in trie.nodes.iter_mut().zip(&self.facts) {
            node.facts = u32::try_from(trie.facts.len()).expect("fewer than 2^32 phrase ends");
            node.fact_count = u16::try_from(facts.len()).expect("fewer than 2^16 facts a phrase");
            trie.facts.extend(facts);
        }
        trie
    }
}

impl Trie {
    /// The facts of the phrases that end at `node`.
    fn facts_at(&self, node: u32) -> &[u32] {
        let node = self.nodes[node as usize];
        &self.facts[node.facts as usize..][..usize::from(node.fact_count)]
    }

    /// Calls `found(end, fact)` for every phrase that starts at `tokens[start]`
    /// (`end` exclusive, in tokens). One word the phrase does not have may come
    /// before its last ("share a booking link" is "share a link"), as long as it
    /// is no party, negator, verb or small word, and the phrase is no idiom of small words
    /// ("for any reason"), list ("reviews and ratings") or negation ("without pay").
    fn matches_at(&self, tokens: &[Token], start: usize, mut found: impl FnMut(usize, usize)) {
        let child = |node: u32, id: u32| match self.nodes.get(node as usize) {
            Some(n) if n.child_bits & id_bit(id) != 0 => self.edges.get(&(node, id)).copied(),
            _ => None,
        };
        let Some(&first) = self.root.get(tokens[start].id as usize) else { return };
        let mut node = first;
        let mut at = start;
        loop {
            if node == NO_NODE {
                return;
            }
            at += 1;
            for &fact in self.facts_at(node) {
                found(at, fact as usize);
            }
            let Some(next) = tokens.get(at) else { return };
            match child(node, next.id) {
                Some(child) => node = child,
                None => {
                    // Not inside idioms of small words or negations ("without pay").
                    if !self.nodes.get(node as usize).is_some_and(|n| n.ends_next)
                        || tokens[start..at].iter().any(|t| t.small || t.cue & NEGATOR != 0)
                    {
                        return;
                    }
                    // Quantifiers ("all of") and one modifier may stand before the last word.
                    let mut modifiers = 0;
                    for skip in at..tokens.len().min(at + 4) {
                        let t = tokens[skip];
                        // A party, a negator or a verb is no modifier either; the
                        // organization's name may be one ("buy coop shares").
                        if t.id == CLAUSE || t.cue & (NEGATOR | PARTICIPANTS | OTHERS | GIVES | RECEIVES | ACT) != 0 {
                            return;
                        }
                        // A small word ("who", "to") is no modifier: the words around it are apart.
                        // Quantifiers come before the modifier ("all of the app's code"),
                        // never after it ("taking care of the shared cars").
                        if t.quantifier && modifiers > 0 {
                            return;
                        }
                        modifiers += usize::from(!t.quantifier);
                        if modifiers > 1 || (t.small && !t.quantifier) {
                            return;
                        }
                        if let Some(last) = tokens.get(skip + 1).and_then(|t| child(node, t.id)) {
                            for &fact in self.facts_at(last) {
                                found(skip + 2, fact as usize);
                            }
                            return;
                        }
                    }
                    return;
                }
            }
        }
    }
}

/// A word of the text as read: its id, and the source bytes it stands for (from its
/// first character to the end of its last; a number stands for its first digit).
#[derive(Debug, Clone, Copy)]
struct Token {
    id: u32,
    start: usize,
    end: usize,
    /// The word's own cue bits, and those of cue fillers right before it ("our").
    cue: u8,
    lead: u8,
    /// Read as the vocabulary word it is one slip from.
    corrected: bool,
    /// A word of quantity (`QUANTIFIER`).
    quantifier: bool,
    /// Right after a filler ("the", "their"): the word before it, if any, acts on it.
    determined: bool,
    /// One of English's small words (`SMALL`).
    small: bool,
    /// A clause end that is a comma (which may join the items of a list).
    comma: bool,
    /// What a relative clause right after it describes ("Kiln Street, which keeps
    /// 10%"): the one who acts there, even after a preposition.
    antecedent: bool,
    /// Written as a possessive ("users' location", "Acme's products"): it owns
    /// something; it does not act.
    possessive: bool,
}

/// Reused between items and programs, so reading text allocates nothing once warm.
#[derive(Default)]
pub struct Normalized {
    tokens: Vec<Token>,
    /// The flags of every word among `tokens`, together: a pass over the tokens that
    /// looks for words of a kind (`TOGETHER`, `ACT_ON`, `VERB_USE`) is skipped when
    /// the item has none.
    item_flags: u32,
    /// Where among `tokens` the first words of sets that need only share a clause
    /// stand (`TOGETHER`), in order.
    together_at: Vec<u32>,
    /// The word being read, lowercased.
    word: String,
    /// The phrase matches of the item being read: (start, end, fact) in tokens.
    matches: Vec<(usize, usize, usize)>,
    /// (fact, negated_from) already reported for the item.
    reported: Vec<(usize, Option<usize>)>,
    /// The program's own cue words (its organization's name, its participants): by
    /// word id where the lexicon knows the word, so reading compares integers; else
    /// as ranges of `program_cue_text`, compared only with words the lexicon does
    /// not know. Learning them allocates nothing once warm. A word after the first of
    /// the organization's name that is capitalised there ("StaffLine Temps") is a
    /// name only when capitalised in the text too: "temps refer friends" names temps.
    program_cue_ids: Vec<(u32, u8, bool)>,
    program_cues: Vec<(std::ops::Range<usize>, u8, bool)>,
    program_cue_text: String,
    /// Words read in the program so far, and how many were English's small words.
    words_read: usize,
    small_words: usize,
    /// How many of the words read were another language's small words, and which.
    foreign_words: usize,
    foreign_seen: Vec<u32>,
    /// Scratch for spelling probes.
    probe: String,
    /// Who the program's summary says does each act it names: (fact, actor).
    summary_actors: Vec<(usize, Role)>,
    /// The learned words of the item being read: (word index, source bytes).
    item_words: Vec<(u16, usize, usize)>,
    /// The learned words found in the program so far, each once, as hits (when
    /// reading with phrases), and a bit for each learned word already found.
    word_hits: Vec<Hit>,
    words_seen: Vec<u64>,
    /// The head nouns of the spec's `participants`: (item, source bytes).
    participant_heads: Vec<(usize, usize, usize)>,
    /// Where among `tokens` the clause ends are.
    clauses: Clauses,
}

/// What reading text finds, in order.
enum Piece<'a> {
    /// A word, lowercased (a number reads as `#`), and the source bytes behind it.
    Word(&'a str, usize, usize),
    /// Punctuation that ends a clause; `true` for a comma, which may join a list.
    Clause(bool),
}

/// Split `source` into words and clause ends: letters make words (lowercased; an
/// apostrophe inside one is dropped: "don't" → "dont", "friends'" → "friends"), a
/// number of any length is one word `#`, as is `#` itself (which phrases use for
/// "any number"), so "10%" and "5 %" read alike; currency signs, `%`, `&` and `+`
/// are words of their own; a slash reads as "per" after a number and "or" between
/// words; anything else separates words. `word` is scratch space.
/// A possessive "'s" is dropped with its apostrophe: "Acme's" reads as "acme".
fn scan(source: &str, word: &mut String, mut emit: impl FnMut(Piece)) {
    let bytes = source.as_bytes();
    // The source bytes of the word being read: its first character, the end of its last.
    let mut span: Option<(usize, usize)> = None;
    let end_word = |span: &mut Option<(usize, usize)>, word: &mut String, emit: &mut dyn FnMut(Piece)| {
        if let Some((start, end)) = span.take() {
            emit(Piece::Word(word, start, end));
            word.clear();
        }
    };
    word.clear();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii() {
            // Most text is ASCII: one byte, one character.
            match b {
                b'a'..=b'z' | b'A'..=b'Z' => {
                    // Most words are a run of lowercase ASCII letters that something
                    // other than a letter or an apostrophe ends: read in place, uncopied.
                    if span.is_none() {
                        let run = lowercase_run_end(bytes, at);
                        if run > at
                            && bytes.get(run).is_none_or(|&b| b.is_ascii() && !b.is_ascii_alphabetic() && b != b'\'')
                        {
                            emit(Piece::Word(&source[at..run], at, run));
                            at = run;
                            continue;
                        }
                    }
                    // A run of ASCII letters at once: most words are nothing else.
                    let run = bytes[at..].iter().position(|b| !b.is_ascii_alphabetic()).map_or(bytes.len(), |n| at + n);
                    span.get_or_insert((at, at)).1 = run;
                    let from = word.len();
                    word.push_str(&source[at..run]);
                    word[from..].make_ascii_lowercase();
                    at = run;
                    continue;
                }
                b'\'' => {
                    at += possessive_s(bytes, at + 1, span.is_some());
                }
                b'0'..=b'9' | b'#' => {
                    end_word(&mut span, word, &mut emit);
                    let mut next = at + 1;
                    while next < bytes.len() {
                        let d = bytes[next];
                        let inner_separator =
                            (d == b',' || d == b'.') && bytes.get(next + 1).is_some_and(u8::is_ascii_digit);
                        if !(d.is_ascii_digit() || inner_separator) {
                            break;
                        }
                        next += 1;
                    }
                    emit(Piece::Word("#", at, next)); // evidence spans the whole number
                    at = next;
                    continue;
                }
                b'%' | b'$' | b'&' | b'+' => {
                    end_word(&mut span, word, &mut emit);
                    emit(Piece::Word(&source[at..at + 1], at, at + 1));
                }
                // A slash between a number and a word is "per" ("EUR 5/activation"), between
                // two words "or" ("sick pay/insurance"); elsewhere it ends a clause.
                b'/' if at > 0
                    && bytes[at - 1].is_ascii_alphanumeric()
                    && bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) =>
                {
                    end_word(&mut span, word, &mut emit);
                    emit(Piece::Word(if bytes[at - 1].is_ascii_digit() { "per" } else { "or" }, at, at + 1));
                }
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'(' | b')' | b'\n' | b'/' => {
                    end_word(&mut span, word, &mut emit);
                    emit(Piece::Clause(b == b','));
                }
                _ => end_word(&mut span, word, &mut emit),
            }
            at += 1;
        } else {
            let c = source[at..].chars().next().expect("at a character boundary");
            let len = c.len_utf8();
            if c.is_alphabetic() {
                span.get_or_insert((at, at)).1 = at + len;
                word.extend(c.to_lowercase());
            } else if c == '’' {
                at += possessive_s(bytes, at + len, span.is_some());
            } else if is_currency_sign(c) {
                // Every currency reads as `$`: what matters is that money moves.
                end_word(&mut span, word, &mut emit);
                emit(Piece::Word("$", at, at + len));
            } else if matches!(c, '—' | '–') {
                end_word(&mut span, word, &mut emit);
                emit(Piece::Clause(false));
            } else {
                end_word(&mut span, word, &mut emit);
            }
            at += len;
        }
    }
    end_word(&mut span, word, &mut emit);
}

/// Where the run of lowercase ASCII letters from `at` ends: eight bytes at a time,
/// since the run is most of a word and the scanner's busiest loop.
#[inline(always)]
fn lowercase_run_end(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // On the low seven bits of each byte nothing carries into the next: the high
        // bit of `low + (128 - b'a')` is set where a byte is b'a' or above, that of
        // `low + (127 - b'z')` where it is above b'z'.
        let low = x & !HIGH;
        let lowercase = low.wrapping_add(ONES * u64::from(128 - b'a'))
            & !low.wrapping_add(ONES * u64::from(127 - b'z'))
            & !x
            & HIGH;
        let other = !lowercase & HIGH;
        if other != 0 {
            return at + (other.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    bytes[at..].iter().position(|b| !b.is_ascii_lowercase()).map_or(bytes.len(), |n| at + n)
}

impl Normalized {
    /// Read `source` into `tokens`: fillers dropped, runs of clause ends as one.
    fn fill(&mut self, source: &str, lexicon: &Lexicon) {
        let tokens = &mut self.tokens;
        let (cue_ids, program_cues, cue_text) = (&self.program_cue_ids, &self.program_cues, &self.program_cue_text);
        let probe = &mut self.probe;
        let (words_read, small_words) = (&mut self.words_read, &mut self.small_words);
        let (foreign_words, foreign_seen) = (&mut self.foreign_words, &mut self.foreign_seen);
        tokens.clear();
        let item_words = &mut self.item_words;
        item_words.clear();
        let item_flags = &mut self.item_flags;
        *item_flags = 0;
        let together_at = &mut self.together_at;
        together_at.clear();
        let clause_ends = &mut self.clauses.ends;
        clause_ends.clear();
        let mut lead = 0u8;
        let (mut after_filler, mut after_pre) = (false, false);
        scan(
            source,
            &mut self.word,
            // Called once a word: inlined into the scanner, its state stays in registers.
            #[inline(always)]
            |piece| match piece {
                Piece::Word(word, start, end) => {
                    // A relative clause goes on with what it describes: "other customers,
                    // who have to live with the bugs" is one clause, not two.
                    if tokens.last().is_some_and(|t| t.id == CLAUSE && t.comma)
                        && matches!(word, "who" | "whom" | "whose" | "which")
                    {
                        tokens.pop();
                        clause_ends.pop();
                        if let Some(described) = tokens.last_mut() {
                            described.antecedent = true;
                        }
                    }
                    // The word as written, sliced only where it is looked at: few words are.
                    let written = || &source[start..end];
                    let known = lexicon.words.get(word);
                    if let Some(learned) = known.map(|w| w.learned).filter(|&l| l != NOT_LEARNED) {
                        item_words.push((learned, start, end));
                    }
                    // Only words of two, three or seven letters can be a currency or a
                    // share in words: most words are not looked at again.
                    let mut id = match (matches!(word.len(), 2 | 3 | 7), word) {
                        (true, _) if is_currency_code(word, written()) => lexicon.currency,
                        // A share in words reads as one with the sign ("10 percent", "10%").
                        (true, "percent" | "pct") => lexicon.percent,
                        _ => known.map_or(UNKNOWN, |w| w.id),
                    };
                    // A giving verb with the prefix "pre" ("prepay", "pre-order") is that
                    // verb done up front: read as the verb, then "upfront".
                    let gives = |id: u32| lexicon.flag(id) & u32::from(GIVES) != 0 && id < lexicon.vocabulary;
                    let mut start = start;
                    let mut up_front = false;
                    if std::mem::replace(&mut after_pre, word == "pre") && gives(id) {
                        if let Some(pre) = tokens.pop() {
                            (start, up_front) = (pre.start, true);
                            if pre.id == CLAUSE {
                                clause_ends.pop();
                            }
                            if together_at.last() == Some(&(tokens.len() as u32)) {
                                together_at.pop();
                            }
                        }
                    }
                    if let Some(verb) = word.strip_prefix("pre").and_then(|stem| lexicon.words.get(stem)).map(|w| w.id)
                    {
                        if gives(verb) {
                            (id, up_front) = (verb, true);
                        }
                    }
                    let mut corrected = false;
                    if id == UNKNOWN {
                        let fixed = lexicon.correct(word, probe).or_else(|| lexicon.expand(word, written()));
                        if let Some(fixed) = fixed {
                            (id, corrected) = (fixed, true);
                        }
                    }
                    let flags = lexicon.flag(id);
                    *words_read += 1;
                    *small_words += usize::from(id == FILLER || flags & SMALL != 0);
                    if flags & FOREIGN != 0 {
                        *foreign_words += 1;
                        if !foreign_seen.contains(&id) {
                            foreign_seen.push(id);
                        }
                    }
                    let mut cue = flags as u8;
                    let names = |proper: bool| !proper || capitalised(written());
                    if id == UNKNOWN {
                        for (range, bits, proper) in program_cues {
                            if &cue_text[range.clone()] == word && names(*proper) {
                                cue |= bits;
                            }
                        }
                    } else {
                        for (cue_id, bits, proper) in cue_ids {
                            if *cue_id == id && names(*proper) {
                                cue |= bits;
                            }
                        }
                    }
                    let determined = std::mem::replace(&mut after_filler, id == FILLER || cue & FILLER_CUE != 0);
                    if after_filler {
                        lead |= cue & !FILLER_CUE;
                    } else {
                        let together = flags & TOGETHER != 0;
                        if together {
                            together_at.push(tokens.len() as u32);
                        }
                        let quantifier = flags & QUANTIFIER != 0;
                        *item_flags |= flags;
                        let small = flags & SMALL != 0;
                        tokens.push(Token {
                            id,
                            start,
                            end,
                            cue,
                            lead,
                            corrected,
                            quantifier,
                            determined,
                            small,
                            comma: false,
                            antecedent: false,
                            possessive: match source.as_bytes().get(end) {
                                Some(b'\'') => true,
                                Some(0xE2) => source.as_bytes()[end..].starts_with("’".as_bytes()),
                                _ => false,
                            },
                        });
                        lead = 0;
                        if up_front && lexicon.up_front != UNKNOWN {
                            *item_flags |= lexicon.flag(lexicon.up_front);
                            // It stands where its verb does, and as its verb does.
                            if together {
                                together_at.push(tokens.len() as u32);
                            }
                            tokens.push(Token {
                                id: lexicon.up_front,
                                cue: 0,
                                determined: false,
                                ..tokens[tokens.len() - 1]
                            });
                        }
                    }
                }
                Piece::Clause(comma) => {
                    (lead, after_filler, after_pre) = (0, false, false);
                    // Runs of clause ends are one, a comma only if all of them are.
                    if let Some(last) = tokens.last_mut().filter(|t| t.id == CLAUSE) {
                        last.comma &= comma;
                    } else {
                        clause_ends.push(tokens.len() as u32);
                        tokens.push(Token {
                            id: CLAUSE,
                            start: 0,
                            end: 0,
                            cue: 0,
                            lead: 0,
                            corrected: false,
                            quantifier: false,
                            determined: false,
                            small: false,
                            comma,
                            antecedent: false,
                            possessive: false,
                        });
                    }
                }
            },
        );
        // An act "used on something" ("shares a link"); a party before it does not
        // tell here, since such words make nouns with what precedes them ("community share").
        if self.item_flags & ACT_ON != 0 {
            for at in 0..tokens.len() {
                if lexicon.flag(tokens[at].id) & ACT_ON != 0 && used_on_something(tokens, at) {
                    tokens[at].cue |= ACT;
                }
            }
        }
    }

    /// Start a program: take its own names as cues (its organization's name, its
    /// participants) and count its words afresh.
    fn begin(&mut self, program: &Program, lexicon: &Lexicon) {
        self.program_cue_ids.clear();
        self.program_cues.clear();
        self.program_cue_text.clear();
        (self.words_read, self.small_words, self.foreign_words) = (0, 0, 0);
        self.foreign_seen.clear();
        self.summary_actors.clear();
        self.word_hits.clear();
        self.words_seen.clear();
        self.words_seen.resize(lexicon.learned.div_ceil(64), 0);
        // A participants item names its people by its head nouns: the last word of each
        // part of its list, before any qualifier ("small-business owners on a paid plan"
        // → owners, "app users" → users, "drivers and riders" → drivers, riders).
        let heads = &mut self.participant_heads;
        heads.clear();
        for (index, item) in program.items(TextField::Participants).iter().enumerate() {
            let (mut last, mut qualified) = (None, false);
            scan(&item.text, &mut self.word, |piece| match piece {
                Piece::Word("and" | "or", ..) | Piece::Clause(_) => {
                    heads.extend(last.take());
                    qualified = false;
                }
                Piece::Word(word, ..) if FILLERS.contains(&word) => {}
                Piece::Word(word, ..) if STOP_WORDS.contains(&word) => {
                    heads.extend(last.take());
                    qualified = true;
                }
                Piece::Word(_, start, end) if !qualified => last = Some((index, start, end)),
                Piece::Word(..) => {}
            });
            heads.extend(last);
        }
        let (ids, cues, text) = (&mut self.program_cue_ids, &mut self.program_cues, &mut self.program_cue_text);
        let mut add = |source: &str, bits: u8| {
            let mut first = true;
            scan(source, &mut self.word, |piece| {
                let Piece::Word(word, start, end) = piece else { return };
                if word.len() < 3
                    || STOP_WORDS.contains(&word)
                    || FILLERS.contains(&word)
                    || ids.len() + cues.len() >= 16
                {
                    return;
                }
                let proper = bits == ORGANIZATION && !std::mem::take(&mut first) && capitalised(&source[start..end]);
                match lexicon.words.get(word).map(|w| w.id) {
                    Some(id) if id != FILLER && id != UNKNOWN => {
                        if !ids.iter().any(|(known, _, _)| *known == id) {
                            ids.push((id, bits, proper));
                        }
                    }
                    _ => {
                        if !cues.iter().any(|(r, _, _)| &text[r.clone()] == word) {
                            let start = text.len();
                            text.push_str(word);
                            cues.push((start..text.len(), bits, proper));
                        }
                    }
                }
            });
        };
        // What follows a parenthesis describes the organization ("Hello Tractor
        // (Nigeria)", "GiveGlow (donation app)"): it is not its name.
        if let Some(org) = &program.organization {
            let name = org.split(['(', '[']).next().filter(|name| !name.trim().is_empty()).unwrap_or(org);
            add(name, ORGANIZATION);
        }
        let items = program.items(TextField::Participants);
        for &(index, start, end) in &self.participant_heads {
            add(&items[index].text[start..end], PARTICIPANTS);
        }
    }

    /// Whether the words read so far hold so few of English's small words that the
    /// text may be in another language.
    fn few_small_words(&self) -> bool {
        self.words_read >= 4 && (self.small_words as f64) < 0.12 * self.words_read as f64
    }

    /// The language whose small words the text is made of, when three or more of
    /// them appear and they outnumber English's: a loan word or a name in another
    /// language ("Mercado de Trabajo") is not enough.
    fn other_language(&self, lexicon: &Lexicon) -> Option<&'static str> {
        if self.foreign_seen.len() < 3 || self.foreign_words < self.small_words {
            return None;
        }
        let mut votes = [0usize; OTHER_LANGUAGES.len()];
        for id in &self.foreign_seen {
            if let Some(&(_, language)) = lexicon.foreign.iter().find(|(word, _)| word == id) {
                votes[language as usize] += 1;
            }
        }
        let best = (0..votes.len()).max_by_key(|&i| (votes[i], std::cmp::Reverse(i)))?;
        Some(OTHER_LANGUAGES[best].0)
    }
}

/// Whether a word as written starts with a capital letter.
fn capitalised(written: &str) -> bool {
    written.chars().next().is_some_and(char::is_uppercase)
}

/// Splits phrases into words in a row and words that need only share a clause
/// (written with `…` between them: "same … every"), each as (fact, words).
type FactWords = Vec<(usize, Vec<String>)>;
/// The third list holds the words used as verbs (a phrase of one word and `+`).
fn split_phrases<'a>(phrases: impl Iterator<Item = (usize, &'a String)>) -> (FactWords, FactWords, FactWords) {
    let (mut together, mut in_a_row, mut verbs) = (Vec::new(), Vec::new(), Vec::new());
    for (fact, phrase) in phrases {
        let (list, words) = match (phrase.contains('…'), phrase.trim_end().strip_suffix('+')) {
            (true, _) => (&mut together, phrase.split('…').flat_map(phrase_words).collect::<Vec<_>>()),
            (false, Some(verb)) => (&mut verbs, phrase_words(verb).into_iter().take(1).collect()),
            (false, None) => (&mut in_a_row, phrase_words(phrase)),
        };
        if !words.is_empty() {
            list.push((fact, words));
        }
    }
    (together, in_a_row, verbs)
}

/// Words that never change what a phrase means, dropped from text and phrases alike
/// so "refer a friend" also reads "refer your friends" and "refer friends".
const FILLERS: &[&str] = &["a", "an", "the", "your", "their", "our", "his", "her", "its", "my", "any", "some"];

const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "for", "on", "in", "at", "by", "and", "or", "with", "per", "from", "your", "their",
    "our", "its", "his", "her", "my", "as", "is", "are", "be", "it", "they", "we", "you", "each", "every", "all",
    "any", "who", "that", "this", "into", "up", "out", "off", "#", "%", "$", "€", "£", "&",
];

/// Small words of languages written in Latin letters that English text does not use
/// (words that are also English, or common English abbreviations — "die", "van",
/// "con", "mit", "os" — are left out).
const OTHER_LANGUAGES: &[(&str, &[&str])] = &[
    (
        "Spanish",
        &[
            "el", "los", "las", "del", "y", "para", "por", "una", "sobre", "cada", "su", "sus", "que", "lo", "al",
            "pero", "muy", "nuestro", "nuestra", "nuestros", "entre", "hasta", "desde", "también",
        ],
    ),
    (
        "French",
        &[
            "le", "les", "des", "du", "et", "avec", "pour", "une", "leurs", "leur", "aux", "sur", "dans", "notre",
            "nos", "vos", "qui", "sont", "chaque", "aussi", "sans", "mais", "très",
        ],
    ),
    (
        "Portuguese",
        &["uma", "pelo", "pela", "nosso", "nossa", "nossos", "todos", "ao", "não", "seu", "sua", "seus", "suas", "às"],
    ),
    (
        "Italian",
        &[
            "il", "gli", "della", "dello", "delle", "dei", "degli", "che", "nel", "nella", "nei", "ogni", "nostro",
            "nostra", "loro", "sono", "anche", "senza", "alla", "alle", "un",
        ],
    ),
    (
        "German",
        &[
            "der", "das", "und", "für", "ein", "eine", "einen", "einem", "jeden", "jede", "über", "unsere", "unser",
            "unserem", "unseren", "ihre", "ihren", "ihrem", "von", "zu", "dem", "ist", "nicht", "auch", "sich",
            "werden", "wird", "oder", "bei", "nach", "ich",
        ],
    ),
    (
        "Dutch",
        &[
            "het", "een", "en", "voor", "onze", "hun", "aan", "naar", "ook", "zijn", "niet", "wordt", "worden", "bij",
            "elkaar", "deze",
        ],
    ),
    ("Polish", &["się", "oraz", "dla", "nie", "jest", "przez", "nasz", "nasze", "nasi", "każdy", "także"]),
    ("Swedish", &["och", "för", "att", "på", "är", "inte", "våra", "sina", "varje"]),
];

/// The currency signs of Unicode's currency block and before it (`€`, `₹`, `₦`, `฿`…).
/// How many bytes of a possessive "s" follow an apostrophe that ends at `after`
/// (1, or 0 when none): an "s" that ends a word which has begun.
fn possessive_s(bytes: &[u8], after: usize, in_word: bool) -> usize {
    let is_s = bytes.get(after).is_some_and(|b| b.eq_ignore_ascii_case(&b's'));
    let ends = bytes.get(after + 1).is_none_or(|b| !b.is_ascii_alphanumeric() && b.is_ascii());
    usize::from(in_word && is_s && ends)
}

fn is_currency_sign(c: char) -> bool {
    matches!(c, '¢' | '£' | '¤' | '¥' | '֏' | '؋' | '৳' | '฿' | '៛' | '₠'..='⃀' | '﷼')
}

/// Currency codes, read as `$` when written in capitals ("PLN 40", "KES 500"): in
/// lowercase most of them are other words ("try", "pen", "mad").
const CURRENCY_CODES: &[&str] = &[
    "aed", "ars", "aud", "bdt", "bgn", "brl", "cad", "chf", "clp", "cny", "cop", "czk", "dkk", "egp", "eur", "gbp",
    "ghs", "hkd", "huf", "idr", "ils", "inr", "isk", "jpy", "kes", "krw", "kwd", "lkr", "mad", "mxn", "myr", "ngn",
    "nok", "npr", "nzd", "pen", "php", "pkr", "pln", "qar", "ron", "rsd", "rub", "sar", "sek", "sgd", "thb", "try",
    "twd", "tzs", "uah", "ugx", "usd", "vnd", "xaf", "xof", "zar",
];

/// Currencies' short names as they are written ("Rp 20.000", "KSh 500").
const CURRENCY_NAMES: &[&str] = &["KSh", "Ksh", "Rp", "Rs"];

/// Whether a word is a currency code, by how it was `written` and read (`word`).
fn is_currency_code(word: &str, written: &str) -> bool {
    match written.len() {
        3 if written.bytes().all(|b| b.is_ascii_uppercase()) => CURRENCY_CODES.binary_search(&word).is_ok(),
        2 | 3 => CURRENCY_NAMES.contains(&written),
        _ => false,
    }
}

/// The value of a number as written: "45", "12.5", "1,000", or "12,5" (a decimal comma).
fn number_value(written: &str) -> Option<f64> {
    let decimal_comma = !written.contains('.') && written.rsplit_once(',').is_some_and(|(_, d)| d.len() <= 2);
    let plain: String = match decimal_comma {
        true => written.replace(',', "."),
        false => written.replace(',', ""),
    };
    plain.parse().ok()
}

/// The singular of a plural noun ("hosts" → "host", "agencies" → "agency").
fn singular(word: &str) -> Option<String> {
    if word.len() < 4 || word.contains(' ') || word.ends_with("ss") {
        return None;
    }
    match word.strip_suffix("ies") {
        Some(stem) => Some(format!("{stem}y")),
        None => word.strip_suffix('s').map(str::to_string),
    }
}

/// Only words of this many letters or more are abbreviated.
const ABBREVIATED_MIN: usize = 5;

/// Whether the letters of `short` appear in `long` in order.
fn is_subsequence(short: &[u8], long: &[u8]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|b| rest.any(|c| c == b))
}

/// `a` then `b`, without the formatting machinery: compiling the lexicon builds
/// hundreds of thousands of these, and every run pays for it before its first row.
fn concat(a: &str, b: &str) -> String {
    let mut out = String::with_capacity(a.len() + b.len());
    out.push_str(a);
    out.push_str(b);
    out
}

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
    // Only after a stem of three letters or more: "our", "your" and "four" are no "or" words.
    let stem_of = |suffix: &str| word.strip_suffix(suffix).filter(|stem| stem.len() >= 3);
    for (american, british) in swaps {
        if let Some(stem) = stem_of(american) {
            out.push(concat(stem, british));
        }
        if let Some(stem) = stem_of(british) {
            out.push(concat(stem, american));
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
            stems.push(concat(stem, "i")); // apply → applies, applied
        }
    }
    if n >= 3
        && !is_vowel(bytes[n - 1])
        && is_vowel(bytes[n - 2])
        && !is_vowel(bytes[n - 3])
        && !b"wxy".contains(&bytes[n - 1])
    {
        let mut doubled = word.to_string();
        doubled.push(bytes[n - 1] as char);
        stems.push(doubled); // refer → referral, ship → shipped
    }
    for stem in &stems {
        for suffix in &suffixes {
            forms.push(concat(stem, suffix));
        }
    }
    forms
}

/// The past forms of the irregular verbs programs are written with: "sent the code"
/// is "send the code", "bought a share" is "buy a share" (where the past form is no
/// vocabulary word of its own, as "paid" and "sold" are).
const IRREGULAR_PAST: &[(&str, &[&str])] = &[
    ("send", &["sent"]),
    ("sell", &["sold"]),
    ("pay", &["paid"]),
    ("make", &["made"]),
    ("build", &["built"]),
    ("buy", &["bought"]),
    ("bring", &["brought"]),
    ("lend", &["lent"]),
    ("spend", &["spent"]),
    ("win", &["won"]),
    ("get", &["got", "gotten"]),
    ("give", &["gave", "given"]),
    ("take", &["took", "taken"]),
    ("write", &["wrote", "written"]),
    ("tell", &["told"]),
    ("keep", &["kept"]),
    ("teach", &["taught"]),
    ("find", &["found"]),
];

/// The one word a phrase of several is read as once its determiners are skipped
/// ("their code" is read as "code"), if that is what it comes to.
pub(crate) fn lone_word(phrase: &str) -> Option<String> {
    let mut written = 0;
    scan(phrase, &mut String::new(), |piece| written += usize::from(matches!(piece, Piece::Word(..))));
    let read = phrase_words(phrase);
    (written > 1 && read.len() == 1).then(|| read.into_iter().next()).flatten()
}

/// The words of a phrase, normalised (no inflection).
fn phrase_words(phrase: &str) -> Vec<String> {
    let mut words = Vec::new();
    scan(phrase, &mut String::new(), |piece| {
        if let Piece::Word(word, _, _) = piece {
            if !FILLERS.contains(&word) {
                words.push(word.to_string());
            }
        }
    });
    words
}

/// Maps every inflected form of a vocabulary word that is not a vocabulary word
/// itself to that word, by its index in `words` ("referrals" → "refer"). A form two
/// words share goes to the longer word, the more specific ("backers" → "backer", not "back").
fn canon_for(words: &BTreeSet<String>) -> HashMap<String, u32> {
    let known: HashSet<&str> = words.iter().map(String::as_str).collect();
    let by_index: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut canon = HashMap::default();
    for (index, word) in by_index.iter().enumerate() {
        // A plural or past tense in a phrase also matches the plain word and its
        // other forms ("rate films" reads "rate a film"); the first base is the word itself.
        let irregular = IRREGULAR_PAST.iter().filter(|(verb, _)| verb == word).flat_map(|(_, past)| past.iter());
        let bases = bases(word);
        let forms = bases.iter().flat_map(|base| inflections(base)).chain(irregular.map(|p| p.to_string()));
        for form in forms {
            if known.contains(form.as_str()) {
                continue;
            }
            let entry = canon.entry(form).or_insert(index as u32);
            if word.len() > by_index[*entry as usize].len() {
                *entry = index as u32;
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
        out.push(concat(base, "y"));
    }
    out
}

/// Each way a phrase's words can appear once the text is read: a word that is
/// also in the vocabulary in another form ("friend", "friends") keeps each form,
/// since text words that are vocabulary words are read as written.
/// `forms` are `vocabulary_forms`.
fn phrase_variants(words: &[String], forms: &HashMap<&str, Vec<String>>) -> Vec<String> {
    let mut variants = vec![String::new()];
    for word in words {
        let forms = &forms[word.as_str()];
        variants =
            variants.iter().flat_map(|prefix| forms.iter().map(move |f| concat(prefix, " ") + f.as_str())).collect();
        // A phrase of many such words is rare; its first forms are enough.
        variants.truncate(64);
    }
    variants.into_iter().map(|v| v + " ").collect()
}

/// Each vocabulary word, then those of its inflected forms that are vocabulary words
/// too: what a phrase's word may read as. Worked out once per word, not per phrase.
/// A word made from another that the vocabulary also lists ("sellers" beside "sell",
/// "promotion" beside "promote") names something else — a party, a thing — so only
/// the word's own forms ("sells", "selling") stand in for it.
fn vocabulary_forms(vocabulary: &BTreeSet<String>) -> HashMap<&str, Vec<String>> {
    // Hashed, not searched in the tree: every form of every word is looked up.
    let known: HashSet<&str> = vocabulary.iter().map(String::as_str).collect();
    vocabulary
        .iter()
        .map(|word| {
            let mut forms = vec![word.clone()];
            let own = |f: &String| f != word && known.contains(f.as_str()) && !is_derived(word, f);
            forms.extend(inflections(word).into_iter().filter(own));
            let irregular = IRREGULAR_PAST.iter().filter(|(verb, _)| verb == word).flat_map(|(_, past)| past.iter());
            forms.extend(irregular.map(|p| p.to_string()).filter(|p| known.contains(p.as_str())));
            (word.as_str(), forms)
        })
        .collect()
}

/// Whether `form` is a word derived from `word` (an agent, an action, a manner)
/// rather than one of its inflections.
fn is_derived(word: &str, form: &str) -> bool {
    const DERIVING: [&str; 11] = ["er", "ers", "or", "ors", "al", "als", "ion", "ions", "ment", "ments", "ly"];
    DERIVING.iter().any(|suffix| form.ends_with(suffix) && !word.ends_with(suffix))
}

/// The slips of the vocabulary's own words of `min` letters or more (not of their
/// generated forms: those are many, and each would cost memory and start-up for
/// typos nobody makes): every single-letter deletion and every swap of two letters
/// side by side, inside the word, to the word's id (`AMBIGUOUS` when two words share one). A slip
/// that is a real word of its own is left out.
fn slips_of(vocabulary: &BTreeSet<String>, words: &HashMap<String, u32>, min: usize) -> HashMap<String, u32> {
    let mut out: HashMap<String, u32> = HashMap::default();
    let mut add = |slip: String, id: u32| {
        if !words.contains_key(&slip) {
            let slot = out.entry(slip).or_insert(id);
            if *slot != id {
                *slot = AMBIGUOUS;
            }
        }
    };
    for (id, word) in vocabulary.iter().enumerate().filter(|(_, w)| w.len() >= min && w.is_ascii()) {
        let (id, bytes) = (id as u32, word.as_bytes());
        // Slips inside the word only: its first and last letters are rarely mistyped,
        // and a slip there often makes a real word ("resale" for "presale", "inside"
        // for "insider").
        for at in 1..bytes.len() - 1 {
            if word.len() > min {
                add([&word[..at], &word[at + 1..]].concat(), id);
            }
            if at + 2 < bytes.len() && bytes[at] != bytes[at + 1] {
                let mut swapped = bytes.to_vec();
                swapped.swap(at, at + 1);
                add(String::from_utf8(swapped).expect("ASCII"), id);
            }
        }
    }
    out
}

/// A verb's own forms ("sell" → "sells", "selling"), without the nouns made from it
/// ("seller"), which name a party rather than an act.
fn verb_forms(word: &str) -> Vec<String> {
    let mut forms: Vec<String> = regular_forms(word).into_iter().filter(|f| !is_derived(word, f)).collect();
    forms.sort();
    forms.dedup();
    forms
}

impl Lexicon {
    pub fn new(models: &ModelSet) -> Lexicon {
        let v = &models.vocabulary;
        let mut lexicon = Lexicon::from_facts(
            &models.facts,
            &v.negators,
            v.negation_window,
            &v.rewards_none,
            &v.cues,
            v.typo_min_length,
        );
        let refs = &models.refs;
        for (index, word) in refs.words.iter().enumerate() {
            lexicon.words.entry(word).learned = index as u16;
        }
        lexicon.learned = refs.words.len();
        lexicon.learned_fact = refs.learned_words.index();
        lexicon.one_event = refs.one_event.index();
        lexicon
    }

    /// A lexicon from facts and reading rules; `rewards_none` must name one of the facts.
    pub fn from_facts(
        definitions: &BTreeMap<String, FactDef>,
        negators: &[String],
        window: usize,
        rewards_none: &str,
        cues: &Cues,
        typo_min: usize,
    ) -> Lexicon {
        let facts: Vec<String> = definitions.keys().cloned().collect();
        let ids: HashMap<String, usize> = facts.iter().enumerate().map(|(i, f)| (f.clone(), i)).collect();
        // A phrase of words in a row, or words that need only share a clause ("same … every").
        let (together, phrases, verbs) = split_phrases(
            facts.iter().enumerate().flat_map(|(index, id)| definitions[id].phrases.iter().map(move |p| (index, p))),
        );
        let vocabulary: BTreeSet<String> =
            phrases.iter().chain(&together).chain(&verbs).flat_map(|(_, w)| w.iter().cloned()).collect();
        // A vocabulary word's id is its index in `vocabulary`, which is also its
        // index in the trie's root; an inflected form gets its vocabulary word's.
        let mut words = canon_for(&vocabulary);
        let forms = vocabulary_forms(&vocabulary);
        let vocabulary_len = vocabulary.len() as u32;
        words.extend(vocabulary.iter().enumerate().map(|(i, w)| (w.clone(), i as u32)));
        let slips = slips_of(&vocabulary, &words, typo_min);
        // Negators and cues are matched against the text as read (inflections already
        // turned into their vocabulary word), so a word that is neither gets an id no
        // vocabulary word has. Words of several words never equal one word of text.
        // A cue flags the word its form is read as, so every form of it cues
        // ("customers" → "customer"). A negator flags only its own form: one that is
        // an inflection of a vocabulary word gets an id no text word maps to, since
        // the text reads it as that word.
        let mut flags = vec![0u32; vocabulary_len as usize];
        let mut flag = |word: &str, bit: u32, words: &mut HashMap<String, u32>| {
            let filler = FILLERS.contains(&word);
            let shares_forms = bit != u32::from(NEGATOR) || vocabulary.contains(word);
            let id = match words.get(word) {
                Some(&id) if id != FILLER && shares_forms => id,
                found => {
                    flags.push(0);
                    let id = flags.len() as u32 - 1;
                    if found.is_none() || found == Some(&FILLER) {
                        words.insert(word.to_string(), id);
                    }
                    id
                }
            };
            flags[id as usize] |= bit | if filler { u32::from(FILLER_CUE) } else { 0 };
        };
        for n in negators.iter().map(|n| phrase_words(n)).filter(|n| n.len() == 1) {
            flag(&n[0], NEGATOR.into(), &mut words);
        }
        for filler in FILLERS {
            words.insert(filler.to_string(), FILLER);
        }
        let cue_lists = [
            (&cues.organization, ORGANIZATION, false),
            (&cues.participants, PARTICIPANTS, false),
            (&cues.others, OTHERS, false),
            (&cues.gives, GIVES, true),
            (&cues.receives, RECEIVES, true),
            (&cues.acts, ACT, true),
        ];
        for (list, bit, verb) in cue_lists {
            for word in list.iter().map(|w| w.to_lowercase()) {
                // "share +": an act only where it is used on something ("shares a link",
                // not "a share offer").
                let (word, bit) = match word.strip_suffix('+') {
                    Some(used_on) => (used_on.trim().to_string(), ACT_ON),
                    None => (word, u32::from(bit)),
                };
                let mut forms = if verb { verb_forms(&word) } else { inflections(&word) };
                // A party named in the plural is named in the singular too ("hosts", "the host").
                if !verb {
                    forms.extend(singular(&word).map(|one| inflections(&one)).unwrap_or_default());
                }
                for form in forms {
                    flag(&form, bit, &mut words);
                }
            }
        }
        for small in STOP_WORDS.iter().filter(|w| !FILLERS.contains(w)) {
            flag(small, SMALL, &mut words);
        }
        for quantity in QUANTIFIERS {
            flag(quantity, QUANTIFIER, &mut words);
        }
        for word in ["each", "every"] {
            flag(word, EACH_OR_EVERY, &mut words);
        }
        for (list, bit) in [
            (&cues.asks, ASKS),
            (&cues.about, ABOUT),
            (&cues.staff, STAFF),
            (&cues.passive, PASSIVE),
            (&cues.network, NETWORK),
            (&cues.keeps, KEEPS),
        ] {
            for word in list.iter().map(|w| w.to_lowercase()) {
                for form in inflections(&word) {
                    flag(&form, bit, &mut words);
                }
            }
        }
        for (list, bit) in [(&cues.prepositions, PREPOSITION), (&cues.conditions, CONDITION)] {
            for word in list {
                flag(&word.to_lowercase(), bit, &mut words);
            }
        }
        for (_, small) in OTHER_LANGUAGES {
            for word in *small {
                flag(word, FOREIGN, &mut words);
            }
        }
        let foreign = OTHER_LANGUAGES
            .iter()
            .enumerate()
            .flat_map(|(language, (_, small))| small.iter().map(move |w| (w, language as u8)))
            .map(|(word, language)| (words[*word], language))
            .collect();
        let abbreviable = Abbreviable::new(
            words
                .iter()
                .filter(|(w, &id)| id < vocabulary_len && w.len() >= ABBREVIATED_MIN && w.is_ascii())
                .map(|(w, &id)| (w.as_str(), id)),
        );
        // Words that need only share a clause, each found by its first word's flag,
        // in each of their vocabulary forms ("bring … new" also reads "brings … new").
        let mut together: Vec<(u32, Vec<u32>, usize)> = together
            .into_iter()
            .flat_map(|(fact, parts)| {
                let words = &words;
                phrase_variants(&parts, &forms).into_iter().map(move |pattern| {
                    let ids: Vec<u32> = pattern.split_whitespace().map(|w| words[w]).collect();
                    (ids[0], ids[1..].to_vec(), fact)
                })
            })
            .collect();
        together.sort();
        together.dedup();
        let mut verb_uses: Vec<(u32, usize)> = verbs.iter().map(|(fact, parts)| (words[&parts[0]], *fact)).collect();
        verb_uses.sort_unstable();
        for &(id, _) in &verb_uses {
            flags[id as usize] |= VERB_USE;
        }
        for (anchor, ..) in &together {
            flags[*anchor as usize] |= TOGETHER;
        }
        let mut seen = BTreeSet::new();
        let mut phrases_trie = TrieBuilder::default();
        for (fact, phrase) in phrases {
            for pattern in phrase_variants(&phrase, &forms) {
                // The same phrase in two facts: both are found.
                if seen.insert((pattern.clone(), fact)) {
                    let ids: Vec<u32> = pattern.split_whitespace().map(|w| words[w]).collect();
                    phrases_trie.insert(&ids, fact);
                }
            }
        }
        let negated_as =
            facts.iter().map(|id| definitions[id].negated.as_ref().and_then(|n| ids.get(n).copied())).collect();
        let table = |map: &BTreeMap<String, Option<String>>, key: &str| -> Option<Option<usize>> {
            map.get(key).map(|target| target.as_ref().and_then(|t| ids.get(t).copied()))
        };
        let by = facts.iter().map(|id| ACTOR_KEYS.map(|key| table(&definitions[id].by, key))).collect();
        let to = facts.iter().map(|id| RECEIVER_KEYS.map(|key| table(&definitions[id].to, key))).collect();
        let currency = words.get("$").copied().unwrap_or(UNKNOWN);
        let large_share = facts
            .iter()
            .map(|id| definitions[id].large_share.as_ref().and_then(|l| Some((l.percent, *ids.get(&l.fact)?))))
            .collect();
        let list_joins = ["and", "or"].map(|w| words.get(w).copied().unwrap_or(UNKNOWN));
        let sold_to = words.get("to").copied().unwrap_or(UNKNOWN);
        let each_every = ["each", "every"].map(|w| words.get(w).copied().unwrap_or(UNKNOWN));
        let up_front = words.get("upfront").copied().filter(|&id| id < vocabulary_len).unwrap_or(UNKNOWN);
        let (number, percent) =
            (words.get("#").copied().unwrap_or(UNKNOWN), words.get("%").copied().unwrap_or(UNKNOWN));
        Lexicon {
            rewards_none: ids[rewards_none],
            facts,
            negated_as,
            words: {
                let mut table = WordTable::default();
                for (word, id) in words {
                    table.entry(&word).id = id;
                }
                table
            },
            vocabulary: vocabulary_len,
            phrases: phrases_trie.build(),
            flags,
            window,
            ids,
            by,
            to,
            slips,
            typo_min,
            together_longest: together.iter().map(|(_, rest, _)| rest.len()).max().unwrap_or(0),
            together_first: {
                let mut first = vec![u32::MAX; together.last().map_or(0, |(anchor, ..)| *anchor as usize + 1)];
                for (at, (anchor, ..)) in together.iter().enumerate().rev() {
                    first[*anchor as usize] = at as u32;
                }
                first
            },
            together,
            spelled: vocabulary.into_iter().collect(),
            abbreviable,
            currency,
            foreign,
            large_share,
            number,
            percent,
            verb_uses,
            up_front,
            list_joins,
            sold_to,
            each_every,
            learned: 0,
            learned_fact: usize::MAX,
            one_event: usize::MAX,
        }
    }

    /// The vocabulary word an unknown word is one slip from (a letter missing, a key
    /// struck twice, or two letters swapped), when exactly one is; only for longer
    /// words, where a slip rarely makes another real word.
    fn correct(&self, word: &str, probe: &mut String) -> Option<u32> {
        if word.len() < self.typo_min || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        // A letter missing, or two swapped: one look-up.
        if let Some(&id) = self.slips.get(word) {
            return (id != AMBIGUOUS).then_some(id);
        }
        // A key struck twice ("selllers"). Any other extra letter too often makes a
        // real word of another ("founded" is no slip for "funded").
        let bytes = word.as_bytes();
        for at in (1..bytes.len()).filter(|&at| bytes[at] == bytes[at - 1]) {
            probe.clear();
            probe.push_str(&word[..at]);
            probe.push_str(&word[at + 1..]);
            if let Some(id) = self.words.get(probe.as_str()).map(|w| w.id).filter(|&id| id < self.vocabulary) {
                return Some(id);
            }
        }
        None
    }

    /// The vocabulary word a vowelless abbreviation stands for ("frnds" → friends,
    /// "fdbk" → feedback, "mgmt" → management), when exactly one word fits: its letters
    /// in order, from its first letter to its last consonant, and at least two
    /// fifths of it. Acronyms (written in capitals) are not abbreviations.
    fn expand(&self, word: &str, written: &str) -> Option<u32> {
        let bytes = word.as_bytes();
        let vowelless = bytes.iter().all(|b| b.is_ascii_lowercase() && !b"aeiouy".contains(b));
        if !(4..=6).contains(&bytes.len()) || !vowelless || written.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let last = *bytes.last()?;
        let mut found = None;
        for (candidate, id) in self.abbreviable.starting_with(bytes[0]) {
            let c = candidate.as_bytes();
            let last_consonant = c.iter().rev().find(|b| !b"aeiouy".contains(b));
            if c.len() * 2 > bytes.len() * 5 || last_consonant != Some(&last) || !is_subsequence(bytes, c) {
                continue;
            }
            match found {
                None => found = Some(id),
                Some(other) if other != id => return None,
                Some(_) => {}
            }
        }
        found
    }

    pub fn fact_id(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// Read every text field of a program.
    pub fn understand(&self, program: &Program, scratch: &mut Normalized) -> Understanding {
        self.understand_with(program, scratch, true)
    }

    /// As `understand`; without `phrases`, each hit's `phrase` is left empty and the
    /// learned words are listed only by index, which saves building evidence for
    /// reports that print none.
    pub fn understand_with(&self, program: &Program, scratch: &mut Normalized, phrases: bool) -> Understanding {
        self.understand_into(program, scratch, phrases, Understanding::default())
    }

    /// As `understand_with`, filling the lists of `spare`, an understanding done with.
    pub fn understand_into(
        &self,
        program: &Program,
        scratch: &mut Normalized,
        phrases: bool,
        spare: Understanding,
    ) -> Understanding {
        let Understanding { mut hits, mut unrecognised, mut ignored, mut learned_words, .. } = spare;
        hits.clear();
        unrecognised.clear();
        ignored.clear();
        learned_words.clear();
        // Room for the phrases and learned words of a typical program, so the list is not regrown as it fills.
        hits.reserve(48);
        let mut result = Understanding { hits, unrecognised, ignored, learned_words, learned: 0, language: None };
        scratch.begin(program, self);
        for field in TextField::LISTS {
            for (index, item) in program.items(field).iter().enumerate() {
                let before = result.hits.len() + result.ignored.len();
                self.read_field(&item.text, field, index, item.line, scratch, phrases, &mut result);
                if result.hits.len() + result.ignored.len() == before {
                    result.unrecognised.push((field, index));
                }
            }
        }
        // The name speaks too ("Bug bounty"), read after the text so its words do not
        // count toward telling the language; a name is never "unrecognised".
        let other_language = scratch.other_language(self);
        let (words_read, small_words) = (scratch.words_read, scratch.small_words);
        self.read_field(&program.name, TextField::Name, 0, program.source.line, scratch, phrases, &mut result);
        (scratch.words_read, scratch.small_words) = (words_read, small_words);
        if other_language.is_some() {
            result.language = other_language;
        } else if result.hits.len() <= 2 && scratch.few_small_words() {
            // Few phrases, and few of English's small words: is the text English at
            // all, or a stray loan word in another language?
            result.language = foreign_language(program);
        }
        if result.language.is_some() {
            result.hits.clear();
            result.ignored.clear();
            result.learned_words.clear();
            scratch.word_hits.clear();
        }
        if let Some(none) = &program.rewards_none {
            result.hits.push(Hit {
                fact: self.rewards_none,
                field: Some(TextField::Rewards),
                phrase: "rewards: none".into(),
                line: none.line,
                receiver: Some(Role::Participants),
                ..Hit::default()
            });
        }
        let declared = [
            (&program.platform, DECLARED_PLATFORM, "platform: true"),
            (&program.network_effect, DECLARED_NETWORK_EFFECT, "network_effect: true"),
        ];
        for (value, fact, phrase) in declared {
            if let (Some(d), Some(fact)) = (value.as_ref().filter(|d| d.value), self.fact_id(fact)) {
                result.hits.push(Hit { fact, phrase: phrase.into(), line: d.line, ..Hit::default() });
            }
        }
        // Learned words come last, after every phrase: an item with no phrase stays
        // listed as unrecognised, whatever words it holds.
        result.learned = scratch.word_hits.len();
        result.hits.append(&mut scratch.word_hits);
        result
    }

    /// Reads one item into `result`: its hits, and what it set aside.
    #[allow(clippy::too_many_arguments)]
    fn read_field(
        &self,
        text: &str,
        field: TextField,
        index: usize,
        line: Option<usize>,
        scratch: &mut Normalized,
        phrases: bool,
        result: &mut Understanding,
    ) {
        self.read_item(text, (field, index, line), scratch, phrases, |hit| match hit.fact {
            usize::MAX => result.ignored.push(Hit { fact: hit.negated_from.or(hit.reread_from).unwrap_or(0), ..hit }),
            _ => result.hits.push(hit),
        });
        // Each learned word counts once a program, where it is first found.
        for &(word, start, end) in &scratch.item_words {
            let (slot, bit) = (usize::from(word) / 64, 1u64 << (word % 64));
            if scratch.words_seen[slot] & bit != 0 {
                continue;
            }
            scratch.words_seen[slot] |= bit;
            result.learned_words.push(word);
            if phrases {
                scratch.word_hits.push(Hit {
                    fact: self.learned_fact,
                    field: Some(field),
                    item: index,
                    phrase: text[start..end].to_string(),
                    line,
                    word: Some(word),
                    ..Hit::default()
                });
            }
        }
    }

    /// Calls `found` with a hit for each recognised phrase of `text`, the item `index`
    /// of `field` at `line`; its `fact` is `usize::MAX` for a phrase that stands for
    /// nothing (negated, or an act set aside for who does it).
    fn read_item(
        &self,
        text: &str,
        (field, index, line): (TextField, usize, Option<usize>),
        scratch: &mut Normalized,
        phrases: bool,
        mut found: impl FnMut(Hit),
    ) {
        scratch.fill(text, self);
        let tokens = &scratch.tokens;
        // (start, end, fact) in tokens, end exclusive.
        let matches = &mut scratch.matches;
        matches.clear();
        for start in 0..tokens.len() {
            if tokens[start].id < self.vocabulary {
                self.phrases.matches_at(tokens, start, |end, fact| matches.push((start, end, fact)));
            }
        }
        // A word used as a verb ("guests rate their room"); a contribution that starts
        // with one is an act ("invite mates", "flag typos").
        if !self.verb_uses.is_empty() && scratch.item_flags & VERB_USE != 0 {
            for at in (0..tokens.len()).filter(|&at| self.flag(tokens[at].id) & VERB_USE != 0) {
                let first = self.verb_uses.partition_point(|&(id, _)| id < tokens[at].id);
                let uses = self.verb_uses[first..].iter().take_while(|&&(id, _)| id == tokens[at].id);
                let act = (at == 0 && field == TextField::Contributions)
                    || used_as_verb(tokens, at)
                    || self.after_to_or_another_act(tokens, at);
                for &(_, fact) in uses.filter(|_| act) {
                    matches.push((at, at + 1, fact));
                }
            }
        }
        let may_tell_an_event = self.one_event != usize::MAX && scratch.item_flags & EACH_OR_EVERY != 0;
        if matches.is_empty() && scratch.item_flags & TOGETHER == 0 && !may_tell_an_event {
            return;
        }
        // A phrase inside a longer phrase of another fact is part of that one
        // ("share" inside "revenue share"). Sorted by start, then longest first,
        // a span can only be inside one that comes before it, and it is inside one
        // exactly when it is inside the kept span that reaches furthest (the first
        // to reach that far): one pass, however long the text.
        matches.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        matches.dedup();
        let mut kept = 0;
        let mut furthest: Option<(usize, usize)> = None;
        for i in 0..matches.len() {
            let (s, e, _) = matches[i];
            let inside = furthest.is_some_and(|(fs, fe)| fe >= e && (fs, fe) != (s, e));
            if !inside {
                matches[kept] = matches[i];
                kept += 1;
                if furthest.is_none_or(|(_, fe)| e > fe) {
                    furthest = Some((s, e));
                }
            }
        }
        matches.truncate(kept);
        // Words that need only share a clause stand beside the phrases in a row they
        // span: they find what those phrases cannot, and take nothing from them.
        let clauses = &scratch.clauses;
        let clause_around = |start: usize, end: usize| (clauses.start(start), clauses.end(end, tokens.len()));
        if scratch.item_flags & TOGETHER != 0 {
            self.match_together(tokens, &scratch.together_at, clauses, matches);
        }
        if may_tell_an_event {
            self.match_one_event(tokens, matches);
        }
        matches.sort_unstable();
        let reported = &mut scratch.reported;
        reported.clear();
        let (field_actor, field_receiver) = field_roles(field);
        // Where the phrase before this one starts (`None` for the first): a negator
        // reaches past words no phrase claims ("no per-seat licence fees") but not past
        // another phrase, which it negates instead.
        let (mut previous_start, mut current_start) = (None, None);
        // Where the last negated phrase ends: a negator reaches over the rest of its
        // list ("lose sick pay, insurance and the minimum wage").
        let mut negated_list: Option<usize> = None;
        for &(start, end, named) in matches.iter() {
            if current_start != Some(start) {
                (previous_start, current_start) = (current_start, Some(start));
            }
            let own_negator = self.negator_before(tokens, start, previous_start);
            let in_list = own_negator.is_none()
                && negated_list.is_some_and(|after| {
                    after <= start && tokens[after..start].iter().all(|t| t.comma || self.joins_list(t.id))
                });
            let negator = own_negator.or(in_list.then_some(start));
            negated_list = match negator {
                Some(_) => Some(end),
                None => negated_list.filter(|&after| after > start),
            };
            let phrase_start = own_negator.unwrap_or(start);
            let clause = clause_around(start, end);
            // The clause names who acts only for an act ("we sell"), and who receives
            // only for money; a party or a thing named ("sellers", "tours") keeps its
            // field's roles.
            // A thing right after an act's verb is what the act makes or moves
            // ("our developers write plugins"): it is read as that act.
            let verb = (start > clause.0 && tokens[start - 1].cue & ACT != 0).then(|| start - 1);
            let is_act = verb.is_some() || tokens[start..end].iter().any(|t| t.cue & ACT != 0);
            let named_actor = is_act.then(|| self.actor_before(tokens, clause.0, verb.unwrap_or(start))).flatten();
            // The summary tells who does what a list names: "our developers write
            // plugins" makes `contributions: [plugins]` the organization's work too.
            let told = &scratch.summary_actors;
            let carried = match field {
                TextField::Summary => {
                    // Each (act, actor) once: a summary that says it a thousand times
                    // would otherwise be searched a thousand times for every list item.
                    if let Some(told) = named_actor.map(|role| (named, role)) {
                        if !scratch.summary_actors.contains(&told) {
                            scratch.summary_actors.push(told);
                        }
                    }
                    None
                }
                _ if named_actor.is_none() && told.iter().any(|&(f, r)| f == named && r == Role::Organization) => {
                    told.iter().all(|&(f, r)| f != named || r == Role::Organization).then_some(Role::Organization)
                }
                _ => None,
            };
            let is_act = is_act || carried.is_some();
            let actor = named_actor.or(carried).or(field_actor);
            let receiver = match self.to[named].iter().any(Option::is_some) {
                true => self.receiver(tokens, clause, start, end).or(field_receiver),
                false => field_receiver,
            };
            // Words before the organization's own people name them, not what is done:
            // "our survey crews", "our marketing team".
            let names_staff =
                end < clause.1 && self.flag(tokens[end].id) & STAFF != 0 && self.owned(tokens, clause.0, end);
            let (fact, negated_from, reread_from) = match negator {
                _ if names_staff => (usize::MAX, None, Some(named)),
                Some(_) => (self.negated_as[named].unwrap_or(usize::MAX), Some(named), None),
                None => match self.reread(tokens, clause, (start, end), is_act, named, actor, receiver) {
                    Some(target) => (target.unwrap_or(usize::MAX), None, Some(named)),
                    None => (named, None, None),
                },
            };
            // One piece of evidence per fact and item is enough.
            if reported.contains(&(fact, negated_from.or(reread_from))) {
                continue;
            }
            reported.push((fact, negated_from.or(reread_from)));
            let span = &tokens[phrase_start..end];
            let (phrase, corrected) = match phrases {
                // The author's own words, from the first word's first character to the last's end.
                true => {
                    (text[tokens[phrase_start].start..tokens[end - 1].end].to_string(), self.corrections(text, span))
                }
                false => (String::new(), Vec::new()),
            };
            let also = self.large_share.get(fact).copied().flatten().filter(|&(at_least, _)| {
                let around = (clause.0.max(phrase_start.saturating_sub(2)), start, end);
                self.platform_share(text, tokens, clause, around, field_actor).is_some_and(|share| share >= at_least)
            });
            if let Some((_, also)) = also.filter(|&(_, also)| !reported.contains(&(also, Some(fact)))) {
                reported.push((also, Some(fact)));
                let hit = Hit {
                    fact: also,
                    field: Some(field),
                    item: index,
                    phrase: phrase.clone(),
                    line,
                    actor,
                    receiver,
                    corrected: corrected.clone(),
                    ..Hit::default()
                };
                found(hit);
            }
            let (field, item) = (Some(field), index);
            found(Hit {
                fact,
                field,
                item,
                phrase,
                line,
                negated_from,
                actor,
                receiver,
                reread_from,
                corrected,
                word: None,
            });
        }
    }

    /// The share of a sale the platform keeps, as a phrase (`start..end`, with a
    /// number just before it from `from` on) names it. "Hosts keep 90%": the share
    /// participants keep leaves the rest to the platform; so does most of a sale kept
    /// by someone the clause does not name, since platforms rarely keep more than half.
    fn platform_share(
        &self,
        text: &str,
        tokens: &[Token],
        clause: (usize, usize),
        (from, start, end): (usize, usize, usize),
        field_actor: Option<Role>,
    ) -> Option<f64> {
        let share = self.share_named(text, tokens, from, end)?;
        let kept = tokens[from.max(start)..end].iter().any(|t| t.cue & RECEIVES != 0);
        let keeper = self.actor_before(tokens, clause.0, start).or(field_actor);
        let theirs = keeper == Some(Role::Participants) || (keeper.is_none() && share > 50.0);
        Some(if kept && theirs { 100.0 - share } else { share })
    }

    /// The largest share (a number followed by `%`) among `tokens[from..end]`.
    fn share_named(&self, text: &str, tokens: &[Token], from: usize, end: usize) -> Option<f64> {
        tokens[from..end]
            .windows(2)
            .filter(|pair| pair[0].id == self.number && pair[1].id == self.percent)
            .filter_map(|pair| number_value(&text[pair[0].start..pair[0].end]))
            .reduce(f64::max)
    }

    /// Adds (start, end, fact) for each set of words that share a clause in the
    /// order written, spanning from the first of them to the last.
    fn match_together(
        &self,
        tokens: &[Token],
        together_at: &[u32],
        clauses: &Clauses,
        matches: &mut Vec<(usize, usize, usize)>,
    ) {
        for &at in together_at {
            let (at, token) = (at as usize, &tokens[at as usize]);
            let clause = (clauses.start(at), clauses.end(at + 1, tokens.len()));
            // The words that follow within reach, as bits: most sets of words are
            // missing one, which the bits tell without a walk to find it.
            let reach = clause.1.min(at + 1 + TOGETHER_REACH * self.together_longest);
            let near = tokens[at + 1..reach.max(at + 1)].iter().fold(0u64, |bits, t| bits | id_bit(t.id));
            let first = self.together_first.get(token.id as usize).map_or(self.together.len(), |&at| at as usize);
            for (_, rest, fact) in
                self.together.get(first..).unwrap_or(&[]).iter().take_while(|(anchor, ..)| *anchor == token.id)
            {
                if rest.iter().any(|&id| near & id_bit(id) == 0) {
                    continue;
                }
                let (start, mut end) = (at, at + 1);
                // In the order written: "bring … new" is not "each new buyer brings".
                let found = rest.iter().all(|&id| {
                    match (end..clause.1.min(end + TOGETHER_REACH)).find(|&i| tokens[i].id == id) {
                        Some(i) => {
                            end = i + 1;
                            true
                        }
                        None => false,
                    }
                });
                if found {
                    matches.push((start, end, *fact));
                }
            }
        }
    }

    /// Adds (start, end, `one_event`) for each sentence in which one event serves several
    /// parties: it starts from "each" or "every" and a thing, not a party ("each empty
    /// seat a rider fills"), and its verbs of giving or receiving hand value to two
    /// parties or more ("… gives the rider a cheap lift and earns Seatshare a fee").
    fn match_one_event(&self, tokens: &[Token], matches: &mut Vec<(usize, usize, usize)>) {
        let party = |t: &Token| (t.cue | t.lead) & (ORGANIZATION | PARTICIPANTS | OTHERS);
        let mut start = 0;
        while start < tokens.len() {
            // The sentence: commas join the list of what the event does.
            let end =
                tokens[start..].iter().position(|t| t.id == CLAUSE && !t.comma).map_or(tokens.len(), |i| start + i);
            let sentence = &tokens[start..end];
            let from_each = sentence.iter().take(2).position(|t| self.each_every.contains(&t.id));
            // What is counted: the words after "each" up to a verb or a clause of its own.
            let event_is_a_thing = from_each.is_some_and(|at| {
                let named = sentence[at + 1..]
                    .iter()
                    .take_while(|t| !t.determined && t.id != CLAUSE && t.cue & (GIVES | RECEIVES | ACT) == 0);
                named.clone().next().is_some() && named.map(party).all(|bits| bits == 0)
            });
            if event_is_a_thing {
                // Who each verb of giving or receiving hands value to: the parties right after it.
                let mut receivers = 0u8;
                for (at, _) in sentence.iter().enumerate().filter(|(_, t)| t.cue & (GIVES | RECEIVES) != 0) {
                    for t in sentence[at + 1..].iter().take_while(|t| party(t) != 0 || self.joins_list(t.id)) {
                        receivers |= party(t);
                    }
                }
                if receivers.count_ones() >= 2 {
                    matches.push((start, end, self.one_event));
                }
            }
            start = end + 1;
        }
    }

    /// "selers → seller" for each misspelt word of a phrase.
    fn corrections(&self, text: &str, span: &[Token]) -> Vec<(String, String)> {
        span.iter()
            .filter(|t| t.corrected)
            .map(|t| (text[t.start..t.end].to_string(), self.spelled[t.id as usize].clone()))
            .collect()
    }

    /// What a phrase means given who does it and who receives what moves: `None`
    /// when that changes nothing, `Some(None)` when it then stands for nothing.
    #[allow(clippy::too_many_arguments)]
    fn reread(
        &self,
        tokens: &[Token],
        clause: (usize, usize),
        (start, end): (usize, usize),
        is_act: bool,
        fact: usize,
        actor: Option<Role>,
        receiver: Option<Role>,
    ) -> Option<Option<usize>> {
        let by = &self.by[fact];
        // Asked for or talked about, not done: "request new features", "feedback on new features".
        let flag_at = |at: usize| self.flag(tokens[at].id);
        let asked = (start > clause.0 && flag_at(start - 1) & ASKS != 0)
            || (start > clause.0 + 1 && flag_at(start - 1) & ABOUT != 0 && flag_at(start - 2) & ASKS != 0);
        if let Some(target) = by[3].filter(|_| asked) {
            return Some(target);
        }
        // What a reward waits for, not a gain: "credit after the friend's first trip".
        let on_condition = start > clause.0 && flag_at(start - 1) & CONDITION != 0;
        if let Some(target) = by[4].filter(|_| on_condition) {
            return Some(target);
        }
        if is_act && by[..3].iter().any(Option::is_some) {
            let key = match actor {
                Some(Role::Organization) => Some(0),
                Some(Role::Others) => Some(1),
                // Participants selling or promoting the organization's own goods.
                // What is sold is the organization's ("sell our coffee", "sell the
                // company's products"), or it is sold to people the seller knows
                // ("sell policies to people they know").
                _ => {
                    let in_phrase = tokens[start + 1..end].iter().any(|t| t.lead & ORGANIZATION != 0);
                    let after = tokens[end..clause.1.min(end + 2)].iter().any(|t| (t.cue | t.lead) & ORGANIZATION != 0);
                    (in_phrase || after || self.sold_to_network(&tokens[start + 1..clause.1])).then_some(2)
                }
            };
            if let Some(target) = key.and_then(|k| by[k]) {
                return Some(target);
            }
        }
        let to = &self.to[fact];
        if to.iter().any(Option::is_some) {
            let key = match receiver {
                Some(Role::Participants) => 0,
                Some(Role::Organization) => 1,
                Some(Role::Others) => 2,
                None => 3,
            };
            return to[key];
        }
        None
    }

    /// Whether the word at `at` follows "to" ("to list") or joins an act before it
    /// ("cook and list menus"): the places a verb stands that a noun seldom does.
    fn after_to_or_another_act(&self, tokens: &[Token], at: usize) -> bool {
        let before = |back: usize| at.checked_sub(back).map(|i| tokens[i]);
        match before(1) {
            Some(t) if t.id == self.sold_to => true,
            Some(t) if self.joins_list(t.id) => before(2).is_some_and(|verb| verb.cue & ACT != 0),
            _ => false,
        }
    }

    /// Whether `after` (the words after a sale's verb) sells to people the seller knows: "to"
    /// and then a word of `cues.network` ("to their friends", "to people they know"), each
    /// within sixteen words ("sell tablets and annual subscriptions to families"), so that
    /// a clause thousands of words long is not walked again for every sale in it.
    fn sold_to_network(&self, after: &[Token]) -> bool {
        const NEAR: usize = 16;
        let to = after.iter().take(NEAR).position(|t| t.id == self.sold_to);
        to.is_some_and(|to| after[to + 1..].iter().take(NEAR).any(|t| self.flag(t.id) & NETWORK != 0))
    }

    /// The party named nearest before `at` in its clause, the one doing what follows. A
    /// possessive ("our", "their") says whose a thing is, not who acts ("players of our
    /// game sell"), so it counts only where the clause names no party before the act;
    /// but people the organization owns are the organization ("our developers").
    fn actor_before(&self, tokens: &[Token], clause_start: usize, at: usize) -> Option<Role> {
        // Not further back than a long sentence's reach: a clause thousands of words long
        // would otherwise be walked again for every phrase in it.
        let from = clause_start.max(at.saturating_sub(ACTOR_REACH));
        let named = (from..at).rev().filter_map(|i| role_of(tokens[i].cue).map(|role| (i, role))).find(|&(i, role)| {
            !tokens[i].possessive && !self.after_preposition(tokens, clause_start, i, |t| role_of(t.cue) == Some(role))
        });
        if let Some((i, role)) = named {
            return match self.flag(tokens[i].id) & STAFF != 0 && self.owned(tokens, clause_start, i) {
                true => Some(Role::Organization),
                false => Some(role),
            };
        }
        (from..=at.min(tokens.len().saturating_sub(1)))
            .rev()
            .filter(|&i| tokens[i].lead != 0 && !self.after_preposition(tokens, clause_start, i, |_| false))
            .find_map(|i| role_of(tokens[i].lead))
    }

    /// Whether the party named at `at` (with the words before it that `same` says name
    /// it too: "Kiln Street") follows a preposition: "on Loomhall", "to buyers".
    fn after_preposition(
        &self,
        tokens: &[Token],
        clause_start: usize,
        at: usize,
        same: impl Fn(&Token) -> bool,
    ) -> bool {
        let first = (clause_start..at).rev().take_while(|&i| same(&tokens[i])).last().unwrap_or(at);
        !tokens[at].antecedent && first > clause_start && self.flag(tokens[first - 1].id) & PREPOSITION != 0
    }

    /// Whether the organization owns what `tokens[at]` names: its possessive ("our",
    /// "its") or name comes within the two words before ("our own survey crews").
    fn owned(&self, tokens: &[Token], clause_start: usize, at: usize) -> bool {
        (clause_start.max(at.saturating_sub(2))..=at)
            .rev()
            .take_while(|&i| i == at || role_of(tokens[i].cue & !ORGANIZATION).is_none())
            .any(|i| tokens[i].lead & ORGANIZATION != 0 || (i != at && tokens[i].cue & ORGANIZATION != 0))
    }

    /// Whether a word joins the items of a list ("and", "or").
    fn joins_list(&self, id: u32) -> bool {
        self.list_joins.contains(&id)
    }

    /// A word's flags, by its id (none for words the lexicon does not know).
    fn flag(&self, id: u32) -> u32 {
        self.flags.get(id as usize).copied().unwrap_or(0)
    }

    /// Who receives what a clause's money phrase speaks of: the one acting when its
    /// verb receives ("members earn"), the other side when it gives ("we pay",
    /// "customers pay"); `None` when the clause has no such verb or no actor.
    fn receiver(&self, tokens: &[Token], clause: (usize, usize), start: usize, end: usize) -> Option<Role> {
        // The verb nearest the phrase, within it or before it in its clause.
        let verb = (clause.0.max(start.saturating_sub(ACTOR_REACH))..end)
            .rev()
            .find(|&i| tokens[i].cue & (GIVES | RECEIVES) != 0)?;
        // "Drivers are paid": a giving verb turned around receives.
        let turned = verb > clause.0 && self.flag(tokens[verb - 1].id) & PASSIVE != 0;
        let gives = tokens[verb].cue & GIVES != 0 && !turned;
        // Who is paid is the clause's subject, named first ("drivers upload photos for
        // the map and are paid"), not whatever party comes nearest before the verb.
        let actor = match turned {
            true => (clause.0.max(verb.saturating_sub(ACTOR_REACH))..verb)
                .find(|&i| role_of(tokens[i].cue).is_some() || self.flag(tokens[i].id) & STAFF != 0)
                .and_then(|first| self.actor_before(tokens, clause.0, first + 1)),
            false => self.actor_before(tokens, clause.0, verb.min(start)),
        };
        // "Potters keep 90% of each sale": a share others than the organization keep is
        // their own takings, and the rest goes to the organization, as if they paid it.
        let kept_share = self.flag(tokens[verb].id) & KEEPS != 0
            && tokens[verb..end].windows(2).any(|pair| pair[0].id == self.number && pair[1].id == self.percent);
        if kept_share && actor.is_some_and(|role| role != Role::Organization) {
            return Some(Role::Organization);
        }
        match (gives, actor) {
            (false, actor) => Some(actor.unwrap_or(Role::Participants)),
            (true, Some(Role::Organization)) => Some(Role::Participants),
            (true, Some(_)) => Some(Role::Organization),
            (true, None) => None,
        }
    }

    /// The token a negator starts at, among the few words before `start`, in the same
    /// clause. A negator negates the first thing it meets: where no phrase starts
    /// between it and `start` (the nearest phrase before starts at `previous`), it
    /// reaches twice as far, over the modifiers of a noun ("no fatigue or safety checks").
    fn negator_before(&self, tokens: &[Token], start: usize, previous: Option<usize>) -> Option<usize> {
        for (words, at) in (0..start).rev().enumerate() {
            let id = tokens[at].id;
            let reach = match previous.is_some_and(|p| p >= at) {
                true => self.window,
                false => 2 * self.window,
            };
            if id == CLAUSE || words >= reach {
                return None;
            }
            // A token's cue carries its word's `NEGATOR` flag (the program's own cues
            // add other bits only).
            if tokens[at].cue & NEGATOR != 0 {
                return Some(at);
            }
        }
        None
    }
}

/// A word id as one of 64 bits, for sets of words that may hold false positives.
fn id_bit(id: u32) -> u64 {
    1 << (id.wrapping_mul(0x9E37_79B9) >> 26)
}

/// Whether the word at `at` is used as a verb: a party names who does it right
/// before ("users flag", "members share"), or a determiner or quantifier introduces
/// what it is done to right after ("rate their room", "share a link").
fn used_as_verb(tokens: &[Token], at: usize) -> bool {
    used_on_something(tokens, at) || (at > 0 && role_of(tokens[at - 1].cue).is_some())
}

/// Whether a determiner or quantifier right after the word at `at` introduces what it
/// is done to ("share a link", "rate each update").
fn used_on_something(tokens: &[Token], at: usize) -> bool {
    tokens.get(at + 1).is_some_and(|next| next.determined || next.quantifier)
}

/// Where an item's clause ends (`CLAUSE` tokens) stand, noted as its tokens are
/// read: the clause around tokens `start..end` is found by two searches of a few
/// places, however long the item, without a walk.
#[derive(Default)]
struct Clauses {
    ends: Vec<u32>,
}

impl Clauses {
    /// The first token after the last clause end before token `at`.
    fn start(&self, at: usize) -> usize {
        match self.ends.partition_point(|&end| (end as usize) < at) {
            0 => 0,
            k => self.ends[k - 1] as usize + 1,
        }
    }

    /// The first clause end at or after token `at`, or `len` (the item's tokens).
    fn end(&self, at: usize, len: usize) -> usize {
        self.ends.get(self.ends.partition_point(|&end| (end as usize) < at)).map_or(len, |&end| end as usize)
    }
}

/// The language of a program's text when it is reliably not English, by name (for
/// text the reading found few of English's small words in).
fn foreign_language(program: &Program) -> Option<&'static str> {
    let text: Vec<&str> =
        TextField::LISTS.into_iter().flat_map(|field| program.items(field)).map(|item| item.text.as_str()).collect();
    let info = whatlang::detect(&text.join(". "))?;
    (info.lang() != whatlang::Lang::Eng && info.confidence() >= 0.5).then(|| info.lang().eng_name())
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
            by: BTreeMap::new(),
            to: BTreeMap::new(),
            large_share: None,
        };
        let mut facts = BTreeMap::new();
        facts.insert("referral".into(), fact(&["refer a friend", "refer", "invite"], None));
        facts.insert("commission".into(), fact(&["commission", "# % of", "revenue share"], Some("unpaid")));
        facts.insert("promotion".into(), fact(&["share"], None));
        facts.insert("backing".into(), fact(&["back", "backer", "pledge"], None));
        facts.insert("unpaid".into(), fact(&["unpaid", "volunteer"], None));
        facts.insert("money".into(), fact(&["pay"], None));
        facts.insert("newcomers".into(), fact(&["bring … new"], None));
        facts.insert("growth".into(), fact(&["brings in sales"], None));
        let negators: Vec<String> = ["no", "not", "without", "dont"].iter().map(|s| s.to_string()).collect();
        Lexicon::from_facts(&facts, &negators, 3, "unpaid", &Cues::default(), 6)
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
    fn a_run_of_lowercase_letters_ends_at_the_first_other_byte() {
        // Every byte value at every place of a run, read from several starts: eight
        // bytes at a time and one at a time must agree.
        for len in 0..20 {
            for place in 0..len {
                for byte in 0..=255u8 {
                    let mut text = vec![b'q'; len];
                    text[place] = byte;
                    for at in 0..=len {
                        let expected = text[at..].iter().position(|b| !b.is_ascii_lowercase()).map_or(len, |n| at + n);
                        assert_eq!(lowercase_run_end(&text, at), expected, "{text:?} from {at}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_word_table_finds_every_word_it_holds_and_no_other() {
        let mut table = WordTable::default();
        let mut expected = HashMap::default();
        let letters = ["a", "b", "é", "z", "ab", "ba"];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            words = words.iter().flat_map(|w| letters.iter().map(move |l| format!("{w}{l}"))).collect();
            for (i, word) in words.iter().enumerate().filter(|(i, _)| i % 3 != 0) {
                table.entry(word).id = i as u32;
                expected.insert(word.clone(), i as u32);
            }
        }
        words.extend(["", "a", "abababababab", "ababab\u{e9}"].map(String::from));
        for word in &words {
            assert_eq!(table.get(word).map(|w| w.id), expected.get(word).copied(), "{word:?}");
        }
        assert!(table.slots.len() >= 2 * table.short, "at most half full");
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
        let word = |form: &str| canon.get(form).and_then(|&i| vocabulary.iter().nth(i as usize)).map(String::as_str);
        assert_eq!(word("inviting"), Some("invite"));
        assert_eq!(word("friends"), None, "a vocabulary word is read as written");
        let words = vec!["invite".to_string(), "friend".to_string()];
        assert_eq!(phrase_variants(&words, &vocabulary_forms(&vocabulary)), [" invite friend ", " invite friends "]);
        assert_eq!(canon_for(&["films".to_string()].into()).get("film"), Some(&0), "film → films");
        assert_eq!(canon_for(&["send".to_string()].into()).get("sent"), Some(&0), "sent → send");
        // "them" is no form of "theme": no variant reaches it.
        assert_eq!(phrase_variants(&["theme".to_string()], &vocabulary_forms(&vocabulary)), [" theme "]);
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
    fn a_negator_denies_the_first_phrase_it_meets_however_many_modifiers_come_first() {
        assert_eq!(
            read(TextField::Rewards, "no really big new commission"),
            pairs(&[("unpaid", "no really big new commission")])
        );
        // Another phrase in between takes the negation; the later one keeps its meaning.
        assert_eq!(
            read(TextField::Rewards, "no invite but big new commission"),
            pairs(&[("commission", "commission")])
        );
    }

    #[test]
    fn a_negator_reaches_over_the_rest_of_its_list() {
        // ("no pay" stands for nothing here, so only the list's second item is a hit.)
        let unpaid = pairs(&[("unpaid", "commission")]);
        assert_eq!(read(TextField::Rewards, "no pay, commission"), unpaid);
        assert_eq!(read(TextField::Rewards, "no pay, or commission"), unpaid);
        // A full stop, or any other word between, ends the list.
        let paid = pairs(&[("commission", "commission")]);
        assert_eq!(read(TextField::Rewards, "no pay. commission"), paid);
        assert_eq!(read(TextField::Rewards, "no pay, then commission"), paid);
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
    fn words_that_share_a_clause_are_read_in_order_and_in_each_form() {
        let newcomers = |text: &str| read(TextField::Summary, text).iter().filter(|(f, _)| f == "newcomers").count();
        assert_eq!(newcomers("Members bring many new people"), 1);
        // "brings" is a vocabulary word of its own ("brings in sales"), and still a form of "bring".
        assert_eq!(newcomers("Each member brings a new person"), 1);
        assert_eq!(newcomers("Each new member brings ideas"), 0);
    }

    #[test]
    fn fillers_do_not_stand_between_words() {
        assert_eq!(read(TextField::Summary, "Refer your friends"), pairs(&[("referral", "Refer your friends")]));
    }

    /// A lexicon with cues, and facts read differently by who acts or receives.
    fn lexicon_with_cues() -> Lexicon {
        let fact = |phrases: &[&str], by: &[(&str, Option<&str>)], to: &[(&str, Option<&str>)]| FactDef {
            description: String::new(),
            phrases: phrases.iter().map(|p| p.to_string()).collect(),
            negated: None,
            by: by.iter().map(|(k, v)| (k.to_string(), v.map(str::to_string))).collect(),
            to: to.iter().map(|(k, v)| (k.to_string(), v.map(str::to_string))).collect(),
            large_share: None,
        };
        let mut facts = BTreeMap::new();
        facts.insert(
            "promotion".into(),
            fact(&["promote", "campaign"], &[("organization", None), ("asked_for", None)], &[]),
        );
        let sell_by = [("organization", Some("own_sales")), ("for_organization", Some("promotion"))];
        facts.insert("trade".into(), fact(&["sell"], &sell_by, &[]));
        facts.insert("own_sales".into(), fact(&[], &[], &[]));
        facts.insert("sellers".into(), fact(&["sellers"], &[], &[]));
        facts.insert(
            "money".into(),
            fact(&["cash", "pay"], &[], &[("organization", Some("money_in")), ("unknown", None)]),
        );
        facts.insert("money_in".into(), fact(&["funded", "pay upfront"], &[], &[]));
        facts.insert("nothing".into(), fact(&["nothing"], &[], &[]));
        facts.insert("code".into(), fact(&["plugins", "write code"], &[("organization", Some("in_house"))], &[]));
        facts.insert("in_house".into(), fact(&[], &[], &[]));
        facts.insert("reviews".into(), fact(&["rating", "rate +"], &[], &[]));
        facts.insert("referral".into(), fact(&["share a link", "share offer"], &[("organization", None)], &[]));
        facts.insert("commission".into(), fact(&["% of each sale"], &[], &[("organization", Some("fee_paid"))]));
        facts.insert("fee_paid".into(), fact(&[], &[], &[]));
        facts.insert("friend_gains".into(), fact(&["friend's first"], &[("on_condition", None)], &[]));
        facts.insert("others_bear".into(), fact(&["friends … have to"], &[], &[]));
        let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let cues = Cues {
            organization: words(&["we", "our", "company"]),
            participants: words(&["customers", "members", "developers"]),
            others: words(&["friends"]),
            gives: words(&["pay"]),
            receives: words(&["earn", "paid", "keep"]),
            acts: words(&["sell", "promote", "write", "rate", "share +"]),
            asks: words(&["request", "feedback"]),
            about: words(&["on"]),
            staff: words(&["developers", "team"]),
            passive: words(&["are", "get"]),
            network: words(&["friends", "know"]),
            keeps: words(&["keep"]),
            prepositions: words(&["on", "to"]),
            conditions: words(&["after"]),
        };
        Lexicon::from_facts(&facts, &[], 3, "nothing", &cues, 6)
    }

    /// (fact, set aside?) for each phrase of `field: text` in a program run by Acme Farms.
    fn read_with_cues(field: TextField, text: &str) -> Vec<(String, bool)> {
        let lexicon = lexicon_with_cues();
        let mut program = Program::new("P", Source::line("t.yaml", 1));
        program.organization = Some("Acme Farms".into());
        program.items_mut(field).push(Item { text: text.into(), line: Some(3) });
        let understood = lexicon.understand(&program, &mut Normalized::default());
        let kept = understood.hits.iter().map(|h| (lexicon.facts[h.fact].clone(), false));
        kept.chain(understood.ignored.iter().map(|h| (lexicon.facts[h.fact].clone(), true))).collect()
    }

    fn facts(list: &[(&str, bool)]) -> Vec<(String, bool)> {
        list.iter().map(|(f, aside)| (f.to_string(), *aside)).collect()
    }

    #[test]
    fn a_share_kept_is_the_keepers_own_takings() {
        // Members keeping most of a sale pay the rest: no commission to them.
        let kept = read_with_cues(TextField::Summary, "Members keep 90% of each sale");
        assert_eq!(kept, facts(&[("fee_paid", false)]));
        let earned = read_with_cues(TextField::Summary, "Members earn 10% of each sale");
        assert_eq!(earned, facts(&[("commission", false)]));
        // The organization keeping a share receives it.
        assert_eq!(read_with_cues(TextField::Summary, "Acme keeps 10% of each sale"), facts(&[("fee_paid", false)]));
    }

    #[test]
    fn a_party_after_a_preposition_is_no_actor() {
        let sold = read_with_cues(TextField::Summary, "Members open a stall on Acme Farms and sell cakes");
        assert_eq!(sold, facts(&[("trade", false)]));
        // Unless a relative clause says what it does: "Acme Farms, which sells cakes".
        let sold = read_with_cues(TextField::Summary, "Members shop on Acme Farms, which sells cakes");
        assert_eq!(sold, facts(&[("own_sales", false)]));
    }

    #[test]
    fn the_participants_are_named_by_their_head_nouns() {
        let lexicon = lexicon_with_cues();
        let read = |participants: &str| {
            let mut program = Program::new("P", Source::line("t.yaml", 1));
            program.items_mut(TextField::Participants).push(Item { text: participants.into(), line: Some(2) });
            program.items_mut(TextField::Summary).push(Item { text: "The plan pays cash".into(), line: Some(3) });
            let understood = lexicon.understand(&program, &mut Normalized::default());
            understood.hits.iter().map(|h| lexicon.facts[h.fact].clone()).collect::<Vec<_>>()
        };
        // "plan" qualifies who the bakers are; it names nobody, so nobody named pays.
        assert!(read("bakers on a weekly plan").is_empty());
        // "plan holders" names the holders, not the plan; "the plan" alone names it.
        assert!(read("plan holders and bakers").is_empty());
        assert_eq!(read("bakers and the plan"), ["money_in"]);
    }

    #[test]
    fn one_event_that_serves_several_parties() {
        let mut facts = BTreeMap::new();
        let none = FactDef {
            description: String::new(),
            phrases: Vec::new(),
            negated: None,
            by: BTreeMap::new(),
            to: BTreeMap::new(),
            large_share: None,
        };
        facts.insert(crate::models::ONE_EVENT.to_string(), none);
        let cues = Cues {
            participants: vec!["members".into()],
            others: vec!["riders".into()],
            organization: vec!["we".into(), "us".into()],
            gives: vec!["give".into()],
            receives: vec!["earn".into()],
            ..Cues::default()
        };
        let mut lexicon = Lexicon::from_facts(&facts, &[], 3, crate::models::ONE_EVENT, &cues, 6);
        lexicon.one_event = lexicon.ids[crate::models::ONE_EVENT];
        let read = |text: &str| {
            let mut program = Program::new("P", Source::line("t.yaml", 1));
            program.items_mut(TextField::Summary).push(Item { text: text.into(), line: Some(3) });
            lexicon.understand(&program, &mut Normalized::default()).hits.len()
        };
        assert_eq!(read("Each seat a rider fills gives the rider a lift and earns us a fee."), 1);
        // A party counted is no event; one party served is no several.
        assert_eq!(read("Every member gives riders a lift and earns us a fee."), 0);
        assert_eq!(read("Each seat a rider fills gives the rider a lift."), 0);
    }

    #[test]
    fn a_possessive_owns_and_does_not_act() {
        // "members' cakes" names whose cakes they are: "we" are the ones who sell.
        let owned = read_with_cues(TextField::Summary, "We collect members' cakes and sell them");
        assert_eq!(owned, facts(&[("own_sales", false)]));
        assert_eq!(
            read_with_cues(TextField::Summary, "Members collect cakes and sell them"),
            facts(&[("trade", false)])
        );
    }

    #[test]
    fn what_a_reward_waits_for_is_no_gain() {
        let waits = read_with_cues(TextField::Rewards, "$10 credit after the friend's first trip");
        assert_eq!(waits, facts(&[("friend_gains", true)]));
        let gains = read_with_cues(TextField::Rewards, "$10 off the friend's first trip");
        assert_eq!(gains, facts(&[("friend_gains", false)]));
    }

    #[test]
    fn a_relative_clause_goes_on_with_what_it_describes() {
        let text = "Members invite friends, who have to wait";
        assert_eq!(read_with_cues(TextField::Summary, text), facts(&[("others_bear", false)]));
        // Another clause after a comma is another clause.
        assert_eq!(read_with_cues(TextField::Summary, "Members invite friends, then have to wait"), facts(&[]));
    }

    #[test]
    fn words_that_share_a_clause_stand_near_each_other() {
        let near = "friends of members have to wait";
        assert_eq!(read_with_cues(TextField::Summary, near), facts(&[("others_bear", false)]));
        let far = "friends of members who joined in the first two years of the scheme have to wait";
        assert_eq!(read_with_cues(TextField::Summary, far), facts(&[]));
    }

    #[test]
    fn an_act_is_read_for_who_does_it() {
        // The company promoting its own product is no participant promoting.
        assert_eq!(read_with_cues(TextField::Summary, "We promote the camera"), facts(&[("promotion", true)]));
        assert_eq!(read_with_cues(TextField::Summary, "Acme promotes the camera"), facts(&[("promotion", true)]));
        assert_eq!(read_with_cues(TextField::Summary, "Members promote the camera"), facts(&[("promotion", false)]));
        // Under `contributions` the participants act unless the clause names another.
        assert_eq!(read_with_cues(TextField::Contributions, "promote the camera"), facts(&[("promotion", false)]));
        // "or" is no spelling of "our": nobody from the organization is named here.
        assert_eq!(read_with_cues(TextField::Summary, "Bakers or cooks sell cakes"), facts(&[("trade", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "We sell our own cakes"), facts(&[("own_sales", false)]));
        assert_eq!(
            read_with_cues(TextField::Summary, "Members sell our products to friends"),
            facts(&[("promotion", false)])
        );
        // Sold to people the seller knows: marketing for the organization.
        let known = "Agents sell policies to people they know";
        assert_eq!(read_with_cues(TextField::Summary, known), facts(&[("promotion", false)]));
        let strangers = "Agents sell policies to people nearby";
        assert_eq!(read_with_cues(TextField::Summary, strangers), facts(&[("trade", false)]));
        // A party named as a noun is no act: the platform's sellers stay sellers.
        assert_eq!(read_with_cues(TextField::Summary, "We welcome sellers"), facts(&[("sellers", false)]));
        // A possessive says whose a thing is, not who acts.
        assert_eq!(read_with_cues(TextField::Summary, "Members of our club sell cakes"), facts(&[("trade", false)]));
        // The actor does not reach across a clause.
        assert_eq!(read_with_cues(TextField::Summary, "We listen. Members promote it"), facts(&[("promotion", false)]));
    }

    #[test]
    fn a_later_capitalised_word_of_the_name_names_the_organization_only_when_capitalised() {
        // The organization here is "Acme Farms": "Farms" is its name, "farms" are farms.
        assert_eq!(read_with_cues(TextField::Summary, "Farms sell cakes"), facts(&[("own_sales", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "Many farms sell cakes"), facts(&[("trade", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "Acme sells cakes"), facts(&[("own_sales", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "acme sells cakes"), facts(&[("own_sales", false)]));
    }

    #[test]
    fn people_the_organization_owns_are_the_organization() {
        assert_eq!(read_with_cues(TextField::Summary, "Developers write plugins"), facts(&[("code", false)]));
        // (Sentences of a few more words, or the reading may take them for another language.)
        let ours = "Our developers write the plugins for the app";
        assert_eq!(read_with_cues(TextField::Summary, ours), facts(&[("in_house", false)]));
        let owned = "Acme's own developers write the plugins for the app";
        assert_eq!(read_with_cues(TextField::Summary, owned), facts(&[("in_house", false)]));
        // What names the organization's people is no act of theirs: "our plugin team".
        assert_eq!(read_with_cues(TextField::Summary, "Our plugin team helps"), facts(&[("code", true)]));
    }

    #[test]
    fn the_summary_tells_who_does_what_a_list_names() {
        let lexicon = lexicon_with_cues();
        let read = |summary: &str| {
            let mut program = Program::new("P", Source::line("t.yaml", 1));
            program.items_mut(TextField::Summary).push(Item { text: summary.into(), line: Some(2) });
            program.items_mut(TextField::Contributions).push(Item { text: "plugins".into(), line: Some(3) });
            let understood = lexicon.understand(&program, &mut Normalized::default());
            let contributed = understood.hits.iter().find(|h| h.field == Some(TextField::Contributions));
            contributed.map(|h| lexicon.facts[h.fact].clone())
        };
        assert_eq!(read("Our developers write the plugins for the app.").as_deref(), Some("in_house"));
        assert_eq!(read("Members write plugins.").as_deref(), Some("code"));
        // Where the summary names both, the list keeps its own reading.
        let both = "Our developers write the plugins for the app, and members write plugins too.";
        assert_eq!(read(both).as_deref(), Some("code"));
    }

    #[test]
    fn a_giving_verb_turned_around_receives() {
        assert_eq!(read_with_cues(TextField::Summary, "Members pay cash"), facts(&[("money_in", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "Members are paid in cash"), facts(&[("money", false)]));
        // Who is paid is the clause's subject, not the party named nearest.
        assert_eq!(
            read_with_cues(TextField::Summary, "Members sell to buyers and get paid cash"),
            facts(&[("trade", false), ("money", false)])
        );
    }

    #[test]
    fn a_modifier_may_stand_before_a_phrases_last_word() {
        assert_eq!(read_with_cues(TextField::Summary, "Members write app code"), facts(&[("code", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "Members write all of the app code"), facts(&[("code", false)]));
        // A quantifier after the modifier ("care of the") parts them.
        assert_eq!(read_with_cues(TextField::Summary, "Members write care of the code"), facts(&[]));
        // The organization's name may be the modifier.
        assert_eq!(read_with_cues(TextField::Summary, "Members write Acme code"), facts(&[("code", false)]));
        // Two modifiers, or a clause between, and the words are no longer one phrase.
        assert_eq!(read_with_cues(TextField::Summary, "Members write new app code"), facts(&[]));
        assert_eq!(read_with_cues(TextField::Summary, "Members write. Code"), facts(&[]));
    }

    #[test]
    fn a_word_used_as_a_verb_is_read_as_one() {
        assert_eq!(read_with_cues(TextField::Summary, "Guests rate their room"), facts(&[("reviews", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "Guests rate each stay"), facts(&[("reviews", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "A flat rate applies"), facts(&[]));
        // A party right before it names who does it: a terse "members rate stays".
        assert_eq!(read_with_cues(TextField::Summary, "members rate stays"), facts(&[("reviews", false)]));
        // A contribution that starts with it is an act: "rate stays".
        assert_eq!(read_with_cues(TextField::Contributions, "rate stays"), facts(&[("reviews", false)]));
        assert_eq!(read_with_cues(TextField::Rewards, "rate stays"), facts(&[]));
        // "share +" is an act only where it is used on something.
        assert_eq!(read_with_cues(TextField::Summary, "Our team shares a link"), facts(&[("referral", true)]));
        assert_eq!(read_with_cues(TextField::Summary, "Our share offer"), facts(&[("referral", false)]));
    }

    #[test]
    fn a_giving_verb_with_pre_is_done_up_front() {
        for text in ["Customers prepay", "Customers pre-pay", "Customers make a pre-payment"] {
            assert_eq!(read_with_cues(TextField::Summary, text), facts(&[("money_in", false)]), "{text}");
        }
        assert_eq!(read_with_cues(TextField::Summary, "Pre-register"), facts(&[]));
    }

    #[test]
    fn what_is_asked_for_or_talked_about_is_not_done() {
        assert_eq!(read_with_cues(TextField::Summary, "Members run a campaign"), facts(&[("promotion", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "Members request a campaign"), facts(&[("promotion", true)]));
        assert_eq!(read_with_cues(TextField::Summary, "Feedback on the campaign"), facts(&[("promotion", true)]));
        // A fact with nothing to stand for when asked for is read as it is.
        assert_eq!(read_with_cues(TextField::Summary, "Members request to sell"), facts(&[("trade", false)]));
    }

    #[test]
    fn money_is_read_for_who_receives_it() {
        assert_eq!(read_with_cues(TextField::Summary, "Customers pay up front"), facts(&[("money_in", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "We pay members in cash"), facts(&[("money", false)]));
        assert_eq!(read_with_cues(TextField::Summary, "Members earn cash"), facts(&[("money", false)]));
        assert_eq!(read_with_cues(TextField::Rewards, "cash"), facts(&[("money", false)]));
        // Money mentioned with nobody receiving it stands for nothing.
        assert_eq!(read_with_cues(TextField::Summary, "Cash is accepted"), facts(&[("money", true)]));
    }

    #[test]
    fn a_slip_in_a_long_word_is_read_as_the_word() {
        let lexicon = lexicon_with_cues();
        let mut program = Program::new("P", Source::line("t.yaml", 1));
        for (line, text) in [(3, "Selers list"), (4, "sellres"), (5, "selllers")] {
            program.items_mut(TextField::Summary).push(Item { text: text.into(), line: Some(line) });
        }
        let understood = lexicon.understand(&program, &mut Normalized::default());
        assert_eq!(understood.hits.len(), 3, "{understood:?}");
        let corrected: Vec<_> = understood.hits.iter().flat_map(|h| &h.corrected).map(|c| c.0.as_str()).collect();
        assert_eq!(corrected, ["Selers", "sellres", "selllers"]);
        assert_eq!(understood.hits[0].corrected[0].1, "sellers");
        // Short words are never corrected: too many real words lie one slip apart.
        assert!(lexicon.correct("cahs", &mut String::new()).is_none());
        // A real word one letter longer than a vocabulary word is no slip.
        assert!(lexicon.correct("founded", &mut String::new()).is_none());
        // A letter short or swapped inside the word is a slip; at either end, the
        // result is too often a word of its own ("resale" for "presale").
        let lexicon = super::tests::lexicon();
        assert!(lexicon.correct("comission", &mut String::new()).is_some());
        assert!(lexicon.correct("commissoin", &mut String::new()).is_some());
        for word in ["ommission", "commissio", "ocmmission", "commissino"] {
            assert!(lexicon.correct(word, &mut String::new()).is_none(), "{word}");
        }
    }

    #[test]
    fn a_vowelless_abbreviation_reads_as_the_one_word_it_fits() {
        let lexicon = lexicon();
        let expand =
            |word: &str| lexicon.expand(&word.to_lowercase(), word).map(|id| lexicon.spelled[id as usize].clone());
        assert_eq!(expand("cmmsn").as_deref(), Some("commission"));
        assert_eq!(expand("vlntr").as_deref(), Some("volunteer"));
        // Letters out of order, another last letter, a vowel, or capitals: no.
        for word in ["cmsmn", "cmmssnx", "cmmisn", "VLNTR"] {
            assert_eq!(expand(word), None, "{word}");
        }
        assert_eq!(read(TextField::Summary, "no cmmsn"), pairs(&[("unpaid", "no cmmsn")]));
    }

    #[test]
    fn numbers_are_read_as_written() {
        assert_eq!(number_value("45"), Some(45.0));
        assert_eq!(number_value("12.5"), Some(12.5));
        assert_eq!(number_value("12,5"), Some(12.5));
        assert_eq!(number_value("1,000"), Some(1000.0));
        assert_eq!(number_value("1,000.50"), Some(1000.5));
    }

    #[test]
    fn currencies_read_as_money_however_written() {
        let lexicon = lexicon();
        let mut scratch = Normalized::default();
        let tokens = |text: &str, scratch: &mut Normalized| {
            scratch.fill(text, &lexicon);
            scratch.tokens.iter().map(|t| t.id).collect::<Vec<_>>()
        };
        let dollars = tokens("$ 10", &mut scratch);
        assert_eq!(tokens("PLN 10", &mut scratch), dollars);
        assert_eq!(tokens("₹10", &mut scratch), dollars);
        assert_eq!(tokens("KSh 10", &mut scratch), dollars);
        // In lowercase a code is a word ("try 10 times").
        assert_ne!(tokens("pln 10", &mut scratch), dollars);
        assert_ne!(tokens("Try 10", &mut scratch), dollars);
    }

    #[test]
    fn text_in_another_language_is_named_not_read() {
        let lexicon = lexicon_with_cues();
        let read = |text: &str| {
            let mut program = Program::new("P", Source::line("t.yaml", 1));
            program.items_mut(TextField::Summary).push(Item { text: text.into(), line: Some(3) });
            lexicon.understand(&program, &mut Normalized::default()).language
        };
        let french = "Les clients publient des avis sur les produits et reçoivent une réduction en cash.";
        assert_eq!(read(french), Some("French"));
        assert_eq!(read("Customers post reviews of the products they bought and get cash back."), None);
        // Phrases partake knows do not make Spanish English.
        let spanish = "Los clientes venden y promueven sus productos para cash, cada mes.";
        assert_eq!(read(spanish), Some("Spanish"));
        // Nor do a few foreign names make English text foreign.
        assert_eq!(read("Members of Casa de los Abuelos sell their cakes for cash at the Mercado del Sol."), None);
    }
}
