//! User-visible text in English and Japanese. Every message site states both sentences side by
//! side with the same arguments ([`text!`](crate::text!)), so a forgotten or extra argument in one
//! language is a compile error rather than a silent gap.

use std::fmt;

/// The language a front end shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

/// One piece of text in both languages (serialised as `{"en": …, "ja": …}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            ja: ja.into(),
        }
    }

    /// The same text in both languages: identifiers, addresses and other untranslated values.
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            ja: text.clone(),
            en: text,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
}

/// A value that can stand in a message: plain values (numbers, addresses, identifiers) read the
/// same in every language, and a [`Text`] gives the sentence's language.
pub trait Arg {
    fn in_lang(&self, lang: Lang) -> impl fmt::Display + '_;
}

impl<T: fmt::Display + ?Sized> Arg for T {
    fn in_lang(&self, _: Lang) -> impl fmt::Display + '_ {
        self
    }
}

impl Arg for Text {
    fn in_lang(&self, lang: Lang) -> impl fmt::Display + '_ {
        self.get(lang)
    }
}

/// Japanese spacing after arguments are filled in. Sentences put a half-width space on both
/// sides of every argument, as Japanese is spaced from Latin text, and the words of a katakana
/// compound are spaced too ("ネットワーク ポリシー"); but hiragana (particles, endings) is written
/// against the Japanese next to it, so when an argument turns out to be Japanese the space goes:
/// "が 仮想ネットワーク" becomes "が仮想ネットワーク", "サブネット には" becomes "サブネットには".
/// Full-width punctuation carries its own space, so none follows "。" or "、" either (an argument
/// that ends a sentence: "拒否されます。 出典" becomes "拒否されます。出典").
#[doc(hidden)]
pub fn tidy_ja(text: &str) -> String {
    let is_hiragana = |c: char| ('\u{3041}'..='\u{309f}').contains(&c);
    let is_japanese =
        |c: char| ('\u{3041}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut previous = None;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let between = (previous.is_some_and(is_hiragana) && next.is_some_and(is_japanese))
            || (previous.is_some_and(is_japanese) && next.is_some_and(is_hiragana))
            || previous.is_some_and(|p| matches!(p, '。' | '、'));
        if !(c == ' ' && between) {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

/// `text!("English {0}", "日本語 {0}", arg, ...)` builds a [`Text`]. Arguments are positional
/// and shared by both sentences; `format!` refuses a sentence that leaves one unused. Arguments
/// are evaluated once per language, so they should be plain values or cheap expressions.
#[macro_export]
macro_rules! text {
    ($en:literal, $ja:literal $(, $arg:expr)* $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::text::Arg as _;
        $crate::text::Text {
            en: format!($en $(, $arg.in_lang($crate::text::Lang::En))*),
            ja: $crate::text::tidy_ja(&format!($ja $(, $arg.in_lang($crate::text::Lang::Ja))*)),
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_shared_and_texts_take_the_sentence_language() {
        let role = Text::new("service CIDR", "サービス CIDR");
        let message = text!(
            "{0} {1} overlaps `{2}`",
            "{0} {1} が `{2}` と重なっています",
            role,
            "10.0.0.0/16",
            "vnet"
        );
        assert_eq!(message.en, "service CIDR 10.0.0.0/16 overlaps `vnet`");
        assert_eq!(
            message.ja,
            "サービス CIDR 10.0.0.0/16 が `vnet` と重なっています"
        );
        assert_eq!(message.get(Lang::Ja), message.ja);
    }

    #[test]
    fn a_particle_joins_a_japanese_argument_but_not_a_latin_one() {
        let vnet = Text::new("VNet spoke", "仮想ネットワーク spoke");
        let bridge = Text::new("Docker bridge", "Docker ブリッジ");
        assert_eq!(
            text!("overlaps {0}", "が {0} と重なっています", vnet).ja,
            "が仮想ネットワーク spoke と重なっています"
        );
        assert_eq!(
            text!("overlaps {0}", "が {0} と重なっています", bridge).ja,
            "が Docker ブリッジと重なっています"
        );
        assert_eq!(
            text!("{0} needs", "{0} には", vnet).ja,
            "仮想ネットワーク spoke には"
        );
        let subnet = Text::new("subnet", "サブネット");
        assert_eq!(text!("{0} needs", "{0} には", subnet).ja, "サブネットには");
        assert_eq!(tidy_ja("ネットワーク ポリシー"), "ネットワーク ポリシー");
        let sentence = Text::new("It is blocked.", "拒否されます。");
        assert_eq!(
            text!("{0} Source: {1}.", "{0} 出典: {1}。", sentence, "https://x").ja,
            "拒否されます。出典: https://x。"
        );
    }

    #[test]
    fn format_specifications_apply_to_plain_values() {
        let share = 0.456_f64;
        assert_eq!(text!("{0:.1}", "{0:.2}", share).ja, "0.46");
    }
}
