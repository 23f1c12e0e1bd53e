//! The one table of finding codes. Codes are a public contract (the CLI's JSON, SARIF, the
//! page's `data-code` hooks, docs/rules/<code>.md): never rename one.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How much a finding matters; each code has one ([`Code::severity`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    ManifestInvalidName => "manifest-invalid-name", Error;
    NpInvalidSelector => "np-invalid-selector", Error;
    NpEndportInvalid => "np-endport-invalid", Error;
    NpIpblockExceptOutside => "np-ipblock-except-outside", Error;
    NpIpblockNotCanonical => "np-ipblock-not-canonical", Warning;
    CidrInvalid => "cidr-invalid", Error;
    CidrNotCanonical => "cidr-not-canonical", Warning;
    CidrOverlap => "cidr-overlap", Error;
    SubnetOutsideVnet => "subnet-outside-vnet", Error;
    SubnetTooSmall => "subnet-too-small", Error;
    SubnetSizeInvalid => "subnet-size-invalid", Error;
    DnsIpOutsideServiceCidr => "dns-ip-outside-service-cidr", Error;
    DnsIpReserved => "dns-ip-reserved", Error;
    ServiceCidrReservedRange => "service-cidr-reserved-range", Error;
    ServiceCidrTooLarge => "service-cidr-too-large", Error;
    ServiceCidrPublic => "service-cidr-public", Warning;
    PodCidrTooSmall => "pod-cidr-too-small", Error;
    PodCidrIgnored => "pod-cidr-ignored", Warning;
    PodCidrReservedRange => "pod-cidr-reserved-range", Error;
    VnetReservedRange => "vnet-reserved-range", Error;
    MaxPodsOutOfRange => "max-pods-out-of-range", Error;
    MaxPodsPoolMinimum => "max-pods-pool-minimum", Error;
    NodeCountLimit => "node-count-limit", Error;
    IpFamilyMismatch => "ip-family-mismatch", Error;
    DockerBridgeDeprecated => "docker-bridge-deprecated", Info;
    AuthorizedRangesTooMany => "authorized-ranges-too-many", Error;
    AuthorizedRangesPrivateCluster => "authorized-ranges-private-cluster", Error;
    AuthorizedRangeNotCanonical => "authorized-range-not-canonical", Warning;
    AuthorizedRangeSpecialMixed => "authorized-range-special-mixed", Error;
    AuthorizedRangePrivate => "authorized-range-private", Error;
    AuthorizedRangeLoadBalancerOnly => "authorized-range-lb-only", Info;
    AuthorizedRangeInternet => "authorized-range-internet", Warning;
    ServiceTagMultiple => "service-tag-multiple", Error;
    AuthorizedRangesMissEgress => "authorized-ranges-miss-egress", Error;
    PrivateDnsZoneFormat => "private-dns-zone-format", Error;
    PrivateClusterUnreachable => "private-cluster-unreachable", Error;
    PrivateDnsZoneUnlinked => "private-dns-zone-unlinked", Warning;
    PlanReferenceMissing => "plan-reference-missing", Error;
    PlanUnknownKey => "plan-unknown-key", Warning;
    AzSyntax => "az-syntax", Error;
    AzUnresolvedVariable => "az-unresolved-variable", Info;
    AzLimit => "az-limit", Error;
    AzPowershellEmptyArgument => "az-powershell-empty-argument", Warning;
    NpSplitPeer => "np-split-peer", Warning;
    NpMissingPolicyTypes => "np-missing-policy-types", Info;
    NpDeprecatedApi => "np-deprecated-api", Error;
    NpSelectsNothing => "np-selects-nothing", Warning;
    NpPeerMatchesNothing => "np-peer-matches-nothing", Warning;
    NpEgressBlocksDns => "np-egress-blocks-dns", Warning;
    NpNamedPortUnresolved => "np-named-port-unresolved", Warning;
    NpNoDefaultDeny => "np-no-default-deny", Info;
    NpRedundant => "np-redundant", Info;
    NpWindowsPod => "np-windows-pod", Warning;
    PodPrivilegeEscalation => "pod-privilege-escalation", Warning;
    PodRunsAsRoot => "pod-runs-as-root", Warning;
    PodPrivileged => "pod-privileged", Error;
    PodHostNetwork => "pod-host-network", Warning;
    IngressPathTypeMissing => "ingress-path-type-missing", Error;
    IngressTlsHostMismatch => "ingress-tls-host-mismatch", Warning;
    IngressBackendMissing => "ingress-backend-missing", Warning;
}

impl Code {
    pub fn parse(code: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

include!(concat!(env!("OUT_DIR"), "/rule_pages.rs"));

/// The rule page of `code` (docs/rules/<code>.md).
pub fn doc_page(code: Code) -> Option<&'static str> {
    doc_page_in(code, crate::text::Lang::En)
}

/// The rule page of `code` in `lang` (docs/rules/ja/<code>.md for Japanese).
pub fn doc_page_in(code: Code, lang: crate::text::Lang) -> Option<&'static str> {
    match lang {
        crate::text::Lang::En => page(code.as_str()),
        crate::text::Lang::Ja => page_ja(code.as_str()),
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

/// Reads a code as [`Code::as_str`] writes it, so a report sent as JSON (the page's worker)
/// comes back as it left.
impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Code::parse(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding code `{code}`")))
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

#[cfg(test)]
mod pages {
    use super::*;

    /// Every code has its page, and the index lists it: `--explain` and the playground show
    /// pages, so a code without one is a gap users hit.
    #[test]
    fn every_code_has_a_page_listed_in_the_index() {
        let index = include_str!("../../docs/rules/README.md");
        for &code in Code::ALL {
            let page = doc_page(code).unwrap_or_else(|| panic!("docs/rules/{code}.md is missing"));
            assert!(
                page.starts_with(&format!("# {code}\n")),
                "{code}.md has another title"
            );
            assert!(
                index.contains(&format!("[{code}]({code}.md)")),
                "docs/rules/README.md does not list {code}"
            );
        }
    }

    /// The fenced code blocks of a page, in order.
    fn code_blocks(page: &str) -> Vec<&str> {
        page.split("```").skip(1).step_by(2).collect()
    }

    /// Every page has its Japanese twin: same title, same examples, written in Japanese.
    #[test]
    fn every_page_has_its_japanese_twin() {
        use crate::text::Lang;
        for &code in Code::ALL {
            let en = doc_page_in(code, Lang::En).unwrap_or_default();
            let ja = doc_page_in(code, Lang::Ja)
                .unwrap_or_else(|| panic!("docs/rules/ja/{code}.md is missing"));
            assert!(
                ja.starts_with(&format!("# {code}\n")),
                "ja/{code}.md has another title"
            );
            assert_eq!(
                code_blocks(en),
                code_blocks(ja),
                "ja/{code}.md has other examples than {code}.md"
            );
            assert!(
                ja.contains("## 意味") && ja.contains("## 出典"),
                "ja/{code}.md lacks the page's sections"
            );
        }
    }
}
