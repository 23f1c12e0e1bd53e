//! The planner's checks, grouped by what they look at. Each check names its rule's source in the
//! AKS or Azure documentation; `docs/rules/<code>.md` has the full page.

mod authorized;
mod cluster;
mod egress;
mod overlap;
mod peering;
mod pool_minimum;
mod private;
mod public_service;
mod ranges;
mod service;
mod subnets;

use ipnet::IpNet;

use crate::codes::Code;
use crate::finding::Finding;
use crate::fix::Fix;
use crate::plan::model::{AddressPlan, Cidr, ClusterPlan};
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

pub(crate) use authorized::authorized;

/// Runs every check.
pub(crate) fn run(report: &mut Report<'_>) {
    ranges::check(report);
    overlap::check(report);
    peering::check(report);
    subnets::check(report);
    service::check(report);
    public_service::check(report);
    cluster::check(report);
    pool_minimum::check(report);
    authorized::check(report);
    egress::check(report);
    private::check(report);
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

/// The CIDR of the subnet a reference names, when the plan defines it.
pub(crate) fn subnet_of<'p>(
    plan: &'p AddressPlan,
    reference: &crate::plan::model::SubnetRef,
) -> Option<&'p Cidr> {
    subnets::lookup(plan, reference).map(|(_, subnet)| &subnet.cidr)
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
