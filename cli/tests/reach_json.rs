//! `aksnet reach --format json` writes its flows as it produces them: the same bytes as when it
//! built the whole value first, with memory that stays flat whatever the number of flows.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::root;

/// Every reachability fixture on two ports, byte for byte as the output was before it streamed.
#[test]
fn reach_json_keeps_its_bytes_on_every_fixture() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/reach"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("manifests.yaml").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20);
    let mut all = String::new();
    for dir in dirs {
        let output = Command::new(env!("CARGO_BIN_EXE_aksnet"))
            .current_dir(root())
            .args([
                "reach", "--format", "json", "--port", "80/TCP", "--port", "53/UDP",
            ])
            // Relative, so that the paths in `incomplete` do not depend on the checkout.
            .arg(dir.strip_prefix(root()).unwrap().join("manifests.yaml"))
            .output()
            .unwrap();
        // Fixtures with a policy the API server refuses are incomplete answers: exit 1.
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let complete = json["incomplete"].as_array().is_some_and(Vec::is_empty);
        let expected = i32::from(!complete);
        assert_eq!(output.status.code(), Some(expected), "{}", dir.display());
        let name = dir.file_name().unwrap().to_string_lossy();
        write!(
            all,
            "## {name}\n{}",
            String::from_utf8(output.stdout).unwrap()
        )
        .unwrap();
    }
    insta::assert_snapshot!(all);
}

/// 200 pods on 5 ports are 199,000 flows and 25 MB of JSON. With the data segment limited to
/// 16 MB (`ulimit -d`, which on Linux bounds the heap and every private writable mapping), a
/// run that kept the flows in a list (about 30 MB of them) would fail to allocate.
#[test]
fn reach_json_memory_does_not_grow_with_the_flows() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reach-many-flows");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pods.yaml");
    let mut pods = String::new();
    for i in 0..200 {
        write!(
            pods,
            "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}, namespace: shop, labels: {{app: a{}}}}}\n",
            i % 7
        )
        .unwrap();
    }
    std::fs::write(&file, pods).unwrap();
    let output = Command::new("sh")
        .arg("-c")
        .arg("ulimit -d 16000; exec \"$0\" reach \"$1\" --format json --port 1/TCP --port 2/TCP --port 3/TCP --port 4/TCP --port 5/TCP | wc -c")
        .arg(env!("CARGO_BIN_EXE_aksnet"))
        .arg(&file)
        .output()
        .unwrap();
    let bytes: usize = String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(bytes > 20_000_000, "{bytes} bytes of JSON");
}
