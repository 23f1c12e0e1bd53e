//! The bounds on input size, documents, List items, endpoints and plan text (docs/limits.md): each one
//! stops reading with one finding at the line where reading stopped, and input just inside it
//! is read in full.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;

use aksnet_core::cluster::MAX_ENDPOINTS;
use aksnet_core::plan::{MAX_PLAN_BYTES, check_plan};
use aksnet_core::yaml::{Limits, parse};
use aksnet_core::{Code, SourceFile, analyze};

fn namespaces(count: usize) -> String {
    (0..count).fold(String::new(), |mut text, i| {
        writeln!(
            text,
            "---\napiVersion: v1\nkind: Namespace\nmetadata: {{name: n{i}}}"
        )
        .unwrap();
        text
    })
}

fn codes(findings: &[aksnet_core::Finding]) -> Vec<Code> {
    findings.iter().map(|f| f.code).collect()
}

#[test]
fn documents_past_the_size_limit_are_not_read() {
    let text = namespaces(3);
    let second_ends = text.match_indices("---").nth(2).unwrap().0;
    let limits = Limits {
        max_bytes: second_ends,
        ..Limits::default()
    };
    let (documents, findings) = parse(&text, 0, limits);
    assert_eq!(documents.len(), 2);
    assert_eq!(codes(&findings), [Code::YamlLimit]);
    assert_eq!(findings[0].span.start, second_ends);
    // The twin: a limit the whole text fits in.
    let limits = Limits {
        max_bytes: text.len(),
        ..Limits::default()
    };
    let (documents, findings) = parse(&text, 0, limits);
    assert_eq!((documents.len(), findings.len()), (3, 0));
}

#[test]
fn documents_past_the_count_limit_are_not_read() {
    let text = namespaces(3);
    let limits = Limits {
        max_documents: 2,
        ..Limits::default()
    };
    let (documents, findings) = parse(&text, 0, limits);
    assert_eq!(documents.len(), 2);
    assert_eq!(codes(&findings), [Code::YamlLimit]);
    assert!(findings[0].message.contains("more than 2 documents"));
    let (documents, findings) = parse(&namespaces(2), 0, limits);
    assert_eq!((documents.len(), findings.len()), (2, 0));
}

/// Once an alias bomb spends the node budget, one finding says so: the documents after it are
/// not read, so they do not each repeat it.
#[test]
fn a_spent_node_budget_is_one_finding() {
    let mut text = String::from("a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b]\n");
    text.push_str(&namespaces(5));
    let limits = Limits {
        max_nodes: 40,
        ..Limits::default()
    };
    let (documents, findings) = parse(&text, 0, limits);
    assert!(documents.is_empty());
    assert_eq!(codes(&findings), [Code::YamlLimit]);
    let limits = Limits {
        max_nodes: 1000,
        ..Limits::default()
    };
    let (documents, findings) = parse(&text, 0, limits);
    assert_eq!((documents.len(), findings.len()), (6, 0));
}

fn list(items: usize) -> String {
    let mut text = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for i in 0..items {
        writeln!(
            text,
            "- {{apiVersion: v1, kind: Namespace, metadata: {{name: n{i}}}}}"
        )
        .unwrap();
    }
    text
}

#[test]
fn list_items_past_the_document_limit_are_not_read() {
    let max = Limits::default().max_documents;
    let analysis = analyze(&[SourceFile::new("list.yaml", list(max + 2))]);
    assert_eq!(analysis.manifests.len(), max);
    assert_eq!(codes(&analysis.findings), [Code::YamlLimit]);
    // Line 1 is `apiVersion`, 3 is `items:`, so item k (0-based) is on line k + 4.
    assert_eq!(analysis.findings[0].position.line, max + 4);
    let analysis = analyze(&[SourceFile::new("list.yaml", list(max))]);
    assert_eq!(analysis.manifests.len(), max);
    assert!(analysis.findings.is_empty());
}

/// One pod written once and repeated by aliases: a short text, many endpoints.
fn aliased_pods(count: usize) -> String {
    let mut text = String::from(
        "apiVersion: v1\nkind: List\nitems:\n- &p {apiVersion: v1, kind: Pod, metadata: {name: p}}\n",
    );
    text.push_str(&"- *p\n".repeat(count - 1));
    text
}

#[test]
fn endpoints_past_the_limit_are_not_analysed() {
    let limit_findings = |analysis: &aksnet_core::Analysis| -> Vec<usize> {
        analysis
            .findings
            .iter()
            .filter(|f| f.code == Code::YamlLimit)
            .map(|f| f.position.line)
            .collect()
    };
    let analysis = analyze(&[SourceFile::new(
        "pods.yaml",
        aliased_pods(MAX_ENDPOINTS + 2),
    )]);
    assert_eq!(analysis.cluster.endpoints.len(), MAX_ENDPOINTS);
    // At the first pod past the bound, item MAX_ENDPOINTS, on line MAX_ENDPOINTS + 4; once.
    assert_eq!(limit_findings(&analysis), [MAX_ENDPOINTS + 4]);
    let analysis = analyze(&[SourceFile::new("pods.yaml", aliased_pods(MAX_ENDPOINTS))]);
    assert_eq!(analysis.cluster.endpoints.len(), MAX_ENDPOINTS);
    assert!(limit_findings(&analysis).is_empty());
}

fn az_lines(bytes: usize) -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < bytes {
        writeln!(
            text,
            "az network vnet create -g rg -n v{i} --address-prefixes 10.{}.{}.0/24",
            i / 256 % 256,
            i % 256
        )
        .unwrap();
        i += 1;
    }
    text
}

#[test]
fn plan_text_past_the_limit_is_not_read() {
    let text = az_lines(MAX_PLAN_BYTES + 1000);
    let report = check_plan(&SourceFile::new("plan.sh", text.as_str()), 0);
    let limit = report
        .findings
        .iter()
        .find(|f| f.code == Code::AzLimit)
        .expect("az-limit");
    let cut = limit.span.start;
    assert!(cut <= MAX_PLAN_BYTES && text[..cut].ends_with('\n'));
    assert_eq!(limit.position.line, text[..cut].lines().count() + 1);
    assert_eq!(report.plan.vnets.len(), text[..cut].lines().count());
    // The twin: a plan just inside the limit.
    let fits = &text[..cut];
    let report = check_plan(&SourceFile::new("plan.sh", fits), 0);
    assert!(report.findings.iter().all(|f| f.code != Code::AzLimit));

    let mut yaml = String::from("kind: NetworkPlan\nvnets:\n");
    while yaml.len() <= MAX_PLAN_BYTES {
        yaml.push_str("  - {name: v, addressSpace: [\"10.0.0.0/16\"]}\n");
    }
    let report = check_plan(&SourceFile::new("plan.yaml", yaml), 0);
    assert_eq!(codes(&report.findings), [Code::YamlLimit]);
}
