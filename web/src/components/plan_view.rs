use std::rc::Rc;

use aksnet_core::plan::model::{NetworkPlugin, NodePool};
use aksnet_core::plan::{PlanForm, PlanReport};
use yew::prelude::*;

use crate::components::address_map::AddressMap;
use crate::components::corrected::Corrected;
use crate::components::name::Name;
use crate::diff::LineDiff;
use crate::i18n::Text;
use crate::state::AppContext;

#[derive(Properties)]
pub struct PlanViewProps {
    pub report: Rc<PlanReport>,
}

impl PartialEq for PlanViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

/// The address plan drawn with its free blocks, sizing with its formulas, and the corrected plan.
#[function_component(PlanView)]
pub fn plan_view(props: &PlanViewProps) -> Html {
    let state =
        use_context::<AppContext>().expect("PlanView is rendered inside the AppContext provider");
    let t = state.lang.text();
    let report = &props.report;
    // Plans are a few dozen lines: their diff is computed here, as they are typed.
    let diff = use_memo(
        (state.plan.clone(), report.corrected.clone()),
        |(original, corrected)| {
            corrected
                .as_ref()
                .map(|corrected| Rc::new(LineDiff::new(original, corrected)))
        },
    );
    let (corrected_testid, file_name) = match report.form {
        PlanForm::Az => ("corrected-az", "plan.fixed.sh"),
        PlanForm::Yaml => ("corrected-yaml", "plan.fixed.yaml"),
    };
    html! {
        <>
            <AddressMap report={report.clone()} />
            if !report.sizing.is_empty() {
                <h2>{ t.sizing }</h2>
                <ul class="formulas" data-testid="sizing-formulas">
                    { for formulas(report, t).into_iter().map(|f| html! { <li>{ f }</li> }) }
                </ul>
                <div class="sizing-wrap">
                <table class="sizing" data-testid="sizing">
                    <caption>{ t.sizing_caption }</caption>
                    <thead><tr>
                        <th scope="col">{ t.what }</th><th scope="col">{ t.range }</th><th scope="col">{ t.formula }</th>
                        <th scope="col">{ t.required }</th><th scope="col">{ t.usable }</th><th scope="col">{ t.headroom }</th>
                        <th scope="col">{ t.smallest_fit }</th>
                    </tr></thead>
                    <tbody>
                    { for report.sizing.iter().map(|need| {
                        let short = need.headroom.is_some_and(|h| h < 0);
                        html! {
                            <tr class={classes!(short.then_some("short"))}>
                                <td>{ need.what_in(state.lang.into()) }</td>
                                <td>{ need.cidr.clone().unwrap_or_default() }</td>
                                <td>{ need.formula_in(state.lang.into()) }</td>
                                <td>{ need.required.to_string() }</td>
                                <td>{ need.usable.map(|u| u.to_string()).unwrap_or_default() }</td>
                                <td>
                                    { need.headroom.map(|h| h.to_string()).unwrap_or_default() }
                                    if short { { format!(" ⚠ {}", t.too_small) } }
                                </td>
                                <td>{ need.smallest_prefix.map(|p| format!("/{p}")).unwrap_or_default() }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
                </div>
            }
            if let Some(cluster) = &report.plan.cluster && !cluster.pools.is_empty() {
                <h2>{ t.node_pools }</h2>
                <div class="sizing-wrap">
                <table class="sizing" data-testid="node-pools">
                    <thead><tr>
                        <th scope="col">{ t.pool }</th><th scope="col">{ t.pool_mode }</th>
                        <th scope="col">{ t.pool_nodes }</th><th scope="col">{ "maxPods" }</th>
                        <th scope="col">{ t.pool_subnet }</th>
                    </tr></thead>
                    <tbody>
                    { for cluster.pools.iter().map(|pool| html! {
                        <tr>
                            <td><Name text={pool.display_name().to_owned()} /></td>
                            <td>{ pool.mode.as_ref().map(|m| m.value.clone()).unwrap_or_default() }</td>
                            <td>{ pool_nodes(pool, t) }</td>
                            <td>{ pool.max_pods(cluster.plugin.value).to_string() }</td>
                            <td>{ cluster.subnet_of(pool).map(|s| html! { <Name text={format!("{}/{}", s.vnet, s.subnet)} /> }).unwrap_or_default() }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                </div>
            }
            if let (Some(corrected), Some(diff)) = (&report.corrected, (*diff).clone()) {
                <h2>{ t.corrected }</h2>
                <Corrected original={state.plan.clone()} corrected={corrected.clone()} {diff}
                    testid={corrected_testid} {file_name} />
            }
        </>
    }
}

/// The general formulas behind the rows, for the plan's network plugin.
fn formulas(report: &PlanReport, t: &Text) -> Vec<&'static str> {
    let Some(cluster) = &report.plan.cluster else {
        return Vec::new();
    };
    let pod_subnet = cluster.pools.iter().any(|p| p.pod_subnet.is_some());
    let rule = match (cluster.plugin.value, pod_subnet) {
        (NetworkPlugin::Azure, false) => t.formula_azure,
        (NetworkPlugin::Azure, true) => t.formula_pod_subnet,
        (NetworkPlugin::Kubenet | NetworkPlugin::AzureOverlay, _) => t.formula_pod_cidr,
    };
    let mut rules = vec![rule, t.formula_usable];
    if cluster.pools.len() > 1 || cluster.pools.iter().any(|p| p.autoscaler.is_some()) {
        rules.push(t.formula_pools);
    }
    rules
}

/// "3", or "1–8 (autoscaler)".
fn pool_nodes(pool: &NodePool, t: &Text) -> String {
    if pool.autoscaler.is_some() {
        format!(
            "{}–{} ({})",
            pool.fewest_nodes(),
            pool.most_nodes(),
            t.autoscaler
        )
    } else {
        pool.node_count().to_string()
    }
}
