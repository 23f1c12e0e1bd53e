use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::analysis::{Changes, PolicyReport};
use crate::components::name::{Name, visible};
use crate::state::{Action, ViewContext};

/// The size of the group that starts at row `row`, when one does.
fn group_start(groups: &[(Option<&str>, usize)], row: usize) -> Option<usize> {
    let mut start = 0;
    for &(_, count) in groups {
        if start == row {
            return Some(count);
        }
        start += count;
    }
    None
}

/// The group of representatives whose namespace is not known.
const REPRESENTATIVES: &str = "~";

/// Endpoints past which the matrix shows one namespace at a time.
const LARGE: usize = 60;

#[derive(Properties)]
pub struct MatrixProps {
    pub report: Rc<PolicyReport>,
    /// The flows whose verdict the last edit changed.
    pub changed: Rc<Changes>,
    /// The namespace a large matrix is narrowed to, when one was chosen.
    pub namespace: Option<String>,
}

/// Most keystrokes change no verdict: comparing what the matrix draws spares redrawing
/// thousands of cells.
impl PartialEq for MatrixProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.report, &other.report);
        (Rc::ptr_eq(a, b)
            || (a.port == b.port
                && a.verdicts == b.verdicts
                && a.endpoints == b.endpoints
                && a.ports == b.ports
                && a.representatives == b.representatives
                && a.incomplete == b.incomplete))
            && self.changed == other.changed
            && self.namespace == other.namespace
    }
}

/// Sources down, destinations across. Cells say allowed or blocked by a symbol and text as well as
/// colour; a click explains the flow.
#[function_component(Matrix)]
pub fn matrix(props: &MatrixProps) -> Html {
    let view =
        use_context::<ViewContext>().expect("Matrix is rendered inside the ViewContext provider");
    let t = view.lang.text();
    let report = &props.report;
    let endpoints = &report.endpoints;
    let port = report.port;
    let onchange = {
        let dispatch = view.dispatch.clone();
        let report = report.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(port) = select
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| report.ports.get(i))
            {
                dispatch.dispatch(Action::ChoosePort(*port));
            }
        })
    };
    // Representatives: shown by default for fewer than two pods or workloads, else on request.
    let representatives_toggle = {
        let dispatch = view.dispatch.clone();
        let onchange = Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            dispatch.dispatch(Action::ShowRepresentatives(input.checked()));
        });
        html! {
            <label class="representatives-choice">
                <input type="checkbox" data-testid="representatives-toggle" checked={report.representatives} {onchange} />
                { " " }{ t.show_representatives }
                if report.representatives_capped { { " " }{ t.representatives_capped } }
            </label>
        }
    };
    let banner = incomplete_banner(report, view.lang);
    if endpoints.is_empty() {
        return html! { <>{ banner }{ representatives_toggle }<p class="empty" data-testid="matrix">{ t.no_endpoints }</p></> };
    }
    let kind_of = |index: usize| -> String {
        endpoints
            .get(index)
            .map_or_else(|| "pod".to_owned(), |e| e.kind.clone())
    };
    let is_representative = |index: usize| kind_of(index) == "representative";
    // A matrix of hundreds of endpoints is a wall of cells that also costs the page its speed:
    // past LARGE it shows one namespace at a time (rows and columns), chosen below.
    let mut namespaces: Vec<String> = endpoints
        .iter()
        .filter_map(|e| e.namespace.clone())
        .collect();
    namespaces.sort();
    namespaces.dedup();
    let large = endpoints.len() > LARGE;
    let namespace = props
        .namespace
        .clone()
        .filter(|n| namespaces.contains(n))
        .or_else(|| namespaces.first().cloned());
    // Rows and columns go by namespace (addresses outside the cluster last), each group headed
    // by its namespace.
    let mut shown: Vec<(usize, &String)> = endpoints
        .iter()
        .enumerate()
        .filter(|(_, e)| !large || e.namespace.as_ref() == namespace.as_ref())
        .map(|(i, e)| (i, &e.id))
        .take(LARGE)
        .collect();
    // Representatives whose namespace is not known make a group of their own, after the
    // namespaces ("~" is no namespace's name).
    let group_of = |index: usize| {
        endpoints.get(index).and_then(|e| {
            e.namespace
                .as_deref()
                .or_else(|| (e.kind == "representative").then_some(REPRESENTATIVES))
        })
    };
    let group_name = |group: Option<&str>| -> String {
        match group {
            Some(REPRESENTATIVES) => t.representatives_group.to_owned(),
            Some(namespace) => namespace.to_owned(),
            None => t.outside_cluster.to_owned(),
        }
    };
    let description = |index: usize| {
        endpoints
            .get(index)
            .and_then(|e| e.description.as_ref())
            .map(|d| d.get(view.lang.into()).to_owned())
    };
    let header_title = |id: &str, index: usize| match description(index) {
        Some(words) => format!("{} ({}): {words}", visible(id), t.representative),
        None => visible(id),
    };
    shown.sort_by_key(|&(index, _)| (group_of(index).is_none(), group_of(index)));
    let mut groups: Vec<(Option<&str>, usize)> = Vec::new();
    for &(index, _) in &shown {
        match groups.last_mut() {
            Some((group, count)) if *group == group_of(index) => *count += 1,
            _ => groups.push((group_of(index), 1)),
        }
    }
    let short_name = |id: &str, index: usize| -> String {
        group_of(index)
            .and_then(|ns| id.strip_prefix(ns))
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(id)
            .to_owned()
    };
    // The grid pattern: one cell in the tab order, arrow keys move between cells.
    let move_between_cells = Callback::from(|event: KeyboardEvent| {
        let Some(cell) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let position = |name: &str| {
            cell.get_attribute(name)
                .and_then(|v| v.parse::<usize>().ok())
        };
        let (Some(row), Some(column)) = (position("data-row"), position("data-column")) else {
            return;
        };
        let step = |(row, column): (usize, usize)| match event.key().as_str() {
            "ArrowUp" => Some((row.checked_sub(1)?, column)),
            "ArrowDown" => Some((row + 1, column)),
            "ArrowLeft" => Some((row, column.checked_sub(1)?)),
            "ArrowRight" => Some((row, column + 1)),
            _ => None,
        };
        let Some(mut next) = step((row, column)) else {
            return;
        };
        // The diagonal (an endpoint to itself) has no cell to stop on.
        if next.0 == next.1 {
            next = step(next).unwrap_or((row, column));
        }
        let (row, column) = next;
        event.prevent_default();
        crate::browser::focus(&format!(
            "[data-testid='matrix-cell'][data-row='{row}'][data-column='{column}']"
        ));
    });
    let choose_namespace = {
        let dispatch = view.dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            dispatch.dispatch(Action::ChooseNamespace(select.value()));
        })
    };
    html! {
        <div class="matrix-wrap">
            { banner }
            <p class="hint">{ t.matrix_keys }</p>
            { representatives_toggle }
            if report.representatives {
                <p class="hint representatives-legend">{ t.representatives_legend }</p>
            }
            if large {
                <label class="port-choice">{ t.namespace }{ " " }
                    <select onchange={choose_namespace} aria-label={t.namespace} data-testid="matrix-namespace">
                        { for namespaces.iter().map(|n| html! {
                            <option value={n.clone()} selected={Some(n) == namespace.as_ref()}>{ n }</option>
                        }) }
                    </select>
                    { " " }{ t.matrix_narrowed.replace("{count}", &endpoints.len().to_string()) }
                </label>
            }
            <label class="port-choice">{ t.port }{ " " }
                <select {onchange} aria-label={t.port_label}>
                    { for report.ports.iter().enumerate().map(|(i, p)| html! {
                        <option value={i.to_string()} selected={*p == port}>{ p.to_string() }</option>
                    }) }
                </select>
            </label>
            <table class="matrix" data-testid="matrix" onkeydown={move_between_cells}>
                <caption>{ t.matrix_caption.replace("{port}", &port.to_string()) }</caption>
                <thead>
                    <tr><td></td><td></td>
                        { for groups.iter().map(|(group, count)| html! {
                            <th scope="colgroup" colspan={count.to_string()} class="group"><Name text={AttrValue::from(group_name(*group))} /></th>
                        }) }
                    </tr>
                    <tr><td></td><th scope="col">{ "from \\ to" }</th>
                        { for shown.iter().map(|&(index, id)| html! {
                            <th scope="col" class={classes!("to", is_representative(index).then_some("representative"))} title={header_title(id, index)} aria-label={header_title(id, index)} data-kind={kind_of(index)}>
                                if is_representative(index) { <span class="representative-mark" aria-hidden="true">{ "◇ " }</span> }
                                <Name text={AttrValue::from(short_name(id, index))} />
                            </th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                { for shown.iter().enumerate().map(|(row, &(from, from_id))| html! {
                    <tr>
                        if let Some(count) = group_start(&groups, row) {
                            <th scope="rowgroup" rowspan={count.to_string()} class="group"><Name text={AttrValue::from(group_name(group_of(from)))} /></th>
                        }
                        <th scope="row" class={classes!(is_representative(from).then_some("representative"))} title={header_title(from_id, from)} aria-label={header_title(from_id, from)} data-kind={kind_of(from)}>
                            if is_representative(from) { <span class="representative-mark" aria-hidden="true">{ "◇ " }</span> }
                            <Name text={AttrValue::from(short_name(from_id, from))} />
                        </th>
                        { for shown.iter().enumerate().map(|(column, &(to, to_id))| {
                            if from == to {
                                return html! { <td class="self" aria-label={t.same_endpoint}>{ "—" }</td> };
                            }
                            let allowed = report.verdicts.allowed(from, to);
                            // A flow an unread document could change has no verdict: never ✓ or ✗.
                            let unknown = report.verdicts.unknown(from, to);
                            let (class, symbol, words) = if unknown {
                                ("unknown", "?", t.unknown)
                            } else if allowed {
                                ("allowed", "✓", t.allowed)
                            } else {
                                ("blocked", "✗", t.blocked)
                            };
                            let state = if unknown { "unknown".to_owned() } else { allowed.to_string() };
                            let changed = props.changed.changed(&report.verdicts, from, to);
                            let words = if changed { format!("{words} ({})", t.changed) } else { words.to_owned() };
                            let onclick = {
                                let dispatch = view.dispatch.clone();
                                let (from_id, to_id) = (from_id.clone(), to_id.clone());
                                Callback::from(move |_| dispatch.dispatch(Action::SelectFlow(from_id.clone(), to_id.clone())))
                            };
                            html! {
                                <td class={classes!("cell", class, changed.then_some("changed"), (is_representative(from) || is_representative(to)).then_some("representative"))}>
                                    <button data-testid="matrix-cell" data-from={from_id.clone()} data-to={to_id.clone()}
                                        data-from-kind={kind_of(from)} data-to-kind={kind_of(to)}
                                        data-row={row.to_string()} data-column={column.to_string()}
                                        tabindex={if row == 0 && column == 1 { "0" } else { "-1" }}
                                        data-port={port.to_string()} data-allowed={state} data-unknown={unknown.then_some("true")} data-changed={changed.to_string()}
                                        aria-label={format!("{} to {} on {port}: {words}", visible(from_id), visible(to_id))} {onclick}>
                                        { symbol }
                                    </button>
                                </td>
                            }
                        }) }
                    </tr>
                }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties)]
pub struct ExplanationProps {
    pub report: Rc<PolicyReport>,
    /// The selected flow, by endpoint ids.
    pub flow: Option<(String, String)>,
}

impl PartialEq for ExplanationProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report) && self.flow == other.flow
    }
}

/// Why the selected flow is allowed or blocked.
#[function_component(Explanation)]
pub fn explanation(props: &ExplanationProps) -> Html {
    let view = use_context::<ViewContext>()
        .expect("Explanation is rendered inside the ViewContext provider");
    let Some(flow) = &props.flow else {
        return html! { <p class="hint">{ view.lang.text().click_a_cell }</p> };
    };
    let Some(explanation) = props
        .report
        .explanation
        .as_ref()
        .filter(|e| (&e.from, &e.to) == (&flow.0, &flow.1))
    else {
        return html! {};
    };
    let t = view.lang.text();
    if let Some(why) = &explanation.unknown {
        // No verdict, and not the text of one: only why there is none.
        return html! {
            <div class={classes!("explanation", "unknown")} data-testid="explanation">
                <p class="verdict" data-testid="explanation-verdict">
                    { t.unknown }{ ": " }<Name text={AttrValue::from(flow.0.clone())} />{ " → " }<Name text={AttrValue::from(flow.1.clone())} />
                </p>
                <pre data-testid="explanation-unknown">{ why.get(view.lang.into()) }</pre>
            </div>
        };
    }
    let (class, verdict) = if explanation.allowed {
        ("allowed", t.allowed)
    } else {
        ("blocked", t.blocked)
    };
    let e = view.lang.engine_text();
    // The verdict comes from the page, ahead of the text: names inside the text (which may hold
    // line breaks or "ALLOWED") cannot push it out of view or pass for it.
    html! {
        <div class={classes!("explanation", class)} data-testid="explanation">
            <p class="verdict" data-testid="explanation-verdict">
                { verdict }{ ": " }<Name text={AttrValue::from(flow.0.clone())} />{ " → " }<Name text={AttrValue::from(flow.1.clone())} />
            </p>
            if !explanation.engine_notes.is_empty() {
                <p class="hint">{ e.decided_by.replace("{engine}", &crate::components::engine::engine_label(props.report.engine, e)) }</p>
                <ul class="engine-notes">
                    { for explanation.engine_notes.iter().map(|note| html! {
                        <li data-testid="engine-note" data-point={note.point.clone()}>
                            { note.message.get(view.lang.into()) }{ " (" }
                            <a href={note.source.clone()} target="_blank" rel="noopener noreferrer">{ e.source }</a>{ ")" }
                        </li>
                    }) }
                </ul>
            }
            <pre>{ explanation.text.get(view.lang.into()) }</pre>
        </div>
    }
}

/// Over the matrix when a document could not be read: which one, at which line, and that the
/// flows it could change show "?".
fn incomplete_banner(report: &PolicyReport, lang: crate::i18n::Lang) -> Html {
    if report.incomplete.is_empty() {
        return html! {};
    }
    let t = lang.text();
    html! {
        <div class="incomplete-banner" role="alert" data-testid="incomplete-banner">
            <p><strong>{ t.incomplete_title }</strong>{ " " }{ t.incomplete_hint }</p>
            <ul>
                { for report.incomplete.iter().map(|u| html! {
                    <li data-testid="incomplete-document" data-line={u.line.to_string()}>
                        { t.incomplete_line.replace("{line}", &u.line.to_string()) }
                        if let Some(object) = &u.object {
                            { " (" }<Name text={AttrValue::from(object.clone())} />{ ")" }
                        }
                        { ": " }{ banner_message(u.message.get(lang.into())) }
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// A finding's message as the banner shows it: names in it may be long or hold line breaks and
/// bidirectional controls, so it is written out visibly and cut short (the findings list below
/// has it whole).
fn banner_message(message: &str) -> String {
    const MOST: usize = 300;
    let shown = visible(message);
    match shown.char_indices().nth(MOST) {
        Some((at, _)) => format!("{}…", shown.get(..at).unwrap_or(&shown)),
        None => shown,
    }
}
