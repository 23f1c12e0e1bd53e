//! Reachability on a generated cluster: 50 namespaces, 2,000 pods, 300 policies, 4 ports.
//!
//! `cargo bench -p aksnet-core --bench reach` prints the median of repeated runs of each stage.
//! With `AKSNET_NCA=path/to/python` (a Python with network-config-analyzer installed, as
//! `./dev bench` sets up) the same YAML also goes through the np-guard analyzer in the same run,
//! and the table shows the ratio. `AKSNET_BENCH_YAML=dir` keeps the generated manifests.

// A benchmark's report is its output.
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

mod support;

use aksnet_core::{CiliumVersion, Engine, FlowPort, Protocol, Reachability, SourceFile, analyze};

const NAMESPACES: usize = 50;
const PODS: usize = 2_000;
const POLICIES: usize = 300;
const RUNS: usize = 15;

/// xorshift64*: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const APPS: &[&str] = &[
    "web", "api", "db", "cache", "queue", "auth", "search", "billing",
];
const ROLES: &[&str] = &["frontend", "backend", "data"];
const ENVS: &[&str] = &["dev", "staging", "prod"];

fn generate() -> String {
    let mut rng = Rng(0x5eed_aced_1234_5678);
    let mut yaml = String::new();
    for ns in 0..NAMESPACES {
        let env = ENVS[ns % ENVS.len()];
        writeln!(
            yaml,
            "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns{ns}\n  labels: {{team: t{}, env: {env}}}",
            ns % 10
        )
        .unwrap();
    }
    for pod in 0..PODS {
        let ns = pod % NAMESPACES;
        let app = rng.pick(APPS);
        let role = rng.pick(ROLES);
        let tier = rng.below(3);
        let dns = if app == "cache" {
            "\n    - {name: dns, containerPort: 53, protocol: UDP}"
        } else {
            ""
        };
        writeln!(
            yaml,
            "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pod{pod}\n  namespace: ns{ns}\n  labels: {{app: {app}, role: {role}, tier: t{tier}}}\nspec:\n  containers:\n  - name: main\n    image: nginx\n    ports:\n    - {{name: http, containerPort: 80}}\n    - {{name: metrics, containerPort: 9090}}{dns}\nstatus:\n  podIP: 10.244.{}.{}",
            pod / 250,
            pod % 250 + 1
        )
        .unwrap();
    }
    for policy in 0..POLICIES {
        let ns = policy % NAMESPACES;
        let app = rng.pick(APPS);
        let peer_app = rng.pick(APPS);
        let role = rng.pick(ROLES);
        let env = rng.pick(ENVS);
        let body = match policy % 6 {
            0 => "  podSelector: {}\n  policyTypes: [Ingress]".to_owned(),
            1 => format!(
                "  podSelector: {{matchLabels: {{app: {app}}}}}\n  ingress:\n  - from:\n    - podSelector: {{matchLabels: {{app: {peer_app}}}}}\n    ports:\n    - {{port: http}}"
            ),
            2 => format!(
                "  podSelector: {{matchLabels: {{role: {role}}}}}\n  ingress:\n  - from:\n    - namespaceSelector: {{matchLabels: {{env: {env}}}}}\n      podSelector: {{matchExpressions: [{{key: app, operator: In, values: [{app}, {peer_app}]}}]}}\n  - from:\n    - namespaceSelector: {{matchLabels: {{team: t{}}}}}\n    ports:\n    - {{port: 9000, endPort: 9100}}",
                rng.below(10)
            ),
            3 => format!(
                "  podSelector: {{matchLabels: {{app: {app}}}}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector: {{}}\n      podSelector: {{matchLabels: {{app: cache}}}}\n    ports:\n    - {{port: 53, protocol: UDP}}\n    - {{port: dns, protocol: UDP}}\n  - to:\n    - podSelector: {{matchExpressions: [{{key: tier, operator: NotIn, values: [t0]}}]}}"
            ),
            4 => {
                let block = rng.below(8);
                format!(
                    "  podSelector: {{matchExpressions: [{{key: role, operator: Exists}}]}}\n  ingress:\n  - from:\n    - ipBlock: {{cidr: 10.244.{block}.0/24, except: [10.244.{block}.128/25]}}\n    ports:\n    - {{port: 443}}"
                )
            }
            _ => format!(
                "  podSelector: {{matchLabels: {{app: {app}, role: {role}}}}}\n  ingress:\n  - {{}}\n  egress:\n  - to:\n    - namespaceSelector: {{matchExpressions: [{{key: env, operator: NotIn, values: [{env}]}}]}}\n    ports:\n    - {{port: metrics}}\n    - {{port: 80}}"
            ),
        };
        writeln!(
            yaml,
            "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: policy{policy}\n  namespace: ns{ns}\nspec:\n{body}"
        )
        .unwrap();
    }
    yaml
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let ports = [
        FlowPort::tcp(80),
        FlowPort::tcp(443),
        FlowPort {
            port: 53,
            protocol: Protocol::Udp,
        },
        FlowPort::tcp(9090),
    ];
    let yaml = generate();
    let sources = [SourceFile::new("generated.yaml", yaml.as_str())];
    let analysis = analyze(&sources);
    assert!(!analysis.has_errors(), "{:?}", analysis.findings.first());
    let reach = Reachability::compute(&analysis.cluster, &ports);
    let endpoints = analysis.cluster.endpoints.len();
    let mut allowed = 0usize;
    for from in 0..endpoints {
        for to in 0..endpoints {
            for port in 0..ports.len() {
                allowed += usize::from(from != to && reach.allowed(from, to, port));
            }
        }
    }
    let flows = endpoints * (endpoints - 1) * ports.len();

    let parse = support::median(RUNS, || analyze(&sources));
    let matrix = support::median(RUNS, || Reachability::compute(&analysis.cluster, &ports));
    let cilium = Engine::Cilium(CiliumVersion::default());
    let matrix_cilium = support::median(RUNS, || {
        Reachability::compute_for(&analysis.cluster, &ports, cilium)
    });
    println!(
        "cluster: {NAMESPACES} namespaces, {endpoints} pods, {POLICIES} policies, {} ports; {} endpoint classes; {allowed} of {flows} flows allowed",
        ports.len(),
        reach.class_count()
    );
    println!("| stage | median of {RUNS} |");
    println!("| --- | ---: |");
    println!(
        "| parse and read {} KB of YAML | {} |",
        yaml.len() / 1024,
        ms(parse)
    );
    println!("| full reachability matrix (aksnet) | {} |", ms(matrix));
    println!(
        "| the same under `--engine cilium` ({} endpoint classes) | {} |",
        Reachability::compute_for(&analysis.cluster, &ports, cilium).class_count(),
        ms(matrix_cilium)
    );

    let dir = std::env::var_os("AKSNET_BENCH_YAML")
        .map_or_else(|| std::env::temp_dir().join("aksnet-bench"), PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cluster.yaml"), &yaml).unwrap();
    if let Some(python) = std::env::var_os("AKSNET_NCA") {
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/differential/nca_flows.py");
        let start = Instant::now();
        let status = Command::new(python)
            .arg(&script)
            .arg(&dir)
            .args(
                ports
                    .iter()
                    .flat_map(|p| ["--port".to_owned(), p.to_string()]),
            )
            .stdout(std::process::Stdio::null())
            .status();
        let nca = start.elapsed();
        match status {
            Ok(s) if s.success() => {
                println!(
                    "| same input through network-config-analyzer (one run) | {} |",
                    ms(nca)
                );
                println!(
                    "| ratio (analyzer / aksnet parse + matrix) | {:.0}x |",
                    nca.as_secs_f64() / (parse + matrix).as_secs_f64()
                );
            }
            other => println!("network-config-analyzer did not run: {other:?}"),
        }
    }
}
