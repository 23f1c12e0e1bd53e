//! The core in a browser's WebAssembly engine: what the page relies on.
#![cfg(target_arch = "wasm32")]

use std::fmt::Write;

use aksnet_core::{Code, SourceFile, analyze};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &str = include_str!("../../static/examples/backend-policy.yaml");

#[wasm_bindgen_test]
fn reads_the_walkthrough_example() {
    let sources = [SourceFile::new("example.yaml", EXAMPLE)];
    let analysis = analyze(&sources);
    assert!(!analysis.has_errors(), "{:?}", analysis.findings);
    let kinds: Vec<_> = analysis.objects().into_iter().map(|o| o.kind).collect();
    assert_eq!(kinds, ["Namespace", "Pod", "Pod", "NetworkPolicy"]);
}

fn codes(text: &str) -> Vec<Code> {
    analyze(&[SourceFile::new("x.yaml", text)])
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

#[wasm_bindgen_test]
fn hostile_yaml_is_a_finding_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    assert_eq!(codes(&deep), [Code::YamlSyntax]);

    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let alias = format!("*a{}", i - 1);
        let items = [alias.as_str(); 10].join(", ");
        writeln!(bomb, "a{i}: &a{i} [{items}]").unwrap();
    }
    assert_eq!(codes(&bomb), [Code::YamlLimit]);

    assert_eq!(codes("kind: ["), [Code::YamlSyntax]);
}

/// The page's Exercises tab: the embedded catalogue and a check on every keystroke.
#[wasm_bindgen_test]
fn the_built_in_exercises_check_themselves() {
    let catalog = aksnet_core::exercise::catalog();
    assert!(catalog.len() >= 10);
    for exercise in catalog {
        let start = &exercise.start;
        let solution = &exercise.solution;
        assert!(!aksnet_core::exercise::check(exercise, &start.manifests, &start.plan).met);
        assert!(aksnet_core::exercise::check(exercise, &solution.manifests, &solution.plan).met);
    }
}
