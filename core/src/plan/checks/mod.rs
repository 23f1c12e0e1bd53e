//! The planner's checks, one file per finding code (`<code_name>.rs`), each with its doc comment
//! citing the AKS or Azure documentation source, its messages and fix, and a unit test on its
//! fixture pair (`tests/fixtures/plan/<code>/`); `docs/rules/<code>.md` has the full page.
//! [`CHECKS`] lists them in the order they run. This module holds what several checks share: the
//! report, how corrections are written, the ranges of a plan with their roles and how messages
//! name them.

/// The fixture pairs of a planner code: `(name, fail, pass)` for each
/// `tests/fixtures/plan/<code>/{fail,pass}.<ext>`.
#[cfg(test)]
macro_rules! fixture_pairs {
    ($code:literal, $($ext:literal),+) => {
        [$((
            concat!($code, "/fail.", $ext),
            include_str!(concat!("../../../../tests/fixtures/plan/", $code, "/fail.", $ext)),
            include_str!(concat!("../../../../tests/fixtures/plan/", $code, "/pass.", $ext)),
        )),+]
    };
}

/// The unit test each check's file carries: its check raises its code on the code's failing
/// fixtures and nothing on their passing twins ([`pairs::assert_pairs`]).
#[cfg(test)]
macro_rules! fixture_pair_test {
    ($check:ident, $code:ident, $($fixtures:literal),+) => {
        #[cfg(test)]
        mod fixture_pair {
            #[test]
            fn fixture_pair() {
                crate::plan::checks::pairs::assert_pairs(
                    super::$check,
                    crate::codes::Code::$code,
                    &fixture_pairs!($($fixtures),+),
                );
            }
        }
    };
}

mod authorized_range_internet;
mod authorized_range_lb_only;
mod authorized_range_not_canonical;
mod authorized_range_private;
mod authorized_range_special_mixed;
mod authorized_ranges_miss_egress;
mod authorized_ranges_private_cluster;
mod authorized_ranges_too_many;
mod cidr_invalid;
mod cidr_not_canonical;
mod cidr_overlap;
mod dns_ip_outside_service_cidr;
mod dns_ip_reserved;
mod docker_bridge_deprecated;
mod ip_family_mismatch;
mod max_pods_out_of_range;
mod max_pods_pool_minimum;
mod network_policy_none;
mod network_policy_retiring;
mod network_policy_unsupported;
mod node_count_limit;
mod plan_reference_missing;
mod pod_cidr_ignored;
mod pod_cidr_reserved_range;
mod pod_cidr_too_small;
mod private_cluster_unreachable;
mod private_dns_zone_format;
mod private_dns_zone_unlinked;
mod service_cidr_public;
mod service_cidr_reserved_range;
mod service_cidr_too_large;
mod service_tag_multiple;
mod subnet_outside_vnet;
mod subnet_size_invalid;
mod subnet_too_small;
mod vnet_reserved_range;

use std::net::IpAddr;

use ipnet::IpNet;

use crate::codes::Code;
use crate::finding::Finding;
use crate::fix::Fix;
use crate::plan::model::{Address, AddressPlan, AuthorizedRange, Cidr, ClusterPlan};
use crate::plan::ranges::{bounds, first_free, nth_address};
use crate::span::Span;
use crate::text;
use crate::text::Text;

/// Findings for one plan, in one source file.
pub(crate) struct Report<'p> {
    pub plan: &'p AddressPlan,
    pub file: usize,
    /// How to write a corrected value into the source (the plan's form decides).
    pub writer: &'p dyn ValueWriter,
    /// The NetworkPolicies of the manifests checked with the plan (empty without them).
    pub policies: &'p [crate::plan::PolicyRef],
    pub findings: Vec<Finding>,
}

/// Writes corrections in the plan's own syntax.
pub(crate) trait ValueWriter {
    /// A fix that sets the cluster setting `setting` to `value`: replaces `span` when the value
    /// was written, adds the setting to the cluster definition when it was a default.
    fn set(
        &self,
        cluster: &ClusterPlan,
        setting: Setting,
        span: Option<Span>,
        value: &str,
    ) -> Vec<crate::fix::Edit>;

    /// A setting as the plan's form writes it, for messages: `az` the az flag
    /// (`--network-policy none`), `yaml` the NetworkPlan key (`networkPolicy: none`).
    fn spell(&self, az: &'static str, yaml: &'static str) -> &'static str;
}

/// Cluster settings a correction can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Setting {
    ServiceCidr,
    DnsServiceIp,
    PodCidr,
}

impl Setting {
    /// The `az aks create` flag.
    pub fn az_flag(self) -> &'static str {
        match self {
            Setting::ServiceCidr => "--service-cidr",
            Setting::DnsServiceIp => "--dns-service-ip",
            Setting::PodCidr => "--pod-cidr",
        }
    }

    /// The NetworkPlan key under `cluster`.
    pub fn yaml_key(self) -> &'static str {
        match self {
            Setting::ServiceCidr => "serviceCidr",
            Setting::DnsServiceIp => "dnsServiceIp",
            Setting::PodCidr => "podCidr",
        }
    }
}

impl Report<'_> {
    pub fn add(
        &mut self,
        code: Code,
        span: Span,
        message: Text,
        ranges: &[&str],
        fix: Option<Fix>,
    ) {
        let mut finding =
            Finding::new(code, self.file, span, message).with_ranges(ranges.iter().copied());
        finding.fix = fix;
        self.findings.push(finding);
    }

    /// [`Report::add`] for a case its code rates lower than the registry does: a code's
    /// severity in `codes.rs` is the most it raises, and a case may lower it, never raise it
    /// (`network-policy-unsupported` is an error, and a warning for a Windows pool under
    /// Cilium). The rule's page names each case's severity.
    pub fn add_lowered(
        &mut self,
        code: Code,
        severity: crate::Severity,
        span: Span,
        message: Text,
        fix: Option<Fix>,
    ) {
        let mut finding = Finding::new(code, self.file, span, message);
        finding.severity = severity.max(code.severity());
        finding.fix = fix;
        self.findings.push(finding);
    }
}

/// What a range is for in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// An address space of the VNet at this index.
    VnetSpace(usize),
    /// A subnet of the VNet at this index.
    Subnet(usize),
    OnPremises,
    Service,
    Pod,
    DockerBridge,
}

impl Role {
    pub fn describe(self, plan: &AddressPlan, cidr: &Cidr) -> Text {
        let vnet = |i: usize| plan.vnets.get(i).map_or("?", |v| v.name.value.as_str());
        let role = match self {
            Role::VnetSpace(i) => text!("VNet {0}", "仮想ネットワーク {0}", vnet(i)),
            Role::Subnet(i) => {
                let subnet = plan
                    .vnets
                    .get(i)
                    .and_then(|v| v.subnets.iter().find(|s| s.cidr.span == cidr.span))
                    .map_or("?", |s| s.name.value.as_str());
                text!("subnet {0}/{1}", "サブネット {0}/{1}", vnet(i), subnet)
            }
            Role::OnPremises => Text::new("on-premises network", "オンプレミス ネットワーク"),
            Role::Service => service_cidr(),
            Role::Pod => pod_cidr(),
            Role::DockerBridge => Text::new("Docker bridge", "Docker ブリッジ"),
        };
        describe(&role, cidr)
    }
}

/// Every range written in (or defaulted into) the plan, with its role.
pub(crate) fn labelled_ranges(plan: &AddressPlan) -> Vec<(Role, &Cidr)> {
    let mut out = Vec::new();
    for (i, vnet) in plan.vnets.iter().enumerate() {
        out.extend(vnet.address_space.iter().map(|c| (Role::VnetSpace(i), c)));
        out.extend(vnet.subnets.iter().map(|s| (Role::Subnet(i), &s.cidr)));
    }
    out.extend(plan.on_premises.iter().map(|c| (Role::OnPremises, c)));
    if let Some(cluster) = &plan.cluster {
        out.extend(cluster.service_cidrs.iter().map(|c| (Role::Service, c)));
        out.extend(cluster.pod_cidrs.iter().map(|c| (Role::Pod, c)));
        out.extend(
            cluster
                .docker_bridge
                .iter()
                .map(|c| (Role::DockerBridge, c)),
        );
    }
    out
}

/// A check: reads the plan of a report and adds its findings.
pub(crate) type Check = fn(&mut Report<'_>);

/// Every planner check with the code it raises, in the order they run. Findings are sorted by
/// severity and position afterwards; among findings of one code at one position, this order
/// (and each check's own) decides.
pub(crate) const CHECKS: &[(Code, Check)] = &[
    (Code::CidrInvalid, cidr_invalid::check),
    (Code::CidrNotCanonical, cidr_not_canonical::check),
    (Code::CidrOverlap, cidr_overlap::check),
    (Code::SubnetOutsideVnet, subnet_outside_vnet::check),
    (Code::SubnetSizeInvalid, subnet_size_invalid::check),
    (Code::PlanReferenceMissing, plan_reference_missing::check),
    (Code::SubnetTooSmall, subnet_too_small::check),
    (
        Code::ServiceCidrReservedRange,
        service_cidr_reserved_range::check,
    ),
    (Code::ServiceCidrTooLarge, service_cidr_too_large::check),
    (
        Code::DnsIpOutsideServiceCidr,
        dns_ip_outside_service_cidr::check,
    ),
    (Code::DnsIpReserved, dns_ip_reserved::check),
    (Code::ServiceCidrPublic, service_cidr_public::check),
    (Code::VnetReservedRange, vnet_reserved_range::check),
    (Code::MaxPodsOutOfRange, max_pods_out_of_range::check),
    (Code::NodeCountLimit, node_count_limit::check),
    (Code::PodCidrIgnored, pod_cidr_ignored::check),
    (Code::PodCidrReservedRange, pod_cidr_reserved_range::check),
    (Code::PodCidrTooSmall, pod_cidr_too_small::check),
    (Code::IpFamilyMismatch, ip_family_mismatch::check),
    (
        Code::DockerBridgeDeprecated,
        docker_bridge_deprecated::check,
    ),
    (Code::MaxPodsPoolMinimum, max_pods_pool_minimum::check),
    (
        Code::AuthorizedRangesTooMany,
        authorized_ranges_too_many::check,
    ),
    (
        Code::AuthorizedRangesPrivateCluster,
        authorized_ranges_private_cluster::check,
    ),
    (Code::ServiceTagMultiple, service_tag_multiple::check),
    (
        Code::AuthorizedRangeSpecialMixed,
        authorized_range_special_mixed::check,
    ),
    (
        Code::AuthorizedRangeLoadBalancerOnly,
        authorized_range_lb_only::check,
    ),
    (
        Code::AuthorizedRangeNotCanonical,
        authorized_range_not_canonical::check,
    ),
    (
        Code::AuthorizedRangeInternet,
        authorized_range_internet::check,
    ),
    (
        Code::AuthorizedRangePrivate,
        authorized_range_private::check,
    ),
    (
        Code::AuthorizedRangesMissEgress,
        authorized_ranges_miss_egress::check,
    ),
    (Code::PrivateDnsZoneFormat, private_dns_zone_format::check),
    (
        Code::PrivateClusterUnreachable,
        private_cluster_unreachable::check,
    ),
    (
        Code::PrivateDnsZoneUnlinked,
        private_dns_zone_unlinked::check,
    ),
    (
        Code::NetworkPolicyUnsupported,
        network_policy_unsupported::check,
    ),
    (Code::NetworkPolicyRetiring, network_policy_retiring::check),
    (Code::NetworkPolicyNone, network_policy_none::check),
];

/// Runs every check.
pub(crate) fn run(report: &mut Report<'_>) {
    for (_, check) in CHECKS {
        check(report);
    }
}

/// How a range is named in messages: "service CIDR 10.0.0.0/16 (the AKS default)".
pub(crate) fn describe(role: &Text, cidr: &Cidr) -> Text {
    if cidr.default {
        text!(
            "{0} {1} (the AKS default)",
            "{0} {1} (AKS の既定値)",
            role,
            cidr.text
        )
    } else {
        text!("{0} {1}", "{0} {1}", role, cidr.text)
    }
}

/// "service CIDR", the role most messages name.
pub(crate) fn service_cidr() -> Text {
    Text::new("service CIDR", "サービス CIDR")
}

/// "pod CIDR".
pub(crate) fn pod_cidr() -> Text {
    Text::new("pod CIDR", "ポッド CIDR")
}

/// The title of a fix that writes `value` in place of what is there.
pub(crate) fn use_title(value: impl std::fmt::Display) -> Text {
    text!("Use {0}", "{0} を使用する", value)
}

/// Private address space a free range can be taken from (RFC 1918), in order of preference.
pub(crate) fn private_spaces() -> Vec<IpNet> {
    ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
        .iter()
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// Ranges that AKS refuses for the service and pod CIDRs (AKS "Configure Azure CNI networking"
/// and "kubenet" pages: 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24).
pub(crate) fn aks_reserved() -> Vec<IpNet> {
    [
        "169.254.0.0/16",
        "172.30.0.0/16",
        "172.31.0.0/16",
        "192.0.2.0/24",
    ]
    .iter()
    .filter_map(|s| s.parse().ok())
    .collect()
}

/// For a service or pod CIDR: a free range of the same size, away from every range in the plan
/// and from the ranges AKS reserves. The DNS service IP moves along with a service CIDR.
pub(crate) fn relocation(report: &Report<'_>, role: Role, cidr: &Cidr) -> Option<Fix> {
    let cluster = report.plan.cluster.as_ref()?;
    let net = cidr.network()?;
    let setting = match role {
        Role::Service => Setting::ServiceCidr,
        Role::Pod => Setting::PodCidr,
        _ => return None,
    };
    let mut avoid: Vec<IpNet> = labelled_ranges(report.plan)
        .into_iter()
        .filter_map(|(_, c)| c.network())
        .collect();
    avoid.extend(aks_reserved());
    let free = first_free(&private_spaces(), net.prefix_len(), &avoid)?;
    let span = (!cidr.default).then_some(cidr.span);
    let mut edits = report.writer.set(cluster, setting, span, &free.to_string());
    let mut title = use_title(free);
    if setting == Setting::ServiceCidr
        && let Some(dns) = &cluster.dns_service_ip
        && let Some(ip) = dns.ip
        && net.contains(&ip)
        && let Some(moved) = nth_address(&free, bounds(&IpNet::from(ip)).1 - bounds(&net).1)
    {
        let dns_span = (!dns.default).then_some(dns.span);
        edits.extend(report.writer.set(
            cluster,
            Setting::DnsServiceIp,
            dns_span,
            &moved.to_string(),
        ));
        title = text!(
            "Use {0} with DNS service IP {1}",
            "{0} と DNS サービス IP {1} を使用する",
            free,
            moved
        );
    }
    Some(Fix::unsafe_edits(title, edits))
}

/// The predicate of "X is / lies inside / overlaps Y": "is 169.254.0.0/16", "lies inside
/// 172.30.0.0/16" or "overlaps 168.63.129.16/32"; in Japanese the part after "X は".
pub(crate) fn overlap_phrase(net: &IpNet, other: &IpNet) -> Text {
    if net == other {
        text!("is {0}", "{0} です", other)
    } else if other.contains(net) {
        text!("lies inside {0}", "{0} の内側にあります", other)
    } else {
        text!("overlaps {0}", "{0} と重なっています", other)
    }
}

/// The cluster's API server authorized IP ranges, when it sets at least one.
pub(crate) fn authorized_ranges(plan: &AddressPlan) -> Option<&[AuthorizedRange]> {
    let ranges = plan.cluster.as_ref()?.authorized_ranges.as_deref()?;
    (!ranges.is_empty()).then_some(ranges)
}

/// `""` (authorized ranges off) and `0.0.0.0/32` (the load balancer's outbound IPs only): ranges
/// that mean something on their own.
pub(crate) fn is_special(range: &AuthorizedRange) -> bool {
    match range {
        AuthorizedRange::Empty(_) => true,
        AuthorizedRange::Range(cidr) => cidr.net == "0.0.0.0/32".parse().ok(),
        AuthorizedRange::ServiceTag(_) => false,
    }
}

/// Whether `ip` may reach the API server: `None` when no authorized ranges are set (everyone
/// may), `Some(false)` when none of them covers it. Service tags and the load balancer's own
/// addresses cannot be resolved offline and do not count.
pub fn authorized(cluster: &ClusterPlan, ip: IpAddr) -> Option<bool> {
    let ranges = cluster.authorized_ranges.as_ref()?;
    if ranges
        .iter()
        .all(|r| matches!(r, AuthorizedRange::Empty(_)))
    {
        return None;
    }
    let covered = ranges.iter().any(|r| match r {
        AuthorizedRange::Range(cidr) => {
            !is_special(r) && cidr.net.is_some_and(|n| n.trunc().contains(&ip))
        }
        _ => false,
    });
    // AKS adds the load balancer's outbound IPs by itself; a firewall's it does not.
    let outbound = cluster.egress_through_load_balancer()
        && cluster.egress_ips.iter().any(|a| a.ip == Some(ip));
    Some(covered || outbound)
}

/// The DNS service IP as the DNS checks see it: the address, the service CIDR of its family it
/// belongs to (the one holding it, else the first), and that CIDR's network.
pub(crate) struct DnsPlacement<'p> {
    pub cluster: &'p ClusterPlan,
    pub dns: &'p Address,
    pub ip: IpAddr,
    pub service: &'p Cidr,
    pub net: IpNet,
}

impl<'p> DnsPlacement<'p> {
    /// `None` when the plan has no cluster, no readable DNS service IP or no service CIDR of its
    /// family.
    pub fn of(plan: &'p AddressPlan) -> Option<Self> {
        let cluster = plan.cluster.as_ref()?;
        let dns = cluster.dns_service_ip.as_ref()?;
        let ip = dns.ip?;
        let same_family: Vec<(&Cidr, IpNet)> = cluster
            .service_cidrs
            .iter()
            .filter_map(|c| Some((c, c.network()?)))
            .filter(|(_, n)| n.addr().is_ipv4() == ip.is_ipv4())
            .collect();
        let &(service, net) = same_family
            .iter()
            .find(|(_, n)| n.contains(&ip))
            .or(same_family.first())?;
        Some(DnsPlacement {
            cluster,
            dns,
            ip,
            service,
            net,
        })
    }

    /// Moves the DNS service IP to the tenth address of its service CIDR, as the AKS examples
    /// do (10.0.0.10 in 10.0.0.0/16).
    pub fn fix(&self, report: &Report<'_>) -> Option<Fix> {
        let to = nth_address(&self.net, 10)?;
        let span = (!self.dns.default).then_some(self.dns.span);
        Some(Fix::unsafe_edits(
            use_title(to),
            report
                .writer
                .set(self.cluster, Setting::DnsServiceIp, span, &to.to_string()),
        ))
    }
}

/// The VNet of a private cluster, which its clients must reach: `None` when the cluster is not
/// private or the plan does not say where it is.
pub(crate) fn private_cluster_vnet(plan: &AddressPlan) -> Option<&str> {
    let cluster = plan.cluster.as_ref()?;
    if !cluster.is_private() {
        return None;
    }
    cluster.subnet().map(|s| s.vnet.as_str())
}

#[cfg(test)]
pub(crate) mod pairs {
    use super::{Check, Report, ValueWriter};
    use crate::codes::Code;
    use crate::finding::Finding;
    use crate::manifest::SourceFile;
    use crate::plan::{AzWriter, PlanForm, YamlWriter, check_plan};

    /// The findings of `check` alone on a plan (NetworkPlan YAML or az commands).
    pub(crate) fn run_alone(check: Check, text: &str) -> Vec<Finding> {
        run_alone_with(check, text, &[])
    }

    /// [`run_alone`], with the NetworkPolicies of the manifests checked with the plan.
    pub(crate) fn run_alone_with(
        check: Check,
        text: &str,
        policies: &[crate::plan::PolicyRef],
    ) -> Vec<Finding> {
        let read = check_plan(&SourceFile::new("plan", text), 0);
        let writer: Box<dyn ValueWriter> = match read.form {
            PlanForm::Az => Box::new(AzWriter),
            PlanForm::Yaml => Box::new(YamlWriter { text }),
        };
        let mut report = Report {
            plan: &read.plan,
            file: 0,
            writer: writer.as_ref(),
            policies,
            findings: Vec::new(),
        };
        check(&mut report);
        report.findings
    }

    /// On each fixture pair, `check` raises `code` (and no other code) on the failing plan and
    /// nothing on its passing twin.
    pub(crate) fn assert_pairs(check: Check, code: Code, pairs: &[(&str, &str, &str)]) {
        assert!(!pairs.is_empty());
        for (name, fail, pass) in pairs {
            let failing = run_alone(check, fail);
            assert!(
                failing.iter().any(|f| f.code == code),
                "{name} does not raise {code}: {failing:?}"
            );
            assert!(
                failing.iter().all(|f| f.code == code),
                "{name}: the {code} check raises another code: {failing:?}"
            );
            let passing = run_alone(check, pass);
            assert!(passing.is_empty(), "{name}'s twin raises {passing:?}");
        }
    }
}
