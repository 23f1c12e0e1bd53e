use std::rc::Rc;

use aksnet_core::SourceFile;
use yew::prelude::*;

use crate::components::findings::FindingList;
use crate::components::manifest_editor::ManifestEditor;
use crate::components::objects::ObjectList;
use crate::state::{AppContext, AppState};

/// The name findings are reported under for the editor's text.
const EDITOR_FILE: &str = "manifests.yaml";

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let text = state.manifests.clone();
    let result = use_memo(text, |text| {
        let sources = vec![SourceFile::new(EDITOR_FILE, text.clone())];
        let analysis = aksnet_core::analyze(&sources);
        let objects = analysis.objects(&sources);
        (Rc::new(objects), Rc::new(analysis.findings))
    });
    let (objects, findings) = (*result).clone();

    html! {
        <ContextProvider<AppContext> context={state}>
            <header class="masthead">
                <h1>{ "aksnet" }</h1>
                <p class="tagline">{ "Kubernetes network policy and AKS address planning, in your browser" }</p>
            </header>
            <div class="workspace">
                <section class="pane editor-pane" aria-label="Manifests">
                    <h2>{ "Manifests" }</h2>
                    <ManifestEditor />
                </section>
                <section class="pane results-pane" aria-label="Results">
                    <h2>{ "Objects" }</h2>
                    <ObjectList objects={objects} />
                    <h2>{ "Findings" }</h2>
                    <FindingList findings={findings} />
                </section>
            </div>
        </ContextProvider<AppContext>>
    }
}
