//! Overlap detection on 10,000 ranges, and a whole plan check on a VNet with 10,000 subnets.
//!
//! `cargo bench -p aksnet-core --bench plan` prints the median of repeated runs.

// A benchmark's report is its output.
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;

mod support;

use aksnet_core::SourceFile;
use aksnet_core::plan::check_plan;
use aksnet_core::plan::ranges::overlapping_pairs;
use ipnet::IpNet;

const RANGES: usize = 10_000;
const RUNS: usize = 25;

fn main() {
    // Mostly disjoint /24s with every 50th range a /20 laid over its neighbours, as real plans
    // have a few large ranges among many small ones.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let ranges: Vec<IpNet> = (0..RANGES)
        .map(|i| {
            let block = u32::try_from(next() % 60_000).unwrap();
            let prefix = if i % 50 == 0 { 20 } else { 24 };
            IpNet::new(
                std::net::Ipv4Addr::from((10 << 24) | (block << 8)).into(),
                prefix,
            )
            .unwrap()
            .trunc()
        })
        .collect();
    let pairs = overlapping_pairs(&ranges).len();
    let sweep = support::median(RUNS, || overlapping_pairs(&ranges));

    let mut plan = String::from(
        "kind: NetworkPlan\ncluster:\n  networkPlugin: azure\n  serviceCidr: 172.16.0.0/16\n  dnsServiceIp: 172.16.0.10\n  subnet: big/s0\nvnets:\n  - name: big\n    addressSpace: [\"10.0.0.0/8\"]\n    subnets:\n",
    );
    for i in 0..RANGES {
        writeln!(
            plan,
            "      - {{name: s{i}, cidr: \"10.{}.{}.0/24\"}}",
            i / 256,
            i % 256
        )
        .unwrap();
    }
    let source = SourceFile::new("plan.yaml", plan);
    let report = check_plan(&source, 0);
    let whole = support::median(RUNS, || check_plan(&source, 0));

    println!("| stage | median of {RUNS} |");
    println!("| --- | ---: |");
    println!(
        "| overlapping pairs among {RANGES} ranges ({pairs} pairs found) | {:.2} ms |",
        sweep.as_secs_f64() * 1e3
    );
    println!(
        "| whole plan check, VNet with {RANGES} subnets ({} findings) | {:.2} ms |",
        report.findings.len(),
        whole.as_secs_f64() * 1e3
    );
}
