//! The one place that reads YAML (and JSON, which is YAML's flow style).
//!
//! Everything else in the core sees only [`Node`] trees whose every node carries the byte span it
//! came from, so any finding can point at its line. The event parser behind this module is
//! `saphyr-parser` (see docs/decisions/0001-yaml-parser.md); swapping it touches this file only.
//!
//! Plain scalars are resolved the way Kubernetes reads manifests (YAML 1.1 through go-yaml):
//! `yes`, `on` and `off` are booleans, `0755` is octal. The stream is cut into documents at
//! `---` lines first, so a syntax error in one document leaves the others readable.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as EventSpan, Tag};

use crate::finding::Finding;
use crate::rules::violation::Violation;
use crate::rules::yaml::duplicate_key;
use crate::rules::yaml::limit;
use crate::rules::yaml::syntax;
use crate::span::Span;
use crate::text::Text;

/// Bounds that keep hostile input from taking unbounded time or memory (docs/limits.md says
/// why each has its value).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input read, in bytes: documents that end past it are not read.
    pub max_bytes: usize,
    /// Most documents (`---`-separated) in one input, and most items in one `kind: List`.
    pub max_documents: usize,
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes in one stream, counting every node an alias expands to.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 32 * 1024 * 1024,
            max_documents: 50_000,
            max_depth: 128,
            max_nodes: 2_000_000,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    /// The whole node as written, quotes included.
    pub span: Span,
    /// A single- or double-quoted scalar.
    pub quoted: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Node {
    pub fn new(value: Value, span: Span) -> Self {
        Self {
            value,
            span,
            quoted: false,
        }
    }

    /// The span of the value itself: inside the quotes of a quoted scalar, so that replacing it
    /// keeps the user's quoting.
    pub fn value_span(&self) -> Span {
        if self.quoted && self.span.end >= self.span.start + 2 {
            Span::new(self.span.start + 1, self.span.end - 1)
        } else {
            self.span
        }
    }

    /// The value under `key` when this is a mapping with a scalar key of that text.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|entry| entry.key.as_str() == Some(key))
            .map(|entry| &entry.value)
    }

    /// `get` through several keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// What the value is, for messages such as "expected a mapping, found a string".
    pub fn type_name(&self) -> Text {
        let (en, ja) = match self.value {
            Value::Null => ("null", "null"),
            Value::Bool(_) => ("boolean", "ブール値"),
            Value::Int(_) => ("integer", "整数"),
            Value::Float(_) => ("number", "数値"),
            Value::Str(_) => ("string", "文字列"),
            Value::Seq(_) => ("list", "リスト"),
            Value::Map(_) => ("mapping", "マッピング"),
        };
        Text::new(en, ja)
    }
}

/// One YAML document of a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub root: Node,
}

/// Reads every document of `text`. Never fails: what cannot be read becomes a finding on `file`.
pub fn parse(text: &str, file: usize, limits: Limits) -> (Vec<Document>, Vec<Finding>) {
    let mut builder = TreeBuilder::new(file, limits);
    for (index, (base, chunk)) in split_documents(text).into_iter().enumerate() {
        if base + chunk.len() > limits.max_bytes {
            builder.limit(
                Span::empty(base),
                limit::input_too_large(&byte_size(limits.max_bytes)),
            );
            break;
        }
        if index >= limits.max_documents {
            builder.limit(
                Span::empty(base),
                limit::too_many_documents(&limits.max_documents),
            );
            break;
        }
        builder.read_chunk(base, chunk);
        // One finding says the budget is spent; the documents after it are not read.
        if builder.over_budget {
            break;
        }
    }
    (builder.documents, builder.findings)
}

/// A limit in bytes as people write it: `32 MiB`, `64 KiB`.
pub(crate) fn byte_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

/// The documents of `text` as the reader cuts them: each one's start and text.
pub(crate) fn documents(text: &str) -> Vec<(usize, &str)> {
    split_documents(text)
}

/// Cuts a stream at `---` lines. A line starting with `---` followed by a blank or the line's end
/// always starts a document in YAML, so cutting there never changes a valid stream's meaning.
fn split_documents(text: &str) -> Vec<(usize, &str)> {
    let mut starts = vec![0];
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line_start > 0 && is_document_marker(line) {
            starts.push(line_start);
        }
        line_start += line.len();
    }
    starts.push(text.len());
    starts
        .windows(2)
        .filter_map(|w| match *w {
            [start, end] => text.get(start..end).map(|chunk| (start, chunk)),
            _ => None,
        })
        .collect()
}

fn is_document_marker(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// Converts the parser's character indices within one chunk to byte offsets in the whole text.
struct CharOffsets<'a> {
    chunk: &'a str,
    base: usize,
    /// Byte offset of every `STRIDE`-th character; empty when the chunk is ASCII.
    checkpoints: Vec<usize>,
}

impl<'a> CharOffsets<'a> {
    const STRIDE: usize = 64;

    fn new(chunk: &'a str, base: usize) -> Self {
        let checkpoints = if chunk.is_ascii() {
            Vec::new()
        } else {
            chunk
                .char_indices()
                .step_by(Self::STRIDE)
                .map(|(i, _)| i)
                .collect()
        };
        Self {
            chunk,
            base,
            checkpoints,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return self.base + char_index.min(self.chunk.len());
        }
        let slot = (char_index / Self::STRIDE).min(self.checkpoints.len().saturating_sub(1));
        let from = self.checkpoints.get(slot).copied().unwrap_or(0);
        let rest = char_index.saturating_sub(slot * Self::STRIDE);
        let tail = self.chunk.get(from..).unwrap_or("");
        let offset = tail
            .char_indices()
            .nth(rest)
            .map_or(self.chunk.len(), |(i, _)| from + i);
        self.base + offset
    }

    fn span(&self, span: &EventSpan) -> Span {
        Span::new(self.byte(span.start.index()), self.byte(span.end.index()))
    }
}

/// A mapping or sequence being built.
struct Frame {
    start: usize,
    anchor: usize,
    /// Nodes in the subtree so far, counting alias expansions, so an alias of this frame costs
    /// what it would expand to.
    nodes: usize,
    content: Content,
}

enum Content {
    Seq(Vec<Node>),
    Map {
        entries: Vec<Entry>,
        key: Option<Node>,
        /// Keys written in this mapping.
        seen: HashSet<String>,
        /// Keys that came from `<<` merges, which a written key replaces.
        merged: HashSet<String>,
    },
}

struct TreeBuilder {
    file: usize,
    limits: Limits,
    documents: Vec<Document>,
    findings: Vec<Finding>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    /// Depth of the containers being skipped past the depth limit.
    skipping: usize,
    over_budget: bool,
}

impl TreeBuilder {
    fn new(file: usize, limits: Limits) -> Self {
        Self {
            file,
            limits,
            documents: Vec::new(),
            findings: Vec::new(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            skipping: 0,
            over_budget: false,
        }
    }

    fn read_chunk(&mut self, base: usize, chunk: &str) {
        let offsets = CharOffsets::new(chunk, base);
        self.stack.clear();
        self.skipping = 0;
        for event in Parser::new_from_str(chunk) {
            match event {
                Ok((event, span)) => self.event(event, offsets.span(&span)),
                Err(error) => {
                    self.syntax_error(&error, &offsets);
                    // The partial document is dropped: half a manifest would produce findings
                    // about fields the user has not finished typing.
                    self.stack.clear();
                    return;
                }
            }
            if self.over_budget {
                return;
            }
        }
    }

    fn syntax_error(&mut self, error: &ScanError, offsets: &CharOffsets<'_>) {
        // An error at the end of a document (an unclosed bracket or quote) is shown where the
        // text ends, not at the next document's `---`.
        let content_end = offsets.base + offsets.chunk.trim_end().len();
        let at = offsets.byte(error.marker().index()).min(content_end);
        self.findings
            .push(syntax::parse_error(&error.info()).at(self.file, Span::empty(at)));
    }

    fn limit(&mut self, span: Span, violation: Violation) {
        self.findings.push(violation.at(self.file, span));
    }

    fn event(&mut self, event: Event<'_>, span: Span) {
        if self.skipping > 0 {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => self.skipping += 1,
                Event::SequenceEnd | Event::MappingEnd => {
                    self.skipping -= 1;
                    if self.skipping == 0 {
                        self.push_node(Node::new(Value::Null, span), 0, 1);
                    }
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if self.spend(1, span) {
                    let value = resolve_scalar(&text, style, tag.as_deref());
                    let quoted =
                        matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                    self.push_node(
                        Node {
                            value,
                            span,
                            quoted,
                        },
                        anchor,
                        1,
                    );
                }
            }
            Event::Alias(id) => {
                let count = self.anchors.get(&id).map_or(1, |(_, count)| *count);
                // Spend before cloning: the budget exists to stop the copy of an alias bomb.
                if self.spend(count, span) {
                    let mut node = self
                        .anchors
                        .get(&id)
                        .map_or_else(|| Node::new(Value::Null, span), |(node, _)| node.clone());
                    node.span = span;
                    self.push_node(node, 0, count);
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..)
                if self.stack.len() >= self.limits.max_depth =>
            {
                self.limit(span, limit::too_deep(&self.limits.max_depth));
                self.skipping = 1;
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if !self.spend(1, span) => {}
            Event::SequenceStart(anchor, _) => self.stack.push(Frame {
                start: span.start,
                anchor,
                nodes: 1,
                content: Content::Seq(Vec::new()),
            }),
            Event::MappingStart(anchor, _) => self.stack.push(Frame {
                start: span.start,
                anchor,
                nodes: 1,
                content: Content::Map {
                    entries: Vec::new(),
                    key: None,
                    seen: HashSet::new(),
                    merged: HashSet::new(),
                },
            }),
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
            Event::DocumentStart(_) => self.anchors.clear(),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }

    fn close(&mut self, end_span: Span) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (value, last_end) = match frame.content {
            Content::Seq(items) => {
                let last = items.last().map(|n| n.span.end);
                (Value::Seq(items), last)
            }
            Content::Map { entries, .. } => {
                let last = entries.last().map(|e| e.value.span.end);
                (Value::Map(entries), last)
            }
        };
        // Flow collections end at their bracket; block ones at their last item.
        let end = if end_span.end > end_span.start {
            end_span.end
        } else {
            last_end.unwrap_or(frame.start)
        };
        let node = Node::new(value, Span::new(frame.start, end.max(frame.start)));
        self.push_node(node, frame.anchor, frame.nodes);
    }

    /// Counts `count` new nodes against the budget; false once it is spent.
    fn spend(&mut self, count: usize, span: Span) -> bool {
        self.nodes = self.nodes.saturating_add(count);
        if self.nodes > self.limits.max_nodes {
            self.limit(span, limit::too_many_nodes(&self.limits.max_nodes));
            self.over_budget = true;
        }
        !self.over_budget
    }

    /// Places a finished node in its parent; `count` is the size of its subtree.
    fn push_node(&mut self, node: Node, anchor: usize, count: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), count));
        }
        let file = self.file;
        let Some(frame) = self.stack.last_mut() else {
            // An empty document (a lone `---`, only comments) reads as null: there is nothing in it.
            if !node.is_null() {
                self.documents.push(Document { root: node });
            }
            return;
        };
        frame.nodes += count;
        match &mut frame.content {
            Content::Seq(items) => items.push(node),
            Content::Map {
                entries,
                key,
                seen,
                merged,
            } => match key.take() {
                None => *key = Some(node),
                Some(key) => {
                    if key.as_str() == Some("<<") && is_plain_merge(&node) {
                        merge_into(entries, seen, merged, node);
                        return;
                    }
                    let text = scalar_key_text(&key);
                    if let Some(text) = &text
                        && merged.remove(text)
                    {
                        entries.retain(|e| scalar_key_text(&e.key).as_ref() != Some(text));
                    }
                    if let Some(text) = text
                        && !seen.insert(text.clone())
                    {
                        self.findings
                            .push(duplicate_key::duplicate_key(&text).at(file, key.span));
                    }
                    entries.push(Entry { key, value: node });
                }
            },
        }
    }
}

fn is_plain_merge(node: &Node) -> bool {
    match &node.value {
        Value::Map(_) => true,
        Value::Seq(items) => items.iter().all(|item| matches!(item.value, Value::Map(_))),
        _ => false,
    }
}

/// `<<: *base` merge keys, as go-yaml applies them: written keys and earlier merges win.
fn merge_into(
    entries: &mut Vec<Entry>,
    seen: &HashSet<String>,
    merged: &mut HashSet<String>,
    source: Node,
) {
    let maps = match source.value {
        Value::Map(map) => vec![map],
        Value::Seq(items) => items
            .into_iter()
            .filter_map(|item| match item.value {
                Value::Map(map) => Some(map),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    for entry in maps.into_iter().flatten() {
        match scalar_key_text(&entry.key) {
            Some(text) if seen.contains(&text) || merged.contains(&text) => {}
            Some(text) => {
                merged.insert(text);
                entries.push(entry);
            }
            None => entries.push(entry),
        }
    }
}

fn scalar_key_text(key: &Node) -> Option<String> {
    match &key.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Null => Some("null".to_owned()),
        Value::Seq(_) | Value::Map(_) => None,
    }
}

fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    let forced_string = tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
    if style != ScalarStyle::Plain || forced_string {
        return Value::Str(text.to_owned());
    }
    resolve_plain(text)
}

/// YAML 1.1 plain-scalar resolution, as go-yaml v2 (and so `kubectl`) does it.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Value::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Value::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(int) = parse_int(text) {
        return Value::Int(int);
    }
    if looks_like_float(text)
        && let Ok(float) = text.parse::<f64>()
    {
        return Value::Float(float);
    }
    Value::Str(text.to_owned())
}

fn parse_int(text: &str) -> Option<i64> {
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, digits) = match plain.as_bytes().first()? {
        b'-' => (true, plain.get(1..)?),
        b'+' => (false, plain.get(1..)?),
        _ => (false, plain.as_str()),
    };
    let (radix, digits) = if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else if let Some(bin) = digits.strip_prefix("0b") {
        (2, bin)
    } else if let Some(oct) = digits.strip_prefix("0o") {
        (8, oct)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, digits.get(1..)?)
    } else {
        (10, digits)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// go-yaml's float pattern: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn looks_like_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;
    use crate::codes::Code;

    fn parse_ok(text: &str) -> Vec<Document> {
        let (docs, findings) = parse(text, 0, Limits::default());
        assert!(findings.is_empty(), "unexpected findings: {findings:?}");
        docs
    }

    fn root(text: &str) -> Node {
        parse_ok(text).remove(0).root
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn nodes_carry_byte_spans() {
        let text = "a: \"x y\"\nb:\n  - 1\n  - [2, 3]\nc: {d: e}\n";
        let node = root(text);
        assert_eq!(slice(text, node.get("a").unwrap().span), "\"x y\"");
        assert_eq!(slice(text, node.get("b").unwrap().span), "- 1\n  - [2, 3]");
        assert_eq!(slice(text, node.get("c").unwrap().span), "{d: e}");
        assert_eq!(node.path(&["c", "d"]).unwrap().as_str(), Some("e"));
    }

    #[test]
    fn spans_are_bytes_after_multibyte_text() {
        let text = "name: ポッド\nkind: Pod\n";
        let node = root(text);
        assert_eq!(slice(text, node.get("kind").unwrap().span), "Pod");
        assert_eq!(slice(text, node.get("name").unwrap().span), "ポッド");
    }

    #[test]
    fn plain_scalars_resolve_as_kubernetes_reads_them() {
        let node = root(
            "a: yes\nb: off\nc: 0755\nd: 0x1F\ne: 1.5\nf: ~\ng: \"yes\"\nh: 80\ni: 1e3\nj: 10.0.0.0/8\nk: -12\n",
        );
        let value = |k: &str| node.get(k).unwrap().value.clone();
        assert_eq!(value("a"), Value::Bool(true));
        assert_eq!(value("b"), Value::Bool(false));
        assert_eq!(value("c"), Value::Int(0o755));
        assert_eq!(value("d"), Value::Int(31));
        assert_eq!(value("e"), Value::Float(1.5));
        assert_eq!(value("f"), Value::Null);
        assert_eq!(value("g"), Value::Str("yes".into()));
        assert_eq!(value("h"), Value::Int(80));
        assert_eq!(value("i"), Value::Float(1000.0));
        assert_eq!(value("j"), Value::Str("10.0.0.0/8".into()));
        assert_eq!(value("k"), Value::Int(-12));
        // YAML 1.1's short booleans catch keys too: `y:` is the key `true` for Kubernetes.
        assert!(root("y: 1\n").get("y").is_none());
    }

    #[test]
    fn explicit_str_tag_keeps_text() {
        assert_eq!(
            root("a: !!str 80\n").get("a").unwrap().value,
            Value::Str("80".into())
        );
    }

    #[test]
    fn json_is_read_too() {
        let node = root("{\"kind\": \"Pod\", \"metadata\": {\"name\": \"web\"}, \"n\": 3}");
        assert_eq!(
            node.path(&["metadata", "name"]).unwrap().as_str(),
            Some("web")
        );
        assert_eq!(node.get("n").unwrap().value, Value::Int(3));
    }

    #[test]
    fn a_broken_document_does_not_hide_the_others() {
        let text = "kind: A\n---\nkind: [unclosed\n---\nkind: C\n";
        let (docs, findings) = parse(text, 0, Limits::default());
        let kinds: Vec<_> = docs
            .iter()
            .map(|d| d.root.get("kind").unwrap().as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["A", "C"]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::YamlSyntax);
        // At the end of the broken document, not on the next `---`.
        assert_eq!(
            findings[0].span.start,
            text.find("unclosed").unwrap() + "unclosed".len()
        );
    }

    #[test]
    fn document_markers_need_a_blank_after_them() {
        let docs = parse_ok("a: 1\n---x: 2\n");
        assert_eq!(docs.len(), 1);
        assert_eq!(parse_ok("--- \na: 1\n---\nb: 2\n").len(), 2);
    }

    #[test]
    fn duplicate_keys_are_reported_at_the_second_key() {
        let text = "a: 1\nb: 2\na: 3\n";
        let (_, findings) = parse(text, 0, Limits::default());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::YamlDuplicateKey);
        assert_eq!(findings[0].span.start, 10);
        // The nearest valid twin: the same key in two different mappings.
        parse_ok("a: {x: 1}\nb: {x: 2}\n");
    }

    #[test]
    fn merge_keys_apply_without_duplicates() {
        let node = root("base: &b {x: 1, z: 2}\nm1:\n  <<: *b\n  z: 3\nm2:\n  z: 4\n  <<: *b\n");
        for name in ["m1", "m2"] {
            let m = node.get(name).unwrap();
            assert_eq!(m.get("x").unwrap().value, Value::Int(1));
            assert_ne!(
                m.get("z").unwrap().value,
                Value::Int(2),
                "explicit keys win in {name}"
            );
            assert_eq!(m.entries().unwrap().len(), 2);
        }
    }

    #[test]
    fn alias_bombs_stop_at_the_node_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            let items = vec![format!("*a{p}"); 10].join(", ");
            writeln!(text, "a{i}: &a{i} [{items}]").unwrap();
        }
        let (_, findings) = parse(&text, 0, Limits::default());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::YamlLimit);
    }

    #[test]
    fn deep_nesting_stops_at_the_depth_limit() {
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let (docs, findings) = parse(&text, 0, Limits::default());
        assert_eq!(docs.len(), 1);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::YamlLimit);
        // Far deeper, the event parser gives up first; either way it is one finding.
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let (docs, findings) = parse(&text, 0, Limits::default());
        assert!(docs.is_empty());
        assert_eq!(findings.len(), 1);
        // Nesting just inside the limit is read.
        let limits = Limits::default();
        let fits = format!(
            "{}{}",
            "[".repeat(limits.max_depth),
            "]".repeat(limits.max_depth)
        );
        parse_ok(&fits);
    }

    #[test]
    fn empty_and_comment_only_input_has_no_documents() {
        assert!(parse_ok("").is_empty());
        assert!(parse_ok("# just a comment\n---\n").is_empty());
    }

    #[test]
    fn crlf_and_byte_order_mark_are_read() {
        let text = "\u{feff}kind: Pod\r\nmetadata:\r\n  name: web\r\n";
        let node = root(text);
        assert_eq!(
            node.path(&["metadata", "name"]).unwrap().as_str(),
            Some("web")
        );
        assert_eq!(slice(text, node.get("kind").unwrap().span), "Pod");
    }
}
