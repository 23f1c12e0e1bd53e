//! The migration check worked out by classes gives what the flow-by-flow loop gives.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::*;
use crate::engine::CiliumVersion;
use crate::{SourceFile, analyze};

/// The reference: every ordered pair of endpoints on every port, decided and written down one
/// by one, as the check did before it worked by classes.
fn by_endpoint(matrix: &Matrix, (flows, groups): Changed) {
    let count = matrix.world.cluster.endpoints.len();
    let mut attributed = Attributed::new();
    for (port_index, &port) in matrix.ports.iter().enumerate() {
        for from in 0..count {
            for to in 0..count {
                if let Some(verdict) = matrix.verdict(from, to, port_index, &mut attributed) {
                    matrix.note(from, to, port, &verdict, 1, (&mut *flows, &mut *groups));
                }
            }
        }
    }
}

const MOVES: [(Engine, Engine); 5] = [
    (Engine::Azure, Engine::Cilium(CiliumVersion::V1_16)),
    (Engine::Azure, Engine::Cilium(CiliumVersion::V1_17)),
    (Engine::Azure, Engine::Cilium(CiliumVersion::V1_18)),
    (Engine::Spec, Engine::Azure),
    (Engine::Cilium(CiliumVersion::V1_17), Engine::Azure),
];

/// Both ways of working agree on `text` for every move; returns how many findings and flows
/// were compared.
fn assert_same(name: &str, text: &str, options: &Options) -> (usize, usize) {
    let analysis = analyze(&[SourceFile::new(name, text)]);
    let mut compared = (0, 0);
    for moved in MOVES {
        let fast = check_by(&analysis, moved, options, by_class);
        let slow = check_by(&analysis, moved, options, by_endpoint);
        assert_eq!(fast, slow, "{name}, {moved:?}");
        compared.0 += fast.findings.len();
        compared.1 += fast.flows.len();
    }
    compared
}

#[test]
fn classes_give_what_the_flows_give_on_every_fixture() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(fixtures.join("rules")).unwrap() {
        let dir = entry.unwrap().path();
        if dir
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("migrate-")
        {
            files.extend(std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()));
        }
    }
    files.extend(
        std::fs::read_dir(fixtures.join("engines"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    files.retain(|f| f.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    assert!(files.len() > 30, "{files:?}");
    let mut compared = (0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let name = file.display().to_string();
        for options in [
            Options::default(),
            Options {
                external: vec!["198.51.100.0/24".to_owned()],
            },
        ] {
            let (findings, flows) = assert_same(&name, &text, &options);
            compared.0 += findings;
            compared.1 += flows;
        }
    }
    assert!(compared.0 > 20 && compared.1 > 100, "{compared:?}");
}

/// Several hundred pods in a few label groups in two namespaces, on three nodes (one Windows,
/// one pod on the host network), three quarters with their address and the rest with an assumed
/// one, with
/// policies for each scenario of the guide and a `CiliumNetworkPolicy` allowing the nodes.
fn generated(pods: usize) -> String {
    let mut yaml = String::new();
    for (name, os, address) in [
        ("node-a", "linux", "10.224.0.4"),
        ("node-b", "linux", "10.224.0.5"),
        ("node-w", "windows", "10.224.0.6"),
    ] {
        writeln!(
            yaml,
            "---\napiVersion: v1\nkind: Node\nmetadata:\n  name: {name}\n  labels: {{kubernetes.io/os: {os}}}\nstatus:\n  addresses:\n  - {{type: InternalIP, address: {address}}}"
        )
        .unwrap();
    }
    for ns in ["shop", "data"] {
        writeln!(
            yaml,
            "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n  labels: {{team: {ns}}}"
        )
        .unwrap();
    }
    let apps = ["web", "api", "db", "cache", "batch"];
    for pod in 0..pods {
        let ns = if pod % 2 == 0 { "shop" } else { "data" };
        let app = apps[pod % apps.len()];
        let node = ["node-a", "node-b", "node-w"][pod % 7 % 3];
        let port = if app == "api" && pod % 3 == 0 {
            8080
        } else {
            80
        };
        let host = if pod == 7 {
            "\n  hostNetwork: true"
        } else {
            ""
        };
        // The last quarter's addresses are assumed, but not the databases': the flows to them
        // on 9999 come after the listed ones, and name their assumed sources late.
        let status = if pod < pods * 3 / 4 || app == "db" {
            format!("\nstatus:\n  podIP: 10.244.{}.{}", pod / 200, pod % 200 + 1)
        } else {
            String::new()
        };
        writeln!(
            yaml,
            "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {app}-{pod}\n  namespace: {ns}\n  labels: {{app: {app}}}\nspec:\n  nodeName: {node}{host}\n  containers:\n  - name: main\n    image: nginx\n    ports:\n    - {{name: http, containerPort: {port}}}{status}"
        )
        .unwrap();
    }
    yaml.push_str(POLICIES);
    yaml
}

/// The policies of [`generated`]: one for each scenario of the guide, and a
/// `CiliumNetworkPolicy` allowing the nodes.
const POLICIES: &str = "---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-anywhere, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - ipBlock: {cidr: 0.0.0.0/0, except: [10.244.0.0/28]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-range, namespace: data}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - ports:
    - {port: 5432, endPort: 5440}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-pods, namespace: data}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - ipBlock: {cidr: 10.244.0.0/16}
    ports:
    - {port: 9999}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {}
      podSelector: {matchLabels: {app: api}}
    ports:
    - {port: http}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: batch-deny-egress, namespace: data}
spec:
  podSelector: {matchLabels: {app: batch}}
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cache-deny-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: cache}}
  policyTypes: [Egress]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: cache-to-host, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: cache}}
  egress:
  - toEntities: [host]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Cluster
  selector: {app: web}
  ports:
  - {port: 80, targetPort: 80}
";

#[test]
fn classes_give_what_the_flows_give_on_hundreds_of_pods() {
    let text = generated(400);
    let analysis = analyze(&[SourceFile::new("generated.yaml", text.as_str())]);
    let migration = check(
        &analysis,
        Engine::Azure,
        Engine::Cilium(CiliumVersion::V1_16),
    );
    // Every scenario but the Service's own, and more changed flows than are listed.
    let codes: BTreeMap<Code, usize> =
        migration.findings.iter().fold(BTreeMap::new(), |mut m, f| {
            *m.entry(f.code).or_default() += 1;
            m
        });
    assert!(codes.len() >= 5, "{codes:?}");
    assert_eq!(migration.flows.len(), MAX_FLOWS);
    // The databases' finding names assumed sources that come after the listed flows.
    let late = migration
        .findings
        .iter()
        .find(|f| f.message.contains("peer 10.244.0.0/16"))
        .unwrap();
    assert!(late.message.contains("data/api-301"), "{}", late.message);
    assert_same("generated.yaml", &text, &Options::default());
}
