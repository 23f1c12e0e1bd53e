//! The playground rendered in headless Chromium, driven through its DOM as a user would.
#![cfg(target_arch = "wasm32")]

mod support;

use support::{by_testid, click, mount, mount_keeping_storage, type_into};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlTextAreaElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn opens_with_the_walkthrough_example_and_no_findings() {
    let root = mount().await;
    let kinds: Vec<_> = by_testid(&root, "object")
        .iter()
        .filter_map(|row| row.get_attribute("data-kind"))
        .collect();
    assert_eq!(kinds, ["Namespace", "Pod", "Pod", "NetworkPolicy"]);
    let errors = by_testid(&root, "finding")
        .iter()
        .filter(|f| f.get_attribute("data-severity").as_deref() == Some("error"))
        .count();
    assert_eq!(errors, 0);
    assert_eq!(by_testid(&root, "findings").len(), 1);
}

#[wasm_bindgen_test]
async fn a_yaml_error_shows_with_its_line() {
    let root = mount().await;
    type_into(
        &root,
        "manifest-editor",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n",
    )
    .await;
    let findings = by_testid(&root, "finding");
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0].get_attribute("data-code").as_deref(),
        Some("yaml-syntax")
    );
    assert_eq!(findings[0].get_attribute("data-line").as_deref(), Some("4"));
    // The document that does not parse is listed, marked unread (issue 14).
    let objects = by_testid(&root, "object");
    assert_eq!(objects.len(), 1);
    assert_eq!(
        objects[0].get_attribute("data-unread").as_deref(),
        Some("true")
    );
    assert_eq!(
        objects[0].get_attribute("data-kind").as_deref(),
        Some("Pod")
    );

    // Mending the text clears the syntax error and lists the object again.
    type_into(
        &root,
        "manifest-editor",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n",
    )
    .await;
    assert!(
        by_testid(&root, "finding")
            .iter()
            .all(|f| f.get_attribute("data-code").as_deref() != Some("yaml-syntax"))
    );
    let objects = by_testid(&root, "object");
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0].get_attribute("data-unread"), None);
}

/// A text the page died with is offered on the next load, never loaded on its own: loading it
/// would crash the page again on every visit.
#[wasm_bindgen_test]
async fn the_text_a_crash_left_is_offered_not_loaded() {
    let root = mount().await;
    let mine = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: mine\n";
    type_into(&root, "manifest-editor", mine).await;
    root.remove();
    let storage = gloo::utils::window().local_storage().unwrap().unwrap();
    // What static/page-guard.js writes when the module traps.
    storage
        .set_item("aksnet.rescued", &format!("{{\"m\":{mine:?},\"p\":\"\"}}"))
        .unwrap();

    let root = mount_keeping_storage().await;
    assert_eq!(by_testid(&root, "restored-after-crash").len(), 1);
    let editor = |root: &web_sys::Element| -> HtmlTextAreaElement {
        by_testid(root, "manifest-editor")
            .remove(0)
            .dyn_into()
            .unwrap()
    };
    assert_ne!(editor(&root).value(), mine, "not loaded automatically");
    click(&root, "[data-testid='rescued-show']").await;
    let plain: HtmlTextAreaElement = by_testid(&root, "rescued-text")
        .remove(0)
        .dyn_into()
        .unwrap();
    assert_eq!(plain.value(), mine);
    click(&root, "[data-testid='rescued-open']").await;
    assert_eq!(editor(&root).value(), mine);
    assert!(by_testid(&root, "restored-after-crash").is_empty());
    assert_eq!(storage.get_item("aksnet.rescued").unwrap(), None);
    root.remove();

    // A page that died without running any script (killed out of memory) left its work mark.
    storage.set_item("aksnet.busy", "1").unwrap();
    let root = mount_keeping_storage().await;
    assert_eq!(by_testid(&root, "restored-after-crash").len(), 1);
    click(&root, "[data-testid='rescued-discard']").await;
    assert!(by_testid(&root, "restored-after-crash").is_empty());
    assert_eq!(storage.get_item("aksnet.rescued").unwrap(), None);
}
