//! The few things the page asks of the browser: its address, localStorage, the parent frame, the
//! clipboard, downloads and the rule pages served beside the page. Each fails quietly (private
//! windows refuse storage, a page may not be framed, the clipboard may be refused, a host may not
//! serve the rule pages); the last three say whether they worked.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};

use crate::i18n::Lang;
use crate::share::{self, Saved};

const STORAGE_KEY: &str = "aksnet.session";
const LANG_KEY: &str = "aksnet.lang";
/// Earlier sessions a link's document displaced, newest first, one encoded state a line.
const PREVIOUS_KEY: &str = "aksnet.previous";
/// The texts on the page when it last died (JSON, written by static/page-guard.js or by the next
/// load): offered, never loaded automatically, so a text that crashes the page cannot do it again.
const RESCUED_KEY: &str = "aksnet.rescued";
/// Where the reader was: tab, exercise and port, one a line.
const VIEW_KEY: &str = "aksnet.view";
/// A session this page could not read (saved by a newer version), kept aside so that editing
/// here does not overwrite it.
const UNREADABLE_KEY: &str = "aksnet.session.unreadable";
/// Set while the page works on a change and cleared once it is done: still set at the next load,
/// it means the page died during that work (an out-of-memory kill runs no script at all).
const BUSY_KEY: &str = "aksnet.busy";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn query_flag(name: &str) -> bool {
    let search = window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair == format!("{name}=1") || pair == name)
}

pub fn embed_requested() -> bool {
    query_flag("embed")
}

pub fn readonly_requested() -> bool {
    query_flag("readonly")
}

/// What the page opens with.
#[derive(Default)]
pub struct Opening {
    pub saved: Option<Saved>,
    /// `saved` came from the address's link: it is a document of its own, and the session this
    /// browser kept stays as it is until the user edits the link's text.
    pub from_link: bool,
    /// The page died with these texts last time; they are offered instead of loaded.
    pub rescued: bool,
    /// The address held a link this page cannot open.
    pub link_problem: Option<share::Unreadable>,
    /// A saved session this page cannot read is kept aside.
    pub unreadable_session: bool,
}

/// A share link in the address wins over the saved session. A framed page shows only what its
/// link holds: the reader's own session belongs to the full page. After a crash neither is
/// loaded: the texts the page died with are kept aside and offered.
pub fn open(embedded: bool) -> Opening {
    let link = share::read(
        &window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default(),
    );
    let link_problem = link
        .as_ref()
        .err()
        .copied()
        .filter(|e| *e != share::Unreadable::NotState);
    let from_link = link.ok();
    if embedded {
        return Opening {
            from_link: from_link.is_some(),
            saved: from_link,
            link_problem,
            ..Opening::default()
        };
    }
    let storage = storage();
    let item = |key| {
        storage
            .as_ref()
            .and_then(|s| s.get_item(key).ok().flatten())
    };
    let died_busy = item(BUSY_KEY).is_some();
    if let Some(storage) = &storage {
        let _ = storage.remove_item(BUSY_KEY);
    }
    let stored = item(STORAGE_KEY);
    let unreadable = stored
        .as_deref()
        .is_some_and(|s| share::decode(s).is_none());
    if let (true, Some(storage), Some(stored)) = (unreadable, &storage, &stored) {
        let _ = storage.set_item(UNREADABLE_KEY, stored);
        let _ = storage.remove_item(STORAGE_KEY);
    }
    let unreadable_session = unreadable || item(UNREADABLE_KEY).is_some();
    let mut rescued = item(RESCUED_KEY).is_some();
    if died_busy && !rescued {
        let lost = from_link.clone().or_else(saved_session);
        if let (Some(storage), Some(lost)) = (&storage, lost) {
            let json = serde_json::to_string(&lost).unwrap_or_default();
            rescued = storage.set_item(RESCUED_KEY, &json).is_ok();
        }
    }
    if rescued {
        return Opening {
            rescued: true,
            link_problem,
            unreadable_session,
            ..Opening::default()
        };
    }
    Opening {
        from_link: from_link.is_some(),
        saved: from_link.or_else(saved_session),
        rescued: false,
        link_problem,
        unreadable_session,
    }
}

/// The session this browser kept, whatever link the address holds.
pub fn saved_session() -> Option<Saved> {
    share::decode(&storage()?.get_item(STORAGE_KEY).ok()??)
}

pub fn has_saved_session() -> bool {
    storage().is_some_and(|s| s.get_item(STORAGE_KEY).ok().flatten().is_some())
}

/// The texts the page died with last time.
pub fn rescued() -> Option<Saved> {
    serde_json::from_str(&storage()?.get_item(RESCUED_KEY).ok()??).ok()
}

pub fn forget_rescued() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(RESCUED_KEY);
    }
}

/// Marks that the page is working on a change; [`not_busy`] clears the mark.
pub fn busy() {
    if let Some(storage) = storage() {
        let _ = storage.set_item(BUSY_KEY, "1");
    }
}

pub fn not_busy() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(BUSY_KEY);
    }
}

fn previous_list() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(PREVIOUS_KEY).ok().flatten())
        .map(|list| list.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

fn set_previous_list(list: &[String]) {
    if let Some(storage) = storage() {
        let _ = if list.is_empty() {
            storage.remove_item(PREVIOUS_KEY)
        } else {
            storage.set_item(PREVIOUS_KEY, &list.join("\n"))
        };
    }
}

/// How many earlier sessions are kept.
pub fn previous_count() -> usize {
    previous_list().len()
}

/// Earlier sessions kept at most; the oldest goes first.
const MAX_PREVIOUS: usize = 5;

/// Keeps the session this browser holds among the earlier ones, before a link's edited document
/// takes its place. False when storage could not keep it (full): the caller must then leave the
/// session where it is.
pub fn keep_saved_session() -> bool {
    let Some(storage) = storage() else {
        return true;
    };
    let Some(current) = storage.get_item(STORAGE_KEY).ok().flatten() else {
        return true;
    };
    let mut list = previous_list();
    list.insert(0, current);
    list.truncate(MAX_PREVIOUS);
    storage.set_item(PREVIOUS_KEY, &list.join("\n")).is_ok()
}

/// Keeps `saved` among the earlier sessions and hands back the newest one it replaces.
pub fn swap_previous(saved: &Saved) -> Option<Saved> {
    let mut list = previous_list();
    let newest = share::decode(&list.first()?.clone());
    list[0] = share::encode(saved);
    set_previous_list(&list);
    newest
}

/// Drops the newest earlier session.
pub fn discard_previous() {
    let mut list = previous_list();
    if !list.is_empty() {
        list.remove(0);
    }
    set_previous_list(&list);
}

/// Takes the link out of the address, so a reload opens the session the page now keeps.
pub fn clear_fragment() {
    let Some(window) = window() else {
        return;
    };
    let has_link = window.location().hash().is_ok_and(|h| !h.is_empty());
    if let (true, Ok(history)) = (has_link, window.history()) {
        let search = window.location().search().unwrap_or_default();
        let _ = history.replace_state_with_url(
            &JsValue::NULL,
            "",
            Some(&format!("{}{search}", base_url())),
        );
    }
}

/// Whether another origin frames the page (reading a cross-origin top frame's address throws).
pub fn framed_by_other_origin() -> bool {
    let Some(window) = window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window) && top.location().href().is_err(),
        _ => false,
    }
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok()?
}

/// Storage to write to: none for a framed page (`?embed=1`), whose reader's storage belongs to
/// the full page (session, exercises and language alike).
fn writable() -> Option<web_sys::Storage> {
    if embed_requested() {
        return None;
    }
    storage()
}

/// Keeps `saved` as the session; `false` when it could not be kept (storage refused or full, or
/// a text past what a saved session may inflate to).
pub fn save(saved: &Saved) -> bool {
    if saved.manifests.len() + saved.plan.len() > share::MAX_STATE {
        return false;
    }
    let Some(storage) = writable() else {
        return false;
    };
    let encoded = share::encode(saved);
    // Writing what is already there would only tell the other tabs of a change that is none.
    if storage.get_item(STORAGE_KEY).ok().flatten().as_deref() == Some(encoded.as_str()) {
        return true;
    }
    storage.set_item(STORAGE_KEY, &encoded).is_ok()
}

/// The language chosen before, else the browser's.
pub fn language() -> Lang {
    let stored = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let tag = stored.or_else(|| window().and_then(|w| w.navigator().language()));
    Lang::from_tag(&tag.unwrap_or_default())
}

/// Keeps the choice and tells assistive technology the page's language.
pub fn set_language(lang: Lang) {
    let Some(window) = window() else {
        return;
    };
    if let Some(storage) = writable() {
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

pub fn forget() {
    if let Some(storage) = writable() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// The page's address without query or fragment.
fn base_url() -> String {
    let location = window().map(|w| w.location());
    let part = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
        location
            .as_ref()
            .and_then(|l| f(l).ok())
            .unwrap_or_default()
    };
    format!(
        "{}{}",
        part(web_sys::Location::origin),
        part(web_sys::Location::pathname)
    )
}

/// A link that reopens `saved`; the address bar is updated to it without a new history entry.
/// `None` when no link could carry it ([`share::link_fragment`]).
pub fn share_link(saved: &Saved) -> Option<String> {
    let fragment = share::link_fragment(saved)?;
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#{fragment}")),
        );
    }
    Some(format!("{}#{fragment}", base_url()))
}

/// An iframe snippet for documentation pages.
pub fn embed_code(saved: &Saved) -> String {
    format!(
        "<iframe src=\"{}?embed=1#{}\" title=\"aksnet playground\" style=\"width:100%;height:640px;border:0\" loading=\"lazy\"></iframe>",
        base_url(),
        share::encode(saved)
    )
}

/// Tells a parent page how tall the framed page is, so it can size the iframe: a JSON string
/// `{"type":"aksnet:height","height":N}`.
pub fn report_height() {
    let Some(window) = window() else {
        return;
    };
    let height = window
        .document()
        .and_then(|d| d.document_element())
        .map_or(0, |e| e.scroll_height());
    if let Ok(Some(parent)) = window.parent() {
        let message = format!("{{\"type\":\"aksnet:height\",\"height\":{height}}}");
        let _ = parent.post_message(&wasm_bindgen::JsValue::from_str(&message), "*");
    }
}

/// Calls `run` when the page is being left (closed, reloaded or navigated away); the listener
/// stays until the returned value is dropped.
pub fn on_page_hide(run: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    let window = window()?;
    Some(gloo::events::EventListener::new(
        &window,
        "pagehide",
        move |_| {
            run();
        },
    ))
}

/// Where the reader was in the page, so that a reload returns there.
pub struct View {
    pub tab: String,
    pub exercise: Option<String>,
    pub port: String,
    /// Whether the matrix shows representatives, when the reader chose.
    pub representatives: Option<bool>,
}

pub fn view() -> Option<View> {
    let text = storage()?.get_item(VIEW_KEY).ok()??;
    let mut lines = text.lines().map(str::to_owned);
    Some(View {
        tab: lines.next()?,
        exercise: lines.next().filter(|e| !e.is_empty()),
        port: lines.next()?,
        representatives: lines.next().and_then(|line| match line.as_str() {
            "representatives" => Some(true),
            "no-representatives" => Some(false),
            _ => None,
        }),
    })
}

pub fn keep_view(view: &View) {
    let representatives = match view.representatives {
        Some(true) => "representatives",
        Some(false) => "no-representatives",
        None => "",
    };
    let text = format!(
        "{}\n{}\n{}\n{representatives}",
        view.tab,
        view.exercise.as_deref().unwrap_or_default(),
        view.port
    );
    if let Some(storage) = writable() {
        let _ = storage.set_item(VIEW_KEY, &text);
    }
}

/// Calls `run` when another tab of this browser writes the session; the listener stays until the
/// returned value is dropped.
pub fn on_session_written_elsewhere(
    run: impl Fn() + 'static,
) -> Option<gloo::events::EventListener> {
    let window = window()?;
    Some(gloo::events::EventListener::new(
        &window,
        "storage",
        move |event| {
            // `storage` events reach only the other tabs of the origin, never the writer.
            let key = js_sys::Reflect::get(event, &JsValue::from_str("key")).ok();
            if key.and_then(|k| k.as_string()).as_deref() == Some(STORAGE_KEY) {
                run();
            }
        },
    ))
}

/// `?exercise=<id>`: the link an instructor puts on a slide.
pub fn exercise_requested() -> Option<String> {
    let search = window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("exercise="))
        .filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_owned)
}

/// The link that opens exercise `id` on this page.
pub fn exercise_link(id: &str) -> String {
    format!("{}?exercise={id}", base_url())
}

const EXERCISES_DONE_KEY: &str = "aksnet.exercises.done";

fn exercise_key(id: &str) -> String {
    format!("aksnet.exercise.{id}")
}

/// The ids of the exercises whose goals were all met in this browser.
pub fn exercises_done() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(EXERCISES_DONE_KEY).ok().flatten())
        .map(|list| {
            list.split(',')
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

pub fn keep_exercises_done(ids: &[String]) {
    if let Some(storage) = writable() {
        let _ = storage.set_item(EXERCISES_DONE_KEY, &ids.join(","));
    }
}

/// An exercise's texts as the participant left them: (manifests, plan).
pub fn exercise_work(id: &str) -> Option<(String, String)> {
    let saved = share::decode(&storage()?.get_item(&exercise_key(id)).ok()??)?;
    Some((saved.manifests, saved.plan))
}

pub fn keep_exercise_work(id: &str, manifests: &str, plan: &str) {
    if let Some(storage) = writable() {
        let saved = Saved {
            manifests: manifests.to_owned(),
            plan: plan.to_owned(),
            tab: String::new(),
            engine: None,
        };
        let _ = storage.set_item(&exercise_key(id), &share::encode(&saved));
    }
}

/// Puts `text` on the clipboard; `false` when the browser has no clipboard here or refuses it.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = window() else {
        return false;
    };
    // `navigator.clipboard` is absent outside secure contexts, and calling through it would throw.
    let clipboard = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// Offers `text` as a file named `file_name`, through a Blob and an object URL; `false` when the
/// browser refuses.
pub fn download(file_name: &str, text: &str) -> bool {
    let Some(window) = window() else {
        return false;
    };
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let anchor = window
        .document()
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    let Some(anchor) = anchor else {
        let _ = web_sys::Url::revoke_object_url(&url);
        return false;
    };
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The download reads the URL after this task ends: release it a little later.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000);
    true
}

/// Moves the keyboard focus to the first element `selector` matches, if any.
pub fn focus(selector: &str) {
    let element = window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// The text at `url` (relative to the page), fetched from the page's own origin; `None` when the
/// request fails or the answer is not 200–299 (a rule page missing from the host, a network
/// error).
pub async fn fetch_text(url: &str) -> Option<String> {
    use wasm_bindgen_futures::JsFuture;
    let response = JsFuture::from(window()?.fetch_with_str(url)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}
