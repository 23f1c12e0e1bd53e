//! What the component tests share: mounting the page, waiting for it, finding and typing.
#![allow(dead_code)] // each test file uses its own part

use aksnet_web::App;
use gloo::timers::future::TimeoutFuture;
use gloo::utils::document;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlTextAreaElement};

/// The page mounted afresh, starting from the examples rather than what an earlier test left in
/// storage.
pub async fn mount() -> Element {
    if let Some(storage) = gloo::utils::window().local_storage().ok().flatten() {
        storage.clear().unwrap();
    }
    mount_keeping_storage().await
}

/// The page mounted as a reload would: with what storage holds.
pub async fn mount_keeping_storage() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Lets Yew run its scheduled renders and the analysis land (in a worker where one starts; here
/// the worker script is not served, so the page falls back to its own thread). A debug build on
/// a busy machine can take longer than one short pause.
pub async fn settle() {
    TimeoutFuture::new(10).await;
    for _ in 0..400 {
        let busy = document()
            .query_selector("[data-testid='results'][aria-busy='true']")
            .ok()
            .flatten()
            .is_some();
        if !busy {
            return;
        }
        TimeoutFuture::new(25).await;
    }
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.dyn_into::<Element>().unwrap())
        .collect()
}

pub fn by_testid(root: &Element, id: &str) -> Vec<Element> {
    all(root, &format!("[data-testid='{id}']"))
}

pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub async fn click(root: &Element, selector: &str) {
    one(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
}

/// Replaces the text of the editor `testid` in one edit, as a paste does.
pub async fn type_into(root: &Element, testid: &str, text: &str) {
    let editor: HtmlTextAreaElement = one(root, &format!("[data-testid='{testid}']"))
        .dyn_into()
        .unwrap();
    let before = results_generation(root);
    editor.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    editor
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    // The results answer the new text only once they say so: a debug build on a busy machine
    // can take longer to draw the edit than `settle`'s first pause, and its results would
    // still be the old text's.
    if testid == "manifest-editor" && before.is_some() {
        for _ in 0..400 {
            if results_generation(root) > before {
                break;
            }
            TimeoutFuture::new(25).await;
        }
    }
    settle().await;
}

/// The generation of the text the Policies tab's results describe, when it shows them.
fn results_generation(root: &Element) -> Option<u64> {
    root.query_selector("[data-testid='results']")
        .ok()
        .flatten()?
        .get_attribute("data-generation")?
        .parse()
        .ok()
}
