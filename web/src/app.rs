use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use aksnet_core::fix::Fix;
use aksnet_core::plan::check_plan;
use aksnet_core::{FlowPort, Reachability, SourceFile};
use yew::prelude::*;

use crate::browser;
use crate::components::corrected::Corrected;
use crate::components::editor::Editor;
use crate::components::findings::FindingList;
use crate::components::matrix::{Explanation, Matrix};
use crate::components::objects::ObjectList;
use crate::components::plan_view::PlanView;
use crate::components::rule_page::RulePage;
use crate::components::session::SessionBar;
use crate::state::{Action, AppContext, AppState, Tab};

/// The names findings are reported under for the editors' text.
const MANIFEST_FILE: &str = "manifests.yaml";
const PLAN_FILE: &str = "plan";

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let embed = browser::embed_requested();
        AppState {
            embed,
            readonly: browser::readonly_requested(),
            lang: browser::language(),
            ..AppState::restored(browser::restore(embed))
        }
    });
    use_effect_with(state.lang, |lang| browser::set_language(*lang));
    let t = state.lang.text();
    let toggle = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::SetLang(state.lang.other())))
    };
    // Every change is kept, so a reload loses nothing; a framed page keeps no session of its own.
    use_effect_with(state.saved(), {
        let embed = state.embed;
        move |saved| {
            if !embed {
                browser::save(saved);
            }
        }
    });
    use_effect(browser::report_height);
    let tab_button = |tab: Tab, label: &'static str, id: &'static str| {
        let handle = state.clone();
        let onclick = Callback::from(move |_| handle.dispatch(Action::ShowTab(tab)));
        html! {
            <button role="tab" id={id} aria-selected={(state.tab == tab).to_string()} {onclick}>{ label }</button>
        }
    };
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <header class={classes!("masthead", state.embed.then_some("embedded"))}>
                <h1>{ "aksnet" }</h1>
                if !state.embed {
                    <p class="tagline">{ t.tagline }</p>
                }
                <nav class="tabs" role="tablist" aria-label={t.workspaces}>
                    { tab_button(Tab::Policies, t.tab_policies, "tab-policies") }
                    { tab_button(Tab::Plan, t.tab_plan, "tab-plan") }
                </nav>
                <button class="lang" data-testid="lang-toggle" lang={state.lang.other().tag()} onclick={toggle}>{ t.switch_to }</button>
                if !state.embed {
                    <SessionBar />
                }
            </header>
            { match state.tab {
                Tab::Policies => html! { <PoliciesTab /> },
                Tab::Plan => html! { <PlanTab /> },
            } }
            <RulePage />
        </ContextProvider<AppContext>>
    }
}

#[function_component(PoliciesTab)]
fn policies_tab() -> Html {
    let state = use_context::<AppContext>()
        .expect("PoliciesTab is rendered inside the AppContext provider");
    let t = state.lang.text();
    // The verdicts before the last edit, to show what the edit changed.
    let previous = use_mut_ref(|| None::<(FlowPort, Verdicts)>);
    let result = use_memo((state.manifests.clone(), state.port), |(text, port)| {
        let sources = vec![SourceFile::new(MANIFEST_FILE, text.clone())];
        let analysis = aksnet_core::analyze(&sources);
        let objects = analysis.objects(&sources);
        let reach = Reachability::compute(&analysis.cluster, &[*port]);
        let verdicts = verdicts(&analysis.cluster, &reach);
        let mut previous = previous.borrow_mut();
        // Choosing another port is not an edit: nothing is marked then.
        let changed: HashSet<(String, String)> = match previous.as_ref() {
            Some((before_port, before)) if before_port == port => verdicts
                .iter()
                .filter(|(flow, allowed)| before.get(*flow).is_some_and(|was| was != *allowed))
                .map(|(flow, _)| flow.clone())
                .collect(),
            _ => HashSet::new(),
        };
        *previous = Some((*port, verdicts));
        let fixed = analysis
            .findings
            .iter()
            .any(|f| f.fix.is_some())
            .then(|| analysis.fixed_text(&sources, 0))
            .flatten();
        (
            Rc::new(analysis),
            Rc::new(objects),
            Rc::new(reach),
            Rc::new(fixed),
            Rc::new(changed),
        )
    });
    let (analysis, objects, reach, fixed, changed) = (*result).clone();
    let ports = ports_of(&analysis.cluster, state.port);
    let oninput = {
        let state = state.clone();
        Callback::from(move |text| state.dispatch(Action::EditManifests(text)))
    };
    html! {
        <div class="workspace">
            <section class="pane editor-pane" aria-label="Manifests">
                <h2>{ t.manifests }</h2>
                <Editor testid="manifest-editor" label={t.manifests_label} value={state.manifests.clone()} readonly={state.readonly} {oninput} />
            </section>
            <section class="pane results-pane" aria-label="Results">
                <h2>{ t.reachability }</h2>
                <Matrix analysis={analysis.clone()} reach={reach} ports={Rc::new(ports)} {changed} />
                <Explanation analysis={analysis.clone()} />
                <h2>{ t.findings }</h2>
                <FindingList findings={Rc::new(analysis.findings.clone())} on_apply={apply_fix(&state, Action::EditManifests, |s| &s.manifests)} />
                if let Some(fixed) = fixed.as_ref() {
                    <h2>{ t.corrected }</h2>
                    <Corrected original={state.manifests.clone()} corrected={fixed.clone()}
                        testid="corrected-yaml" file_name="manifests.fixed.yaml" />
                }
                <h2>{ t.objects }</h2>
                <ObjectList objects={objects} />
            </section>
        </div>
    }
}

/// Every flow's verdict by endpoint ids, on the one port a matrix shows.
type Verdicts = HashMap<(String, String), bool>;

fn verdicts(cluster: &aksnet_core::Cluster, reach: &Reachability) -> Verdicts {
    let ids: Vec<String> = cluster
        .endpoints
        .iter()
        .map(aksnet_core::Endpoint::id)
        .collect();
    let mut out = HashMap::new();
    for (from, from_id) in ids.iter().enumerate() {
        for (to, to_id) in ids.iter().enumerate() {
            if from != to {
                out.insert((from_id.clone(), to_id.clone()), reach.allowed(from, to, 0));
            }
        }
    }
    out
}

/// The ports worth a matrix: 80/TCP, the one chosen, and every port a container declares.
fn ports_of(cluster: &aksnet_core::Cluster, chosen: FlowPort) -> Vec<FlowPort> {
    let mut ports = vec![FlowPort::tcp(80), chosen];
    ports.extend(cluster.endpoints.iter().flat_map(|e| {
        e.ports.iter().map(|p| FlowPort {
            port: p.port,
            protocol: p.protocol,
        })
    }));
    ports.sort();
    ports.dedup();
    ports
}

#[function_component(PlanTab)]
fn plan_tab() -> Html {
    let state =
        use_context::<AppContext>().expect("PlanTab is rendered inside the AppContext provider");
    let t = state.lang.text();
    let report = use_memo(state.plan.clone(), |text| {
        Rc::new(check_plan(&SourceFile::new(PLAN_FILE, text.clone()), 0))
    });
    let oninput = {
        let state = state.clone();
        Callback::from(move |text| state.dispatch(Action::EditPlan(text)))
    };
    html! {
        <div class="workspace">
            <section class="pane editor-pane" aria-label="Network plan">
                <h2>{ t.plan }</h2>
                <Editor testid="plan-editor" label={t.plan_label} value={state.plan.clone()} readonly={state.readonly} {oninput} />
            </section>
            <section class="pane results-pane" aria-label="Plan results">
                <h2>{ t.findings }</h2>
                <FindingList findings={Rc::new(report.findings.clone())} on_apply={apply_fix(&state, Action::EditPlan, |s| &s.plan)} />
                <PlanView report={(*report).clone()} />
            </section>
        </div>
    }
}

/// A callback that applies a fix's edits to one editor's text, as if the user had typed them.
fn apply_fix(
    state: &AppContext,
    edit: fn(String) -> Action,
    text: fn(&AppState) -> &String,
) -> Callback<Fix> {
    let state = state.clone();
    Callback::from(move |fix: Fix| {
        let (fixed, _) = aksnet_core::fix::apply(text(&state), &fix.edits);
        state.dispatch(edit(fixed));
    })
}
