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
    // Another site may frame only the embed mode: the full page, with the reader's session,
    // could otherwise be overlaid and clicked through (docs/security.md).
    if browser::framed_by_other_origin() && !browser::embed_requested() {
        use components::session_notices::FramedRefusal;
        match root {
            Some(root) => yew::Renderer::<FramedRefusal>::with_root(root).render(),
            None => yew::Renderer::<FramedRefusal>::new().render(),
        };
        return;
    }
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
