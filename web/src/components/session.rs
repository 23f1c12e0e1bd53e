use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::state::{Action, AppContext};

/// Share, embed and reset: everything stays in the link or in this browser.
#[function_component(SessionBar)]
pub fn session_bar() -> Html {
    let state =
        use_context::<AppContext>().expect("SessionBar is rendered inside the AppContext provider");
    let t = state.lang.text();
    let link = use_state(String::new);
    let refused = use_state(|| false);
    let embed = use_state(|| None::<String>);
    let share = {
        let (state, link, refused) = (state.clone(), link.clone(), refused.clone());
        Callback::from(move |_| match browser::share_link(&state.saved()) {
            Some(made) => {
                refused.set(false);
                link.set(made);
            }
            None => {
                refused.set(true);
                link.set(String::new());
            }
        })
    };
    let show_embed = {
        let (state, embed) = (state.clone(), embed.clone());
        Callback::from(move |_| embed.set(Some(browser::embed_code(&state.saved()))))
    };
    let reset = {
        let state = state.clone();
        Callback::from(move |_| {
            browser::forget();
            state.dispatch(Action::Reset);
        })
    };
    let load_example = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(example) = crate::examples::find(&select.value()) {
                state.dispatch(Action::LoadExample(example));
            }
            select.set_value("");
        })
    };
    let select_all = Callback::from(|event: FocusEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.select();
    });
    html! {
        <div class="session">
            <select data-testid="examples" aria-label={t.examples_label} onchange={load_example} disabled={state.readonly}>
                <option value="" selected=true>{ t.examples }</option>
                { for crate::EXAMPLES.iter().map(|e| html! {
                    <option value={e.id}>{ e.title(state.lang) }</option>
                }) }
            </select>
            <button onclick={share}>{ t.share }</button>
            <input data-testid="share-link" class="share-link" readonly=true aria-label={t.share_label}
                value={(*link).clone()} hidden={link.is_empty()} onfocus={select_all.clone()} />
            if *refused {
                <span class="refused" role="alert" data-testid="share-refused">{ t.share_refused }</span>
            }
            <button onclick={show_embed}>{ t.embed }</button>
            if let Some(code) = &*embed {
                <input data-testid="embed-code" class="share-link" readonly=true aria-label={t.embed_label}
                    value={code.clone()} onfocus={select_all} />
            }
            <button onclick={reset} data-testid="reset-example" disabled={state.readonly}>{ t.reset }</button>
        </div>
    }
}
