use yew::prelude::*;

use crate::state::{Action, AppContext};

/// The page of the finding code last clicked (docs/rules/<code>.md, embedded in the core).
#[function_component(RulePage)]
pub fn rule_page() -> Html {
    let state =
        use_context::<AppContext>().expect("RulePage is rendered inside the AppContext provider");
    let Some(code) = state.rule else {
        return html! {};
    };
    let t = state.lang.text();
    let page = aksnet_core::rules::doc_in(code, state.lang.into()).unwrap_or(t.no_page);
    let onclick = Callback::from(move |_| state.dispatch(Action::ShowRule(None)));
    html! {
        <aside class="rule-page pane" data-testid="rule-page" aria-label={format!("Rule {code}")}>
            <button class="close" aria-label={t.close} {onclick}>{ "×" }</button>
            <pre>{ page }</pre>
        </aside>
    }
}
