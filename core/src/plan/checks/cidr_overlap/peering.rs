//! `cidr-overlap` through a hub: a VNet cannot be peered with a hub that is already peered with
//! a VNet overlapping it.
//!
//! Source: Azure "Virtual network peering" and "Create, change, or delete a virtual network
//! peering": peered VNets must not have overlapping address spaces, and a peering is refused
//! when the remote VNet overlaps a VNet the local one is already peered with (Azure's error
//! `VnetAddressSpaceOverlapsWithAlreadyPeeredVnet`). Two spokes of one hub are not peered with
//! each other, so the direct overlap check (`cidr_overlap.rs`) lets them be; this one does not.
//!
//! Each hub's peers are swept once (`ranges::for_each_overlapping_pair`), a range a peer lists
//! twice counted once, and each refused peering is reported once, at the later of the two
//! peerings as written (scripts run top to bottom).

use std::collections::{HashMap, HashSet};

use ipnet::IpNet;

use crate::codes::Code;
use crate::plan::checks::Report;
use crate::plan::ranges::{bounds, for_each_overlapping_pair};
use crate::span::Span;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    let index = plan.vnet_indices();
    // Each VNet's peers with where the peering is first written, on either side.
    let mut first_written: HashMap<(usize, usize), Span> = HashMap::new();
    for (i, vnet) in plan.vnets.iter().enumerate() {
        for peer in &vnet.peerings {
            let Some(&j) = index.get(peer.value.as_str()) else {
                continue;
            };
            if i == j {
                continue;
            }
            first_written
                .entry((i.min(j), i.max(j)))
                .and_modify(|span| {
                    if peer.span.start < span.start {
                        *span = peer.span;
                    }
                })
                .or_insert(peer.span);
        }
    }
    let mut peers: Vec<Vec<(usize, Span)>> = vec![Vec::new(); plan.vnets.len()];
    for (&(a, b), &span) in &first_written {
        if let Some(list) = peers.get_mut(a) {
            list.push((b, span));
        }
        if let Some(list) = peers.get_mut(b) {
            list.push((a, span));
        }
    }
    let direct: HashSet<(usize, usize)> = first_written.keys().copied().collect();
    for (hub, list) in peers.iter_mut().enumerate() {
        list.sort_by_key(|(peer, span)| (span.start, *peer));
        check_hub(report, hub, list, &direct);
    }
}

/// A refused peering's clash: the pair of spaces by index (which orders the clashes, the first
/// is reported), and the same spaces as (earlier peer's, later peer's).
type Clash = ((usize, usize), (usize, usize));

/// The peers of one hub, in the order their peerings are written.
fn check_hub(
    report: &mut Report<'_>,
    hub: usize,
    peers: &[(usize, Span)],
    direct: &HashSet<(usize, usize)>,
) {
    let plan = report.plan;
    // Every address space of every peer, with the peer's position in `peers`. A space a peer
    // already has (the same addresses) is left out: the pair its first copy makes always comes
    // first, so it could never be the one reported, and a VNet that lists one range thousands
    // of times would otherwise make pairs by the million for every hub it is peered with.
    let mut seen: HashSet<(usize, (bool, u128, u128))> = HashSet::new();
    let spaces: Vec<(usize, &crate::plan::model::Cidr, IpNet)> = peers
        .iter()
        .enumerate()
        .filter_map(|(k, (vnet, _))| plan.vnets.get(*vnet).map(|v| (k, v)))
        .flat_map(|(k, v)| {
            v.address_space
                .iter()
                .filter_map(move |c| Some((k, c, c.network()?)))
        })
        .filter(|(k, _, net)| seen.insert((*k, bounds(net))))
        .collect();
    let nets: Vec<IpNet> = spaces.iter().map(|(_, _, n)| *n).collect();
    let vnet_at = |position: usize| peers.get(position).map(|(vnet, _)| *vnet);
    // For each peer whose peering is refused: the spaces (earlier peer's, its own) that clash,
    // the first such pair by index, with that pair.
    let mut refused: Vec<Option<Clash>> = vec![None; peers.len()];
    for_each_overlapping_pair(&nets, |x, y| {
        let (Some(a), Some(b)) = (spaces.get(x), spaces.get(y)) else {
            return;
        };
        let (earlier, later) = if a.0 < b.0 { (x, y) } else { (y, x) };
        let (Some(&(first, ..)), Some(&(second, ..))) = (spaces.get(earlier), spaces.get(later))
        else {
            return;
        };
        let (Some(first_vnet), Some(second_vnet)) = (vnet_at(first), vnet_at(second)) else {
            return;
        };
        // The same VNet, or two VNets peered directly (the direct check reports those).
        let pair = (first_vnet.min(second_vnet), first_vnet.max(second_vnet));
        if first_vnet == second_vnet || direct.contains(&pair) {
            return;
        }
        if let Some(slot) = refused.get_mut(second)
            && slot.is_none_or(|(key, _)| (x, y) < key)
        {
            *slot = Some(((x, y), (earlier, later)));
        }
    });
    let hub_name = plan.vnets.get(hub).map_or("?", |v| v.name.value.as_str());
    for (position, clash) in refused.iter().enumerate() {
        let (Some((_, (earlier, later))), Some(&(_, span))) = (clash, peers.get(position)) else {
            continue;
        };
        let (Some(&(other, other_cidr, _)), Some(&(own, own_cidr, _))) =
            (spaces.get(*earlier), spaces.get(*later))
        else {
            continue;
        };
        let name = |position: usize| {
            vnet_at(position)
                .and_then(|i| plan.vnets.get(i))
                .map_or("?", |v| v.name.value.as_str())
        };
        report.add(
            Code::CidrOverlap,
            span,
            text!(
                "VNet {0} {1} overlaps VNet {2} {3}, which is already peered with {4}: Azure refuses the peering of {0} with {4} (VnetAddressSpaceOverlapsWithAlreadyPeeredVnet)",
                "仮想ネットワーク {0} {1} は、すでに {4} とピアリングされている仮想ネットワーク {2} {3} と重なっています。Azure は {0} と {4} のピアリングを拒否します (VnetAddressSpaceOverlapsWithAlreadyPeeredVnet)",
                name(own),
                own_cidr.text,
                name(other),
                other_cidr.text,
                hub_name
            ),
            &[&own_cidr.text, &other_cidr.text],
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use crate::codes::Code;
    use crate::manifest::SourceFile;
    use crate::plan::check_plan;

    fn overlaps(yaml: &str) -> Vec<(String, String)> {
        let report = check_plan(&SourceFile::new("p.yaml", yaml), 0);
        report
            .findings
            .iter()
            .filter(|f| f.code == Code::CidrOverlap)
            .map(|f| (yaml[f.span.start..f.span.end].to_owned(), f.message.clone()))
            .collect()
    }

    #[test]
    fn two_spokes_of_one_hub_must_not_overlap() {
        let plan = "kind: NetworkPlan\nvnets:\n  - {name: hub, addressSpace: [10.0.0.0/16], peerings: [a, b]}\n  - {name: a, addressSpace: [10.1.0.0/16]}\n  - {name: b, addressSpace: [10.1.128.0/17]}\n";
        let found = overlaps(plan);
        // Reported once, at the later peering (hub to b).
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "b");
        assert!(
            found[0].1.contains(
                "VNet b 10.1.128.0/17 overlaps VNet a 10.1.0.0/16, which is already peered with hub"
            ),
            "{}",
            found[0].1
        );

        // Disjoint spokes: nothing.
        assert!(overlaps(&plan.replace("10.1.128.0/17", "10.2.0.0/16")).is_empty());
        // Peered on the spokes' side: the same.
        let written_on_spokes = "kind: NetworkPlan\nvnets:\n  - {name: hub, addressSpace: [10.0.0.0/16]}\n  - {name: a, addressSpace: [10.1.0.0/16], peerings: [hub]}\n  - {name: b, addressSpace: [10.1.0.0/24], peerings: [hub]}\n";
        assert_eq!(overlaps(written_on_spokes).len(), 1);
        // Spokes peered with each other too: the direct check reports them, once.
        let meshed = plan.replace("10.1.128.0/17]}", "10.1.128.0/17], peerings: [a]}");
        let found = overlaps(&meshed);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(!found[0].1.contains("already peered"));
    }

    /// A hub with 1,000 spokes on one range: each spoke after the first is refused, once.
    #[test]
    fn a_thousand_overlapping_spokes_give_one_finding_each() {
        let mut plan = String::from(
            "kind: NetworkPlan\nvnets:\n  - {name: hub, addressSpace: [10.0.0.0/16]}\n",
        );
        for i in 0..1000 {
            writeln!(
                plan,
                "  - {{name: s{i}, addressSpace: [10.1.0.0/16], peerings: [hub]}}"
            )
            .unwrap();
        }
        assert!(plan.len() < crate::plan::MAX_PLAN_BYTES);
        assert_eq!(overlaps(&plan).len(), 999);
    }
}
