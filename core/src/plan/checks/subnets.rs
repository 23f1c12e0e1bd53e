//! Subnets: `subnet-outside-vnet`, `subnet-size-invalid`, `subnet-too-small` and
//! `plan-reference-missing`.
//!
//! Sources: Azure "Add, change, or delete a virtual network subnet" (a subnet lies inside its
//! VNet's address space; the smallest IPv4 subnet is /29, IPv6 subnets are /64; Azure reserves
//! 5 addresses in each subnet); AKS "Configure Azure CNI networking" and "Use kubenet" (how many
//! addresses the node subnet needs, including the extra nodes of an upgrade).

use ipnet::IpNet;

use super::Report;
use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::plan::model::{AddressPlan, Cidr, Subnet, SubnetRef, Vnet};
use crate::plan::ranges::first_free;
use crate::plan::sizing::{self, Need};

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
                    format!(
                        "subnet {name} {} is outside VNet {} ({})",
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
                    "IPv6 subnets must be /64"
                } else {
                    "the smallest subnet Azure allows is /29"
                };
                report.add(
                    Code::SubnetSizeInvalid,
                    subnet.cidr.span,
                    format!("subnet {name} {}: {rule}", subnet.cidr.text),
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
    for reference in cluster.subnet.iter().chain(&cluster.pod_subnet) {
        if lookup(plan, reference).is_none() {
            let missing = if plan.vnet(&reference.vnet).is_none() {
                format!("VNet {}", reference.vnet)
            } else {
                format!("subnet {} in VNet {}", reference.subnet, reference.vnet)
            };
            report.add(
                Code::PlanReferenceMissing,
                reference.span,
                format!(
                    "the cluster uses {}/{}, but the plan defines no {missing}",
                    reference.vnet, reference.subnet
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
                format!(
                    "VNet {} is peered with {}, which the plan does not define",
                    vnet.name.value, peering.value
                ),
                &[],
                None,
            );
        }
    }
}

pub(crate) fn lookup<'p>(
    plan: &'p AddressPlan,
    reference: &SubnetRef,
) -> Option<(&'p Vnet, &'p Subnet)> {
    let vnet = plan.vnet(&reference.vnet)?;
    let subnet = vnet
        .subnets
        .iter()
        .find(|s| s.name.value == reference.subnet)?;
    Some((vnet, subnet))
}

/// `subnet-too-small`, with the smallest subnet that fits placed in the VNet's free space.
fn check_fits(report: &mut Report<'_>, need: &Need) {
    let Some(subnet_ref) = &need.subnet else {
        return;
    };
    let Some((vnet, subnet)) = lookup(report.plan, subnet_ref) else {
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
        Some(Fix::new(
            format!("Use {placed}"),
            vec![Edit::replace(subnet.cidr.span, placed.to_string())],
        ))
    });
    report.add(
        Code::SubnetTooSmall,
        subnet.cidr.span,
        format!(
            "subnet {}/{} {} has {} usable addresses ({} minus the 5 Azure reserves) but {} needs {}: {}",
            vnet.name.value,
            subnet.name.value,
            subnet.cidr.text,
            usable_now,
            crate::plan::ranges::size(&net),
            need.what,
            need.required,
            need.formula
        ),
        &[&subnet.cidr.text],
        fix,
    );
}
