use std::rc::Rc;

use aksnet_core::plan::{PlanForm, PlanReport};
use yew::prelude::*;

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

/// Sizing with its formulas, free space, and the corrected plan.
#[function_component(PlanView)]
pub fn plan_view(props: &PlanViewProps) -> Html {
    let state =
        use_context::<AppContext>().expect("PlanView is rendered inside the AppContext provider");
    let t = state.lang.text();
    let report = &props.report;
    let corrected_testid = match report.form {
        PlanForm::Az => "corrected-az",
        PlanForm::Yaml => "corrected-yaml",
    };
    html! {
        <>
            if !report.sizing.is_empty() {
                <h2>{ t.sizing }</h2>
                <table class="sizing" data-testid="sizing">
                    <caption>{ t.sizing_caption }</caption>
                    <thead><tr>
                        <th scope="col">{ t.what }</th><th scope="col">{ t.range }</th><th scope="col">{ t.formula }</th>
                        <th scope="col">{ t.usable }</th><th scope="col">{ t.headroom }</th><th scope="col">{ t.smallest_fit }</th>
                    </tr></thead>
                    <tbody>
                    { for report.sizing.iter().map(|need| html! {
                        <tr class={classes!(need.headroom.is_some_and(|h| h < 0).then_some("short"))}>
                            <td>{ &need.what }</td>
                            <td>{ need.cidr.clone().unwrap_or_default() }</td>
                            <td>{ &need.formula }</td>
                            <td>{ need.usable.map(|u| u.to_string()).unwrap_or_default() }</td>
                            <td>{ need.headroom.map(|h| h.to_string()).unwrap_or_default() }</td>
                            <td>{ need.smallest_prefix.map(|p| format!("/{p}")).unwrap_or_default() }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
            { for report.free_space.iter().filter(|f| !f.blocks.is_empty()).map(|free| html! {
                <p class="free-space">{ format!("{} {}: {}", t.free_in_vnet, free.vnet, free.blocks.join(", ")) }</p>
            }) }
            if let Some(corrected) = &report.corrected {
                <h2>{ t.corrected }</h2>
                <pre class="corrected" data-testid={corrected_testid}>{ corrected }</pre>
            }
        </>
    }
}
