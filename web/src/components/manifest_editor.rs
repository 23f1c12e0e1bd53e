use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::state::{Action, AppContext};

#[function_component(ManifestEditor)]
pub fn manifest_editor() -> Html {
    let state = use_context::<AppContext>()
        .expect("ManifestEditor is rendered inside the AppContext provider");
    let oninput = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            state.dispatch(Action::EditManifests(area.value()));
        })
    };
    html! {
        <textarea
            class="editor"
            data-testid="manifest-editor"
            aria-label="Kubernetes manifests (YAML or JSON)"
            spellcheck="false"
            autocomplete="off"
            value={state.manifests.clone()}
            {oninput}
        />
    }
}
