//! Bytes that are not UTF-8 (the CLI reads files as bytes) are read with U+FFFD in their place,
//! so the rest of the file is still checked, and reported where they start.
#![cfg(not(target_arch = "wasm32"))]

use aksnet_core::plan::check_plan;
use aksnet_core::{Code, SourceFile, analyze};

#[test]
fn invalid_utf8_is_a_syntax_error_at_its_line() {
    let bytes = b"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: caf\xe9\n".to_vec();
    let source = SourceFile::from_bytes("ns.yaml", bytes);
    assert_eq!(source.invalid_utf8, Some(52));
    let analysis = analyze(std::slice::from_ref(&source));
    let codes: Vec<Code> = analysis.findings.iter().map(|f| f.code).collect();
    // The name read with U+FFFD is also one Kubernetes refuses (as `café` would be).
    assert_eq!(codes, [Code::ManifestInvalidName, Code::YamlSyntax]);
    let position = analysis.findings[1].position;
    assert_eq!((position.line, position.column), (4, 12));
    assert_eq!(analysis.manifests[0].name, "caf\u{fffd}");

    // The twin: the same name in UTF-8.
    let source = SourceFile::from_bytes("ns.yaml", "metadata:\n  name: café\n".into());
    assert_eq!(source.invalid_utf8, None);

    let plan = SourceFile::from_bytes("plan.sh", b"az aks create -n c\xff -g rg\n".to_vec());
    let report = check_plan(&plan, 0);
    assert!(report.findings.iter().any(|f| f.code == Code::AzSyntax));
}
