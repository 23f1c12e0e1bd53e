//! Manifests of any bytes: read, analysed, evaluated on a few ports, and a few flows explained.
#![no_main]

use aksnet_core::{FlowPort, Reachability, SourceFile, analyze, explain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let sources = [SourceFile::new("fuzz.yaml", text)];
    let mut analysis = analyze(&sources);
    let _ = analysis.objects();
    let _ = analysis.fixed_text(0, aksnet_core::Applicability::Unsafe);
    // An address outside the cluster takes part in every flow, as `aksnet reach --external` does.
    let _ = analysis.cluster.endpoint_or_external("203.0.113.7");
    let ports = [FlowPort::tcp(80), FlowPort::tcp(53), FlowPort::tcp(8080)];
    let reachability = Reachability::compute(&analysis.cluster, &ports);
    let endpoints = analysis.cluster.endpoints.len();
    for from in 0..endpoints.min(4) {
        let _ = reachability.reachable_from(from, 0);
        for to in 0..endpoints.min(4) {
            for (index, &port) in ports.iter().enumerate() {
                let _ = reachability.allowed(from, to, index);
                let _ = explain(&analysis.cluster, from, to, port);
            }
        }
    }
});
