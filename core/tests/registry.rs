//! The registry of rules (core/src/codes.rs) is complete: every code has its entry, the module
//! its entry names (its own file, whose doc comment starts with the code), its page in both
//! languages, and a failing fixture with its passing twin (tests/fixtures/{rules,plan}/<code>/).
//!
//! Planner and az codes still checked in a shared module, or still without fixtures, are listed
//! below by name: each list must hold exactly the codes that lack the thing, so it can only
//! shrink, and a code that gains its file or fixtures has to leave it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use aksnet_core::codes::registry;
use aksnet_core::{Code, Lang};

/// Planner and az codes whose check still shares a module with other codes (or lives in a
/// reader), until each gets its file in core/src/plan/checks/.
const AWAITING_OWN_FILE: &[Code] = &[
    Code::PlanUnknownKey,
    Code::AzSyntax,
    Code::AzUnresolvedVariable,
    Code::AzLimit,
    Code::AzPowershellEmptyArgument,
];

/// az codes without a fixture pair in tests/fixtures/plan/ yet.
const AWAITING_FIXTURES: &[Code] = &[];

/// The file a registry path names (`rules::netpol::split_peer`, or a function in a module:
/// `plan::checks::cluster::check_limits`), with the function when there is one.
fn resolve(check: &str) -> Option<(PathBuf, Option<String>)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let segments: Vec<&str> = check.split("::").collect();
    let module = |parts: &[&str]| {
        let dir = parts.iter().fold(src.clone(), |dir, part| dir.join(part));
        [dir.with_extension("rs"), dir.join("mod.rs")]
            .into_iter()
            .find(|file| file.is_file())
    };
    if let Some(file) = module(&segments) {
        return Some((file, None));
    }
    let (function, parent) = segments.split_last()?;
    let file = module(parent)?;
    let text = fs::read_to_string(&file).ok()?;
    text.contains(&format!("fn {function}("))
        .then(|| (file, Some((*function).to_owned())))
}

#[test]
fn every_code_has_an_entry_that_names_an_existing_check() {
    let entries: Vec<Code> = registry().map(|rule| rule.code).collect();
    assert_eq!(entries, Code::ALL, "the registry is not the table of codes");
    for rule in registry() {
        assert_eq!(rule.severity(), rule.code.severity());
        assert!(
            resolve(rule.check()).is_some(),
            "{}: the registry names {}, which is neither a module nor a function under core/src",
            rule.code,
            rule.check()
        );
    }
}

#[test]
fn every_code_has_its_own_module() {
    let mut files: BTreeMap<PathBuf, Vec<Code>> = BTreeMap::new();
    for rule in registry() {
        if let Some((file, _)) = resolve(rule.check()) {
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
    let awaiting: BTreeSet<Code> = AWAITING_OWN_FILE.iter().copied().collect();
    let manifest_side: Vec<&Code> = lacking.difference(&awaiting).collect();
    assert!(
        manifest_side.is_empty(),
        "these codes have no module of their own whose doc comment starts with the code: {manifest_side:?}"
    );
    let done: Vec<&Code> = awaiting.difference(&lacking).collect();
    assert!(
        done.is_empty(),
        "these codes have their own module now: take them out of AWAITING_OWN_FILE: {done:?}"
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
    let awaiting: BTreeSet<Code> = AWAITING_FIXTURES.iter().copied().collect();
    assert_eq!(
        lacking, awaiting,
        "the codes without fail/pass fixtures are not those AWAITING_FIXTURES lists"
    );
}
