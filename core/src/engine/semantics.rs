//! The NetworkPolicy rules of the Kubernetes specification, one predicate each. Both the matrix
//! and the explanations are built from these, so they cannot disagree.
//!
//! Where the specification leaves room, the choice is written here and in
//! docs/netpol-semantics.md.

use ipnet::IpNet;

use crate::cluster::{Cluster, Endpoint, FlowPort};
use crate::policy::{Peer, Policy, PolicyPort, PolicySide, PortRef, Rule};

/// Whether `policy` isolates `endpoint` on `side`: it lives in the policy's namespace, the
/// policy's podSelector matches it, and the policy's types include the side.
///
/// Choice: hostNetwork pods are never isolated (their traffic is the node's, which network
/// policy implementations do not filter by pod), and addresses outside the cluster have no
/// policies of their own.
pub fn isolates(policy: &Policy, endpoint: &Endpoint, side: PolicySide) -> bool {
    !policy.rejected
        && policy.isolates(side)
        && !endpoint.is_external()
        && !endpoint.host_network
        && endpoint.namespace.as_deref() == Some(policy.namespace.as_str())
        && policy.pod_selector.matches(&endpoint.labels)
}

/// Whether one peer of `policy` matches `endpoint`.
pub fn peer_matches(cluster: &Cluster, policy: &Policy, peer: &Peer, endpoint: &Endpoint) -> bool {
    match peer {
        Peer::Pods {
            namespaces, pods, ..
        } => {
            // Choice: selectors never match hostNetwork pods, whose traffic carries the node's address.
            if endpoint.is_external() || endpoint.host_network {
                return false;
            }
            // A representative may stand in a namespace known by its labels only.
            let namespace_ok = match namespaces {
                None => endpoint.namespace.as_deref() == Some(policy.namespace.as_str()),
                Some(selector) => cluster
                    .labels_of_namespace(endpoint)
                    .is_some_and(|labels| selector.matches(labels)),
            };
            namespace_ok && pods.as_ref().is_none_or(|s| s.matches(&endpoint.labels))
        }
        Peer::Addresses { cidr, except, .. } => addresses_match(cidr, except, endpoint),
    }
}

/// ipBlock matching. A pod matches when any of its IPs is inside `cidr` and outside every
/// `except`; an external range matches only when all of it does, so a verdict on a range holds
/// for every address in it.
pub fn addresses_match(cidr: &IpNet, except: &[IpNet], endpoint: &Endpoint) -> bool {
    let inside = |range: &IpNet| cidr.contains(range) && !except.iter().any(|e| overlaps(e, range));
    if endpoint.is_external() {
        !endpoint.addresses.is_empty() && endpoint.addresses.iter().all(inside)
    } else {
        endpoint.addresses.iter().any(inside)
    }
}

pub use crate::plan::ranges::overlaps;

/// The stable ids of the points where the engines differ from the specification, as
/// [`super::EngineNote::point`] names them.
pub mod point {
    pub const IPBLOCK_PODS: &str = "ipblock-pods";
    pub const IPBLOCK_NODES: &str = "ipblock-nodes";
    pub const OWN_NODE_EGRESS: &str = "own-node-egress";
    pub const OWN_NODE_INGRESS: &str = "own-node-ingress";
    pub const END_PORT: &str = "end-port";
    pub const NAMED_PORT: &str = "named-port";
    pub const WINDOWS_DROPPED: &str = "windows-dropped";
    pub const WINDOWS_UNENFORCED: &str = "windows-unenforced";
    pub const NOT_ENFORCED: &str = "not-enforced";
}

/// The sources each point cites.
pub mod source {
    /// The AKS REST API: "Network policies will not be enforced. This is the default value when
    /// NetworkPolicy is not specified"; and "Creating a NetworkPolicy resource without a
    /// controller that implements it will have no effect" (kubernetes.io).
    pub const NOT_ENFORCED: &str = "https://learn.microsoft.com/azure/aks/use-network-policies";
}

/// Whether a rule's peers match `endpoint`; a rule without peers matches everything.
pub fn rule_peer(
    cluster: &Cluster,
    policy: &Policy,
    rule: &Rule,
    endpoint: &Endpoint,
) -> Option<Option<usize>> {
    match &rule.peers {
        None => Some(None),
        Some(peers) => peers
            .iter()
            .position(|peer| peer_matches(cluster, policy, peer, endpoint))
            .map(Some),
    }
}

/// Whether one policy port matches traffic to `destination` on `port`. Named ports resolve
/// against the destination's container ports, protocol included.
pub fn port_matches(policy_port: &PolicyPort, port: FlowPort, destination: &Endpoint) -> bool {
    if policy_port.protocol != port.protocol {
        return false;
    }
    match &policy_port.port {
        None => true,
        Some(PortRef::Number(start)) => match policy_port.end_port {
            Some(end) => (*start..=end).contains(&port.port),
            None => *start == port.port,
        },
        Some(PortRef::Name(name)) => destination.ports.iter().any(|declared| {
            declared.name.as_deref() == Some(name.as_str())
                && declared.protocol == port.protocol
                && declared.port == port.port
        }),
    }
}

/// The index of the rule's first port matching, `Some(None)` when the rule has no ports.
pub fn rule_port(rule: &Rule, port: FlowPort, destination: &Endpoint) -> Option<Option<usize>> {
    match &rule.ports {
        None => Some(None),
        Some(ports) => ports
            .iter()
            .position(|p| port_matches(p, port, destination))
            .map(Some),
    }
}

/// Whether the rule uses a named port, which makes its port match depend on the destination.
pub fn has_named_port(rule: &Rule) -> bool {
    rule.ports
        .iter()
        .flatten()
        .any(|p| matches!(p.port, Some(PortRef::Name(_))))
}
