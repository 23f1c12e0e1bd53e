//! The engine cases in tests/fixtures/engines/: for each case, the manifests as users paste them
//! and the verdict of each listed flow under every engine profile, worked out by hand from the
//! sources each case cites (format: tests/fixtures/engines/README.md). Each flow is checked with
//! the matrix (`Reachability::compute_for`) and with the explanation (`engine::explain_for`),
//! which must agree, and the explanation must carry an engine note for exactly the engine points
//! the case says decided the flow. Flows through a Service of type `LoadBalancer` or `NodePort` (`via`) are
//! evaluated by `engine::via::flows`.
//!
//! A flow the case marks `disputed` (the implementation and the sources disagree, and the
//! integrator decides) is reported on standard error without failing; a dispute that no longer
//! disagrees fails, so the list stays current.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use aksnet_core::engine::{explain_for, via};
use aksnet_core::{
    CiliumVersion, Cluster, Engine, FlowPort, Reachability, SourceFile, analyze, explain,
};

/// The engine point ids of the design (core/src/engine/semantics.rs), as engine notes name them.
const POINTS: [&str; 10] = [
    "ipblock-pods",
    "ipblock-nodes",
    "own-node-egress",
    "own-node-ingress",
    "end-port",
    "named-port",
    "windows-dropped",
    "windows-unenforced",
    "not-enforced",
    "external-traffic-cluster",
];

/// The columns every case must have (`engines:` may add `cilium-1.16`, `cilium-1.18`).
const REQUIRED_COLUMNS: [&str; 5] = ["spec", "azure", "calico", "cilium", "none"];

fn engine_of(column: &str) -> Option<Engine> {
    match column {
        "cilium-1.16" => Some(Engine::Cilium(CiliumVersion::V1_16)),
        "cilium-1.17" => Some(Engine::Cilium(CiliumVersion::V1_17)),
        "cilium-1.18" => Some(Engine::Cilium(CiliumVersion::V1_18)),
        other => Engine::parse(other),
    }
}

/// What a case says about the engine notes of one flow under one engine: groups of
/// alternatives (`a/b`), one note of each group required, no note of another point allowed.
#[derive(Clone, Debug, Default)]
struct Notes {
    required: Vec<Vec<String>>,
}

impl Notes {
    fn is_empty(&self) -> bool {
        self.required.is_empty()
    }

    fn allows(&self, point: &str) -> bool {
        self.required.iter().flatten().any(|p| p == point)
    }
}

#[derive(Clone, Debug)]
struct Flow {
    line: String,
    from: String,
    to: String,
    port: FlowPort,
    /// `ns/name` of the Service the flow enters through.
    via: Option<String>,
    /// Column name -> allowed.
    verdicts: BTreeMap<String, bool>,
    notes: BTreeMap<String, Notes>,
}

struct Case {
    name: String,
    manifests: String,
    ports: Vec<FlowPort>,
    external: Vec<String>,
    flows: Vec<Flow>,
    /// `COLUMN FROM -> TO PORT [via SVC]` -> reason.
    disputed: BTreeMap<String, String>,
}

impl Case {
    fn cluster(&self) -> Cluster {
        let analysis = analyze(&[SourceFile::new("manifests.yaml", self.manifests.as_str())]);
        assert!(
            !analysis.has_errors(),
            "{}: the manifests have errors: {:?}",
            self.name,
            analysis.findings
        );
        let mut cluster = analysis.cluster;
        for address in &self.external {
            cluster.endpoint_or_external(address).unwrap();
        }
        cluster
    }
}

fn cases() -> Vec<Case> {
    common::files(&common::fixtures("engines"), &["yaml"])
        .iter()
        .map(|path| read_case(path))
        .collect()
}

fn read_case(path: &Path) -> Case {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = fs::read_to_string(path).unwrap();
    let (header, manifests) = text
        .split_once("\n---\n")
        .unwrap_or_else(|| panic!("{name}: no manifests after the header"));
    assert!(
        header.contains("# Source: "),
        "{name}: the leading comment must cite its source"
    );
    let mut source = None;
    let mut ports = vec![FlowPort::tcp(80)];
    let mut external = Vec::new();
    let mut columns: Vec<String> = REQUIRED_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    let mut flows = Vec::new();
    let mut disputed = BTreeMap::new();
    let mut section = "";
    for (number, raw) in header.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = format!("{name}:{}", number + 1);
        if let Some(item) = line.strip_prefix("- ") {
            let item = item.trim().trim_matches('"');
            match section {
                "flows" => flows.push(read_flow(&at, item, &columns)),
                "disputed" => {
                    let (flow, reason) = item
                        .split_once(": ")
                        .unwrap_or_else(|| panic!("{at}: a dispute is `COLUMN FLOW: reason`"));
                    disputed.insert(flow.trim().to_owned(), reason.trim().to_owned());
                }
                other => panic!("{at}: a list item under `{other}`"),
            }
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{at}: cannot read `{line}`"));
        let value = value.trim();
        match key {
            "source" => source = Some(value.to_owned()),
            "ports" => {
                ports = value
                    .split_whitespace()
                    .map(|p| FlowPort::parse(p).unwrap_or_else(|| panic!("{at}: bad port {p}")))
                    .collect();
            }
            "external" => external = value.split_whitespace().map(str::to_owned).collect(),
            "engines" => {
                columns = value.split_whitespace().map(str::to_owned).collect();
                for required in REQUIRED_COLUMNS {
                    assert!(
                        columns.iter().any(|c| c == required),
                        "{at}: no `{required}`"
                    );
                }
                for column in &columns {
                    assert!(engine_of(column).is_some(), "{at}: unknown engine {column}");
                }
            }
            "flows" | "disputed" => section = key,
            other => panic!("{at}: unknown key `{other}`"),
        }
    }
    let source = source.unwrap_or_else(|| panic!("{name}: no `source:`"));
    assert!(source.starts_with("https://"), "{name}: source {source}");
    assert!(!flows.is_empty(), "{name}: no flows");
    for key in disputed.keys() {
        let (column, flow) = key.split_once(' ').unwrap();
        assert!(
            columns.iter().any(|c| c == column) && flows.iter().any(|f| f.line == flow),
            "{name}: the dispute `{key}` names no flow of the case"
        );
    }
    Case {
        name,
        manifests: manifests.to_owned(),
        ports,
        external,
        flows,
        disputed,
    }
}

/// `FROM -> TO PORT [via NS/SVC] | VERDICT... | [COLUMN:POINT ...]`.
fn read_flow(at: &str, item: &str, columns: &[String]) -> Flow {
    let parts: Vec<&str> = item.split('|').map(str::trim).collect();
    let [flow, verdicts, notes] = parts.as_slice() else {
        panic!("{at}: a flow is `FLOW | VERDICTS | NOTES`");
    };
    let words: Vec<&str> = flow.split_whitespace().collect();
    let (from, to, port, via) = match words.as_slice() {
        [from, "->", to, port] => (*from, *to, *port, None),
        [from, "->", to, port, "via", service] => (*from, *to, *port, Some((*service).to_owned())),
        _ => panic!("{at}: cannot read the flow `{flow}`"),
    };
    let port = FlowPort::parse(port).unwrap_or_else(|| panic!("{at}: bad port {port}"));
    let verdict_words: Vec<&str> = verdicts.split_whitespace().collect();
    assert_eq!(
        verdict_words.len(),
        columns.len(),
        "{at}: one verdict per engine ({})",
        columns.join(" ")
    );
    let verdicts: BTreeMap<String, bool> = columns
        .iter()
        .zip(&verdict_words)
        .map(|(column, word)| {
            let allowed = match *word {
                "allow" => true,
                "block" => false,
                other => panic!("{at}: verdict `{other}`"),
            };
            (column.clone(), allowed)
        })
        .collect();
    let mut by_column: BTreeMap<String, Notes> = BTreeMap::new();
    for note in notes.split_whitespace() {
        let (column, points) = note
            .split_once(':')
            .unwrap_or_else(|| panic!("{at}: a note is `COLUMN:POINT`"));
        assert!(columns.iter().any(|c| c == column), "{at}: column {column}");
        let group: Vec<String> = points.split('/').map(str::to_owned).collect();
        for point in &group {
            assert!(
                POINTS.contains(&point.as_str()),
                "{at}: unknown point {point}"
            );
        }
        by_column
            .entry(column.to_owned())
            .or_default()
            .required
            .push(group);
    }
    // Where an engine departs from the specification, the case must say which point decided.
    for (column, allowed) in &verdicts {
        if column != "spec" && *allowed != verdicts["spec"] {
            assert!(
                by_column
                    .get(column)
                    .is_some_and(|n| !n.required.is_empty()),
                "{at}: {column} differs from spec without naming the engine point"
            );
        }
    }
    Flow {
        line: flow.to_string(),
        from: from.to_owned(),
        to: to.to_owned(),
        port,
        via,
        verdicts,
        notes: by_column,
    }
}

fn verdict(allowed: bool) -> &'static str {
    if allowed { "allow" } else { "block" }
}

/// Where the differences go: failures, and the disputes the cases mark.
struct Outcomes<'a> {
    failures: &'a mut Vec<String>,
    disputes: &'a mut Vec<String>,
}

/// What the implementation says about one flow under one engine.
struct Outcome {
    allowed: bool,
    points: Vec<String>,
}

/// The differences between what a case expects of a flow under `column` and `outcome`.
fn compare(flow: &Flow, column: &str, outcome: &Outcome) -> Vec<String> {
    let mut problems = Vec::new();
    let expected = flow.verdicts[column];
    if outcome.allowed != expected {
        problems.push(format!(
            "expected {}, got {}",
            verdict(expected),
            verdict(outcome.allowed)
        ));
    }
    let notes = flow.notes.get(column).cloned().unwrap_or_default();
    for group in &notes.required {
        if !group.iter().any(|p| outcome.points.contains(p)) {
            problems.push(format!(
                "no engine note `{}` (notes: {:?})",
                group.join("` or `"),
                outcome.points
            ));
        }
    }
    for point in &outcome.points {
        if !notes.allows(point) {
            let why = if notes.is_empty() {
                "where the case says the engine did not decide"
            } else {
                "not among the case's points"
            };
            problems.push(format!("an engine note `{point}` {why}"));
        }
    }
    problems
}

#[test]
fn every_case_cites_its_source_and_covers_the_engines() {
    let cases = cases();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let text: String = cases.iter().map(|c| c.manifests.clone()).collect();
    // Each engine point is exercised by at least one case, where it decides.
    for point in POINTS.iter().filter(|p| **p != "own-node-ingress") {
        assert!(
            cases
                .iter()
                .flat_map(|c| &c.flows)
                .any(|f| f
                    .notes
                    .values()
                    .any(|n| n.required.iter().flatten().any(|p| p == point))),
            "no case where `{point}` decides"
        );
    }
    assert!(text.contains("kind: Node") && text.contains("hostNetwork: true"));
    assert!(text.contains("externalTrafficPolicy: Local"));
}

#[test]
fn every_flow_has_its_verdict_under_every_engine() {
    let mut failures = Vec::new();
    let mut disputes = Vec::new();
    for case in cases() {
        let cluster = case.cluster();
        let columns: Vec<&String> = case.flows[0].verdicts.keys().collect();
        let matrices: BTreeMap<&String, Reachability> = columns
            .iter()
            .map(|c| {
                let engine = engine_of(c).unwrap();
                (*c, Reachability::compute_for(&cluster, &case.ports, engine))
            })
            .collect();
        let spec_today = Reachability::compute(&cluster, &case.ports);
        for flow in &case.flows {
            if flow.via.is_some() {
                check_via(
                    &case,
                    &cluster,
                    flow,
                    &mut Outcomes {
                        failures: &mut failures,
                        disputes: &mut disputes,
                    },
                );
                continue;
            }
            let at = format!("{}: {}", case.name, flow.line);
            let from = cluster
                .find_endpoint(&flow.from)
                .unwrap_or_else(|| panic!("{at}: no endpoint {}", flow.from));
            let to = cluster
                .find_endpoint(&flow.to)
                .unwrap_or_else(|| panic!("{at}: no endpoint {}", flow.to));
            let port_index = case
                .ports
                .iter()
                .position(|p| *p == flow.port)
                .unwrap_or_else(|| panic!("{at}: {} is not in `ports:`", flow.port));
            // `spec` is the specification as the default entry points compute it.
            let default = explain(&cluster, from, to, flow.port).unwrap();
            assert_eq!(
                spec_today.allowed(from, to, port_index),
                default.allowed,
                "{at}: the default matrix and explanation disagree"
            );
            for (column, reach) in &matrices {
                let engine = engine_of(column).unwrap();
                let allowed = reach.allowed(from, to, port_index);
                let explained = explain_for(&cluster, from, to, flow.port, engine).unwrap();
                assert_eq!(
                    explained.allowed, allowed,
                    "{at}: under {column} the explanation and the matrix disagree"
                );
                if engine == Engine::Spec {
                    assert_eq!(
                        allowed, default.allowed,
                        "{at}: spec differs from the default evaluation"
                    );
                }
                let outcome = Outcome {
                    allowed,
                    points: explained
                        .engine_notes
                        .iter()
                        .map(|n| n.point.to_owned())
                        .collect(),
                };
                record(
                    &case,
                    flow,
                    column,
                    &outcome,
                    &mut Outcomes {
                        failures: &mut failures,
                        disputes: &mut disputes,
                    },
                );
            }
        }
    }
    for dispute in &disputes {
        eprintln!("disputed: {dispute}");
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Files the differences of one flow under one engine as failures, or as disputes when the case
/// marks them so; a dispute without a difference is a failure.
fn record(case: &Case, flow: &Flow, column: &str, outcome: &Outcome, outcomes: &mut Outcomes<'_>) {
    let Outcomes { failures, disputes } = outcomes;
    let problems = compare(flow, column, outcome);
    let key = format!("{column} {}", flow.line);
    match (case.disputed.get(&key), problems.is_empty()) {
        (None, true) => {}
        (None, false) => failures.push(format!(
            "{}: {} under {column}: {}",
            case.name,
            flow.line,
            problems.join("; ")
        )),
        (Some(reason), false) => disputes.push(format!(
            "{}: {} under {column}: {} ({reason})",
            case.name,
            flow.line,
            problems.join("; ")
        )),
        (Some(_), true) => failures.push(format!(
            "{}: {} under {column}: marked disputed but the implementation agrees; remove the dispute",
            case.name, flow.line
        )),
    }
}

/// A flow through a Service: `engine::via::flows` from the client to the Service's backends,
/// under every engine of the case, the backend's flow checked as any other.
fn check_via(case: &Case, cluster: &Cluster, flow: &Flow, outcomes: &mut Outcomes<'_>) {
    let at = format!("{}: {}", case.name, flow.line);
    let service = flow.via.as_deref().unwrap();
    let from = cluster
        .find_endpoint(&flow.from)
        .unwrap_or_else(|| panic!("{at}: no endpoint {}", flow.from));
    let to = cluster
        .find_endpoint(&flow.to)
        .unwrap_or_else(|| panic!("{at}: no endpoint {}", flow.to));
    for column in flow.verdicts.keys() {
        let engine = engine_of(column).unwrap();
        let flows = via::flows(cluster, service, &[from], Some(flow.port), engine)
            .unwrap_or_else(|e| panic!("{at}: {e}"));
        let found = flows
            .iter()
            .find(|f| f.source == from && f.backend == to)
            .unwrap_or_else(|| panic!("{at}: {} is not a backend of {service}", flow.to));
        let outcome = Outcome {
            allowed: found.explanation.allowed,
            points: found
                .explanation
                .engine_notes
                .iter()
                .map(|n| n.point.to_owned())
                .collect(),
        };
        record(case, flow, column, &outcome, outcomes);
    }
}

/// The dispute mechanism: a marked difference is reported, not failed; an unmarked one fails; a
/// marked flow that no longer differs fails too.
#[test]
fn disputes_are_reported_and_stale_ones_fail() {
    let columns: Vec<String> = REQUIRED_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    let flow = read_flow(
        "test",
        "a/x -> a/y 80/TCP | block block block block allow | none:not-enforced",
        &columns,
    );
    let mut case = Case {
        name: "test".to_owned(),
        manifests: String::new(),
        ports: vec![FlowPort::tcp(80)],
        external: Vec::new(),
        flows: vec![flow.clone()],
        disputed: BTreeMap::new(),
    };
    let allowed = Outcome {
        allowed: true,
        points: Vec::new(),
    };
    let blocked = Outcome {
        allowed: false,
        points: Vec::new(),
    };
    let run = |case: &Case, outcome: &Outcome| {
        let (mut failures, mut disputes) = (Vec::new(), Vec::new());
        let mut outcomes = Outcomes {
            failures: &mut failures,
            disputes: &mut disputes,
        };
        record(case, &flow, "azure", outcome, &mut outcomes);
        (failures.len(), disputes.len())
    };
    assert_eq!(run(&case, &blocked), (0, 0));
    assert_eq!(run(&case, &allowed), (1, 0));
    case.disputed.insert(
        format!("azure {}", flow.line),
        "the source says otherwise".to_owned(),
    );
    assert_eq!(run(&case, &allowed), (0, 1));
    assert_eq!(run(&case, &blocked), (1, 0), "a stale dispute fails");
    // An engine note where the case names none is a difference too.
    let noted = Outcome {
        allowed: false,
        points: vec!["windows-dropped".to_owned()],
    };
    assert_eq!(compare(&flow, "azure", &noted).len(), 1);
    assert_eq!(
        compare(&flow, "none", &allowed).len(),
        1,
        "not-enforced is required"
    );
}
