//! Names come from the user's text (or a stranger's link), so they are drawn so that they cannot
//! pass for anything else: isolated from the text around them (`<bdi>`: a right-to-left or
//! override character inside stays inside), with line breaks and invisible characters written
//! out (`\n`, `\u{202E}`), and shortened past [`SHOWN`] characters, the full text on demand in
//! the element's tooltip.

use std::fmt::Write as _;

use yew::prelude::*;

/// Characters of a name shown before it is shortened.
pub const SHOWN: usize = 80;

/// Whether `c` is invisible or moves text around: format characters (bidirectional controls,
/// zero-width characters, the byte-order mark, the soft hyphen) and the line and paragraph
/// separators.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `name` with every control and invisible character written out as an escape.
pub fn visible(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || invisible(c) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:04X}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// [`visible`], cut to [`SHOWN`] characters with an ellipsis when longer.
pub fn shortened(name: &str) -> String {
    let shown = visible(name);
    match shown.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &shown[..end]),
        None => shown,
    }
}

#[derive(Properties, PartialEq)]
pub struct NameProps {
    pub text: AttrValue,
}

/// A name as text: isolated, escaped and shortened; the tooltip holds the whole of it.
#[function_component(Name)]
pub fn name(props: &NameProps) -> Html {
    let full = visible(&props.text);
    let short = shortened(&props.text);
    let title = (short != full).then_some(full);
    html! { <bdi class="name" {title}>{ short }</bdi> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_invisible_characters_are_written_out() {
        assert_eq!(
            visible("a\nb\r\u{202E}c\u{200B}"),
            "a\\nb\\r\\u{202E}c\\u{200B}"
        );
        assert_eq!(visible("ポッド-1"), "ポッド-1");
    }

    #[test]
    fn long_names_are_shortened() {
        let long = "x".repeat(200_000);
        let short = shortened(&long);
        assert_eq!(short.chars().count(), SHOWN + 1);
        assert!(short.ends_with('…'));
        assert_eq!(shortened("short"), "short");
    }
}
