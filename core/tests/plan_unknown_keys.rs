//! Unknown keys of a NetworkPlan: every level warns at the key's line, naming the nearest known
//! key, so a plan the planner did not read is never reported as clean.
// See: issue 14, part 6.
#![cfg(not(target_arch = "wasm32"))]

use aksnet_core::plan::check_plan;
use aksnet_core::{Code, Severity, SourceFile};

/// The unknown-key findings of `text`: (line, message).
fn unknown(text: &str) -> Vec<(usize, String)> {
    check_plan(&SourceFile::new("plan", text), 0)
        .findings
        .iter()
        .filter(|f| f.code == Code::PlanUnknownKey)
        .map(|f| {
            assert_eq!(f.severity, Severity::Warning);
            (f.position.line, f.message.clone())
        })
        .collect()
}

#[test]
fn a_clusters_section_is_not_read_in_silence() {
    let text = "kind: NetworkPlan\nclusters:\n  name: aks\n  networkPlugin: azure\n";
    assert_eq!(
        unknown(text),
        [(
            2,
            "unknown key `clusters` is not read; the nearest known key is `cluster`".to_owned()
        )]
    );
    let report = check_plan(&SourceFile::new("plan", text), 0);
    let warning = report
        .findings
        .iter()
        .find(|f| f.code == Code::PlanUnknownKey)
        .unwrap();
    assert_eq!(
        warning.message_in(aksnet_core::Lang::Ja),
        "不明なキー `clusters` は読み取られません。最も近い既知のキーは `cluster` です"
    );
}

#[test]
fn every_level_is_checked() {
    let text = "\
kind: NetworkPlan
cluster:
  name: aks
  maxPod: 250
  nodePools:
    - name: apps
      nodeCunt: 2
vnets:
  - name: spoke
    adressSpace: [\"10.240.0.0/16\"]
    subnets:
      - {name: aks, cdir: \"10.240.0.0/22\"}
clients:
  - {name: jumpbox, vnett: spoke}
";
    assert_eq!(
        unknown(text),
        [
            (
                4,
                "unknown key `maxPod` in `cluster` is not read; the nearest known key is `maxPods`"
                    .to_owned()
            ),
            (
                7,
                "unknown key `nodeCunt` in `cluster.nodePools[]` is not read; the nearest known key is `nodeCount`"
                    .to_owned()
            ),
            (
                10,
                "unknown key `adressSpace` in `vnets[]` is not read; the nearest known key is `addressSpace`"
                    .to_owned()
            ),
            (
                12,
                "unknown key `cdir` in `vnets[].subnets[]` is not read; the nearest known key is `cidr`"
                    .to_owned()
            ),
            (
                14,
                "unknown key `vnett` in `clients[]` is not read; the nearest known key is `vnet`"
                    .to_owned()
            ),
        ]
    );
}

/// The nearest twin: every key the format documents is known, at its level.
#[test]
fn the_documented_keys_are_known() {
    let format = include_str!("../../docs/plan-format.md");
    let example = format
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    assert_eq!(unknown(example), []);
    let with_identity = format!("apiVersion: aksnet/v1\nmetadata: {{name: p}}\n{example}");
    assert_eq!(unknown(&with_identity), []);
}
