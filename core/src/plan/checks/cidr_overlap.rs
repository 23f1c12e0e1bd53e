//! `cidr-overlap`: ranges that must be disjoint share addresses.
//!
//! Source: AKS "Networking best practices" and "Configure Azure CNI networking": the service
//! CIDR, DNS service IP, pod CIDR and Docker bridge must not overlap each other, the cluster's
//! VNet and subnets, peered VNets or on-premises networks; Azure "Virtual network peering":
//! peered VNets must not have overlapping address spaces. The AKS network policy walkthrough's
//! own script makes this mistake: a VNet of 10.0.0.0/8 with `--service-cidr 10.0.0.0/16`.
//!
//! Overlaps are found by sorting and sweeping (`ranges::for_each_overlapping_pair`), never by
//! comparing all pairs, and at most [`MAX_OVERLAP_FINDINGS`] pairs are listed. Two VNets peered
//! with one hub are checked too (`peering.rs`): Azure refuses the second peering when they
//! overlap.
//!
//! Fix (unsafe: it changes the deployed network): moves the service or pod CIDR to a free
//! private range of the same size (with the DNS service IP along with a service CIDR).

mod peering;

use std::collections::{BTreeSet, BinaryHeap, HashSet};

use ipnet::IpNet;

use super::{Report, Role, labelled_ranges, relocation};
use crate::codes::Code;
use crate::plan::model::{AddressPlan, Cidr};
use crate::plan::ranges::for_each_overlapping_pair;
use crate::text;
use crate::text::Text;

pub(super) fn check(report: &mut Report<'_>) {
    direct(report, MAX_OVERLAP_FINDINGS);
    peering::check(report);
}

/// The most overlapping pairs of ranges one plan lists. A plan written by hand has a few (the
/// most in the fixtures, the published az blocks and the examples is 2), but ranges that all
/// overlap give one pair for every two of them: 1,544 subnets on one /24 fit in the plan bound
/// and make 1,191,196 pairs. Past the bound the first pairs are listed (by the order their ranges
/// are written) and one more finding, at the first pair left out, counts the rest
/// (docs/limits.md, docs/decisions/0130-overlap-bound.md).
pub(crate) const MAX_OVERLAP_FINDINGS: usize = 1_000;

/// Ranges that overlap directly, at most `most` pairs of them.
fn direct(report: &mut Report<'_>, most: usize) {
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
    // The first pairs that conflict, by index, one more than are listed (a max-heap holding the
    // smallest), and how many conflict in all.
    let mut first: BinaryHeap<(usize, usize)> = BinaryHeap::new();
    let mut conflicting = 0usize;
    for_each_overlapping_pair(&nets, |i, j| {
        let (Some(a), Some(b)) = (ranges.get(i), ranges.get(j)) else {
            return;
        };
        if !conflicts(plan, &peered, near_cluster.as_ref(), a.0, b.0) {
            return;
        }
        conflicting += 1;
        if first.len() <= most {
            first.push((i, j));
        } else if first.peek().is_some_and(|&top| (i, j) < top) {
            first.pop();
            first.push((i, j));
        }
    });
    let mut pairs = first.into_sorted_vec();
    let left_out = if conflicting > most {
        pairs.pop()
    } else {
        None
    };
    // Each range is named once, however many pairs it is in (naming a subnet looks it up).
    let mut names: Vec<Option<Text>> = vec![None; ranges.len()];
    let mut name = |index: usize, (role, cidr, _): &(Role, &Cidr, IpNet)| -> Text {
        match names.get_mut(index) {
            Some(Some(known)) => known.clone(),
            Some(slot) => slot.insert(role.describe(plan, cidr)).clone(),
            None => role.describe(plan, cidr),
        }
    };
    for (i, j) in pairs {
        let (Some(a), Some(b)) = (ranges.get(i), ranges.get(j)) else {
            continue;
        };
        // Report at the range the user is most likely to change.
        let ((moved_at, moved), (fixed_at, fixed)) = if changeability(a.0) >= changeability(b.0) {
            ((i, a), (j, b))
        } else {
            ((j, b), (i, a))
        };
        let message = text!(
            "{0} overlaps {1}",
            "{0} が {1} と重なっています",
            name(moved_at, moved),
            name(fixed_at, fixed)
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
    let Some((i, j)) = left_out else {
        return;
    };
    let (Some(a), Some(b)) = (ranges.get(i), ranges.get(j)) else {
        return;
    };
    let at = if changeability(a.0) >= changeability(b.0) {
        a
    } else {
        b
    };
    // No ranges: the address map draws overlaps from the findings that name two.
    report.add(
        Code::CidrOverlap,
        at.1.span,
        text!(
            "{0} more pairs of overlapping ranges are not listed: the first {1} are, and the check stops here",
            "重なっている範囲の組がほかに {0} 組あります。最初の {1} 組だけを示し、検査はここで止まります",
            conflicting - most,
            most
        ),
        &[],
        None,
    );
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

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::MAX_OVERLAP_FINDINGS;
    use crate::codes::Code;
    use crate::finding::Finding;
    use crate::manifest::SourceFile;
    use crate::plan::checks::Report;
    use crate::plan::{YamlWriter, check_plan};

    /// `subnets` subnets of one VNet, all on one /24: every two of them overlap.
    fn subnets_on_one_range(subnets: usize) -> String {
        let mut plan = String::from(
            "kind: NetworkPlan\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.0/8\"]\n    subnets:\n",
        );
        for i in 1..=subnets {
            writeln!(plan, "      - {{name: s{i}, cidr: \"10.0.0.0/24\"}}").unwrap();
        }
        plan
    }

    /// The direct check's findings alone, with the bound `most`.
    fn direct_alone(plan: &str, most: usize) -> Vec<Finding> {
        let read = check_plan(&SourceFile::new("plan", plan), 0);
        let writer = YamlWriter { text: plan };
        let mut report = Report {
            plan: &read.plan,
            file: 0,
            writer: &writer,
            policies: &[],
            findings: Vec::new(),
        };
        super::direct(&mut report, most);
        report.findings
    }

    /// The worst plan the plan bound lets through: 1,544 subnets on one range, 1,191,196 pairs.
    /// The first pairs are listed, in the order their ranges are written, then one finding at
    /// the first pair left out counts the rest.
    #[test]
    fn overlaps_past_the_bound_are_counted_not_listed() {
        let plan = subnets_on_one_range(1544);
        assert!(plan.len() <= crate::plan::MAX_PLAN_BYTES);
        let found = direct_alone(&plan, MAX_OVERLAP_FINDINGS);
        assert_eq!(found.len(), MAX_OVERLAP_FINDINGS + 1);
        assert!(found.iter().all(|f| f.code == Code::CidrOverlap));
        assert_eq!(
            found[0].message,
            "subnet v/s1 10.0.0.0/24 overlaps subnet v/s2 10.0.0.0/24"
        );
        assert_eq!(
            found[MAX_OVERLAP_FINDINGS - 1].message,
            "subnet v/s1 10.0.0.0/24 overlaps subnet v/s1001 10.0.0.0/24"
        );
        let note = &found[MAX_OVERLAP_FINDINGS];
        let pairs = 1544 * 1543 / 2;
        assert_eq!(
            note.message,
            format!(
                "{} more pairs of overlapping ranges are not listed: the first {MAX_OVERLAP_FINDINGS} are, and the check stops here",
                pairs - MAX_OVERLAP_FINDINGS
            )
        );
        // At the first pair left out (s1 with s1002), naming no ranges for the address map.
        assert_eq!(note.span, found[0].span);
        assert!(note.ranges.is_empty());
        // The whole plan: the same, sorted by position.
        let report = check_plan(&SourceFile::new("p.yaml", plan.as_str()), 0);
        let overlaps: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.code == Code::CidrOverlap)
            .collect();
        assert_eq!(overlaps.len(), MAX_OVERLAP_FINDINGS + 1);
        assert_eq!(overlaps.last().unwrap().message, note.message);
    }

    /// Under a bound, the findings are the first ones the check makes without it, in the same
    /// order; at or above the number of pairs, the bound changes nothing.
    #[test]
    fn the_bound_keeps_the_first_findings() {
        let plan = subnets_on_one_range(60);
        let all = direct_alone(&plan, usize::MAX);
        assert_eq!(all.len(), 60 * 59 / 2);
        assert_eq!(direct_alone(&plan, all.len()), all);
        for most in [1, 59, 100, 1000] {
            let bounded = direct_alone(&plan, most);
            assert_eq!(bounded.len(), most + 1, "{most}");
            assert_eq!(bounded[..most], all[..most], "{most}");
            assert!(bounded[most].message.starts_with(&format!(
                "{} more pairs of overlapping ranges are not listed",
                all.len() - most
            )));
            assert_eq!(bounded[most].span, all[most].span);
        }
        // Ranges in different families, VNets and roles mixed: the kept pairs are the first.
        let mixed = "kind: NetworkPlan\ncluster:\n  serviceCidr: 10.0.0.0/16\n  dnsServiceIp: 10.0.0.10\n  subnet: a/s\nvnets:\n  - name: a\n    addressSpace: [10.0.0.0/8, 10.0.0.0/16, \"fd00::/8\", \"fd00::/16\"]\n    peerings: [b]\n    subnets:\n      - {name: s, cidr: 10.0.0.0/24}\n      - {name: t, cidr: 10.0.0.0/25}\n  - name: b\n    addressSpace: [10.0.0.0/12, \"fd00::/12\"]\n";
        let all = direct_alone(mixed, usize::MAX);
        assert!(all.len() > 4, "{all:?}");
        for most in 1..all.len() {
            assert_eq!(direct_alone(mixed, most)[..most], all[..most], "{most}");
        }
    }
}
