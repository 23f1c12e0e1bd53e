use std::rc::Rc;

use aksnet_core::Finding;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    pub findings: Rc<Vec<Finding>>,
}

#[function_component(FindingList)]
pub fn finding_list(props: &FindingListProps) -> Html {
    html! {
        <ul class="findings" data-testid="findings" aria-live="polite">
            if props.findings.is_empty() {
                <li class="empty">{ "No findings" }</li>
            }
            { for props.findings.iter().map(|f| html! {
                <li class={classes!("finding", f.severity.as_str())}
                    data-testid="finding" data-code={f.code.as_str()} data-line={f.position.line.to_string()}>
                    <span class="severity">{ f.severity.as_str() }</span>
                    <code class="code">{ f.code.as_str() }</code>
                    <span class="line">{ format!("line {}:{}", f.position.line, f.position.column) }</span>
                    <span class="message">{ &f.message }</span>
                </li>
            }) }
        </ul>
    }
}
