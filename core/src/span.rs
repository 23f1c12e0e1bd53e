//! Source positions: byte ranges in the parser, lines and columns for people and editors.

use serde::{Deserialize, Serialize};

/// A byte range `start..end` in one source text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    /// The smallest span that covers both.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A 1-based line and column. Columns count Unicode scalar values, as editors and compilers
/// print them; [`LineIndex::utf16_column`] gives what browser editors need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A place as browser editors count it: 1-based line, 0-based column in UTF-16 code units (as
/// JavaScript strings and the textarea's selection count).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Utf16Position {
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets of one text to lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { line_starts }
    }

    /// Number of the line (0-based) holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(0)
    }

    /// The 1-based line and column of `offset`; an offset past the end or inside a character
    /// is clamped to the nearest character boundary before it.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let prefix = text.get(start..floor_boundary(text, offset)).unwrap_or("");
        Position {
            line: line + 1,
            column: prefix.chars().count() + 1,
        }
    }

    /// The 0-based column of `offset` in UTF-16 code units, as JavaScript strings count.
    pub fn utf16_column(&self, text: &str, offset: usize) -> usize {
        let start = self.line_start(self.line_of(offset));
        let prefix = text.get(start..floor_boundary(text, offset)).unwrap_or("");
        prefix.encode_utf16().count()
    }

    /// The 1-based line and 0-based UTF-16 column of `offset`, for browser editors.
    pub fn utf16_position(&self, text: &str, offset: usize) -> Utf16Position {
        Utf16Position {
            line: self.line_of(offset) + 1,
            column: self.utf16_column(text, offset),
        }
    }

    /// The byte range of line `line` (1-based) without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> Option<Span> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(text.len(), |next| next.saturating_sub(1));
        let end = if text.get(..end).is_some_and(|t| t.ends_with('\r')) {
            end - 1
        } else {
            end
        };
        Some(Span::new(start, end.max(start)))
    }
}

/// The largest character boundary of `text` at or before `offset`.
pub fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "a: 1\nnamé: x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 7 });
        assert_eq!(index.utf16_column(text, x), 6);
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "k: 🙂x";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x).column, 5);
        assert_eq!(index.utf16_column(text, x), 5);
        assert_eq!(
            index.utf16_position(text, x),
            Utf16Position { line: 1, column: 5 }
        );
    }

    #[test]
    fn offsets_past_the_end_or_inside_a_character_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 99), Position { line: 1, column: 2 });
    }

    #[test]
    fn line_spans_exclude_crlf() {
        let text = "one\r\ntwo\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_span(text, 1), Some(Span::new(0, 3)));
        assert_eq!(index.line_span(text, 2), Some(Span::new(5, 8)));
        assert_eq!(index.line_span(text, 3), Some(Span::new(9, 9)));
        assert_eq!(index.line_span(text, 4), None);
        assert_eq!(index.line_span(text, 0), None);
    }
}
