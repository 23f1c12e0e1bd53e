//! `aksnet reach --representatives` and the policy summaries of `aksnet check`, on the AKS
//! network policy walkthrough as the article publishes it: namespaces, the backend and its
//! policy, and none of the test pods it starts by hand (issue 14, part 2).

mod common;

use std::path::Path;

use common::aksnet;

use serde_json::{Value, json};

fn reach(step: &str, extra: &[&str]) -> Value {
    let file = format!("tests/fixtures/representatives/{step}.yaml");
    let mut args = vec!["reach", file.as_str(), "--format", "json"];
    args.extend(extra);
    let output = aksnet(&args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The sources whose flow to the backend on 80/TCP is allowed.
fn reaching_backend(json: &Value) -> Vec<String> {
    json["flows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["to"] == "development/backend" && f["allowed"] == true)
        .map(|f| f["from"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn without_the_flag_the_backend_is_alone_but_described() {
    let json = reach("step-3-development-only", &[]);
    assert_eq!(json["endpoints"], json!(["development/backend"]));
    assert_eq!(
        json["endpoint_details"],
        json!([{
            "name": "development/backend",
            "kind": "pod",
            "namespace": "development",
            "labels": {"app": "webapp", "role": "backend"},
            "namespace_labels": {"kubernetes.io/metadata.name": "development", "purpose": "development"},
            "description": "a pod labelled app=webapp, role=backend in namespace development",
        }])
    );
}

#[test]
fn step_1_nothing_reaches_the_backend() {
    let json = reach("step-1-deny-all", &["--representatives"]);
    assert!(json["endpoints"].as_array().unwrap().len() >= 3);
    assert_eq!(reaching_backend(&json), Vec::<String>::new());
}

#[test]
fn step_2_a_frontend_in_any_namespace_reaches_the_backend() {
    let json = reach("step-2-frontend-any-namespace", &["--representatives"]);
    assert_eq!(
        reaching_backend(&json),
        ["development/~app=webapp,role=frontend"]
    );
    let details = json["endpoint_details"].as_array().unwrap();
    let frontend = details
        .iter()
        .find(|d| d["name"] == "development/~app=webapp,role=frontend")
        .unwrap();
    assert_eq!(frontend["kind"], "representative");
    assert!(
        frontend["description"]
            .as_str()
            .unwrap()
            .contains("in any namespace"),
        "{frontend}"
    );
}

#[test]
fn step_3_only_a_frontend_of_a_development_namespace() {
    let json = reach("step-3-development-only", &["--representatives"]);
    assert_eq!(
        json["endpoints"],
        json!([
            "development/backend",
            "development/~role=backend",
            "development/~app=webapp,role=frontend",
            "production/~app=webapp,role=frontend",
            "~any-namespace/any-pod",
            "~203.0.113.10",
        ])
    );
    assert_eq!(
        reaching_backend(&json),
        ["development/~app=webapp,role=frontend"]
    );
    let details = json["endpoint_details"].as_array().unwrap();
    let kinds: Vec<&str> = details
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "pod",
            "representative",
            "representative",
            "representative",
            "representative",
            "representative"
        ]
    );
    // Any pod in any namespace: the namespace is not known, nor are its labels beyond none.
    assert_eq!(details[4]["namespace"], Value::Null);
    assert_eq!(details[4]["namespace_labels"], json!({}));
}

#[test]
fn unknown_namespaces_have_a_null_namespace_and_their_labels() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("representatives-unknown-namespace");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("policy.yaml");
    std::fs::write(
        &file,
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: ops}}\n",
    )
    .unwrap();
    let output = aksnet(&[
        "reach",
        file.to_str().unwrap(),
        "--representatives",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ops = json["endpoint_details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["namespace_labels"] == json!({"team": "ops"}))
        .unwrap()
        .clone();
    assert_eq!(ops["namespace"], Value::Null);
    assert_eq!(ops["kind"], "representative");
    let allowed = |from: &Value, to: &str| {
        json["flows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| &f["from"] == from && f["to"] == to && f["allowed"] == true)
    };
    assert!(allowed(&ops["name"], "shop/~unlabelled"));
    assert!(!allowed(
        &json!("~any-namespace/any-pod"),
        "shop/~unlabelled"
    ));
}

#[test]
fn check_prints_each_policy_in_plain_words() {
    let output = aksnet(&[
        "check",
        "tests/fixtures/representatives/step-3-development-only.yaml",
    ]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("    development/backend-policy: pods labelled app=webapp, role=frontend in namespaces labelled purpose=development may reach pods labelled app=webapp, role=backend on every port; everything else is refused\n"),
        "{text}"
    );
    let output = aksnet(&[
        "--lang",
        "ja",
        "check",
        "tests/fixtures/representatives/step-1-deny-all.yaml",
    ]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("development/backend-policy: ラベル app=webapp, role=backend を持つポッドにはどこからも到達できません"), "{text}");
    let output = aksnet(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/representatives/step-1-deny-all.yaml",
    ]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let policy = json["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "NetworkPolicy")
        .unwrap()
        .clone();
    assert_eq!(
        policy["summary"]["en"],
        "development/backend-policy: nothing may reach pods labelled app=webapp, role=backend"
    );
}

/// `aksnet explain` takes the ids `reach --representatives` prints, and answers each flow as
/// the matrix does.
#[test]
fn explain_answers_every_representative_flow_as_the_matrix_does() {
    let file = "tests/fixtures/representatives/step-3-development-only.yaml";
    let json = reach("step-3-development-only", &["--representatives"]);
    let flows = json["flows"].as_array().unwrap();
    let mut explained = 0;
    for flow in flows {
        let (from, to) = (flow["from"].as_str().unwrap(), flow["to"].as_str().unwrap());
        if !(from.contains('~') || to.contains('~')) {
            continue;
        }
        let output = aksnet(&[
            "explain", file, "--from", from, "--to", to, "--port", "80/TCP", "--format", "json",
        ]);
        assert_eq!(output.status.code(), Some(0), "{from} → {to}: {output:?}");
        let explanation: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(
            explanation["allowed"], flow["allowed"],
            "{from} → {to}: explain and reach disagree"
        );
        explained += 1;
    }
    assert!(
        explained >= 20,
        "only {explained} flows with a representative"
    );
}
