//! The address plan drawing and the corrected output, rendered in headless Chromium and driven
//! through their buttons.
#![cfg(target_arch = "wasm32")]

mod support;

use aksnet_core::plan::check_plan;
use aksnet_core::{Applicability, SourceFile};
use aksnet_web::EXAMPLE_PLAN;
use support::{all, click, mount, one, type_into};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn free_blocks(root: &Element) -> Vec<String> {
    all(root, "[data-testid='free-block']")
        .iter()
        .filter_map(|b| b.get_attribute("data-cidr"))
        .collect()
}

#[wasm_bindgen_test]
async fn the_example_plan_draws_its_overlap_and_shows_the_corrected_az() {
    let root = mount().await;
    click(&root, "#tab-plan").await;
    let map = one(&root, "[data-testid='address-map'][data-vnet='myVnet']");
    assert_eq!(
        map.get_attribute("data-space").as_deref(),
        Some("10.0.0.0/8")
    );
    let overlaps = all(&map, "[data-testid='map-overlap']");
    assert_eq!(overlaps.len(), 1);
    assert_eq!(
        overlaps[0].get_attribute("data-cidr").as_deref(),
        Some("10.0.0.0/16")
    );
    let svg = one(&map, "svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("VNet myVnet address space 10.0.0.0/8: 3 ranges drawn, 1 overlaps")
    );

    // The example's only fix moves a range, so it waits for its checkbox; ticked, the corrected
    // side holds exactly the core's corrected text and the original side the editor's.
    assert!(all(&root, "[data-testid='corrected-az']").is_empty());
    click(
        &root,
        "[data-testid='unsafe-fix'][data-code='cidr-overlap']",
    )
    .await;
    let expected = check_plan(&SourceFile::new("plan", EXAMPLE_PLAN), 0)
        .corrected_with(EXAMPLE_PLAN, Applicability::Unsafe)
        .unwrap();
    let corrected = one(&root, "[data-testid='corrected-az']");
    assert_eq!(corrected.text_content().unwrap(), expected);
    assert_eq!(
        one(&root, ".diff-side.original").text_content().unwrap(),
        EXAMPLE_PLAN
    );
    let added = all(&corrected, ".stretch.added .line");
    assert_eq!(added.len(), 2);
    assert_eq!(
        added[0].get_attribute("title").as_deref(),
        Some("line added by the corrections")
    );
    assert_eq!(
        one(&root, "[data-testid='download-corrected']")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Download the corrected text as plan.fixed.sh")
    );

    // Typing the correction in leaves nothing to draw as overlapping and nothing to correct.
    type_into(&root, "plan-editor", &expected).await;
    assert!(all(&root, "[data-testid='map-overlap']").is_empty());
    assert!(all(&root, "[data-testid='corrected-az']").is_empty());
}

#[wasm_bindgen_test]
async fn free_blocks_split_into_halves_and_join_back() {
    let root = mount().await;
    click(&root, "#tab-plan").await;
    let before = free_blocks(&root);
    assert_eq!(before.first().map(String::as_str), Some("10.0.0.0/9"));
    assert!(all(&root, "[data-testid='join-block']").is_empty());

    click(
        &root,
        "[data-cidr='10.0.0.0/9'] [data-testid='split-block']",
    )
    .await;
    let after = free_blocks(&root);
    assert_eq!(&after[..2], ["10.0.0.0/10", "10.64.0.0/10"]);
    assert_eq!(&after[2..], &before[1..]);
    assert_eq!(all(&root, "[data-testid='join-block']").len(), 2);

    click(
        &root,
        "[data-cidr='10.64.0.0/10'] [data-testid='join-block']",
    )
    .await;
    assert_eq!(free_blocks(&root), before);
}

#[wasm_bindgen_test]
async fn the_policies_tab_shows_the_corrected_yaml_beside_the_original() {
    let root = mount().await;
    let split = include_str!("../../tests/fixtures/rules/np-split-peer/fail.yaml");
    type_into(&root, "manifest-editor", split).await;
    // Merging the peers changes what is allowed: applied once its checkbox is ticked.
    click(
        &root,
        "[data-testid='unsafe-fix'][data-code='np-split-peer']",
    )
    .await;
    let corrected = one(&root, "[data-testid='corrected-yaml']")
        .text_content()
        .unwrap();
    assert_ne!(corrected, split);
    assert!(corrected.contains("      podSelector:"), "{corrected}");
    assert_eq!(
        one(&root, ".diff-side.original").text_content().unwrap(),
        split
    );
    let summary = one(&root, "[data-testid='diff-summary']")
        .text_content()
        .unwrap();
    assert!(summary.ends_with(" added"), "{summary}");
    assert_eq!(
        one(&root, "[data-testid='download-corrected'] code")
            .text_content()
            .as_deref(),
        Some("manifests.fixed.yaml")
    );
}
