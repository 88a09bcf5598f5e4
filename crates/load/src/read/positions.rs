//! Source positions for a YAML text, from a second, marked parse (yaml-rust2's
//! event stream). serde_yaml decides what the text means; this only says where
//! each node starts, so evidence and errors can point at item-level lines.
//!
//! The same pass is the guard every YAML reader (specs, model files, the policy)
//! puts a text through before serde_yaml reads it (`guard`): nesting depth, the
//! size the text expands to once aliases are followed, and keys per mapping are
//! bounded, so no file can make a reader take unbounded time or memory.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// A node of the marked tree: where it starts, and for collections, its children.
#[derive(Debug, Clone, Default)]
pub struct Marked {
    pub line: usize,
    pub column: usize,
    pub kind: MarkedKind,
}

#[derive(Debug, Clone, Default)]
pub enum MarkedKind {
    #[default]
    Scalar,
    /// Scalar keys (as written) with their value nodes; `key` holds the key's own
    /// position. The index finds a key's first entry without a search.
    Mapping(Vec<MarkedEntry>, HashMap<String, usize>),
    Sequence(Vec<Marked>),
}

#[derive(Debug, Clone)]
pub struct MarkedEntry {
    pub key: String,
    pub key_at: (usize, usize),
    pub value: Marked,
}

impl Marked {
    pub fn entry(&self, key: &str) -> Option<&MarkedEntry> {
        match &self.kind {
            MarkedKind::Mapping(entries, index) => index.get(key).map(|&i| &entries[i]),
            _ => None,
        }
    }
    pub fn item(&self, index: usize) -> Option<&Marked> {
        match &self.kind {
            MarkedKind::Sequence(items) => items.get(index),
            _ => None,
        }
    }
    /// The line of the first key of a mapping, or the node's own line.
    pub fn first_key_line(&self) -> usize {
        match &self.kind {
            MarkedKind::Mapping(entries, _) if !entries.is_empty() => entries[0].key_at.0,
            _ => self.line,
        }
    }
}

/// Nesting deeper than this is refused before serde_yaml sees it: serde_yaml would
/// reject it too (its limit is 128), but only after a parse that grows with the
/// square of the depth — seconds for a line of brackets.
pub const MAX_DEPTH: usize = 128;

/// The most a text may expand to, once every alias is replaced by what it refers
/// to: each node counts `NODE_COST` bytes plus its text. serde_yaml limits how often
/// aliases are used, not what they expand to: one long anchored text used a few
/// hundred times would take gigabytes.
pub const MAX_EXPANDED_BYTES: u64 = 64 * 1024 * 1024;
const NODE_COST: u64 = 64;

/// The most keys one mapping may have (a program has about fifteen).
pub const MAX_KEYS: usize = 10_000;

/// Why the guard refused a text, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub line: usize,
    pub column: usize,
    /// Completes "invalid YAML: ...".
    pub message: String,
}

/// The marked parse of a whole YAML stream.
#[derive(Debug, Default)]
pub struct MarkedStream {
    /// The root node of each document, in order; `None` from where the marked
    /// parse failed: callers fall back to coarser positions.
    pub documents: Vec<Option<Marked>>,
    /// Why the text is refused, if a limit was passed.
    pub refused: Option<Refused>,
}

pub fn documents(text: &str) -> Vec<Option<Marked>> {
    parse(text).documents
}

/// The guard: the marked parse of `text`, or why no YAML reader should go on to read it.
pub fn guard(text: &str) -> Result<MarkedStream, Refused> {
    let mut stream = parse(text);
    match stream.refused.take() {
        Some(refused) => Err(refused),
        None => Ok(stream),
    }
}

pub fn parse(text: &str) -> MarkedStream {
    let mut walker = Walker { parser: Parser::new_from_str(text), refused: None, expanded: 0, anchors: HashMap::new() };
    let mut documents = Vec::new();
    loop {
        match walker.next() {
            None | Some((Event::StreamEnd, _)) => break,
            Some((Event::DocumentStart, _)) => match walker.node(0) {
                Some(node) => documents.push(Some(node)),
                None => {
                    documents.push(None);
                    break;
                }
            },
            Some(_) => {}
        }
    }
    MarkedStream { documents, refused: walker.refused }
}

struct Walker<'a> {
    parser: Parser<std::str::Chars<'a>>,
    refused: Option<Refused>,
    /// What the nodes read so far expand to, in bytes (`NODE_COST` each, plus text).
    expanded: u64,
    /// What each anchor's node expands to.
    anchors: HashMap<usize, u64>,
}

impl Walker<'_> {
    /// The next event; `None` once the text stops being YAML.
    fn next(&mut self) -> Option<(Event, Marker)> {
        match self.parser.next_token() {
            Ok(event) => Some(event),
            Err(err) => {
                // The scanner looks ahead through flow collections and gives up on
                // deep nesting before any event reaches `node`.
                if err.info().contains("recursion limit") {
                    self.refuse::<()>(err.marker(), too_deep());
                }
                None
            }
        }
    }

    /// Record the first limit passed; `None`, for the caller to stop with.
    fn refuse<T>(&mut self, mark: &Marker, message: String) -> Option<T> {
        self.refused.get_or_insert(Refused { line: mark.line(), column: mark.col() + 1, message });
        None
    }

    fn peek_is_end(&mut self) -> Option<bool> {
        match self.parser.peek() {
            Ok((event, _)) => Some(matches!(event, Event::SequenceEnd | Event::MappingEnd)),
            Err(_) => self.next().map(|_| false),
        }
    }

    fn node(&mut self, depth: usize) -> Option<Marked> {
        let (event, mark) = self.next()?;
        self.node_from(event, mark, depth)
    }

    /// The node that starts with `event` (already read).
    fn node_from(&mut self, event: Event, mark: Marker, depth: usize) -> Option<Marked> {
        let (line, column) = (mark.line(), mark.col() + 1);
        if depth > MAX_DEPTH {
            return self.refuse(&mark, too_deep());
        }
        let before = self.expanded;
        let (node, anchor) = match event {
            Event::Scalar(text, _, anchor, _) => {
                self.expanded += NODE_COST + text.len() as u64;
                (Marked { line, column, kind: MarkedKind::Scalar }, anchor)
            }
            Event::Alias(id) => {
                // An alias costs what its anchor expands to (an unknown anchor is serde_yaml's error).
                self.expanded += self.anchors.get(&id).copied().unwrap_or(NODE_COST);
                (Marked { line, column, kind: MarkedKind::Scalar }, 0)
            }
            Event::SequenceStart(anchor, _) => {
                self.expanded += NODE_COST;
                let mut items = Vec::new();
                while !self.peek_is_end()? {
                    items.push(self.node(depth + 1)?);
                }
                self.next()?;
                (Marked { line, column, kind: MarkedKind::Sequence(items) }, anchor)
            }
            Event::MappingStart(anchor, _) => {
                self.expanded += NODE_COST;
                let mut entries = Vec::new();
                let mut index = HashMap::new();
                loop {
                    let (key_event, key_mark) = self.next()?;
                    let key = match key_event {
                        Event::MappingEnd => break,
                        Event::Scalar(ref text, ..) => {
                            let text = text.clone();
                            self.node_from(key_event, key_mark, depth + 1)?;
                            text
                        }
                        // A complex key: read for the guard's sake; no field is named that way.
                        _ => {
                            self.node_from(key_event, key_mark, depth + 1)?;
                            String::new()
                        }
                    };
                    if entries.len() == MAX_KEYS {
                        return self.refuse(&key_mark, format!("a mapping with more than {MAX_KEYS} keys"));
                    }
                    let value = self.node(depth + 1)?;
                    index.entry(key.clone()).or_insert(entries.len());
                    entries.push(MarkedEntry { key, key_at: (key_mark.line(), key_mark.col() + 1), value });
                }
                // A block mapping's start event sits past its first key; the key is where it begins.
                let (line, column) = entries.first().map_or((line, column), |e| e.key_at);
                (Marked { line, column, kind: MarkedKind::Mapping(entries, index) }, anchor)
            }
            _ => return None,
        };
        if self.expanded > MAX_EXPANDED_BYTES {
            let message = format!(
                "it expands to more than {} MiB once its aliases are followed; repeat less, or split the file",
                MAX_EXPANDED_BYTES / (1024 * 1024)
            );
            return self.refuse(&mark, message);
        }
        if anchor > 0 {
            self.anchors.insert(anchor, self.expanded - before);
        }
        Some(node)
    }
}

fn too_deep() -> String {
    format!("nested more than {MAX_DEPTH} levels deep")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_count_what_they_expand_to() {
        // 300 uses of a 1 MB text: small on disk, 300 MB once read.
        let text = format!("program: P\nx-a: &a {}\nx-b: [{}]\n", "w".repeat(1_000_000), vec!["*a"; 300].join(","));
        let refused = guard(&text).unwrap_err();
        assert_eq!(refused.line, 3, "at the alias that goes past the limit");
        assert!(refused.message.contains("aliases"), "{}", refused.message);
        // A few uses are fine.
        assert!(guard(&format!("a: &a {}\nb: [*a, *a]\n", "w".repeat(1000))).is_ok());
    }

    #[test]
    fn nesting_keys_and_complex_keys_are_bounded() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(guard(&deep).unwrap_err().message.contains("nested"));
        let keys: String = (0..=MAX_KEYS).map(|i| format!("k{i}: v\n")).collect();
        assert!(guard(&keys).unwrap_err().message.contains("keys"));
        let complex = format!("? {}{}\n: v\n", "[".repeat(200), "]".repeat(200));
        assert!(guard(&complex).is_err());
    }

    #[test]
    fn many_keys_are_looked_up_without_a_search() {
        let keys: String = (0..5000).map(|i| format!("k{i}: v\n")).collect();
        let stream = guard(&keys).unwrap();
        let root = stream.documents[0].as_ref().unwrap();
        assert_eq!(root.entry("k4999").unwrap().key_at, (5000, 1));
        assert!(root.entry("nope").is_none());
    }
}
