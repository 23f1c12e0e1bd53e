//! Every case of tests/hostile/cases.json through the `aksnet` binary: the expected finding codes
//! and exit status, the line of the first finding, and no crash. The page's browser test reads
//! the same list. Nothing here asserts a duration: the limits bound the work, and a case that
//! ran away would show as a test that does not finish.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;

use common::aksnet;

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile")
}

/// The input's bytes: the file as it is, or the text its `generate` parts describe.
fn input(case: &Value) -> Vec<u8> {
    if let Some(file) = case["file"].as_str() {
        return std::fs::read(hostile_dir().join(file)).unwrap();
    }
    let mut text = String::new();
    for part in case["generate"].as_array().expect("`file` or `generate`") {
        if let Some(literal) = part["text"].as_str() {
            text.push_str(literal);
        } else {
            let body = part["repeat"].as_str().unwrap();
            for i in 0..part["count"].as_u64().unwrap() {
                text.push_str(&body.replace("{i}", &i.to_string()));
            }
        }
    }
    text.into_bytes()
}

/// What went wrong with one case, if anything.
fn run_case(case: &Value, dir: &Path) -> Option<String> {
    let name = case["name"].as_str().unwrap();
    let path = match case["file"].as_str() {
        Some(file) => hostile_dir().join(file),
        None => {
            let extension = if case["input"] == "plan" {
                "sh"
            } else {
                "yaml"
            };
            let path = dir.join(format!("{name}.{extension}"));
            std::fs::write(&path, input(case)).unwrap();
            path
        }
    };
    let command = match case["input"].as_str() {
        Some("manifests") => "check",
        Some("plan") => "plan",
        other => return Some(format!("{name}: unknown input {other:?}")),
    };
    let output = Command::new(env!("CARGO_BIN_EXE_aksnet"))
        .args([command, path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let exit = output.status.code();
    if exit != case["exit"].as_i64().map(|e| i32::try_from(e).unwrap()) {
        return Some(format!("{name}: exit {exit:?}; stderr: {stderr}"));
    }
    let json: Value = match serde_json::from_slice(&output.stdout) {
        Ok(json) => json,
        Err(error) => {
            return Some(format!(
                "{name}: output is not JSON ({error}); stderr: {stderr}"
            ));
        }
    };
    let findings = json["findings"].as_array().unwrap();
    let mut codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let expected: Vec<&str> = match &case["expect"] {
        Value::String(ok) if ok == "ok" => Vec::new(),
        Value::Array(codes) => codes.iter().map(|c| c.as_str().unwrap()).collect(),
        other => return Some(format!("{name}: bad expect {other}")),
    };
    if codes != expected {
        return Some(format!("{name}: codes {codes:?}, expected {expected:?}"));
    }
    if let (Some(line), Some(first_code)) = (case["line"].as_u64(), expected.first()) {
        let found = findings
            .iter()
            .find(|f| f["code"] == *first_code)
            .and_then(|f| f["line"].as_u64());
        if found != Some(line) {
            return Some(format!(
                "{name}: first {first_code} on line {found:?}, expected {line}"
            ));
        }
    }
    None
}

#[test]
fn hostile_inputs_end_in_their_expected_findings() {
    let list: Value =
        serde_json::from_str(&std::fs::read_to_string(hostile_dir().join("cases.json")).unwrap())
            .unwrap();
    let cases = list["cases"].as_array().unwrap();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let dir = std::env::temp_dir().join(format!("aksnet-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| run_case(case, &dir))
        .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every file in tests/hostile/ is a case, so none is left out of the list by mistake.
#[test]
fn every_hostile_file_is_listed() {
    let list = std::fs::read_to_string(hostile_dir().join("cases.json")).unwrap();
    for entry in std::fs::read_dir(hostile_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name != "cases.json" {
            assert!(
                list.contains(&format!("\"file\": \"{name}\"")),
                "{name} is not in cases.json"
            );
        }
    }
}

/// Text output with every hidden character of a hostile name escaped: nothing but newlines ends
/// a line, no line starts a GitHub Actions command (`::error ...`), no escape sequence, carriage
/// return or bidirectional control reaches the terminal.
fn assert_visible(what: &str, bytes: &[u8]) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    for c in text.chars() {
        assert!(
            c == '\n'
                || !(c.is_control()
                    || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "{what}: {c:?} in {text}"
        );
    }
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::"),
            "{what}: forged line {line}"
        );
    }
}

#[test]
fn names_cannot_forge_text_output() {
    let manifests = hostile_dir().join("forged-output.yaml");
    let manifests = manifests.to_str().unwrap();
    let plan = hostile_dir().join("plan-forged.yaml");
    let plan = plan.to_str().unwrap();
    let web = "shop/web\u{1b}[2K\rerased";
    let db = "shop/db\n::error file=main.tf,line=1::forged";
    let runs: [&[&str]; 8] = [
        &["check", manifests],
        &["check", manifests, "--lang", "ja"],
        &["reach", manifests],
        &[
            "explain", manifests, "--from", web, "--to", db, "--port", "80/TCP",
        ],
        &[
            "explain", manifests, "--from", db, "--to", web, "--port", "80/TCP",
        ],
        &["plan", plan],
        &["plan", plan, "--lang", "ja"],
        &[
            "explain",
            manifests,
            "--from",
            db,
            "--to",
            "shop/none\n::error::x",
            "--port",
            "80/TCP",
        ],
    ];
    for args in runs {
        let output = aksnet(args);
        assert!(output.status.code().is_some(), "{args:?}: no crash");
        assert_visible(&format!("{args:?} stdout"), &output.stdout);
        assert_visible(&format!("{args:?} stderr"), &output.stderr);
    }
    let check = aksnet(&["check", manifests]);
    let text = String::from_utf8(check.stdout).unwrap();
    assert!(text.contains("shop/web\\u{1b}[2K\\rerased"), "{text}");
    assert!(
        text.contains("shop/db\\n::error file=main.tf,line=1::forged"),
        "{text}"
    );
    assert!(
        text.contains("db-ingress\\u{202e}\\u{9b}\\u{2028}"),
        "{text}"
    );
    // The verdict stays on the explanation's first line. The policy's name is one the API
    // server refuses, so it is left out and the flow into its namespace has no verdict: the
    // first line says it is unknown, after the escaped names.
    let explain = aksnet(&[
        "explain", manifests, "--from", web, "--to", db, "--port", "80/TCP",
    ]);
    let first = String::from_utf8(explain.stdout).unwrap();
    let first = first.lines().next().unwrap();
    assert!(
        first.ends_with(": allowed.")
            || first.ends_with(": blocked.")
            || first.contains(" 80/TCP: unknown: "),
        "{first}"
    );
}

/// JSON and SARIF carry the names exactly, as JSON string escapes.
#[test]
fn json_and_sarif_carry_hostile_names_exactly() {
    let manifests = hostile_dir().join("forged-output.yaml");
    let manifests = manifests.to_str().unwrap();
    let check = aksnet(&["check", manifests, "--format", "json"]);
    let json: Value = serde_json::from_slice(&check.stdout).unwrap();
    let names: Vec<&str> = json["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "web\u{1b}[2K\rerased",
            "db\n::error file=main.tf,line=1::forged",
            "db-ingress\u{202e}\u{9b}\u{2028}"
        ]
    );
    for args in [
        ["check", manifests, "--format", "json"],
        ["check", manifests, "--format", "sarif"],
        ["reach", manifests, "--format", "json"],
    ] {
        let output = aksnet(&args);
        // serde_json escapes every control character; the raw bytes hold none but newlines.
        assert!(
            !output.stdout.iter().any(|&b| b < 0x20 && b != b'\n'),
            "{args:?}"
        );
        serde_json::from_slice::<Value>(&output.stdout).unwrap();
    }
}
