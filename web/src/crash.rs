//! If the page dies anyway, the user's work must survive it. A panic or an allocation failure
//! kills the WebAssembly module (an allocation failure aborts without even running the panic
//! hook): nothing of it can run afterwards. So the crash screen is written beforehand, hidden,
//! outside the part of the page Yew draws, and kept up to date with the texts; the page's own
//! script static/page-guard.js shows it when a call into the module traps, fills in the editors'
//! latest texts and keeps them aside for the next load, which offers them rather than loading
//! them (a text that crashes the page must not crash every visit). Analysis panics never get
//! here: they happen in the worker, which only reports them (background.rs).

use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use crate::i18n::Lang;

/// The screen's id; page-guard.js looks it up by this.
const SCREEN_ID: &str = "crash-screen";

/// Installs the hook on the page (not in the worker, which has no page to write): it puts the
/// panic's message in the screen; the trap that follows shows it.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        if let Some(detail) = part("pre") {
            detail.set_text_content(Some(&info.to_string()));
        }
    }));
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

fn part(selector: &str) -> Option<Element> {
    document()?
        .get_element_by_id(SCREEN_ID)?
        .query_selector(selector)
        .ok()?
}

/// Writes the hidden crash screen in `lang` (again when the language changes). `keep` says
/// whether the guard may store the texts (a framed page writes nothing to storage).
pub fn prepare(lang: Lang, keep: bool) {
    let Some(document) = document() else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let kept = [
        part("[data-editor='manifest-editor']"),
        part("[data-editor='plan-editor']"),
    ]
    .map(|area| area.and_then(|a| a.text_content()).unwrap_or_default());
    if let Some(old) = document.get_element_by_id(SCREEN_ID) {
        old.remove();
    }
    let t = lang.text();
    let Some(screen) = element(&document, "main", "crash") else {
        return;
    };
    screen.set_id(SCREEN_ID);
    let _ = screen.set_attribute("hidden", "");
    let _ = screen.set_attribute("role", "alert");
    let _ = screen.set_attribute("data-testid", "crash");
    let _ = screen.set_attribute("lang", lang.tag());
    if keep {
        let _ = screen.set_attribute("data-keep", "");
    }
    append_text(&document, &screen, "h1", t.crash_title);
    append_text(&document, &screen, "p", t.crash_body);
    for ((label, editor), text) in [(t.manifests, "manifest-editor"), (t.plan, "plan-editor")]
        .into_iter()
        .zip(kept)
    {
        let Some(section) = element(&document, "section", "crash-part") else {
            continue;
        };
        append_text(&document, &section, "h2", label);
        if let Some(area) = element(&document, "textarea", "crash-text") {
            let _ = area.set_attribute("readonly", "");
            let _ = area.set_attribute("aria-label", label);
            let _ = area.set_attribute("data-editor", editor);
            // Text content of a textarea is its value: never parsed as HTML.
            area.set_text_content(Some(&text));
            let _ = section.append_child(&area);
        }
        let _ = screen.append_child(&section);
    }
    if let Some(link) = element(&document, "a", "reload") {
        link.set_text_content(Some(t.reload));
        let _ = screen.append_child(&link);
    }
    if let Some(details) = element(&document, "details", "crash-detail") {
        append_text(&document, &details, "summary", t.crash_detail);
        append_text(&document, &details, "pre", "");
        let _ = screen.append_child(&details);
    }
    let _ = body.append_child(&screen);
}

/// Keeps the screen's copy of the text of `editor` (`manifest-editor` or `plan-editor`) current.
/// While that editor is on the page the guard reads it there, so nothing is written: copying a
/// large text into the screen on every keystroke cost more than the keystroke's analysis.
pub fn keep_text(editor: &str, text: &str) {
    let live = document()
        .and_then(|d| {
            d.query_selector(&format!("[data-testid='{editor}']"))
                .ok()?
        })
        .is_some();
    if live {
        return;
    }
    let area = part(&format!("[data-editor='{editor}']"))
        .and_then(|a| a.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
    if let Some(area) = area {
        let _ = area.set_default_value(text);
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
