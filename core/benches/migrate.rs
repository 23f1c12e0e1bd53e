//! The NPM → Cilium migration check on a generated cluster: 2,000 pods in a few label groups on
//! three nodes (one Windows), half with addresses, an allow-all ipBlock, an `endPort` range, an
//! ambiguous named port, a default-deny egress and a `LoadBalancer` Service.
//!
//! `cargo bench -p aksnet-core --bench migrate` prints the median of repeated runs.

// A benchmark's report is its output.
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;

mod support;

use aksnet_core::{CiliumVersion, Engine, SourceFile, analyze, migration};

const PODS: usize = 2_000;
const RUNS: usize = 5;
const APPS: [&str; 5] = ["web", "api", "db", "cache", "batch"];

fn generate() -> String {
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
    for pod in 0..PODS {
        let ns = if pod % 2 == 0 { "shop" } else { "data" };
        let app = APPS[pod % APPS.len()];
        let node = ["node-a", "node-b", "node-w"][pod % 7 % 3];
        let port = if app == "api" && pod % 3 == 0 {
            8080
        } else {
            80
        };
        let status = if pod % 4 < 2 {
            format!("\nstatus:\n  podIP: 10.244.{}.{}", pod / 200, pod % 200 + 1)
        } else {
            String::new()
        };
        writeln!(
            yaml,
            "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {app}-{pod}\n  namespace: {ns}\n  labels: {{app: {app}}}\nspec:\n  nodeName: {node}\n  containers:\n  - name: main\n    image: nginx\n    ports:\n    - {{name: http, containerPort: {port}}}{status}"
        )
        .unwrap();
    }
    yaml.push_str(POLICIES);
    yaml
}

const POLICIES: &str = "---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-anywhere, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - ipBlock: {cidr: 0.0.0.0/0}
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

fn main() {
    let yaml = generate();
    let sources = [SourceFile::new("generated.yaml", yaml.as_str())];
    let analysis = analyze(&sources);
    assert!(!analysis.has_errors(), "{:?}", analysis.findings.first());
    let cilium = Engine::Cilium(CiliumVersion::V1_16);
    let result = migration::check(&analysis, Engine::Azure, cilium);
    let median = support::median(RUNS, || migration::check(&analysis, Engine::Azure, cilium));
    println!(
        "cluster: {} endpoints, {PODS} pods; {} findings, {} flows listed",
        analysis.cluster.endpoints.len(),
        result.findings.len(),
        result.flows.len()
    );
    println!("| stage | median of {RUNS} |");
    println!("| --- | ---: |");
    println!(
        "| migration check, NPM → Cilium 1.16 | {:.2} ms |",
        median.as_secs_f64() * 1e3
    );
}
