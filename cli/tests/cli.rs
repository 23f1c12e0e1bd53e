//! The `aksnet` binary as scripts and graders run it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn aksnet(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aksnet"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn help_lists_the_commands() {
    let output = aksnet(&["--help"], None);
    assert!(output.status.success());
    assert!(stdout(&output).contains("check"));
}

#[test]
fn check_lists_the_walkthrough_objects() {
    let output = aksnet(&["check", "static/examples/backend-policy.yaml"], None);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn check_reads_a_directory_of_manifests_and_reports_each_problem_with_its_line() {
    let output = aksnet(&["check", "tests/fixtures/check-dir"], None);
    assert_eq!(output.status.code(), Some(1), "errors exit with 1");
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn check_json_has_the_documented_shape() {
    let output = aksnet(
        &["check", "-", "--format", "json"],
        Some(
            "kind: Pod\nmetadata:\n  name: [x\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web}\n",
        ),
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let finding = &json["findings"][0];
    let keys: Vec<_> = finding.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "code", "column", "file", "line", "message", "object", "severity"
        ]
    );
    assert_eq!(finding["code"], "yaml-syntax");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["file"], "<stdin>");
    assert_eq!(finding["line"], 3);
    assert_eq!(json["objects"][0]["name"], "web");
    assert_eq!(json["objects"][0]["namespace"], "default");
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let output = aksnet(&["check", "no/such/file.yaml"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/file.yaml"));
}

#[test]
fn invalid_utf8_is_read_around() {
    let dir = std::env::temp_dir().join(format!("aksnet-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("latin1.yaml");
    std::fs::write(
        &file,
        b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xe9\n",
    )
    .unwrap();
    let output = aksnet(&["check", file.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("default/caf\u{fffd}"));
}
