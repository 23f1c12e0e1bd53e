//! The address plan drawn: each VNet's address space as a bar with its subnets and the cluster's
//! ranges laid on it at their offset and size, overlaps hatched in place, and the VNet's free
//! blocks to split and join while looking for room.
//!
//! Every fact comes from the core's report: the ranges from the plan model, the overlaps from its
//! `cidr-overlap` findings, the free blocks from its free space. This module only places them.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use aksnet_core::Code;
use aksnet_core::plan::PlanReport;
use aksnet_core::plan::model::{AddressPlan, Cidr};
use aksnet_core::plan::ranges::{bounds, nth_address, overlaps, size, split};
use ipnet::IpNet;
use yew::prelude::*;

use crate::browser;
use crate::components::name::shortened;
use crate::i18n::{Lang, Text};
use crate::state::AppContext;

/// What a drawn range is; also its CSS class.
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

impl MarkKind {
    const fn class(self) -> &'static str {
        match self {
            MarkKind::Subnet => "subnet",
            MarkKind::Vnet => "vnet",
            MarkKind::OnPremises => "on-premises",
            MarkKind::Service => "service",
            MarkKind::Pod => "pod",
            MarkKind::DnsIp => "dns-ip",
            MarkKind::DockerBridge => "docker-bridge",
        }
    }
}

/// A range laid on a track.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub kind: MarkKind,
    /// What it is, in the page's language: "subnet myAKSSubnet".
    pub label: String,
    /// As written.
    pub text: String,
    pub net: IpNet,
    /// The messages of the first overlap findings that name this range (at most
    /// [`MAX_MARK_NOTES`]), shared by every track that draws it.
    pub overlaps: Rc<[String]>,
    /// How many more overlap findings name it.
    pub more_overlaps: usize,
    /// The VNet it belongs to, by index (VNet spaces and subnets).
    owner: Option<usize>,
}

/// Addresses two ranges share, with the finding that reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct Overlap {
    pub net: IpNet,
    pub message: Rc<str>,
}

/// One bar: a VNet's address space, or (outside every VNet) the largest of a group of ranges
/// that overlap each other, with what falls on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Track {
    pub title: String,
    /// The VNet whose space this is.
    pub vnet: Option<String>,
    pub space: IpNet,
    pub marks: Vec<Mark>,
    pub overlaps: Vec<Overlap>,
}

/// The tracks drawn, and what the bounds left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    pub tracks: Vec<Track>,
    pub hidden_spaces: usize,
    pub hidden_ranges: usize,
    pub hidden_overlaps: usize,
}

/// The most address spaces drawn, the most ranges and overlaps drawn on one, and the most overlap
/// messages a range's row repeats. A drawing of a thousand VNets helps nobody and would take the
/// page minutes to lay out; 400 peered VNets on one range give 800 overlaps, each naming every
/// one of them: past these bounds the rest is left to the findings and the sizing table, and said
/// so. Every step below is linear in the plan's ranges and findings.
const MAX_TRACKS: usize = 32;
const MAX_MARKS: usize = 64;
const MAX_TRACK_OVERLAPS: usize = 8;
const MAX_MARK_NOTES: usize = 3;

/// The tracks of a plan: one per VNet address space, then the ranges outside every VNet; at most
/// [`MAX_TRACKS`], each with at most [`MAX_MARKS`] ranges and [`MAX_TRACK_OVERLAPS`] overlaps.
pub fn tracks(report: &PlanReport, lang: Lang) -> Drawing {
    let t = lang.text();
    let plan = &report.plan;
    let found = overlap_findings(report, lang.into());
    let marks = with_notes(marks_of(plan, t), &found);
    let mut out = Drawing::default();
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
            let title = format!(
                "VNet {} {} {}",
                shortened(&vnet.name.value),
                t.address_space,
                cidr.text.trim()
            );
            let track = bounded_track(
                title,
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
    // drawn on its first, largest range.
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
            outside_track(&std::mem::take(&mut group), t, &found, &mut out);
        }
        group.push(mark);
    }
    if !group.is_empty() {
        outside_track(&group, t, &found, &mut out);
    }
    out
}

/// `marks` with the overlap findings that name each, at most [`MAX_MARK_NOTES`] of them.
fn with_notes(mut marks: Vec<Mark>, found: &[(Vec<String>, Overlap)]) -> Vec<Mark> {
    // The findings naming each range text, so that a range costs its own findings, not all.
    let mut naming: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, (texts, _)) in found.iter().enumerate() {
        for text in texts.iter().collect::<BTreeSet<_>>() {
            naming.entry(text.as_str()).or_default().push(index);
        }
    }
    // Ranges written alike share their notes: computed once per text.
    let mut notes: HashMap<String, (Rc<[String]>, usize)> = HashMap::new();
    for mark in &mut marks {
        let (shown, more) = notes
            .entry(mark.text.clone())
            .or_insert_with(|| {
                let named: Vec<&Overlap> = naming
                    .get(mark.text.as_str())
                    .into_iter()
                    .flatten()
                    .filter_map(|&i| found.get(i).map(|(_, o)| o))
                    .filter(|o| overlaps(&o.net, &mark.net))
                    .collect();
                let shown: Rc<[String]> = named
                    .iter()
                    .take(MAX_MARK_NOTES)
                    .map(|o| o.message.to_string())
                    .collect();
                let more = named.len() - shown.len();
                (shown, more)
            })
            .clone();
        mark.overlaps = shown;
        mark.more_overlaps = more;
    }
    marks
}

fn outside_track(marks: &[Mark], t: &Text, found: &[(Vec<String>, Overlap)], out: &mut Drawing) {
    if out.tracks.len() == MAX_TRACKS {
        out.hidden_spaces += 1;
        return;
    }
    let space = marks.first().map_or_else(IpNet::default, |m| m.net);
    let title = format!("{}: {space}", t.map_outside);
    let track = bounded_track(title, None, space, "", marks.iter(), found, out);
    out.tracks.push(track);
}

/// A track with at most [`MAX_MARKS`] of `marks` and [`MAX_TRACK_OVERLAPS`] of the overlaps
/// that fall on its space and name its space or one of its marks; what is left out is counted in
/// `out`.
fn bounded_track<'m>(
    title: String,
    vnet: Option<String>,
    space: IpNet,
    space_text: &str,
    marks: impl Iterator<Item = &'m Mark>,
    found: &[(Vec<String>, Overlap)],
    out: &mut Drawing,
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
    for (names, overlap) in found {
        if overlaps(&overlap.net, &space) && names.iter().any(|n| texts.contains(n.as_str())) {
            if overlaps_drawn.len() < MAX_TRACK_OVERLAPS {
                overlaps_drawn.push(overlap.clone());
            } else {
                out.hidden_overlaps += 1;
            }
        }
    }
    Track {
        title,
        vnet,
        space,
        marks: drawn,
        overlaps: overlaps_drawn,
    }
}

/// The core's `cidr-overlap` findings as the ranges they name and the addresses shared.
fn overlap_findings(report: &PlanReport, lang: aksnet_core::Lang) -> Vec<(Vec<String>, Overlap)> {
    report
        .findings
        .iter()
        .filter(|f| f.code == Code::CidrOverlap)
        .filter_map(|f| {
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
            overlaps(a, b).then(|| {
                (
                    f.ranges.iter().map(|r| r.trim().to_owned()).collect(),
                    Overlap {
                        net: *shared,
                        message: Rc::from(f.message_in(lang)),
                    },
                )
            })
        })
        .collect()
}

/// Every range of the plan that can fall on a VNet's space.
fn marks_of(plan: &AddressPlan, t: &Text) -> Vec<Mark> {
    let mark = |kind, label: String, cidr: &Cidr, owner| {
        let label = if cidr.default {
            format!("{label} ({})", t.aks_default)
        } else {
            label
        };
        cidr.network().map(|net| Mark {
            kind,
            label,
            text: cidr.text.trim().to_owned(),
            net,
            overlaps: Rc::from([]),
            more_overlaps: 0,
            owner,
        })
    };
    let mut out = Vec::new();
    for (index, vnet) in plan.vnets.iter().enumerate() {
        out.extend(vnet.address_space.iter().filter_map(|c| {
            mark(
                MarkKind::Vnet,
                format!("VNet {}", shortened(&vnet.name.value)),
                c,
                Some(index),
            )
        }));
        out.extend(vnet.subnets.iter().filter_map(|s| {
            mark(
                MarkKind::Subnet,
                format!("{} {}", t.subnet, shortened(&s.name.value)),
                &s.cidr,
                Some(index),
            )
        }));
    }
    out.extend(
        plan.on_premises
            .iter()
            .filter_map(|c| mark(MarkKind::OnPremises, t.on_premises.to_owned(), c, None)),
    );
    if let Some(cluster) = &plan.cluster {
        out.extend(
            cluster
                .service_cidrs
                .iter()
                .filter_map(|c| mark(MarkKind::Service, t.service_cidr.to_owned(), c, None)),
        );
        out.extend(
            cluster
                .pod_cidrs
                .iter()
                .filter_map(|c| mark(MarkKind::Pod, t.pod_cidr.to_owned(), c, None)),
        );
        out.extend(
            cluster
                .docker_bridge
                .iter()
                .filter_map(|c| mark(MarkKind::DockerBridge, t.docker_bridge.to_owned(), c, None)),
        );
        if let Some(dns) = &cluster.dns_service_ip
            && let Some(ip) = dns.ip
        {
            let label = if dns.default {
                format!("{} ({})", t.dns_service_ip, t.aks_default)
            } else {
                t.dns_service_ip.to_owned()
            };
            out.push(Mark {
                kind: MarkKind::DnsIp,
                label,
                text: dns.text.trim().to_owned(),
                net: IpNet::from(ip),
                overlaps: Rc::from([]),
                more_overlaps: 0,
                owner: None,
            });
        }
    }
    out
}

/// A free block as shown: the core's block, or a half of one the user split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FreeBlock {
    pub net: IpNet,
    /// The block it was split from: joining brings that back.
    pub parent: Option<IpNet>,
}

/// The free blocks with every block in `is_split` replaced by its two halves, in address order.
pub fn shown_blocks(base: &[IpNet], is_split: impl Fn(&IpNet) -> bool) -> Vec<FreeBlock> {
    let mut out = Vec::new();
    let mut pending: Vec<FreeBlock> = base
        .iter()
        .rev()
        .map(|&net| FreeBlock { net, parent: None })
        .collect();
    while let Some(block) = pending.pop() {
        match split(&block.net).filter(|_| is_split(&block.net)) {
            Some((low, high)) => {
                pending.push(FreeBlock {
                    net: high,
                    parent: Some(block.net),
                });
                pending.push(FreeBlock {
                    net: low,
                    parent: Some(block.net),
                });
            }
            None => out.push(block),
        }
    }
    out
}

/// `1234567` as `1,234,567`.
pub fn grouped(count: u128) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[derive(Properties)]
pub struct AddressMapProps {
    pub report: Rc<PlanReport>,
}

impl PartialEq for AddressMapProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

/// Blocks the user split, by VNet name: a planning aid kept by the page, not written to the plan.
type SplitBlocks = BTreeSet<(String, IpNet)>;

/// The drawings, one per VNet address space and one per group of ranges outside every VNet, each
/// VNet followed by its free blocks.
#[function_component(AddressMap)]
pub fn address_map(props: &AddressMapProps) -> Html {
    let state =
        use_context::<AppContext>().expect("AddressMap is rendered inside the AppContext provider");
    let t = state.lang.text();
    let split_blocks = use_state(SplitBlocks::new);
    // The block whose buttons take the focus after a split or a join (the clicked button is gone).
    let focus = use_state(|| (0u32, None::<(String, IpNet)>));
    use_effect_with((*focus).clone(), |(_, block)| {
        if let Some((vnet, net)) = block {
            browser::focus(&format!(
                "[data-testid='free-block'][data-vnet='{vnet}'][data-cidr='{net}'] button"
            ));
        }
    });
    // The outcome of the last copy, by the VNet whose block was copied.
    let copied = use_state(|| None::<(String, bool)>);
    let Drawing {
        tracks,
        hidden_spaces,
        hidden_ranges,
        hidden_overlaps,
    } = tracks(&props.report, state.lang);
    let mut html_out = Vec::new();
    for (index, track) in tracks.iter().enumerate() {
        html_out.push(track_html(index, track, &props.report, &split_blocks, t));
        // A VNet's free blocks follow its last address space.
        let Some(vnet) = track.vnet.as_deref() else {
            continue;
        };
        let last_of_vnet = !tracks
            .iter()
            .skip(index + 1)
            .any(|other| other.vnet.as_deref() == Some(vnet));
        if last_of_vnet {
            html_out.push(free_blocks_html(
                vnet,
                &props.report,
                &split_blocks,
                &focus,
                &copied,
                t,
            ));
        }
    }
    if tracks.is_empty() {
        return Html::default();
    }
    html! {
        <section class="address-plan" data-testid="address-plan" aria-labelledby="address-plan-head">
            <h2 id="address-plan-head">{ t.address_plan }</h2>
            { for html_out }
            if hidden_spaces + hidden_ranges + hidden_overlaps > 0 {
                <p class="hint" data-testid="map-truncated">
                    { t.map_truncated.replace("{spaces}", &hidden_spaces.to_string()).replace("{ranges}", &hidden_ranges.to_string())
                        .replace("{overlaps}", &hidden_overlaps.to_string()) }
                </p>
            }
        </section>
    }
}

/// The free blocks of the VNet named `vnet`, as the split state shows them.
fn vnet_blocks(report: &PlanReport, vnet: &str, split_blocks: &SplitBlocks) -> Vec<FreeBlock> {
    let base: Vec<IpNet> = report
        .free_space
        .iter()
        .filter(|f| f.vnet == vnet)
        .flat_map(|f| f.blocks.iter().filter_map(|b| b.parse().ok()))
        .collect();
    shown_blocks(&base, |net| split_blocks.contains(&(vnet.to_owned(), *net)))
}

// Drawing geometry, in the SVG's own units.
const WIDTH: f64 = 600.0;
const ROW: f64 = 30.0;
const BAR_TOP: f64 = 15.0;
const BAR_HEIGHT: f64 = 11.0;
/// The narrowest a range is drawn, so a /24 in a /8 is still seen.
const MIN_WIDTH: f64 = 4.0;
/// Ranges drawn narrower than this also get a pin under their bar.
const PIN_BELOW: f64 = 10.0;

/// Where `net` (clipped to `space`) lies along the bar: `(x, width)`.
#[allow(clippy::cast_precision_loss)] // Drawing positions need far less than f64's precision.
fn extent(space: &IpNet, net: &IpNet) -> (f64, f64) {
    let (_, space_first, space_last) = bounds(space);
    let (_, first, last) = bounds(net);
    let (first, last) = (first.max(space_first), last.min(space_last));
    let span = (space_last - space_first) as f64 + 1.0;
    let x = first.saturating_sub(space_first) as f64 / span * WIDTH;
    let width = ((last.saturating_sub(first) as f64 + 1.0) / span * WIDTH).clamp(MIN_WIDTH, WIDTH);
    (x.min(WIDTH - width), width)
}

fn first_and_last(net: &IpNet) -> (String, String) {
    let address = |offset| {
        nth_address(net, offset)
            .map(|a| a.to_string())
            .unwrap_or_default()
    };
    (address(0), address(size(net).saturating_sub(1)))
}

fn size_text(net: &IpNet, t: &Text) -> String {
    t.addresses.replace("{count}", &grouped(size(net)))
}

fn track_html(
    index: usize,
    track: &Track,
    report: &PlanReport,
    split_blocks: &SplitBlocks,
    t: &Text,
) -> Html {
    let hatch = format!("hatch-{index}");
    let free: Vec<FreeBlock> = track.vnet.as_deref().map_or_else(Vec::new, |vnet| {
        vnet_blocks(report, vnet, split_blocks)
            .into_iter()
            .filter(|b| overlaps(&b.net, &track.space))
            .collect()
    });
    let mark_rows = track.marks.len();
    let free_row = usize::from(!free.is_empty());
    let rows = 1 + mark_rows + free_row + track.overlaps.len();
    let height = row_top(rows) + 18.0;
    let summary = t
        .map_summary
        .replace("{space}", &track.title)
        .replace("{ranges}", &track.marks.len().to_string())
        .replace("{overlaps}", &track.overlaps.len().to_string());
    let (first, last) = first_and_last(&track.space);
    let bar = |row: usize, net: &IpNet, class: &str, tooltip: String| {
        bar_html(&track.space, row, net, class, tooltip)
    };
    let describe = |name: &str, net: &IpNet| {
        let (first, last) = first_and_last(net);
        format!("{name}: {first} – {last} ({})", size_text(net, t))
    };
    let space_row = html! {
        <g class="row space">
            { label_html(0, format!("{} · {}", track.title, size_text(&track.space, t)), "label") }
            { bar(0, &track.space, "bar space", describe(&track.title, &track.space)) }
        </g>
    };
    let mark_html = track.marks.iter().enumerate().map(|(i, mark)| {
        let row = i + 1;
        let overlapping = !mark.overlaps.is_empty();
        let text = if overlapping {
            format!("{} {} ⚠ {}", mark.label, mark.text, t.overlap)
        } else {
            format!("{} {}", mark.label, mark.text)
        };
        let class = classes!("bar", mark.kind.class(), overlapping.then_some("overlapping"));
        html! {
            <g class="row" data-kind={mark.kind.class()}>
                { label_html(row, text, "label") }
                <rect class="lane" x="0" y={format!("{:.1}", row_top(row) + BAR_TOP)} width={WIDTH.to_string()} height={BAR_HEIGHT.to_string()} />
                { bar(row, &mark.net, &class.to_string(), describe(&format!("{} {}", mark.label, mark.text), &mark.net)) }
            </g>
        }
    });
    let free_html = (!free.is_empty()).then(|| {
        let row = 1 + mark_rows;
        html! {
            <g class="row free-row">
                { label_html(row, format!("{} ({})", t.free, free.len()), "label") }
                { for free.iter().map(|b| bar(row, &b.net, "bar free", format!("{} {}: {}", t.free, b.net, size_text(&b.net, t)))) }
            </g>
        }
    });
    let overlap_html =
        track.overlaps.iter().enumerate().map(|(i, overlap)| {
            overlap_html(track, overlap, &hatch, 1 + mark_rows + free_row + i, t)
        });
    html! {
        <figure class="address-map" data-testid="address-map" data-space={track.space.to_string()}
            data-vnet={track.vnet.clone()}>
            <svg class="map" role="img" aria-label={summary.clone()} viewBox={format!("0 0 {WIDTH} {height:.0}")}
                preserveAspectRatio="xMinYMin meet">
                <title>{ summary }</title>
                <defs>
                    <pattern id={hatch.clone()} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                        <line class="hatch-line" x1="0" y1="0" x2="0" y2="6" />
                    </pattern>
                </defs>
                { space_row }
                { for mark_html }
                { for free_html }
                { for overlap_html }
                <text class="axis" x="0" y={format!("{:.1}", height - 4.0)}>{ first }</text>
                <text class="axis" x={WIDTH.to_string()} y={format!("{:.1}", height - 4.0)} text-anchor="end">{ last }</text>
            </svg>
            { ranges_table(track, t) }
        </figure>
    }
}

fn row_top(row: usize) -> f64 {
    f64::from(u32::try_from(row).unwrap_or(u32::MAX)) * ROW
}

fn label_html(row: usize, text: String, class: &'static str) -> Html {
    html! { <text class={class} x="0" y={format!("{:.1}", row_top(row) + 11.0)}>{ text }</text> }
}

/// `net` drawn on `space`'s bar in row `row`, with its tooltip; a narrow one gets a pin under it.
fn bar_html(space: &IpNet, row: usize, net: &IpNet, class: &str, tooltip: String) -> Html {
    let (x, width) = extent(space, net);
    let bottom = row_top(row) + BAR_TOP + BAR_HEIGHT;
    let middle = x + width / 2.0;
    html! {
        <>
            <rect class={class.to_owned()} x={format!("{x:.2}")} y={format!("{:.1}", row_top(row) + BAR_TOP)}
                width={format!("{width:.2}")} height={BAR_HEIGHT.to_string()}>
                <title>{ tooltip.clone() }</title>
            </rect>
            if width < PIN_BELOW {
                <path class={format!("pin {class}")} d={format!("M{middle:.2} {bottom:.1} l-3.5 4 h7 z")}>
                    <title>{ tooltip }</title>
                </path>
            }
        </>
    }
}

/// The shared addresses hatched on the space's bar and on every range's lane, then said in words
/// in row `text_row`.
fn overlap_html(track: &Track, overlap: &Overlap, hatch: &str, text_row: usize, t: &Text) -> Html {
    let (x, width) = extent(&track.space, &overlap.net);
    let title = format!("{}: {}", t.overlap, overlap.message);
    html! {
        <g class="overlap" data-testid="map-overlap" data-cidr={overlap.net.to_string()}>
            { for (0..=track.marks.len()).map(|row| html! {
                <rect class="overlap-area" x={format!("{x:.2}")} y={format!("{:.1}", row_top(row) + BAR_TOP)}
                    width={format!("{width:.2}")} height={BAR_HEIGHT.to_string()} fill={format!("url(#{hatch})")}>
                    <title>{ title.clone() }</title>
                </rect>
            }) }
            { label_html(text_row, format!("⚠ {title}"), "label overlap-text") }
        </g>
    }
}

/// The drawing as a table, for screen readers.
fn ranges_table(track: &Track, t: &Text) -> Html {
    let row = |what: &str, text: &str, net: &IpNet, note: String| {
        let (first, last) = first_and_last(net);
        html! {
            <tr><td>{ what.to_owned() }</td><td>{ text.to_owned() }</td><td>{ first }</td><td>{ last }</td><td>{ note }</td></tr>
        }
    };
    html! {
        <table class="visually-hidden">
            <caption>{ t.map_table_caption.replace("{space}", &track.title) }</caption>
            <thead><tr>
                <th scope="col">{ t.what }</th><th scope="col">{ t.range }</th><th scope="col">{ t.first_address }</th>
                <th scope="col">{ t.last_address }</th><th scope="col">{ t.note }</th>
            </tr></thead>
            <tbody>
                { row(&track.title, "", &track.space, size_text(&track.space, t)) }
                { for track.marks.iter().map(|m| row(&m.label, &m.text, &m.net, mark_note(m, t))) }
            </tbody>
        </table>
    }
}

/// A range's overlaps in words, for the table.
fn mark_note(mark: &Mark, t: &Text) -> String {
    let mut notes: Vec<String> = mark
        .overlaps
        .iter()
        .map(|o| format!("{}: {o}", t.overlap))
        .collect();
    if mark.more_overlaps > 0 {
        notes.push(
            t.more_overlaps
                .replace("{count}", &mark.more_overlaps.to_string()),
        );
    }
    notes.join("; ")
}

fn free_blocks_html(
    vnet: &str,
    report: &PlanReport,
    split_blocks: &UseStateHandle<SplitBlocks>,
    focus: &UseStateHandle<(u32, Option<(String, IpNet)>)>,
    copied: &UseStateHandle<Option<(String, bool)>>,
    t: &Text,
) -> Html {
    let blocks = vnet_blocks(report, vnet, split_blocks);
    let heading = t.free_blocks.replace("{vnet}", vnet);
    let move_focus = |to: IpNet| {
        let focus = focus.clone();
        let vnet = vnet.to_owned();
        move || focus.set((focus.0.wrapping_add(1), Some((vnet.clone(), to))))
    };
    let block_html = |block: &FreeBlock| {
        let cidr = block.net.to_string();
        let halves = split(&block.net);
        let on_split = halves.map(|(low, _)| {
            let (split_blocks, key, focus) = (
                split_blocks.clone(),
                (vnet.to_owned(), block.net),
                move_focus(low),
            );
            Callback::from(move |_: MouseEvent| {
                let mut next = (*split_blocks).clone();
                next.insert(key.clone());
                split_blocks.set(next);
                focus();
            })
        });
        let on_join = block.parent.map(|parent| {
            let (split_blocks, vnet, focus) =
                (split_blocks.clone(), vnet.to_owned(), move_focus(parent));
            Callback::from(move |_: MouseEvent| {
                let mut next = (*split_blocks).clone();
                // The parent and any block split inside it.
                next.retain(|(v, net)| !(*v == vnet && parent.contains(net)));
                split_blocks.set(next);
                focus();
            })
        });
        let on_copy = {
            let (copied, cidr, vnet) = (copied.clone(), cidr.clone(), vnet.to_owned());
            Callback::from(move |_: MouseEvent| {
                let (copied, cidr, vnet) = (copied.clone(), cidr.clone(), vnet.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let done = browser::copy_text(&cidr).await;
                    copied.set(Some((vnet, done)));
                });
            })
        };
        html! {
            <li class="free-block" data-testid="free-block" data-cidr={cidr.clone()} data-vnet={vnet.to_owned()}>
                <code class="cidr">{ &cidr }</code>
                <span class="size">{ size_text(&block.net, t) }</span>
                if let Some(onclick) = on_split {
                    <button data-testid="split-block" aria-label={t.split_label.replace("{cidr}", &cidr)} {onclick}>{ t.split }</button>
                }
                if let (Some(onclick), Some(parent)) = (on_join, block.parent) {
                    <button data-testid="join-block" aria-label={t.join_label.replace("{cidr}", &cidr).replace("{parent}", &parent.to_string())}
                        {onclick}>{ t.join }</button>
                }
                <button data-testid="copy-block" aria-label={t.copy_block_label.replace("{cidr}", &cidr)} onclick={on_copy}>{ t.copy }</button>
            </li>
        }
    };
    let message = match &**copied {
        Some((copied_in, true)) if copied_in == vnet => t.copied,
        Some((copied_in, false)) if copied_in == vnet => t.copy_refused,
        _ => "",
    };
    html! {
        <section class="free-blocks" data-testid="free-blocks" data-vnet={vnet.to_owned()} aria-label={heading.clone()}>
            <h3>{ heading }</h3>
            if blocks.is_empty() {
                <p class="empty">{ t.no_free_blocks }</p>
            } else {
                <p class="hint">{ t.free_blocks_hint }</p>
                <ul>{ for blocks.iter().map(block_html) }</ul>
            }
            <p class="outcome" role="status">{ message }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use aksnet_core::SourceFile;
    use aksnet_core::plan::check_plan;

    use super::*;

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    const WALKTHROUGH: &str =
        include_str!("../../../static/examples/network-policy-walkthrough.sh");

    #[test]
    fn the_walkthrough_draws_the_service_cidr_overlapping_its_vnet() {
        let report = check_plan(&SourceFile::new("plan", WALKTHROUGH), 0);
        let tracks = tracks(&report, Lang::En).tracks;
        let titles: Vec<&str> = tracks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "VNet myVnet address space 10.0.0.0/8",
                "Outside every VNet: 172.17.0.0/16"
            ]
        );
        let vnet = &tracks[0];
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
        assert_eq!(vnet.overlaps.len(), 1);
        assert_eq!(vnet.overlaps[0].net, net("10.0.0.0/16"));
        assert_eq!(
            &*vnet.overlaps[0].message,
            "service CIDR 10.0.0.0/16 overlaps VNet myVnet 10.0.0.0/8"
        );
        // The Docker bridge lies in no VNet and overlaps nothing.
        assert_eq!(tracks[1].marks[0].kind, MarkKind::DockerBridge);
        assert!(tracks[1].overlaps.is_empty());
    }

    #[test]
    fn the_corrected_walkthrough_draws_no_overlap() {
        let report = check_plan(&SourceFile::new("plan", WALKTHROUGH), 0);
        // Its only fix moves a range (unsafe): asked for, as the Plan tab's checkbox does.
        let corrected = report
            .corrected_with(WALKTHROUGH, aksnet_core::Applicability::Unsafe)
            .unwrap();
        let report = check_plan(&SourceFile::new("plan", corrected), 0);
        let tracks = tracks(&report, Lang::En).tracks;
        assert!(tracks.iter().all(|t| t.overlaps.is_empty()));
        assert!(
            tracks
                .iter()
                .flat_map(|t| &t.marks)
                .all(|m| m.overlaps.is_empty())
        );
        // The service CIDR and its DNS IP moved out of the VNet, into one outside group.
        let outside: Vec<(&str, Vec<&str>)> = tracks
            .iter()
            .filter(|t| t.vnet.is_none())
            .map(|t| {
                (
                    t.title.as_str(),
                    t.marks.iter().map(|m| m.text.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            outside,
            [
                (
                    "Outside every VNet: 172.16.0.0/16",
                    vec!["172.16.0.0/16", "172.16.0.10"]
                ),
                ("Outside every VNet: 172.17.0.0/16", vec!["172.17.0.1/16"]),
            ]
        );
    }

    #[test]
    fn peered_vnets_and_subnets_that_overlap_are_drawn_on_each_space() {
        let plan = "kind: NetworkPlan\nvnets:\n  - name: hub\n    addressSpace: [\"10.0.0.0/16\"]\n    peerings: [spoke]\n    subnets:\n      - {name: a, cidr: \"10.0.1.0/24\"}\n      - {name: b, cidr: \"10.0.1.0/25\"}\n  - name: spoke\n    addressSpace: [\"10.0.0.0/20\"]\nonPremises: [\"192.168.0.0/16\"]\n";
        let report = check_plan(&SourceFile::new("p.yaml", plan), 0);
        let tracks = tracks(&report, Lang::En).tracks;
        let drawn = tracks
            .iter()
            .map(|t| {
                (
                    t.title.as_str(),
                    t.marks
                        .iter()
                        .map(|m| (m.label.as_str(), m.overlaps.len()))
                        .collect::<Vec<_>>(),
                    t.overlaps.iter().map(|o| o.net).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>();
        assert_eq!(
            drawn,
            [
                (
                    "VNet hub address space 10.0.0.0/16",
                    vec![("subnet a", 1), ("subnet b", 1), ("VNet spoke", 1)],
                    vec![net("10.0.0.0/20"), net("10.0.1.0/25")],
                ),
                // The hub's subnets are not drawn on the spoke, nor is their overlap.
                (
                    "VNet spoke address space 10.0.0.0/20",
                    vec![("VNet hub", 1)],
                    vec![net("10.0.0.0/20")],
                ),
                (
                    "Outside every VNet: 192.168.0.0/16",
                    vec![("on-premises network", 0)],
                    vec![],
                ),
            ]
        );
    }

    /// tests/hostile, `plan-peered-overlaps`: every overlap names every VNet. Each track used to
    /// copy every overlapping range and each range every overlap message (8.8 GB in the page).
    #[test]
    fn four_hundred_peered_vnets_on_one_range_are_drawn_within_the_bounds() {
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
        let report = check_plan(&SourceFile::new("p.yaml", plan), 0);
        let overlap_findings = report
            .findings
            .iter()
            .filter(|f| f.code == Code::CidrOverlap)
            .count();
        assert!(overlap_findings >= 400, "{overlap_findings}");
        let drawn = tracks(&report, Lang::En);
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
    fn a_subnet_outside_its_vnet_is_drawn_outside() {
        let plan = "kind: NetworkPlan\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.0/16\"]\n    subnets:\n      - {name: in, cidr: \"10.0.1.0/24\"}\n      - {name: out, cidr: \"10.9.0.0/24\"}\n";
        let report = check_plan(&SourceFile::new("p.yaml", plan), 0);
        let tracks = tracks(&report, Lang::En).tracks;
        let texts: Vec<Vec<&str>> = tracks
            .iter()
            .map(|t| t.marks.iter().map(|m| m.text.as_str()).collect())
            .collect();
        assert_eq!(texts, [vec!["10.0.1.0/24"], vec!["10.9.0.0/24"]]);
        assert_eq!(tracks[1].vnet, None);
    }

    #[test]
    fn split_blocks_show_their_halves_and_joining_is_forgetting_the_split() {
        let base = [net("10.0.0.0/9"), net("10.128.0.0/10")];
        let shown = |split: &[&str]| -> Vec<(String, Option<String>)> {
            let split: Vec<IpNet> = split.iter().map(|s| net(s)).collect();
            shown_blocks(&base, |n| split.contains(n))
                .iter()
                .map(|b| (b.net.to_string(), b.parent.map(|p| p.to_string())))
                .collect()
        };
        let unsplit = shown(&[]);
        assert_eq!(
            unsplit,
            [
                ("10.0.0.0/9".to_owned(), None),
                ("10.128.0.0/10".to_owned(), None)
            ]
        );
        let parent = Some("10.0.0.0/9".to_owned());
        let quarter = Some("10.0.0.0/10".to_owned());
        assert_eq!(
            shown(&["10.0.0.0/9", "10.0.0.0/10"]),
            [
                ("10.0.0.0/11".to_owned(), quarter.clone()),
                ("10.32.0.0/11".to_owned(), quarter),
                ("10.64.0.0/10".to_owned(), parent),
                ("10.128.0.0/10".to_owned(), None),
            ]
        );
        // A /32 has no halves.
        assert_eq!(
            shown_blocks(&[net("10.0.0.1/32")], |_| true),
            [FreeBlock {
                net: net("10.0.0.1/32"),
                parent: None
            }]
        );
    }

    #[test]
    fn drawing_places_ranges_at_their_offset_with_a_visible_minimum() {
        let space = net("10.0.0.0/8");
        let whole = |(x, width): (f64, f64)| x.abs() < 1e-9 && (width - WIDTH).abs() < 1e-9;
        assert!(whole(extent(&space, &space)));
        let (x, width) = extent(&space, &net("10.128.0.0/9"));
        assert!((x - WIDTH / 2.0).abs() < 1e-9 && (width - WIDTH / 2.0).abs() < 1e-9);
        let (x, width) = extent(&space, &net("10.255.255.0/24"));
        assert!((width - MIN_WIDTH).abs() < 1e-9 && (x + width - WIDTH).abs() < 1e-9);
        // Clipped to the space.
        assert!(whole(extent(&net("10.0.0.0/9"), &space)));
        assert_eq!(grouped(16_777_216), "16,777,216");
        assert_eq!(grouped(256), "256");
    }
}
