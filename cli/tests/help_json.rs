//! Each command's help (`aksnet help COMMAND`) documents its JSON: every key a command's JSON
//! output holds is named there, in quotes. A field added to an output without its line in
//! cli/src/args.rs fails here.

mod common;

use std::collections::BTreeSet;

use common::{aksnet, stdout};

/// The keys of every object in `value`, except those of label maps, whose keys are data.
fn keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                out.insert(key.clone());
                if key != "labels" && key != "namespace_labels" {
                    keys(inner, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// (the help asked for, a run of the command with JSON output that fills its optional fields)
const CASES: &[(&[&str], &[&str])] = &[
    (
        &["help", "check"],
        &[
            "check",
            "tests/fixtures/rules/np-split-peer/fail.yaml",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "check"],
        &[
            "check",
            "tests/fixtures/rules/migrate-lb-ingress/fail.yaml",
            "--engine",
            "azure",
            "--migrate-to",
            "cilium",
            "--cilium-version",
            "1.16",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "plan"],
        &[
            "plan",
            "tests/fixtures/plan/pod-cidr-too-small/fail.sh",
            "--check-ip",
            "203.0.113.7",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "plan"],
        &[
            "plan",
            "tests/fixtures/plan/cidr-overlap/fail.yaml",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "plan"],
        &[
            "plan",
            "tests/fixtures/plan/network-policy-unsupported/pass.yaml",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "reach"],
        &[
            "reach",
            "tests/fixtures/cli/walkthrough.yaml",
            "--representatives",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "explain"],
        &[
            "explain",
            "tests/fixtures/cli/walkthrough.yaml",
            "--from",
            "development/frontend",
            "--to",
            "development/backend",
            "--port",
            "80/TCP",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "reach"],
        &[
            "reach",
            "tests/fixtures/cli/walkthrough.yaml",
            "--engine",
            "cilium",
            "--cilium-version",
            "1.16",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "explain"],
        &[
            "explain",
            "tests/fixtures/cli/walkthrough.yaml",
            "--from",
            "development/frontend",
            "--to",
            "development/backend",
            "--port",
            "80/TCP",
            "--engine",
            "none",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "explain"],
        &[
            "explain",
            "tests/fixtures/cli/walkthrough.yaml",
            "--from",
            "development/frontend",
            "--to",
            "development/backend",
            "--port",
            "80/TCP",
            "--engine",
            "cilium",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "reach"],
        &[
            "reach",
            "tests/fixtures/via/shop.yaml",
            "tests/fixtures/via/clients-allowed.yaml",
            "--via",
            "shop/web",
            "--external",
            "203.0.113.7",
            "--engine",
            "cilium",
            "--format",
            "json",
        ],
    ),
    (
        &["help", "exercise", "list"],
        &["exercise", "list", "--format", "json"],
    ),
    (
        &["help", "exercise", "check"],
        &[
            "exercise",
            "check",
            "deny-backend-ingress",
            "tests/fixtures/cli/walkthrough.yaml",
            "--format",
            "json",
        ],
    ),
];

#[test]
fn every_key_of_each_json_output_is_in_its_help() {
    let mut missing = Vec::new();
    for (help, run) in CASES {
        let help_text = stdout(&aksnet(help));
        assert!(
            help_text.contains("JSON output (--format json)"),
            "`aksnet {}` has no JSON section",
            help.join(" ")
        );
        let output = aksnet(run);
        let json: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("`aksnet {}`: {e}", run.join(" ")));
        let mut found = BTreeSet::new();
        keys(&json, &mut found);
        assert!(found.len() > 2, "`aksnet {}`: {found:?}", run.join(" "));
        for key in found {
            if !help_text.contains(&format!("\"{key}\"")) {
                missing.push(format!(
                    "`aksnet {}` does not name \"{key}\"",
                    help.join(" ")
                ));
            }
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn fix_says_it_has_no_json() {
    assert!(stdout(&aksnet(&["help", "fix"])).contains("There is no JSON output"));
}
