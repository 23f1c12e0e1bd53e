//! The one table of finding codes. Codes are a public contract (the CLI's JSON, SARIF, the
//! page's `data-code` hooks, docs/rules/<code>.md): never rename one.

use serde::{Serialize, Serializer};

use crate::finding::Severity;

macro_rules! codes {
    ($($variant:ident => $code:literal, $severity:ident;)*) => {
        /// What a finding is about.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case code.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    YamlSyntax => "yaml-syntax", Error;
    YamlDuplicateKey => "yaml-duplicate-key", Error;
    YamlLimit => "yaml-limit", Error;
    ManifestMissingField => "manifest-missing-field", Error;
    ManifestInvalidField => "manifest-invalid-field", Error;
    ManifestUnknownKind => "manifest-unknown-kind", Info;
    NpInvalidSelector => "np-invalid-selector", Error;
    NpEndportInvalid => "np-endport-invalid", Error;
    NpIpblockExceptOutside => "np-ipblock-except-outside", Error;
    NpIpblockNotCanonical => "np-ipblock-not-canonical", Warning;
}

impl Code {
    pub fn parse(code: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for &code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{s} is not kebab-case"
            );
            assert_eq!(Code::parse(s), Some(code));
        }
        assert_eq!(Code::parse("no-such-code"), None);
    }
}
