//! The findings of `check --format json` and `plan --format json` are one form, the core's
//! `Finding`: the same fields in both, so the two cannot drift apart again, and each still holds
//! every field its contract names (docs/cli.md).
// See: issue 15, part 2.

mod common;

use std::collections::BTreeSet;

use common::{aksnet, aksnet_with};

/// A NetworkPolicy under an API group no supported Kubernetes serves: a finding with a fix.
const MANIFEST: &str = "\
apiVersion: extensions/v1beta1
kind: NetworkPolicy
metadata: {name: default-deny}
spec:
  podSelector: {}
  policyTypes: [Ingress]
";

fn json(args: &[&str], stdin: &str) -> serde_json::Value {
    let output = if stdin.is_empty() {
        aksnet(args)
    } else {
        aksnet_with(args, stdin)
    };
    serde_json::from_slice(&output.stdout).unwrap()
}

fn keys(value: &serde_json::Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

/// The first finding with a fix, in `report`'s findings.
fn fixed(report: &serde_json::Value) -> &serde_json::Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f.get("fix").is_some())
        .unwrap()
}

fn set(fields: &[&str]) -> BTreeSet<String> {
    fields.iter().map(|&f| f.to_owned()).collect()
}

#[test]
fn check_and_plan_findings_have_the_same_fields() {
    for lang in ["en", "ja"] {
        let check = json(
            &["check", "-", "--format", "json", "--lang", lang],
            MANIFEST,
        );
        let plan = json(
            &[
                "plan",
                "tests/fixtures/plan/cidr-not-canonical/fail.yaml",
                "--format",
                "json",
                "--lang",
                lang,
            ],
            "",
        );
        let (check, plan) = (fixed(&check), fixed(&plan));
        assert_eq!(keys(check), keys(plan), "{check:#}\n{plan:#}");
        assert_eq!(keys(&check["fix"]), keys(&plan["fix"]));
        assert_eq!(
            keys(&check["fix"]["edits"][0]),
            keys(&plan["fix"]["edits"][0])
        );
        // Each keeps the fields its contract has always had.
        let check_contract = set(&[
            "code", "severity", "message", "file", "line", "column", "object", "fix",
        ]);
        let plan_contract = set(&["code", "severity", "message", "ranges", "line", "column"]);
        assert!(keys(check).is_superset(&check_contract), "{check:#}");
        assert!(keys(plan).is_superset(&plan_contract), "{plan:#}");
        assert!(keys(&check["fix"]).is_superset(&set(&["title", "applicability"])));
    }
}

/// `message` and the fix's `title` are in `--lang`; `message_ja` and `title_ja` in Japanese.
#[test]
fn messages_are_in_the_lang_asked_for() {
    let en = json(&["check", "-", "--format", "json"], MANIFEST);
    let ja = json(
        &["check", "-", "--format", "json", "--lang", "ja"],
        MANIFEST,
    );
    let (en, ja) = (fixed(&en), fixed(&ja));
    assert!(en["message"].as_str().unwrap().is_ascii(), "{en:#}");
    assert!(en["fix"]["title"].as_str().unwrap().is_ascii(), "{en:#}");
    assert_eq!(ja["message"], en["message_ja"]);
    assert_eq!(ja["fix"]["title"], en["fix"]["title_ja"]);
    assert_eq!(ja["message_ja"], en["message_ja"]);
    assert!(!en["message_ja"].as_str().unwrap().is_ascii());
}
