//! `cidr-overlap`: ranges that must be disjoint share addresses.
//!
//! Source: AKS "Networking best practices" and "Configure Azure CNI networking": the service
//! CIDR, DNS service IP, pod CIDR and Docker bridge must not overlap each other, the cluster's
//! VNet and subnets, peered VNets or on-premises networks; Azure "Virtual network peering":
//! peered VNets must not have overlapping address spaces. The AKS network policy walkthrough's
//! own script makes this mistake: a VNet of 10.0.0.0/8 with `--service-cidr 10.0.0.0/16`.
//!
//! Overlaps are found by sorting and sweeping (`ranges::overlapping_pairs`), never by comparing
//! all pairs. Two VNets peered with one hub are checked too (`peering.rs`): Azure refuses the
//! second peering when they overlap.
//!
//! Fix (unsafe: it changes the deployed network): moves the service or pod CIDR to a free
//! private range of the same size (with the DNS service IP along with a service CIDR).

mod peering;

use std::collections::{BTreeSet, HashSet};

use ipnet::IpNet;

use super::{Report, Role, labelled_ranges, relocation};
use crate::codes::Code;
use crate::plan::model::{AddressPlan, Cidr};
use crate::plan::ranges::overlapping_pairs;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    direct(report);
    peering::check(report);
}

/// Ranges that overlap directly.
fn direct(report: &mut Report<'_>) {
    let plan = report.plan;
    let uses_pod_cidr = plan
        .cluster
        .as_ref()
        .is_some_and(|c| c.plugin.value.uses_pod_cidr());
    let ranges: Vec<(Role, &Cidr, IpNet)> = labelled_ranges(plan)
        .into_iter()
        .filter(|(role, _)| *role != Role::Pod || uses_pod_cidr)
        .filter_map(|(role, cidr)| Some((role, cidr, cidr.network()?)))
        .collect();
    let nets: Vec<IpNet> = ranges.iter().map(|(_, _, net)| *net).collect();
    let near_cluster = cluster_vnets(plan);
    let peered = plan.peered_pairs();
    for (i, j) in overlapping_pairs(&nets) {
        let (Some(a), Some(b)) = (ranges.get(i), ranges.get(j)) else {
            continue;
        };
        if !conflicts(plan, &peered, near_cluster.as_ref(), a.0, b.0) {
            continue;
        }
        // Report at the range the user is most likely to change.
        let (moved, fixed) = if changeability(a.0) >= changeability(b.0) {
            (a, b)
        } else {
            (b, a)
        };
        let message = text!(
            "{0} overlaps {1}",
            "{0} が {1} と重なっています",
            moved.0.describe(plan, moved.1),
            fixed.0.describe(plan, fixed.1)
        );
        let fix = relocation(report, moved.0, moved.1);
        report.add(
            Code::CidrOverlap,
            moved.1.span,
            message,
            &[&moved.1.text, &fixed.1.text],
            fix,
        );
    }
}

/// The VNets the cluster's ranges must stay clear of: its own and those peered with it; every
/// VNet when the plan does not say which VNet the cluster is in.
fn cluster_vnets(plan: &AddressPlan) -> Option<BTreeSet<usize>> {
    let own = plan.cluster.as_ref()?.subnet()?.vnet.clone();
    Some(
        plan.vnets
            .iter()
            .enumerate()
            .filter(|(_, v)| v.name.value == own || plan.peered(&v.name.value, &own))
            .map(|(i, _)| i)
            .collect(),
    )
}

fn conflicts(
    plan: &AddressPlan,
    peered: &HashSet<(usize, usize)>,
    near_cluster: Option<&BTreeSet<usize>>,
    a: Role,
    b: Role,
) -> bool {
    let is_cluster = |r: Role| matches!(r, Role::Service | Role::Pod | Role::DockerBridge);
    let near = |i: usize| near_cluster.is_none_or(|set| set.contains(&i));
    // A subnet stands for its VNet only when the VNet's address space is not written.
    let spaceless = |i: usize| {
        plan.vnets
            .get(i)
            .is_some_and(|v| v.address_space.is_empty())
    };
    match (a, b) {
        (Role::VnetSpace(i), Role::VnetSpace(j)) => {
            i == j || peered.contains(&(i.min(j), i.max(j)))
        }
        (Role::Subnet(i), Role::Subnet(j)) => i == j,
        (Role::Subnet(_), Role::VnetSpace(_))
        | (Role::VnetSpace(_), Role::Subnet(_))
        | (Role::OnPremises, Role::OnPremises) => false,
        (Role::OnPremises, Role::VnetSpace(_)) | (Role::VnetSpace(_), Role::OnPremises) => true,
        (Role::OnPremises, Role::Subnet(i)) | (Role::Subnet(i), Role::OnPremises) => spaceless(i),
        (c, Role::VnetSpace(i)) | (Role::VnetSpace(i), c) if is_cluster(c) => near(i),
        (c, Role::Subnet(i)) | (Role::Subnet(i), c) if is_cluster(c) => near(i) && spaceless(i),
        (c, Role::OnPremises) | (Role::OnPremises, c) if is_cluster(c) => true,
        (x, y) => is_cluster(x) && is_cluster(y),
    }
}

fn changeability(role: Role) -> u8 {
    match role {
        Role::Service | Role::Pod | Role::DockerBridge => 3,
        Role::Subnet(_) => 2,
        Role::VnetSpace(_) => 1,
        Role::OnPremises => 0,
    }
}

#[cfg(test)]
fixture_pair_test!(check, CidrOverlap, "cidr-overlap", "yaml", "sh");
