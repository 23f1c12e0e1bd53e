//! What the Policies tab draws, computed from the manifests' text by [`Analyst`]: in a web worker
//! when the page has one (so typing never waits for it), else on the page's own thread. Requests
//! and reports cross the worker boundary as JSON, so everything here is plain data.

use aksnet_core::{
    Analysis, Finding, FlowPort, Lang, LineIndex, Reachability, Severity, SourceFile, Text, explain,
};
use serde::{Deserialize, Serialize};

use crate::diff::LineDiff;

/// The name findings are reported under for the manifest editor's text.
pub const MANIFEST_FILE: &str = "manifests.yaml";

/// What the page asks for. `text` is `None` when it is the text of the previous request to the
/// same analyst, which then answers from what it kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyRequest {
    /// Counts the editor's texts: a report on an older text is not applied to a newer one.
    pub generation: u64,
    pub text: Option<String>,
    pub port: FlowPort,
    /// The flow to explain, by endpoint ids.
    pub flow: Option<(String, String)>,
}

/// A place in the editor: 1-based line, 0-based column in UTF-16 units (as the textarea counts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorPoint {
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixView {
    pub title: Text,
    /// Byte ranges of the analysed text and what replaces them.
    pub edits: Vec<(usize, usize, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingView {
    pub code: String,
    pub severity: Severity,
    pub message: Text,
    /// Line and column as the CLI prints them (1-based, characters).
    pub line: usize,
    pub column: usize,
    pub start: EditorPoint,
    pub end: EditorPoint,
    pub fix: Option<FixView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EndpointView {
    pub id: String,
    pub namespace: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectView {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExplanationView {
    pub from: String,
    pub to: String,
    pub allowed: bool,
    pub text: Text,
}

/// The analysed text with every fix applied, and its line diff with that text (computed here, off
/// the page's thread: on a large text it takes longer than a frame).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixedView {
    pub text: String,
    pub diff: LineDiff,
}

/// Every (from, to) verdict on one port, row by row, one bit a flow.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Verdicts {
    pub size: usize,
    pub bits: Vec<u64>,
}

impl Verdicts {
    fn compute(reach: &Reachability, size: usize) -> Self {
        let mut bits = vec![0_u64; (size * size).div_ceil(64)];
        for from in 0..size {
            for to in reach.reachable_from(from, 0) {
                let flow = from * size + to;
                if let Some(word) = bits.get_mut(flow / 64) {
                    *word |= 1 << (flow % 64);
                }
            }
        }
        Self { size, bits }
    }

    pub fn allowed(&self, from: usize, to: usize) -> bool {
        if from >= self.size || to >= self.size {
            return false;
        }
        let flow = from * self.size + to;
        self.bits
            .get(flow / 64)
            .is_some_and(|word| word & (1 << (flow % 64)) != 0)
    }
}

/// Everything the Policies tab shows for one text, port and selected flow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyReport {
    pub generation: u64,
    pub findings: Vec<FindingView>,
    pub objects: Vec<ObjectView>,
    pub endpoints: Vec<EndpointView>,
    /// The ports worth a matrix: 80/TCP, the one chosen, and every port a container declares.
    pub ports: Vec<FlowPort>,
    pub port: FlowPort,
    pub verdicts: Verdicts,
    /// The text with every fix applied, when there is any fix.
    pub fixed: Option<FixedView>,
    pub explanation: Option<ExplanationView>,
    /// How long the answer took, for the status line.
    pub elapsed_ms: f64,
}

/// Answers requests, keeping the last text's analysis so that choosing a port or a flow does not
/// read the text again.
#[derive(Default)]
pub struct Analyst {
    kept: Option<Kept>,
}

struct Kept {
    generation: u64,
    analysis: Analysis,
    findings: Vec<FindingView>,
    objects: Vec<ObjectView>,
    fixed: Option<FixedView>,
}

impl Analyst {
    /// Whether the analyst has the text of `generation` already.
    pub fn keeps(&self, generation: u64) -> bool {
        self.kept
            .as_ref()
            .is_some_and(|k| k.generation == generation)
    }

    /// `None` when the request leaves out a text this analyst never saw (a fresh worker).
    pub fn answer(&mut self, request: PolicyRequest) -> Option<PolicyReport> {
        if let Some(text) = request.text {
            self.kept = Some(Kept::read(request.generation, text));
        }
        let kept = self.kept.as_ref()?;
        let cluster = &kept.analysis.cluster;
        let reach = Reachability::compute(cluster, &[request.port]);
        let explanation = request.flow.and_then(|(from, to)| {
            let found = explain(
                cluster,
                cluster.find_endpoint(&from)?,
                cluster.find_endpoint(&to)?,
                request.port,
            )?;
            Some(ExplanationView {
                from,
                to,
                allowed: found.allowed,
                text: Text::new(found.text_in(Lang::En), found.text_in(Lang::Ja)),
            })
        });
        Some(PolicyReport {
            generation: kept.generation,
            findings: kept.findings.clone(),
            objects: kept.objects.clone(),
            endpoints: cluster
                .endpoints
                .iter()
                .map(|e| EndpointView {
                    id: e.id(),
                    namespace: e.namespace.clone(),
                })
                .collect(),
            ports: ports_of(cluster, request.port),
            port: request.port,
            verdicts: Verdicts::compute(&reach, cluster.endpoints.len()),
            fixed: kept.fixed.clone(),
            explanation,
            elapsed_ms: 0.0,
        })
    }
}

impl Kept {
    fn read(generation: u64, text: String) -> Self {
        let sources = [SourceFile::new(MANIFEST_FILE, text)];
        let analysis = aksnet_core::analyze(&sources);
        let [source] = sources;
        let findings = finding_views(&analysis.findings, &source.text);
        let objects = analysis
            .objects(std::slice::from_ref(&source))
            .into_iter()
            .map(|o| ObjectView {
                kind: o.kind,
                name: o.name,
                namespace: o.namespace,
                line: o.line,
            })
            .collect();
        let fixed = analysis
            .findings
            .iter()
            .any(|f| f.fix.is_some())
            .then(|| analysis.fixed_text(std::slice::from_ref(&source), 0))
            .flatten()
            .map(|text| FixedView {
                diff: LineDiff::new(&source.text, &text),
                text,
            });
        Self {
            generation,
            analysis,
            findings,
            objects,
            fixed,
        }
    }
}

/// Findings as the page draws them, placed in `text`, the text they were found in.
pub fn finding_views(findings: &[Finding], text: &str) -> Vec<FindingView> {
    let index = LineIndex::new(text);
    let point = |offset: usize| EditorPoint {
        line: index.position(text, offset).line,
        column: index.utf16_column(text, offset),
    };
    findings
        .iter()
        .map(|f| FindingView {
            code: f.code.as_str().to_owned(),
            severity: f.severity,
            message: Text::new(f.message_in(Lang::En), f.message_in(Lang::Ja)),
            line: f.position.line,
            column: f.position.column,
            start: point(f.span.start),
            end: point(f.span.end),
            fix: f.fix.as_ref().map(|fix| FixView {
                title: Text::new(fix.title_in(Lang::En), fix.title_in(Lang::Ja)),
                edits: fix
                    .edits
                    .iter()
                    .map(|e| (e.span.start, e.span.end, e.text.clone()))
                    .collect(),
            }),
        })
        .collect()
}

fn ports_of(cluster: &aksnet_core::Cluster, chosen: FlowPort) -> Vec<FlowPort> {
    let mut ports = vec![FlowPort::tcp(80), chosen];
    ports.extend(cluster.endpoints.iter().flat_map(|e| {
        e.ports.iter().map(|p| FlowPort {
            port: p.port,
            protocol: p.protocol,
        })
    }));
    ports.sort();
    ports.dedup();
    ports
}

/// Applies a fix's edits to the text it was computed from.
pub fn apply_fix(text: &str, fix: &FixView) -> String {
    let edits: Vec<aksnet_core::fix::Edit> = fix
        .edits
        .iter()
        .map(|(start, end, replacement)| {
            aksnet_core::fix::Edit::replace(aksnet_core::Span::new(*start, *end), replacement)
        })
        .collect();
    aksnet_core::fix::apply(text, &edits).0
}

/// Flows whose verdict differs between two reports on the same port, by endpoint ids.
pub fn changed_flows(before: &PolicyReport, after: &PolicyReport) -> Vec<(usize, usize)> {
    // Most edits change no verdict: that is one comparison instead of a walk over every flow.
    if before.port != after.port
        || before.generation == after.generation
        || (before.endpoints == after.endpoints && before.verdicts == after.verdicts)
    {
        return Vec::new();
    }
    let earlier: std::collections::HashMap<&str, usize> = before
        .endpoints
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mapped: Vec<Option<usize>> = after
        .endpoints
        .iter()
        .map(|e| earlier.get(e.id.as_str()).copied())
        .collect();
    let mut changed = Vec::new();
    for (from, was_from) in mapped.iter().enumerate() {
        let Some(was_from) = was_from else { continue };
        for (to, was_to) in mapped.iter().enumerate() {
            let Some(was_to) = was_to else { continue };
            if from != to
                && after.verdicts.allowed(from, to) != before.verdicts.allowed(*was_from, *was_to)
            {
                changed.push((from, to));
            }
        }
    }
    changed
}
