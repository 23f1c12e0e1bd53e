//! Why one flow is allowed or blocked, side by side: the source's egress and the destination's
//! ingress, which policies isolate each, and which rule, peer and port let the flow through.

use std::fmt;

use serde::Serialize;

use super::semantics;
use crate::cluster::{Cluster, Endpoint, FlowPort};
use crate::policy::PolicySide;
use crate::span::Span;

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
    /// The matching peer in words; `None` when the rule has no `from`/`to` (every peer).
    pub peer: Option<String>,
    /// The matching port in words; `None` when the rule has no `ports` (every port).
    pub port: Option<String>,
    #[serde(skip)]
    pub file: usize,
    #[serde(skip)]
    pub span: Span,
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
            let describe_peer = |i: usize| rule.peers.as_ref()?.get(i).map(ToString::to_string);
            let describe_port = |i: usize| rule.ports.as_ref()?.get(i).map(ToString::to_string);
            matches.push(RuleMatch {
                policy: policy.id(),
                rule: index,
                peer: peer.and_then(describe_peer),
                port: port_index.and_then(describe_port),
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

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.allowed { "ALLOWED" } else { "BLOCKED" };
        writeln!(
            f,
            "{} -> {} on {}: {verdict}",
            self.from, self.to, self.port
        )?;
        write_side(f, &self.egress, &self.from, &self.to)?;
        write_side(f, &self.ingress, &self.to, &self.from)
    }
}

fn write_side(
    f: &mut fmt::Formatter<'_>,
    side: &SideExplanation,
    subject: &str,
    other: &str,
) -> fmt::Result {
    let (name, direction) = match side.side {
        PolicySide::Egress => ("egress", "to"),
        PolicySide::Ingress => ("ingress", "from"),
    };
    match side.verdict {
        SideVerdict::External => writeln!(
            f,
            "  {name} of {subject}: allowed (outside the cluster, no policies apply)"
        ),
        SideVerdict::HostNetwork => writeln!(
            f,
            "  {name} of {subject}: allowed (a hostNetwork pod: network policies do not isolate it)"
        ),
        SideVerdict::NotIsolated => writeln!(
            f,
            "  {name} of {subject}: allowed (no NetworkPolicy selects it for {name})"
        ),
        SideVerdict::Denied => writeln!(
            f,
            "  {name} of {subject}: denied (isolated by {}; none of their rules allows traffic {direction} {other} on this port)",
            side.isolating.join(", ")
        ),
        SideVerdict::Allowed => {
            writeln!(
                f,
                "  {name} of {subject}: allowed (isolated by {})",
                side.isolating.join(", ")
            )?;
            for m in &side.matches {
                let peer = m.peer.as_deref().unwrap_or("every peer");
                let port = m.port.as_deref().unwrap_or("every port");
                writeln!(
                    f,
                    "    by {} {name} rule {}: {peer}, {port}",
                    m.policy,
                    m.rule + 1
                )?;
            }
            Ok(())
        }
    }
}
