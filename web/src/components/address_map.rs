//! The address plan drawn: each VNet's address space as a bar with its subnets and the cluster's
//! ranges laid on it at their offset and size, overlaps hatched in place, and the VNet's free
//! blocks to split and join while looking for room.
//!
//! What falls on which bar, how outside ranges group and where they overlap is the core's
//! layout (`aksnet_core::plan::layout`); the free blocks are the core's free space. This module
//! words, places and draws them.

use std::collections::BTreeSet;
use std::rc::Rc;

use aksnet_core::plan::PlanReport;
use aksnet_core::plan::layout::{self, Layout, Mark, MarkKind, Overlap, Track};
use aksnet_core::plan::ranges::{bounds, nth_address, overlaps, size, split};
use ipnet::IpNet;
use yew::prelude::*;

use crate::browser;
use crate::components::name::shortened;
use crate::i18n::{Lang, Text};
use crate::state::AppContext;

/// A drawn range's CSS class.
const fn kind_class(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Subnet => "subnet",
        MarkKind::Vnet => "vnet",
        MarkKind::OnPremises => "on-premises",
        MarkKind::Service => "service",
        MarkKind::Pod => "pod",
        MarkKind::DnsIp => "dns-ip",
        MarkKind::DockerBridge => "docker-bridge",
    }
}

/// What a range is, in the page's language: "subnet myAKSSubnet".
fn label(mark: &Mark, t: &Text) -> String {
    let name = || shortened(mark.name.as_deref().unwrap_or_default());
    let label = match mark.kind {
        MarkKind::Vnet => format!("VNet {}", name()),
        MarkKind::Subnet => format!("{} {}", t.subnet, name()),
        MarkKind::OnPremises => t.on_premises.to_owned(),
        MarkKind::Service => t.service_cidr.to_owned(),
        MarkKind::Pod => t.pod_cidr.to_owned(),
        MarkKind::DockerBridge => t.docker_bridge.to_owned(),
        MarkKind::DnsIp => t.dns_service_ip.to_owned(),
    };
    if mark.default {
        format!("{label} ({})", t.aks_default)
    } else {
        label
    }
}

/// A bar's title: "VNet myVnet address space 10.0.0.0/8", "Outside every VNet: 172.17.0.0/16".
fn title(track: &Track, t: &Text) -> String {
    match &track.vnet {
        Some(vnet) => format!(
            "VNet {} {} {}",
            shortened(vnet),
            t.address_space,
            track.space_text
        ),
        None => format!("{}: {}", t.map_outside, track.space),
    }
}

/// The message of the report's finding at `index`, in `lang`.
fn message(report: &PlanReport, index: usize, lang: Lang) -> String {
    report
        .findings
        .get(index)
        .map(|f| f.message_in(lang.into()).to_owned())
        .unwrap_or_default()
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
    let Layout {
        tracks,
        hidden_spaces,
        hidden_ranges,
        hidden_overlaps,
    } = layout::layout(&props.report);
    let mut html_out = Vec::new();
    for (index, track) in tracks.iter().enumerate() {
        html_out.push(track_html(
            index,
            track,
            &props.report,
            &split_blocks,
            state.lang,
        ));
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
        .flat_map(|f| f.blocks.iter().copied())
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
    lang: Lang,
) -> Html {
    let t = lang.text();
    let title = title(track, t);
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
        .replace("{space}", &title)
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
            { label_html(0, format!("{} · {}", title, size_text(&track.space, t)), "label") }
            { bar(0, &track.space, "bar space", describe(&title, &track.space)) }
        </g>
    };
    let mark_html = track.marks.iter().enumerate().map(|(i, mark)| {
        let row = i + 1;
        let overlapping = !mark.overlaps.is_empty();
        let label = label(mark, t);
        let text = if overlapping {
            format!("{} {} ⚠ {}", label, mark.text, t.overlap)
        } else {
            format!("{} {}", label, mark.text)
        };
        let class = classes!("bar", kind_class(mark.kind), overlapping.then_some("overlapping"));
        html! {
            <g class="row" data-kind={kind_class(mark.kind)}>
                { label_html(row, text, "label") }
                <rect class="lane" x="0" y={format!("{:.1}", row_top(row) + BAR_TOP)} width={WIDTH.to_string()} height={BAR_HEIGHT.to_string()} />
                { bar(row, &mark.net, &class.to_string(), describe(&format!("{} {}", label, mark.text), &mark.net)) }
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
    let overlap_html = track.overlaps.iter().enumerate().map(|(i, overlap)| {
        let said = message(report, overlap.finding, lang);
        overlap_html(
            track,
            overlap,
            &said,
            &hatch,
            1 + mark_rows + free_row + i,
            t,
        )
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
            { ranges_table(track, &title, report, lang) }
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
/// `said` is the overlap's finding's message.
fn overlap_html(
    track: &Track,
    overlap: &Overlap,
    said: &str,
    hatch: &str,
    text_row: usize,
    t: &Text,
) -> Html {
    let (x, width) = extent(&track.space, &overlap.net);
    let title = format!("{}: {said}", t.overlap);
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
fn ranges_table(track: &Track, title: &str, report: &PlanReport, lang: Lang) -> Html {
    let t = lang.text();
    let row = |what: &str, text: &str, net: &IpNet, note: String| {
        let (first, last) = first_and_last(net);
        html! {
            <tr><td>{ what.to_owned() }</td><td>{ text.to_owned() }</td><td>{ first }</td><td>{ last }</td><td>{ note }</td></tr>
        }
    };
    html! {
        <table class="visually-hidden">
            <caption>{ t.map_table_caption.replace("{space}", title) }</caption>
            <thead><tr>
                <th scope="col">{ t.what }</th><th scope="col">{ t.range }</th><th scope="col">{ t.first_address }</th>
                <th scope="col">{ t.last_address }</th><th scope="col">{ t.note }</th>
            </tr></thead>
            <tbody>
                { row(title, "", &track.space, size_text(&track.space, t)) }
                { for track.marks.iter().map(|m| row(&label(m, t), &m.text, &m.net, mark_note(m, report, lang))) }
            </tbody>
        </table>
    }
}

/// A range's overlaps in words, for the table.
fn mark_note(mark: &Mark, report: &PlanReport, lang: Lang) -> String {
    let t = lang.text();
    let mut notes: Vec<String> = mark
        .overlaps
        .iter()
        .map(|&finding| format!("{}: {}", t.overlap, message(report, finding, lang)))
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
    use super::*;

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    /// Issue 15: the component draws the core's layout; it reads no plan model, no finding's
    /// range texts and parses no range back from text.
    #[test]
    fn the_component_holds_no_model() {
        let source = include_str!("address_map.rs");
        let code = source.split("#[cfg(test)]").next().unwrap();
        for analysis in [
            "plan::model",
            ".ranges",
            "parse::<IpNet>",
            ".parse()",
            "Code::",
        ] {
            assert!(!code.contains(analysis), "{analysis}");
        }
    }

    /// The core lays the ranges out; the page words them: titles and labels in its language.
    #[test]
    fn tracks_and_ranges_are_worded_in_the_page_language() {
        let mark = |kind, name: Option<&str>, default| Mark {
            kind,
            name: name.map(str::to_owned),
            default,
            text: "10.0.0.0/16".to_owned(),
            net: net("10.0.0.0/16"),
            overlaps: Vec::new(),
            more_overlaps: 0,
            owner: None,
        };
        let t = Lang::En.text();
        assert_eq!(
            label(&mark(MarkKind::Subnet, Some("myAKSSubnet"), false), t),
            "subnet myAKSSubnet"
        );
        assert_eq!(
            label(&mark(MarkKind::Vnet, Some("hub"), false), t),
            "VNet hub"
        );
        assert_eq!(
            label(&mark(MarkKind::OnPremises, None, false), t),
            "on-premises network"
        );
        assert_eq!(
            label(&mark(MarkKind::Service, None, true), t),
            format!("{} ({})", t.service_cidr, t.aks_default)
        );
        let track = |vnet: Option<&str>, space_text: &str| Track {
            vnet: vnet.map(str::to_owned),
            space_text: space_text.to_owned(),
            space: net("172.17.0.0/16"),
            marks: Vec::new(),
            overlaps: Vec::new(),
        };
        assert_eq!(
            title(&track(Some("myVnet"), "10.0.0.0/8"), t),
            "VNet myVnet address space 10.0.0.0/8"
        );
        assert_eq!(
            title(&track(None, ""), t),
            "Outside every VNet: 172.17.0.0/16"
        );
        assert_ne!(
            title(&track(None, ""), Lang::Ja.text()),
            title(&track(None, ""), t)
        );
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
