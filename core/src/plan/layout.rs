//! The address plan laid out for drawing: one track per VNet address space with the ranges that
//! fall on it (its subnets, other VNets' spaces, the cluster's ranges, on-premises networks),
//! then one track per group of ranges outside every VNet, each with the overlaps the
//! `cidr-overlap` findings report on it. A front end only places and labels them.
//!
//! Ranges are typed ([`IpNet`]); names and texts are as written, for the front end to word in
//! its language. An overlap names its finding by index in [`PlanReport::findings`], whose
//! message says it in either language.

use std::collections::{BTreeSet, HashMap, HashSet};

use ipnet::IpNet;

use crate::codes::Code;
use crate::plan::PlanReport;
use crate::plan::model::{AddressPlan, Cidr};
use crate::plan::ranges::{bounds, overlaps};

/// What a laid-out range is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Subnet,
    /// Another VNet's address space (or another space of the same VNet) falling on this one.
    Vnet,
    OnPremises,
    Service,
    Pod,
    DnsIp,
    DockerBridge,
}

/// A range laid on a track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub kind: MarkKind,
    /// The VNet's name (VNet spaces) or the subnet's (subnets), as written.
    pub name: Option<String>,
    /// Not written: AKS's default.
    pub default: bool,
    /// As written, trimmed.
    pub text: String,
    pub net: IpNet,
    /// The first overlap findings that name this range (at most [`MAX_MARK_NOTES`]), by index
    /// in the report's findings.
    pub overlaps: Vec<usize>,
    /// How many more overlap findings name it.
    pub more_overlaps: usize,
    /// The VNet it belongs to, by index (VNet spaces and subnets).
    pub owner: Option<usize>,
}

/// Addresses two ranges share, with the finding that reports it (by index in the report's
/// findings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overlap {
    pub net: IpNet,
    pub finding: usize,
}

/// One bar: a VNet's address space, or (outside every VNet) the largest of a group of ranges
/// that overlap each other, with what falls on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Track {
    /// The VNet whose space this is, by name.
    pub vnet: Option<String>,
    /// The space as written, trimmed; empty outside every VNet.
    pub space_text: String,
    pub space: IpNet,
    pub marks: Vec<Mark>,
    pub overlaps: Vec<Overlap>,
}

/// The tracks, and what the bounds left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub tracks: Vec<Track>,
    pub hidden_spaces: usize,
    pub hidden_ranges: usize,
    pub hidden_overlaps: usize,
}

/// The most address spaces laid out, the most ranges and overlaps on one, and the most overlap
/// findings a range names. A drawing of a thousand VNets helps nobody and would take the page
/// minutes to lay out; 400 peered VNets on one range give 800 overlaps, each naming every one
/// of them: past these bounds the rest is left to the findings and the sizing table, and said
/// so. Every step below is linear in the plan's ranges and findings.
pub const MAX_TRACKS: usize = 32;
pub const MAX_MARKS: usize = 64;
pub const MAX_TRACK_OVERLAPS: usize = 8;
pub const MAX_MARK_NOTES: usize = 3;

/// A `cidr-overlap` finding as the range texts it names and the addresses they share.
struct Found {
    texts: Vec<String>,
    overlap: Overlap,
}

/// The tracks of a plan: one per VNet address space, then the ranges outside every VNet; at most
/// [`MAX_TRACKS`], each with at most [`MAX_MARKS`] ranges and [`MAX_TRACK_OVERLAPS`] overlaps.
pub fn layout(report: &PlanReport) -> Layout {
    let plan = &report.plan;
    let found = overlap_findings(report);
    let marks = with_notes(marks_of(plan), &found);
    let mut out = Layout::default();
    let mut spaces: Vec<IpNet> = Vec::new();
    for (index, vnet) in plan.vnets.iter().enumerate() {
        for cidr in &vnet.address_space {
            let Some(space) = cidr.network() else {
                continue;
            };
            spaces.push(space);
            if out.tracks.len() == MAX_TRACKS {
                out.hidden_spaces += 1;
                continue;
            }
            let on_space = marks
                .iter()
                .filter(|m| overlaps(&m.net, &space))
                .filter(|m| match m.kind {
                    // Other VNets' subnets show through their VNet's space.
                    MarkKind::Subnet => m.owner == Some(index),
                    MarkKind::Vnet => !(m.owner == Some(index) && m.net == space),
                    _ => true,
                });
            let track = bounded_track(
                Some(vnet.name.value.clone()),
                space,
                cidr.text.trim(),
                on_space,
                &found,
                &mut out,
            );
            out.tracks.push(track);
        }
    }
    // Outside: a subnet outside its own VNet's space, any other range outside every VNet's.
    let own_spaces = |owner: usize| -> Vec<IpNet> {
        plan.vnets
            .get(owner)
            .map(|v| v.address_space.iter().filter_map(Cidr::network).collect())
            .unwrap_or_default()
    };
    let mut outside: Vec<Mark> = marks
        .into_iter()
        .filter(|m| match (m.kind, m.owner) {
            (MarkKind::Vnet, _) => false,
            (MarkKind::Subnet, Some(owner)) => {
                !own_spaces(owner).iter().any(|s| overlaps(s, &m.net))
            }
            _ => !spaces.iter().any(|s| overlaps(s, &m.net)),
        })
        .collect();
    // CIDR ranges that overlap nest, so after sorting by start (larger first) each group is
    // laid on its first, largest range.
    outside.sort_by_key(|m| {
        let (v6, first, last) = bounds(&m.net);
        (v6, first, std::cmp::Reverse(last))
    });
    let mut group: Vec<Mark> = Vec::new();
    for mark in outside {
        let joins = group
            .first()
            .is_some_and(|head| overlaps(&head.net, &mark.net));
        if !joins && !group.is_empty() {
            outside_track(&std::mem::take(&mut group), &found, &mut out);
        }
        group.push(mark);
    }
    if !group.is_empty() {
        outside_track(&group, &found, &mut out);
    }
    out
}

/// `marks` with the overlap findings that name each, at most [`MAX_MARK_NOTES`] of them.
fn with_notes(mut marks: Vec<Mark>, found: &[Found]) -> Vec<Mark> {
    // The findings naming each range text, so that a range costs its own findings, not all.
    let mut naming: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, f) in found.iter().enumerate() {
        for text in f.texts.iter().collect::<BTreeSet<_>>() {
            naming.entry(text.as_str()).or_default().push(index);
        }
    }
    // Ranges written alike share their notes: computed once per text.
    let mut notes: HashMap<String, (Vec<usize>, usize)> = HashMap::new();
    for mark in &mut marks {
        let (shown, more) = notes
            .entry(mark.text.clone())
            .or_insert_with(|| {
                let named: Vec<&Overlap> = naming
                    .get(mark.text.as_str())
                    .into_iter()
                    .flatten()
                    .filter_map(|&i| found.get(i).map(|f| &f.overlap))
                    .filter(|o| overlaps(&o.net, &mark.net))
                    .collect();
                let shown: Vec<usize> = named
                    .iter()
                    .take(MAX_MARK_NOTES)
                    .map(|o| o.finding)
                    .collect();
                let more = named.len().saturating_sub(shown.len());
                (shown, more)
            })
            .clone();
        mark.overlaps = shown;
        mark.more_overlaps = more;
    }
    marks
}

fn outside_track(marks: &[Mark], found: &[Found], out: &mut Layout) {
    if out.tracks.len() == MAX_TRACKS {
        out.hidden_spaces += 1;
        return;
    }
    let space = marks.first().map_or_else(IpNet::default, |m| m.net);
    let track = bounded_track(None, space, "", marks.iter(), found, out);
    out.tracks.push(track);
}

/// A track with at most [`MAX_MARKS`] of `marks` and [`MAX_TRACK_OVERLAPS`] of the overlaps
/// that fall on its space and name its space or one of its marks; what is left out is counted in
/// `out`.
fn bounded_track<'m>(
    vnet: Option<String>,
    space: IpNet,
    space_text: &str,
    marks: impl Iterator<Item = &'m Mark>,
    found: &[Found],
    out: &mut Layout,
) -> Track {
    let mut texts: HashSet<&str> = HashSet::new();
    if !space_text.is_empty() {
        texts.insert(space_text);
    }
    let mut drawn = Vec::new();
    for mark in marks {
        texts.insert(&mark.text);
        if drawn.len() < MAX_MARKS {
            drawn.push(mark.clone());
        } else {
            out.hidden_ranges += 1;
        }
    }
    let mut overlaps_drawn = Vec::new();
    for f in found {
        if overlaps(&f.overlap.net, &space) && f.texts.iter().any(|n| texts.contains(n.as_str())) {
            if overlaps_drawn.len() < MAX_TRACK_OVERLAPS {
                overlaps_drawn.push(f.overlap);
            } else {
                out.hidden_overlaps += 1;
            }
        }
    }
    Track {
        vnet,
        space_text: space_text.to_owned(),
        space,
        marks: drawn,
        overlaps: overlaps_drawn,
    }
}

/// The report's `cidr-overlap` findings as the ranges they name and the addresses shared: the
/// ranges as the plan writes them, read once here.
fn overlap_findings(report: &PlanReport) -> Vec<Found> {
    report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.code == Code::CidrOverlap)
        .filter_map(|(finding, f)| {
            let nets: Vec<IpNet> = f
                .ranges
                .iter()
                .filter_map(|r| r.trim().parse::<IpNet>().ok().map(|n| n.trunc()))
                .collect();
            let (a, b) = (nets.first()?, nets.get(1)?);
            // Overlapping CIDR ranges nest: the shared addresses are the smaller range.
            let shared = if a.prefix_len() >= b.prefix_len() {
                a
            } else {
                b
            };
            overlaps(a, b).then(|| Found {
                texts: f.ranges.iter().map(|r| r.trim().to_owned()).collect(),
                overlap: Overlap {
                    net: *shared,
                    finding,
                },
            })
        })
        .collect()
}

/// Every range of the plan that can fall on a VNet's space.
fn marks_of(plan: &AddressPlan) -> Vec<Mark> {
    let mark = |kind, name: Option<&str>, cidr: &Cidr, owner| {
        cidr.network().map(|net| Mark {
            kind,
            name: name.map(str::to_owned),
            default: cidr.default,
            text: cidr.text.trim().to_owned(),
            net,
            overlaps: Vec::new(),
            more_overlaps: 0,
            owner,
        })
    };
    let mut out = Vec::new();
    for (index, vnet) in plan.vnets.iter().enumerate() {
        let name = Some(vnet.name.value.as_str());
        out.extend(
            vnet.address_space
                .iter()
                .filter_map(|c| mark(MarkKind::Vnet, name, c, Some(index))),
        );
        out.extend(vnet.subnets.iter().filter_map(|s| {
            mark(
                MarkKind::Subnet,
                Some(s.name.value.as_str()),
                &s.cidr,
                Some(index),
            )
        }));
    }
    out.extend(
        plan.on_premises
            .iter()
            .filter_map(|c| mark(MarkKind::OnPremises, None, c, None)),
    );
    if let Some(cluster) = &plan.cluster {
        out.extend(
            cluster
                .service_cidrs
                .iter()
                .filter_map(|c| mark(MarkKind::Service, None, c, None)),
        );
        out.extend(
            cluster
                .pod_cidrs
                .iter()
                .filter_map(|c| mark(MarkKind::Pod, None, c, None)),
        );
        out.extend(
            cluster
                .docker_bridge
                .iter()
                .filter_map(|c| mark(MarkKind::DockerBridge, None, c, None)),
        );
        if let Some(dns) = &cluster.dns_service_ip
            && let Some(ip) = dns.ip
        {
            out.push(Mark {
                kind: MarkKind::DnsIp,
                name: None,
                default: dns.default,
                text: dns.text.trim().to_owned(),
                net: IpNet::from(ip),
                overlaps: Vec::new(),
                more_overlaps: 0,
                owner: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::SourceFile;
    use crate::plan::check_plan;

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    fn report(text: &str) -> PlanReport {
        check_plan(&SourceFile::new("plan", text), 0)
    }

    /// A track as `(vnet, space)`, for comparing.
    fn head(track: &Track) -> (Option<&str>, String) {
        (track.vnet.as_deref(), track.space.to_string())
    }

    const WALKTHROUGH: &str =
        include_str!("../../../static/examples/network-policy-walkthrough.sh");

    #[test]
    fn the_walkthrough_lays_the_service_cidr_on_its_vnet() {
        let report = report(WALKTHROUGH);
        let tracks = layout(&report).tracks;
        let heads: Vec<_> = tracks.iter().map(head).collect();
        assert_eq!(
            heads,
            [
                (Some("myVnet"), "10.0.0.0/8".to_owned()),
                (None, "172.17.0.0/16".to_owned())
            ]
        );
        let vnet = &tracks[0];
        assert_eq!(vnet.space_text, "10.0.0.0/8");
        let drawn: Vec<(MarkKind, &str, bool)> = vnet
            .marks
            .iter()
            .map(|m| (m.kind, m.text.as_str(), !m.overlaps.is_empty()))
            .collect();
        assert_eq!(
            drawn,
            [
                (MarkKind::Subnet, "10.240.0.0/16", false),
                (MarkKind::Service, "10.0.0.0/16", true),
                (MarkKind::DnsIp, "10.0.0.10", false),
            ]
        );
        assert_eq!(vnet.marks[0].name.as_deref(), Some("myAKSSubnet"));
        assert_eq!(vnet.overlaps.len(), 1);
        assert_eq!(vnet.overlaps[0].net, net("10.0.0.0/16"));
        let finding = &report.findings[vnet.overlaps[0].finding];
        assert_eq!(finding.code, Code::CidrOverlap);
        assert_eq!(
            finding.message,
            "service CIDR 10.0.0.0/16 overlaps VNet myVnet 10.0.0.0/8"
        );
        assert_eq!(vnet.marks[1].overlaps, [vnet.overlaps[0].finding]);
        // The Docker bridge lies in no VNet and overlaps nothing.
        assert_eq!(tracks[1].marks[0].kind, MarkKind::DockerBridge);
        assert!(tracks[1].overlaps.is_empty());
    }

    #[test]
    fn the_corrected_walkthrough_lays_out_no_overlap() {
        let first = report(WALKTHROUGH);
        // Its only fix moves a range (unsafe): asked for, as the Plan tab's checkbox does.
        let corrected = first
            .corrected_with(WALKTHROUGH, crate::Applicability::Unsafe)
            .unwrap();
        let tracks = layout(&report(&corrected)).tracks;
        assert!(tracks.iter().all(|t| t.overlaps.is_empty()));
        assert!(
            tracks
                .iter()
                .flat_map(|t| &t.marks)
                .all(|m| m.overlaps.is_empty())
        );
        // The service CIDR and its DNS IP moved out of the VNet, into one outside group.
        let outside: Vec<(String, Vec<&str>)> = tracks
            .iter()
            .filter(|t| t.vnet.is_none())
            .map(|t| {
                (
                    t.space.to_string(),
                    t.marks.iter().map(|m| m.text.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            outside,
            [
                (
                    "172.16.0.0/16".to_owned(),
                    vec!["172.16.0.0/16", "172.16.0.10"]
                ),
                ("172.17.0.0/16".to_owned(), vec!["172.17.0.1/16"]),
            ]
        );
        assert!(
            tracks
                .iter()
                .filter(|t| t.vnet.is_none())
                .all(|t| t.space_text.is_empty())
        );
    }

    #[test]
    fn peered_vnets_and_subnets_that_overlap_are_laid_on_each_space() {
        let plan = "kind: NetworkPlan\nvnets:\n  - name: hub\n    addressSpace: [\"10.0.0.0/16\"]\n    peerings: [spoke]\n    subnets:\n      - {name: a, cidr: \"10.0.1.0/24\"}\n      - {name: b, cidr: \"10.0.1.0/25\"}\n  - name: spoke\n    addressSpace: [\"10.0.0.0/20\"]\nonPremises: [\"192.168.0.0/16\"]\n";
        let tracks = layout(&report(plan)).tracks;
        let drawn = tracks
            .iter()
            .map(|t| {
                (
                    head(t),
                    t.marks
                        .iter()
                        .map(|m| (m.kind, m.name.as_deref(), m.overlaps.len()))
                        .collect::<Vec<_>>(),
                    t.overlaps.iter().map(|o| o.net).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>();
        assert_eq!(
            drawn,
            [
                (
                    (Some("hub"), "10.0.0.0/16".to_owned()),
                    vec![
                        (MarkKind::Subnet, Some("a"), 1),
                        (MarkKind::Subnet, Some("b"), 1),
                        (MarkKind::Vnet, Some("spoke"), 1)
                    ],
                    vec![net("10.0.0.0/20"), net("10.0.1.0/25")],
                ),
                // The hub's subnets are not laid on the spoke, nor is their overlap.
                (
                    (Some("spoke"), "10.0.0.0/20".to_owned()),
                    vec![(MarkKind::Vnet, Some("hub"), 1)],
                    vec![net("10.0.0.0/20")],
                ),
                (
                    (None, "192.168.0.0/16".to_owned()),
                    vec![(MarkKind::OnPremises, None, 0)],
                    vec![],
                ),
            ]
        );
    }

    /// tests/hostile, `plan-peered-overlaps`: every overlap names every VNet. Each track used to
    /// copy every overlapping range and each range every overlap message (8.8 GB in the page).
    #[test]
    fn four_hundred_peered_vnets_on_one_range_are_laid_out_within_the_bounds() {
        let mut plan = String::from(
            "kind: NetworkPlan\nvnets:\n  - name: hub\n    addressSpace: [\"10.0.0.0/16\"]\n",
        );
        for i in 0..400 {
            write!(
                plan,
                "  - name: spoke-{i:03}\n    addressSpace: [\"10.0.0.0/16\"]\n    peerings: [hub]\n"
            )
            .unwrap();
        }
        let report = report(&plan);
        let overlap_findings = report
            .findings
            .iter()
            .filter(|f| f.code == Code::CidrOverlap)
            .count();
        assert!(overlap_findings >= 400, "{overlap_findings}");
        let drawn = layout(&report);
        assert_eq!(drawn.tracks.len(), MAX_TRACKS);
        assert_eq!(drawn.hidden_spaces, 401 - MAX_TRACKS);
        for track in &drawn.tracks {
            assert_eq!(track.marks.len(), MAX_MARKS);
            assert_eq!(track.overlaps.len(), MAX_TRACK_OVERLAPS);
            for mark in &track.marks {
                assert_eq!(mark.overlaps.len(), MAX_MARK_NOTES);
                assert_eq!(mark.overlaps.len() + mark.more_overlaps, overlap_findings);
            }
        }
        assert_eq!(drawn.hidden_ranges, MAX_TRACKS * (400 - MAX_MARKS));
        assert!(drawn.hidden_overlaps > 0);
    }

    #[test]
    fn a_subnet_outside_its_vnet_is_laid_outside() {
        let plan = "kind: NetworkPlan\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.0/16\"]\n    subnets:\n      - {name: in, cidr: \"10.0.1.0/24\"}\n      - {name: out, cidr: \"10.9.0.0/24\"}\n";
        let tracks = layout(&report(plan)).tracks;
        let texts: Vec<Vec<&str>> = tracks
            .iter()
            .map(|t| t.marks.iter().map(|m| m.text.as_str()).collect())
            .collect();
        assert_eq!(texts, [vec!["10.0.1.0/24"], vec!["10.9.0.0/24"]]);
        assert_eq!(tracks[1].vnet, None);
    }

    /// AKS's defaults are marked so, wherever they are laid.
    #[test]
    fn defaults_are_marked() {
        let plan = "kind: NetworkPlan\ncluster:\n  networkPlugin: azure\n  subnet: v/aks\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.0/8\"]\n    subnets:\n      - {name: aks, cidr: \"10.240.0.0/16\"}\n";
        let tracks = layout(&report(plan)).tracks;
        let defaults: Vec<(MarkKind, bool)> = tracks
            .iter()
            .flat_map(|t| &t.marks)
            .map(|m| (m.kind, m.default))
            .collect();
        assert!(
            defaults.contains(&(MarkKind::Subnet, false)),
            "{defaults:?}"
        );
        assert!(
            defaults.contains(&(MarkKind::Service, true)),
            "{defaults:?}"
        );
        assert!(defaults.contains(&(MarkKind::DnsIp, true)), "{defaults:?}");
    }
}
