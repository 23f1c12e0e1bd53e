//! Text output shows every character that could rewrite the terminal or forge a line: names,
//! labels and messages come from the files being checked, and in CI those files come from the
//! pull request. Control characters (C0, DEL, C1), the Unicode bidirectional controls and the
//! line and paragraph separators are written as Rust escapes (`\n`, `\r`, `\t`, `\u{1b}`), so a
//! name cannot erase a line (`\u{1b}[2K`), start a new one (`\n::error ...::`) or reorder what
//! follows it. Everything else, backslashes included, is written as it is.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is shown as an escape.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every hidden character escaped; borrowed when there is none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn controls_bidi_and_separators_are_escaped_and_the_rest_kept() {
        assert_eq!(visible("web-1/日本語 \\n"), "web-1/日本語 \\n");
        assert_eq!(
            visible("a\u{1b}[2K\rb\n::error file=main.tf,line=1::forged\t"),
            "a\\u{1b}[2K\\rb\\n::error file=main.tf,line=1::forged\\t"
        );
        assert_eq!(
            visible("\0\u{7f}\u{85}\u{9b}"),
            "\\u{0}\\u{7f}\\u{85}\\u{9b}"
        );
        assert_eq!(
            visible("\u{202e}evil\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}\u{2028}\u{2029}"),
            "\\u{202e}evil\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{61c}\\u{2028}\\u{2029}"
        );
    }
}
