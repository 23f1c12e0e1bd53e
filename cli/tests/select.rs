//! `--select` and `--ignore` on `check` and `plan`: ruff-style selection by code prefix, in every
//! output format and in the exit status.
// See: issue 14, part 4.

mod common;

use std::process::Output;

use common::aksnet_with;

/// A privileged pod (`pod-privileged`, an error; `pod-runs-as-root`, ...) and a policy whose
/// peer is split in two (`np-split-peer`, a warning).
const MANIFESTS: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  containers:
    - name: web
      image: nginx
      securityContext: {privileged: true}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {team: a}}
        - podSelector: {matchLabels: {app: api}}
";

/// The codes of the findings in `check` JSON output.
fn json_codes(output: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn without_selection_every_finding_is_reported() {
    let output = aksnet_with(&["check", "-", "--format", "json"], MANIFESTS);
    assert_eq!(output.status.code(), Some(1), "pod-privileged is an error");
    let codes = json_codes(&output);
    assert!(codes.iter().any(|c| c == "pod-privileged"), "{codes:?}");
    assert!(codes.iter().any(|c| c == "np-split-peer"), "{codes:?}");
}

#[test]
fn ignore_drops_a_prefix_from_json_and_the_exit_status() {
    let output = aksnet_with(
        &["check", "-", "--format", "json", "--ignore", "pod-"],
        MANIFESTS,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "the only error is ignored: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    let codes = json_codes(&output);
    assert!(codes.iter().all(|c| !c.starts_with("pod-")), "{codes:?}");
    assert!(codes.iter().any(|c| c == "np-split-peer"), "{codes:?}");
}

#[test]
fn select_keeps_only_its_prefixes_in_text_output() {
    let output = aksnet_with(&["check", "-", "--select", "np-split,pod-priv"], MANIFESTS);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("[np-split-peer]"), "{text}");
    assert!(text.contains("[pod-privileged]"), "{text}");
    assert!(!text.contains("[pod-runs-as-root]"), "{text}");
    assert!(!text.contains("[np-no-default-deny]"), "{text}");
    assert!(
        text.contains("1 error, 1 warning, 0 infos"),
        "the summary counts what is shown: {text}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn the_more_specific_prefix_wins_and_options_repeat() {
    // A longer select beats a shorter ignore...
    let output = aksnet_with(
        &[
            "check",
            "-",
            "--format",
            "json",
            "--ignore",
            "pod-",
            "--select",
            "pod-privileged",
            "--select",
            "np-",
        ],
        MANIFESTS,
    );
    let codes = json_codes(&output);
    assert!(codes.iter().any(|c| c == "pod-privileged"), "{codes:?}");
    assert!(codes.iter().all(|c| c != "pod-runs-as-root"), "{codes:?}");
    assert!(codes.iter().any(|c| c == "np-split-peer"), "{codes:?}");
    // ...and a longer ignore beats a shorter select.
    let output = aksnet_with(
        &[
            "check",
            "-",
            "--format",
            "json",
            "--select",
            "np-",
            "--ignore",
            "np-split-peer",
        ],
        MANIFESTS,
    );
    let codes = json_codes(&output);
    assert!(codes.iter().all(|c| c.starts_with("np-")), "{codes:?}");
    assert!(codes.iter().all(|c| c != "np-split-peer"), "{codes:?}");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn sarif_lists_only_selected_rules_and_results() {
    let output = aksnet_with(
        &["check", "-", "--format", "sarif", "--ignore", "pod-"],
        MANIFESTS,
    );
    assert_eq!(output.status.code(), Some(0));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let run = &sarif["runs"][0];
    let ids = |list: &serde_json::Value, key: &str| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|r| r[key].as_str().unwrap().to_owned())
            .collect()
    };
    let rules = ids(&run["tool"]["driver"]["rules"], "id");
    let results = ids(&run["results"], "ruleId");
    assert!(rules.iter().all(|r| !r.starts_with("pod-")), "{rules:?}");
    assert!(
        results.iter().all(|r| !r.starts_with("pod-")),
        "{results:?}"
    );
    assert!(results.iter().any(|r| r == "np-split-peer"), "{results:?}");
}

#[test]
fn an_unknown_prefix_is_a_usage_error_naming_the_nearest_code() {
    let output = aksnet_with(&["check", "-", "--ignore", "pdo-"], MANIFESTS);
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(error.contains("`pdo-`"), "{error}");
    assert!(error.contains("nearest code is `pod-"), "{error}");
    let output = aksnet_with(&["plan", "-", "--select", "np-split-per"], "");
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(error.contains("`np-split-peer`"), "{error}");
}

/// A plan with an error (`plan-reference-missing`) and a warning (`plan-unknown-key`).
const PLAN: &str = "\
kind: NetworkPlan
cluster:
  networkPlugin: azure
  subnet: spoke/nodes
  maxPod: 50
vnets:
  - name: spoke
    addressSpace: [\"10.240.0.0/16\"]
    subnets:
      - {name: aks, cidr: \"10.240.0.0/22\"}
";

#[test]
fn plan_takes_the_same_selection() {
    let all = aksnet_with(&["plan", "-", "--format", "json"], PLAN);
    assert_eq!(all.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"plan-reference-missing"), "{codes:?}");
    assert!(codes.contains(&"plan-unknown-key"), "{codes:?}");

    let ignored = aksnet_with(
        &["plan", "-", "--format", "json", "--ignore", "plan-ref"],
        PLAN,
    );
    assert_eq!(ignored.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&ignored.stdout).unwrap();
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["plan-unknown-key"]);

    let text = aksnet_with(&["plan", "-", "--select", "plan-reference"], PLAN);
    assert_eq!(text.status.code(), Some(1));
    let out = String::from_utf8(text.stdout).unwrap();
    assert!(out.contains("[plan-reference-missing]"), "{out}");
    assert!(!out.contains("[plan-unknown-key]"), "{out}");
}
