//! Source positions for a YAML text, from a second, marked parse (yaml-rust2's
//! event stream). serde_yaml decides what the text means; this only says where
//! each node starts, so evidence and errors can point at item-level lines.

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
    /// Scalar keys (as written) with their value nodes; `key` holds the key's own position.
    Mapping(Vec<MarkedEntry>),
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
            MarkedKind::Mapping(entries) => entries.iter().find(|e| e.key == key),
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
            MarkedKind::Mapping(entries) if !entries.is_empty() => entries[0].key_at.0,
            _ => self.line,
        }
    }
}

/// Nesting deeper than this is refused before serde_yaml sees it: serde_yaml would
/// reject it too (its limit is 128), but only after a parse that grows with the
/// square of the depth — seconds for a line of brackets.
pub const MAX_DEPTH: usize = 128;

/// The marked parse of a whole YAML stream.
#[derive(Debug, Default)]
pub struct MarkedStream {
    /// The root node of each document, in order; `None` from where the marked
    /// parse failed: callers fall back to coarser positions.
    pub documents: Vec<Option<Marked>>,
    /// Where nesting first went past `MAX_DEPTH`, if it did.
    pub too_deep: Option<(usize, usize)>,
}

pub fn documents(text: &str) -> Vec<Option<Marked>> {
    parse(text).documents
}

pub fn parse(text: &str) -> MarkedStream {
    let mut walker = Walker { parser: Parser::new_from_str(text), too_deep: None };
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
    MarkedStream { documents, too_deep: walker.too_deep }
}

struct Walker<'a> {
    parser: Parser<std::str::Chars<'a>>,
    too_deep: Option<(usize, usize)>,
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
                    self.too_deep.get_or_insert((err.marker().line(), err.marker().col() + 1));
                }
                None
            }
        }
    }

    fn peek_is_end(&mut self) -> Option<bool> {
        match self.parser.peek() {
            Ok((event, _)) => Some(matches!(event, Event::SequenceEnd | Event::MappingEnd)),
            Err(_) => self.next().map(|_| false),
        }
    }

    fn node(&mut self, depth: usize) -> Option<Marked> {
        let (event, mark) = self.next()?;
        let (line, column) = (mark.line(), mark.col() + 1);
        if depth > MAX_DEPTH {
            self.too_deep = Some((line, column));
            return None;
        }
        match event {
            Event::Scalar(..) | Event::Alias(_) => Some(Marked { line, column, kind: MarkedKind::Scalar }),
            Event::SequenceStart(..) => {
                let mut items = Vec::new();
                while !self.peek_is_end()? {
                    items.push(self.node(depth + 1)?);
                }
                self.next()?;
                Some(Marked { line, column, kind: MarkedKind::Sequence(items) })
            }
            Event::MappingStart(..) => {
                let mut entries = Vec::new();
                loop {
                    let (key_event, key_mark) = self.next()?;
                    let key = match key_event {
                        Event::MappingEnd => break,
                        Event::Scalar(text, ..) => text,
                        Event::SequenceStart(..) | Event::MappingStart(..) => {
                            // A complex key: skip it; no field is named that way.
                            self.skip_rest(depth + 1)?;
                            String::new()
                        }
                        _ => String::new(),
                    };
                    let value = self.node(depth + 1)?;
                    entries.push(MarkedEntry { key, key_at: (key_mark.line(), key_mark.col() + 1), value });
                }
                // A block mapping's start event sits past its first key; the key is where it begins.
                let (line, column) = entries.first().map_or((line, column), |e| e.key_at);
                Some(Marked { line, column, kind: MarkedKind::Mapping(entries) })
            }
            _ => None,
        }
    }

    /// Consume events up to the end of a collection whose start was just read.
    fn skip_rest(&mut self, depth: usize) -> Option<()> {
        let mut open = 1usize;
        while open > 0 {
            let (event, mark) = self.next()?;
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => open += 1,
                Event::SequenceEnd | Event::MappingEnd => open -= 1,
                Event::StreamEnd => return None,
                _ => {}
            }
            if depth + open > MAX_DEPTH {
                self.too_deep = Some((mark.line(), mark.col() + 1));
                return None;
            }
        }
        Some(())
    }
}
