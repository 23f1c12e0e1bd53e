//! Cluster settings: `max-pods-out-of-range`, `node-count-limit`, `pod-cidr-ignored`,
//! `pod-cidr-reserved-range`, `pod-cidr-too-small`, `vnet-reserved-range`,
//! `ip-family-mismatch` and `docker-bridge-deprecated`.
//!
//! Sources: AKS "Configure Azure CNI networking" / "Use kubenet" / "Azure CNI Overlay" (maxPods
//! between 10 and 250; kubenet clusters up to 400 nodes, as the route table holds 400 routes;
//! the pod CIDR is used by kubenet and overlay only, one /24 per node, and must avoid
//! 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24); AKS "Dual-stack kubenet /
//! overlay" (one IPv4 and one IPv6 range each for pods and services, matching `ipFamilies`);
//! Azure Virtual Network FAQ (address spaces cannot use 224.0.0.0/4, 255.255.255.255/32,
//! 127.0.0.0/8, 169.254.0.0/16 or 168.63.129.16/32); AKS "Configure Azure CNI networking"
//! (the Docker bridge setting is deprecated: containerd nodes do not use it).

use ipnet::IpNet;

use super::{Report, Role, aks_reserved, relocation, service_cidr};
use crate::codes::Code;
use crate::plan::model::{IpFamily, NetworkPlugin};
use crate::plan::ranges::overlaps;
use crate::plan::sizing;
use crate::text;
use crate::text::Text;

pub(super) const MAX_PODS: std::ops::RangeInclusive<i64> = 10..=250;
const KUBENET_MAX_NODES: i64 = 400;
const MAX_NODES: i64 = 5_000;

pub(super) fn check(report: &mut Report<'_>) {
    check_vnets(report);
    check_limits(report);
    check_pod_cidrs(report);
    check_families(report);
    if let Some(bridge) = report
        .plan
        .cluster
        .as_ref()
        .and_then(|c| c.docker_bridge.as_ref())
    {
        report.add(
            Code::DockerBridgeDeprecated,
            bridge.span,
            text!(
                "Docker bridge {0} is no longer used: AKS nodes run containerd, and the setting is deprecated",
                "Docker ブリッジ {0} は使用されなくなりました。AKS ノードでは containerd が動作しており、この設定は非推奨です",
                bridge.text
            ),
            &[&bridge.text],
            None,
        );
    }
}

fn check_vnets(report: &mut Report<'_>) {
    let plan = report.plan;
    let cluster_vnet = plan
        .cluster
        .as_ref()
        .and_then(|c| c.subnet())
        .map(|s| s.vnet.as_str());
    for vnet in &plan.vnets {
        // The cluster's own VNet must also avoid the ranges AKS keeps for itself.
        let mut reserved_here = vnet_reserved();
        if cluster_vnet == Some(vnet.name.value.as_str()) {
            reserved_here.extend(aks_reserved());
        }
        for cidr in &vnet.address_space {
            let Some(net) = cidr.network() else {
                continue;
            };
            if let Some(reserved) = reserved_here.iter().copied().find(|r| overlaps(r, &net)) {
                report.add(
                    Code::VnetReservedRange,
                    cidr.span,
                    text!(
                        "VNet {0} address space {1} {2}, which Azure does not allow in a VNet",
                        "仮想ネットワーク {0} のアドレス空間 {1} は、Azure が仮想ネットワークで許可していない {2}",
                        vnet.name.value,
                        cidr.text,
                        super::overlap_phrase(&net, &reserved)
                    ),
                    &[&cidr.text],
                    None,
                );
            }
        }
    }
}

/// Each pool's `maxPods` and node count, and the nodes of all pools together.
fn check_limits(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    let plugin = cluster.plugin.value;
    let (limit, why) = if plugin == NetworkPlugin::Kubenet {
        (
            KUBENET_MAX_NODES,
            Text::new(
                "a kubenet cluster can have at most 400 nodes (its route table holds 400 routes)",
                "kubenet クラスターのノードは最大 400 個です (ルート テーブルに保持できるルートが 400 個のため)",
            ),
        )
    } else {
        (
            MAX_NODES,
            Text::new(
                "an AKS cluster can have at most 5,000 nodes",
                "AKS クラスターのノードは最大 5,000 個です",
            ),
        )
    };
    let mut total: i64 = 0;
    for (index, pool) in cluster.pools.iter().enumerate() {
        if let Some(max_pods) = &pool.max_pods
            && !MAX_PODS.contains(&max_pods.value)
        {
            report.add(
                Code::MaxPodsOutOfRange,
                max_pods.span,
                text!(
                    "maxPods {0} is outside {1}-{2}, what AKS accepts per node",
                    "maxPods {0} が、AKS がノードあたりに受け付ける {1}-{2} の範囲外です",
                    max_pods.value,
                    MAX_PODS.start(),
                    MAX_PODS.end()
                ),
                &[],
                None,
            );
        }
        // With the autoscaler, the pool may grow to its maximum.
        let most = pool
            .autoscaler
            .and(pool.max_count.as_ref())
            .or(pool.node_count.as_ref());
        let before = total;
        total = total.saturating_add(pool.most_nodes().max(0));
        if before <= limit
            && total > limit
            && let Some(count) = most
        {
            report.add(
                Code::NodeCountLimit,
                count.span,
                text!("{0} nodes: {1}", "ノード {0} 個: {1}", total, why),
                &[],
                None,
            );
        }
        // The system pool (the first) runs the cluster's own pods; user pools may be empty.
        let system = index == 0;
        if let Some(count) = &pool.node_count
            && count.value < i64::from(system)
        {
            let message = if system {
                text!(
                    "{0} nodes: a cluster needs at least one",
                    "ノード {0} 個: クラスターには少なくとも 1 つのノードが必要です",
                    count.value
                )
            } else {
                text!(
                    "{0} nodes: a node pool cannot have fewer than none",
                    "ノード {0} 個: ノード プールのノード数を負にすることはできません",
                    count.value
                )
            };
            report.add(Code::NodeCountLimit, count.span, message, &[], None);
        }
    }
}

fn check_pod_cidrs(report: &mut Report<'_>) {
    let plan = report.plan;
    let Some(cluster) = &plan.cluster else {
        return;
    };
    let plugin = cluster.plugin.value;
    for pod_cidr in &cluster.pod_cidrs {
        if !plugin.uses_pod_cidr() && !pod_cidr.default {
            report.add(
                Code::PodCidrIgnored,
                pod_cidr.span,
                text!(
                    "pod CIDR {0} is ignored with Azure CNI: pods take their addresses from the subnet (use azure-overlay or kubenet to use a pod CIDR)",
                    "Azure CNI ではポッド CIDR {0} は無視されます。ポッドはサブネットからアドレスを取得します (ポッド CIDR を使用するには azure-overlay または kubenet を使用してください)",
                    pod_cidr.text
                ),
                &[&pod_cidr.text],
                None,
            );
            continue;
        }
        let Some(net) = pod_cidr.network() else {
            continue;
        };
        if let Some(reserved) = aks_reserved().into_iter().find(|r| overlaps(r, &net)) {
            let fix = relocation(report, Role::Pod, pod_cidr);
            report.add(
                Code::PodCidrReservedRange,
                pod_cidr.span,
                text!(
                    "{0} {1}, which AKS reserves",
                    "{0} は AKS が予約している {1}",
                    super::describe(&super::pod_cidr(), pod_cidr),
                    super::overlap_phrase(&net, &reserved)
                ),
                &[&pod_cidr.text],
                fix,
            );
        }
    }
    if plugin.uses_pod_cidr() {
        for need in sizing::needs(plan).iter().filter(|n| n.what == "pod CIDR") {
            let (Some(usable), Some(text)) = (need.usable, &need.cidr) else {
                continue;
            };
            if usable < need.required
                && let Some(cidr) = cluster.pod_cidrs.iter().find(|c| &c.text == text)
            {
                let smallest = need.smallest_prefix.map_or_else(Text::default, |p| {
                    text!("; /{0} or larger fits", "。/{0} 以上であれば収まります", p)
                });
                report.add(
                    Code::PodCidrTooSmall,
                    cidr.span,
                    text!(
                        "{0} holds {1} node ranges but {2}{3}",
                        "{0} に収まるノード範囲は {1} 個ですが、{2} です{3}",
                        super::describe(&super::pod_cidr(), cidr),
                        usable,
                        Text::new(
                            need.formula_in(text::Lang::En),
                            need.formula_in(text::Lang::Ja)
                        ),
                        smallest
                    ),
                    &[&cidr.text],
                    None,
                );
            }
        }
    }
}

/// Dual-stack: each family in `ipFamilies` needs one pod CIDR (when pods use one) and one service
/// CIDR of that family, and no range may be of a family the cluster does not have.
fn check_families(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    let families: Vec<IpFamily> = if cluster.ip_families.is_empty() {
        vec![IpFamily::Ipv4]
    } else {
        cluster.ip_families.iter().map(|f| f.value).collect()
    };
    let family_of = |net: IpNet| {
        if net.addr().is_ipv4() {
            IpFamily::Ipv4
        } else {
            IpFamily::Ipv6
        }
    };
    let name = |f: IpFamily| if f == IpFamily::Ipv4 { "IPv4" } else { "IPv6" };
    let at = cluster.ip_families.first().map_or(cluster.span, |f| f.span);
    let mut lists = vec![(service_cidr(), &cluster.service_cidrs)];
    if cluster.plugin.value.uses_pod_cidr() {
        lists.push((super::pod_cidr(), &cluster.pod_cidrs));
    }
    let written: Vec<IpFamily> = cluster.ip_families.iter().map(|f| f.value).collect();
    if !written.is_empty()
        && written != [IpFamily::Ipv4]
        && written != [IpFamily::Ipv4, IpFamily::Ipv6]
    {
        report.add(
            Code::IpFamilyMismatch,
            at,
            text!(
                "ipFamilies must be [ipv4] or [ipv4, ipv6]: AKS has no IPv6-only clusters",
                "ipFamilies は [ipv4] または [ipv4, ipv6] である必要があります。AKS には IPv6 のみのクラスターはありません"
            ),
            &[],
            None,
        );
        return;
    }
    for (what, list) in lists {
        if list.is_empty() {
            continue;
        }
        let parsed: Vec<(&crate::plan::model::Cidr, IpFamily)> = list
            .iter()
            .filter_map(|c| Some((c, family_of(c.network()?))))
            .collect();
        for (cidr, family) in &parsed {
            if !families.contains(family) {
                report.add(
                    Code::IpFamilyMismatch,
                    cidr.span,
                    text!(
                        "{0} {1} is {2} but the cluster's ipFamilies do not include it",
                        "{0} {1} は {2} ですが、クラスターの ipFamilies に {2} が含まれていません",
                        what,
                        cidr.text,
                        name(*family)
                    ),
                    &[&cidr.text],
                    None,
                );
            }
        }
        let order: Vec<IpFamily> = parsed.iter().map(|(_, f)| *f).collect();
        if order.len() == families.len() && order != families && parsed.len() == list.len() {
            report.add(
                Code::IpFamilyMismatch,
                at,
                text!(
                    "the {0}s must be listed in the order of ipFamilies (IPv4 first)",
                    "{0} は ipFamilies の順序 (IPv4 が先) で記述する必要があります",
                    what
                ),
                &[],
                None,
            );
        }
        for family in &families {
            let count = parsed.iter().filter(|(_, f)| f == family).count();
            if count != 1 && parsed.len() == list.len() {
                let message = if count == 0 {
                    text!(
                        "the cluster has no {0} {1}; each IP family needs exactly one",
                        "クラスターに {0} の {1} がありません。IP ファミリーごとに 1 つだけ必要です",
                        name(*family),
                        what
                    )
                } else {
                    text!(
                        "the cluster has more than one {0} {1}; each IP family needs exactly one",
                        "クラスターに {0} の {1} が複数あります。IP ファミリーごとに 1 つだけ必要です",
                        name(*family),
                        what
                    )
                };
                report.add(Code::IpFamilyMismatch, at, message, &[], None);
            }
        }
    }
}

fn vnet_reserved() -> Vec<IpNet> {
    [
        "224.0.0.0/4",
        "255.255.255.255/32",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "168.63.129.16/32",
    ]
    .iter()
    .filter_map(|s| s.parse().ok())
    .collect()
}
