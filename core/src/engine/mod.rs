//! Reachability: for every ordered pair of endpoints and every port, whether traffic flows.
//!
//! Endpoints that no selector, named port or address block can tell apart (same namespace, pod
//! labels, named ports, address class and host networking) behave identically, so the work is
//! done once per such class: cost grows with classes and rules, not with the square of the pods.
//! For each port and class the allowed destinations are a bit set; a verdict is one lookup.

mod explain;
pub mod profile;
pub mod representatives;
pub mod semantics;
pub mod verdicts;
pub mod via;

use std::collections::HashMap;

use ipnet::IpNet;

use crate::bitset::BitSet;
use crate::cluster::{Cluster, ContainerPort, Endpoint, FlowPort};
use crate::labels::Labels;
use crate::policy::{Peer, Policy, PolicySide, Rule};

pub use explain::{
    EngineNote, Explanation, RuleMatch, SideExplanation, SideVerdict, explain, explain_endpoints,
    explain_for, explain_side,
};
pub use profile::{CiliumVersion, Engine};
pub use representatives::add as add_representatives;
pub use verdicts::{FlowChanges, VerdictChanges, Verdicts, changed_flows, matrix_ports};

/// The verdict for every ordered pair of endpoints of a cluster and every port asked for.
#[derive(Clone, Debug)]
pub struct Reachability {
    ports: Vec<FlowPort>,
    /// The class of each endpoint of the cluster, by endpoint index.
    class_of: Vec<usize>,
    class_count: usize,
    /// `allowed[port][source class]`: the destination classes it reaches.
    allowed: Vec<Vec<BitSet>>,
}

impl Reachability {
    /// Evaluates every flow between the cluster's endpoints on `ports`, as the Kubernetes
    /// specification says.
    pub fn compute(cluster: &Cluster, ports: &[FlowPort]) -> Reachability {
        Reachability::compute_for(cluster, ports, Engine::Spec)
    }

    /// Evaluates every flow between the cluster's endpoints on `ports`, as `engine` enforces
    /// the policies.
    pub fn compute_for(cluster: &Cluster, ports: &[FlowPort], engine: Engine) -> Reachability {
        if !engine.enforces() {
            let unenforced = Cluster {
                policies: Vec::new(),
                ..cluster.clone()
            };
            return Reachability::evaluate(&unenforced, ports, Engine::Spec);
        }
        Reachability::evaluate(cluster, ports, engine)
    }

    fn evaluate(cluster: &Cluster, ports: &[FlowPort], engine: Engine) -> Reachability {
        let classes = Classes::new(cluster, engine);
        let evaluation = Evaluation::new(cluster, &classes, engine);
        let allowed = ports
            .iter()
            .map(|&port| evaluation.allowed_for(port))
            .collect();
        Reachability {
            ports: ports.to_vec(),
            class_of: classes.class_of,
            class_count: classes.representatives.len(),
            allowed,
        }
    }

    pub fn ports(&self) -> &[FlowPort] {
        &self.ports
    }

    /// How many behaviourally distinct endpoint classes the cluster has.
    pub fn class_count(&self) -> usize {
        self.class_count
    }

    /// The class of endpoint `index`: endpoints of one class have the same verdicts.
    pub fn class_of(&self, index: usize) -> Option<usize> {
        self.class_of.get(index).copied()
    }

    /// Whether the endpoints of class `source` reach those of class `destination` (other
    /// than themselves) on the port at `port_index`: the verdicts of every flow, by class.
    pub fn class_allowed(&self, source: usize, destination: usize, port_index: usize) -> bool {
        self.allowed
            .get(port_index)
            .and_then(|by_source| by_source.get(source))
            .is_some_and(|reached| reached.contains(destination))
    }

    /// Whether endpoint `from` reaches endpoint `to` on the port at `port_index`.
    pub fn allowed(&self, from: usize, to: usize, port_index: usize) -> bool {
        let (Some(source), Some(destination)) = (self.class_of(from), self.class_of(to)) else {
            return false;
        };
        self.class_allowed(source, destination, port_index)
    }

    /// The endpoints that `from` reaches on the port at `port_index`.
    pub fn reachable_from(&self, from: usize, port_index: usize) -> Vec<usize> {
        (0..self.class_of.len())
            .filter(|&to| to != from && self.allowed(from, to, port_index))
            .collect()
    }

    /// The endpoints that reach `to` on the port at `port_index`.
    pub fn reaching(&self, to: usize, port_index: usize) -> Vec<usize> {
        (0..self.class_of.len())
            .filter(|&from| from != to && self.allowed(from, to, port_index))
            .collect()
    }
}

/// What makes endpoints behave differently under the given policies.
#[derive(Clone, PartialEq, Eq, Hash)]
struct ClassKey {
    namespace: Option<String>,
    /// The namespace's labels, for a representative in a namespace known by its labels only.
    namespace_labels: Option<Labels>,
    labels: Labels,
    named_ports: Vec<ContainerPort>,
    /// Which of the policies' distinct address blocks match the endpoint.
    blocks: Vec<bool>,
    host_network: bool,
    external: bool,
    node_endpoint: bool,
    /// On a Windows node, for the engines that treat those pods otherwise (NPM's Windows rules,
    /// Cilium's Linux only); `false` for the others.
    windows: bool,
    /// The node a pod runs on, when some endpoint carries a node's address (a node, a
    /// hostNetwork pod on a named node), so own-node flows can be told apart; `None` otherwise,
    /// so that inputs without nodes keep their classes.
    node: Option<String>,
}

struct Classes {
    class_of: Vec<usize>,
    /// One endpoint index per class.
    representatives: Vec<usize>,
}

impl Classes {
    fn new(cluster: &Cluster, engine: Engine) -> Classes {
        let mut blocks: Vec<(&IpNet, &[IpNet])> = Vec::new();
        for policy in cluster.policies.iter().filter(|p| !p.rejected) {
            for rule in policy.ingress.iter().chain(&policy.egress) {
                for peer in rule.peers.iter().flatten() {
                    if let Peer::Addresses { cidr, except, .. } = peer
                        && !blocks
                            .iter()
                            .any(|(c, e)| *c == cidr && *e == except.as_slice())
                    {
                        blocks.push((cidr, except));
                    }
                }
            }
        }
        let needs = KeyNeeds {
            engine,
            windows: matches!(engine, Engine::Azure | Engine::Cilium(_)),
            nodes: cluster.endpoints.iter().any(|e| e.host_of().is_some()),
        };
        let mut ids: HashMap<ClassKey, usize> = HashMap::new();
        let mut class_of = Vec::with_capacity(cluster.endpoints.len());
        let mut representatives = Vec::new();
        for (index, endpoint) in cluster.endpoints.iter().enumerate() {
            let key = class_key(endpoint, &blocks, needs);
            let next = ids.len();
            let class = *ids.entry(key).or_insert(next);
            if class == next {
                representatives.push(index);
            }
            class_of.push(class);
        }
        Classes {
            class_of,
            representatives,
        }
    }
}

/// What the class key holds beyond what the specification needs, for the engine asked for.
#[derive(Clone, Copy)]
struct KeyNeeds {
    engine: Engine,
    windows: bool,
    nodes: bool,
}

fn class_key(endpoint: &Endpoint, blocks: &[(&IpNet, &[IpNet])], needs: KeyNeeds) -> ClassKey {
    let mut named_ports: Vec<ContainerPort> = endpoint
        .ports
        .iter()
        .filter(|p| p.name.is_some())
        .cloned()
        .collect();
    named_ports.sort();
    named_ports.dedup();
    ClassKey {
        namespace: endpoint.namespace.clone(),
        namespace_labels: endpoint
            .representative
            .as_ref()
            .and_then(|r| r.namespace_labels.clone()),
        labels: endpoint.labels.clone(),
        named_ports,
        blocks: blocks
            .iter()
            .map(|(cidr, except)| {
                semantics::ipblock_blind(endpoint, needs.engine).is_none()
                    && semantics::addresses_match(cidr, except, endpoint)
            })
            .collect(),
        host_network: endpoint.host_network,
        external: endpoint.is_external(),
        node_endpoint: endpoint.is_node(),
        windows: needs.windows && endpoint.windows,
        node: if needs.nodes {
            endpoint.node.clone()
        } else {
            None
        },
    }
}

/// The per-class facts that do not depend on the port.
struct Evaluation<'c> {
    representatives: Vec<&'c Endpoint>,
    /// Every rule of every policy that takes part.
    rules: Vec<&'c Rule>,
    /// For each side and class, the indices in `rules` of the policies isolating it; `None` when
    /// no policy isolates it on that side.
    isolating: [Vec<Option<Vec<usize>>>; 2],
    /// The classes each rule's peers match, by rule index.
    peers: Vec<BitSet>,
    engine: Engine,
    /// For each pod class, the classes that are its own node (`own-node-egress`,
    /// `own-node-ingress`); empty when no endpoint carries a node's address.
    own_node: Vec<BitSet>,
}

const SIDES: [PolicySide; 2] = [PolicySide::Ingress, PolicySide::Egress];

impl<'c> Evaluation<'c> {
    fn new(cluster: &'c Cluster, classes: &Classes, engine: Engine) -> Self {
        let representatives: Vec<&Endpoint> = classes
            .representatives
            .iter()
            .filter_map(|&i| cluster.endpoints.get(i))
            .collect();
        let mut rules: Vec<&Rule> = Vec::new();
        let mut peers: Vec<BitSet> = Vec::new();
        // (first rule index, rule count) of each policy and side, once its rules are listed.
        let mut listed: HashMap<(usize, PolicySide), (usize, usize)> = HashMap::new();
        let mut isolating = SIDES.map(|_| Vec::with_capacity(representatives.len()));
        let ambiguous = match engine {
            Engine::Cilium(_) => semantics::AmbiguousPortNames::of(cluster),
            _ => semantics::AmbiguousPortNames::default(),
        };
        for (side_index, side) in SIDES.into_iter().enumerate() {
            for endpoint in &representatives {
                let mut ids: Option<Vec<usize>> = None;
                for (policy_index, policy) in cluster.policies.iter().enumerate() {
                    if !semantics::isolates_as(policy, endpoint, side, engine) {
                        continue;
                    }
                    let (first, count) = *listed.entry((policy_index, side)).or_insert_with(|| {
                        let first = rules.len();
                        for rule in policy.rules(side) {
                            rules.push(rule);
                            peers.push(
                                if semantics::named_port_ignored(rule, side, &ambiguous, engine) {
                                    BitSet::new(representatives.len())
                                } else {
                                    peer_set(cluster, policy, rule, &representatives, engine)
                                },
                            );
                        }
                        (first, policy.rules(side).len())
                    });
                    ids.get_or_insert_with(Vec::new)
                        .extend(first..first + count);
                }
                if let Some(sides) = isolating.get_mut(side_index) {
                    sides.push(ids);
                }
            }
        }
        let own_node = own_node_classes(&representatives);
        Evaluation {
            representatives,
            rules,
            isolating,
            peers,
            engine,
            own_node,
        }
    }

    fn class_count(&self) -> usize {
        self.representatives.len()
    }

    /// The rules (with their peer sets) that apply to traffic on `port` towards `destination`.
    fn rules_on_port<'a>(
        &'a self,
        ids: &'a [usize],
        port: FlowPort,
        destination: &'a Endpoint,
    ) -> impl Iterator<Item = (&'a Rule, &'a BitSet)> + 'a {
        ids.iter().filter_map(move |&id| {
            let rule = *self.rules.get(id)?;
            let peers = self.peers.get(id)?;
            semantics::rule_port_as(rule, port, destination, self.engine).map(|_| (rule, peers))
        })
    }

    /// `allowed[source class]` on one port: the destinations whose ingress admits the source,
    /// within what the source's egress lets out.
    fn allowed_for(&self, port: FlowPort) -> Vec<BitSet> {
        let n = self.class_count();
        let [ingress, egress] = &self.isolating;
        let mut open = BitSet::new(n);
        for (class, ids) in ingress.iter().enumerate() {
            if ids.is_none() {
                open.insert(class);
            }
        }
        let mut admitted_by: Vec<BitSet> = vec![open; n];
        for (destination, ids) in ingress.iter().enumerate() {
            let (Some(ids), Some(endpoint)) = (ids, self.representatives.get(destination)) else {
                continue;
            };
            let mut sources = BitSet::new(n);
            for (_, peers) in self.rules_on_port(ids, port, endpoint) {
                sources.union_with(peers);
            }
            // Every engine admits a pod's own node whatever its ingress rules say.
            if let Some(hosts) = self.own_node.get(destination) {
                sources.union_with(hosts);
            }
            for source in sources.iter() {
                if let Some(set) = admitted_by.get_mut(source) {
                    set.insert(destination);
                }
            }
        }
        egress
            .iter()
            .zip(admitted_by)
            .enumerate()
            .map(|(source, (ids, admitted))| {
                let Some(ids) = ids else {
                    return admitted;
                };
                let mut sent = BitSet::new(n);
                for &id in ids {
                    let (Some(rule), Some(peers)) = (self.rules.get(id), self.peers.get(id)) else {
                        continue;
                    };
                    if semantics::has_named_port(rule) {
                        // A named port resolves per destination.
                        let mut named = BitSet::new(n);
                        for (class, endpoint) in self.representatives.iter().enumerate() {
                            if semantics::rule_port_as(rule, port, endpoint, self.engine).is_some()
                            {
                                named.insert(class);
                            }
                        }
                        sent.union_with_intersection(peers, &named);
                    } else if self.representatives.first().is_some_and(|any| {
                        semantics::rule_port_as(rule, port, any, self.engine).is_some()
                    }) {
                        sent.union_with(peers);
                    }
                }
                if semantics::own_node_egress_allowed(self.engine)
                    && let Some(hosts) = self.own_node.get(source)
                {
                    sent.union_with(hosts);
                }
                let mut both = BitSet::new(n);
                both.union_with_intersection(&sent, &admitted);
                both
            })
            .collect()
    }
}

/// For each class, the classes that are its own node ([`semantics::own_node_egress`]): the
/// classes are grouped by the node whose address they carry, then each pair is checked with the
/// predicate. Empty when no class carries a node's address.
fn own_node_classes(representatives: &[&Endpoint]) -> Vec<BitSet> {
    let n = representatives.len();
    let mut hosts: HashMap<&str, Vec<usize>> = HashMap::new();
    for (class, endpoint) in representatives.iter().enumerate() {
        if let Some(host) = endpoint.host_of() {
            hosts.entry(host).or_default().push(class);
        }
    }
    if hosts.is_empty() {
        return Vec::new();
    }
    representatives
        .iter()
        .map(|pod| {
            let mut set = BitSet::new(n);
            let candidates = pod.node.as_deref().and_then(|node| hosts.get(node));
            for &class in candidates.into_iter().flatten() {
                if representatives
                    .get(class)
                    .is_some_and(|host| semantics::own_node_egress(pod, host))
                {
                    set.insert(class);
                }
            }
            set
        })
        .collect()
}

fn peer_set(
    cluster: &Cluster,
    policy: &Policy,
    rule: &Rule,
    classes: &[&Endpoint],
    engine: Engine,
) -> BitSet {
    let mut set = BitSet::new(classes.len());
    for (class, endpoint) in classes.iter().enumerate() {
        if semantics::rule_peer_as(cluster, policy, rule, endpoint, engine).is_some() {
            set.insert(class);
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SourceFile, analyze};

    fn cluster(text: &str) -> Cluster {
        let analysis = analyze(&[SourceFile::new("t.yaml", text)]);
        assert!(!analysis.has_errors(), "{:?}", analysis.findings);
        analysis.cluster
    }

    const REPLICAS: &str = "
apiVersion: v1
kind: Pod
metadata: {name: a1, labels: {app: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: a2, labels: {app: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: b, labels: {app: b}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-a}
spec:
  podSelector: {matchLabels: {app: b}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: a}}
";

    #[test]
    fn pods_no_selector_can_tell_apart_share_a_class() {
        let cluster = cluster(REPLICAS);
        let reach = Reachability::compute(&cluster, &[FlowPort::tcp(80)]);
        assert_eq!(reach.class_count(), 2);
        // Same class, still two endpoints: a1 reaches a2 and the other way round.
        assert!(reach.allowed(0, 1, 0) && reach.allowed(1, 0, 0));
    }

    #[test]
    fn queries_answer_who_reaches_and_what_is_reached() {
        let cluster = cluster(REPLICAS);
        let reach = Reachability::compute(&cluster, &[FlowPort::tcp(80)]);
        assert_eq!(reach.reaching(2, 0), [0, 1]);
        assert_eq!(reach.reachable_from(2, 0), [0, 1]);
        assert_eq!(reach.reachable_from(0, 0), [1, 2]);
    }

    #[test]
    fn address_blocks_split_classes() {
        let text = "
apiVersion: v1
kind: Pod
metadata: {name: in, labels: {app: a}}
status: {podIP: 10.0.0.5}
---
apiVersion: v1
kind: Pod
metadata: {name: out, labels: {app: a}}
status: {podIP: 10.9.0.5}
---
apiVersion: v1
kind: Pod
metadata: {name: server, labels: {app: s}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: by-address}
spec:
  podSelector: {matchLabels: {app: s}}
  ingress:
  - from:
    - ipBlock: {cidr: 10.0.0.0/16}
";
        let cluster = cluster(text);
        let reach = Reachability::compute(&cluster, &[FlowPort::tcp(80)]);
        assert_eq!(reach.class_count(), 3);
        assert!(reach.allowed(0, 2, 0));
        assert!(!reach.allowed(1, 2, 0));
    }

    #[test]
    fn rejected_policies_take_no_part() {
        let text = "
apiVersion: v1
kind: Pod
metadata: {name: a}
---
apiVersion: v1
kind: Pod
metadata: {name: b}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: broken}
spec:
  podSelector: {}
  ingress:
  - ports:
    - {port: 90, endPort: 80}
";
        let analysis = analyze(&[SourceFile::new("t.yaml", text)]);
        let errors: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| f.severity == crate::Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, crate::Code::NpEndportInvalid);
        assert!(analysis.cluster.policies[0].rejected);
        let reach = Reachability::compute(&analysis.cluster, &[FlowPort::tcp(80)]);
        assert!(
            reach.allowed(0, 1, 0),
            "the refused policy isolates nothing"
        );
    }
}
