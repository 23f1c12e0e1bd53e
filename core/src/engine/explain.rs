//! Why one flow is allowed or blocked, side by side: the source's egress and the destination's
//! ingress, which policies isolate each, and which rule, peer and port let the flow through.

use std::fmt;

use serde::Serialize;

use super::semantics;
use crate::cluster::{Cluster, Endpoint, FlowPort};
use crate::policy::{Peer, PolicyPort, PolicySide};
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
}

impl Serialize for PolicySide {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Explains the flow from endpoint `from` to endpoint `to` on `port`. `None` when an index is
/// out of range.
pub fn explain(cluster: &Cluster, from: usize, to: usize, port: FlowPort) -> Option<Explanation> {
    let source = cluster.endpoints.get(from)?;
    let destination = cluster.endpoints.get(to)?;
    let egress = side(cluster, PolicySide::Egress, source, destination, port);
    let ingress = side(cluster, PolicySide::Ingress, destination, source, port);
    Some(Explanation {
        from: source.id(),
        to: destination.id(),
        port,
        allowed: egress.verdict.allows() && ingress.verdict.allows(),
        egress,
        ingress,
    })
}

/// One side: `subject` is the endpoint whose policies apply, `other` the far end.
fn side(
    cluster: &Cluster,
    side: PolicySide,
    subject: &Endpoint,
    other: &Endpoint,
    port: FlowPort,
) -> SideExplanation {
    let destination = match side {
        PolicySide::Egress => other,
        PolicySide::Ingress => subject,
    };
    let mut isolating = Vec::new();
    let mut matches = Vec::new();
    for policy in &cluster.policies {
        if !semantics::isolates(policy, subject, side) {
            continue;
        }
        isolating.push(policy.id());
        for (index, rule) in policy.rules(side).iter().enumerate() {
            let Some(peer) = semantics::rule_peer(cluster, policy, rule, other) else {
                continue;
            };
            let Some(port_index) = semantics::rule_port(rule, port, destination) else {
                continue;
            };
            let peer = peer.and_then(|i| rule.peers.as_ref()?.get(i).map(Peer::describe));
            let port =
                port_index.and_then(|i| rule.ports.as_ref()?.get(i).map(PolicyPort::describe));
            let (peer, peer_ja) = peer.map(|t| (t.en, t.ja)).unzip();
            let (port, port_ja) = port.map(|t| (t.en, t.ja)).unzip();
            matches.push(RuleMatch {
                policy: policy.id(),
                rule: index,
                peer,
                port,
                peer_ja,
                port_ja,
                file: policy.file,
                span: rule.span,
            });
        }
    }
    let verdict = if subject.is_external() {
        SideVerdict::External
    } else if subject.host_network {
        SideVerdict::HostNetwork
    } else if isolating.is_empty() {
        SideVerdict::NotIsolated
    } else if matches.is_empty() {
        SideVerdict::Denied
    } else {
        SideVerdict::Allowed
    };
    SideExplanation {
        side,
        verdict,
        isolating,
        matches,
    }
}

impl Explanation {
    /// The explanation as lines of text in `lang`: the verdict, then each side.
    pub fn text_in(&self, lang: Lang) -> String {
        let verdict = if self.allowed {
            Text::new("ALLOWED", "許可")
        } else {
            Text::new("BLOCKED", "ブロック")
        };
        let mut lines = vec![text!(
            "{0} -> {1} on {2}: {3}",
            "{0} -> {1} ({2}): {3}",
            self.from,
            self.to,
            self.port,
            verdict
        )];
        side_lines(&mut lines, &self.egress, &self.from, &self.to);
        side_lines(&mut lines, &self.ingress, &self.to, &self.from);
        let mut out = String::new();
        for line in &lines {
            out.push_str(line.get(lang));
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

fn side_lines(lines: &mut Vec<Text>, side: &SideExplanation, subject: &str, other: &str) {
    let name = side.side.name();
    // Where the far end is, from the subject's side: "traffic to X" or "traffic from X".
    let toward = match side.side {
        PolicySide::Egress => text!("to {0}", "{0} への", other),
        PolicySide::Ingress => text!("from {0}", "{0} からの", other),
    };
    let isolating = side.isolating.join(", ");
    lines.push(match side.verdict {
        SideVerdict::External => text!(
            "  {0} of {1}: allowed (outside the cluster, no policies apply)",
            "  {1} の {0}: 許可 (クラスターの外部にあり、ポリシーは適用されません)",
            name,
            subject
        ),
        SideVerdict::HostNetwork => text!(
            "  {0} of {1}: allowed (a hostNetwork pod: network policies do not isolate it)",
            "  {1} の {0}: 許可 (hostNetwork ポッドのため、ネットワーク ポリシーでは分離されません)",
            name,
            subject
        ),
        SideVerdict::NotIsolated => text!(
            "  {0} of {1}: allowed (no NetworkPolicy selects it for {0})",
            "  {1} の {0}: 許可 ({0} についてこれを選択する NetworkPolicy はありません)",
            name,
            subject
        ),
        SideVerdict::Denied => text!(
            "  {0} of {1}: denied (isolated by {2}; none of their rules allows traffic {3} on this port)",
            "  {1} の {0}: 拒否 ({2} によって分離されています。{3} このポートのトラフィックを許可するルールはありません)",
            name,
            subject,
            isolating,
            toward
        ),
        SideVerdict::Allowed => text!(
            "  {0} of {1}: allowed (isolated by {2})",
            "  {1} の {0}: 許可 ({2} によって分離されています)",
            name,
            subject,
            isolating
        ),
    });
    if side.verdict != SideVerdict::Allowed {
        return;
    }
    for m in &side.matches {
        let peer = m
            .peer_text()
            .unwrap_or_else(|| Text::new("every peer", "すべてのピア"));
        let port = m
            .port_text()
            .unwrap_or_else(|| Text::new("every port", "すべてのポート"));
        lines.push(text!(
            "    by {0} {1} rule {2}: {3}, {4}",
            "    {0} の{1}ルール {2}: {3}、{4}",
            m.policy,
            name,
            m.rule + 1,
            peer,
            port
        ));
    }
}
