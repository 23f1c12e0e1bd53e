use std::collections::HashSet;
use std::rc::Rc;

use aksnet_core::{Analysis, FlowPort, Reachability, explain};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::{Action, AppContext};

#[derive(Properties)]
pub struct MatrixProps {
    pub analysis: Rc<Analysis>,
    pub reach: Rc<Reachability>,
    pub ports: Rc<Vec<FlowPort>>,
    /// Flows (from, to) whose verdict the last edit changed.
    pub changed: Rc<HashSet<(String, String)>>,
}

impl PartialEq for MatrixProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && Rc::ptr_eq(&self.reach, &other.reach)
            && self.ports == other.ports
            && Rc::ptr_eq(&self.changed, &other.changed)
    }
}

/// Sources down, destinations across. Cells say allowed or blocked by a symbol and text as well as
/// colour; a click explains the flow.
#[function_component(Matrix)]
pub fn matrix(props: &MatrixProps) -> Html {
    let state =
        use_context::<AppContext>().expect("Matrix is rendered inside the AppContext provider");
    let t = state.lang.text();
    let endpoints = &props.analysis.cluster.endpoints;
    let port = state.port;
    let onchange = {
        let state = state.clone();
        let ports = props.ports.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(port) = select
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| ports.get(i))
            {
                state.dispatch(Action::ChoosePort(*port));
            }
        })
    };
    if endpoints.is_empty() {
        return html! { <p class="empty" data-testid="matrix">{ t.no_endpoints }</p> };
    }
    let ids: Vec<String> = endpoints.iter().map(aksnet_core::Endpoint::id).collect();
    html! {
        <div class="matrix-wrap">
            <label class="port-choice">{ t.port }{ " " }
                <select {onchange} aria-label={t.port_label}>
                    { for props.ports.iter().enumerate().map(|(i, p)| html! {
                        <option value={i.to_string()} selected={*p == port}>{ p.to_string() }</option>
                    }) }
                </select>
            </label>
            <table class="matrix" data-testid="matrix">
                <caption>{ t.matrix_caption.replace("{port}", &port.to_string()) }</caption>
                <thead><tr><th scope="col">{ "from \\ to" }</th>
                    { for ids.iter().map(|id| html! { <th scope="col" class="to">{ id }</th> }) }
                </tr></thead>
                <tbody>
                { for ids.iter().enumerate().map(|(from, from_id)| html! {
                    <tr>
                        <th scope="row">{ from_id }</th>
                        { for ids.iter().enumerate().map(|(to, to_id)| {
                            if from == to {
                                return html! { <td class="self" aria-label={t.same_endpoint}>{ "—" }</td> };
                            }
                            let allowed = props.reach.allowed(from, to, 0);
                            let (class, symbol, words) = if allowed { ("allowed", "✓", t.allowed) } else { ("blocked", "✗", t.blocked) };
                            let changed = props.changed.contains(&(from_id.clone(), to_id.clone()));
                            let words = if changed { format!("{words} ({})", t.changed) } else { words.to_owned() };
                            let onclick = {
                                let state = state.clone();
                                let (from_id, to_id) = (from_id.clone(), to_id.clone());
                                Callback::from(move |_| state.dispatch(Action::SelectFlow(from_id.clone(), to_id.clone())))
                            };
                            html! {
                                <td class={classes!("cell", class, changed.then_some("changed"))}>
                                    <button data-testid="matrix-cell" data-from={from_id.clone()} data-to={to_id.clone()}
                                        data-port={port.to_string()} data-allowed={allowed.to_string()} data-changed={changed.to_string()}
                                        aria-label={format!("{from_id} to {to_id} on {port}: {words}")} {onclick}>
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
    pub analysis: Rc<Analysis>,
}

impl PartialEq for ExplanationProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

/// Why the selected flow is allowed or blocked.
#[function_component(Explanation)]
pub fn explanation(props: &ExplanationProps) -> Html {
    let state = use_context::<AppContext>()
        .expect("Explanation is rendered inside the AppContext provider");
    let Some((from, to)) = &state.flow else {
        return html! { <p class="hint">{ state.lang.text().click_a_cell }</p> };
    };
    let cluster = &props.analysis.cluster;
    let (Some(from), Some(to)) = (cluster.find_endpoint(from), cluster.find_endpoint(to)) else {
        return html! {};
    };
    let Some(explanation) = explain(cluster, from, to, state.port) else {
        return html! {};
    };
    html! {
        <pre class={classes!("explanation", if explanation.allowed { "allowed" } else { "blocked" })} data-testid="explanation">
            { explanation.to_string() }
        </pre>
    }
}
