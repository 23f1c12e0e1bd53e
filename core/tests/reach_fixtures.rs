//! The NetworkPolicy scenarios in tests/fixtures/reach/: manifests and their full truth tables,
//! worked out by hand from the Kubernetes specification (format: tests/fixtures/reach/README.md).
//! Every flow of every scenario must match, and the explanation of each flow must reach the
//! same verdict as the matrix.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use aksnet_core::{
    CiliumVersion, Cluster, Engine, FlowPort, Reachability, SourceFile, analyze, explain,
    explain_for,
};

/// Every engine profile, Cilium in each release.
const ENGINES: [Engine; 7] = [
    Engine::Spec,
    Engine::Azure,
    Engine::Calico,
    Engine::Cilium(CiliumVersion::V1_16),
    Engine::Cilium(CiliumVersion::V1_17),
    Engine::Cilium(CiliumVersion::V1_18),
    Engine::None,
];

struct Scenario {
    name: String,
    manifests: String,
    ports: Vec<FlowPort>,
    external: Vec<String>,
    /// (from, to, port) -> allowed
    expected: BTreeMap<(String, String, FlowPort), bool>,
}

impl Scenario {
    /// The scenario's manifests read, with its external addresses as endpoints.
    fn cluster(&self) -> Cluster {
        let analysis = analyze(&[SourceFile::new("manifests.yaml", self.manifests.as_str())]);
        let mut cluster = analysis.cluster;
        for address in &self.external {
            cluster.endpoint_or_external(address).unwrap();
        }
        cluster
    }
}

fn scenarios() -> Vec<Scenario> {
    common::dirs(&common::fixtures("reach"))
        .iter()
        .map(|dir| read_scenario(dir))
        .collect()
}

fn read_scenario(dir: &Path) -> Scenario {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let manifests = fs::read_to_string(dir.join("manifests.yaml")).unwrap();
    let table = fs::read_to_string(dir.join("expected.txt")).unwrap();
    let mut ports = vec![FlowPort::tcp(80)];
    let mut external = Vec::new();
    let mut expected = BTreeMap::new();
    for (number, line) in table.lines().enumerate() {
        let line = line.split('#').next().unwrap().trim();
        if line.is_empty() {
            continue;
        }
        if let Some(list) = line.strip_prefix("ports:") {
            ports = list
                .split_whitespace()
                .map(|p| FlowPort::parse(p).unwrap_or_else(|| panic!("{name}: bad port {p}")))
                .collect();
            continue;
        }
        if let Some(list) = line.strip_prefix("external:") {
            external = list.split_whitespace().map(str::to_owned).collect();
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let [from, "->", to, port, verdict] = words.as_slice() else {
            panic!("{name}:{}: cannot read `{line}`", number + 1);
        };
        let port = FlowPort::parse(port).unwrap_or_else(|| panic!("{name}: bad port {port}"));
        let allowed = match *verdict {
            "allow" => true,
            "block" => false,
            other => panic!("{name}:{}: verdict `{other}`", number + 1),
        };
        let previous = expected.insert(((*from).to_owned(), (*to).to_owned(), port), allowed);
        assert!(
            previous.is_none(),
            "{name}:{}: flow listed twice",
            number + 1
        );
    }
    Scenario {
        name,
        manifests,
        ports,
        external,
        expected,
    }
}

#[test]
fn every_scenario_matches_its_truth_table() {
    let scenarios = scenarios();
    assert!(scenarios.len() >= 40, "only {} scenarios", scenarios.len());
    let mut failures = Vec::new();
    for scenario in &scenarios {
        let cluster = scenario.cluster();
        let reach = Reachability::compute(&cluster, &scenario.ports);
        let ids: Vec<String> = cluster
            .endpoints
            .iter()
            .map(aksnet_core::Endpoint::id)
            .collect();
        let mut computed = BTreeMap::new();
        for (from, from_id) in ids.iter().enumerate() {
            for (to, to_id) in ids.iter().enumerate() {
                if from == to {
                    continue;
                }
                for (port_index, &port) in scenario.ports.iter().enumerate() {
                    let allowed = reach.allowed(from, to, port_index);
                    let explained = explain(&cluster, from, to, port).unwrap();
                    assert_eq!(
                        explained.allowed, allowed,
                        "{}: explanation and matrix disagree on {from_id} -> {to_id} {port}",
                        scenario.name
                    );
                    computed.insert((from_id.clone(), to_id.clone(), port), allowed);
                }
            }
        }
        for (flow, allowed) in &scenario.expected {
            match computed.get(flow) {
                None => failures.push(format!(
                    "{}: {} -> {} {}: no such flow",
                    scenario.name, flow.0, flow.1, flow.2
                )),
                Some(got) if got != allowed => failures.push(format!(
                    "{}: {} -> {} {}: expected {}, engine says {}",
                    scenario.name,
                    flow.0,
                    flow.1,
                    flow.2,
                    verdict(*allowed),
                    verdict(*got)
                )),
                Some(_) => {}
            }
        }
        for flow in computed
            .keys()
            .filter(|f| !scenario.expected.contains_key(*f))
        {
            failures.push(format!(
                "{}: {} -> {} {}: missing from expected.txt",
                scenario.name, flow.0, flow.1, flow.2
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Under every engine, on every scenario, the matrix and the explanation of each flow reach the
/// same verdict, and each explanation reads as sentences; an engine note comes only with an
/// engine that is not the specification.
#[test]
fn matrix_and_explanations_agree_under_every_engine() {
    use aksnet_core::Lang;
    let mut failures = Vec::new();
    let mut flows = 0;
    for scenario in scenarios() {
        let cluster = scenario.cluster();
        let count = cluster.endpoints.len();
        for engine in ENGINES {
            let reach = Reachability::compute_for(&cluster, &scenario.ports, engine);
            for from in 0..count {
                for to in (0..count).filter(|&to| to != from) {
                    for (port_index, &port) in scenario.ports.iter().enumerate() {
                        flows += 1;
                        let explained = explain_for(&cluster, from, to, port, engine).unwrap();
                        if explained.allowed != reach.allowed(from, to, port_index) {
                            failures.push(format!(
                                "{} ({engine}): {} -> {} {port}: matrix {}, explanation {}",
                                scenario.name,
                                explained.from,
                                explained.to,
                                verdict(reach.allowed(from, to, port_index)),
                                verdict(explained.allowed)
                            ));
                        }
                        if engine == Engine::Spec && !explained.engine_notes.is_empty() {
                            failures.push(format!("{}: a note under spec", scenario.name));
                        }
                        if engine == Engine::None
                            && (!explained.allowed || explained.engine_notes.len() != 1)
                        {
                            failures
                                .push(format!("{}: none must allow, with its note", scenario.name));
                        }
                        for lang in [Lang::En, Lang::Ja] {
                            for line in explained.lines_in(lang) {
                                let ends = [".", ":", "。", ":"].iter().any(|e| line.ends_with(e));
                                if !ends || line.contains("{}") {
                                    failures.push(format!("{} ({engine}): {line}", scenario.name));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(flows > 1000, "only {flows} flows");
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn verdict(allowed: bool) -> &'static str {
    if allowed { "allow" } else { "block" }
}

/// Explanations are sentences (issue #14): every line of every flow's explanation, in both
/// languages, ends as a sentence does and carries none of the debug notation they once had
/// (`[app=web]`, `[{}]`); the AKS walkthrough's are kept as a snapshot.
#[test]
fn explanations_read_as_sentences() {
    use aksnet_core::Lang;
    let mut walkthrough = String::new();
    let mut failures = Vec::new();
    for scenario in scenarios() {
        let cluster = scenario.cluster();
        let count = cluster.endpoints.len();
        for from in 0..count {
            for to in (0..count).filter(|&to| to != from) {
                for &port in &scenario.ports {
                    let explained = explain(&cluster, from, to, port).unwrap();
                    for lang in [Lang::En, Lang::Ja] {
                        let lines = explained.lines_in(lang);
                        for line in &lines {
                            let ends = [".", ":", "。", ":"].iter().any(|e| line.ends_with(e));
                            if !ends || line.contains('[') || line.contains("{}") {
                                failures.push(format!("{}: {line}", scenario.name));
                            }
                        }
                        if scenario.name.starts_with("04-aks") {
                            walkthrough.push_str(&lines.join("\n"));
                            walkthrough.push_str("\n\n");
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    insta::assert_snapshot!(walkthrough);
}
