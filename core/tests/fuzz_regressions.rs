//! Inputs the fuzz targets (fuzz/) found to break a property, each reduced to its cause. The
//! crashing inputs themselves are in fuzz/corpus/<target>/, where every fuzz run replays them.
#![cfg(not(target_arch = "wasm32"))]

use aksnet_core::{Code, SourceFile, analyze};

fn fix_once(text: &str) -> String {
    let sources = [SourceFile::new("m.yaml", text)];
    analyze(&sources)
        .fixed_text(0, aksnet_core::Applicability::Unsafe)
        .unwrap()
}

fn syntax_errors(text: &str) -> Vec<Code> {
    analyze(&[SourceFile::new("m.yaml", text)])
        .findings
        .into_iter()
        .map(|f| f.code)
        .filter(|c| matches!(c, Code::YamlSyntax | Code::YamlDuplicateKey))
        .collect()
}

const POLICY_HEAD: &str =
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:";

/// fuzz target `fix`: a key inserted into an anchored or tagged mapping went before the anchor,
/// at the anchor's column, which made the mapping's keys a syntax error.
#[test]
fn keys_go_after_the_anchor_or_tag_of_a_mapping() {
    for (properties, expected) in [
        (
            "&spec",
            "  &spec\n    policyTypes: [Ingress]\n    podSelector",
        ),
        (
            "!!map",
            "  !!map\n    policyTypes: [Ingress]\n    podSelector",
        ),
        (
            "&spec # shared",
            "    policyTypes: [Ingress]\n    podSelector",
        ),
    ] {
        let text = format!("{POLICY_HEAD}\n  {properties}\n    podSelector: {{}}\n");
        assert!(syntax_errors(&text).is_empty(), "{text}");
        let fixed = fix_once(&text);
        assert!(fixed.contains(expected), "{fixed}");
        assert!(syntax_errors(&fixed).is_empty(), "{fixed}");
    }
    // The nearest twins: properties on the key's line, and a flow mapping after an anchor.
    let text = format!("{POLICY_HEAD} &spec\n  podSelector: {{}}\n");
    assert!(fix_once(&text).contains("&spec\n  policyTypes: [Ingress]\n  podSelector"));
    let text = format!("{POLICY_HEAD} &spec {{podSelector: {{}}}}\n");
    assert!(fix_once(&text).contains("&spec {policyTypes: [Ingress], podSelector"));
}

/// fuzz target `fix`: an anchor written right before a flow mapping (`&spec{...}`) was read as
/// running to the next blank, so the key went into the mapping nested inside, and every round
/// of fixing added it again.
#[test]
fn an_anchor_ends_at_a_flow_indicator() {
    let text = format!(
        "{POLICY_HEAD}
  &spec{{podSelector: {{matchLabels: {{app: web}}}}}}
"
    );
    let fixed = fix_once(&text);
    assert!(
        fixed.contains("&spec{policyTypes: [Ingress], podSelector: {matchLabels: {app: web}}}"),
        "{fixed}"
    );
    assert_eq!(fix_once(&fixed), fixed);
    assert!(syntax_errors(&fixed).is_empty());
}

/// fuzz target `fix`: a block mapping whose first key is an anchored flow mapping
/// (`&key {...}: value`) was taken for a flow mapping, so the new key went inside that key.
#[test]
fn a_block_mapping_may_start_with_a_flow_key() {
    let text =
        format!("{POLICY_HEAD}\n  &key {{matchLabels: {{app: web}}}}: x\n  podSelector: {{}}\n");
    let fixed = fix_once(&text);
    assert!(
        fixed.contains("\n  policyTypes: [Ingress]\n  &key {matchLabels: {app: web}}: x\n"),
        "{fixed}"
    );
    assert_eq!(fix_once(&fixed), fixed);
    // The twin: the same key without its anchor.
    let text = format!("{POLICY_HEAD}\n  {{matchLabels: {{app: web}}}}: x\n  podSelector: {{}}\n");
    assert!(fix_once(&text).contains("\n  policyTypes: [Ingress]\n  {matchLabels"));
}

/// fuzz target `fix`: a text ending in `egress:` got two insertions at its very end, the
/// missing DNS rule and a new default-deny document, and the document went first, leaving the
/// rule in the new document's `spec`.
#[test]
fn a_new_document_goes_after_what_extends_the_last_one() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: client, namespace: infra, labels: {app: client}}\n\
        spec: {containers: [{name: main, image: busybox}]}\n---\n\
        apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: client-egress, namespace: infra}\n\
        spec:\n  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress:";
    let fixed = fix_once(text);
    assert!(syntax_errors(&fixed).is_empty(), "{fixed}");
    let dns_rule = fixed.find("k8s-app: kube-dns").unwrap();
    let new_document = fixed.find("name: default-deny-ingress").unwrap();
    assert!(dns_rule < new_document, "{fixed}");
    // The twin: with a line break after `egress:`, the two insertions are at different points.
    let fixed = fix_once(&format!("{text}\n"));
    assert!(syntax_errors(&fixed).is_empty(), "{fixed}");
}

/// fuzz target `fix`: an anchor on a line of its own ended by a lone `\r`, which YAML takes for a
/// line break, was taken to be on the first key's line.
#[test]
fn a_lone_carriage_return_ends_a_line() {
    let text = format!("{POLICY_HEAD}\n  &spec\r    podSelector: {{}}\n");
    assert!(syntax_errors(&text).is_empty());
    let fixed = fix_once(&text);
    assert!(
        fixed.contains("&spec\r    policyTypes: [Ingress]\n    podSelector"),
        "{fixed:?}"
    );
    assert!(syntax_errors(&fixed).is_empty(), "{fixed:?}");
}
