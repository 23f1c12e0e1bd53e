//! The NetworkPolicy rules of the Kubernetes specification, one predicate each. Both the matrix
//! and the explanations are built from these, so they cannot disagree.
//!
//! Where the specification leaves room, the choice is written here and in
//! docs/netpol-semantics.md.

use std::collections::{BTreeMap, BTreeSet};

use ipnet::IpNet;

use super::profile::Engine;
use crate::cluster::{Cluster, Endpoint, FlowPort, Protocol};
use crate::labels::{LabelSelector, Operator};
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
    /// Microsoft's NPM to Cilium migration guide, "Pre-migration validation": endPort before
    /// Cilium 1.17, ipBlock over pod and node addresses, named ports, egress to the own node.
    pub const MIGRATION: &str =
        "https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy";
    /// "Traffic to and from the node where a Pod is running is always allowed, regardless of the
    /// IP address of the Pod or the node" (the specification's exception, under "IP blocks").
    pub const OWN_NODE_SPEC: &str =
        "https://kubernetes.io/docs/concepts/services-networking/network-policies/";
    /// Felix `DefaultEndpointToHostAction`: traffic from a pod to its own host passes the pod's
    /// egress policy first.
    pub const CALICO_HOST: &str =
        "https://docs.tigera.io/calico/latest/reference/felix/configuration";
    /// Cilium issue 30003: a named port that names different numbers on different pods.
    pub const CILIUM_NAMED_PORT: &str = "https://github.com/cilium/cilium/issues/30003";
    /// NPM on Windows refuses to translate a policy with a named port, a negative match
    /// (`NotIn`, `DoesNotExist`), an ipBlock `except` or SCTP (`ErrUnsupportedNamedPort`,
    /// `ErrUnsupportedNegativeMatch`, `ErrUnsupportedExceptCIDR`, `ErrUnsupportedSCTP`), and
    /// the policy controller then skips the whole policy (`isUnsupportedWindowsTranslationErr`).
    pub const NPM_WINDOWS: &str = "https://github.com/Azure/azure-container-networking/blob/master/npm/pkg/controlplane/translation/translatePolicy.go";
    /// "Azure CNI Powered by Cilium" limitations: Linux only, no Windows node pools.
    pub const CILIUM_LINUX_ONLY: &str =
        "https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium";
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

// The engine points (docs/netpol-semantics.md, one section per engine). Each predicate takes
// the engine, and both the matrix and the explanations call it.

/// `windows-unenforced` and `windows-dropped`: the point that keeps `policy` off `endpoint`
/// although the specification applies it, or `None` when the engine applies it as written.
///
/// - Cilium runs on Linux only: no policy applies to a pod on a Windows node
///   ([`source::CILIUM_LINUX_ONLY`], limitations; the migration guide: "Cilium Network Policy
///   isn't currently supported for Windows nodes in AKS").
/// - Azure NPM on Windows drops the whole policy for the pod when the policy uses a named port,
///   a `NotIn` or `DoesNotExist` expression, an ipBlock `except` or SCTP ([`source::NPM_WINDOWS`]):
///   it neither isolates the pod nor allows anything to it.
pub fn policy_dropped(
    policy: &Policy,
    endpoint: &Endpoint,
    engine: Engine,
) -> Option<&'static str> {
    if !endpoint.windows {
        return None;
    }
    match engine {
        Engine::Cilium(_) => Some(point::WINDOWS_UNENFORCED),
        Engine::Azure if windows_unsupported(policy) => Some(point::WINDOWS_DROPPED),
        _ => None,
    }
}

/// Whether NPM on Windows refuses `policy`: a named port, a `NotIn` or `DoesNotExist` expression
/// in any of its selectors, an ipBlock `except`, or SCTP ([`source::NPM_WINDOWS`]).
pub fn windows_unsupported(policy: &Policy) -> bool {
    windows_unsupported_feature(policy).is_some()
}

/// What in `policy` NPM on Windows cannot apply, named as the API spells it: `named port`,
/// `NotIn/DoesNotExist`, `ipBlock except` or `SCTP` (the first found, in that order).
pub fn windows_unsupported_feature(policy: &Policy) -> Option<&'static str> {
    let negative = |selector: &LabelSelector| {
        selector
            .requirements
            .iter()
            .any(|r| matches!(r.operator, Operator::NotIn | Operator::DoesNotExist))
    };
    let rules = || policy.ingress.iter().chain(&policy.egress);
    let peers = || rules().flat_map(|r| r.peers.iter().flatten());
    let ports = || rules().flat_map(|r| r.ports.iter().flatten());
    if ports().any(|port| matches!(port.port, Some(PortRef::Name(_)))) {
        return Some("named port");
    }
    let negative_peer = peers().any(|peer| match peer {
        Peer::Pods {
            namespaces, pods, ..
        } => namespaces.iter().chain(pods).any(negative),
        Peer::Addresses { .. } => false,
    });
    if negative(&policy.pod_selector) || negative_peer {
        return Some("NotIn/DoesNotExist");
    }
    if peers().any(|peer| matches!(peer, Peer::Addresses { except, .. } if !except.is_empty())) {
        return Some("ipBlock except");
    }
    if ports().any(|port| port.protocol == Protocol::Sctp) {
        return Some("SCTP");
    }
    None
}

/// Whether `policy` isolates `endpoint` on `side` under `engine`: as the specification says
/// ([`isolates`]), unless the engine enforces nothing or drops the policy for that endpoint
/// ([`policy_dropped`]).
pub fn isolates_as(policy: &Policy, endpoint: &Endpoint, side: PolicySide, engine: Engine) -> bool {
    engine.enforces()
        && isolates(policy, endpoint, side)
        && policy_dropped(policy, endpoint, engine).is_none()
}

/// `ipblock-pods` and `ipblock-nodes`: the point that keeps an ipBlock from matching
/// `endpoint`, or `None` when ipBlocks see its addresses. Cilium gives pods and nodes
/// identities of their own and matches ipBlocks only against addresses outside the cluster: an
/// ipBlock never matches a pod, a node or a hostNetwork pod, in either direction, even when the
/// address is inside the range ([`source::MIGRATION`], "NetworkPolicy with ipBlock";
/// <https://docs.cilium.io/en/stable/security/policy/language/>, "IP/CIDR based": "CIDR rules
/// do not apply to traffic where both sides of the connection are either managed by Cilium or
/// use an IP belonging to a node in the cluster").
pub fn ipblock_blind(endpoint: &Endpoint, engine: Engine) -> Option<&'static str> {
    match engine {
        Engine::Cilium(_) if !endpoint.is_external() => {
            Some(if endpoint.is_node() || endpoint.host_network {
                point::IPBLOCK_NODES
            } else {
                point::IPBLOCK_PODS
            })
        }
        _ => None,
    }
}

/// [`peer_matches`] under `engine`: ipBlocks are blind to what [`ipblock_blind`] says.
pub fn peer_matches_as(
    cluster: &Cluster,
    policy: &Policy,
    peer: &Peer,
    endpoint: &Endpoint,
    engine: Engine,
) -> bool {
    match peer {
        Peer::Addresses { .. } if ipblock_blind(endpoint, engine).is_some() => false,
        _ => peer_matches(cluster, policy, peer, endpoint),
    }
}

/// [`rule_peer`] under `engine`.
pub fn rule_peer_as(
    cluster: &Cluster,
    policy: &Policy,
    rule: &Rule,
    endpoint: &Endpoint,
    engine: Engine,
) -> Option<Option<usize>> {
    match &rule.peers {
        None => Some(None),
        Some(peers) => peers
            .iter()
            .position(|peer| peer_matches_as(cluster, policy, peer, endpoint, engine))
            .map(Some),
    }
}

/// `end-port`: whether `engine` ignores the `endPort` of `policy_port`. Cilium reads
/// `endPort` from 1.17 on; 1.16 opens only `port` ([`source::MIGRATION`], "NetworkPolicy with
/// endPort": "Cilium started supporting the endPort field in Kubernetes NetworkPolicy in
/// version 1.17").
pub fn end_port_ignored(policy_port: &PolicyPort, engine: Engine) -> bool {
    policy_port.end_port.is_some()
        && matches!(engine, Engine::Cilium(version) if !version.reads_end_port())
}

/// [`port_matches`] under `engine`: a range whose `endPort` the engine ignores is its first
/// port alone ([`end_port_ignored`]).
pub fn port_matches_as(
    policy_port: &PolicyPort,
    port: FlowPort,
    destination: &Endpoint,
    engine: Engine,
) -> bool {
    if end_port_ignored(policy_port, engine) {
        let single = PolicyPort {
            end_port: None,
            ..policy_port.clone()
        };
        return port_matches(&single, port, destination);
    }
    port_matches(policy_port, port, destination)
}

/// [`rule_port`] under `engine`.
pub fn rule_port_as(
    rule: &Rule,
    port: FlowPort,
    destination: &Endpoint,
    engine: Engine,
) -> Option<Option<usize>> {
    match &rule.ports {
        None => Some(None),
        Some(ports) => ports
            .iter()
            .position(|p| port_matches_as(p, port, destination, engine))
            .map(Some),
    }
}

/// The container port names that stand for different numbers on different endpoints of the
/// cluster, with the same protocol (representatives, derived from the policies, left out).
#[derive(Clone, Debug, Default)]
pub struct AmbiguousPortNames(BTreeSet<(String, Protocol)>);

impl AmbiguousPortNames {
    pub fn of(cluster: &Cluster) -> AmbiguousPortNames {
        let mut numbers: BTreeMap<(&str, Protocol), u16> = BTreeMap::new();
        let mut ambiguous = BTreeSet::new();
        for endpoint in cluster
            .endpoints
            .iter()
            .filter(|e| e.representative.is_none())
        {
            for declared in &endpoint.ports {
                let Some(name) = declared.name.as_deref() else {
                    continue;
                };
                let number = *numbers
                    .entry((name, declared.protocol))
                    .or_insert(declared.port);
                if number != declared.port {
                    ambiguous.insert((name.to_owned(), declared.protocol));
                }
            }
        }
        AmbiguousPortNames(ambiguous)
    }

    pub fn contains(&self, name: &str, protocol: Protocol) -> bool {
        self.0.contains(&(name.to_owned(), protocol))
    }
}

/// `named-port`: whether `engine` ignores the whole `rule` on `side`. Cilium resolves an
/// egress rule's named port to one number for every destination; when the name stands for
/// different numbers on different pods it fails to enforce the rule, so the rule allows
/// nothing ([`source::CILIUM_NAMED_PORT`]; the migration guide: "Cilium might fail to enforce
/// rules correctly and lead to unexpected traffic being blocked. This issue happens when the
/// same port name is used for different ports").
pub fn named_port_ignored(
    rule: &Rule,
    side: PolicySide,
    ambiguous: &AmbiguousPortNames,
    engine: Engine,
) -> bool {
    matches!(engine, Engine::Cilium(_))
        && side == PolicySide::Egress
        && rule.ports.iter().flatten().any(|p| match &p.port {
            Some(PortRef::Name(name)) => ambiguous.contains(name, p.protocol),
            _ => false,
        })
}

/// `own-node-egress`: whether `destination` is `source`'s own node (the node itself, or a
/// hostNetwork pod, whose traffic carries the node's address).
pub fn own_node_egress(source: &Endpoint, destination: &Endpoint) -> bool {
    source.node.is_some()
        && !source.is_node()
        && !source.host_network
        && destination.host_of() == source.node.as_deref()
}

/// Whether `engine` lets an egress-isolated pod reach its own node whatever its egress rules
/// say. The specification always allows traffic to and from the pod's node
/// ([`source::OWN_NODE_SPEC`], "IP blocks"); NPM allows it implicitly ([`source::MIGRATION`],
/// "NetworkPolicy with Egress Policies"); Calico applies the pod's egress policy to traffic to
/// its host ([`source::CALICO_HOST`], `DefaultEndpointToHostAction`) and Cilium blocks it
/// unless a rule allows it: an ipBlock never matches the node ([`ipblock_blind`]), so only a
/// rule without `to` peers does.
pub const fn own_node_egress_allowed(engine: Engine) -> bool {
    matches!(engine, Engine::Spec | Engine::Azure | Engine::None)
}

/// `own-node-ingress`: whether `source` is `destination`'s own node (kubelet probes come from
/// it). Every engine admits it whatever the destination's ingress rules say: the
/// specification ([`source::OWN_NODE_SPEC`]), NPM, Calico and Cilium, whose agent lets the
/// local host reach its endpoints (`--allow-localhost`, `auto` by default, which is `always`
/// under Kubernetes: <https://github.com/cilium/cilium/pull/754>).
pub fn own_node_ingress(source: &Endpoint, destination: &Endpoint) -> bool {
    destination.node.is_some()
        && !destination.is_node()
        && !destination.host_network
        && source.host_of() == destination.node.as_deref()
}

#[cfg(test)]
mod tests {
    //! Each engine point: a case the engine decides otherwise than the specification, and its
    //! nearest twin where it does not. Every case also checks that the matrix and the
    //! explanations agree on every flow of its cluster, under every engine.
    use super::point;
    use crate::engine::{CiliumVersion, Engine, Reachability, explain_for};
    use crate::{FlowPort, SourceFile, analyze};

    /// In the order of the verdict strings below: spec, azure, calico, cilium 1.16, 1.17, 1.18,
    /// none.
    const ENGINES: [Engine; 7] = [
        Engine::Spec,
        Engine::Azure,
        Engine::Calico,
        Engine::Cilium(CiliumVersion::V1_16),
        Engine::Cilium(CiliumVersion::V1_17),
        Engine::Cilium(CiliumVersion::V1_18),
        Engine::None,
    ];

    /// Checks the flow `from` → `to` on `port` under every engine: `verdicts` holds one `Y`
    /// (allowed) or `.` (blocked) per engine of [`ENGINES`]; an engine whose verdict differs
    /// from the specification's explains it with notes of the points `points` (`a|b`: one or
    /// both), the others with none (`none` with its `not-enforced` note only).
    fn check(text: &str, from: &str, to: &str, port: FlowPort, verdicts: &str, points: &str) {
        let analysis = analyze(&[SourceFile::new("t.yaml", text)]);
        assert!(!analysis.has_errors(), "{:?}", analysis.findings);
        let mut cluster = analysis.cluster;
        let from = cluster.endpoint_or_external(from).expect("from");
        let to = cluster.endpoint_or_external(to).expect("to");
        let expected: Vec<bool> = verdicts.chars().map(|c| c == 'Y').collect();
        assert_eq!(expected.len(), ENGINES.len());
        for (engine, &allowed) in ENGINES.iter().zip(&expected) {
            let engine = *engine;
            let explained = explain_for(&cluster, from, to, port, engine).expect("flow");
            assert_eq!(explained.allowed, allowed, "{engine}: {explained}");
            let notes: Vec<&str> = explained.engine_notes.iter().map(|n| n.point).collect();
            if engine == Engine::None {
                assert_eq!(notes, [point::NOT_ENFORCED], "{explained}");
            } else if allowed == expected[0] {
                assert!(notes.is_empty(), "{engine}: {explained}");
            } else {
                let alternatives: Vec<&str> = points.split('|').collect();
                assert!(
                    !notes.is_empty() && notes.iter().all(|n| alternatives.contains(n)),
                    "{engine}: notes {notes:?}, expected {points}: {explained}"
                );
            }
            for note in &explained.engine_notes {
                assert!(note.source.starts_with("https://"), "{note:?}");
                assert!(!note.message_ja.is_empty() && note.message != note.message_ja);
            }
            let reach = Reachability::compute_for(&cluster, &[port], engine);
            let count = cluster.endpoints.len();
            for a in 0..count {
                for b in (0..count).filter(|&b| b != a) {
                    let explained = explain_for(&cluster, a, b, port, engine).expect("flow");
                    assert_eq!(
                        reach.allowed(a, b, 0),
                        explained.allowed,
                        "{engine}: matrix and explanation disagree: {explained}"
                    );
                }
            }
        }
    }

    const TCP80: FlowPort = FlowPort::tcp(80);

    fn pod(name: &str, labels: &str, extra: &str) -> String {
        format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{{labels}}}}}\n{extra}\n"
        )
    }

    fn node(name: &str, address: &str, os: &str) -> String {
        format!(
            "---\napiVersion: v1\nkind: Node\nmetadata: {{name: {name}, labels: {{kubernetes.io/os: {os}}}}}\nstatus: {{addresses: [{{type: InternalIP, address: {address}}}]}}\n"
        )
    }

    fn policy(name: &str, spec: &str) -> String {
        format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {name}}}\nspec:\n{spec}\n"
        )
    }

    fn two_pods() -> String {
        pod("a", "app: a", "status: {podIP: 10.244.1.7}")
            + &pod("b", "app: b", "status: {podIP: 10.244.2.9}")
    }

    #[test]
    fn ipblock_pods_cilium_never_matches_a_pod() {
        let ingress = |peer: &str| {
            two_pods()
                + &policy(
                    "in",
                    &format!(
                        "  podSelector: {{matchLabels: {{app: b}}}}\n  ingress:\n  - from:\n    - {peer}"
                    ),
                )
        };
        let by_block = ingress("ipBlock: {cidr: 0.0.0.0/0}");
        check(
            &by_block,
            "default/a",
            "default/b",
            TCP80,
            "YYY...Y",
            point::IPBLOCK_PODS,
        );
        // The twin: the same pod chosen by its labels.
        let by_labels = ingress("podSelector: {}");
        check(
            &by_labels,
            "default/a",
            "default/b",
            TCP80,
            "YYYYYYY",
            point::IPBLOCK_PODS,
        );
        // An address outside the cluster still matches the block.
        check(
            &by_block,
            "203.0.113.5",
            "default/b",
            TCP80,
            "YYYYYYY",
            point::IPBLOCK_PODS,
        );
        // Egress too.
        let egress = two_pods()
            + &policy(
                "out",
                "  podSelector: {matchLabels: {app: a}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.244.0.0/16}",
            );
        check(
            &egress,
            "default/a",
            "default/b",
            TCP80,
            "YYY...Y",
            point::IPBLOCK_PODS,
        );
        let explained = explain_for(
            &{
                let analysis = analyze(&[SourceFile::new("t.yaml", by_block.as_str())]);
                analysis.cluster
            },
            0,
            1,
            TCP80,
            Engine::Cilium(CiliumVersion::V1_17),
        )
        .expect("flow");
        assert!(
            explained.engine_notes[0]
                .message
                .contains("10.244.1.7 is inside 0.0.0.0/0"),
            "{explained}"
        );
    }

    #[test]
    fn ipblock_nodes_cilium_never_matches_a_node() {
        let text = |cidr: &str| {
            node("n1", "10.224.0.4", "linux")
                + &pod("a", "app: a", "spec: {nodeName: n2}")
                + &policy(
                    "out",
                    &format!(
                        "  podSelector: {{matchLabels: {{app: a}}}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {{cidr: {cidr}}}"
                    ),
                )
        };
        check(
            &text("10.224.0.0/16"),
            "default/a",
            "n1",
            TCP80,
            "YYY...Y",
            point::IPBLOCK_NODES,
        );
        // The twin: an address of the same range outside the cluster.
        check(
            &text("10.224.0.0/16"),
            "default/a",
            "10.224.9.9",
            TCP80,
            "YYYYYYY",
            point::IPBLOCK_NODES,
        );
        // A hostNetwork pod carries its node's address: the same.
        let host =
            text("10.224.0.0/16") + &pod("h", "app: h", "spec: {nodeName: n1, hostNetwork: true}");
        check(
            &host,
            "default/a",
            "default/h",
            TCP80,
            "YYY...Y",
            point::IPBLOCK_NODES,
        );
    }

    #[test]
    fn own_node_egress_calico_and_cilium_block_it() {
        // The migration guide's example: egress only to an internal API subnet.
        let text = |rule: &str| {
            node("n1", "10.224.0.4", "linux")
                + &node("n2", "10.224.0.5", "linux")
                + &pod("a", "app: a", "spec: {nodeName: n1}")
                + &policy(
                    "out",
                    &format!("  podSelector: {{}}\n  policyTypes: [Egress]\n  egress:\n  - {rule}"),
                )
        };
        let subnet = text("to:\n    - ipBlock: {cidr: 10.20.30.0/24}");
        check(
            &subnet,
            "default/a",
            "n1",
            TCP80,
            "YY....Y",
            point::OWN_NODE_EGRESS,
        );
        // Another node is not the pod's own: blocked everywhere but with no engine.
        check(
            &subnet,
            "default/a",
            "n2",
            TCP80,
            "......Y",
            point::OWN_NODE_EGRESS,
        );
        // The twin: a rule without peers lets it out on every engine.
        let peerless = text("ports: [{port: 80}]");
        check(
            &peerless,
            "default/a",
            "n1",
            TCP80,
            "YYYYYYY",
            point::OWN_NODE_EGRESS,
        );
        // Calico matches the node with an ipBlock; Cilium does not.
        let block = text("to:\n    - ipBlock: {cidr: 10.224.0.0/16}");
        check(
            &block,
            "default/a",
            "n1",
            TCP80,
            "YYY...Y",
            "ipblock-nodes|own-node-egress",
        );
    }

    #[test]
    fn own_node_ingress_every_engine_admits_it() {
        let text = node("n1", "10.224.0.4", "linux")
            + &node("n2", "10.224.0.5", "linux")
            + &pod("b", "app: b", "spec: {nodeName: n1}")
            + &pod("h", "app: h", "spec: {nodeName: n1, hostNetwork: true}")
            + &policy("deny", "  podSelector: {}\n  policyTypes: [Ingress]");
        check(
            &text,
            "n1",
            "default/b",
            TCP80,
            "YYYYYYY",
            point::OWN_NODE_INGRESS,
        );
        check(
            &text,
            "default/h",
            "default/b",
            TCP80,
            "YYYYYYY",
            point::OWN_NODE_INGRESS,
        );
        // The twin: another node is refused.
        check(
            &text,
            "n2",
            "default/b",
            TCP80,
            "......Y",
            point::OWN_NODE_INGRESS,
        );
    }

    #[test]
    fn end_port_cilium_1_16_opens_only_port() {
        let text = two_pods()
            + &policy(
                "in",
                "  podSelector: {matchLabels: {app: b}}\n  ingress:\n  - ports:\n    - {port: 8080, endPort: 8090}",
            );
        check(
            &text,
            "default/a",
            "default/b",
            FlowPort::tcp(8081),
            "YYY.YYY",
            point::END_PORT,
        );
        // The twin: the range's first port is open on every release.
        check(
            &text,
            "default/a",
            "default/b",
            FlowPort::tcp(8080),
            "YYYYYYY",
            point::END_PORT,
        );
    }

    #[test]
    fn named_port_cilium_ignores_an_egress_rule_whose_name_is_ambiguous() {
        let text = |other_name: &str| {
            pod("a", "app: a", "")
                + &pod(
                    "b1",
                    "app: b",
                    "spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}",
                )
                + &pod(
                    "b2",
                    "app: b",
                    &format!(
                        "spec: {{containers: [{{name: c, ports: [{{name: {other_name}, containerPort: 9090}}]}}]}}"
                    ),
                )
                + &policy(
                    "out",
                    "  podSelector: {matchLabels: {app: a}}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n    - {port: http}",
                )
        };
        check(
            &text("http"),
            "default/a",
            "default/b1",
            FlowPort::tcp(8080),
            "YYY...Y",
            point::NAMED_PORT,
        );
        // The twin: the name stands for one number only.
        check(
            &text("web"),
            "default/a",
            "default/b1",
            FlowPort::tcp(8080),
            "YYYYYYY",
            point::NAMED_PORT,
        );
    }

    #[test]
    fn windows_dropped_npm_drops_the_whole_policy() {
        let windows = "spec: {nodeSelector: {kubernetes.io/os: windows}}";
        // Alone, the dropped policy fails open: a NotIn selector on a Windows pod.
        let alone = |extra: &str| {
            pod("a", "app: a", "")
                + &pod("w", "app: w", extra)
                + &policy(
                    "only-c",
                    "  podSelector: {matchLabels: {app: w}}\n  ingress:\n  - from:\n    - podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [a]}]}",
                )
        };
        check(
            &alone(windows),
            "default/a",
            "default/w",
            TCP80,
            ".Y.YYYY",
            "windows-dropped|windows-unenforced",
        );
        // The twin: on Linux, NPM applies it.
        check(
            &alone(""),
            "default/a",
            "default/w",
            TCP80,
            "......Y",
            point::WINDOWS_DROPPED,
        );
        // Beside a deny-all, it fails closed: the allow with a named port is dropped.
        let beside = pod("a", "app: a", "")
            + &pod(
                "w",
                "app: w",
                "spec: {nodeSelector: {kubernetes.io/os: windows}, containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}",
            )
            + &policy("deny", "  podSelector: {}\n  policyTypes: [Ingress]")
            + &policy(
                "allow-http",
                "  podSelector: {matchLabels: {app: w}}\n  ingress:\n  - ports:\n    - {port: http}",
            );
        check(
            &beside,
            "default/a",
            "default/w",
            TCP80,
            "Y.YYYYY",
            point::WINDOWS_DROPPED,
        );
    }

    #[test]
    fn windows_unenforced_cilium_applies_no_policy_on_windows() {
        let text = |extra: &str| {
            pod("a", "app: a", "")
                + &pod("w", "app: w", extra)
                + &policy("deny", "  podSelector: {}\n  policyTypes: [Ingress]")
        };
        check(
            &text("spec: {nodeSelector: {kubernetes.io/os: windows}}"),
            "default/a",
            "default/w",
            TCP80,
            "...YYYY",
            point::WINDOWS_UNENFORCED,
        );
        // The twin: on Linux, Cilium enforces it.
        check(
            &text(""),
            "default/a",
            "default/w",
            TCP80,
            "......Y",
            point::WINDOWS_UNENFORCED,
        );
    }

    #[test]
    fn not_enforced_none_allows_every_flow() {
        let text = two_pods() + &policy("deny", "  podSelector: {}\n  policyTypes: [Ingress]");
        check(
            &text,
            "default/a",
            "default/b",
            TCP80,
            "......Y",
            point::NOT_ENFORCED,
        );
        // The twin: nothing isolates b, so every engine allows it.
        let open = two_pods()
            + &policy(
                "deny",
                "  podSelector: {matchLabels: {app: c}}\n  policyTypes: [Ingress]",
            );
        check(
            &open,
            "default/a",
            "default/b",
            TCP80,
            "YYYYYYY",
            point::NOT_ENFORCED,
        );
    }

    #[test]
    fn inputs_without_nodes_keep_their_classes() {
        let text = two_pods() + &pod("c", "app: a", "spec: {nodeName: n1}");
        let analysis = analyze(&[SourceFile::new("t.yaml", text.as_str())]);
        for engine in ENGINES {
            let reach = Reachability::compute_for(&analysis.cluster, &[TCP80], engine);
            assert_eq!(reach.class_count(), 2, "{engine}");
        }
        let with_node = text + &node("n1", "10.224.0.4", "linux");
        let analysis = analyze(&[SourceFile::new("t.yaml", with_node.as_str())]);
        let reach = Reachability::compute_for(&analysis.cluster, &[TCP80], Engine::Spec);
        // a, b, c (now on the node n1, apart from a) and n1.
        assert_eq!(reach.class_count(), 4);
    }
}
