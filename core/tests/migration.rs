//! The NPM → Cilium migration check on the five scenarios of Microsoft's migration guide
//! (<https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
//! "Pre-migration validation"): each scenario's example (tests/fixtures/rules/migrate-*/fail.yaml,
//! each citing its section) gets its findings and its changed flows; its twin without the
//! pattern gets none of its code. See docs/decisions/0190-npm-to-cilium-migration.md.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use aksnet_core::migration::{self, Migration};
use aksnet_core::{CiliumVersion, Code, Engine, SourceFile, analyze};

fn fixture(code: &str, which: &str) -> String {
    std::fs::read_to_string(
        common::fixtures("rules")
            .join(code)
            .join(format!("{which}.yaml")),
    )
    .unwrap()
}

/// The migration a fixture asks for, run.
fn migrate(text: &str) -> Migration {
    let (from, to) = common::migration_of(text).expect("the fixture names its migration");
    migration::check(&analyze(&[SourceFile::new("m.yaml", text)]), from, to)
}

fn codes(migration: &Migration) -> Vec<&'static str> {
    let mut codes: Vec<&str> = migration.findings.iter().map(|f| f.code.as_str()).collect();
    codes.sort_unstable();
    codes
}

/// Every finding's flows are changed flows carrying its code, and every flow with a code has
/// its finding.
fn assert_consistent(migration: &Migration) {
    for finding in &migration.findings {
        assert!(
            migration
                .flows
                .iter()
                .any(|f| f.codes.contains(&finding.code)),
            "{}: no changed flow carries it: {:?}",
            finding.code,
            migration.flows
        );
        assert!(finding.message.contains("✓→✗"), "{}", finding.message);
    }
    for flow in &migration.flows {
        for code in &flow.codes {
            assert!(
                migration.findings.iter().any(|f| f.code == *code),
                "{flow:?}"
            );
        }
    }
}

/// The flows of `migration` carrying `code`, as `from -> to port`.
fn flows_of(migration: &Migration, code: Code) -> Vec<String> {
    migration
        .flows
        .iter()
        .filter(|f| f.codes.contains(&code))
        .map(|f| format!("{} -> {} {}", f.from, f.to, f.port))
        .collect()
}

/// Scenario 1, "NetworkPolicy with endPort": on Cilium 1.16 the range opens its first port
/// alone; on 1.17 nothing changes.
#[test]
fn guide_scenario_1_endport() {
    // The guide's own example: 769 ports, no fix.
    let guide = migrate(&fixture("migrate-endport", "guide"));
    assert_consistent(&guide);
    assert_eq!(
        codes(&guide),
        ["migrate-egress-own-node", "migrate-endport"]
    );
    let flows = flows_of(&guide, Code::MigrateEndport);
    assert!(flows.iter().any(|f| f.ends_with(" 32001/TCP")), "{flows:?}");
    assert!(flows.iter().any(|f| f.ends_with(" 32768/TCP")), "{flows:?}");
    assert!(
        !flows.iter().any(|f| f.ends_with(" 32000/TCP")),
        "{flows:?}"
    );
    let endport = |m: &Migration| {
        m.findings
            .iter()
            .find(|f| f.code == Code::MigrateEndport)
            .cloned()
            .unwrap()
    };
    assert!(endport(&guide).fix.is_none());
    assert_eq!(endport(&guide).ranges, ["32000-32768"]);
    // A short range gets its ports listed.
    let failing = migrate(&fixture("migrate-endport", "fail"));
    assert_consistent(&failing);
    assert_eq!(
        codes(&failing),
        ["migrate-egress-own-node", "migrate-endport"]
    );
    let flows = flows_of(&failing, Code::MigrateEndport);
    assert!(flows.iter().any(|f| f.ends_with(" 9001/TCP")), "{flows:?}");
    let fix = endport(&failing).fix.unwrap();
    assert_eq!(
        fix.edits[0].text,
        "        - port: 9001\n          protocol: TCP\n        - port: 9002\n          protocol: TCP\n"
    );
    // Cilium 1.17 reads the range.
    let passing = migrate(&fixture("migrate-endport", "pass"));
    assert!(
        !codes(&passing).contains(&"migrate-endport"),
        "{:?}",
        passing.findings
    );
}

/// Scenario 2, "NetworkPolicy with ipBlock": egress to 0.0.0.0/0 loses every pod (and the nodes)
/// on Cilium; the guide's selectors keep the pods.
#[test]
fn guide_scenario_2_ipblock() {
    let failing = migrate(&fixture("migrate-ipblock-pods", "fail"));
    assert_consistent(&failing);
    assert_eq!(
        codes(&failing),
        ["migrate-ipblock-nodes", "migrate-ipblock-pods"]
    );
    let pods = flows_of(&failing, Code::MigrateIpblockPods);
    assert!(!pods.is_empty());
    let finding = failing
        .findings
        .iter()
        .find(|f| f.code == Code::MigrateIpblockPods)
        .unwrap();
    assert!(
        finding.message.contains("10.244.0.0/16"),
        "the assumption is said"
    );
    assert_eq!(
        finding.fix.as_ref().unwrap().edits[0].text,
        "      - namespaceSelector: {}\n"
    );
    let passing = migrate(&fixture("migrate-ipblock-pods", "pass"));
    assert_eq!(codes(&passing), ["migrate-ipblock-nodes"]);

    // Node addresses: the given nodes, own and other, are lost; the guide's
    // CiliumNetworkPolicy keeps them.
    let nodes = migrate(&fixture("migrate-ipblock-nodes", "fail"));
    assert_consistent(&nodes);
    assert_eq!(codes(&nodes), ["migrate-ipblock-nodes"]);
    let flows = flows_of(&nodes, Code::MigrateIpblockNodes);
    for expected in [
        "ipblock-test/agent-client -> aks-nodepool1-0 80/TCP",
        "ipblock-test/agent-client -> aks-nodepool1-1 80/TCP",
    ] {
        assert!(flows.iter().any(|f| f == expected), "{expected}: {flows:?}");
    }
    let fix = nodes.findings[0].fix.as_ref().unwrap();
    assert!(
        fix.title.starts_with("After the migration"),
        "{}",
        fix.title
    );
    assert!(fix.edits[0].text.contains("- remote-node"));
    assert!(
        migrate(&fixture("migrate-ipblock-nodes", "pass"))
            .findings
            .is_empty()
    );
}

/// Scenario 3, "NetworkPolicy with named Ports": the name maps to 8080 and 9090, so Cilium
/// ignores the rule; numbers keep it.
#[test]
fn guide_scenario_3_named_ports() {
    let failing = migrate(&fixture("migrate-named-port", "fail"));
    assert_consistent(&failing);
    assert!(
        codes(&failing).contains(&"migrate-named-port"),
        "{:?}",
        codes(&failing)
    );
    let flows = flows_of(&failing, Code::MigrateNamedPort);
    assert!(
        flows.iter().any(|f| f.ends_with("default/web-a 8080/TCP")),
        "{flows:?}"
    );
    assert!(
        flows.iter().any(|f| f.ends_with("default/web-b 9090/TCP")),
        "{flows:?}"
    );
    let finding = failing
        .findings
        .iter()
        .find(|f| f.code == Code::MigrateNamedPort)
        .unwrap();
    assert_eq!(finding.ranges, ["8080", "9090"]);
    let passing = migrate(&fixture("migrate-named-port", "pass"));
    assert!(!codes(&passing).contains(&"migrate-named-port"));
}

/// Scenario 4, "NetworkPolicy with Egress Policies": egress only to 10.20.30.0/24 loses the
/// pods' own node on Cilium; a `CiliumNetworkPolicy` allowing `host` keeps it.
#[test]
fn guide_scenario_4_egress_to_own_node() {
    let failing = migrate(&fixture("migrate-egress-own-node", "fail"));
    assert_consistent(&failing);
    assert_eq!(codes(&failing), ["migrate-egress-own-node"]);
    let flows = flows_of(&failing, Code::MigrateEgressOwnNode);
    assert!(
        flows.iter().all(|f| f.contains(" -> assumed-node-1 ")),
        "{flows:?}"
    );
    assert!(!flows.is_empty());
    assert!(
        migrate(&fixture("migrate-egress-own-node", "pass"))
            .findings
            .is_empty()
    );
}

/// Scenario 5, "Ingress policy behavior changes": outside clients through a `LoadBalancer` with
/// externalTrafficPolicy Cluster pass a deny-all under NPM, not on Cilium; with Local nothing
/// changes.
#[test]
fn guide_scenario_5_load_balancer_ingress() {
    let failing = migrate(&fixture("migrate-lb-ingress", "fail"));
    assert_consistent(&failing);
    assert_eq!(codes(&failing), ["migrate-lb-ingress"]);
    let flow = failing
        .flows
        .iter()
        .find(|f| f.via.is_some())
        .expect("a flow through the Service");
    assert_eq!(
        (
            flow.from.as_str(),
            flow.to.as_str(),
            flow.port.to_string().as_str()
        ),
        ("203.0.113.10", "default/web", "8080/TCP")
    );
    assert_eq!(flow.via.as_deref(), Some("default/web"));
    assert!((flow.before, flow.after) == (true, false));
    let fix = failing.findings[0].fix.as_ref().unwrap();
    assert!(fix.edits[0].text.contains("cidr: 203.0.113.0/24  # edit"));
    // Given the clients, the fix allows them.
    let text = fixture("migrate-lb-ingress", "fail");
    let analysis = analyze(&[SourceFile::new("m.yaml", text.as_str())]);
    let options = migration::Options {
        external: vec!["198.51.100.7".to_owned()],
    };
    let given = migration::check_with(
        &analysis,
        Engine::Azure,
        Engine::Cilium(CiliumVersion::default()),
        &options,
    );
    assert!(given.flows.iter().any(|f| f.from == "198.51.100.7"));
    let fix = given.findings[0].fix.as_ref().unwrap();
    assert!(
        fix.edits[0].text.contains("cidr: 198.51.100.7/32\n"),
        "{}",
        fix.edits[0].text
    );
    assert!(
        migrate(&fixture("migrate-lb-ingress", "pass"))
            .findings
            .is_empty()
    );
}

/// Only the move the guide describes has findings; other pairs list the changed flows alone.
#[test]
fn other_moves_give_flows_without_findings() {
    let text = fixture("migrate-egress-own-node", "fail");
    let analysis = analyze(&[SourceFile::new("m.yaml", text.as_str())]);
    let other = migration::check(&analysis, Engine::Azure, Engine::None);
    assert!(other.findings.is_empty());
    assert!(
        !other.flows.is_empty(),
        "nothing is enforced: flows open up"
    );
    assert!(
        other
            .flows
            .iter()
            .all(|f| !f.before && f.after && f.codes.is_empty())
    );
    let same = migration::check(&analysis, Engine::Azure, Engine::Azure);
    assert_eq!(same, Migration::default());
}

/// Pods with `status.podIP` keep their addresses: the finding says which endpoints' addresses it
/// assumed (the representatives, derived from the policies), never the pods the input placed.
#[test]
fn only_endpoints_without_an_address_are_said_to_be_assumed() {
    let text = "# aksnet: --engine azure --migrate-to cilium
apiVersion: v1
kind: Pod
metadata: {name: a, labels: {app: a}}
status: {podIP: 10.244.1.7}
---
apiVersion: v1
kind: Pod
metadata: {name: b, labels: {app: b}}
status: {podIP: 10.244.2.9}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: example-ipblock}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock: {cidr: 0.0.0.0/0}
";
    let migration = migrate(text);
    let finding = migration
        .findings
        .iter()
        .find(|f| f.code == Code::MigrateIpblockPods)
        .expect("the ipBlock finding");
    let (_, assumed) = finding
        .message
        .split_once("the input gives no address for ")
        .expect("the representatives' addresses are assumed");
    assert!(assumed.contains('~'), "{assumed}");
    assert!(!assumed.contains("default/a"), "{}", finding.message);
    assert!(!assumed.contains("default/b"), "{}", finding.message);
}
