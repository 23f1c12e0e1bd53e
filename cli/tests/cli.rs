//! The `aksnet` binary as scripts and graders run it.

mod common;

use std::path::{Path, PathBuf};

use common::{aksnet, aksnet_with, root, stdout};

#[test]
fn help_lists_the_commands() {
    let output = aksnet(&["--help"]);
    assert!(output.status.success());
    assert!(stdout(&output).contains("check"));
}

#[test]
fn check_json_has_the_documented_shape() {
    let output = aksnet_with(
        &["check", "-", "--format", "json"],
        "kind: Pod\nmetadata:\n  name: [x\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web}\n",
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let finding = &json["findings"][0];
    let keys: Vec<_> = finding.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "code",
            "column",
            "end_column",
            "end_line",
            "end_utf16",
            "file",
            "file_index",
            "line",
            "message",
            "message_ja",
            "object",
            "ranges",
            "severity",
            "span",
            "start_utf16"
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
fn invalid_utf8_is_read_around() {
    let dir = std::env::temp_dir().join(format!("aksnet-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("latin1.yaml");
    std::fs::write(
        &file,
        b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xe9\n",
    )
    .unwrap();
    let output = aksnet(&["check", file.to_str().unwrap()]);
    // The rest is read, and the bytes Kubernetes would refuse are an error at their place.
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("default/caf\u{fffd}"));
    assert!(stdout(&output).contains("latin1.yaml:4:12: error[yaml-syntax]: invalid UTF-8"));
}

const WALKTHROUGH: &str = "tests/fixtures/cli/walkthrough.yaml";

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn pod(name: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\n")
}

#[test]
fn reach_reads_the_lists_the_api_returns_from_nested_folders() {
    let output = aksnet(&[
        "reach",
        "tests/fixtures/api-lists",
        "--port",
        "5432/TCP",
        "--to",
        "shop/db",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["endpoints"],
        serde_json::json!(["shop/backend", "shop/db", "shop/frontend"])
    );
    let verdicts: Vec<_> = json["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["from"].as_str().unwrap(), f["allowed"].as_bool().unwrap()))
        .collect();
    // Only the policy in shop/policies/db.yaml, read from its NetworkPolicyList, lets backend in.
    assert_eq!(verdicts, [("shop/backend", true), ("shop/frontend", false)]);
}

#[test]
fn a_folder_is_read_recursively_in_path_order_and_links_stay_inside_it() {
    let dir = scratch("recursive");
    let outside = scratch("recursive-outside");
    std::fs::write(outside.join("stray.yaml"), pod("stray")).unwrap();
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    std::fs::write(dir.join("z.yaml"), pod("z")).unwrap();
    std::fs::write(dir.join("a/b/deep.yml"), pod("deep")).unwrap();
    std::fs::write(
        dir.join("a/m.json"),
        r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"m"}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("a/notes.txt"), pod("not-read")).unwrap();
    std::os::unix::fs::symlink(outside.join("stray.yaml"), dir.join("out.yaml")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("linked-folder")).unwrap();
    std::os::unix::fs::symlink(dir.join("z.yaml"), dir.join("a/again.yaml")).unwrap();

    let output = aksnet(&["check", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let names: Vec<_> = json["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    // a/again.yaml is read as z.yaml's link, the first path to reach that file.
    assert_eq!(names, ["z", "deep", "m"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("skipping")
            && stderr.contains("out.yaml: a symbolic link to a file outside"),
        "{stderr}"
    );
}

#[test]
fn a_run_that_finds_no_manifest_says_so_and_exits_2() {
    let dir = scratch("no-manifest");
    std::fs::write(dir.join("notes.txt"), pod("not-read")).unwrap();
    std::fs::write(dir.join("empty.yaml"), "# nothing yet\n").unwrap();
    let path = dir.to_str().unwrap();
    for args in [
        vec!["check", path],
        vec!["fix", path],
        vec!["reach", path],
        vec![
            "explain", path, "--from", "a", "--to", "b", "--port", "80/TCP",
        ],
    ] {
        let output = aksnet(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("no manifest found in {path}")),
            "{args:?}: {stderr}"
        );
    }
    let output = aksnet_with(&["reach", "-"], "");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn reach_json_lists_every_ordered_pair_on_every_port() {
    let output = aksnet(&[
        "reach",
        WALKTHROUGH,
        "--port",
        "80/TCP",
        "--port",
        "53/UDP",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "endpoint_details",
            "endpoints",
            "engine",
            "flows",
            "incomplete"
        ]
    );
    assert_eq!(json["engine"], "spec");
    assert_eq!(json["incomplete"], serde_json::json!([]));
    assert_eq!(
        json["endpoints"],
        serde_json::json!([
            "development/backend",
            "development/frontend",
            "production/frontend"
        ])
    );
    let flows = json["flows"].as_array().unwrap();
    assert_eq!(flows.len(), 3 * 2 * 2);
    let flow = |from: &str, to: &str, port: u64| {
        flows
            .iter()
            .find(|f| f["from"] == from && f["to"] == to && f["port"] == port)
            .unwrap()
            .clone()
    };
    assert_eq!(
        flow("development/frontend", "development/backend", 80),
        serde_json::json!({"from": "development/frontend", "to": "development/backend", "port": 80, "protocol": "TCP", "allowed": true, "verdict": "allowed"})
    );
    assert_eq!(
        flow("production/frontend", "development/backend", 80)["allowed"],
        false
    );
    assert_eq!(
        flow("production/frontend", "development/backend", 53)["protocol"],
        "UDP"
    );
}

#[test]
fn reach_defaults_to_port_80_tcp_and_answers_who_can_reach() {
    let output = aksnet(&[
        "reach",
        WALKTHROUGH,
        "--to",
        "development/backend",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let allowed: Vec<_> = json["flows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["allowed"] == true)
        .map(|f| f["from"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(allowed, ["development/frontend"]);
    assert!(
        json["flows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["port"] == 80)
    );
}

/// `explain --format json` keeps the structure the sentences come from: sides, policies, rule,
/// peer and port positions, verdicts (docs/cli.md).
#[test]
fn explain_json_names_rule_peer_and_port_positions() {
    let output = aksnet(&[
        "explain",
        WALKTHROUGH,
        "--from",
        "development/frontend",
        "--to",
        "development/backend",
        "--port",
        "80/TCP",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["allowed"], true);
    assert_eq!(json["egress"]["verdict"], "not-isolated");
    assert_eq!(json["ingress"]["verdict"], "allowed");
    assert_eq!(
        json["ingress"]["isolating"][0],
        "development/backend-policy"
    );
    let rule = &json["ingress"]["matches"][0];
    assert_eq!(rule["policy"], "development/backend-policy");
    assert_eq!(rule["rule"], 0);
    assert_eq!(rule["peer_index"], 0);
    assert_eq!(rule["port_index"], serde_json::Value::Null);
    assert_eq!(
        rule["peer"],
        "pods labelled app=webapp, role=frontend in namespaces labelled purpose=development"
    );
}

#[test]
fn plan_json_reports_findings_with_ranges_and_exits_1_on_errors() {
    let output = aksnet(&[
        "plan",
        "tests/fixtures/plan/cidr-overlap/fail.sh",
        "--format",
        "json",
        "--unsafe-fixes",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["code"], "cidr-overlap");
    assert_eq!(finding["severity"], "error");
    assert_eq!(
        finding["ranges"],
        serde_json::json!(["10.0.0.0/16", "10.0.0.0/8"])
    );
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("overlaps VNet myVnet")
    );
    assert_eq!(
        json["corrections"][0]["title"],
        "Use 172.16.0.0/16 with DNS service IP 172.16.0.10"
    );
    assert!(
        json["corrected"]
            .as_str()
            .unwrap()
            .contains("--service-cidr 172.16.0.0/16")
    );
    assert_eq!(json["sizing"][0]["required"], 62);
}

#[test]
fn plan_json_lists_the_node_pools() {
    let output = aksnet(&[
        "plan",
        "tests/fixtures/plan/pod-cidr-too-small/fail.sh",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let pools = json["node_pools"].as_array().unwrap();
    assert_eq!(pools.len(), 2);
    assert_eq!(pools[0]["name"], "nodepool1");
    assert_eq!(pools[0]["autoscaler"], serde_json::Value::Null);
    let user = &pools[1];
    assert_eq!(user["name"], "user");
    assert_eq!(user["max_pods"], 250);
    assert_eq!(user["autoscaler"]["min_count"], 1);
    assert_eq!(user["autoscaler"]["max_count"], 20);
    // No subnet of its own: the cluster's.
    assert_eq!(user["subnet"], "myVnet/nodes");
}

/// `--manifests` reads the manifests for their NetworkPolicies: a plan without a policy engine
/// then gets network-policy-none (a warning: exit 0), naming the policies; with an engine, or
/// without the manifests, nothing. The JSON names the plan's engine.
#[test]
fn plan_with_manifests_reports_policies_without_an_engine() {
    const DIR: &str = "tests/fixtures/plan/network-policy-none";
    let run = |plan: &str, manifests: bool| {
        let plan = format!("{DIR}/{plan}");
        let manifests_path = format!("{DIR}/manifests.yaml");
        let mut args = vec!["plan", plan.as_str(), "--format", "json"];
        if manifests {
            args.extend(["--manifests", manifests_path.as_str()]);
        }
        let output = aksnet(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        json
    };
    let json = run("fail.sh", true);
    assert_eq!(json["engine"], "none");
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["network-policy-none"]);
    let message = json["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(
            "demo/demo-policy at tests/fixtures/plan/network-policy-none/manifests.yaml:3"
        ),
        "{message}"
    );
    assert!(
        run("fail.sh", false)["findings"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let json = run("pass.sh", true);
    assert!(json["findings"].as_array().unwrap().is_empty());
    assert_eq!(json["engine"], "cilium");
    assert_eq!(json["cilium_version"], "1.17");

    // The text output, and a mistyped path is an error, not an empty set of policies.
    let output = aksnet(&[
        "plan",
        &format!("{DIR}/fail.yaml"),
        "--manifests",
        &format!("{DIR}/manifests.yaml"),
    ]);
    assert!(
        stdout(&output).contains("warning[network-policy-none]"),
        "{}",
        stdout(&output)
    );
    let output = aksnet(&[
        "plan",
        &format!("{DIR}/fail.yaml"),
        "--manifests",
        "no/such/dir",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

const SPLIT_PEER: &str = "tests/fixtures/exercise/development-only-split-peer.yaml";
const DEVELOPMENT_ONLY_SOLUTION: &str = "tests/fixtures/exercise/development-only-solution.yaml";

/// Every built-in exercise through the binary: the starting state exits 1, the reference
/// solution exits 0, with manifests and plan given as files the way a participant saves them.
#[test]
fn every_built_in_exercise_fails_at_the_start_and_passes_with_its_solution() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("exercises");
    for exercise in aksnet_core::exercise::catalog() {
        for (state, sources, expected) in [
            ("start", &exercise.start, 1),
            ("solution", &exercise.solution, 0),
        ] {
            let here = dir.join(&exercise.id).join(state);
            std::fs::create_dir_all(&here).unwrap();
            let mut files = Vec::new();
            for (name, text) in [
                ("manifests.yaml", &sources.manifests),
                ("plan.txt", &sources.plan),
            ] {
                if !text.is_empty() {
                    let path = here.join(name);
                    std::fs::write(&path, text).unwrap();
                    files.push(path.display().to_string());
                }
            }
            let mut args = vec![
                "exercise",
                "check",
                exercise.id.as_str(),
                "--format",
                "json",
            ];
            args.extend(files.iter().map(String::as_str));
            let output = aksnet(&args);
            assert_eq!(
                output.status.code(),
                Some(expected),
                "{} {state}: {}",
                exercise.id,
                stdout(&output)
            );
        }
    }
}

/// The second exercise's split peer, with a policy under a deprecated apiVersion: one safe fix
/// (np-deprecated-api) and unsafe ones (np-split-peer, np-no-default-deny, ...).
fn walkthrough_with_safe_and_unsafe_fixes() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/exercise/development-only-split-peer.yaml"))
        .unwrap()
        .replace(
            "apiVersion: networking.k8s.io/v1",
            "apiVersion: extensions/v1beta1",
        )
}

fn verdicts(text: &str) -> serde_json::Value {
    let output = aksnet_with(&["reach", "-", "--format", "json"], text);
    serde_json::from_slice(&output.stdout).unwrap()
}

// See: issue 14, part 3 ("`aksnet fix` changes no verdict unless `--unsafe-fixes` is given").
#[test]
fn issue_14_fix_changes_no_verdict_unless_unsafe_fixes() {
    let input = walkthrough_with_safe_and_unsafe_fixes();
    let before = verdicts(&input);

    let output = aksnet_with(&["fix", "-"], &input);
    let fixed = stdout(&output);
    assert!(
        fixed.contains("networking.k8s.io/v1"),
        "the safe fix is applied"
    );
    assert!(!fixed.contains("default-deny"), "no unsafe fix is applied");
    assert_eq!(verdicts(&fixed), before, "safe fixes change no verdict");
    let note = String::from_utf8_lossy(&output.stderr);
    assert!(
        note.contains("7 unsafe fixes not applied")
            && note.contains("np-split-peer")
            && note.contains("--unsafe-fixes"),
        "{note}"
    );

    let output = aksnet_with(&["fix", "--unsafe-fixes", "-"], &input);
    let fixed = stdout(&output);
    assert!(fixed.contains("default-deny"), "{fixed}");
    assert_ne!(verdicts(&fixed), before, "the unsafe fixes change verdicts");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("unsafe"));
}

#[test]
fn fix_write_leaves_unsafe_fixes_unless_asked() {
    let dir = scratch("fix-unsafe-write");
    let file = dir.join("walkthrough.yaml");
    let input = walkthrough_with_safe_and_unsafe_fixes();
    std::fs::write(&file, &input).unwrap();
    let path = file.to_str().unwrap();
    aksnet(&["fix", "--write", path]);
    let safe = std::fs::read_to_string(&file).unwrap();
    assert_ne!(safe, input);
    assert_eq!(verdicts(&safe), verdicts(&input));
    aksnet(&["fix", "--write", "--unsafe-fixes", path]);
    assert_ne!(
        verdicts(&std::fs::read_to_string(&file).unwrap()),
        verdicts(&input)
    );
}

#[test]
fn check_json_and_sarif_carry_the_fix_applicability() {
    let input = walkthrough_with_safe_and_unsafe_fixes();
    let output = aksnet_with(&["check", "-", "--format", "json"], &input);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let fix_of = |code: &str| {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code)
            .map(|f| f["fix"].clone())
            .unwrap()
    };
    assert_eq!(fix_of("np-split-peer")["applicability"], "unsafe");
    assert_eq!(fix_of("np-deprecated-api")["applicability"], "safe");
    assert_eq!(
        fix_of("np-deprecated-api")["title"],
        "Use networking.k8s.io/v1"
    );
    assert_eq!(fix_of("pod-runs-as-root"), serde_json::Value::Null);

    let output = aksnet_with(&["check", "-", "--format", "sarif"], &input);
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let fix_of = |code: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == code)
            .map(|r| r["fixes"][0].clone())
            .unwrap()
    };
    assert_eq!(
        fix_of("np-split-peer")["properties"]["applicability"],
        "unsafe"
    );
    let safe = fix_of("np-deprecated-api");
    assert_eq!(safe["properties"]["applicability"], "safe");
    let replacement = &safe["artifactChanges"][0]["replacements"][0];
    assert_eq!(
        replacement["insertedContent"]["text"],
        "networking.k8s.io/v1"
    );
    let start =
        usize::try_from(replacement["deletedRegion"]["byteOffset"].as_u64().unwrap()).unwrap();
    assert!(input[start..].starts_with("extensions/v1beta1"));
}

#[test]
fn plan_applies_unsafe_fixes_only_with_unsafe_fixes() {
    let args = [
        "plan",
        "tests/fixtures/plan/cidr-overlap/fail.sh",
        "--format",
        "json",
    ];
    let output = aksnet(&args);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["corrections"][0]["applicability"], "unsafe");
    assert_eq!(
        json["corrected"],
        serde_json::Value::Null,
        "a new range is unsafe"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("--unsafe-fixes"));
    let output = aksnet(&[&args[..], &["--unsafe-fixes"]].concat());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        json["corrected"]
            .as_str()
            .unwrap()
            .contains("--service-cidr 172.16.0.0/16")
    );
    // A notation fix is safe: in the corrected plan without asking.
    let output = aksnet(&[
        "plan",
        "tests/fixtures/plan/cidr-not-canonical/fail.yaml",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["corrections"][0]["applicability"], "safe");
    assert!(json["corrected"].is_string());
}

/// One run of the binary: its arguments, standard input and expected exit status (`None`: not
/// checked).
struct Run {
    args: &'static [&'static str],
    stdin: &'static str,
    exit: Option<i32>,
}

const fn run(args: &'static [&'static str], exit: Option<i32>) -> Run {
    Run {
        args,
        stdin: "",
        exit,
    }
}

impl Run {
    fn output(&self) -> std::process::Output {
        let output = aksnet_with(self.args, self.stdin);
        assert_eq!(
            output.status.code(),
            self.exit.or(output.status.code()),
            "aksnet {}: {}",
            self.args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }
}

/// A snapshot case: the standard output of its runs, one after the other with a blank line
/// between them, is kept in `snapshots/cli__NAME.snap`.
struct SnapshotCase {
    name: &'static str,
    runs: &'static [Run],
    /// Replace the CLI's version with `[version]` (SARIF names it).
    redact_version: bool,
}

const fn snapshot(name: &'static str, runs: &'static [Run]) -> SnapshotCase {
    SnapshotCase {
        name,
        runs,
        redact_version: false,
    }
}

const EXPLAIN_ALLOWED: &[&str] = &[
    "explain",
    WALKTHROUGH,
    "--from",
    "development/frontend",
    "--to",
    "development/backend",
    "--port",
    "80/TCP",
];
const EXPLAIN_BLOCKED: &[&str] = &[
    "explain",
    WALKTHROUGH,
    "--from",
    "production/frontend",
    "--to",
    "development/backend",
    "--port",
    "80/TCP",
];

const SNAPSHOTS: &[SnapshotCase] = &[
    snapshot(
        "check_lists_the_walkthrough_objects",
        &[run(
            &["check", "static/examples/backend-policy.yaml"],
            Some(0),
        )],
    ),
    snapshot(
        "check_reads_a_directory_of_manifests_and_reports_each_problem_with_its_line",
        // Errors exit with 1.
        &[run(&["check", "tests/fixtures/check-dir"], Some(1))],
    ),
    snapshot(
        "check_text_speaks_japanese_with_lang_ja",
        &[run(
            &["check", "tests/fixtures/check-dir", "--lang", "ja"],
            Some(1),
        )],
    ),
    snapshot(
        "check_json_messages_are_japanese_with_lang_ja",
        &[run(
            &[
                "--lang",
                "ja",
                "check",
                "tests/fixtures/check-dir",
                "--format",
                "json",
            ],
            Some(1),
        )],
    ),
    SnapshotCase {
        name: "check_sarif_messages_are_japanese_with_lang_ja",
        runs: &[run(
            &[
                "check",
                "tests/fixtures/check-dir",
                "--format",
                "sarif",
                "--lang",
                "ja",
            ],
            Some(1),
        )],
        redact_version: true,
    },
    snapshot(
        "reach_text_is_a_grid_per_port",
        &[run(
            &["reach", WALKTHROUGH, "--external", "203.0.113.7"],
            Some(0),
        )],
    ),
    snapshot(
        "explain_names_the_policy_rule_and_peer",
        &[run(EXPLAIN_ALLOWED, Some(0)), run(EXPLAIN_BLOCKED, Some(0))],
    ),
    snapshot(
        "explain_and_reach_speak_japanese_with_lang_ja",
        &[
            run(
                &[
                    "explain",
                    WALKTHROUGH,
                    "--from",
                    "development/frontend",
                    "--to",
                    "development/backend",
                    "--port",
                    "80/TCP",
                    "--lang",
                    "ja",
                ],
                Some(0),
            ),
            run(&["reach", WALKTHROUGH, "--lang", "ja"], Some(0)),
        ],
    ),
    snapshot(
        "plan_text_and_json_speak_japanese_with_lang_ja",
        &[
            run(
                &[
                    "plan",
                    "tests/fixtures/plan/cidr-overlap/fail.yaml",
                    "--check-ip",
                    "203.0.113.7",
                    "--lang",
                    "ja",
                ],
                Some(1),
            ),
            run(
                &[
                    "plan",
                    "tests/fixtures/plan/cidr-overlap/fail.yaml",
                    "--format",
                    "json",
                    "--lang",
                    "ja",
                ],
                Some(1),
            ),
        ],
    ),
    snapshot("exercise_list_text", &[run(&["exercise", "list"], Some(0))]),
    snapshot(
        "exercise_list_json",
        &[run(&["exercise", "list", "--format", "json"], Some(0))],
    ),
    snapshot(
        "exercise_check_text_lists_unmet_goals_with_the_reason",
        // Unmet goals exit with 1.
        &[run(
            &[
                "exercise",
                "check",
                "static/exercises/03-development-only.yaml",
                SPLIT_PEER,
            ],
            Some(1),
        )],
    ),
    snapshot(
        "exercise_check_text_in_japanese_when_met",
        &[run(
            &[
                "exercise",
                "check",
                "development-only",
                DEVELOPMENT_ONLY_SOLUTION,
                "--lang",
                "ja",
            ],
            Some(0),
        )],
    ),
    snapshot(
        "exercise_check_json_for_graders",
        &[run(
            &[
                "exercise",
                "check",
                "development-only",
                SPLIT_PEER,
                "--format",
                "json",
            ],
            Some(1),
        )],
    ),
];

#[test]
fn snapshots() {
    for case in SNAPSHOTS {
        let outputs: Vec<String> = case.runs.iter().map(|r| stdout(&r.output())).collect();
        let mut text = outputs.join("\n");
        if case.redact_version {
            text = text.replace(env!("CARGO_PKG_VERSION"), "[version]");
        }
        insta::assert_snapshot!(case.name, text);
    }
}

/// A case checked by its exit status and what its output holds.
struct Case {
    name: &'static str,
    run: Run,
    /// Standard output starts with this.
    starts: &'static str,
    stdout_has: &'static [&'static str],
    stderr_has: &'static [&'static str],
}

const fn case(name: &'static str, run: Run) -> Case {
    Case {
        name,
        run,
        starts: "",
        stdout_has: &[],
        stderr_has: &[],
    }
}

const NOT_CANONICAL_PASS: &str = "tests/fixtures/plan/authorized-range-not-canonical/pass.yaml";

/// ipBlocks over pod addresses: what Cilium never matches.
const IPBLOCK_PODS: &str = "tests/fixtures/reach/22-ipblock-pod-ip/manifests.yaml";

/// The arguments of `explain` from web-1 to db on 5432/TCP in [`IPBLOCK_PODS`], then the
/// extra ones given.
macro_rules! explain_db {
    ($($extra:expr),*) => {
        &[
            "explain",
            IPBLOCK_PODS,
            "--from",
            "default/web-1",
            "--to",
            "default/db",
            "--port",
            "5432",
            $($extra),*
        ]
    };
}

const CASES: &[Case] = &[
    Case {
        stdout_has: &["on 5432/TCP: allowed."],
        ..case(
            "explain_engine_spec_is_the_specification",
            run(explain_db!("--engine", "spec"), Some(0)),
        )
    },
    Case {
        stdout_has: &[
            "on 5432/TCP: blocked.\nCilium never matches pod addresses with ipBlock; this flow is blocked although 10.244.1.5 is inside 10.244.0.0/16 (default/db-from-pod-network). Source: https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy.\n",
        ],
        ..case(
            "explain_engine_cilium_says_its_note_under_the_verdict",
            run(explain_db!("--engine", "cilium"), Some(0)),
        )
    },
    Case {
        stdout_has: &[
            "Cilium は ipBlock でポッドのアドレスに一致させません。",
            "出典: https://",
        ],
        ..case(
            "explain_engine_cilium_note_in_japanese",
            run(explain_db!("--engine", "cilium", "--lang", "ja"), Some(0)),
        )
    },
    Case {
        stdout_has: &[
            "\"engine\": \"cilium\"",
            "\"cilium_version\": \"1.16\"",
            "\"engine_notes\": [",
            "\"point\": \"ipblock-pods\"",
            "\"side\": \"ingress\"",
            "\"message_ja\": \"Cilium は",
            "\"source\": \"https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy\"",
            "\"allowed\": false",
        ],
        ..case(
            "explain_engine_json_has_the_engine_and_its_notes",
            run(
                explain_db!(
                    "--engine",
                    "cilium",
                    "--cilium-version",
                    "1.16",
                    "--format",
                    "json"
                ),
                Some(0),
            ),
        )
    },
    Case {
        stdout_has: &["on 5432/TCP: allowed.", "No engine enforces NetworkPolicy"],
        ..case(
            "explain_engine_none_allows_with_its_note",
            run(explain_db!("--engine", "none"), Some(0)),
        )
    },
    Case {
        stderr_has: &["--cilium-version 1.16: only with --engine cilium"],
        ..case(
            "cilium_version_without_engine_cilium_is_a_usage_error",
            run(explain_db!("--cilium-version", "1.16"), Some(2)),
        )
    },
    Case {
        stderr_has: &["--cilium-version 1.18: only with --engine cilium"],
        ..case(
            "cilium_version_with_another_engine_is_a_usage_error",
            run(
                &[
                    "reach",
                    IPBLOCK_PODS,
                    "--engine",
                    "azure",
                    "--cilium-version",
                    "1.18",
                ],
                Some(2),
            ),
        )
    },
    Case {
        stderr_has: &[
            "invalid value 'npm' for '--engine <ENGINE>'",
            "spec, azure, calico, cilium, none",
        ],
        ..case(
            "an_unknown_engine_is_a_usage_error",
            run(&["reach", IPBLOCK_PODS, "--engine", "npm"], Some(2)),
        )
    },
    Case {
        stderr_has: &["invalid value '1.15' for '--cilium-version <VERSION>'"],
        ..case(
            "an_unknown_cilium_version_is_a_usage_error",
            run(
                &[
                    "reach",
                    IPBLOCK_PODS,
                    "--engine",
                    "cilium",
                    "--cilium-version",
                    "1.15",
                ],
                Some(2),
            ),
        )
    },
    Case {
        stdout_has: &[
            "\"engine\": \"cilium\"",
            "\"cilium_version\": \"1.17\"",
            "\"from\": \"default/web-1\",\n      \"to\": \"default/db\",\n      \"port\": 5432,\n      \"protocol\": \"TCP\",\n      \"allowed\": false",
        ],
        ..case(
            "reach_engine_cilium_json",
            run(
                &[
                    "reach",
                    IPBLOCK_PODS,
                    "--engine",
                    "cilium",
                    "--port",
                    "5432",
                    "--format",
                    "json",
                ],
                Some(0),
            ),
        )
    },
    Case {
        starts: "engine: none (the policies are stored but not enforced: every flow is allowed)\n",
        stdout_has: &["[5]   Y   Y   Y   Y   -"],
        ..case(
            "reach_engine_none_allows_every_flow",
            run(
                &["reach", IPBLOCK_PODS, "--engine", "none", "--port", "5432"],
                Some(0),
            ),
        )
    },
    Case {
        stderr_has: &["no/such/file.yaml"],
        ..case(
            "a_missing_file_is_a_usage_error",
            run(&["check", "no/such/file.yaml"], Some(2)),
        )
    },
    case(
        "an_unknown_language_is_a_usage_error",
        run(
            &["check", "tests/fixtures/check-dir", "--lang", "fr"],
            Some(2),
        ),
    ),
    case(
        "empty_standard_input_is_no_manifest",
        run(&["reach", "-"], Some(2)),
    ),
    Case {
        starts: "# np-split-peer\n",
        stdout_has: &["## AKS で問題になる理由"],
        ..case(
            "explain_shows_the_japanese_page_with_lang_ja",
            run(
                &["check", "--explain", "np-split-peer", "--lang", "ja"],
                Some(0),
            ),
        )
    },
    Case {
        // A pod is explained on the port asked for.
        stdout_has: &["on 8080/TCP: allowed."],
        ..case(
            "explain_a_pod_on_the_port_asked_for",
            run(
                &[
                    "explain",
                    WALKTHROUGH,
                    "--from",
                    "development/frontend",
                    "--to",
                    "development/backend",
                    "--port",
                    "8080",
                ],
                Some(0),
            ),
        )
    },
    Case {
        // A Service is followed to the pods it selects, on their target port.
        starts: "Service development/backend-svc 8080/TCP sends traffic to 1 endpoint(s):",
        stdout_has: &["production/frontend → development/backend on 80/TCP: blocked."],
        ..case(
            "explain_follows_a_service_to_its_target_port",
            run(
                &[
                    "explain",
                    WALKTHROUGH,
                    "--from",
                    "production/frontend",
                    "--to",
                    "development/backend-svc",
                    "--port",
                    "8080",
                ],
                Some(0),
            ),
        )
    },
    case(
        "explain_rejects_an_unknown_endpoint",
        run(
            &[
                "explain",
                WALKTHROUGH,
                "--from",
                "nowhere/pod",
                "--to",
                "development/backend",
                "--port",
                "80",
            ],
            Some(2),
        ),
    ),
    case(
        "explain_rejects_an_unknown_port",
        run(
            &[
                "explain",
                WALKTHROUGH,
                "--from",
                "development/frontend",
                "--to",
                "development/backend",
                "--port",
                "http",
            ],
            Some(2),
        ),
    ),
    Case {
        stdout_has: &["API server access from 137.117.106.89: allowed by the authorized IP ranges"],
        ..case(
            "plan_passes_a_clean_plan_and_checks_an_allowed_address",
            run(
                &["plan", NOT_CANONICAL_PASS, "--check-ip", "137.117.106.89"],
                Some(0),
            ),
        )
    },
    Case {
        stdout_has: &["NOT allowed"],
        ..case(
            "plan_checks_an_address_outside_the_authorized_ranges",
            run(
                &["plan", NOT_CANONICAL_PASS, "--check-ip", "137.117.106.96"],
                Some(0),
            ),
        )
    },
    Case {
        stderr_has: &[
            "invalid.yaml:3:8: error[manifest-missing-field]",
            "invalid.yaml:9:5: error[manifest-invalid-field]: unknown field `goals[].alowed`",
        ],
        ..case(
            "exercise_check_refuses_an_invalid_exercise",
            run(
                &[
                    "exercise",
                    "check",
                    "tests/fixtures/exercise/invalid.yaml",
                    SPLIT_PEER,
                ],
                Some(2),
            ),
        )
    },
    case(
        "exercise_check_refuses_an_unknown_exercise",
        run(
            &["exercise", "check", "no-such-exercise", SPLIT_PEER],
            Some(2),
        ),
    ),
    case(
        "exercise_check_refuses_two_plans",
        run(
            &[
                "exercise",
                "check",
                "service-cidr-in-vnet",
                "tests/fixtures/plan/cidr-overlap/fail.yaml",
                "tests/fixtures/plan/cidr-overlap/fail.yaml",
            ],
            Some(2),
        ),
    ),
    case(
        "exercise_check_refuses_a_missing_file",
        run(
            &["exercise", "check", "development-only", "no/such/file.yaml"],
            Some(2),
        ),
    ),
];

#[test]
fn cases() {
    for case in CASES {
        let output = case.run.output();
        let (out, err) = (
            stdout(&output),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        );
        let name = case.name;
        assert!(out.starts_with(case.starts), "{name}: {out}");
        for text in case.stdout_has {
            assert!(out.contains(text), "{name}: no {text:?} in\n{out}");
        }
        for text in case.stderr_has {
            assert!(err.contains(text), "{name}: no {text:?} in\n{err}");
        }
    }
}

#[test]
fn case_names_are_unique() {
    let mut names: Vec<&str> = SNAPSHOTS
        .iter()
        .map(|c| c.name)
        .chain(CASES.iter().map(|c| c.name))
        .collect();
    names.sort_unstable();
    let count = names.len();
    names.dedup();
    assert_eq!(names.len(), count);
}

/// A met exercise in JSON: every goal met, with no detail.
#[test]
fn exercise_check_json_when_met() {
    let output = run(
        &[
            "exercise",
            "check",
            "development-only",
            DEVELOPMENT_ONLY_SOLUTION,
            "--format",
            "json",
        ],
        Some(0),
    )
    .output();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["exercise"], "development-only");
    assert_eq!(json["met"], true);
    for goal in json["goals"].as_array().unwrap() {
        let keys: Vec<_> = goal.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["detail", "id", "met", "title"]);
        assert_eq!(goal["met"], true);
        assert!(goal["detail"].is_null());
    }
}

/// Past a Service or to an address outside the cluster, `explain --format json` keeps its sides.
#[test]
fn explain_json_to_an_external_address() {
    let output = run(
        &[
            "explain",
            WALKTHROUGH,
            "--from",
            "production/frontend",
            "--to",
            "10.1.2.3",
            "--port",
            "443",
            "--format",
            "json",
        ],
        Some(0),
    )
    .output();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["allowed"], true);
    assert_eq!(json["egress"]["verdict"], "not-isolated");
    assert_eq!(json["ingress"]["verdict"], "external");
}
