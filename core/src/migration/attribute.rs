//! Which policy and which scenario of the migration guide change a flow's verdict: the rules
//! that let the flow through under NPM (the specification's predicates, which NPM follows on
//! Linux), and what in each of them Cilium reads differently. A flow is attributed to a rule only
//! when every rule that let it through is read differently; then to each of them.

use std::collections::{BTreeMap, BTreeSet};

use crate::cluster::{Cluster, Endpoint, FlowPort};
use crate::codes::Code;
use crate::engine::CiliumVersion;
use crate::engine::semantics;
use crate::policy::{Peer, PolicySide, PortRef, Rule};
use crate::ports::Protocol;

/// The field of a policy a finding points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Field {
    /// The peer at this position in the rule's `from`/`to`.
    Peer(usize),
    /// The port at this position in the rule's `ports`.
    Port(usize),
    /// The side's rules as a whole (`egress` or `ingress`, or `policyTypes` when it has none).
    Side,
}

/// One policy's part in changing one flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Hit {
    /// The policy's index in the cluster's policies.
    pub policy: usize,
    pub code: Code,
    pub side: PolicySide,
    /// The rule's index in the side's rules (0 for [`Field::Side`]).
    pub rule: usize,
    pub field: Field,
}

/// The named ports whose name maps to different numbers on different endpoints of the cluster
/// (same protocol): an egress rule naming one is ignored by Cilium
/// (<https://github.com/cilium/cilium/issues/30003>).
pub(super) fn ambiguous_names(cluster: &Cluster) -> BTreeSet<(String, Protocol)> {
    let mut numbers: BTreeMap<(String, Protocol), BTreeSet<u16>> = BTreeMap::new();
    for endpoint in &cluster.endpoints {
        for port in &endpoint.ports {
            if let Some(name) = &port.name {
                numbers
                    .entry((name.clone(), port.protocol))
                    .or_default()
                    .insert(port.port);
            }
        }
    }
    numbers
        .into_iter()
        .filter(|(_, n)| n.len() > 1)
        .map(|(k, _)| k)
        .collect()
}

/// What changes the flow `from` → `to` on `port`, which NPM allows and Cilium blocks.
pub(super) fn blocked_flow(
    cluster: &Cluster,
    from: usize,
    to: usize,
    port: FlowPort,
    version: CiliumVersion,
    ambiguous: &BTreeSet<(String, Protocol)>,
) -> Vec<Hit> {
    let (Some(source), Some(destination)) =
        (cluster.endpoints.get(from), cluster.endpoints.get(to))
    else {
        return Vec::new();
    };
    let mut hits = side(
        cluster,
        PolicySide::Egress,
        source,
        destination,
        port,
        version,
        ambiguous,
    );
    hits.extend(side(
        cluster,
        PolicySide::Ingress,
        destination,
        source,
        port,
        version,
        ambiguous,
    ));
    hits
}

/// One side: `subject` is the endpoint whose policies apply, `other` the far end.
fn side(
    cluster: &Cluster,
    side: PolicySide,
    subject: &Endpoint,
    other: &Endpoint,
    port: FlowPort,
    version: CiliumVersion,
    ambiguous: &BTreeSet<(String, Protocol)>,
) -> Vec<Hit> {
    let destination = match side {
        PolicySide::Egress => other,
        PolicySide::Ingress => subject,
    };
    let mut hits = Vec::new();
    let mut isolating = Vec::new();
    let mut admitted = false;
    for (index, policy) in cluster.policies.iter().enumerate() {
        if !semantics::isolates(policy, subject, side) {
            continue;
        }
        isolating.push(index);
        for (rule_index, rule) in policy.rules(side).iter().enumerate() {
            let Some(peer) = semantics::rule_peer(cluster, policy, rule, other) else {
                continue;
            };
            let Some(port_index) = semantics::rule_port(rule, port, destination) else {
                continue;
            };
            admitted = true;
            let reasons = reasons(
                rule, side, peer, port_index, other, port, version, ambiguous,
            );
            if reasons.is_empty() {
                // This rule still lets the flow through on Cilium: the side is not what changed.
                return Vec::new();
            }
            hits.extend(reasons.into_iter().map(|(code, field)| Hit {
                policy: index,
                code,
                side,
                rule: rule_index,
                field,
            }));
        }
    }
    // No rule lets it through, yet NPM allowed it: its implicit egress to the pod's own node.
    if !admitted
        && side == PolicySide::Egress
        && other.host_of().is_some()
        && other.host_of() == subject.node.as_deref()
    {
        hits.extend(isolating.into_iter().map(|policy| Hit {
            policy,
            code: Code::MigrateEgressOwnNode,
            side,
            rule: 0,
            field: Field::Side,
        }));
    }
    hits
}

/// What Cilium reads differently in a rule that lets the flow through under NPM.
#[allow(clippy::too_many_arguments)]
fn reasons(
    rule: &Rule,
    side: PolicySide,
    peer: Option<usize>,
    port_index: Option<usize>,
    other: &Endpoint,
    port: FlowPort,
    version: CiliumVersion,
    ambiguous: &BTreeSet<(String, Protocol)>,
) -> Vec<(Code, Field)> {
    let mut out = Vec::new();
    if let Some(index) = peer
        && let Some(Peer::Addresses { .. }) = rule.peers.as_ref().and_then(|p| p.get(index))
        && !other.is_external()
    {
        let code = if other.host_of().is_some() || other.is_node() {
            Code::MigrateIpblockNodes
        } else {
            Code::MigrateIpblockPods
        };
        out.push((code, Field::Peer(index)));
    }
    if let Some(index) = port_index
        && let Some(policy_port) = rule.ports.as_ref().and_then(|p| p.get(index))
        && let (Some(PortRef::Number(start)), Some(_)) = (&policy_port.port, policy_port.end_port)
        && *start != port.port
        && !version.reads_end_port()
    {
        out.push((Code::MigrateEndport, Field::Port(index)));
    }
    if side == PolicySide::Egress {
        let named = rule.ports.iter().flatten().position(|p| match &p.port {
            Some(PortRef::Name(name)) => ambiguous.contains(&(name.clone(), p.protocol)),
            _ => false,
        });
        if let Some(index) = named {
            out.push((Code::MigrateNamedPort, Field::Port(index)));
        }
    }
    out
}
