//! A document that cannot be read never turns into a verdict: `reach` and `explain` say the
//! answer is incomplete on standard error, exit 1, list the document in the JSON's `incomplete`,
//! and give the flows it could change no verdict.
//! See: issue 14, part 1, "A broken document must never turn into a verdict".

mod common;

use std::path::{Path, PathBuf};

use common::{aksnet, root};

/// The walkthrough's step 3 with `tier: {web` typed under the policy's `matchLabels`, and a pod
/// in a third namespace whose flows with production no policy can touch.
/// Each test writes its own file: the tests run at once.
fn broken_walkthrough(name: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join("static/examples/development-only.yaml"))
        .unwrap()
        .replace(
            "      role: backend\n  ingress:",
            "      role: backend\n      tier: {web\n  ingress:",
        );
    assert!(text.contains("tier: {web"));
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: tools, namespace: ops, labels: {{app: tools}}}}\n---\n{text}"
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("incomplete");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.yaml"));
    std::fs::write(&file, text).unwrap();
    file
}

fn the_syntax_error_line(file: &Path) -> usize {
    let output = aksnet(&["check", file.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "yaml-syntax")
        .unwrap();
    usize::try_from(finding["line"].as_u64().unwrap()).unwrap()
}

#[test]
fn reach_json_gives_unknown_flows_no_verdict_and_lists_the_unread_document() {
    let file = broken_walkthrough("reach-json");
    let path = file.to_str().unwrap();
    let line = the_syntax_error_line(&file);
    let output = aksnet(&["reach", path, "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "an incomplete answer exits 1"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "warning: the answer is incomplete: {path}:{line} could not be read: YAML syntax error"
        )),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let incomplete = json["incomplete"].as_array().unwrap();
    assert_eq!(incomplete.len(), 1);
    assert_eq!(incomplete[0]["file"], path);
    assert_eq!(incomplete[0]["line"], line);
    assert!(
        incomplete[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("YAML syntax error")
    );
    let flows = json["flows"].as_array().unwrap();
    let flow = |from: &str, to: &str| {
        flows
            .iter()
            .find(|f| f["from"] == from && f["to"] == to)
            .unwrap()
    };
    // The half-edited policy isolates the backend: no flow into it may say allowed.
    for from in [
        "development/frontend",
        "production/frontend",
        "ops/tools",
        "development/network-policy",
    ] {
        let into_backend = flow(from, "development/backend");
        assert_eq!(into_backend["verdict"], "unknown", "{into_backend}");
        assert!(into_backend["allowed"].is_null(), "{into_backend}");
    }
    // Flows with no end in development keep their verdict.
    let known = flow("ops/tools", "production/frontend");
    assert_eq!(known["verdict"], "allowed", "{known}");
    assert_eq!(known["allowed"], true);
}

#[test]
fn reach_text_shows_unknown_flows_as_question_marks() {
    let file = broken_walkthrough("reach-text");
    let output = aksnet(&["reach", file.to_str().unwrap(), "--from", "ops/tools"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("? unknown"), "{stdout}");
    // Row ops/tools: development/* are unknown, production/frontend allowed.
    let row = stdout.lines().last().unwrap();
    assert_eq!(row.matches('?').count(), 3, "{stdout}");
    assert_eq!(row.matches('Y').count(), 1, "{stdout}");
}

#[test]
fn explain_gives_no_verdict_for_an_unknown_flow() {
    let file = broken_walkthrough("explain");
    let path = file.to_str().unwrap();
    let line = the_syntax_error_line(&file);
    let args = [
        "explain",
        path,
        "--from",
        "production/frontend",
        "--to",
        "development/backend",
        "--port",
        "80/TCP",
    ];
    let output = aksnet(&args);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{path}:{line} could not be read")),
        "{stderr}"
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("unknown:"), "{text}");
    assert!(
        !text.contains("allowed") && !text.contains("blocked"),
        "{text}"
    );

    let output = aksnet(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["verdict"], "unknown");
    assert!(json["allowed"].is_null());
    assert_eq!(json["incomplete"][0]["line"], line);
    assert_eq!(json["incomplete"][0]["file"], path);
}

/// The nearest passing twin: the same walkthrough, read whole, is complete.
#[test]
fn a_complete_answer_has_an_empty_incomplete_list_and_exits_0() {
    let output = aksnet(&[
        "reach",
        "static/examples/development-only.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        !String::from_utf8(output.stderr)
            .unwrap()
            .contains("incomplete")
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["incomplete"], serde_json::json!([]));
    let flows = json["flows"].as_array().unwrap();
    assert!(flows.iter().all(|f| f["verdict"] != "unknown"));
    let into_backend = flows
        .iter()
        .find(|f| f["from"] == "production/frontend" && f["to"] == "development/backend")
        .unwrap();
    assert_eq!(into_backend["verdict"], "denied");
    assert_eq!(into_backend["allowed"], false);

    let output = aksnet(&[
        "explain",
        "static/examples/development-only.yaml",
        "--from",
        "development/frontend",
        "--to",
        "development/backend",
        "--port",
        "80/TCP",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["verdict"], "allowed");
    assert_eq!(json["allowed"], true);
    assert_eq!(json["incomplete"], serde_json::json!([]));
}

/// A policy the API server would refuse is left out: it changes flows of its namespace only.
#[test]
fn a_refused_policy_makes_only_its_namespace_unknown() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("incomplete");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("refused.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: dev, labels: {app: a}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: ops, labels: {app: b}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c, namespace: ops, labels: {app: c}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: Deny_All, namespace: dev}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n",
    )
    .unwrap();
    let output = aksnet(&["reach", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["incomplete"][0]["line"], 15);
    for flow in json["flows"].as_array().unwrap() {
        let touches_dev = flow["from"] == "dev/a" || flow["to"] == "dev/a";
        assert_eq!(flow["verdict"] == "unknown", touches_dev, "{flow}");
    }
}
