//! If the page panics anyway, the user's work must survive it. A panic in WebAssembly kills the
//! module: Yew stops and nothing more can run. The panic hook therefore writes, with plain DOM
//! calls, a page that shows the user's texts to copy, saves them so that a reload restores them,
//! and leaves a flag that the next load turns into a notice. Analysis panics never get here: they
//! happen in the worker, which only reports them (background.rs).

use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use crate::browser;
use crate::share::Saved;

/// Installs the hook on the page (not in the worker, which has no page to write).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        show(&info.to_string());
    }));
}

/// Replaces the page (its `#app` element, else the body) with the crash screen.
pub fn show(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let page = document
        .get_element_by_id("app")
        .or_else(|| document.body().map(Into::into));
    if let Some(page) = page {
        show_in(&page, detail);
    }
}

/// Replaces what `page` holds with the crash screen; every step is allowed to fail quietly.
pub fn show_in(page: &Element, detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let saved = rescued_texts(page);
    browser::save(&saved);
    browser::set_crash_flag();
    let t = browser::language().text();
    page.set_text_content(None);
    let Some(screen) = element(&document, "main", "crash") else {
        return;
    };
    let _ = screen.set_attribute("role", "alert");
    let _ = screen.set_attribute("data-testid", "crash");
    append_text(&document, &screen, "h1", t.crash_title);
    append_text(&document, &screen, "p", t.crash_body);
    for (label, text) in [(t.manifests, &saved.manifests), (t.plan, &saved.plan)] {
        if text.trim().is_empty() {
            continue;
        }
        append_text(&document, &screen, "h2", label);
        if let Some(area) = element(&document, "textarea", "crash-text") {
            let _ = area.set_attribute("readonly", "");
            let _ = area.set_attribute("aria-label", label);
            // Text content of a textarea is its value: never parsed as HTML.
            area.set_text_content(Some(text));
            let _ = screen.append_child(&area);
        }
    }
    if let Some(link) = element(&document, "a", "reload") {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_else(|| "./".to_owned());
        let _ = link.set_attribute("href", &href);
        link.set_text_content(Some(t.reload));
        let _ = screen.append_child(&link);
    }
    if let Some(details) = element(&document, "details", "crash-detail") {
        append_text(&document, &details, "summary", t.crash_detail);
        append_text(&document, &details, "pre", detail);
        let _ = screen.append_child(&details);
    }
    let _ = page.append_child(&screen);
}

/// The editors' texts as they are on the page, else as last saved.
fn rescued_texts(page: &Element) -> Saved {
    let saved = browser::saved_session().unwrap_or_default();
    let editor = |testid: &str| {
        page.query_selector(&format!("[data-testid='{testid}']"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|area| area.value())
    };
    Saved {
        manifests: editor("manifest-editor").unwrap_or(saved.manifests),
        plan: editor("plan-editor").unwrap_or(saved.plan),
        tab: saved.tab,
    }
}

fn element(document: &Document, tag: &str, class: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    element.set_class_name(class);
    Some(element)
}

fn append_text(document: &Document, parent: &Element, tag: &str, text: &str) {
    if let Ok(child) = document.create_element(tag) {
        child.set_text_content(Some(text));
        let _ = parent.append_child(&child);
    }
}
