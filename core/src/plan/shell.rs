//! Shell words for the command lines users copy from the AKS docs, in bash or `PowerShell`.
//!
//! This is not a shell: it reads what those lines use. Commands end at a newline, `;`, `&&`,
//! `||`, `|` or `&`; `\` (bash) and, in `PowerShell` ([`is_powershell`]), a backtick at the end
//! of a line continue it, even with stray spaces after them, as pasted text often has. Single
//! and double quotes, backslash escapes, `#` comments, here-documents and here-strings
//! (skipped), redirections (dropped, with the `2` of `2>`), `NAME=value` (also after `export`,
//! `declare`, `local`, `readonly`) and `$name = value` assignments, `$NAME`, `${NAME}` and
//! `$env:NAME` references, the parameter expansions `${NAME:-word}`, `${NAME:=word}` and
//! `${NAME:+words}` (with or without the colon), and `$(...)` and (in bash) backtick command
//! substitution are understood. A reference to a variable an earlier line assigns is replaced
//! by its value; one that no line assigns stays as written and is listed in
//! [`Word::unresolved`], for the reader to report where the value matters, and counts as unset
//! in an expansion, so that `${NAME:-word}` is `word`.
//!
//! Placeholders the docs write for values to fill in, `<cluster-name>` or a choice
//! `[system|none]` ([`is_placeholder`]), are unknown values like unassigned variables: listed in
//! [`Word::unresolved`], wherever they stand (quoted, in a variable, inside a resource ID). A `<`
//! that opens one is part of the word, not a redirection, so the options after it keep their
//! places.
//!
//! Every word keeps where its value is written, so that a correction can replace exactly that
//! text: inside the quotes of a quoted word, and at the assignment for a lone `$NAME`.
//!
//! Hostile input is bounded: substitution nests at most [`MAX_DEPTH`] deep, a value holds at
//! most [`MAX_VALUE`] bytes, and variable expansion as a whole copies at most
//! [`EXPANSION_BUDGET`] bytes; past those limits values become opaque instead of growing. A
//! `${...}` is looked for within [`MAX_BRACED`] bytes of its line and its word read at most
//! [`MAX_DEPTH`] expansions deep; a placeholder within [`MAX_PLACEHOLDER`] bytes.
//! A double quote not closed on its own line is read on to find its end at most within a
//! budget of a few times the text's length, so broken quoting costs linear time.

use std::collections::HashMap;
use std::rc::Rc;

use crate::finding::Finding;
use crate::plan::model::Spanned;
use crate::rules::az::syntax;
use crate::rules::violation::Violation;
use crate::span::{Span, floor_boundary};

/// Deepest nesting of `$(...)` that is read; deeper substitutions are skipped as opaque text.
const MAX_DEPTH: usize = 8;
/// Longest value a word holds; a longer one is cut and marked opaque.
const MAX_VALUE: usize = 4096;
/// Most bytes variable references may copy in one text.
const EXPANSION_BUDGET: usize = 1 << 22;
/// Most unresolved references one word lists.
const MAX_UNRESOLVED: usize = 8;
/// Longest `${...}` read as a variable reference or parameter expansion.
const MAX_BRACED: usize = 256;
/// Longest placeholder read, such as `<address prefix, example: 10.0.0.0/8>`.
const MAX_PLACEHOLDER: usize = 128;
/// Commands whose `NAME=value` arguments are assignments.
const DECLARATIONS: &[&str] = &["export", "declare", "local", "readonly", "typeset"];

/// One shell word.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    /// The value after quote removal and variable substitution.
    pub value: String,
    /// Where the value is written: inside the quotes of a quoted word, the assigned value for a
    /// lone variable reference, else the whole word.
    pub span: Span,
    /// The word as written in its command, quotes included.
    pub at: Span,
    /// Whether any part of the word was quoted.
    pub quoted: bool,
    /// `span` holds exactly `value`, so a part of the value maps to a part of `span`.
    pub exact: bool,
    /// References to variables that no earlier line assigns, as written (`$NAME`).
    pub unresolved: Vec<Spanned<String>>,
    /// The value holds text that cannot be known here: command output, or text past a limit.
    pub opaque: bool,
    /// The commands whose output the word is: `$(...)` alone, or a variable assigned from one.
    pub output_of: Option<Rc<[Command]>>,
    /// Written joined to its option, as the value of `--flag=value`.
    pub joined: bool,
}

impl Word {
    /// Whether the value is known: no unresolved reference and no command output in it.
    pub fn known(&self) -> bool {
        self.unresolved.is_empty() && !self.opaque
    }

    /// An option such as `--name` or `-n`: unquoted, known, starting with `-` and not a number.
    pub fn is_flag(&self) -> bool {
        let mut chars = self.value.chars();
        !self.quoted
            && self.known()
            && chars.next() == Some('-')
            && chars.next().is_some_and(|c| !c.is_ascii_digit())
    }

    /// The span of `value[start..end]`: exact when the value is written as is, else the whole
    /// value's span.
    pub fn part_span(&self, start: usize, end: usize) -> Span {
        if self.exact && start <= end && end <= self.value.len() {
            Span::new(self.span.start + start, self.span.start + end)
        } else {
            self.span
        }
    }
}

/// One simple command: its words, assignments and redirections removed.
#[derive(Clone, Debug)]
pub(crate) struct Command {
    pub words: Vec<Word>,
    /// From the first word to the last, as written.
    pub span: Span,
}

/// Splits `text` into commands, in the order a shell runs them: the commands inside a `$(...)`
/// come before the command that holds it. Malformed text (an unterminated quote, a `$(`
/// without its `)`) is an `az-syntax` finding; the rest of the text is still read.
pub(crate) fn parse(text: &str, file: usize) -> (Vec<Command>, Vec<Finding>) {
    let mut lexer = Lexer {
        text,
        end: text.len(),
        pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
        file,
        vars: HashMap::new(),
        ps_vars: HashMap::new(),
        budget: EXPANSION_BUDGET,
        multiline_budget: text.len().saturating_mul(4).saturating_add(1 << 16),
        newlines: text.match_indices('\n').map(|(i, _)| i).collect(),
        heredocs: Vec::new(),
        commands: Vec::new(),
        findings: Vec::new(),
        powershell: is_powershell(text),
    };
    lexer.command_list(0, false);
    (lexer.commands, lexer.findings)
}

/// A part of a word.
#[derive(Clone, Debug)]
struct Piece {
    text: String,
    span: Span,
    quoted: bool,
    kind: PieceKind,
}

#[derive(Clone, Debug)]
enum PieceKind {
    /// `text` is exactly the source at `span`.
    Exact,
    /// Text that differs from its source, such as an escaped character.
    Other,
    /// A reference to an assigned variable; `text` is its value.
    Var(Rc<Word>),
    /// A reference no line assigns; `text` is the reference as written.
    Undefined,
    /// `$(...)`; `text` is the substitution as written.
    Output(Rc<[Command]>),
    /// Text whose value cannot be known (past a limit); `text` is as written.
    Opaque,
}

/// A `${...}` parameter expansion.
struct Expansion {
    /// The variable's name (`env:` dropped); empty for `${#x}`, `${!x}` and the like.
    name: String,
    operator: Operator,
    /// Where the word after the operator starts.
    word: usize,
    /// The closing `}`.
    close: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    /// `${x}`.
    None,
    /// `${x:-word}` or `${x-word}`; `assign` for `${x:=word}` and `${x=word}`.
    Default { colon: bool, assign: bool },
    /// `${x:+word}` or `${x+word}`.
    Alternate { colon: bool },
    /// Every other form (`${#x}`, `${x%pattern}`, `${x:?message}`): not known here.
    Other,
}

/// How a command ended.
enum End {
    Separator,
    /// The `)` of the substitution being read.
    Close,
    Eof,
}

struct Lexer<'t> {
    text: &'t str,
    /// Where reading stops: the end of the text, or of a line while recovering from an
    /// unterminated quote.
    end: usize,
    pos: usize,
    file: usize,
    vars: HashMap<String, Rc<Word>>,
    /// `PowerShell` variables by lowercase name: `PowerShell` names ignore case.
    ps_vars: HashMap<String, Rc<Word>>,
    budget: usize,
    /// Bytes left for reading double-quoted strings past the end of their line.
    multiline_budget: usize,
    /// Offsets of the text's line breaks.
    newlines: Vec<usize>,
    /// Delimiters of here-documents whose bodies start after the current line.
    heredocs: Vec<String>,
    commands: Vec<Command>,
    findings: Vec<Finding>,
    /// `PowerShell` text: a backtick continues a line or escapes, where bash would substitute.
    powershell: bool,
}

fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Bytes that end an unquoted word.
fn is_breaker(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>'
    )
}

/// Bytes that end a run of plain unquoted text.
fn is_special(byte: u8) -> bool {
    is_breaker(byte) || matches!(byte, b'\'' | b'"' | b'\\' | b'`' | b'$')
}

impl<'t> Lexer<'t> {
    fn peek(&self) -> Option<u8> {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        let at = self.pos.checked_add(ahead)?;
        if at < self.end {
            self.text.as_bytes().get(at).copied()
        } else {
            None
        }
    }

    fn slice(&self, start: usize, end: usize) -> &'t str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The offset of the end of the line holding `from` (its `\n`, or the reading end).
    fn line_end(&self, from: usize) -> usize {
        let next = self.newlines.partition_point(|&at| at < from);
        self.newlines
            .get(next)
            .map_or(self.end, |&at| at.min(self.end))
            .max(from)
    }

    fn raise(&mut self, span: Span, violation: Violation) {
        self.findings.push(violation.at(self.file, span));
    }

    /// At a `\` or a backtick that continues the line (only blanks before the line break): the
    /// length of the continuation, line break included.
    fn continuation(&self) -> Option<usize> {
        match self.peek() {
            Some(b'\\') => {}
            Some(b'`') if self.powershell => {}
            _ => return None,
        }
        let mut ahead = 1;
        while matches!(self.peek_at(ahead), Some(b' ' | b'\t' | b'\r')) {
            ahead += 1;
        }
        (self.peek_at(ahead) == Some(b'\n')).then_some(ahead + 1)
    }

    /// Skips blanks and line continuations, not line breaks.
    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'\\' | b'`') => match self.continuation() {
                    Some(length) => self.pos += length,
                    None => return,
                },
                _ => return,
            }
        }
    }

    /// Reads commands up to the end, or up to the `)` closing a substitution when `in_subst`.
    /// Returns the commands read at this level and whether the `)` was found.
    fn command_list(&mut self, depth: usize, in_subst: bool) -> (Vec<Command>, bool) {
        let mut list = Vec::new();
        loop {
            let (command, end) = self.command(depth, in_subst);
            if let Some(command) = command {
                self.commands.push(command.clone());
                if in_subst {
                    list.push(command);
                }
            }
            match end {
                End::Separator => {}
                End::Close => return (list, true),
                End::Eof => return (list, false),
            }
        }
    }

    fn command(&mut self, depth: usize, in_subst: bool) -> (Option<Command>, End) {
        let mut words: Vec<Word> = Vec::new();
        let mut assignments_allowed = true;
        let mut ps_target: Option<String> = None;
        let end = loop {
            self.skip_blanks();
            let Some(byte) = self.peek() else {
                break End::Eof;
            };
            match byte {
                b'\n' => {
                    self.pos += 1;
                    self.skip_heredoc_bodies();
                    break End::Separator;
                }
                b';' | b'&' | b'|' => {
                    self.pos += 1;
                    if self.peek() == Some(byte) {
                        self.pos += 1;
                    }
                    break End::Separator;
                }
                b')' => {
                    self.pos += 1;
                    break if in_subst { End::Close } else { End::Separator };
                }
                b'(' if ps_target.is_some() && words.is_empty() => {
                    // `$x = (az ...)`: the parentheses hold a command, as `$(...)` does.
                    let start = self.pos;
                    let piece = self.substitution(depth, 1);
                    words.push(build(&[piece], Span::new(start, self.pos)));
                    continue;
                }
                b'(' => {
                    self.pos += 1;
                    break End::Separator;
                }
                b'#' => {
                    self.pos = self.line_end(self.pos);
                    continue;
                }
                b'<' if self.peek_at(1) == Some(b'#') => {
                    self.block_comment();
                    continue;
                }
                b'<' | b'>' if self.placeholder_here().is_none() => {
                    self.redirection(depth);
                    continue;
                }
                _ => {}
            }
            if assignments_allowed && words.is_empty() && ps_target.is_none() {
                if let Some(name) = self.powershell_assignment() {
                    ps_target = Some(name);
                    assignments_allowed = false;
                    continue;
                }
            }
            if assignments_allowed && let Some(name) = self.bash_assignment() {
                let start = self.pos;
                let pieces = self.pieces(depth);
                let value = build(&pieces, Span::new(start, self.pos));
                self.define(&name, value, false);
                continue;
            }
            if let Some(alternate) = self.alternate_words(depth) {
                words.extend(alternate);
                continue;
            }
            let start = self.pos;
            let pieces = self.pieces(depth);
            if self.pos == start {
                // Not reached: every byte that ends a word is handled above. Step over it.
                self.pos = next_boundary(self.text, start + 1);
                continue;
            }
            if pieces.is_empty() || self.is_descriptor(&pieces) {
                // Expansions that came to nothing, or the `2` of `2>/dev/null`: no word.
                continue;
            }
            words.extend(words_from(pieces, Span::new(start, self.pos)));
            // `export A=1 B=2`, `declare -r A=1`: the arguments of a declaration assign.
            assignments_allowed = words
                .first()
                .is_some_and(|w| DECLARATIONS.contains(&w.value.as_str()));
        };
        let command = match (words.first(), words.last()) {
            (Some(first), Some(last)) => Some(Command {
                span: first.at.cover(last.at),
                words,
            }),
            _ => None,
        };
        match ps_target {
            Some(name) => (self.assign_powershell(&name, command), end),
            None => (command, end),
        }
    }

    /// `$name = value`: one word is a value; several are a command whose output it takes.
    /// Returns the command to run, if any.
    fn assign_powershell(&mut self, name: &str, command: Option<Command>) -> Option<Command> {
        match command {
            Some(mut command) if command.words.len() == 1 => {
                if let Some(value) = command.words.pop() {
                    self.define(name, value, true);
                }
                None
            }
            Some(command) => {
                let value = Word {
                    value: self.slice(command.span.start, command.span.end).to_owned(),
                    span: command.span,
                    at: command.span,
                    quoted: false,
                    exact: false,
                    unresolved: Vec::new(),
                    opaque: true,
                    output_of: Some(Rc::from(vec![command.clone()])),
                    joined: false,
                };
                self.define(name, value, true);
                Some(command)
            }
            None => {
                let at = Span::empty(self.pos);
                let value = Word {
                    value: String::new(),
                    span: at,
                    at,
                    quoted: false,
                    exact: true,
                    unresolved: Vec::new(),
                    opaque: false,
                    output_of: None,
                    joined: false,
                };
                self.define(name, value, true);
                None
            }
        }
    }

    fn define(&mut self, name: &str, value: Word, powershell: bool) {
        let value = Rc::new(value);
        if powershell {
            self.ps_vars
                .insert(name.to_ascii_lowercase(), Rc::clone(&value));
        }
        self.vars.insert(name.to_owned(), value);
    }

    fn lookup(&self, name: &str) -> Option<Rc<Word>> {
        self.vars
            .get(name)
            .or_else(|| self.ps_vars.get(&name.to_ascii_lowercase()))
            .cloned()
    }

    /// At `NAME=`: consumes it and returns the name.
    fn bash_assignment(&mut self) -> Option<String> {
        if !self.peek().is_some_and(is_name_start) {
            return None;
        }
        let mut length = 1;
        while self.peek_at(length).is_some_and(is_name_byte) {
            length += 1;
        }
        if self.peek_at(length) != Some(b'=') {
            return None;
        }
        let name = self.slice(self.pos, self.pos + length).to_owned();
        self.pos += length + 1;
        Some(name)
    }

    /// At `$name =` (not `==`): consumes it up to the `=` and returns the name.
    fn powershell_assignment(&mut self) -> Option<String> {
        if self.peek() != Some(b'$') {
            return None;
        }
        let (name, length) = self.variable_name(1)?;
        let mut ahead = length;
        while matches!(self.peek_at(ahead), Some(b' ' | b'\t')) {
            ahead += 1;
        }
        if self.peek_at(ahead) != Some(b'=') || self.peek_at(ahead + 1) == Some(b'=') {
            return None;
        }
        self.pos += ahead + 1;
        Some(name)
    }

    /// The variable name `ahead` bytes on: `NAME`, `{NAME}` or `env:NAME`. Returns the name
    /// and the length read (from `self.pos`).
    fn variable_name(&self, ahead: usize) -> Option<(String, usize)> {
        if self.peek_at(ahead) == Some(b'{') {
            let from = self.pos + ahead + 1;
            let inner = self.slice(from, self.end);
            let close = inner
                .bytes()
                .take(MAX_BRACED)
                .position(|b| b == b'}' || b == b'\n')?;
            if inner.as_bytes().get(close) != Some(&b'}') {
                return None;
            }
            let name = inner.get(..close)?;
            let name = name.strip_prefix("env:").unwrap_or(name);
            let length = name
                .bytes()
                .position(|b| !is_name_byte(b))
                .unwrap_or(name.len());
            let name = name.get(..length)?;
            return Some((name.to_owned(), ahead + 1 + close + 1));
        }
        if !self.peek_at(ahead).is_some_and(is_name_start) {
            return None;
        }
        let mut end = ahead + 1;
        while self.peek_at(end).is_some_and(is_name_byte) {
            end += 1;
        }
        let mut start = ahead;
        let word = self.slice(self.pos + ahead, self.pos + end);
        if word.eq_ignore_ascii_case("env")
            && self.peek_at(end) == Some(b':')
            && self.peek_at(end + 1).is_some_and(is_name_start)
        {
            start = end + 1;
            end = start + 1;
            while self.peek_at(end).is_some_and(is_name_byte) {
                end += 1;
            }
        }
        Some((self.slice(self.pos + start, self.pos + end).to_owned(), end))
    }

    /// Skips a `PowerShell` block comment `<# ... #>`.
    fn block_comment(&mut self) {
        let from = self.pos + 2;
        self.pos = self
            .slice(from, self.end)
            .find("#>")
            .map_or(self.end, |i| from + i + 2);
    }

    /// A redirection: the operator and its target are dropped; `<<` starts a here-document.
    fn redirection(&mut self, depth: usize) {
        let heredoc = self.peek() == Some(b'<')
            && self.peek_at(1) == Some(b'<')
            && self.peek_at(2) != Some(b'<');
        let mut taken = 0;
        while taken < 3 && matches!(self.peek(), Some(b'<' | b'>')) {
            self.pos += 1;
            taken += 1;
        }
        if self.peek() == Some(b'&') {
            self.pos += 1;
        }
        if heredoc && self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'(') {
            // Process substitution `<(cmd)`: its commands run, its output is a file name.
            self.substitution(depth, 1);
            return;
        }
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        if self.peek().is_none_or(is_breaker) {
            return;
        }
        let start = self.pos;
        let pieces = self.pieces(depth);
        if heredoc {
            let delimiter = build(&pieces, Span::new(start, self.pos));
            self.heredocs.push(delimiter.value);
        }
    }

    /// After a line break: skips the bodies of the here-documents started on that line.
    fn skip_heredoc_bodies(&mut self) {
        for delimiter in std::mem::take(&mut self.heredocs) {
            while self.pos < self.end {
                let line_end = self.line_end(self.pos);
                let line = self.slice(self.pos, line_end);
                self.pos = (line_end + 1).min(self.end);
                if line.trim() == delimiter.trim() {
                    break;
                }
            }
        }
    }

    /// The parts of one word, up to the byte that ends it.
    fn pieces(&mut self, depth: usize) -> Vec<Piece> {
        let mut pieces = Vec::new();
        while let Some(byte) = self.peek() {
            if let Some(length) = self.placeholder_here() {
                pieces.push(self.exact(self.pos + length, false));
                continue;
            }
            match byte {
                _ if is_breaker(byte) => break,
                b'\'' => self.single_quoted(&mut pieces),
                b'"' => self.double_quoted(depth, &mut pieces),
                b'\\' => match self.peek_at(1) {
                    Some(b'\n') => self.pos += 2,
                    Some(_) if self.continuation().is_some() => break,
                    Some(_) => {
                        let start = self.pos;
                        let escaped = self
                            .text
                            .get(start + 1..)
                            .and_then(|rest| rest.chars().next())
                            .unwrap_or('\\');
                        self.pos = start + 1 + escaped.len_utf8();
                        pieces.push(Piece {
                            text: escaped.to_string(),
                            span: Span::new(start, self.pos),
                            quoted: false,
                            kind: PieceKind::Other,
                        });
                    }
                    None => pieces.push(self.exact(self.pos + 1, false)),
                },
                b'`' => {
                    if self.continuation().is_some() {
                        break;
                    }
                    let piece = if self.powershell {
                        self.exact(self.pos + 1, false)
                    } else {
                        self.backtick_substitution(depth)
                    };
                    pieces.push(piece);
                }
                b'$' => self.dollar(depth, false, &mut pieces),
                _ => {
                    // `[` may open a choice placeholder such as `[system|none]`.
                    let end = self.run_end(|b| !is_special(b) && b != b'[');
                    pieces.push(self.exact(end, false));
                }
            }
        }
        pieces
    }

    /// The source from here to `end` as a piece, moving past it.
    /// Where the run of bytes that `keep` accepts, starting after the current byte, ends.
    fn run_end(&self, keep: impl Fn(u8) -> bool) -> usize {
        let mut end = self.pos + 1;
        while end < self.end && self.text.as_bytes().get(end).is_some_and(|&b| keep(b)) {
            end += 1;
        }
        end
    }

    fn exact(&mut self, end: usize, quoted: bool) -> Piece {
        let start = self.pos;
        let end = next_boundary(self.text, end.max(start));
        self.pos = end;
        Piece {
            text: self.slice(start, end).to_owned(),
            span: Span::new(start, end),
            quoted,
            kind: PieceKind::Exact,
        }
    }

    fn single_quoted(&mut self, pieces: &mut Vec<Piece>) {
        let open = self.pos;
        let from = open + 1;
        let close = self.slice(from, self.end).find('\'').map(|i| from + i);
        self.pos = from;
        if let Some(close) = close {
            pieces.push(self.exact(close, true));
            self.pos = close + 1;
        } else {
            self.raise(Span::new(open, from), syntax::unterminated_single_quote());
            let line_end = self.line_end(from);
            pieces.push(self.exact(line_end, true));
        }
    }

    /// A double-quoted part. Read first within its line; a quote not closed there is read on
    /// (within the budget) to find its end on a later line, and when it has none it is an
    /// `az-syntax` finding and ends with its line.
    fn double_quoted(&mut self, depth: usize, pieces: &mut Vec<Piece>) {
        let open = self.pos;
        let marks = (self.commands.len(), self.findings.len(), pieces.len());
        let line_end = self.line_end(open);
        if !self.quoted_within(depth, pieces, open, line_end) {
            let window = floor_boundary(
                self.text,
                self.end.min(open.saturating_add(self.multiline_budget)),
            );
            let mut closed = false;
            if window > line_end {
                self.rewind(marks, pieces);
                self.multiline_budget = self.multiline_budget.saturating_sub(window - open);
                closed = self.quoted_within(depth, pieces, open, window);
                self.multiline_budget = self
                    .multiline_budget
                    .saturating_add(window.saturating_sub(self.pos));
                // A string over several lines must end a word, as `--body "{...}"` does: a
                // closing quote glued to more text is more likely the opening quote of a
                // later value, and the quote here the one left open.
                closed = closed && self.peek().is_none_or(is_breaker);
                if !closed {
                    self.rewind(marks, pieces);
                    self.quoted_within(depth, pieces, open, line_end);
                }
            }
            if !closed {
                self.raise(
                    Span::new(open, open + 1),
                    syntax::unterminated_double_quote(),
                );
            }
        }
        if pieces.len() == marks.2 {
            // `""`: an empty value, placed between the quotes.
            pieces.push(Piece {
                text: String::new(),
                span: Span::empty(open + 1),
                quoted: true,
                kind: PieceKind::Exact,
            });
        }
    }

    /// Forgets what was read since `marks`.
    fn rewind(&mut self, marks: (usize, usize, usize), pieces: &mut Vec<Piece>) {
        self.commands.truncate(marks.0);
        self.findings.truncate(marks.1);
        pieces.truncate(marks.2);
    }

    /// Reads the double-quoted part opened at `open` with `end` as the reading end.
    fn quoted_within(
        &mut self,
        depth: usize,
        pieces: &mut Vec<Piece>,
        open: usize,
        end: usize,
    ) -> bool {
        let reading_end = self.end;
        self.end = end;
        self.pos = open + 1;
        let closed = self.double_quoted_body(depth, pieces);
        self.end = reading_end;
        closed
    }

    /// Reads up to and past the closing `"`; false when the reading end comes first.
    fn double_quoted_body(&mut self, depth: usize, pieces: &mut Vec<Piece>) -> bool {
        while let Some(byte) = self.peek() {
            match byte {
                b'"' => {
                    self.pos += 1;
                    return true;
                }
                b'\\' | b'`' => {
                    let escaped = self.peek_at(1);
                    let line_break = match (byte, escaped, self.peek_at(2)) {
                        (b'\\', Some(b'\n'), _) => Some(2),
                        (b'\\', Some(b'\r'), Some(b'\n')) => Some(3),
                        _ => None,
                    };
                    if let Some(length) = line_break {
                        self.pos += length;
                        continue;
                    }
                    // bash escapes these with `\`, `PowerShell` with a backtick.
                    let escapable = match byte {
                        b'\\' => matches!(escaped, Some(b'"' | b'\\' | b'$' | b'`')),
                        _ => matches!(escaped, Some(b'"' | b'`' | b'$')),
                    };
                    match escaped {
                        Some(c) if escapable => {
                            let start = self.pos;
                            self.pos += 2;
                            pieces.push(Piece {
                                text: char::from(c).to_string(),
                                span: Span::new(start, self.pos),
                                quoted: true,
                                kind: PieceKind::Other,
                            });
                        }
                        _ => pieces.push(self.exact(self.pos + 1, true)),
                    }
                }
                b'$' => self.dollar(depth, true, pieces),
                _ => {
                    let end = self.run_end(|b| !matches!(b, b'"' | b'\\' | b'`' | b'$'));
                    pieces.push(self.exact(end, true));
                }
            }
        }
        false
    }

    /// At `$`: a substitution, a variable reference, or a plain `$`.
    fn dollar(&mut self, depth: usize, quoted: bool, pieces: &mut Vec<Piece>) {
        let start = self.pos;
        let piece = match self.peek_at(1) {
            Some(b'(') => {
                let mut piece = self.substitution(depth, 2);
                piece.quoted = quoted;
                piece
            }
            Some(b'{') => match self.expansion_here() {
                Some(expansion) => return self.expand(depth, quoted, &expansion, pieces),
                None => self.exact(start + 1, quoted),
            },
            Some(c) if is_name_start(c) => match self.variable_name(1) {
                Some((name, length)) => {
                    self.pos += length;
                    self.reference(&name, Span::new(start, self.pos), quoted)
                }
                None => self.exact(start + 1, quoted),
            },
            Some(c) if c.is_ascii_digit() || b"@*#?$!-".contains(&c) => {
                // `$1`, `$@` and the like: set by whoever runs the script.
                self.pos += 2;
                Piece {
                    text: self.slice(start, self.pos).to_owned(),
                    span: Span::new(start, self.pos),
                    quoted,
                    kind: PieceKind::Undefined,
                }
            }
            _ => self.exact(start + 1, quoted),
        };
        pieces.push(piece);
    }

    /// At `${`: the parameter expansion, when its `}` is on the same line within
    /// [`MAX_BRACED`] bytes.
    fn expansion_here(&self) -> Option<Expansion> {
        if self.peek() != Some(b'$') || self.peek_at(1) != Some(b'{') {
            return None;
        }
        let from = self.pos + 2;
        let close = self.brace_end(from)?;
        let inner = self.slice(from, close);
        let body = inner.strip_prefix("env:").unwrap_or(inner);
        let length = if body.bytes().next().is_some_and(is_name_start) {
            body.bytes().take_while(|&b| is_name_byte(b)).count()
        } else {
            0
        };
        let (operator, operator_length) = match body.as_bytes().get(length..) {
            _ if length == 0 => (Operator::Other, 0),
            Some([]) => (Operator::None, 0),
            Some([b':', b'-', ..]) => (
                Operator::Default {
                    colon: true,
                    assign: false,
                },
                2,
            ),
            Some([b':', b'=', ..]) => (
                Operator::Default {
                    colon: true,
                    assign: true,
                },
                2,
            ),
            Some([b':', b'+', ..]) => (Operator::Alternate { colon: true }, 2),
            Some([b'-', ..]) => (
                Operator::Default {
                    colon: false,
                    assign: false,
                },
                1,
            ),
            Some([b'=', ..]) => (
                Operator::Default {
                    colon: false,
                    assign: true,
                },
                1,
            ),
            Some([b'+', ..]) => (Operator::Alternate { colon: false }, 1),
            _ => (Operator::Other, 0),
        };
        Some(Expansion {
            name: body.get(..length)?.to_owned(),
            operator,
            word: close - body.len() + length + operator_length,
            close,
        })
    }

    /// The `}` that closes a `${` whose inside starts at `from`: nested expansions and quotes
    /// are skipped; `None` past a line break or [`MAX_BRACED`] bytes.
    fn brace_end(&self, from: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let limit = self.end.min(from.saturating_add(MAX_BRACED));
        let mut level = 0_usize;
        let mut quote = None;
        let mut at = from;
        while at < limit {
            let byte = *bytes.get(at)?;
            match (quote, byte) {
                (_, b'\n') => return None,
                (Some(b'\''), b'\'') | (Some(b'"'), b'"') => quote = None,
                (Some(b'\''), _) => {}
                (_, b'\\') => at += 1,
                (None, b'\'' | b'"') => quote = Some(byte),
                (_, b'$') if bytes.get(at + 1) == Some(&b'{') => {
                    level += 1;
                    at += 1;
                }
                (None, b'}') if level == 0 => return Some(at),
                (_, b'}') if level > 0 => level -= 1,
                _ => {}
            }
            at += 1;
        }
        None
    }

    /// Whether a variable counts as set for `${NAME:-...}` (`colon`: set and not empty). One that
    /// no line assigns is taken as unset, so that `${X:-default}` reads as its default, which is
    /// what the docs mean by it.
    fn is_set(&self, name: &str, colon: bool) -> bool {
        self.lookup(name)
            .is_some_and(|value| !colon || !value.known() || !value.value.is_empty())
    }

    /// The value of a `${...}` expansion, as pieces.
    fn expand(
        &mut self,
        depth: usize,
        quoted: bool,
        expansion: &Expansion,
        pieces: &mut Vec<Piece>,
    ) {
        let span = Span::new(self.pos, expansion.close + 1);
        let name = expansion.name.as_str();
        let takes_word = match expansion.operator {
            Operator::None => false,
            Operator::Default { colon, .. } => !self.is_set(name, colon),
            Operator::Alternate { colon } => self.is_set(name, colon),
            Operator::Other => {
                // `${#x}`, `${x%pattern}`, `${x:0:4}`, `${x:?}`: a value that cannot be known here.
                self.pos = span.end;
                let kind = if !name.is_empty() && self.lookup(name).is_none() {
                    PieceKind::Undefined
                } else {
                    PieceKind::Opaque
                };
                let text = self.slice(span.start, span.end).to_owned();
                pieces.push(Piece {
                    text,
                    span,
                    quoted,
                    kind,
                });
                return;
            }
        };
        if !takes_word {
            self.pos = span.end;
            if !matches!(expansion.operator, Operator::Alternate { .. }) {
                pieces.push(self.reference(name, span, quoted));
            }
            return;
        }
        let word = self.inner_pieces(depth, expansion, quoted);
        if let Operator::Default { assign: true, .. } = expansion.operator {
            self.define(name, build(&word, span), false);
        }
        pieces.extend(word);
    }

    /// The word after the operator of `expansion`, read as one word (quoted or not); the
    /// reading ends after its `}`.
    fn inner_pieces(&mut self, depth: usize, expansion: &Expansion, quoted: bool) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let close = expansion.close;
        let reading_end = self.end;
        self.end = close;
        self.pos = expansion.word;
        if depth >= MAX_DEPTH {
            pieces.push(Piece {
                text: self.slice(self.pos, close).to_owned(),
                span: Span::new(self.pos, close),
                quoted,
                kind: PieceKind::Opaque,
            });
            self.pos = close;
        }
        while self.pos < close {
            let before = self.pos;
            if quoted {
                self.double_quoted_body(depth + 1, &mut pieces);
            } else if matches!(self.peek(), Some(b' ' | b'\t')) {
                let end = self.run_end(|b| matches!(b, b' ' | b'\t'));
                pieces.push(self.exact(end, false));
            } else {
                pieces.extend(self.pieces(depth + 1));
            }
            if self.pos == before {
                pieces.push(self.exact(before + 1, quoted));
            }
        }
        self.end = reading_end;
        self.pos = close + 1;
        pieces
    }

    /// At a word that is `${NAME:+words}` alone, unquoted: the words it expands to, split at
    /// blanks as the shell splits them; none when NAME is unset (or empty, with the colon).
    fn alternate_words(&mut self, depth: usize) -> Option<Vec<Word>> {
        let expansion = self.expansion_here()?;
        let Operator::Alternate { colon } = expansion.operator else {
            return None;
        };
        let after = expansion.close + 1;
        let alone = after >= self.end
            || self
                .text
                .as_bytes()
                .get(after)
                .is_none_or(|&b| is_breaker(b));
        if !alone || depth >= MAX_DEPTH {
            return None;
        }
        let mut words = Vec::new();
        if self.is_set(&expansion.name, colon) {
            let reading_end = self.end;
            self.end = expansion.close;
            self.pos = expansion.word;
            loop {
                self.skip_blanks();
                if self.peek().is_none() {
                    break;
                }
                let start = self.pos;
                let pieces = self.pieces(depth + 1);
                if self.pos == start {
                    self.pos = next_boundary(self.text, start + 1);
                    continue;
                }
                words.extend(words_from(pieces, Span::new(start, self.pos)));
            }
            self.end = reading_end;
        }
        self.pos = after;
        Some(words)
    }

    /// At a backtick in bash: the old form of `$(...)`, up to the next backtick. Without one,
    /// the backtick is plain text.
    fn backtick_substitution(&mut self, depth: usize) -> Piece {
        let start = self.pos;
        let from = start + 1;
        let Some(close) = self.slice(from, self.end).find('`').map(|i| from + i) else {
            return self.exact(from, false);
        };
        let reading_end = self.end;
        self.end = close;
        self.pos = from;
        let kind = if depth >= MAX_DEPTH {
            PieceKind::Opaque
        } else {
            PieceKind::Output(Rc::from(self.command_list(depth + 1, true).0))
        };
        self.end = reading_end;
        self.pos = close + 1;
        let span = Span::new(start, self.pos);
        Piece {
            text: self.slice(span.start, span.end).to_owned(),
            span,
            quoted: false,
            kind,
        }
    }

    /// Whether `pieces`, just read, are the file descriptor of a redirection that follows.
    fn is_descriptor(&self, pieces: &[Piece]) -> bool {
        matches!(self.peek(), Some(b'<' | b'>'))
            && self.placeholder_here().is_none()
            && matches!(pieces, [Piece { kind: PieceKind::Exact, quoted: false, text, .. }]
                if text.bytes().all(|b| b.is_ascii_digit()))
    }

    /// At `<` or `[`: the length of the placeholder that starts here.
    fn placeholder_here(&self) -> Option<usize> {
        if !matches!(self.peek(), Some(b'<' | b'[')) {
            return None;
        }
        placeholder_len(self.slice(self.pos, self.end))
    }

    fn reference(&mut self, name: &str, span: Span, quoted: bool) -> Piece {
        let written = self.slice(span.start, span.end).to_owned();
        match self.lookup(name) {
            Some(value) if value.value.len() < self.budget => {
                self.budget -= value.value.len() + 1;
                Piece {
                    text: value.value.clone(),
                    span,
                    quoted,
                    kind: PieceKind::Var(value),
                }
            }
            Some(_) => Piece {
                text: written,
                span,
                quoted,
                kind: PieceKind::Opaque,
            },
            None => Piece {
                text: written,
                span,
                quoted,
                kind: PieceKind::Undefined,
            },
        }
    }

    /// At `$(` (`open` = 2) or `(` (`open` = 1): reads the commands up to the closing `)`.
    fn substitution(&mut self, depth: usize, open: usize) -> Piece {
        let start = self.pos;
        self.pos += open;
        if depth >= MAX_DEPTH {
            let mut level = 1_usize;
            while let Some(byte) = self.peek() {
                self.pos += 1;
                match byte {
                    b'(' => level += 1,
                    b')' => {
                        level -= 1;
                        if level == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let span = Span::new(start, self.pos);
            return Piece {
                text: self.slice(span.start, span.end).to_owned(),
                span,
                quoted: false,
                kind: PieceKind::Opaque,
            };
        }
        let (commands, closed) = self.command_list(depth + 1, true);
        if !closed {
            self.raise(
                Span::new(start, start + open),
                syntax::unclosed_substitution(),
            );
        }
        let span = Span::new(start, self.pos);
        Piece {
            text: self.slice(span.start, span.end).to_owned(),
            span,
            quoted: false,
            kind: PieceKind::Output(Rc::from(commands)),
        }
    }
}

/// The length of the placeholder `text` starts with, as the docs write unknown values:
/// `<cluster-name>` (a name, or words such as `<address prefix, example: 10.0.0.0/8>` that
/// neither start nor end with a blank, so that `<in.txt >out.txt` stays two redirections), or a
/// choice such as `[system|none]` or `[<zone-id>|<subzone-id>]`. Closed on the same line.
fn placeholder_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (first, rest) = bytes.split_first()?;
    let mut choice = false;
    for (i, &byte) in rest.iter().enumerate().take(MAX_PLACEHOLDER) {
        let previous = if i == 0 { *first } else { *rest.get(i - 1)? };
        match (first, byte) {
            (b'<', b'>') if i > 0 && previous != b' ' => return Some(i + 2),
            (b'<', _) if i == 0 && !byte.is_ascii_alphanumeric() => return None,
            (b'<', _) if byte.is_ascii_alphanumeric() || b"-_./:, ".contains(&byte) => {}
            (b'[', b']') if choice => return Some(i + 2),
            (b'[', b'|') => choice = true,
            (b'[', _) if byte.is_ascii_alphanumeric() || b"-_.<>".contains(&byte) => {}
            _ => return None,
        }
    }
    None
}

/// Whether `text` is one placeholder (see [`placeholder_len`]), such as an unresolved
/// reference [`Word::unresolved`] lists.
pub(crate) fn is_placeholder(text: &str) -> bool {
    placeholder_len(text) == Some(text.len())
}

/// The placeholders in `text`, which is written at `start`.
fn placeholders_in(text: &str, start: usize) -> Vec<Spanned<String>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text.get(at..).and_then(|rest| rest.find(['<', '['])) {
        let from = at + offset;
        match text.get(from..).and_then(placeholder_len) {
            Some(length) => {
                let placeholder = text.get(from..from + length).unwrap_or_default();
                let span = Span::new(start + from, start + from + length);
                found.push(Spanned::new(placeholder.to_owned(), span));
                at = from + length;
            }
            None => at = from + 1,
        }
    }
    found
}

/// Whether `text` is written for `PowerShell`: a backtick continues a line, `$env:` names an
/// environment variable, or a line assigns `$name = value` (no bash line starts so).
pub(crate) fn is_powershell(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim();
        // A line continued by a backtick has no other backtick; bash's `cmd` has two.
        (line.ends_with('`') && line.matches('`').count() % 2 == 1)
            || line.contains("$env:")
            || line.strip_prefix('$').is_some_and(|rest| {
                let name = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
                name.len() < rest.len()
                    && name.trim_start().starts_with('=')
                    && !name.trim_start().starts_with("==")
            })
    })
}

/// The smallest character boundary of `text` at or after `offset` (at most its length).
fn next_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The words of one written word: `--flag=value` is two.
fn words_from(pieces: Vec<Piece>, at: Span) -> Vec<Word> {
    let mut pieces = pieces.into_iter();
    let Some(first) = pieces.next() else {
        return vec![build(&[], at)];
    };
    let equals = match first.kind {
        PieceKind::Exact if !first.quoted && first.text.starts_with("--") => first.text.find('='),
        _ => None,
    };
    let split = equals.and_then(|i| {
        Some((
            first.text.get(..i)?.to_owned(),
            first.text.get(i + 1..)?.to_owned(),
            i,
        ))
    });
    let Some((flag, rest, i)) = split else {
        let mut all = vec![first];
        all.extend(pieces);
        return vec![build(&all, at)];
    };
    let flag_span = Span::new(first.span.start, first.span.start + i);
    let value_start = flag_span.end + 1;
    let flag = Piece {
        text: flag,
        span: flag_span,
        quoted: false,
        kind: PieceKind::Exact,
    };
    let rest = Piece {
        text: rest,
        span: Span::new(value_start, first.span.end),
        quoted: false,
        kind: PieceKind::Exact,
    };
    let others: Vec<Piece> = pieces.collect();
    let value = if rest.text.is_empty() && !others.is_empty() {
        others
    } else {
        let mut value = vec![rest];
        value.extend(others);
        value
    };
    let value = Word {
        joined: true,
        ..build(&value, Span::new(value_start, at.end.max(value_start)))
    };
    vec![build(&[flag], flag_span), value]
}

/// Puts a word together from its parts.
fn build(pieces: &[Piece], at: Span) -> Word {
    if let [only] = pieces {
        match &only.kind {
            PieceKind::Var(value) => {
                return Word {
                    at,
                    ..Word::clone(value)
                };
            }
            PieceKind::Output(commands) => {
                return Word {
                    value: only.text.clone(),
                    span: only.span,
                    at,
                    quoted: only.quoted,
                    exact: false,
                    unresolved: Vec::new(),
                    opaque: true,
                    output_of: Some(Rc::clone(commands)),
                    joined: false,
                };
            }
            _ => {}
        }
    }
    let mut value = String::new();
    let mut unresolved: Vec<Spanned<String>> = Vec::new();
    let mut opaque = false;
    for piece in pieces {
        if value.len() + piece.text.len() > MAX_VALUE {
            opaque = true;
        } else {
            value.push_str(&piece.text);
        }
        match &piece.kind {
            PieceKind::Var(assigned) => {
                opaque |= assigned.opaque;
                unresolved.extend(assigned.unresolved.iter().cloned());
            }
            PieceKind::Undefined => {
                unresolved.push(Spanned::new(piece.text.clone(), piece.span));
            }
            PieceKind::Output(_) | PieceKind::Opaque => opaque = true,
            PieceKind::Exact => unresolved.extend(placeholders_in(&piece.text, piece.span.start)),
            PieceKind::Other => {}
        }
    }
    unresolved.truncate(MAX_UNRESOLVED);
    let exact = !pieces.is_empty()
        && pieces.iter().all(|p| matches!(p.kind, PieceKind::Exact))
        && pieces
            .windows(2)
            .all(|pair| matches!(pair, [a, b] if a.span.end == b.span.start));
    let span = match (exact, pieces.first(), pieces.last()) {
        (true, Some(first), Some(last)) => first.span.cover(last.span),
        _ => at,
    };
    Word {
        value,
        span,
        at,
        quoted: pieces.iter().any(|p| p.quoted),
        exact,
        unresolved,
        opaque,
        output_of: None,
        joined: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        parse(text, 0)
            .0
            .iter()
            .map(|c| c.words.iter().map(|w| w.value.clone()).collect())
            .collect()
    }

    /// Every word's span slices back to its value when it is exact.
    fn check_spans(text: &str) {
        for command in parse(text, 0).0 {
            for word in command.words {
                if word.exact {
                    assert_eq!(
                        &text[word.span.start..word.span.end],
                        word.value,
                        "{word:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn commands_split_at_line_breaks_and_operators() {
        assert_eq!(
            words("a b; c && d || e | f & g\nh"),
            [
                vec!["a", "b"],
                vec!["c"],
                vec!["d"],
                vec!["e"],
                vec!["f"],
                vec!["g"],
                vec!["h"]
            ]
        );
    }

    #[test]
    fn continuations_join_lines() {
        assert_eq!(words("a \\\n  b \\  \n c"), [vec!["a", "b", "c"]]);
        assert_eq!(
            words("a `\r\n  b `\n c\nd"),
            [vec!["a", "b", "c"], vec!["d"]]
        );
        assert_eq!(words("ab\\\ncd"), [vec!["abcd"]]);
    }

    #[test]
    fn quotes_escapes_and_comments() {
        let text = r#"x 'a b' "c \"d\" $" e\ f "" # comment 'unclosed"#;
        assert_eq!(words(text), [vec!["x", "a b", "c \"d\" $", "e f", ""]]);
        let (commands, findings) = parse(text, 0);
        assert!(findings.is_empty());
        let empty = &commands[0].words[4];
        assert!(empty.quoted && empty.exact);
        assert_eq!(empty.span, Span::empty(text.find("\"\"").unwrap() + 1));
        let quoted = &commands[0].words[1];
        assert_eq!(&text[quoted.span.start..quoted.span.end], "a b");
        assert_eq!(words("a#b"), [vec!["a#b"]]);
    }

    #[test]
    fn long_flags_split_at_equals() {
        let text = r#"az --name=x --ranges="" --query="[0].id" -n=y"#;
        assert_eq!(
            words(text),
            [vec![
                "az", "--name", "x", "--ranges", "", "--query", "[0].id", "-n=y"
            ]]
        );
        let (commands, _) = parse(text, 0);
        let value = &commands[0].words[2];
        assert_eq!(&text[value.span.start..value.span.end], "x");
        let empty = &commands[0].words[4];
        assert!(empty.quoted);
        assert_eq!(empty.span, Span::empty(text.find("\"\"").unwrap() + 1));
        check_spans(text);
    }

    #[test]
    fn variables_are_substituted_from_earlier_assignments() {
        let text = "A=one\nexport B=\"two $A\"\necho $A ${B} $C \"$A\"x";
        assert_eq!(
            words(text),
            [vec!["export"], vec!["echo", "one", "two one", "$C", "onex"]]
        );
        let (commands, _) = parse(text, 0);
        let a = &commands[1].words[1];
        assert_eq!(&text[a.span.start..a.span.end], "one");
        assert_eq!(&text[a.at.start..a.at.end], "$A");
        let c = &commands[1].words[3];
        assert!(!c.known());
        assert_eq!(c.unresolved[0].value, "$C");
    }

    #[test]
    fn powershell_assignments() {
        let text = "$Name = \"vnet\"\n$env:RG = 'rg'\n$id = az network vnet subnet show -n s\necho $name $RG $env:RG $id";
        let (commands, findings) = parse(text, 0);
        assert!(findings.is_empty(), "{findings:?}");
        let values: Vec<Vec<&str>> = commands
            .iter()
            .map(|c| c.words.iter().map(|w| w.value.as_str()).collect())
            .collect();
        assert_eq!(
            values[0],
            ["az", "network", "vnet", "subnet", "show", "-n", "s"]
        );
        assert_eq!(&values[1][..4], ["echo", "vnet", "rg", "rg"]);
        let id = &commands[1].words[4];
        assert_eq!(id.output_of.as_ref().map(|c| c.len()), Some(1));
    }

    #[test]
    fn command_substitution_keeps_its_commands() {
        let text =
            "ID=$(az network vnet subnet show --vnet-name \"v\" -n s --query id -o tsv)\nuse $ID";
        let (commands, findings) = parse(text, 0);
        assert!(findings.is_empty());
        assert_eq!(commands.len(), 2);
        assert_eq!(commands[0].words[0].value, "az");
        let id = &commands[1].words[1];
        let inner = id.output_of.as_ref().unwrap();
        assert_eq!(inner[0].words.len(), 13);
        assert!(text[id.span.start..id.span.end].starts_with("$(az"));
    }

    #[test]
    fn unterminated_quotes_are_findings_and_reading_goes_on() {
        let text = "a \"b c\nd 'e\nf g";
        let (commands, findings) = parse(text, 0);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].span, Span::new(2, 3));
        assert_eq!(findings[1].span, Span::new(9, 10));
        let values: Vec<Vec<&str>> = commands
            .iter()
            .map(|c| c.words.iter().map(|w| w.value.as_str()).collect())
            .collect();
        assert_eq!(values, [vec!["a", "b c"], vec!["d", "e"], vec!["f", "g"]]);
    }

    #[test]
    fn double_quotes_may_span_lines() {
        let text = "az rest --body \"{\n  \\\"a\\\": 1\n}\" --method put\nnext";
        let (commands, findings) = parse(text, 0);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(commands[0].words[3].value, "{\n  \"a\": 1\n}");
        assert_eq!(commands[0].words[5].value, "put");
        assert_eq!(commands[1].words[0].value, "next");
        // The quote left open on the first line is reported there, not where the next quoted
        // value would close it.
        let text = "az x -n \"first\naz y --query \"id\" -o tsv";
        let (commands, findings) = parse(text, 0);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].span, Span::new(8, 9));
        assert_eq!(commands[1].words[3].value, "id");
    }

    #[test]
    fn heredoc_bodies_are_skipped() {
        let text = "kubectl apply -f - <<'EOF'\nit's: \"yaml\n  EOF\naz x";
        let (commands, findings) = parse(text, 0);
        assert!(findings.is_empty());
        assert_eq!(commands.len(), 2);
        assert_eq!(commands[1].words[1].value, "x");
    }

    /// The unresolved references of each word of the first command.
    fn unknowns(text: &str) -> Vec<Vec<String>> {
        parse(text, 0).0[0]
            .words
            .iter()
            .map(|w| w.unresolved.iter().map(|u| u.value.clone()).collect())
            .collect()
    }

    #[test]
    fn placeholders_are_unknown_words_not_redirections() {
        let text =
            "az network vnet create --name <vnet-name> \\\n  --address-prefixes 172.19.0.0/16";
        assert_eq!(
            words(text),
            [vec![
                "az",
                "network",
                "vnet",
                "create",
                "--name",
                "<vnet-name>",
                "--address-prefixes",
                "172.19.0.0/16"
            ]]
        );
        let (commands, findings) = parse(text, 0);
        assert!(findings.is_empty());
        let name = &commands[0].words[5];
        assert!(!name.known() && name.exact);
        assert_eq!(
            &text[name.unresolved[0].span.start..name.unresolved[0].span.end],
            "<vnet-name>"
        );
        check_spans(text);

        // Glued to a continuation, inside a resource ID, in a list, with blanks, as a choice.
        assert_eq!(
            words("a <subnet-id>\\\n b"),
            [vec!["a", "<subnet-id>", "b"]]
        );
        let id = "a /subscriptions/<sub>/resourceGroups/rg/x,<ip-1>,<ip-2> <address prefix, example: 10.0.0.0/8> [system|none] [<a>|<b>]";
        assert_eq!(
            unknowns(id),
            [
                vec![],
                vec!["<sub>", "<ip-1>", "<ip-2>"],
                vec!["<address prefix, example: 10.0.0.0/8>"],
                vec!["[system|none]"],
                vec!["[<a>|<b>]"]
            ]
        );
        // Quoted, and through a variable.
        assert_eq!(
            unknowns("X=\"<cluster-name>\"\nsay '<rg>' $X [0].id"),
            [vec![], vec!["<rg>"], vec!["<cluster-name>"], vec![]]
        );
        assert!(is_placeholder("<cluster-name>") && is_placeholder("[system|none]"));
        assert!(!is_placeholder("$X") && !is_placeholder("<a> b"));
    }

    #[test]
    fn redirections_still_drop_their_targets() {
        assert_eq!(words("a > out.txt b"), [vec!["a", "b"]]);
        assert_eq!(words("a 2>/dev/null b &>log"), [vec!["a", "b"]]);
        assert_eq!(words("a <in.txt >out.txt b"), [vec!["a", "b"]]);
        assert_eq!(words("a < in.txt b"), [vec!["a", "b"]]);
        assert_eq!(words("a <in.txt"), [vec!["a"]]);
        assert_eq!(
            words("read -r X <<< \"$(az x)\"\nb"),
            [vec!["az", "x"], vec!["read", "-r", "X"], vec!["b"]]
        );
        assert_eq!(
            words("cat <<EOF\n<not-a-word>\nEOF\nb"),
            [vec!["cat"], vec!["b"]]
        );
    }

    #[test]
    fn parameter_expansions() {
        let text = "A=x\nE=\"\"\necho ${A:-d} ${U:-d} ${E:-d} ${E-d} ${U:+alt} ${A:+alt} \"${U:-a b}\" ${#A} ${A%x} ${U:=set} $U";
        assert_eq!(
            words(text),
            [vec![
                "echo", "x", "d", "d", "", "alt", "a b", "${#A}", "${A%x}", "set", "set"
            ]]
        );
        let (commands, findings) = parse(text, 0);
        assert!(findings.is_empty(), "{findings:?}");
        let words = &commands[0].words;
        assert!(words[1].known() && words[2].known());
        assert!(words[7].opaque && words[8].opaque);
        // The default is written in the text: a correction replaces it there.
        assert_eq!(&text[words[2].span.start..words[2].span.end], "d");

        // `${X:+...}` alone is the words it holds, split, or nothing.
        assert_eq!(
            words_of("V=1.29\naz aks create ${V:+--kubernetes-version \"${V}\"} --x y"),
            [
                "az",
                "aks",
                "create",
                "--kubernetes-version",
                "1.29",
                "--x",
                "y"
            ]
        );
        assert_eq!(
            words_of("V=\"\"\naz aks create ${V:+--kubernetes-version \"${V}\"} --x y"),
            ["az", "aks", "create", "--x", "y"]
        );
        assert_eq!(words_of("az ${W:+--w \"$W\"} --x y"), ["az", "--x", "y"]);
    }

    fn words_of(text: &str) -> Vec<String> {
        words(text).pop().unwrap()
    }

    #[test]
    fn declarations_assign_after_their_options() {
        assert_eq!(
            words("declare -r A=1 B=\"2\"\nreadonly C=3\nlocal D=4\necho $A $B $C $D"),
            [
                vec!["declare", "-r"],
                vec!["readonly"],
                vec!["local"],
                vec!["echo", "1", "2", "3", "4"]
            ]
        );
        // An ordinary command's `NAME=value` arguments are words.
        assert_eq!(
            words("echo A=1\necho $A"),
            [vec!["echo", "A=1"], vec!["echo", "$A"]]
        );
    }

    #[test]
    fn backticks_substitute_in_bash_and_continue_in_powershell() {
        let (commands, _) = parse("ID=`az network vnet subnet show -n s`\nuse $ID", 0);
        assert_eq!(commands.len(), 2);
        assert_eq!(commands[0].words[0].value, "az");
        assert!(commands[1].words[1].output_of.is_some());
        assert_eq!(words("$x = 1\na `\n b"), [vec!["a", "b"]]);
        assert!(is_powershell("az aks create `\n  -n x"));
        assert!(is_powershell("$env:RG = 'rg'"));
        assert!(is_powershell("$clusterName = \"c\""));
        assert!(!is_powershell("ID=`az x`\nif [ $a == $b ]; then :; fi"));
        assert!(!is_powershell("az aks create \\\n  --name $NAME"));
    }

    #[test]
    fn expansion_is_bounded() {
        // Nested and unclosed `${` and `<`: bounded, no deep recursion.
        let nested = format!("echo {}x{}", "${a:-".repeat(10_000), "}".repeat(10_000));
        let _ = parse(&nested, 0);
        let unclosed = format!("echo {}", "${".repeat(30_000));
        let _ = parse(&unclosed, 0);
        let angles = format!("echo {}", "<a".repeat(30_000));
        let _ = parse(&angles, 0);

        let mut text = String::from("A=0123456789\n");
        for _ in 0..40 {
            text.push_str("A=$A$A\n");
        }
        text.push_str("echo $A");
        let (commands, _) = parse(&text, 0);
        let a = &commands[0].words[1];
        assert!(a.value.len() <= MAX_VALUE);
        assert!(a.opaque);
        let deep = "$(".repeat(10_000);
        let (_, findings) = parse(&deep, 0);
        assert!(!findings.is_empty());
    }
}
