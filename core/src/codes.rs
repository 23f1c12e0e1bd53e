//! The one table of finding codes, and the registry of rules it is (as ruff's `codes.rs`): each
//! code with its severity, the module that checks it and its page (`docs/rules/<code>.md`).
//! Codes are a public contract (the CLI's JSON, SARIF, the page's `data-code` hooks, the pages):
//! never rename one.

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
    ($($variant:ident => $code:literal, $severity:ident, $check:literal;)*) => {
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

            /// The code's severity: the most its findings raise. A few codes rate some cases
            /// lower (a finding's own `severity` then says so, and the rule page names each
            /// case's); none rates a case higher.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// The module that checks the code (`rules::netpol::split_peer`), as a path under
            /// core/src: the code's own file, whose doc comment starts with the code.
            pub const fn check(self) -> &'static str {
                match self {
                    $(Code::$variant => $check,)*
                }
            }
        }
    };
}

// code => "kebab-code", severity, "module that checks it";
codes! {
    YamlSyntax => "yaml-syntax", Error, "rules::yaml::syntax";
    YamlDuplicateKey => "yaml-duplicate-key", Error, "rules::yaml::duplicate_key";
    YamlLimit => "yaml-limit", Error, "rules::yaml::limit";
    ManifestMissingField => "manifest-missing-field", Error, "rules::manifest::missing_field";
    ManifestInvalidField => "manifest-invalid-field", Error, "rules::manifest::invalid_field";
    ManifestUnknownKind => "manifest-unknown-kind", Info, "rules::manifest::unknown_kind";
    ManifestInvalidName => "manifest-invalid-name", Error, "rules::manifest::invalid_name";
    NpInvalidSelector => "np-invalid-selector", Error, "rules::netpol::invalid_selector";
    NpEndportInvalid => "np-endport-invalid", Error, "rules::netpol::endport_invalid";
    NpIpblockExceptOutside => "np-ipblock-except-outside", Error, "rules::netpol::ipblock_except_outside";
    NpIpblockNotCanonical => "np-ipblock-not-canonical", Warning, "rules::netpol::ipblock_not_canonical";
    CidrInvalid => "cidr-invalid", Error, "plan::checks::cidr_invalid";
    CidrNotCanonical => "cidr-not-canonical", Warning, "plan::checks::cidr_not_canonical";
    CidrOverlap => "cidr-overlap", Error, "plan::checks::cidr_overlap";
    SubnetOutsideVnet => "subnet-outside-vnet", Error, "plan::checks::subnet_outside_vnet";
    SubnetTooSmall => "subnet-too-small", Error, "plan::checks::subnet_too_small";
    SubnetSizeInvalid => "subnet-size-invalid", Error, "plan::checks::subnet_size_invalid";
    DnsIpOutsideServiceCidr => "dns-ip-outside-service-cidr", Error, "plan::checks::dns_ip_outside_service_cidr";
    DnsIpReserved => "dns-ip-reserved", Error, "plan::checks::dns_ip_reserved";
    ServiceCidrReservedRange => "service-cidr-reserved-range", Error, "plan::checks::service_cidr_reserved_range";
    ServiceCidrTooLarge => "service-cidr-too-large", Error, "plan::checks::service_cidr_too_large";
    ServiceCidrPublic => "service-cidr-public", Warning, "plan::checks::service_cidr_public";
    PodCidrTooSmall => "pod-cidr-too-small", Error, "plan::checks::pod_cidr_too_small";
    PodCidrIgnored => "pod-cidr-ignored", Warning, "plan::checks::pod_cidr_ignored";
    PodCidrReservedRange => "pod-cidr-reserved-range", Error, "plan::checks::pod_cidr_reserved_range";
    VnetReservedRange => "vnet-reserved-range", Error, "plan::checks::vnet_reserved_range";
    MaxPodsOutOfRange => "max-pods-out-of-range", Error, "plan::checks::max_pods_out_of_range";
    MaxPodsPoolMinimum => "max-pods-pool-minimum", Error, "plan::checks::max_pods_pool_minimum";
    NodeCountLimit => "node-count-limit", Error, "plan::checks::node_count_limit";
    IpFamilyMismatch => "ip-family-mismatch", Error, "plan::checks::ip_family_mismatch";
    DockerBridgeDeprecated => "docker-bridge-deprecated", Info, "plan::checks::docker_bridge_deprecated";
    AuthorizedRangesTooMany => "authorized-ranges-too-many", Error, "plan::checks::authorized_ranges_too_many";
    AuthorizedRangesPrivateCluster => "authorized-ranges-private-cluster", Error, "plan::checks::authorized_ranges_private_cluster";
    AuthorizedRangeNotCanonical => "authorized-range-not-canonical", Warning, "plan::checks::authorized_range_not_canonical";
    AuthorizedRangeSpecialMixed => "authorized-range-special-mixed", Error, "plan::checks::authorized_range_special_mixed";
    AuthorizedRangePrivate => "authorized-range-private", Error, "plan::checks::authorized_range_private";
    AuthorizedRangeLoadBalancerOnly => "authorized-range-lb-only", Info, "plan::checks::authorized_range_lb_only";
    AuthorizedRangeInternet => "authorized-range-internet", Warning, "plan::checks::authorized_range_internet";
    ServiceTagMultiple => "service-tag-multiple", Error, "plan::checks::service_tag_multiple";
    AuthorizedRangesMissEgress => "authorized-ranges-miss-egress", Error, "plan::checks::authorized_ranges_miss_egress";
    PrivateDnsZoneFormat => "private-dns-zone-format", Error, "plan::checks::private_dns_zone_format";
    PrivateClusterUnreachable => "private-cluster-unreachable", Error, "plan::checks::private_cluster_unreachable";
    PrivateDnsZoneUnlinked => "private-dns-zone-unlinked", Warning, "plan::checks::private_dns_zone_unlinked";
    PlanReferenceMissing => "plan-reference-missing", Error, "plan::checks::plan_reference_missing";
    NetworkPolicyUnsupported => "network-policy-unsupported", Error, "plan::checks::network_policy_unsupported";
    NetworkPolicyRetiring => "network-policy-retiring", Warning, "plan::checks::network_policy_retiring";
    NetworkPolicyNone => "network-policy-none", Warning, "plan::checks::network_policy_none";
    PlanUnknownKey => "plan-unknown-key", Warning, "rules::plan::unknown_key";
    AzSyntax => "az-syntax", Error, "rules::az::syntax";
    AzUnresolvedVariable => "az-unresolved-variable", Info, "rules::az::unresolved_variable";
    AzLimit => "az-limit", Error, "rules::az::limit";
    AzPowershellEmptyArgument => "az-powershell-empty-argument", Warning, "rules::az::powershell_empty_argument";
    NpSplitPeer => "np-split-peer", Warning, "rules::netpol::split_peer";
    NpMissingPolicyTypes => "np-missing-policy-types", Info, "rules::netpol::missing_policy_types";
    NpDeprecatedApi => "np-deprecated-api", Error, "rules::netpol::deprecated_api";
    NpSelectsNothing => "np-selects-nothing", Warning, "rules::netpol::selects_nothing";
    NpPeerMatchesNothing => "np-peer-matches-nothing", Warning, "rules::netpol::peer_matches_nothing";
    NpEgressBlocksDns => "np-egress-blocks-dns", Warning, "rules::netpol::egress_blocks_dns";
    NpNamedPortUnresolved => "np-named-port-unresolved", Warning, "rules::netpol::named_port_unresolved";
    NpNoDefaultDeny => "np-no-default-deny", Info, "rules::netpol::no_default_deny";
    NpRedundant => "np-redundant", Info, "rules::netpol::redundant";
    NpWindowsPod => "np-windows-pod", Warning, "rules::pod::windows_pod";
    PodPrivilegeEscalation => "pod-privilege-escalation", Warning, "rules::pod::privilege_escalation";
    PodRunsAsRoot => "pod-runs-as-root", Warning, "rules::pod::runs_as_root";
    PodPrivileged => "pod-privileged", Error, "rules::pod::privileged";
    PodHostNetwork => "pod-host-network", Warning, "rules::pod::host_network";
    IngressPathTypeMissing => "ingress-path-type-missing", Error, "rules::ingress::path_type_missing";
    IngressTlsHostMismatch => "ingress-tls-host-mismatch", Warning, "rules::ingress::tls_host_mismatch";
    IngressBackendMissing => "ingress-backend-missing", Warning, "rules::ingress::backend_missing";
    MigrateEndport => "migrate-endport", Warning, "migration::endport";
    MigrateIpblockPods => "migrate-ipblock-pods", Warning, "migration::ipblock_pods";
    MigrateIpblockNodes => "migrate-ipblock-nodes", Warning, "migration::ipblock_nodes";
    MigrateNamedPort => "migrate-named-port", Warning, "migration::named_port";
    MigrateEgressOwnNode => "migrate-egress-own-node", Warning, "migration::egress_own_node";
    MigrateLbIngress => "migrate-lb-ingress", Warning, "migration::lb_ingress";
}

impl Code {
    pub fn parse(code: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == code)
    }

    /// The code whose start is nearest to `prefix`, a prefix no code starts with. Each code's
    /// start of the same length is compared, so `pdo-` is near `pod-`, not near the shortest code.
    pub fn nearest_to_prefix(prefix: &str) -> Option<Code> {
        let heads: Vec<(String, Code)> = Code::ALL
            .iter()
            .map(|&c| (c.as_str().chars().take(prefix.chars().count()).collect(), c))
            .collect();
        let head = crate::suggest::nearest(prefix, heads.iter().map(|(h, _)| h.as_str()))?;
        heads.iter().find(|(h, _)| h == head).map(|&(_, code)| code)
    }

    /// The code's registry entry.
    pub const fn rule(self) -> Rule {
        Rule { code: self }
    }
}

/// One entry of the registry: a code, its severity, the module that checks it and its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub code: Code,
}

impl Rule {
    pub const fn severity(self) -> Severity {
        self.code.severity()
    }

    /// See [`Code::check`].
    pub const fn check(self) -> &'static str {
        self.code.check()
    }

    /// The page in `lang`; see [`doc_page_in`].
    #[cfg(feature = "rule-pages")]
    pub fn page(self, lang: crate::text::Lang) -> Option<&'static str> {
        doc_page_in(self.code, lang)
    }

    /// Where the page lives in the repository: `docs/rules/<code>.md`, or `docs/rules/ja/<code>.md`.
    pub fn page_path(self, lang: crate::text::Lang) -> String {
        match lang {
            crate::text::Lang::En => format!("docs/rules/{}.md", self.code),
            crate::text::Lang::Ja => format!("docs/rules/ja/{}.md", self.code),
        }
    }
}

/// Every code's registry entry, in table order.
pub fn registry() -> impl Iterator<Item = Rule> {
    Code::ALL.iter().map(|&code| code.rule())
}

#[cfg(feature = "rule-pages")]
include!(concat!(env!("OUT_DIR"), "/rule_pages.rs"));

/// The rule page of `code` (`docs/rules/<code>.md`).
#[cfg(feature = "rule-pages")]
pub fn doc_page(code: Code) -> Option<&'static str> {
    doc_page_in(code, crate::text::Lang::En)
}

/// The rule page of `code` in `lang` (`docs/rules/ja/<code>.md` for Japanese).
#[cfg(feature = "rule-pages")]
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

#[cfg(all(test, feature = "rule-pages"))]
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
