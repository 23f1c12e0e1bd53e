use yew::prelude::*;

use crate::state::{Action, AppContext};

/// The page of the finding code last clicked (`docs/rules/<code>.md`, embedded in the core).
#[function_component(RulePage)]
pub fn rule_page() -> Html {
    let state =
        use_context::<AppContext>().expect("RulePage is rendered inside the AppContext provider");
    let Some(code) = state.rule else {
        return html! {};
    };
    let t = state.lang.text();
    let page = aksnet_core::rules::doc_in(code, state.lang.into()).unwrap_or(t.no_page);
    // The code's own declaration, the same the page's `**Fix applicability:**` line states.
    let applicability = code.fix_applicability();
    let fix_line = applicability.map(|a| match a {
        aksnet_core::Applicability::Safe => t.rule_fix_safe,
        aksnet_core::Applicability::Unsafe => t.rule_fix_unsafe,
    });
    let onclick = Callback::from(move |_| state.dispatch(Action::ShowRule(None)));
    html! {
        <aside class="rule-page pane" data-testid="rule-page" aria-label={format!("Rule {code}")}>
            <button class="close" aria-label={t.close} {onclick}>{ "×" }</button>
            if let Some(line) = fix_line {
                <p class="fix-applicability" data-testid="rule-fix-applicability"
                    data-applicability={applicability.map(aksnet_core::Applicability::as_str)}>{ line }</p>
            }
            <pre>{ page }</pre>
        </aside>
    }
}
