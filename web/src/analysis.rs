//! What the Policies and Exercises tabs draw, computed from their texts by [`Analyst`]: in a web
//! worker when the page has one (so typing never waits for it), else on the page's own thread.
//! Requests and reports cross the worker boundary as JSON, so everything here is plain data.

use aksnet_core::engine::{VerdictChanges, changed_flows, matrix_ports};
use aksnet_core::exercise::{self, ExerciseReport};
use aksnet_core::incomplete::{UnknownFlows, why_unknown};
use aksnet_core::most_objects;
use aksnet_core::plan::{PolicyRef, check_plan};
use aksnet_core::{
    Analysis, Applicability, CiliumVersion, Engine, Finding, Fix, FlowPort, Lang, Reachability,
    SourceFile, Text, explain_for,
};
use serde::{Deserialize, Serialize};

use crate::components::name::{shortened, visible};
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
    /// Whether to add the representatives derived from the policies' selectors; `None`: when
    /// the input has fewer than two pods or workloads.
    #[serde(default)]
    pub representatives: Option<bool>,
    /// The unsafe fixes the user ticked in the corrected view, by finding index: the corrected
    /// text holds the safe fixes and these.
    #[serde(default)]
    pub unsafe_fixes: Vec<usize>,
    /// The policy engine the matrix and the explanation answer for.
    #[serde(default, with = "crate::share::engine_serde")]
    pub engine: Engine,
    /// The Cilium release ("1.17") to check the move from Azure NPM to, while the migration
    /// view is open.
    #[serde(default)]
    pub migration: Option<String>,
}

/// The most manifest text, objects and plan text analysed on the page's own thread, where a
/// report is ready within the keystroke's frame: a few milliseconds at most, since without
/// aliases (which [`most_objects`] refuses to bound) the objects bound the endpoints, the
/// policies and the matrix. Anything larger goes to the worker (docs/limits.md).
const HERE_BYTES: usize = 32 * 1024;
const HERE_OBJECTS: usize = 200;
const HERE_PLAN_BYTES: usize = 8 * 1024;

/// Whether `manifests` and `plan` are small enough to analyse on the page's thread.
fn small(manifests: &str, plan: &str) -> bool {
    manifests.len() <= HERE_BYTES
        && most_objects(manifests).is_some_and(|objects| objects <= HERE_OBJECTS)
        && plan.len() <= HERE_PLAN_BYTES
}

/// What the Exercises tab asks for: its texts checked against an exercise's goals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExerciseRequest {
    pub generation: u64,
    pub exercise: String,
    pub manifests: String,
    pub plan: String,
}

/// The goals' report and the findings of each text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExerciseCheck {
    pub generation: u64,
    pub report: ExerciseReport,
    pub manifest_findings: Vec<Finding>,
    pub plan_findings: Vec<Finding>,
}

impl ExerciseRequest {
    fn answer(self) -> ExerciseCheck {
        let analysis =
            aksnet_core::analyze_owned(vec![SourceFile::new("manifests", self.manifests)]);
        let plan = (!self.plan.trim().is_empty())
            .then(|| check_plan(&SourceFile::new("plan", self.plan.as_str()), 0));
        let report = exercise::find(&self.exercise).map_or_else(
            || ExerciseReport {
                exercise: self.exercise.clone(),
                met: false,
                goals: Vec::new(),
            },
            |exercise| {
                exercise::check_analyzed(exercise, &analysis.sources, &analysis, plan.as_ref())
            },
        );
        ExerciseCheck {
            generation: self.generation,
            report,
            manifest_findings: analysis.findings,
            plan_findings: plan.map(|p| p.findings).unwrap_or_default(),
        }
    }
}

/// What the Network plan tab asks of the manifests: the NetworkPolicies they hold, which the
/// plan's checks are told about (`network-policy-none`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoliciesOfRequest {
    pub generation: u64,
    pub manifests: String,
}

/// The NetworkPolicies of the manifests ([`PolicyRef::all_in`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoliciesOf {
    pub generation: u64,
    /// Each as `(namespace/name, file, line)`.
    pub policies: Vec<(String, String, usize)>,
}

impl PoliciesOfRequest {
    fn answer(self) -> PoliciesOf {
        let analysis =
            aksnet_core::analyze_owned(vec![SourceFile::new(MANIFEST_FILE, self.manifests)]);
        PoliciesOf {
            generation: self.generation,
            policies: PolicyRef::all_in(&analysis)
                .into_iter()
                .map(|p| (p.name, p.file, p.line))
                .collect(),
        }
    }
}

impl PoliciesOf {
    /// The policies as the plan's checks take them.
    pub fn refs(&self) -> Vec<PolicyRef> {
        self.policies
            .iter()
            .map(|(name, file, line)| PolicyRef {
                name: name.clone(),
                file: file.clone(),
                line: *line,
            })
            .collect()
    }
}

/// A request to the analyst, from any tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    Policies(PolicyRequest),
    Exercise(ExerciseRequest),
    PoliciesOf(PoliciesOfRequest),
}

/// The analyst's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Policies(Box<PolicyReport>),
    Exercise(Box<ExerciseCheck>),
    PoliciesOf(PoliciesOf),
}

impl Request {
    pub fn generation(&self) -> u64 {
        match self {
            Request::Policies(r) => r.generation,
            Request::Exercise(r) => r.generation,
            Request::PoliciesOf(r) => r.generation,
        }
    }

    /// Whether the analysis is small enough for the page's thread; `text` is the Policies tab's.
    pub fn small(&self, text: &str) -> bool {
        match self {
            Request::Policies(_) => small(text, ""),
            Request::Exercise(r) => small(&r.manifests, &r.plan),
            Request::PoliciesOf(r) => small(&r.manifests, ""),
        }
    }

    /// Leaves out the Policies tab's text, which travels apart (see [`PolicyRequest`]).
    pub fn without_text(mut self) -> Self {
        if let Request::Policies(r) = &mut self {
            r.text = None;
        }
        self
    }

    /// Puts in the Policies tab's text.
    pub fn with_text(mut self, text: &str) -> Self {
        if let Request::Policies(r) = &mut self {
            r.text = Some(text.to_owned());
        }
        self
    }
}

impl Reply {
    pub fn generation(&self) -> u64 {
        match self {
            Reply::Policies(r) => r.generation,
            Reply::Exercise(r) => r.generation,
            Reply::PoliciesOf(r) => r.generation,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EndpointView {
    pub id: String,
    pub namespace: Option<String>,
    /// `pod`, `workload`, `external` or `representative`.
    pub kind: String,
    /// What a representative stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectView {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub line: usize,
    /// A NetworkPolicy's summary in plain words.
    pub summary: Option<Text>,
    /// A document that could not be read (it takes no part in the matrix).
    #[serde(default)]
    pub unread: bool,
}

/// A document that could not be read, for the banner over the matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnreadView {
    pub line: usize,
    pub message: Text,
    /// `namespace/kind/name` as far as it is known.
    pub object: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExplanationView {
    pub from: String,
    pub to: String,
    pub allowed: bool,
    pub text: Text,
    /// Why the flow has no verdict, when a document that could not be read could change it.
    #[serde(default)]
    pub unknown: Option<Text>,
    /// Where the engine, not the specification, decided the verdict.
    #[serde(default)]
    pub engine_notes: Vec<EngineNoteView>,
}

/// A point where the engine decided a side of the flow otherwise than the specification
/// ([`aksnet_core::EngineNote`]), with the source that says it does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EngineNoteView {
    /// The point's stable id (`ipblock-pods`, ...).
    pub point: String,
    pub message: Text,
    pub source: String,
}

/// The analysed text with its safe fixes and the unsafe fixes the user ticked applied, and its
/// line diff with that text (computed here, off the page's thread: on a large text it takes
/// longer than a frame); with every unsafe fix and what it would do to the matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixedView {
    pub text: String,
    pub diff: LineDiff,
    /// The first [`UNSAFE_LISTED`] unsafe fixes, in the order of their findings.
    pub unsafe_fixes: Vec<UnsafeFixView>,
    /// How many more unsafe fixes there are (a dump with a fix per container has thousands).
    pub unsafe_more: usize,
}

/// An unsafe fix, listed apart in the corrected view with a checkbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnsafeFixView {
    /// The finding's index in the report's findings: how the request names it.
    pub finding: usize,
    pub code: String,
    pub title: Text,
    /// Whether the corrected text holds it.
    pub chosen: bool,
    /// What it does to the matrix on the report's port; `None` past [`EFFECT_BOUND`].
    pub effect: Option<FixEffect>,
}

/// The flows one fix changes, its text evaluated against the current verdicts on one port.
pub type FixEffect = aksnet_core::engine::FlowChanges;

/// The work the effects of the unsafe fixes may cost: each NetworkPolicy fix is a new analysis
/// and matrix, so at most this many get one, and only while the matrix has at most
/// `EFFECT_ENDPOINTS` endpoints (the comparison visits every flow). Larger inputs list their
/// unsafe fixes without it.
pub const EFFECT_BOUND: usize = 12;
const EFFECT_ENDPOINTS: usize = 400;
/// The unsafe fixes the corrected view lists; the others are counted, and applied one by one from
/// their findings.
pub const UNSAFE_LISTED: usize = 50;
/// The flows an effect names; the rest are counted.
const EFFECT_EXAMPLES: usize = 4;

/// Every (from, to) verdict on one port, by class (the core's).
pub use aksnet_core::engine::Verdicts;

/// Everything the Policies tab shows for one text, port and selected flow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyReport {
    pub generation: u64,
    pub findings: Vec<Finding>,
    pub objects: Vec<ObjectView>,
    pub endpoints: Vec<EndpointView>,
    /// The ports worth a matrix: 80/TCP, the one chosen, and every port a container declares.
    pub ports: Vec<FlowPort>,
    pub port: FlowPort,
    /// The engine the verdicts are for.
    #[serde(default, with = "crate::share::engine_serde")]
    pub engine: Engine,
    pub verdicts: Verdicts,
    /// The documents that could not be read: when there is any, the answer is incomplete.
    #[serde(default)]
    pub incomplete: Vec<UnreadView>,
    /// The text with every fix applied, when there is any fix.
    pub fixed: Option<FixedView>,
    pub explanation: Option<ExplanationView>,
    /// What moving from Azure NPM to Cilium changes, when the migration view asked.
    #[serde(default)]
    pub migration: Option<MigrationView>,
    /// Whether `endpoints` holds representatives derived from the policies' selectors.
    pub representatives: bool,
    /// More representatives were derived than are shown.
    pub representatives_capped: bool,
    /// How long the answer took, for the status line.
    pub elapsed_ms: f64,
}

/// The flows a migration view lists; the others are counted.
pub const MIGRATION_FLOWS: usize = 200;

/// What moving the input's cluster from Azure NPM to Cilium changes: the core's
/// [`aksnet_core::migration::check`], as plain data for the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MigrationView {
    /// The Cilium release migrated to.
    pub to: String,
    /// The `migrate-*` findings, with their fixes, in the core's order.
    pub findings: Vec<Finding>,
    /// The first [`MIGRATION_FLOWS`] flows whose verdict changes, in the core's order.
    pub flows: Vec<ChangedFlowView>,
    /// How many more flows change.
    pub more: usize,
}

/// One flow whose verdict the move changes ([`aksnet_core::migration::ChangedFlow`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangedFlowView {
    pub from: String,
    pub to: String,
    pub port: FlowPort,
    /// Allowed under Azure NPM.
    pub before: bool,
    /// Allowed under Cilium.
    pub after: bool,
    /// The `migrate-*` codes that change it.
    pub codes: Vec<String>,
}

impl MigrationView {
    fn new(to: CiliumVersion, migration: aksnet_core::migration::Migration) -> Self {
        let more = migration.flows.len().saturating_sub(MIGRATION_FLOWS);
        let flows = migration
            .flows
            .into_iter()
            .take(MIGRATION_FLOWS)
            .map(|flow| ChangedFlowView {
                from: flow.from,
                to: flow.to,
                port: flow.port,
                before: flow.before,
                after: flow.after,
                codes: flow.codes.iter().map(|c| c.as_str().to_owned()).collect(),
            })
            .collect();
        Self {
            to: to.as_str().to_owned(),
            findings: migration.findings,
            flows,
            more,
        }
    }
}

/// Answers requests, keeping the last text's analysis so that choosing a port or a flow does not
/// read the text again.
#[derive(Default)]
pub struct Analyst {
    kept: Option<Kept>,
}

struct Kept {
    generation: u64,
    /// The analysis of the text, which keeps it.
    analysis: Analysis,
    objects: Vec<ObjectView>,
    incomplete: Vec<UnreadView>,
    /// The corrected text for the unsafe fixes last chosen.
    fixed: Option<(Vec<usize>, String, LineDiff)>,
    /// The effects of the unsafe fixes on the port and engine last asked for.
    effects: Option<(FlowPort, Engine, Vec<Option<FixEffect>>)>,
    /// The cluster with its representatives added, once asked for.
    with_representatives: Option<(aksnet_core::Cluster, bool)>,
    /// The migration check for the Cilium release last asked for.
    migration: Option<(CiliumVersion, MigrationView)>,
}

impl Analyst {
    /// `None` when the request leaves out a text this analyst never saw (a fresh worker).
    pub fn reply(&mut self, request: Request) -> Option<Reply> {
        match request {
            Request::Policies(request) => self
                .answer(request)
                .map(|report| Reply::Policies(Box::new(report))),
            Request::Exercise(request) => Some(Reply::Exercise(Box::new(request.answer()))),
            Request::PoliciesOf(request) => Some(Reply::PoliciesOf(request.answer())),
        }
    }

    /// Whether the analyst has the text of `generation` already.
    pub fn keeps(&self, generation: u64) -> bool {
        self.kept
            .as_ref()
            .is_some_and(|k| k.generation == generation)
    }

    fn answer(&mut self, request: PolicyRequest) -> Option<PolicyReport> {
        if let Some(text) = request.text {
            self.kept = Some(Kept::read(request.generation, text));
        }
        let kept = self.kept.as_mut()?;
        // The corrected view's effects compare against the input's own endpoints.
        let engine = request.engine;
        let own = Reachability::compute_for(&kept.analysis.cluster, &[request.port], engine);
        let fixed = kept.fixed_view(&request.unsafe_fixes, request.port, engine, &own);
        let real = kept
            .analysis
            .cluster
            .endpoints
            .iter()
            .filter(|e| !e.is_external())
            .count();
        let migration = request
            .migration
            .as_deref()
            .and_then(CiliumVersion::parse)
            .map(|to| kept.migration(to));
        let representatives = request.representatives.unwrap_or(real < 2);
        let mut capped = false;
        let (cluster, reach) = if representatives {
            let (cluster, was_capped) = kept.with_representatives.get_or_insert_with(|| {
                let mut cluster = kept.analysis.cluster.clone();
                let added = aksnet_core::engine::add_representatives(&mut cluster);
                (cluster, added.capped)
            });
            capped = *was_capped;
            let reach = Reachability::compute_for(cluster, &[request.port], engine);
            (&*cluster, reach)
        } else {
            (&kept.analysis.cluster, own)
        };
        let unread = &kept.analysis.incomplete;
        let explanation = request.flow.and_then(|(from, to)| {
            let (source, destination) =
                (cluster.find_endpoint(&from)?, cluster.find_endpoint(&to)?);
            let found = explain_for(cluster, source, destination, request.port, engine)?;
            let unknown = why_unknown(
                unread,
                &kept.analysis.sources,
                cluster.endpoints.get(source)?,
                cluster.endpoints.get(destination)?,
            );
            // Names shortened and their line breaks written out, so each line is one sentence;
            // the first sentence, the verdict, the page writes itself.
            let mut found = found.escaped(shortened, visible);
            // The engine's notes are drawn apart, each with its source as a link.
            let engine_notes = std::mem::take(&mut found.engine_notes)
                .into_iter()
                .map(|note| EngineNoteView {
                    point: note.point.to_owned(),
                    message: Text::new(note.message, note.message_ja),
                    source: note.source.to_owned(),
                })
                .collect();
            let sentences = |lang| found.lines_in(lang).into_iter().skip(1).collect::<Vec<_>>();
            Some(ExplanationView {
                from,
                to,
                allowed: found.allowed,
                text: Text::new(
                    sentences(Lang::En).join("\n"),
                    sentences(Lang::Ja).join("\n"),
                ),
                unknown,
                engine_notes,
            })
        });
        Some(PolicyReport {
            generation: kept.generation,
            findings: kept.analysis.findings.clone(),
            objects: kept.objects.clone(),
            endpoints: cluster
                .endpoints
                .iter()
                .map(|e| EndpointView {
                    id: e.id(),
                    namespace: e.namespace.clone(),
                    kind: e.kind_name().to_owned(),
                    description: e.representative.as_ref().map(|r| r.description.clone()),
                })
                .collect(),
            ports: matrix_ports(cluster, request.port),
            port: request.port,
            engine,
            verdicts: Verdicts::new(
                &reach,
                0,
                cluster.endpoints.len(),
                UnknownFlows::new(unread, cluster),
            ),
            incomplete: kept.incomplete.clone(),
            fixed,
            explanation,
            migration,
            representatives,
            representatives_capped: capped,
            elapsed_ms: 0.0,
        })
    }
}

impl Kept {
    fn read(generation: u64, text: String) -> Self {
        let analysis = aksnet_core::analyze_owned(vec![SourceFile::new(MANIFEST_FILE, text)]);
        let mut objects: Vec<ObjectView> = analysis
            .objects()
            .into_iter()
            .enumerate()
            .map(|(index, o)| ObjectView {
                kind: o.kind,
                name: o.name,
                namespace: o.namespace,
                line: o.line,
                summary: o.summary,
                unread: analysis
                    .incomplete
                    .iter()
                    .any(|u| u.manifest == Some(index)),
            })
            .collect();
        // Documents that did not parse are listed too, where they are, marked unread.
        for unread in analysis.incomplete.iter().filter(|u| u.manifest.is_none()) {
            let at = objects.partition_point(|o| o.line <= unread.line);
            objects.insert(
                at,
                ObjectView {
                    kind: unread.kind.clone().unwrap_or_else(|| "?".to_owned()),
                    name: unread.name.clone().unwrap_or_default(),
                    namespace: unread.namespace.clone(),
                    line: unread.line,
                    summary: None,
                    unread: true,
                },
            );
        }
        let incomplete = analysis
            .incomplete
            .iter()
            .map(|u| UnreadView {
                line: u.line,
                message: u.message.clone(),
                object: u.kind.as_ref().map(|kind| {
                    let name = u.name.as_deref().unwrap_or("?");
                    match &u.namespace {
                        Some(ns) => format!("{ns}/{kind}/{name}"),
                        None => format!("{kind}/{name}"),
                    }
                }),
            })
            .collect();
        Self {
            generation,
            analysis,
            objects,
            incomplete,
            fixed: None,
            effects: None,
            with_representatives: None,
            migration: None,
        }
    }

    /// The indexes of the findings whose fix is unsafe.
    fn unsafe_findings(&self) -> impl Iterator<Item = (usize, &Finding)> {
        self.analysis.findings.iter().enumerate().filter(|(_, f)| {
            f.fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Unsafe)
        })
    }

    /// What moving from Azure NPM to Cilium release `to` changes, kept for the text.
    fn migration(&mut self, to: CiliumVersion) -> MigrationView {
        match &self.migration {
            Some((kept, view)) if *kept == to => view.clone(),
            _ => {
                let migration = aksnet_core::migration::check(
                    &self.analysis,
                    Engine::Azure,
                    Engine::Cilium(to),
                );
                let view = MigrationView::new(to, migration);
                self.migration = Some((to, view.clone()));
                view
            }
        }
    }

    /// The corrected view for the unsafe fixes `chosen`, with the effects on `port`; `None`
    /// when no finding has a fix.
    fn fixed_view(
        &mut self,
        chosen: &[usize],
        port: FlowPort,
        engine: Engine,
        reach: &Reachability,
    ) -> Option<FixedView> {
        if !self.analysis.findings.iter().any(|f| f.fix.is_some()) {
            return None;
        }
        if self.fixed.as_ref().is_none_or(|(kept, ..)| kept != chosen) {
            let text = self
                .analysis
                .fixed_text_where(0, |index, fix| {
                    fix.applies(Applicability::Safe) || chosen.contains(&index)
                })
                .unwrap_or_default();
            let source = self
                .analysis
                .sources
                .first()
                .map_or("", |s| s.text.as_str());
            let diff = LineDiff::new(source, &text);
            self.fixed = Some((chosen.to_vec(), text, diff));
        }
        if self
            .effects
            .as_ref()
            .is_none_or(|(kept, was, _)| (*kept, *was) != (port, engine))
        {
            let effects = self.effects(port, engine, reach);
            self.effects = Some((port, engine, effects));
        }
        let effects = self
            .effects
            .as_ref()
            .map(|(.., e)| e.as_slice())
            .unwrap_or_default();
        let unsafe_more = self.unsafe_findings().count().saturating_sub(UNSAFE_LISTED);
        let unsafe_fixes = self
            .unsafe_findings()
            .take(UNSAFE_LISTED)
            .enumerate()
            .filter_map(|(nth, (index, f))| {
                let fix = f.fix.as_ref()?;
                Some(UnsafeFixView {
                    finding: index,
                    code: f.code.as_str().to_owned(),
                    title: fix.title_text(),
                    chosen: chosen.contains(&index),
                    effect: effects.get(nth).cloned().flatten(),
                })
            })
            .collect();
        let (_, text, diff) = self.fixed.clone()?;
        Some(FixedView {
            text,
            diff,
            unsafe_fixes,
            unsafe_more,
        })
    }

    /// What each unsafe fix, applied alone to the text, does to the verdicts `reach` gives on
    /// `port` under `engine`: within [`EFFECT_BOUND`] fixes and `EFFECT_ENDPOINTS` endpoints.
    fn effects(
        &self,
        port: FlowPort,
        engine: Engine,
        reach: &Reachability,
    ) -> Vec<Option<FixEffect>> {
        let endpoints = &self.analysis.cluster.endpoints;
        let bounded = endpoints.len() <= EFFECT_ENDPOINTS;
        let indexes: Vec<usize> = self
            .unsafe_findings()
            .take(UNSAFE_LISTED)
            .map(|(index, _)| index)
            .collect();
        let mut evaluated = 0;
        indexes
            .iter()
            .map(|&index| {
                // Only NetworkPolicy rules have fixes that write policies; the others (a pod's
                // securityContext, an Ingress) touch nothing the matrix reads, and cost nothing.
                let code = self.analysis.findings.get(index)?.code.as_str();
                if !code.starts_with("np-") {
                    return Some(FixEffect::default());
                }
                if !bounded || evaluated >= EFFECT_BOUND {
                    return None;
                }
                evaluated += 1;
                let text = self.analysis.fixed_text_where(0, |i, _| i == index)?;
                let after = aksnet_core::analyze(&[SourceFile::new(MANIFEST_FILE, text)]);
                let cluster = &after.cluster;
                if cluster.endpoints.len() > EFFECT_ENDPOINTS {
                    return None;
                }
                let after_reach = Reachability::compute_for(cluster, &[port], engine);
                let ids: Vec<String> = endpoints.iter().map(aksnet_core::Endpoint::id).collect();
                let later: Vec<String> = cluster
                    .endpoints
                    .iter()
                    .map(aksnet_core::Endpoint::id)
                    .collect();
                let effect = changed_flows(reach, &ids, &after_reach, &later, 0, EFFECT_EXAMPLES);
                Some(effect)
            })
            .collect()
    }
}

/// Applies a fix's edits to the text it was computed from.
pub fn apply_fix(text: &str, fix: &Fix) -> String {
    fix.apply_to(text)
}

fn endpoint_ids(report: &PolicyReport) -> Vec<&str> {
    report.endpoints.iter().map(|e| e.id.as_str()).collect()
}

/// The flows whose verdict the last edit changed, answered flow by flow (the core's
/// [`VerdictChanges`]).
#[derive(Debug, Default, PartialEq)]
pub struct Changes(VerdictChanges);

impl Changes {
    /// What changed between two reports on the same port, matching endpoints by id.
    pub fn between(before: &PolicyReport, after: &PolicyReport) -> Self {
        if before.port != after.port || before.generation == after.generation {
            return Self::default();
        }
        Self(VerdictChanges::between(
            &before.verdicts,
            &endpoint_ids(before),
            &after.verdicts,
            &endpoint_ids(after),
        ))
    }

    /// Whether the flow `from` → `to` of the later report (whose verdicts are `after`) changed.
    pub fn changed(&self, after: &Verdicts, from: usize, to: usize) -> bool {
        self.0.changed(after, from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(text: &str, generation: u64) -> PolicyReport {
        let mut analyst = Analyst::default();
        analyst
            .answer(PolicyRequest {
                generation,
                text: Some(text.to_owned()),
                port: FlowPort::tcp(80),
                flow: None,
                representatives: None,
                unsafe_fixes: Vec::new(),
                engine: Engine::Spec,
                migration: None,
            })
            .unwrap()
    }

    /// Copies of one pod are one class: the verdicts sent to the page grow with the endpoints,
    /// not with their square (20,000 copies were 50 MB of bits, 131 MB as JSON).
    #[test]
    fn verdicts_travel_by_class() {
        let count = aksnet_core::MAX_ENDPOINTS;
        let text = format!(
            "apiVersion: v1\nkind: List\nitems: [&p {{apiVersion: v1, kind: Pod, metadata: {{name: p}}}}{}]\n",
            ",*p".repeat(count - 1)
        );
        let report = report(&text, 1);
        assert_eq!(report.endpoints.len(), count);
        assert_eq!(report.verdicts.classes(), 1);
        assert!(report.verdicts.allowed(0, count - 1));
        assert!(
            !report.verdicts.allowed(7, 7),
            "an endpoint is no flow to itself"
        );
        // About 2 MB, nearly all of it the lists of endpoints and objects.
        let json = serde_json::to_string(&report).unwrap();
        assert!(json.len() < 4 * 1024 * 1024, "{} bytes", json.len());
    }

    /// Issue 14, part 2: a policy alone answers "who can reach the backend?" with
    /// representatives, by default below two pods or workloads and on request above; the option
    /// crosses the worker boundary with the request.
    #[test]
    fn representatives_show_by_default_for_fewer_than_two_pods() {
        let step_3 =
            include_str!("../../tests/fixtures/representatives/step-3-development-only.yaml");
        let step = report(step_3, 1);
        assert!(step.representatives);
        let kinds: Vec<&str> = step.endpoints.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds[0], "pod");
        assert!(
            kinds[1..].iter().all(|k| *k == "representative"),
            "{kinds:?}"
        );
        let frontend = step
            .endpoints
            .iter()
            .position(|e| e.id == "development/~app=webapp,role=frontend")
            .unwrap();
        let production = step
            .endpoints
            .iter()
            .position(|e| e.id == "production/~app=webapp,role=frontend")
            .unwrap();
        assert!(step.verdicts.allowed(frontend, 0));
        assert!(!step.verdicts.allowed(production, 0));
        let policy = step
            .objects
            .iter()
            .find(|o| o.kind == "NetworkPolicy")
            .unwrap();
        assert!(
            policy.summary.as_ref().unwrap().en.starts_with(
                "development/backend-policy: pods labelled app=webapp, role=frontend in namespaces labelled purpose=development may reach"
            )
        );
        // Asked off, through JSON as the worker receives it.
        let request = Request::Policies(PolicyRequest {
            generation: 2,
            text: Some(step_3.to_owned()),
            port: FlowPort::tcp(80),
            flow: None,
            representatives: Some(false),
            unsafe_fixes: Vec::new(),
            engine: Engine::Spec,
            migration: None,
        });
        let request: Request =
            serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        let Some(Reply::Policies(off)) = Analyst::default().reply(request) else {
            panic!("no report");
        };
        assert!(!off.representatives);
        assert_eq!(off.endpoints.len(), 1);
        // Two pods: off unless asked for.
        let pods = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n";
        assert!(!report(pods, 3).representatives);
    }

    /// Issue 16: the engine crosses the worker boundary in the request, with Cilium's release,
    /// and the matrix answers for it: with no engine, every flow is allowed.
    #[test]
    fn issue_16_the_engine_travels_with_the_request() {
        let deny = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {app: b}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n";
        let ask = |engine| {
            let request = Request::Policies(PolicyRequest {
                generation: 1,
                text: Some(deny.to_owned()),
                port: FlowPort::tcp(80),
                flow: None,
                representatives: Some(false),
                unsafe_fixes: Vec::new(),
                engine,
                migration: None,
            });
            let json = serde_json::to_string(&request).unwrap();
            let Some(Reply::Policies(report)) =
                Analyst::default().reply(serde_json::from_str(&json).unwrap())
            else {
                panic!("no report");
            };
            let report: PolicyReport =
                serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
            report
        };
        let spec = ask(Engine::Spec);
        assert_eq!(spec.engine, Engine::Spec);
        assert!(!spec.verdicts.allowed(0, 1) && !spec.verdicts.allowed(1, 0));
        let none = ask(Engine::None);
        assert_eq!(none.engine, Engine::None);
        assert!(none.verdicts.allowed(0, 1) && none.verdicts.allowed(1, 0));
        let cilium = Engine::Cilium(CiliumVersion::V1_16);
        assert_eq!(ask(cilium).engine, cilium);
    }

    /// The migration guide's ipBlock example: egress to 0.0.0.0/0 reaches pods under the
    /// specification and NPM, not under Cilium.
    const EGRESS_ANYWHERE: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}\nstatus: {podIP: 10.244.1.7}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {app: b}}\nstatus: {podIP: 10.244.2.8}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress-anywhere}\nspec:\n  podSelector: {matchLabels: {app: a}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {cidr: 0.0.0.0/0}\n";

    /// Issue 16: the explanation says when the engine decided, with its source, and the
    /// migration view gets the core's changed flows and `migrate-*` findings.
    #[test]
    fn issue_16_engine_notes_and_the_migration_reach_the_page() {
        let mut analyst = Analyst::default();
        let mut ask = |engine, migration: Option<&str>| {
            analyst
                .answer(PolicyRequest {
                    generation: 1,
                    text: Some(EGRESS_ANYWHERE.to_owned()),
                    port: FlowPort::tcp(80),
                    flow: Some(("default/a".to_owned(), "default/b".to_owned())),
                    representatives: Some(false),
                    unsafe_fixes: Vec::new(),
                    engine,
                    migration: migration.map(str::to_owned),
                })
                .unwrap()
        };
        let spec = ask(Engine::Spec, None);
        let explained = spec.explanation.unwrap();
        assert!(explained.allowed && explained.engine_notes.is_empty());
        assert!(spec.migration.is_none());
        let cilium = ask(Engine::Cilium(CiliumVersion::V1_17), Some("1.17"));
        let explained = cilium.explanation.unwrap();
        assert!(!explained.allowed);
        let note = &explained.engine_notes[0];
        assert_eq!(note.point, "ipblock-pods");
        assert!(note.source.starts_with("https://"), "{note:?}");
        assert!(
            !explained.text.en.contains(&note.message.en),
            "the note is drawn apart, not twice"
        );
        let migration = cilium.migration.unwrap();
        assert_eq!(migration.to, "1.17");
        let flow = migration
            .flows
            .iter()
            .find(|f| (f.from.as_str(), f.to.as_str()) == ("default/a", "default/b"))
            .unwrap();
        assert!(flow.before && !flow.after);
        assert!(flow.codes.iter().any(|c| c == "migrate-ipblock-pods"));
        assert!(
            migration
                .findings
                .iter()
                .any(|f| f.code.as_str() == "migrate-ipblock-pods" && f.fix.is_some())
        );
    }

    /// Issue 16: the Network plan tab learns the manifests' policies from the analyst (through
    /// JSON, as from a worker), so a cluster with no engine says they have no effect.
    #[test]
    fn issue_16_the_plan_is_checked_with_the_manifests_policies() {
        let request = Request::PoliciesOf(PoliciesOfRequest {
            generation: 4,
            manifests: EGRESS_ANYWHERE.to_owned(),
        });
        let request = serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        let Some(Reply::PoliciesOf(found)) = Analyst::default().reply(request) else {
            panic!("no answer");
        };
        let found: PoliciesOf =
            serde_json::from_str(&serde_json::to_string(&found).unwrap()).unwrap();
        assert_eq!(found.generation, 4);
        assert_eq!(
            found.policies,
            [(
                "default/egress-anywhere".to_owned(),
                MANIFEST_FILE.to_owned(),
                11
            )]
        );
        let plan = SourceFile::new("plan", "az aks create -g rg -n c --network-plugin azure\n");
        let codes = |refs: &[PolicyRef]| {
            aksnet_core::plan::check_plan_with(&plan, 0, refs)
                .findings
                .iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>()
        };
        assert!(codes(&found.refs()).contains(&"network-policy-none"));
        assert!(!codes(&[]).contains(&"network-policy-none"));
    }

    #[test]
    fn changes_are_answered_flow_by_flow() {
        let pods = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {app: b}}\n";
        let deny_b = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {matchLabels: {app: b}}, policyTypes: [Ingress]}\n";
        let before = report(pods, 1);
        let after = report(&format!("{pods}{deny_b}"), 2);
        let changes = Changes::between(&before, &after);
        let differs = |from, to| changes.changed(&after.verdicts, from, to);
        assert!(differs(0, 1), "a to b is now blocked");
        assert!(!differs(1, 0) && !differs(0, 0));
        // The same verdicts: nothing is kept to compare.
        assert_eq!(
            Changes::between(&before, &report(pods, 3)),
            Changes::default()
        );
    }

    /// A policy that stops parsing mid-edit leaves its namespace's flows without a verdict,
    /// stays in the objects list marked unread, and is named for the banner (issue 14).
    #[test]
    fn an_unread_policy_makes_its_flows_unknown_and_stays_listed() {
        let pods = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: dev, labels: {app: a}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: ops, labels: {app: b}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c, namespace: ops, labels: {app: c}}\n";
        let policy = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: dev\nspec:\n  podSelector:\n    matchLabels:\n      app: a\n      tier: {web\n  policyTypes: [Ingress]\n";
        let broken = report(&format!("{pods}{policy}"), 1);
        assert_eq!(broken.incomplete.len(), 1);
        assert_eq!(
            broken.incomplete[0].object.as_deref(),
            Some("dev/NetworkPolicy/deny")
        );
        let verdicts = &broken.verdicts;
        assert!(verdicts.unknown(1, 0) && verdicts.unknown(0, 2));
        assert!(!verdicts.unknown(1, 2) && verdicts.allowed(1, 2));
        let unread: Vec<&ObjectView> = broken.objects.iter().filter(|o| o.unread).collect();
        assert_eq!(unread.len(), 1);
        assert_eq!(
            (unread[0].kind.as_str(), unread[0].name.as_str()),
            ("NetworkPolicy", "deny")
        );
        // Fixed, it is read, and every flow has its verdict again.
        let fixed = report(
            &format!("{pods}{}", policy.replace("      tier: {web\n", "")),
            2,
        );
        assert!(fixed.incomplete.is_empty());
        assert!(!fixed.verdicts.unknown(1, 0) && !fixed.verdicts.allowed(1, 0));
        assert!(fixed.objects.iter().all(|o| !o.unread));
    }

    /// The second exercise's split peer: unsafe fixes only (np-split-peer, np-no-default-deny,
    /// pod-privilege-escalation).
    const SPLIT_PEER: &str =
        include_str!("../../tests/fixtures/exercise/development-only-split-peer.yaml");

    // See: issue 14, part 3 (the corrected view applies safe fixes and lists the unsafe ones).
    #[test]
    fn issue_14_the_corrected_text_holds_only_the_unsafe_fixes_ticked() {
        let mut analyst = Analyst::default();
        let mut ask = |text: Option<&str>, unsafe_fixes: Vec<usize>| {
            analyst
                .answer(PolicyRequest {
                    generation: 1,
                    text: text.map(str::to_owned),
                    port: FlowPort::tcp(80),
                    flow: None,
                    representatives: None,
                    unsafe_fixes,
                    engine: Engine::Spec,
                    migration: None,
                })
                .unwrap()
                .fixed
                .unwrap()
        };
        let fixed = ask(Some(SPLIT_PEER), Vec::new());
        assert_eq!(
            fixed.text, SPLIT_PEER,
            "no safe fix here, and no unsafe one applied"
        );
        let split = fixed
            .unsafe_fixes
            .iter()
            .find(|f| f.code == "np-split-peer")
            .unwrap();
        assert!(!split.chosen);
        // AND instead of OR: the development pods other than the frontend lose the backend.
        let effect = split.effect.clone().unwrap();
        assert!(effect.blocks > 0 && effect.allows == 0, "{effect:?}");
        assert!(
            effect
                .blocked
                .iter()
                .all(|(_, to)| to == "development/backend"),
            "{effect:?}"
        );
        let deny = fixed
            .unsafe_fixes
            .iter()
            .find(|f| f.code == "np-no-default-deny")
            .unwrap();
        assert!(deny.effect.as_ref().is_some_and(|e| e.blocks > 0));
        let pod = fixed
            .unsafe_fixes
            .iter()
            .find(|f| f.code == "pod-privilege-escalation")
            .unwrap();
        assert_eq!(pod.effect, Some(FixEffect::default()), "no flow changes");

        let chosen = ask(None, vec![split.finding]);
        assert_ne!(chosen.text, SPLIT_PEER);
        assert!(
            !aksnet_core::analyze(&[SourceFile::new("m.yaml", chosen.text.as_str())])
                .findings
                .iter()
                .any(|f| f.code.as_str() == "np-split-peer")
        );
        assert!(
            chosen
                .unsafe_fixes
                .iter()
                .any(|f| f.chosen && f.code == "np-split-peer")
        );
    }
}
