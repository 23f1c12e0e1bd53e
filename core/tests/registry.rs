//! The registry of rules (core/src/codes.rs) is complete: every code has its entry, the module
//! its entry names (its own file, whose doc comment starts with the code), its page in both
//! languages, and a failing fixture with its passing twin (tests/fixtures/{rules,plan}/<code>/).
//!
//! Codes still without fixtures are listed below by name: the list must hold exactly the codes
//! that lack them, so it can only shrink, and a code that gains its fixtures has to leave it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use aksnet_core::codes::registry;
use aksnet_core::{Code, Lang};

/// The file of the module a registry path names (`rules::netpol::split_peer` is
/// `core/src/rules/netpol/split_peer.rs`, or `split_peer/mod.rs`).
fn resolve(check: &str) -> Option<PathBuf> {
    let dir = check.split("::").fold(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        |dir, part| dir.join(part),
    );
    [dir.with_extension("rs"), dir.join("mod.rs")]
        .into_iter()
        .find(|file| file.is_file())
}

#[test]
fn every_code_has_an_entry_that_names_an_existing_check() {
    let entries: Vec<Code> = registry().map(|rule| rule.code).collect();
    assert_eq!(entries, Code::ALL, "the registry is not the table of codes");
    for rule in registry() {
        assert_eq!(rule.severity(), rule.code.severity());
        assert!(
            resolve(rule.check()).is_some(),
            "{}: the registry names {}, which is not a module under core/src",
            rule.code,
            rule.check()
        );
    }
}

#[test]
fn every_code_has_its_own_module() {
    let mut files: BTreeMap<PathBuf, Vec<Code>> = BTreeMap::new();
    for rule in registry() {
        if let Some(file) = resolve(rule.check()) {
            files.entry(file).or_default().push(rule.code);
        }
    }
    let mut lacking = BTreeSet::new();
    for (file, codes) in &files {
        let first = fs::read_to_string(file)
            .unwrap_or_default()
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        for &code in codes {
            let own = codes.len() == 1 && first.starts_with(&format!("//! `{code}`"));
            if !own {
                lacking.insert(code);
            }
        }
    }
    assert!(
        lacking.is_empty(),
        "these codes have no module of their own whose doc comment starts with the code: {lacking:?}"
    );
}

#[test]
fn every_code_has_its_pages() {
    for rule in registry() {
        for lang in [Lang::En, Lang::Ja] {
            let path = rule.page_path(lang);
            assert!(
                common::repository().join(&path).is_file(),
                "{path} is missing"
            );
            let page = rule.page(lang).unwrap_or_default();
            assert!(
                page.starts_with(&format!("# {}\n", rule.code)),
                "{path} is not the embedded page of {}",
                rule.code
            );
        }
    }
}

/// A failing fixture and its passing twin, in the form a code's reader takes.
fn has_fixture_pair(code: Code) -> bool {
    ["rules", "plan"].iter().any(|kind| {
        let dir = common::fixtures(kind).join(code.as_str());
        ["yaml", "sh", "ps1"].iter().any(|ext| {
            dir.join(format!("fail.{ext}")).is_file() && dir.join(format!("pass.{ext}")).is_file()
        })
    })
}

#[test]
fn every_code_has_a_fixture_pair() {
    let lacking: BTreeSet<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|&code| !has_fixture_pair(code))
        .collect();
    assert!(
        lacking.is_empty(),
        "these codes have no fail/pass fixture pair under tests/fixtures/rules or plan: {lacking:?}"
    );
}
