use std::rc::Rc;

use aksnet_core::Finding;
use aksnet_core::fix::Fix;
use yew::prelude::*;

use crate::state::{Action, AppContext};

#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    pub findings: Rc<Vec<Finding>>,
    /// Applies a finding's fix to the editor's text.
    pub on_apply: Callback<Fix>,
}

#[function_component(FindingList)]
pub fn finding_list(props: &FindingListProps) -> Html {
    let state = use_context::<AppContext>()
        .expect("FindingList is rendered inside the AppContext provider");
    let t = state.lang.text();
    html! {
        <ul class="findings" data-testid="findings" aria-live="polite">
            if props.findings.is_empty() {
                <li class="empty">{ t.no_findings }</li>
            }
            { for props.findings.iter().map(|f| {
                let code = f.code;
                let onclick = {
                    let state = state.clone();
                    Callback::from(move |_| state.dispatch(Action::ShowRule(Some(code))))
                };
                html! {
                    <li class={classes!("finding", f.severity.as_str())}
                        data-testid="finding" data-code={f.code.as_str()} data-severity={f.severity.as_str()}
                        data-line={f.position.line.to_string()}>
                        <span class="severity">{ f.severity.as_str() }</span>
                        <button class="code" title={t.what_this_means} {onclick}>{ f.code.as_str() }</button>
                        <span class="line">{ format!("{} {}:{}", t.line, f.position.line, f.position.column) }</span>
                        <span class="message">{ &f.message }</span>
                        if let Some(fix) = &f.fix {
                            <span class="fix">
                                <button data-testid="apply-fix" onclick={props.on_apply.reform({
                                    let fix = fix.clone();
                                    move |_| fix.clone()
                                })}>{ t.apply }</button>
                                { format!(" {}", fix.title) }
                            </span>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}
