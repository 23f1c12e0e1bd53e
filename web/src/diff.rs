//! A line diff laid out for display: the stretches of each side and the grid rows they go in.
//! Plain data that points into the two texts rather than copying them: the analyst computes the
//! Policies tab's diff off the page's thread and sends it over as JSON beside the corrected text,
//! and the page already has the original; the Network plan tab computes its own (plans are small).

use std::ops::Range;

use serde::{Deserialize, Serialize};
use similar::{DiffTag, TextDiff};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StretchKind {
    Same,
    /// Only in the original.
    Removed,
    /// Only in the corrected text.
    Added,
    /// The empty side facing lines only the other side has.
    Filler,
}

/// Consecutive lines of one side that the diff treats alike, and where they go: `row` in the
/// side-by-side grid (both sides of one diff operation share it), `unified_row` in the one column
/// of narrow screens (`None`: not shown there, as the corrected side shows unchanged lines).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stretch {
    /// Where its lines are in its side's text, line breaks included: a side's stretches follow
    /// each other without gap or overlap, so put together they are exactly its text.
    pub span: Range<usize>,
    pub kind: StretchKind,
    pub row: usize,
    pub unified_row: Option<usize>,
}

impl Stretch {
    /// Its lines, taken from `side`, the text it was computed from.
    pub fn text<'t>(&self, side: &'t str) -> &'t str {
        side.get(self.span.clone()).unwrap_or_default()
    }
}

/// Both sides of a line diff, laid out for display.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDiff {
    pub original: Vec<Stretch>,
    pub corrected: Vec<Stretch>,
    /// Lines.
    pub removed: usize,
    pub added: usize,
}

impl LineDiff {
    /// Rows start at 2: the grid's first row holds the column heads.
    pub fn new(original: &str, corrected: &str) -> LineDiff {
        const FIRST_ROW: usize = 2;
        let diff = TextDiff::from_lines(original, corrected);
        let (old, new) = (
            line_starts(diff.old_slices()),
            line_starts(diff.new_slices()),
        );
        let mut out = LineDiff::default();
        let mut unified_row = FIRST_ROW;
        for (row, op) in (FIRST_ROW..).zip(diff.ops()) {
            let (before, after) = (op.old_range(), op.new_range());
            let stretch = |starts: &[usize], lines: &Range<usize>, kind, unified_row| {
                let at = |line: usize| starts.get(line).copied().unwrap_or_default();
                Stretch {
                    span: at(lines.start)..at(lines.end),
                    kind,
                    row,
                    unified_row,
                }
            };
            if op.tag() == DiffTag::Equal {
                out.original
                    .push(stretch(&old, &before, StretchKind::Same, None));
                out.corrected
                    .push(stretch(&new, &after, StretchKind::Same, Some(unified_row)));
                unified_row += 1;
                continue;
            }
            // Removed lines come first in the unified column, then the lines that replace them.
            out.original.push(if before.is_empty() {
                stretch(&old, &before, StretchKind::Filler, None)
            } else {
                unified_row += 1;
                stretch(&old, &before, StretchKind::Removed, Some(unified_row - 1))
            });
            out.corrected.push(if after.is_empty() {
                stretch(&new, &after, StretchKind::Filler, None)
            } else {
                unified_row += 1;
                stretch(&new, &after, StretchKind::Added, Some(unified_row - 1))
            });
            out.removed += before.len();
            out.added += after.len();
        }
        out
    }
}

/// Where each line starts, and after the last one where the text ends: line `i` spans
/// `starts[i]..starts[i + 1]`.
fn line_starts(lines: &[&str]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(lines.len() + 1);
    let mut at = 0;
    starts.push(at);
    for line in lines {
        at += line.len();
        starts.push(at);
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side<'t>(
        stretches: &[Stretch],
        text: &'t str,
    ) -> Vec<(StretchKind, &'t str, usize, Option<usize>)> {
        stretches
            .iter()
            .map(|s| (s.kind, s.text(text), s.row, s.unified_row))
            .collect()
    }

    fn joined(stretches: &[Stretch], text: &str) -> String {
        stretches.iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn a_changed_line_faces_its_replacement_and_unified_order_puts_removed_first() {
        use StretchKind::{Added, Removed, Same};
        let (original, corrected) = ("a\nb\nc\nd\n", "a\nB\nc\nd\n");
        let diff = LineDiff::new(original, corrected);
        assert_eq!(
            side(&diff.original, original),
            [
                (Same, "a\n", 2, None),
                (Removed, "b\n", 3, Some(3)),
                (Same, "c\nd\n", 4, None)
            ]
        );
        assert_eq!(
            side(&diff.corrected, corrected),
            [
                (Same, "a\n", 2, Some(2)),
                (Added, "B\n", 3, Some(4)),
                (Same, "c\nd\n", 4, Some(5))
            ]
        );
        assert_eq!((diff.removed, diff.added), (1, 1));
    }

    #[test]
    fn fillers_face_lines_only_one_side_has_and_each_side_is_exactly_its_text() {
        use StretchKind::{Added, Filler, Same};
        // One line added in the middle, two at the end after a line without a final line break;
        // spans count bytes, not characters.
        let original = "az aks create \\\n    --node-count 1 # ノード\nfi";
        let corrected = "az aks create \\\n    --service-cidr 172.16.0.0/16 \\\n    --node-count 1 # ノード\nfi\nx\ny";
        let diff = LineDiff::new(original, corrected);
        assert_eq!(joined(&diff.original, original), original);
        assert_eq!(joined(&diff.corrected, corrected), corrected);
        let kinds = |side: &[Stretch]| side.iter().map(|s| (s.kind, s.row)).collect::<Vec<_>>();
        assert_eq!(
            kinds(&diff.corrected),
            [(Same, 2), (Added, 3), (Same, 4), (Added, 5)]
        );
        assert_eq!(kinds(&diff.original)[1], (Filler, 3));
        assert_eq!((diff.removed, diff.added), (1, 4));
    }

    #[test]
    fn identical_texts_are_one_unmarked_stretch() {
        let diff = LineDiff::new("a\nb\n", "a\nb\n");
        assert_eq!((diff.removed, diff.added), (0, 0));
        assert_eq!(
            side(&diff.corrected, "a\nb\n"),
            [(StretchKind::Same, "a\nb\n", 2, Some(2))]
        );
    }
}
