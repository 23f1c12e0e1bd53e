//! Subnets: `subnet-outside-vnet`, `subnet-size-invalid`, `subnet-too-small` and
//! `plan-reference-missing`.
//!
//! Sources: Azure "Add, change, or delete a virtual network subnet" (a subnet lies inside its
//! VNet's address space; the smallest IPv4 subnet is /29, IPv6 subnets are /64; Azure reserves
//! 5 addresses in each subnet); AKS "Configure Azure CNI networking" and "Use kubenet" (how many
//! addresses the node subnet needs, including the extra nodes of an upgrade).

use ipnet::IpNet;

use super::{Report, use_title};
use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::plan::model::Cidr;
use crate::plan::ranges::first_free;
use crate::plan::sizing::{self, Need};
use crate::text;
use crate::text::{Lang, Text};

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    for vnet in &plan.vnets {
        let spaces: Vec<IpNet> = vnet
            .address_space
            .iter()
            .filter_map(Cidr::network)
            .collect();
        for subnet in &vnet.subnets {
            let Some(net) = subnet.cidr.network() else {
                continue;
            };
            let name = format!("{}/{}", vnet.name.value, subnet.name.value);
            if !spaces.is_empty() && !spaces.iter().any(|space| space.contains(&net)) {
                let space: Vec<&str> = vnet.address_space.iter().map(|c| c.text.as_str()).collect();
                report.add(
                    Code::SubnetOutsideVnet,
                    subnet.cidr.span,
                    text!(
                        "subnet {0} {1} is outside VNet {2} ({3})",
                        "サブネット {0} {1} が仮想ネットワーク {2} ({3}) の範囲外です",
                        name,
                        subnet.cidr.text,
                        vnet.name.value,
                        space.join(", ")
                    ),
                    &[&subnet.cidr.text],
                    None,
                );
            }
            let (smallest, v6) = match net {
                IpNet::V4(_) => (29, false),
                IpNet::V6(_) => (64, true),
            };
            if net.prefix_len() > smallest || (v6 && net.prefix_len() != 64) {
                let rule = if v6 {
                    Text::new(
                        "IPv6 subnets must be /64",
                        "IPv6 サブネットは /64 である必要があります",
                    )
                } else {
                    Text::new(
                        "the smallest subnet Azure allows is /29",
                        "Azure で許可される最小のサブネットは /29 です",
                    )
                };
                report.add(
                    Code::SubnetSizeInvalid,
                    subnet.cidr.span,
                    text!(
                        "subnet {0} {1}: {2}",
                        "サブネット {0} {1}: {2}",
                        name,
                        subnet.cidr.text,
                        rule
                    ),
                    &[&subnet.cidr.text],
                    None,
                );
            }
        }
    }
    check_references(report);
    for need in sizing::needs(plan) {
        check_fits(report, &need);
    }
}

fn check_references(report: &mut Report<'_>) {
    let plan = report.plan;
    let Some(cluster) = &plan.cluster else {
        return;
    };
    let pool_subnets = cluster
        .pools
        .iter()
        .flat_map(|p| p.subnet.iter().chain(&p.pod_subnet));
    for reference in pool_subnets.chain(&cluster.apiserver_subnet) {
        if plan.subnet(reference).is_none() {
            let missing = if plan.vnet(&reference.vnet).is_none() {
                text!("VNet {0}", "仮想ネットワーク {0}", reference.vnet)
            } else {
                text!(
                    "subnet {0} in VNet {1}",
                    "仮想ネットワーク {1} のサブネット {0}",
                    reference.subnet,
                    reference.vnet
                )
            };
            report.add(
                Code::PlanReferenceMissing,
                reference.span,
                text!(
                    "the cluster uses {0}/{1}, but the plan defines no {2}",
                    "クラスターは {0}/{1} を使用していますが、プランには {2} が定義されていません",
                    reference.vnet,
                    reference.subnet,
                    missing
                ),
                &[],
                None,
            );
        }
    }
    for vnet in &plan.vnets {
        for peering in vnet
            .peerings
            .iter()
            .filter(|p| plan.vnet(&p.value).is_none())
        {
            report.add(
                Code::PlanReferenceMissing,
                peering.span,
                text!(
                    "VNet {0} is peered with {1}, which the plan does not define",
                    "仮想ネットワーク {0} は {1} とピアリングされていますが、{1} はプランに定義されていません",
                    vnet.name.value,
                    peering.value
                ),
                &[],
                None,
            );
        }
    }
}

/// `subnet-too-small`, with the smallest subnet that fits placed in the VNet's free space.
fn check_fits(report: &mut Report<'_>, need: &Need) {
    let Some(subnet_ref) = &need.subnet else {
        return;
    };
    let Some((vnet, subnet)) = report.plan.subnet(subnet_ref) else {
        return;
    };
    let (Some(usable_now), Some(net)) = (need.usable, subnet.cidr.network()) else {
        return;
    };
    if usable_now >= need.required {
        return;
    }
    let fix = need.smallest_prefix.and_then(|prefix| {
        let spaces: Vec<IpNet> = vnet
            .address_space
            .iter()
            .filter_map(Cidr::network)
            .collect();
        let others: Vec<IpNet> = vnet
            .subnets
            .iter()
            .filter(|s| s.cidr.span != subnet.cidr.span)
            .filter_map(|s| s.cidr.network())
            .collect();
        // Grow in place when the larger block around the subnet is free; else take free space.
        let in_place = net.supernet().and_then(|_| {
            ipnet::IpNet::new(net.network(), prefix)
                .ok()
                .map(|n| n.trunc())
        });
        let placed = in_place
            .filter(|n| {
                spaces.iter().any(|s| s.contains(n))
                    && !others.iter().any(|o| crate::plan::ranges::overlaps(o, n))
            })
            .or_else(|| first_free(&spaces, prefix, &others))?;
        Some(Fix::unsafe_edits(
            use_title(placed),
            vec![Edit::replace(subnet.cidr.span, placed.to_string())],
        ))
    });
    report.add(
        Code::SubnetTooSmall,
        subnet.cidr.span,
        text!(
            "subnet {0}/{1} {2} has {3} usable addresses ({4} minus the 5 Azure reserves) but {5} needs {6}: {7}",
            "サブネット {0}/{1} {2} の使用可能なアドレスは {3} 個 ({4} から Azure が予約する 5 個を除いた数) ですが、{5} には {6} 個が必要です: {7}",
            vnet.name.value,
            subnet.name.value,
            subnet.cidr.text,
            usable_now,
            crate::plan::ranges::size(&net),
            Text::new(need.what_in(Lang::En), need.what_in(Lang::Ja)),
            need.required,
            Text::new(need.formula_in(Lang::En), need.formula_in(Lang::Ja))
        ),
        &[&subnet.cidr.text],
        fix,
    );
}
