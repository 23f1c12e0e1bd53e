//! `aksnet check --engine azure --migrate-to cilium`: the migrate-* findings join the check's in
//! every format, `--select migrate-` keeps them alone, the JSON lists the changed flows, and
//! `--migrate-to` without `--engine azure` is a usage error (docs/cli.md).

mod common;

use common::{aksnet, stdout};

const LB: &str = "tests/fixtures/rules/migrate-lb-ingress/fail.yaml";
const LB_LOCAL: &str = "tests/fixtures/rules/migrate-lb-ingress/pass.yaml";

fn json(args: &[&str]) -> serde_json::Value {
    let output = aksnet(args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_str(&stdout(&output)).unwrap()
}

fn codes(value: &serde_json::Value) -> Vec<String> {
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_migration_findings_join_the_check_and_its_flows_are_in_the_json() {
    let value = json(&[
        "check",
        LB,
        "--engine",
        "azure",
        "--migrate-to",
        "cilium",
        "--format",
        "json",
    ]);
    let codes = codes(&value);
    assert!(
        codes.contains(&"migrate-lb-ingress".to_owned()),
        "{codes:?}"
    );
    assert!(codes.contains(&"pod-runs-as-root".to_owned()), "{codes:?}");
    assert_eq!(value["engine"], "azure");
    assert_eq!(value["cilium_version"], "1.17");
    assert_eq!(value["migration"]["from"], "azure");
    assert_eq!(value["migration"]["to"], "cilium");
    let flows = value["migration"]["flows"].as_array().unwrap();
    assert!(
        flows.iter().any(|f| f["via"] == "default/web"
            && f["from"] == "203.0.113.10"
            && f["to"] == "default/web"
            && f["port"]["port"] == 8080
            && f["before"] == true
            && f["after"] == false
            && f["codes"][0] == "migrate-lb-ingress"),
        "{flows:?}"
    );
    // The finding has the same form as every other, its fix unsafe.
    let finding = &value["findings"][0];
    assert_eq!(finding["code"], "migrate-lb-ingress");
    assert_eq!(finding["fix"]["applicability"], "unsafe");
    assert!(finding["message_ja"].as_str().unwrap().contains("Service"));
}

#[test]
fn select_keeps_the_migration_findings_alone() {
    let value = json(&[
        "check",
        LB,
        "--engine",
        "azure",
        "--migrate-to",
        "cilium",
        "--select",
        "migrate-",
        "--format",
        "json",
    ]);
    assert_eq!(codes(&value), ["migrate-lb-ingress"]);
    let output = aksnet(&[
        "check",
        LB,
        "--engine",
        "azure",
        "--migrate-to",
        "cilium",
        "--select",
        "migrate-",
        "--format",
        "sarif",
    ]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "migrate-lb-ingress"
    );
}

#[test]
fn the_text_output_ends_with_the_changed_flows() {
    let output = aksnet(&["check", LB, "--engine", "azure", "--migrate-to", "cilium"]);
    let text = stdout(&output);
    assert!(text.contains("warning[migrate-lb-ingress]"), "{text}");
    assert!(
        text.contains(
            "✓→✗ 203.0.113.10 → default/web 8080/TCP via default/web [migrate-lb-ingress]"
        ),
        "{text}"
    );
    // The twin with externalTrafficPolicy Local changes nothing.
    let local = stdout(&aksnet(&[
        "check",
        LB_LOCAL,
        "--engine",
        "azure",
        "--migrate-to",
        "cilium",
    ]));
    assert!(!local.contains("[migrate-"), "{local}");
    assert!(local.contains("cilium 1.17: 0"), "{local}");
}

#[test]
fn external_sources_are_the_clients() {
    let value = json(&[
        "check",
        LB,
        "--engine",
        "azure",
        "--migrate-to",
        "cilium",
        "--external",
        "198.51.100.0/24",
        "--format",
        "json",
    ]);
    let flows = value["migration"]["flows"].as_array().unwrap();
    assert!(
        flows.iter().any(|f| f["from"] == "198.51.100.0/24"),
        "{flows:?}"
    );
    let fix = &value["findings"][0]["fix"];
    assert!(
        fix["edits"][0]["text"]
            .as_str()
            .unwrap()
            .contains("cidr: 198.51.100.0/24\n")
    );
}

#[test]
fn migrate_to_needs_engine_azure() {
    for args in [
        &["check", LB, "--migrate-to", "cilium"][..],
        &["check", LB, "--engine", "calico", "--migrate-to", "cilium"],
        &[
            "check",
            LB,
            "--engine",
            "azure",
            "--migrate-to",
            "calico",
            "--cilium-version",
            "1.16",
        ],
        &["check", LB, "--external", "198.51.100.7"],
        &["check", LB, "--cilium-version", "1.16"],
    ] {
        let output = aksnet(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
    }
}

/// Without --migrate-to, --engine is accepted and recorded; the findings are the same.
#[test]
fn engine_alone_is_recorded() {
    let plain = json(&["check", LB, "--format", "json"]);
    assert!(plain.get("engine").is_none() && plain.get("migration").is_none());
    let with = json(&[
        "check",
        LB,
        "--engine",
        "cilium",
        "--cilium-version",
        "1.16",
        "--format",
        "json",
    ]);
    assert_eq!(with["engine"], "cilium");
    assert_eq!(with["cilium_version"], "1.16");
    assert_eq!(with["findings"], plain["findings"]);
}
