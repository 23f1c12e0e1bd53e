//! Why one flow is allowed or blocked, side by side: the source's egress and the destination's
//! ingress, which policies isolate each, and which rule, peer and port let the flow through.

use std::fmt;

use serde::Serialize;

use super::profile::Engine;
use super::semantics;
use crate::cluster::{Cluster, Endpoint, FlowPort};
use crate::describe::{self, Count};
use crate::policy::{Peer, Policy, PolicySide, PortRef, Rule};
use crate::span::Span;
use crate::text;
use crate::text::{Lang, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SideVerdict {
    /// No policy selects the endpoint on this side, so everything passes.
    NotIsolated,
    /// hostNetwork pods are not isolated by network policies.
    HostNetwork,
    /// Addresses outside the cluster have no policies of their own.
    External,
    /// Isolated, and at least one rule allows the flow.
    Allowed,
    /// Isolated, and no rule allows the flow.
    Denied,
    /// Isolated, no rule allows the flow, and the far end is the endpoint's own node, which the
    /// engine lets through whatever the rules say (`own-node-egress`, `own-node-ingress`).
    OwnNode,
}

impl SideVerdict {
    pub fn allows(self) -> bool {
        self != SideVerdict::Denied
    }
}

/// A rule that lets the flow through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleMatch {
    /// `namespace/name` of the policy.
    pub policy: String,
    /// 0-based position of the rule in the policy's `ingress` or `egress` list.
    pub rule: usize,
    /// The matching peer in words (English); `None` when the rule has no `from`/`to` (every
    /// peer).
    pub peer: Option<String>,
    /// The matching port in words (English); `None` when the rule has no `ports` (every port).
    pub port: Option<String>,
    /// 0-based position of the matching peer in the rule's `from`/`to`; `None` when it has none.
    pub peer_index: Option<usize>,
    /// 0-based position of the matching port in the rule's `ports`; `None` when it has none.
    pub port_index: Option<usize>,
    #[serde(skip)]
    pub peer_ja: Option<String>,
    #[serde(skip)]
    pub port_ja: Option<String>,
    #[serde(skip)]
    pub file: usize,
    #[serde(skip)]
    pub span: Span,
}

impl RuleMatch {
    /// The matching peer in words, in `lang`.
    pub fn peer_in(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.peer.as_deref(),
            Lang::Ja => self.peer_ja.as_deref(),
        }
    }

    /// The matching port in words, in `lang`.
    pub fn port_in(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.port.as_deref(),
            Lang::Ja => self.port_ja.as_deref(),
        }
    }

    fn peer_text(&self) -> Option<Text> {
        Some(Text::new(self.peer.clone()?, self.peer_ja.clone()?))
    }

    fn port_text(&self) -> Option<Text> {
        Some(Text::new(self.port.clone()?, self.port_ja.clone()?))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SideExplanation {
    pub side: PolicySide,
    pub verdict: SideVerdict,
    /// The policies isolating the endpoint on this side (`namespace/name`).
    pub isolating: Vec<String>,
    pub matches: Vec<RuleMatch>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub from: String,
    pub to: String,
    pub port: FlowPort,
    pub allowed: bool,
    pub egress: SideExplanation,
    pub ingress: SideExplanation,
    /// What each end stands for when it is a representative (derived from the policies'
    /// selectors, not read from the input): its description, said under the verdict.
    #[serde(skip)]
    pub stands_for: [Option<Text>; 2],
    /// The engine the flow was evaluated for (serialised as its name).
    pub engine: Engine,
    /// The points where the engine, not the specification, decided the verdict of a side.
    pub engine_notes: Vec<EngineNote>,
}

/// A point where the engine enforcing the policies decided a side of the flow otherwise than
/// the Kubernetes specification does (docs/netpol-semantics.md, one section per engine).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EngineNote {
    /// The point's stable id (`ipblock-pods`, `own-node-egress`, ...: `semantics::point`).
    pub point: &'static str,
    pub side: PolicySide,
    /// What the engine did, in English.
    pub message: String,
    pub message_ja: String,
    /// The documentation or source that says the engine does so.
    pub source: &'static str,
}

impl EngineNote {
    pub(crate) fn new(
        point: &'static str,
        side: PolicySide,
        message: Text,
        source: &'static str,
    ) -> EngineNote {
        EngineNote {
            point,
            side,
            message: message.en,
            message_ja: message.ja,
            source,
        }
    }

    /// The note in `lang`.
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.message,
            Lang::Ja => &self.message_ja,
        }
    }
}

impl Serialize for PolicySide {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Explains the flow from endpoint `from` to endpoint `to` on `port` as the Kubernetes
/// specification says. `None` when an index is out of range.
pub fn explain(cluster: &Cluster, from: usize, to: usize, port: FlowPort) -> Option<Explanation> {
    explain_for(cluster, from, to, port, Engine::Spec)
}

/// Explains the flow from endpoint `from` to endpoint `to` on `port` as `engine` enforces the
/// policies, with a note for each point where the engine, not the specification, decided it.
/// `None` when an index is out of range.
pub fn explain_for(
    cluster: &Cluster,
    from: usize,
    to: usize,
    port: FlowPort,
    engine: Engine,
) -> Option<Explanation> {
    let source = cluster.endpoints.get(from)?;
    let destination = cluster.endpoints.get(to)?;
    Some(explain_endpoints(
        cluster,
        source,
        destination,
        port,
        engine,
    ))
}

/// [`explain_for`] between two endpoints given as such, which need not be the cluster's own
/// (an outside client, or the node address a Service's source NAT puts in its place).
pub fn explain_endpoints(
    cluster: &Cluster,
    source: &Endpoint,
    destination: &Endpoint,
    port: FlowPort,
    engine: Engine,
) -> Explanation {
    let mut engine_notes = Vec::new();
    let (egress, egress_notes) = explain_side(
        cluster,
        PolicySide::Egress,
        source,
        destination,
        port,
        engine,
    );
    let (ingress, ingress_notes) = explain_side(
        cluster,
        PolicySide::Ingress,
        destination,
        source,
        port,
        engine,
    );
    if !engine.enforces() {
        engine_notes.push(not_enforced(cluster, source, destination));
    }
    engine_notes.extend(egress_notes);
    engine_notes.extend(ingress_notes);
    Explanation {
        from: source.id(),
        to: destination.id(),
        port,
        allowed: egress.verdict.allows() && ingress.verdict.allows(),
        egress,
        ingress,
        stands_for: [source, destination]
            .map(|end| end.representative.as_ref().map(|r| r.description.clone())),
        engine,
        engine_notes,
    }
}

/// The `not-enforced` note: with no engine, every flow passes and the policies are only stored.
fn not_enforced(cluster: &Cluster, source: &Endpoint, destination: &Endpoint) -> EngineNote {
    let isolated = |side: PolicySide, subject: &Endpoint| {
        cluster
            .policies
            .iter()
            .any(|p| semantics::isolates(p, subject, side))
    };
    let side =
        if !isolated(PolicySide::Ingress, destination) && isolated(PolicySide::Egress, source) {
            PolicySide::Egress
        } else {
            PolicySide::Ingress
        };
    EngineNote::new(
        semantics::point::NOT_ENFORCED,
        side,
        text!(
            "No engine enforces NetworkPolicy on this cluster: every flow is allowed, and its {0} policies are stored but have no effect.",
            "このクラスターでは NetworkPolicy を適用するエンジンがないため、すべてのフローが許可されます。{0} 個のポリシーは保存されていますが効果はありません。",
            cluster.policies.iter().filter(|p| !p.rejected).count()
        ),
        semantics::source::NOT_ENFORCED,
    )
}

/// One side of a flow under `engine`, with the notes of the points where the engine decided
/// it otherwise than the specification: `subject` is the endpoint whose policies apply, `other`
/// the far end. The notes are given only when the side's verdict differs from the
/// specification's. Callable alone, for the ingress of a flow whose source is not one of the
/// cluster's endpoints (an outside client through a Service).
pub fn explain_side(
    cluster: &Cluster,
    side: PolicySide,
    subject: &Endpoint,
    other: &Endpoint,
    port: FlowPort,
    engine: Engine,
) -> (SideExplanation, Vec<EngineNote>) {
    let ambiguous = match engine {
        Engine::Cilium(_) => semantics::AmbiguousPortNames::of(cluster),
        _ => semantics::AmbiguousPortNames::default(),
    };
    let flow = Flow {
        cluster,
        side,
        subject,
        other,
        port,
    };
    let (explained, notes) = flow.explain(engine, &ambiguous);
    if engine == Engine::Spec || !engine.enforces() {
        return (explained, Vec::new());
    }
    let (spec, _) = flow.explain(Engine::Spec, &ambiguous);
    if spec.verdict.allows() == explained.verdict.allows() {
        return (explained, Vec::new());
    }
    let mut kept: Vec<EngineNote> = Vec::new();
    for note in notes {
        if !kept.iter().any(|k| k.point == note.point) {
            kept.push(note);
        }
    }
    (explained, kept)
}

/// One side of one flow.
struct Flow<'a> {
    cluster: &'a Cluster,
    side: PolicySide,
    subject: &'a Endpoint,
    other: &'a Endpoint,
    port: FlowPort,
}

impl Flow<'_> {
    fn destination(&self) -> &Endpoint {
        match self.side {
            PolicySide::Egress => self.other,
            PolicySide::Ingress => self.subject,
        }
    }

    /// The side as `engine` decides it, and a note for each point where the engine set aside
    /// what the specification would have used.
    fn explain(
        &self,
        engine: Engine,
        ambiguous: &semantics::AmbiguousPortNames,
    ) -> (SideExplanation, Vec<EngineNote>) {
        let (cluster, side, subject, other, port) =
            (self.cluster, self.side, self.subject, self.other, self.port);
        let destination = self.destination();
        let mut isolating = Vec::new();
        let mut matches = Vec::new();
        let mut notes = Vec::new();
        for policy in &cluster.policies {
            if !engine.enforces() || !semantics::isolates(policy, subject, side) {
                continue;
            }
            if let Some(point) = semantics::policy_dropped(policy, subject, engine) {
                notes.push(dropped_note(point, policy, subject, side));
                continue;
            }
            isolating.push(policy.id());
            for (index, rule) in policy.rules(side).iter().enumerate() {
                let spec_matches = || {
                    semantics::rule_peer(cluster, policy, rule, other).is_some()
                        && semantics::rule_port(rule, port, destination).is_some()
                };
                if semantics::named_port_ignored(rule, side, ambiguous, engine) {
                    if spec_matches() {
                        notes.push(named_port_note(policy, index, side));
                    }
                    continue;
                }
                let Some(peer) = semantics::rule_peer_as(cluster, policy, rule, other, engine)
                else {
                    if spec_matches() {
                        notes.extend(ipblock_note(policy, rule, other, engine, side));
                    }
                    continue;
                };
                let Some(port_index) = semantics::rule_port_as(rule, port, destination, engine)
                else {
                    if spec_matches() {
                        notes.extend(end_port_note(policy, rule, port, engine, side));
                    }
                    continue;
                };
                matches.push(rule_match(policy, rule, index, peer, port_index));
            }
        }
        let own_node = match side {
            PolicySide::Egress => {
                let own = semantics::own_node_egress(subject, other);
                if own && !semantics::own_node_egress_allowed(engine) {
                    notes.push(own_node_note(subject, other, engine));
                }
                own && semantics::own_node_egress_allowed(engine)
            }
            PolicySide::Ingress => semantics::own_node_ingress(other, subject),
        };
        let verdict = if subject.is_external() {
            SideVerdict::External
        } else if subject.host_network {
            SideVerdict::HostNetwork
        } else if isolating.is_empty() {
            SideVerdict::NotIsolated
        } else if !matches.is_empty() {
            SideVerdict::Allowed
        } else if own_node {
            SideVerdict::OwnNode
        } else {
            SideVerdict::Denied
        };
        let explained = SideExplanation {
            side,
            verdict,
            isolating,
            matches,
        };
        (explained, notes)
    }
}

fn rule_match(
    policy: &Policy,
    rule: &Rule,
    index: usize,
    peer_index: Option<usize>,
    port_index: Option<usize>,
) -> RuleMatch {
    let peer = peer_index.and_then(|i| {
        let peer = rule.peers.as_ref()?.get(i)?;
        Some(describe::peer(peer, &policy.namespace, Count::Many))
    });
    let port = port_index.and_then(|i| rule.ports.as_ref()?.get(i).map(describe::port));
    let (peer, peer_ja) = peer.map(|t| (t.en, t.ja)).unzip();
    let (port, port_ja) = port.map(|t| (t.en, t.ja)).unzip();
    RuleMatch {
        policy: policy.id(),
        rule: index,
        peer,
        port,
        peer_index,
        port_index,
        peer_ja,
        port_ja,
        file: policy.file,
        span: rule.span,
    }
}

/// `windows-unenforced` or `windows-dropped`.
fn dropped_note(
    point: &'static str,
    policy: &Policy,
    subject: &Endpoint,
    side: PolicySide,
) -> EngineNote {
    if point == semantics::point::WINDOWS_UNENFORCED {
        return EngineNote::new(
            point,
            side,
            text!(
                "Cilium does not run on Windows nodes: no policy applies to {0}, so {1} does not isolate it.",
                "Cilium は Windows ノードでは動作しないため、{0} にはどのポリシーも適用されず、{1} はこれを分離しません。",
                subject.id(),
                policy.id()
            ),
            semantics::source::CILIUM_LINUX_ONLY,
        );
    }
    let feature = semantics::windows_unsupported_feature(policy).unwrap_or_default();
    EngineNote::new(
        point,
        side,
        text!(
            "Azure NPM on Windows drops the whole of {0} for {1}, which runs on a Windows node: the policy uses {2}, which NPM cannot apply on Windows, so it neither isolates the pod nor allows anything.",
            "Windows 上の Azure NPM は、Windows ノードで動く {1} について {0} 全体を破棄します。このポリシーは NPM が Windows で適用できない {2} を使っているため、ポッドを分離も許可もしません。",
            policy.id(),
            subject.id(),
            feature
        ),
        semantics::source::NPM_WINDOWS,
    )
}

/// `named-port`.
fn named_port_note(policy: &Policy, index: usize, side: PolicySide) -> EngineNote {
    EngineNote::new(
        semantics::point::NAMED_PORT,
        side,
        text!(
            "Cilium ignores egress rule {0} of {1}: its named port stands for different numbers on different pods of the cluster, so the rule allows nothing and this flow is blocked.",
            "Cilium は {1} の送信ルール {0} を無視します。その名前付きポートはクラスター内のポッドによって異なる番号を指すため、このルールは何も許可せず、このフローは拒否されます。",
            index + 1,
            policy.id()
        ),
        semantics::source::CILIUM_NAMED_PORT,
    )
}

/// `ipblock-pods` or `ipblock-nodes`, naming the address and the range that would match it.
fn ipblock_note(
    policy: &Policy,
    rule: &Rule,
    other: &Endpoint,
    engine: Engine,
    side: PolicySide,
) -> Option<EngineNote> {
    let point = semantics::ipblock_blind(other, engine)?;
    let (cidr, address) = rule.peers.iter().flatten().find_map(|peer| match peer {
        Peer::Addresses { cidr, except, .. } if semantics::addresses_match(cidr, except, other) => {
            let address = other.addresses.iter().find(|a| cidr.contains(*a))?;
            Some((cidr.to_string(), address.addr().to_string()))
        }
        Peer::Addresses { .. } | Peer::Pods { .. } => None,
    })?;
    let message = if point == semantics::point::IPBLOCK_NODES {
        text!(
            "Cilium never matches node addresses with ipBlock (nodes and hostNetwork pods); this flow is blocked although {0} is inside {1} ({2}).",
            "Cilium は ipBlock でノードのアドレス (ノードと hostNetwork ポッド) に一致させません。{0} は {1} の範囲内ですが、このフローは拒否されます ({2})。",
            address,
            cidr,
            policy.id()
        )
    } else {
        text!(
            "Cilium never matches pod addresses with ipBlock; this flow is blocked although {0} is inside {1} ({2}).",
            "Cilium は ipBlock でポッドのアドレスに一致させません。{0} は {1} の範囲内ですが、このフローは拒否されます ({2})。",
            address,
            cidr,
            policy.id()
        )
    };
    Some(EngineNote::new(
        point,
        side,
        message,
        semantics::source::MIGRATION,
    ))
}

/// `end-port`.
fn end_port_note(
    policy: &Policy,
    rule: &Rule,
    port: FlowPort,
    engine: Engine,
    side: PolicySide,
) -> Option<EngineNote> {
    let ignored = rule
        .ports
        .iter()
        .flatten()
        .find(|p| semantics::end_port_ignored(p, engine))?;
    let (Some(PortRef::Number(start)), Some(end)) = (&ignored.port, ignored.end_port) else {
        return None;
    };
    Some(EngineNote::new(
        semantics::point::END_PORT,
        side,
        text!(
            "{0} ignores endPort: {1} opens only port {2}, not {2}-{3}, so this flow on {4} is blocked.",
            "{0} は endPort を無視します。{1} はポート {2} だけを開き、{2}-{3} は開かないため、{4} のこのフローは拒否されます。",
            engine.to_string(),
            policy.id(),
            start,
            end,
            port
        ),
        semantics::source::MIGRATION,
    ))
}

/// `own-node-egress`, for the engines that block it.
fn own_node_note(subject: &Endpoint, node: &Endpoint, engine: Engine) -> EngineNote {
    let node_name = node.host_of().unwrap_or_default().to_owned();
    match engine {
        Engine::Calico => EngineNote::new(
            semantics::point::OWN_NODE_EGRESS,
            PolicySide::Egress,
            text!(
                "Calico applies {0}'s egress policy to traffic to its own node {1}, which the specification always allows; no egress rule allows it, so this flow is blocked.",
                "Calico は、仕様では常に許可される自ノード {1} へのトラフィックにも {0} の送信ポリシーを適用します。これを許可する送信ルールがないため、このフローは拒否されます。",
                subject.id(),
                node_name
            ),
            semantics::source::CALICO_HOST,
        ),
        _ => EngineNote::new(
            semantics::point::OWN_NODE_EGRESS,
            PolicySide::Egress,
            text!(
                "{0} blocks egress from {1} to its own node {2} unless a rule allows it (an ipBlock never matches a node), where the specification and Azure NPM allow it; this flow is blocked.",
                "{0} は、ルールが許可しない限り {1} から自ノード {2} への送信を拒否します (ipBlock はノードに一致しません)。仕様と Azure NPM では許可されますが、このフローは拒否されます。",
                engine.title(),
                subject.id(),
                node_name
            ),
            semantics::source::MIGRATION,
        ),
    }
}

impl Explanation {
    /// The explanation as sentences in `lang`, one a line: the verdict, then each side. A name
    /// inside a sentence is the user's text; front ends that show it escape it line by line.
    pub fn lines_in(&self, lang: Lang) -> Vec<String> {
        let verdict = if self.allowed {
            Text::new("allowed", "許可されます")
        } else {
            Text::new("blocked", "拒否されます")
        };
        let mut lines = vec![text!(
            "{0} → {1} on {2}: {3}.",
            "{0} → {1} ({2}): {3}。",
            self.from,
            self.to,
            self.port,
            verdict
        )];
        for note in &self.engine_notes {
            lines.push(text!(
                "{0} Source: {1}.",
                "{0} 出典: {1}。",
                Text::new(note.message.clone(), note.message_ja.clone()),
                note.source
            ));
        }
        for (end, what) in [&self.from, &self.to].into_iter().zip(&self.stands_for) {
            if let Some(what) = what {
                lines.push(text!(
                    "{0} stands for {1}.",
                    "{0} は、{1} を表します。",
                    end,
                    what.clone()
                ));
            }
        }
        side_lines(&mut lines, &self.egress, &self.from, &self.to, self.port);
        side_lines(&mut lines, &self.ingress, &self.to, &self.from, self.port);
        lines
            .into_iter()
            .map(|line| line.get(lang).to_owned())
            .collect()
    }

    /// The explanation with every name passed through `name` and every description (of a peer,
    /// a port) through `description`, so that its text keeps one line per sentence: a name
    /// holding a line break cannot push the verdict out of the first line or pass for a
    /// sentence of its own. Each front end escapes (and shortens) as it draws.
    #[must_use]
    pub fn escaped(
        &self,
        name: impl Fn(&str) -> String,
        description: impl Fn(&str) -> String,
    ) -> Explanation {
        let side = |side: &SideExplanation| SideExplanation {
            isolating: side.isolating.iter().map(|p| name(p)).collect(),
            matches: side
                .matches
                .iter()
                .map(|m| RuleMatch {
                    policy: name(&m.policy),
                    peer: m.peer.as_deref().map(&description),
                    port: m.port.as_deref().map(&description),
                    peer_ja: m.peer_ja.as_deref().map(&description),
                    port_ja: m.port_ja.as_deref().map(&description),
                    ..m.clone()
                })
                .collect(),
            ..side.clone()
        };
        Explanation {
            from: name(&self.from),
            to: name(&self.to),
            egress: side(&self.egress),
            ingress: side(&self.ingress),
            stands_for: self.stands_for.clone().map(|what| {
                what.map(|what| Text::new(description(&what.en), description(&what.ja)))
            }),
            engine_notes: self
                .engine_notes
                .iter()
                .map(|note| EngineNote {
                    message: description(&note.message),
                    message_ja: description(&note.message_ja),
                    ..note.clone()
                })
                .collect(),
            ..self.clone()
        }
    }

    /// [`Explanation::lines_in`] as one text, a line each.
    pub fn text_in(&self, lang: Lang) -> String {
        let mut out = String::new();
        for line in self.lines_in(lang) {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text_in(Lang::En))
    }
}

/// The sentences of one side: `subject` is the endpoint whose policies apply, `other` the far
/// end.
fn side_lines(
    lines: &mut Vec<Text>,
    side: &SideExplanation,
    subject: &str,
    other: &str,
    port: FlowPort,
) {
    let name = describe::side(side.side);
    let isolating = side.isolating.join(", ");
    lines.push(match (side.verdict, side.side) {
        (SideVerdict::External, PolicySide::Egress) => text!(
            "{0} is outside the cluster: no policy limits what it sends.",
            "{0} はクラスターの外部にあり、その送信を制限するポリシーはありません。",
            subject
        ),
        (SideVerdict::External, PolicySide::Ingress) => text!(
            "{0} is outside the cluster: no policy limits what it receives.",
            "{0} はクラスターの外部にあり、その受信を制限するポリシーはありません。",
            subject
        ),
        (SideVerdict::HostNetwork, _) => text!(
            "{0} uses its node's network (hostNetwork): network policies do not isolate it.",
            "{0} はノードのネットワーク (hostNetwork) を使うため、ネットワーク ポリシーでは分離されません。",
            subject
        ),
        (SideVerdict::NotIsolated, PolicySide::Egress) => text!(
            "{0} may send anywhere: no NetworkPolicy isolates it for egress.",
            "{0} はどこにでも送信できます。送信についてこれを分離する NetworkPolicy はありません。",
            subject
        ),
        (SideVerdict::NotIsolated, PolicySide::Ingress) => text!(
            "{0} accepts traffic from anywhere: no NetworkPolicy isolates it for ingress.",
            "{0} はどこからでも受信できます。受信についてこれを分離する NetworkPolicy はありません。",
            subject
        ),
        (SideVerdict::Denied, PolicySide::Egress) => text!(
            "{0} is isolated for {1} by {2}, and no rule lets it send to {3} on {4}.",
            "{0} は {2} によって{1}について分離されており、{3} への {4} の送信を許可するルールはありません。",
            subject,
            name,
            isolating,
            other,
            port
        ),
        (SideVerdict::Denied, PolicySide::Ingress) => text!(
            "{0} is isolated for {1} by {2}, and no rule admits {3} on {4}.",
            "{0} は {2} によって{1}について分離されており、{3} からの {4} の受信を許可するルールはありません。",
            subject,
            name,
            isolating,
            other,
            port
        ),
        (SideVerdict::OwnNode, own) => own_node_line(own, subject, &name, &isolating, other, port),
        (SideVerdict::Allowed, _) => text!(
            "{0} is isolated for {1} by {2}; this flow is allowed by:",
            "{0} は {2} によって{1}について分離されています。このフローを許可するルール:",
            subject,
            name,
            isolating
        ),
    });
    if side.verdict != SideVerdict::Allowed {
        return;
    }
    for m in &side.matches {
        let peer = m.peer_text().unwrap_or_else(|| match side.side {
            PolicySide::Ingress => Text::new("every source", "すべての送信元"),
            PolicySide::Egress => Text::new("every destination", "すべての送信先"),
        });
        let ports = m.port_text().map_or_else(
            || Text::new("on every port", "すべてのポートで"),
            |port| text!("on {0}", "{0} で", port),
        );
        lines.push(match side.side {
            PolicySide::Ingress => text!(
                "  {4} rule {0} of {1}, which admits {2} {3}.",
                "  {1} の{4}ルール {0}: {2} からの受信を{3}許可します。",
                m.rule + 1,
                m.policy,
                peer,
                ports,
                name
            ),
            PolicySide::Egress => text!(
                "  {4} rule {0} of {1}, which lets it send to {2} {3}.",
                "  {1} の{4}ルール {0}: {2} への送信を{3}許可します。",
                m.rule + 1,
                m.policy,
                peer,
                ports,
                name
            ),
        });
    }
}

/// The sentence of a side that only the own-node exception lets through.
fn own_node_line(
    side: PolicySide,
    subject: &str,
    name: &Text,
    isolating: &str,
    other: &str,
    port: FlowPort,
) -> Text {
    match side {
        PolicySide::Egress => text!(
            "{0} is isolated for {1} by {2}, and no rule lets it send to {3} on {4}; but {3} is its own node, to which traffic is always allowed.",
            "{0} は {2} によって{1}について分離されており、{3} への {4} の送信を許可するルールはありません。ただし {3} は自ノードであり、そこへのトラフィックは常に許可されます。",
            subject,
            name,
            isolating,
            other,
            port
        ),
        PolicySide::Ingress => text!(
            "{0} is isolated for {1} by {2}, and no rule admits {3} on {4}; but {3} is its own node, from which traffic is always allowed.",
            "{0} は {2} によって{1}について分離されており、{3} からの {4} の受信を許可するルールはありません。ただし {3} は自ノードであり、そこからのトラフィックは常に許可されます。",
            subject,
            name,
            isolating,
            other,
            port
        ),
    }
}
