//! Every case of tests/hostile/cases.json through the `aksnet` binary: the expected finding codes
//! and exit status, the line of the first finding, and no crash. The page's browser test reads
//! the same list. Nothing here asserts a duration: the limits bound the work, and a case that
//! ran away would show as a test that does not finish.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

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
