//! Malformed input becomes findings at the right line, the rest is still read, and nothing
//! panics.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use aksnet_core::plan::check_plan;
use aksnet_core::{FlowPort, Reachability, SourceFile, analyze};

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\n  labels: {app: web}\n---\n";

/// A manifest with one mistake on line `line` of the second document produces `code` there,
/// names the object, and the first document's pod is still read.
fn assert_finding(policy: &str, code: &str, line: usize) {
    let text = format!("{POD}{policy}");
    let analysis = analyze(&[SourceFile::new("bad.yaml", text.as_str())]);
    let finding = analysis
        .findings
        .iter()
        .find(|f| f.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", analysis.findings));
    assert_eq!(
        finding.position.line,
        line + 6,
        "{code}: {}",
        finding.message
    );
    assert!(
        finding
            .object
            .as_deref()
            .is_some_and(|o| o.contains("NetworkPolicy/bad")),
        "{code}"
    );
    assert!(analysis.cluster.endpoints.iter().any(|e| e.name == "ok"));
}

fn policy(spec: &str) -> String {
    format!(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: bad\nspec:\n  podSelector: {{}}\n{spec}"
    )
}

#[test]
fn each_malformed_field_is_a_finding_at_its_line() {
    // Lines count from the policy document's first line (1-based).
    assert_finding(
        &policy(
            "  ingress:\n  - from:\n    - podSelector:\n        matchExpressions:\n        - {key: a, operator: Equals, values: [x]}\n",
        ),
        "np-invalid-selector",
        11,
    );
    assert_finding(
        &policy("  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/33}\n"),
        "manifest-invalid-field",
        9,
    );
    assert_finding(
        &policy("  ingress:\n  - ports:\n    - port: 70000\n"),
        "manifest-invalid-field",
        9,
    );
    assert_finding(
        &policy("  ingress:\n  - ports:\n    - port: 90\n      endPort: 80\n"),
        "np-endport-invalid",
        10,
    );
    assert_finding(
        &policy("  ingress:\n  - ports:\n    - protocol: ICMP\n"),
        "manifest-invalid-field",
        9,
    );
    assert_finding(
        &policy("  ingress: {from: []}\n"),
        "manifest-invalid-field",
        7,
    );
    assert_finding(
        &policy(
            "  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}\n",
        ),
        "np-ipblock-except-outside",
        9,
    );
    assert_finding(
        &policy("  ingress:\n  - from:\n    - {}\n"),
        "manifest-invalid-field",
        9,
    );
}

#[test]
fn a_missing_spec_is_reported() {
    let text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad}\n";
    let analysis = analyze(&[SourceFile::new("bad.yaml", text)]);
    assert_eq!(analysis.findings[0].code.as_str(), "manifest-missing-field");
}

#[test]
fn malformed_plans_are_findings_at_their_lines() {
    let cases = [
        (
            "kind: NetworkPlan\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.0/33\"]\n",
            "cidr-invalid",
            4,
        ),
        (
            "kind: NetworkPlan\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0\"]\n",
            "cidr-invalid",
            4,
        ),
        (
            "kind: NetworkPlan\nonPremises: [\"::1/129\"]\n",
            "cidr-invalid",
            2,
        ),
        (
            "kind: NetworkPlan\ncluster:\n  nodeCount: lots\n",
            "manifest-invalid-field",
            3,
        ),
        (
            "kind: NetworkPlan\ncluster:\n  subnet: nowhere/aks\n",
            "plan-reference-missing",
            3,
        ),
        (
            "az aks create -n c -g rg --service-cidr 10.0.0.0/16\naz network vnet create -n v --address-prefixes \"10.0.0.0/8\naz aks update -n c -g rg\n",
            "az-syntax",
            2,
        ),
    ];
    for (text, code, line) in cases {
        let report = check_plan(&SourceFile::new("plan", text), 0);
        let finding = report
            .findings
            .iter()
            .find(|f| f.code.as_str() == code)
            .unwrap_or_else(|| panic!("no {code} for {text:?}: {:?}", report.findings));
        assert_eq!(finding.position.line, line, "{code} in {text:?}");
    }
}

/// Every prefix of every fixture (half-typed input, as the page sees it on each keystroke) is
/// read and evaluated without a panic.
#[test]
fn truncated_inputs_never_panic() {
    let mut files = Vec::new();
    for dir in ["reach", "plan"] {
        for entry in common::files(&common::fixtures(dir), &["yaml", "sh"]) {
            files.push(std::fs::read_to_string(entry).unwrap());
        }
    }
    assert!(files.len() > 100);
    for text in files.iter().step_by(3) {
        let cuts: Vec<usize> = (0..text.len())
            .step_by(7)
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for cut in cuts {
            let prefix = &text[..cut];
            let analysis = analyze(&[SourceFile::new("t", prefix)]);
            let _ = Reachability::compute(&analysis.cluster, &[FlowPort::tcp(80)]);
            let _ = check_plan(&SourceFile::new("t", prefix), 0);
        }
    }
}
