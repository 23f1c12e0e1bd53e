//! aksnet-core: `NetworkPolicy` evaluation and AKS address planning.
//!
//! The core is a pipeline with no IO: source texts are parsed into YAML node trees
//! ([`yaml`]), read as Kubernetes objects ([`manifest`]), then evaluated; every stage reports
//! [`Finding`]s instead of failing, so a broken document never hides the rest of the input.

// Input reaches nearly every function here, and in WASM a panic kills the page: panicking
// constructs are denied outside tests.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

mod bitset;
pub mod cluster;
pub mod codes;
pub mod describe;
pub mod engine;
pub mod exercise;
mod fields;
pub mod finding;
pub mod fix;
#[doc(hidden)]
pub mod fix_property;
pub mod incomplete;
pub mod labels;
pub mod manifest;
pub mod migration;
pub mod plan;
pub mod policy;
pub mod ports;
pub mod rules;
pub mod span;
pub mod suggest;
pub mod text;
pub mod yaml;
pub mod yaml_edit;

use serde::Serialize;

pub use cluster::{Cluster, Endpoint, FlowPort, FlowTargets, MAX_ENDPOINTS, Protocol};
pub use codes::{Code, Severity};
pub use engine::{
    CiliumVersion, Engine, EngineNote, Explanation, Reachability, explain, explain_for,
};
pub use finding::Finding;
pub use fix::{Applicability, Fix};
pub use labels::Labels;
pub use manifest::{Kind, Manifest, SourceFile, most_objects};
pub use span::{LineIndex, Position, Span, Utf16Position};
pub use text::{Lang, Text};
pub use yaml::Limits;

/// The result of reading a set of sources, which it keeps: what a front end asks of it (fixed
/// texts, the objects' lines) needs no source handed back.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The sources read, in the order given; a finding's `file` indexes them.
    pub sources: Vec<SourceFile>,
    /// One line index per source, built once.
    indexes: Vec<LineIndex>,
    pub manifests: Vec<Manifest>,
    /// Namespaces, endpoints and policies read from the manifests.
    pub cluster: Cluster,
    /// Sorted by severity (errors first), then file and position.
    pub findings: Vec<Finding>,
    /// The documents that could not be read, one each, in file and position order: when there
    /// is any, the answer is incomplete ([`incomplete`]).
    pub incomplete: Vec<incomplete::Unread>,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// `file`'s text with the fixes of its findings that `required` asks for applied
    /// ([`Fix::applies`]: `Applicability::Safe` for safe fixes only, `Applicability::Unsafe` for
    /// all of them). Fixes that overlap an earlier one are left for the next run.
    pub fn fixed_text(&self, file: usize, required: Applicability) -> Option<String> {
        self.fixed_text_where(file, |_, fix| fix.applies(required))
    }

    /// `file`'s text with the fixes `include` picks applied; it is given each finding's index in
    /// `findings` and its fix (the page applies the safe fixes and the unsafe ones the user
    /// ticked).
    pub fn fixed_text_where(
        &self,
        file: usize,
        include: impl Fn(usize, &Fix) -> bool,
    ) -> Option<String> {
        let source = self.sources.get(file)?;
        let edits: Vec<fix::Edit> = self
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.file == file)
            .filter_map(|(index, f)| f.fix.as_ref().filter(|fix| include(index, fix)))
            .flat_map(|f| f.edits.iter().cloned())
            .collect();
        Some(fix::apply(&source.text, &edits).0)
    }

    /// What was read, one line per object, for lists in the page and the CLI.
    pub fn objects(&self) -> Vec<ObjectSummary> {
        // The analysis's index per file, not one per object: a dump of thousands of objects
        // would otherwise rescan its whole text for each of them.
        let (sources, indexes) = (&self.sources, &self.indexes);
        let policies: std::collections::HashMap<(usize, usize), &policy::Policy> = self
            .cluster
            .policies
            .iter()
            .map(|p| ((p.file, p.span.start), p))
            .collect();
        self.manifests
            .iter()
            .map(|m| ObjectSummary {
                kind: m.kind.clone(),
                name: m.name.clone(),
                namespace: m.namespace.clone(),
                file: m.file,
                line: sources
                    .get(m.file)
                    .zip(indexes.get(m.file))
                    .map_or(0, |(s, index)| index.position(&s.text, m.span().start).line),
                summary: policies
                    .get(&(m.file, m.span().start))
                    .map(|p| describe::policy_summary(p)),
            })
            .collect()
    }
}

/// One object as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectSummary {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    #[serde(skip)]
    pub file: usize,
    pub line: usize,
    /// For a NetworkPolicy, what it does in one line ([`describe::policy_summary`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
}

/// Reads every source. Never fails: problems are findings. The analysis keeps a copy of the
/// sources; [`analyze_owned`] keeps them without copying.
pub fn analyze(sources: &[SourceFile]) -> Analysis {
    analyze_owned(sources.to_vec())
}

/// [`analyze`], keeping `sources` as they are.
pub fn analyze_owned(owned: Vec<SourceFile>) -> Analysis {
    let sources = owned.as_slice();
    let mut manifests = Vec::new();
    let mut findings = Vec::new();
    for (file, source) in sources.iter().enumerate() {
        let (mut read, mut found) = manifest::read_manifests(source, file);
        manifests.append(&mut read);
        findings.append(&mut found);
    }
    let mut cluster = Cluster::from_manifests(&manifests, &mut findings);
    // A policy whose names the API server refuses is left out like one with a wrong field.
    for policy in cluster.policies.iter_mut().filter(|p| !p.rejected) {
        if manifests
            .iter()
            .find(|m| m.file == policy.file && m.span() == policy.span)
            .is_some_and(rules::refused_name)
        {
            policy.rejected = true;
        }
    }
    let mut context = rules::Context {
        sources,
        manifests: &manifests,
        cluster: &cluster,
        findings: Vec::new(),
    };
    rules::run(&mut context);
    findings.append(&mut context.findings);
    // Findings from parsing and reading name the object they fall in, when there is one.
    for finding in findings.iter_mut().filter(|f| f.object.is_none()) {
        finding.object = manifests
            .iter()
            .find(|m| {
                m.file == finding.file
                    && m.span().start <= finding.span.start
                    && finding.span.start <= m.span().end
            })
            .map(Manifest::object_ref);
    }
    // Fixes are written in YAML syntax; in a JSON file they would break the JSON, so JSON
    // sources get their findings without fixes.
    for finding in &mut findings {
        if sources
            .get(finding.file)
            .is_some_and(|s| s.text.trim_start().starts_with(['{', '[']))
        {
            finding.fix = None;
        }
    }
    let indexes: Vec<LineIndex> = sources.iter().map(|s| LineIndex::new(&s.text)).collect();
    for finding in &mut findings {
        if let (Some(source), Some(index)) = (sources.get(finding.file), indexes.get(finding.file))
        {
            finding.locate(&source.name, &source.text, index);
        }
    }
    findings.sort_by_key(|f| (f.severity, f.file, f.span.start, f.code));
    let incomplete = incomplete::unread(sources, &manifests, &cluster, &findings);
    Analysis {
        sources: owned,
        indexes,
        manifests,
        cluster,
        findings,
        incomplete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Errors come first, then warnings, then notes; within a severity by file and position.
    /// See: issue 14, "Errors sort first everywhere".
    #[test]
    fn findings_sort_by_severity_then_position() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: root}\nspec: {containers: [{name: c, securityContext: {runAsUser: 0}}]}\n---\nkind: Widget\napiVersion: x/v1\nmetadata: {name: w}\n---\nkind: Pod\napiVersion: v1\nmetadata: {name: [broken}\n";
        let analysis = analyze(&[SourceFile::new("m.yaml", text)]);
        let order: Vec<(Severity, usize)> = analysis
            .findings
            .iter()
            .map(|f| (f.severity, f.span.start))
            .collect();
        assert!(
            order.first().is_some_and(|f| f.0 == Severity::Error),
            "{order:?}"
        );
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
        let severities: std::collections::BTreeSet<Severity> = order.iter().map(|f| f.0).collect();
        assert_eq!(severities.len(), 3, "{order:?}");
    }
}
