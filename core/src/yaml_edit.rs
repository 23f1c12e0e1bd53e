//! Edits that add YAML to the user's text: where a line starts and ends, the column of a block
//! key or item, and new keys inserted the way the surrounding mapping is written. Every fix that
//! adds YAML goes through here, so they all agree on one rule for line breaks
//! ([`is_line_break`]).

use crate::fix::Edit;
use crate::yaml::Node;

/// The characters that can end a line. Which ones do is [`is_line_break`]'s rule.
const LINE_BREAKS: [char; 2] = ['\n', '\r'];

/// Whether the byte at `at` ends a line: a `\n`, or a `\r` that no `\n` follows (a lone `\r`, old
/// Mac text, is a line break to YAML). The `\r` of a `\r\n` is the line's last character, and
/// its `\n` the break, so that edits on Windows text keep its line endings as they were.
pub fn is_line_break(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(b'\n') => true,
        Some(b'\r') => text.as_bytes().get(at + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// Whether `text` ends with a line break (a `\r\n` too: its `\n` is the break).
pub fn ends_with_line_break(text: &str) -> bool {
    text.len()
        .checked_sub(1)
        .is_some_and(|last| is_line_break(text, last))
}

/// The offset of the start of the line holding `at`: just after the line break before it, or 0.
pub fn line_start(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    Some(
        before
            .rmatch_indices(LINE_BREAKS)
            .find(|&(i, _)| is_line_break(text, i))
            .map_or(0, |(i, _)| i + 1),
    )
}

/// The offset of the end of the line holding `at`: its line break, or the text's end.
pub fn line_end(text: &str, at: usize) -> Option<usize> {
    let after = text.get(at..)?;
    Some(
        after
            .match_indices(LINE_BREAKS)
            .find(|&(i, _)| is_line_break(text, at + i))
            .map_or(text.len(), |(i, _)| at + i),
    )
}

/// Whether only blanks and a comment follow `at` on its line.
pub fn rest_of_line_is_blank(text: &str, at: usize) -> bool {
    let Some(end) = line_end(text, at) else {
        return false;
    };
    text.get(at..end).is_some_and(|rest| {
        let rest = rest.trim_start_matches([' ', '\t', '\r']);
        rest.is_empty() || rest.starts_with('#')
    })
}

/// The column of `at`, when only spaces (or a list item's `- `) come before it on its line: where
/// a block mapping's key or a block item starts.
pub fn block_column(text: &str, at: usize) -> Option<usize> {
    let before = text.get(line_start(text, at)?..at)?;
    before
        .chars()
        .all(|c| c == ' ' || c == '-')
        .then_some(before.len())
}

/// Whether `node` is written in flow style (`{...}` or `[...]`).
pub fn is_flow(text: &str, node: &Node) -> bool {
    text.get(node.span.start..)
        .is_some_and(|t| t.starts_with('{') || t.starts_with('['))
}

/// Where a block sequence item's `- ` is: `(dash column, content column)`.
pub fn item_columns(text: &str, item: &Node) -> Option<(usize, usize)> {
    let at = item.span.start;
    let before = text.get(line_start(text, at)?..at)?;
    let dash = before.trim_start_matches(' ');
    let gap = dash.strip_prefix('-')?;
    if gap.is_empty() || !gap.chars().all(|c| c == ' ') {
        return None;
    }
    Some((before.len() - dash.len(), before.len()))
}

/// Adds `key: value` as the first entry of the mapping `map`: a new line indented like the
/// mapping's first key in block style, or right after `{` in flow style. `None` for an empty
/// block mapping, whose indentation cannot be known.
pub fn insert_key(text: &str, map: &Node, key: &str, value: &str) -> Option<Edit> {
    let first_key = map.entries().and_then(<[_]>::first);
    // A block mapping whose first key is a flow collection starts with `{` too; its first key
    // starts where the mapping does, while a flow mapping's first key comes after the brace.
    if first_key.is_some_and(|entry| {
        skip_properties(text, entry.key.span.start) == skip_properties(text, map.span.start)
    }) {
        return insert_block_key(text, map.span.start, key, value);
    }
    insert_key_at(text, map.span.start, first_key.is_none(), key, value)
}

/// [`insert_key`] for a mapping known only by where it starts.
pub fn insert_key_at(text: &str, at: usize, empty: bool, key: &str, value: &str) -> Option<Edit> {
    let content = skip_properties(text, at);
    if text.get(content..)?.starts_with('{') {
        let separator = if empty { "" } else { ", " };
        return Some(Edit::insert(
            content + 1,
            format!("{key}: {value}{separator}"),
        ));
    }
    if empty {
        return None;
    }
    insert_block_key(text, at, key, value)
}

/// A new first line for the block mapping that starts at `at`.
fn insert_block_key(text: &str, at: usize, key: &str, value: &str) -> Option<Edit> {
    // A mapping's span starts at its anchor or tag when it has one. Properties on a line of their
    // own belong to the mapping and stay above the new key; on the first key's line they belong
    // to that key, and the new key goes before them.
    let content = skip_properties(text, at);
    let at = if line_end(text, at)? < content {
        content
    } else {
        at
    };
    // The key's column, whether spaces or a list item's `- ` come before it on its line.
    let indent = " ".repeat(block_column(text, at)?);
    Some(Edit::insert(at, format!("{key}: {value}\n{indent}")))
}

/// The offset of the first thing after the `&anchor` and `!tag` tokens (and the blanks and
/// comments between them) at `at`.
fn skip_properties(text: &str, mut at: usize) -> usize {
    while let Some(rest) = text.get(at..) {
        // Anchor names and tags end at a blank or a flow indicator (`&a{x: 1}` is an anchored
        // flow mapping).
        let token_len = if rest.starts_with(['&', '!']) {
            rest.find(|c: char| c.is_whitespace() || "{}[],".contains(c))
                .unwrap_or(rest.len())
        } else {
            return at;
        };
        let after = rest.get(token_len..).unwrap_or("");
        let mut skipped = token_len + (after.len() - after.trim_start().len());
        // A comment after the properties runs to the end of its line.
        while rest.get(skipped..).is_some_and(|r| r.starts_with('#')) {
            let Some(end) = line_end(text, at + skipped) else {
                break;
            };
            let tail = text.get(end..).unwrap_or("");
            skipped = end - at + (tail.len() - tail.trim_start().len());
        }
        at += skipped;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply;
    use crate::yaml::{Document, Limits, parse};

    fn parse_stream(text: &str) -> Vec<Document> {
        parse(text, 0, Limits::default()).0
    }

    /// The node at `path` in the first document.
    fn map_at<'a>(docs: &'a [Document], path: &[&str]) -> &'a Node {
        docs[0].root.path(path).unwrap()
    }

    /// `text` with `key: value` inserted first in the mapping at `path`.
    fn inserted(text: &str, path: &[&str], key: &str, value: &str) -> Option<String> {
        let docs = parse_stream(text);
        let edit = insert_key(text, map_at(&docs, path), key, value)?;
        Some(apply(text, &[edit]).0)
    }

    #[test]
    fn line_breaks_are_lf_crlf_and_a_lone_cr() {
        let text = "a\nb\r\nc\rd";
        let breaks: Vec<usize> = (0..text.len())
            .filter(|&i| is_line_break(text, i))
            .collect();
        // The `\r` of `\r\n` (offset 3) is not a break; its `\n` is.
        assert_eq!(breaks, [1, 4, 6]);
        assert!(ends_with_line_break("a\r"));
        assert!(ends_with_line_break("a\r\n"));
        assert!(!ends_with_line_break("a"));
        assert!(!ends_with_line_break(""));
    }

    #[test]
    fn lines_end_at_a_lone_cr_and_keep_a_crlf_cr() {
        let text = "ab\rcd\r\nef";
        assert_eq!(line_end(text, 0), Some(2));
        assert_eq!(line_start(text, 4), Some(3));
        // Windows text: the `\r` stays on its line.
        assert_eq!(line_end(text, 3), Some(6));
        assert_eq!(line_start(text, 8), Some(7));
        assert_eq!(line_end(text, 8), Some(text.len()));
        assert_eq!(line_start(text, 1), Some(0));
        assert_eq!(line_end(text, 99), None);
    }

    #[test]
    fn columns_are_counted_from_the_line_start() {
        assert_eq!(block_column("a:\r  b: 1", 5), Some(2));
        assert_eq!(block_column("a:\r\n  - b: 1", 8), Some(4));
        assert_eq!(block_column("a: {b: 1}", 4), None);
        let text = "l:\r  -   x: 1\r";
        let docs = parse_stream(text);
        let item = &map_at(&docs, &[]).get("l").unwrap().items().unwrap()[0];
        assert_eq!(item_columns(text, item), Some((2, 6)));
    }

    #[test]
    fn the_rest_of_a_line_is_blank_before_a_comment_or_break() {
        assert!(rest_of_line_is_blank("a: 1  # c\rb: 2", 4));
        assert!(rest_of_line_is_blank("a: 1 \r\nb: 2", 4));
        assert!(!rest_of_line_is_blank("a: 1\rb: 2", 3));
    }

    #[test]
    fn a_block_key_goes_first_at_the_first_keys_column() {
        assert_eq!(
            inserted("spec:\n  a: 1\n", &["spec"], "k", "v").unwrap(),
            "spec:\n  k: v\n  a: 1\n"
        );
        assert_eq!(
            inserted("l:\n- a: 1\n", &["l"], "k", "v"),
            None,
            "a sequence is not a mapping"
        );
        let text = "l:\n  - a: 1\n";
        let docs = parse_stream(text);
        let item = &map_at(&docs, &["l"]).items().unwrap()[0];
        let edit = insert_key(text, item, "k", "v").unwrap();
        assert_eq!(apply(text, &[edit]).0, "l:\n  - k: v\n    a: 1\n");
    }

    #[test]
    fn windows_and_old_mac_text_get_the_same_column() {
        assert_eq!(
            inserted("spec:\r\n  a: 1\r\n", &["spec"], "k", "v").unwrap(),
            "spec:\r\n  k: v\n  a: 1\r\n"
        );
        assert_eq!(
            inserted("spec:\r  a: 1\r", &["spec"], "k", "v").unwrap(),
            "spec:\r  k: v\n  a: 1\r"
        );
    }

    #[test]
    fn flow_maps_get_the_key_after_the_brace() {
        assert_eq!(
            inserted("spec: {a: 1}\n", &["spec"], "k", "v").unwrap(),
            "spec: {k: v, a: 1}\n"
        );
        assert_eq!(
            inserted("spec: {}\n", &["spec"], "k", "v").unwrap(),
            "spec: {k: v}\n"
        );
        assert_eq!(
            inserted("spec: &x {a: 1}\n", &["spec"], "k", "v").unwrap(),
            "spec: &x {k: v, a: 1}\n"
        );
        // A block mapping whose first key is a flow mapping is still a block mapping.
        assert_eq!(
            inserted("spec:\n  {a: 1}: 2\n", &["spec"], "k", "v").unwrap(),
            "spec:\n  k: v\n  {a: 1}: 2\n"
        );
        // An empty block mapping gives no column to indent at.
        assert_eq!(insert_key_at("spec:\n", 5, true, "k", "v"), None);
    }

    #[test]
    fn properties_and_comments_before_the_first_key_stay_above_it() {
        assert_eq!(
            inserted("spec: &a # note\n  a: 1\n", &["spec"], "k", "v").unwrap(),
            "spec: &a # note\n  k: v\n  a: 1\n"
        );
        // After a lone `\r`, the comment ends there and the key starts the next line.
        assert_eq!(
            inserted("spec: !!map # note\r  a: 1\r", &["spec"], "k", "v").unwrap(),
            "spec: !!map # note\r  k: v\n  a: 1\r"
        );
        // On the first key's line, the properties belong to the key.
        assert_eq!(
            inserted("spec:\n  &a a: 1\n", &["spec"], "k", "v").unwrap(),
            "spec:\n  k: v\n  &a a: 1\n"
        );
    }

    #[test]
    fn a_document_start_line_is_a_line_like_any_other() {
        assert_eq!(
            inserted("---\nspec:\n  a: 1\n", &["spec"], "k", "v").unwrap(),
            "---\nspec:\n  k: v\n  a: 1\n"
        );
        // The root mapping of a document after `---`.
        assert_eq!(
            inserted("--- \ra: 1\r", &[], "k", "v").unwrap(),
            "--- \rk: v\na: 1\r"
        );
    }
}
