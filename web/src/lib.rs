//! The aksnet playground: a thin Yew front end that keeps the editors' text and draws what
//! aksnet-core reports. No analysis lives here.

mod analysis;
mod app;
mod background;
mod browser;
mod components;
pub mod crash;
mod diff;
mod examples;
mod i18n;
mod share;
mod state;

pub use app::App;
pub use background::serve_worker;

pub use examples::{EXAMPLE_MANIFESTS, EXAMPLE_PLAN, EXAMPLES};

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
