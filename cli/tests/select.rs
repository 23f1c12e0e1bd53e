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
fn plan_text_takes_the_same_selection() {
    let text = aksnet_with(&["plan", "-", "--select", "plan-reference"], PLAN);
    assert_eq!(text.status.code(), Some(1));
    let out = String::from_utf8(text.stdout).unwrap();
    assert!(out.contains("[plan-reference-missing]"), "{out}");
    assert!(!out.contains("[plan-unknown-key]"), "{out}");
}

/// A selection given to `check` or `plan` with JSON output: the codes it must keep, the code
/// prefixes it must drop, and the exit status, which counts only what is kept.
struct Case {
    name: &'static str,
    input: &'static str,
    args: &'static [&'static str],
    exit: i32,
    /// Codes that are reported.
    kept: &'static [&'static str],
    /// Prefixes of codes that are not.
    dropped: &'static [&'static str],
    /// When not empty: every reported code starts with one of these.
    only: &'static [&'static str],
    /// When not empty: exactly these codes, in this order.
    exactly: &'static [&'static str],
}

const fn case(
    name: &'static str,
    input: &'static str,
    args: &'static [&'static str],
    exit: i32,
) -> Case {
    Case {
        name,
        input,
        args,
        exit,
        kept: &[],
        dropped: &[],
        only: &[],
        exactly: &[],
    }
}

const CASES: &[Case] = &[
    Case {
        // pod-privileged is an error.
        kept: &["pod-privileged", "np-split-peer"],
        ..case(
            "without_selection_every_finding_is_reported",
            MANIFESTS,
            &["check", "-", "--format", "json"],
            1,
        )
    },
    Case {
        // The only error is ignored.
        kept: &["np-split-peer"],
        dropped: &["pod-"],
        ..case(
            "ignore_drops_a_prefix_from_json_and_the_exit_status",
            MANIFESTS,
            &["check", "-", "--format", "json", "--ignore", "pod-"],
            0,
        )
    },
    Case {
        kept: &["pod-privileged", "np-split-peer"],
        dropped: &["pod-runs-as-root"],
        ..case(
            "a_longer_select_beats_a_shorter_ignore_and_options_repeat",
            MANIFESTS,
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
            1,
        )
    },
    Case {
        dropped: &["np-split-peer"],
        only: &["np-"],
        ..case(
            "a_longer_ignore_beats_a_shorter_select",
            MANIFESTS,
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
            0,
        )
    },
    Case {
        kept: &["plan-reference-missing", "plan-unknown-key"],
        ..case(
            "plan_reports_every_finding_without_selection",
            PLAN,
            &["plan", "-", "--format", "json"],
            1,
        )
    },
    Case {
        exactly: &["plan-unknown-key"],
        ..case(
            "plan_takes_the_same_selection",
            PLAN,
            &["plan", "-", "--format", "json", "--ignore", "plan-ref"],
            0,
        )
    },
];

#[test]
fn selections() {
    for case in CASES {
        let name = case.name;
        let output = aksnet_with(case.args, case.input);
        assert_eq!(
            output.status.code(),
            Some(case.exit),
            "{name}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        let codes = json_codes(&output);
        for code in case.kept {
            assert!(codes.iter().any(|c| c == code), "{name}: {codes:?}");
        }
        for prefix in case.dropped {
            assert!(
                codes.iter().all(|c| !c.starts_with(prefix)),
                "{name}: {codes:?}"
            );
        }
        if !case.only.is_empty() {
            assert!(
                codes
                    .iter()
                    .all(|c| case.only.iter().any(|p| c.starts_with(p))),
                "{name}: {codes:?}"
            );
        }
        if !case.exactly.is_empty() {
            assert_eq!(codes, case.exactly, "{name}");
        }
    }
}
