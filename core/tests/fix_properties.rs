//! Properties of fixing, over every fixture and every prefix of them (the half-typed input the
//! page sees): applying the fixes never breaks parsing, and fixing is idempotent. The property
//! is `aksnet_core::fix_property::check`, which the fuzz target for fixes checks too.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::PathBuf;

use aksnet_core::fix_property;

fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ["rules", "reach", "cli", "check-dir"]
        .iter()
        .flat_map(|kind| common::files(&common::fixtures(kind), &["yaml"]))
        .collect();
    out.push(common::repository().join("static/examples/backend-policy.yaml"));
    out
}

#[test]
fn fixing_never_breaks_parsing_and_is_idempotent() {
    let files = fixtures();
    assert!(files.len() > 80, "only {} fixtures", files.len());
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // The whole file, then prefixes cut at line ends (as a user types line by line).
        let mut inputs = vec![text.clone()];
        inputs.extend(
            text.match_indices('\n')
                .step_by(4)
                .map(|(i, _)| text[..=i].to_owned()),
        );
        for input in inputs {
            match fix_property::check(&input) {
                Ok(fixed) => checked += usize::from(fixed),
                Err(broken) => panic!("{}: {broken}", file.display()),
            }
        }
    }
    assert!(checked > 50, "only {checked} inputs had fixes");
}

/// One rule for line breaks in every edit (`core/src/yaml_edit.rs`): a rule fixture written with
/// Windows (`\r\n`) or old Mac (`\r`) line breaks is fixed exactly as with `\n`, apart from the
/// breaks it already had.
#[test]
fn every_line_break_gets_the_same_fixes() {
    let mut fixed = 0;
    for file in common::files(&common::fixtures("rules"), &["yaml"]) {
        let text = std::fs::read_to_string(&file).unwrap();
        if text.contains('\r') {
            continue;
        }
        let expected = fix_property::fix_once(&text);
        for (name, br) in [("\\r\\n", "\r\n"), ("\\r", "\r")] {
            let written = text.replace('\n', br);
            let got = fix_property::fix_once(&written)
                .replace("\r\n", "\n")
                .replace('\r', "\n");
            assert_eq!(got, expected, "{} with {name}", file.display());
        }
        fixed += usize::from(expected != text);
    }
    assert!(fixed > 10, "only {fixed} fixtures have fixes");
}
