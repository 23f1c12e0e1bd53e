//! The aksnet playground: a thin Yew front end that keeps the editors' text and draws what
//! aksnet-core reports. No analysis lives here.

mod analysis;
mod app;
mod background;
mod browser;
mod components;
pub mod crash;
mod diff;
mod i18n;
mod share;
mod state;

pub use app::App;
pub use background::serve_worker;

/// The example the page opens with: the AKS network policy walkthrough.
pub const EXAMPLE_MANIFESTS: &str = include_str!("../../static/examples/backend-policy.yaml");

/// The plan the page opens with: the same walkthrough's az script.
pub const EXAMPLE_PLAN: &str = include_str!("../../static/examples/network-policy-walkthrough.sh");

/// Mounts the playground on the page's `<main id="app">` (or the body when there is none).
pub fn start() {
    crash::install();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
