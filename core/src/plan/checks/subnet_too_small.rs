//! `subnet-too-small`: a subnet of the cluster without room for what it must hold.
//!
//! ## What it finds
//! A node subnet, pod subnet or API server subnet with fewer usable addresses (its size minus
//! the 5 Azure reserves) than the plan needs: one per node, including the extra nodes of an
//! upgrade, and with Azure CNI one per pod (the sizing table gives each formula).
//!
//! ## Why it matters
//! Nodes fail to join, pods fail to start, or upgrades and scaling fail once the subnet is full;
//! a subnet in use cannot be resized.
//!
//! ## Fix (unsafe: it changes the deployed network)
//! Grows the subnet in place when the larger block around it is free, else takes the smallest
//! block that fits from the VNet's free space.
//!
//! ## Source
//! Azure "Add, change, or delete a virtual network subnet" (Azure reserves 5 addresses in each
//! subnet); AKS "Configure Azure CNI networking" and "Use kubenet" (how many addresses the node
//! subnet needs, including the extra nodes of an upgrade).

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
    for need in sizing::needs(report.plan) {
        check_fits(report, &need);
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

#[cfg(test)]
fixture_pair_test!(check, SubnetTooSmall, "subnet-too-small", "yaml", "sh");
