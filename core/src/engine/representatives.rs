//! Representative endpoints: pods and addresses derived from the policies' selectors, so that a
//! policy alone answers "who can reach this?" without the test pods a walkthrough creates by
//! hand.
//!
//! For every policy: a pod it selects (the matrix's target) and the nearest pod in its
//! namespace it does not select. For every peer of every rule: a pod that matches it and the
//! nearest pods that do not (the same labels in another namespace; in the same namespace, a pod
//! missing one label or failing one condition); for address blocks, an address inside, one in
//! each `except` and one outside. Then "any pod in any namespace" and "outside the cluster".
//!
//! Representatives are ordinary endpoints (pods or external addresses) marked with
//! [`Representative`], evaluated by the same engine. A representative that no selector, address
//! block or namespace of the input can tell apart from a real endpoint or an earlier
//! representative is left out. When a selector asks for a namespace the input does not declare,
//! the representative's namespace is unknown (`None`) and only its labels are known.

use std::net::IpAddr;

use ipnet::IpNet;

use super::semantics;
use crate::cluster::{Cluster, Endpoint, EndpointKind, NAMESPACE_NAME_LABEL, Representative};
use crate::describe::{self, Count};
use crate::labels::{LabelSelector, Labels, Operator, Requirement};
use crate::policy::{Peer, Policy, PolicySide};
use crate::span::Span;
use crate::text;
use crate::text::Text;

/// The most representatives added to one input.
pub const MAX_REPRESENTATIVES: usize = 64;

/// The most candidates derived before they are told apart: the work stays bounded on inputs of
/// thousands of policies (docs/limits.md).
const MAX_CANDIDATES: usize = 16 * MAX_REPRESENTATIVES;

/// An address outside the cluster (TEST-NET-3, RFC 5737), for "outside the cluster".
const OUTSIDE: [u8; 4] = [203, 0, 113, 10];

/// What [`add`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Added {
    /// How many representatives were added.
    pub count: usize,
    /// More were derived than [`MAX_REPRESENTATIVES`]; the rest were left out.
    pub capped: bool,
}

/// Adds the representatives of the cluster's policies after its endpoints.
pub fn add(cluster: &mut Cluster) -> Added {
    let (kept, added) = {
        let selectors = Selectors::new(cluster);
        let mut seen: Vec<Signature> = cluster
            .endpoints
            .iter()
            .map(|e| selectors.signature(cluster, e))
            .collect();
        let (candidates, truncated) = derive(cluster);
        let mut added = Added {
            count: 0,
            capped: truncated,
        };
        let mut kept = Vec::new();
        for endpoint in candidates {
            let signature = selectors.signature(cluster, &endpoint);
            if seen.contains(&signature) {
                continue;
            }
            if kept.len() >= MAX_REPRESENTATIVES {
                added.capped = true;
                break;
            }
            seen.push(signature);
            kept.push(endpoint);
        }
        added.count = kept.len();
        (kept, added)
    };
    cluster.endpoints.extend(kept);
    added
}

/// Every selector, namespace and address block that can tell endpoints apart.
struct Selectors<'c> {
    pods: Vec<&'c LabelSelector>,
    namespaces: Vec<&'c LabelSelector>,
    blocks: Vec<(&'c IpNet, &'c [IpNet])>,
    policy_namespaces: Vec<&'c str>,
}

/// What the selectors see of one endpoint.
#[derive(PartialEq, Eq)]
struct Signature {
    /// The endpoint's namespace when a policy lives there (what a peer without
    /// `namespaceSelector` compares), else `None`.
    namespace: Option<String>,
    external: bool,
    host_network: bool,
    pods: Vec<bool>,
    namespaces: Vec<bool>,
    blocks: Vec<bool>,
    named_ports: Vec<(String, u16)>,
}

impl<'c> Selectors<'c> {
    fn new(cluster: &'c Cluster) -> Self {
        let mut selectors = Selectors {
            pods: Vec::new(),
            namespaces: Vec::new(),
            blocks: Vec::new(),
            policy_namespaces: Vec::new(),
        };
        for policy in cluster.policies.iter().filter(|p| !p.rejected) {
            selectors.pods.push(&policy.pod_selector);
            selectors.policy_namespaces.push(&policy.namespace);
            for rule in policy.ingress.iter().chain(&policy.egress) {
                for peer in rule.peers.iter().flatten() {
                    match peer {
                        Peer::Pods {
                            namespaces, pods, ..
                        } => {
                            selectors.pods.extend(pods);
                            selectors.namespaces.extend(namespaces);
                        }
                        Peer::Addresses { cidr, except, .. } => {
                            selectors.blocks.push((cidr, except));
                        }
                    }
                }
            }
        }
        selectors
    }

    fn signature(&self, cluster: &Cluster, endpoint: &Endpoint) -> Signature {
        let pod = !endpoint.is_external();
        let namespace_labels = cluster.labels_of_namespace(endpoint);
        let mut named_ports: Vec<(String, u16)> = endpoint
            .ports
            .iter()
            .filter_map(|p| Some((p.name.clone()?, p.port)))
            .collect();
        named_ports.sort();
        Signature {
            namespace: endpoint
                .namespace
                .clone()
                .filter(|ns| self.policy_namespaces.contains(&ns.as_str())),
            external: !pod,
            host_network: endpoint.host_network,
            pods: self
                .pods
                .iter()
                .map(|s| pod && s.matches(&endpoint.labels))
                .collect(),
            namespaces: self
                .namespaces
                .iter()
                .map(|s| pod && namespace_labels.is_some_and(|l| s.matches(l)))
                .collect(),
            blocks: self
                .blocks
                .iter()
                .map(|(cidr, except)| semantics::addresses_match(cidr, except, endpoint))
                .collect(),
            named_ports,
        }
    }
}

/// Labels that satisfy `selector`, `None` when none can.
fn satisfying(selector: &LabelSelector) -> Option<Labels> {
    let mut labels = Labels::new();
    for requirement in &selector.requirements {
        set_to_match(&mut labels, requirement);
    }
    selector.matches(&labels).then_some(labels)
}

fn set_to_match(labels: &mut Labels, requirement: &Requirement) {
    match requirement.operator {
        Operator::In => {
            if let Some(value) = requirement.values.first() {
                labels.insert(requirement.key.clone(), value.clone());
            }
        }
        Operator::Exists => {
            labels
                .entry(requirement.key.clone())
                .or_insert_with(|| "yes".to_owned());
        }
        Operator::NotIn | Operator::DoesNotExist => {}
    }
}

/// For each requirement of `selector`, labels that meet all the others and fail that one: the
/// nearest labels it does not match.
fn near_misses(selector: &LabelSelector) -> Vec<(Labels, &Requirement)> {
    let mut misses = Vec::new();
    for (index, failed) in selector.requirements.iter().enumerate() {
        let mut labels = Labels::new();
        for (other, requirement) in selector.requirements.iter().enumerate() {
            if other != index {
                set_to_match(&mut labels, requirement);
            }
        }
        match failed.operator {
            Operator::In | Operator::Exists => {
                labels.remove(&failed.key);
            }
            Operator::NotIn => {
                if let Some(value) = failed.values.first() {
                    labels.insert(failed.key.clone(), value.clone());
                }
            }
            Operator::DoesNotExist => {
                labels.insert(failed.key.clone(), "yes".to_owned());
            }
        }
        if !selector.matches(&labels) {
            misses.push((labels, failed));
        }
    }
    misses
}

/// Where a representative pod lives.
#[derive(Clone)]
enum Place {
    Known(String),
    /// A namespace the input does not declare, with these labels.
    Unknown(Labels),
}

fn pod(place: &Place, labels: Labels, description: Text) -> Endpoint {
    let pairs = |labels: &Labels| {
        if labels.is_empty() {
            return "unlabelled".to_owned();
        }
        labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let (namespace, name, namespace_labels) = match place {
        Place::Known(ns) => (Some(ns.clone()), format!("~{}", pairs(&labels)), None),
        Place::Unknown(ns_labels) if ns_labels.is_empty() && labels.is_empty() => (
            None,
            "~any-namespace/any-pod".to_owned(),
            Some(Labels::new()),
        ),
        Place::Unknown(ns_labels) => {
            let ns = if ns_labels.is_empty() {
                "other".to_owned()
            } else {
                pairs(ns_labels)
            };
            (
                None,
                format!("~[{ns}]/{}", pairs(&labels)),
                Some(ns_labels.clone()),
            )
        }
    };
    Endpoint {
        labels,
        representative: Some(Box::new(Representative {
            namespace_labels,
            description,
        })),
        ..Endpoint::new(EndpointKind::Pod, namespace, name)
    }
}

fn address(ip: IpAddr, description: Text) -> Endpoint {
    Endpoint {
        addresses: vec![IpNet::from(ip)],
        representative: Some(Box::new(Representative {
            namespace_labels: None,
            description,
        })),
        ..Endpoint::new(EndpointKind::External, None, format!("~{ip}"))
    }
}

/// The pod in words: "a pod labelled app=web in namespace development".
fn pod_words(place: &Place, labels: &Labels) -> Text {
    let what = describe::labels(labels);
    match place {
        Place::Known(ns) => text!(
            "a pod {0} in namespace {1}",
            "名前空間 {1} の、{0} ポッド",
            what,
            ns
        ),
        Place::Unknown(ns_labels) if ns_labels.is_empty() => text!(
            "a pod {0} in a namespace the input does not name",
            "入力にない名前空間の、{0} ポッド",
            what
        ),
        Place::Unknown(ns_labels) => {
            let ns_words = describe::labels(ns_labels);
            text!(
                "a pod {0} in a namespace {1} that the input does not name",
                "入力にない {1} 名前空間の、{0} ポッド",
                what,
                ns_words
            )
        }
    }
}

/// `rule 1 of ingress of development/backend-policy` in words.
fn rule_words(policy: &Policy, side: PolicySide, rule: usize) -> Text {
    text!(
        "{0} rule {1} of {2}",
        "{2} の{0}ルール {1}",
        describe::side(side),
        rule + 1,
        policy.id()
    )
}

/// The namespace a namespace selector (or, without one, the policy's namespace) matches: one the
/// input declares when there is one, else one known by the labels the selector asks for.
fn matching_place(
    cluster: &Cluster,
    policy: &Policy,
    selector: Option<&LabelSelector>,
) -> Option<Place> {
    let Some(selector) = selector else {
        return Some(Place::Known(policy.namespace.clone()));
    };
    if let Some(ns) = known_namespace(cluster, policy, |labels| selector.matches(labels)) {
        return Some(Place::Known(ns));
    }
    let labels = satisfying(selector)?;
    Some(match labels.get(NAMESPACE_NAME_LABEL) {
        Some(name) => Place::Known(name.clone()),
        None => Place::Unknown(labels),
    })
}

/// A declared namespace whose labels pass `test`, the policy's own first.
fn known_namespace(
    cluster: &Cluster,
    policy: &Policy,
    test: impl Fn(&Labels) -> bool,
) -> Option<String> {
    let own = cluster
        .namespaces
        .get(&policy.namespace)
        .filter(|ns| test(&ns.labels))
        .map(|ns| ns.name.clone());
    own.or_else(|| {
        cluster
            .namespaces
            .values()
            .find(|ns| test(&ns.labels))
            .map(|ns| ns.name.clone())
    })
}

/// The nearest namespace that the peer's namespace part does not match.
fn other_place(
    cluster: &Cluster,
    policy: &Policy,
    selector: Option<&LabelSelector>,
) -> Option<Place> {
    match selector {
        None => Some(
            known_namespace(cluster, policy, |labels| {
                labels.get(NAMESPACE_NAME_LABEL) != Some(&policy.namespace)
            })
            .map_or_else(|| Place::Unknown(Labels::new()), Place::Known),
        ),
        Some(selector) if selector.is_empty() => None,
        Some(selector) => {
            if let Some(ns) = known_namespace(cluster, policy, |labels| !selector.matches(labels)) {
                return Some(Place::Known(ns));
            }
            let (labels, _) = near_misses(selector).into_iter().next()?;
            Some(Place::Unknown(labels))
        }
    }
}

/// The candidates, and whether they were cut at [`MAX_CANDIDATES`].
fn derive(cluster: &Cluster) -> (Vec<Endpoint>, bool) {
    let mut derived = Vec::new();
    // Without a policy every flow is open: there is nothing to tell apart.
    if cluster.policies.iter().all(|p| p.rejected) {
        return (derived, false);
    }
    let mut truncated = false;
    for policy in cluster.policies.iter().filter(|p| !p.rejected) {
        if derived.len() >= MAX_CANDIDATES {
            truncated = true;
            break;
        }
        let own = Place::Known(policy.namespace.clone());
        let selected = describe::pods(Some(&policy.pod_selector), Count::Many);
        if let Some(labels) = satisfying(&policy.pod_selector) {
            let why = text!(
                "{0}: one of the {1} that {2} selects",
                "{0}: {2} が選択する {1} の 1 つ",
                pod_words(&own, &labels),
                selected,
                policy.id()
            );
            derived.push(pod(&own, labels, why));
        }
        for (labels, _) in near_misses(&policy.pod_selector) {
            let why = text!(
                "{0}: a pod of the same namespace that {1} does not select",
                "{0}: {1} が選択しない同じ名前空間のポッド",
                pod_words(&own, &labels),
                policy.id()
            );
            derived.push(pod(&own, labels, why));
        }
        for side in [PolicySide::Ingress, PolicySide::Egress] {
            for (index, rule) in policy.rules(side).iter().enumerate() {
                for peer in rule.peers.iter().flatten() {
                    let rule_words = rule_words(policy, side, index);
                    derive_peer(cluster, policy, peer, &rule_words, &mut derived);
                }
            }
        }
    }
    let anywhere = Place::Unknown(Labels::new());
    derived.push(pod(
        &anywhere,
        Labels::new(),
        Text::new(
            "any pod in any namespace: a pod no selector of the input picks out",
            "任意の名前空間の任意のポッド: 入力のどのセレクターにも選ばれないポッド",
        ),
    ));
    derived.push(address(
        IpAddr::from(OUTSIDE),
        text!(
            "outside the cluster: the address {0}",
            "クラスターの外: アドレス {0}",
            IpAddr::from(OUTSIDE)
        ),
    ));
    (derived, truncated)
}

fn derive_peer(
    cluster: &Cluster,
    policy: &Policy,
    peer: &Peer,
    rule: &Text,
    derived: &mut Vec<Endpoint>,
) {
    match peer {
        Peer::Pods {
            namespaces, pods, ..
        } => {
            let peer_words = describe::peer(peer, &policy.namespace, Count::Many);
            let empty = LabelSelector {
                requirements: Vec::new(),
                span: Span::default(),
            };
            let pods = pods.as_ref().unwrap_or(&empty);
            let (Some(place), Some(labels)) = (
                matching_place(cluster, policy, namespaces.as_ref()),
                satisfying(pods),
            ) else {
                return;
            };
            let why = text!(
                "{0}: one of the {1} that {2} names",
                "{0}: {2} が指定する {1} の 1 つ",
                pod_words(&place, &labels),
                peer_words,
                rule
            );
            derived.push(pod(&place, labels.clone(), why));
            if let Some(other) = other_place(cluster, policy, namespaces.as_ref()) {
                let why = text!(
                    "{0}: the same labels in a namespace that {1} does not name",
                    "{0}: 同じラベルで、{1} が指定しない名前空間にあるポッド",
                    pod_words(&other, &labels),
                    rule
                );
                derived.push(pod(&other, labels, why));
            }
            for (labels, failed) in near_misses(pods) {
                let condition = LabelSelector {
                    requirements: vec![failed.clone()],
                    span: Span::default(),
                };
                let unmet = describe::conditions(&condition);
                let unmet = unmet.first().cloned().unwrap_or_default();
                let why = text!(
                    "{0}: in the same namespace, but not {1} as {2} asks",
                    "{0}: 同じ名前空間にあるが、{2} が求める「{1}」に当てはまらないポッド",
                    pod_words(&place, &labels),
                    unmet,
                    rule
                );
                derived.push(pod(&place, labels, why));
            }
        }
        Peer::Addresses { cidr, except, .. } => {
            let block = describe::addresses(cidr, except);
            if let Some(inside) = address_inside(cidr, except) {
                let why = text!(
                    "{0}: inside {1}, which {2} names",
                    "{0}: {2} が指定する {1} の内側",
                    inside,
                    block,
                    rule
                );
                derived.push(address(inside, why));
            }
            for excluded in except {
                let ip = excluded.network();
                let why = text!(
                    "{0}: inside the exception {1} of {2}",
                    "{0}: {2} の除外 {1} の内側",
                    ip,
                    excluded,
                    rule
                );
                derived.push(address(ip, why));
            }
            if let Some(outside) = address_outside(cidr) {
                let why = text!(
                    "{0}: just outside {1}, which {2} names",
                    "{0}: {2} が指定する {1} のすぐ外側",
                    outside,
                    cidr,
                    rule
                );
                derived.push(address(outside, why));
            }
        }
    }
}

/// `ip + delta` (delta 1 or -1), `None` past either end of the address space.
fn step(ip: IpAddr, up: bool) -> Option<IpAddr> {
    match ip {
        IpAddr::V4(v4) => {
            let n = u32::from(v4);
            let n = if up {
                n.checked_add(1)?
            } else {
                n.checked_sub(1)?
            };
            Some(IpAddr::from(n.to_be_bytes()))
        }
        IpAddr::V6(v6) => {
            let n = u128::from(v6);
            let n = if up {
                n.checked_add(1)?
            } else {
                n.checked_sub(1)?
            };
            Some(IpAddr::from(n.to_be_bytes()))
        }
    }
}

/// An address in `cidr` outside every `except`: the block's first address, or one next to an
/// exception.
fn address_inside(cidr: &IpNet, except: &[IpNet]) -> Option<IpAddr> {
    let mut candidates = vec![cidr.network(), cidr.broadcast()];
    for excluded in except {
        candidates.extend(step(excluded.network(), false));
        candidates.extend(step(excluded.broadcast(), true));
    }
    candidates
        .into_iter()
        .find(|ip| cidr.contains(ip) && !except.iter().any(|e| e.contains(ip)))
}

/// The address just past `cidr` (or just before it, at the end of the address space).
fn address_outside(cidr: &IpNet) -> Option<IpAddr> {
    step(cidr.broadcast(), true)
        .or_else(|| step(cidr.network(), false))
        .filter(|ip| !cidr.contains(ip))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::FlowPort;
    use crate::engine::Reachability;
    use crate::{SourceFile, analyze};

    const NAMESPACES: &str = "apiVersion: v1\nkind: Namespace\nmetadata: {name: development, labels: {purpose: development}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: production, labels: {purpose: production}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: backend, namespace: development, labels: {app: webapp, role: backend}}\n---\n";

    fn with(policy: &str) -> Cluster {
        let text = format!(
            "{NAMESPACES}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: backend-policy, namespace: development}}\nspec:\n  podSelector:\n    matchLabels: {{app: webapp, role: backend}}\n{policy}"
        );
        let analysis = analyze(&[SourceFile::new("t.yaml", text)]);
        let mut cluster = analysis.cluster;
        add(&mut cluster);
        cluster
    }

    /// The endpoints that reach `development/backend` on 80/TCP, by id.
    fn reaching_backend(cluster: &Cluster) -> Vec<String> {
        let reach = Reachability::compute(cluster, &[FlowPort::tcp(80)]);
        let backend = cluster.find_endpoint("development/backend").unwrap();
        reach
            .reaching(backend, 0)
            .into_iter()
            .map(|i| cluster.endpoints[i].id())
            .collect()
    }

    fn ids(cluster: &Cluster) -> Vec<String> {
        cluster.endpoints.iter().map(Endpoint::id).collect()
    }

    /// A representative's explanation says what it stands for before the sides.
    #[test]
    fn explanations_say_what_a_representative_stands_for() {
        let cluster = with(
            "  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {purpose: development}\n      podSelector:\n        matchLabels: {app: webapp, role: frontend}\n",
        );
        let from = cluster
            .find_endpoint("production/~app=webapp,role=frontend")
            .unwrap();
        let to = cluster.find_endpoint("development/backend").unwrap();
        let explained = crate::explain(&cluster, from, to, FlowPort::tcp(80)).unwrap();
        let lines = explained.lines_in(crate::Lang::En);
        assert_eq!(
            lines[1],
            "production/~app=webapp,role=frontend stands for a pod labelled app=webapp, role=frontend in namespace production: the same labels in a namespace that ingress rule 1 of development/backend-policy does not name."
        );
        let real = crate::explain(&cluster, to, from, FlowPort::tcp(80)).unwrap();
        assert!(
            !real.lines_in(crate::Lang::En)[1].starts_with("development/backend stands for"),
            "a real endpoint stands for itself"
        );
    }

    #[test]
    fn step_3_development_only() {
        let cluster = with(
            "  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {purpose: development}\n      podSelector:\n        matchLabels: {app: webapp, role: frontend}\n",
        );
        assert_eq!(
            ids(&cluster),
            [
                "development/backend",
                // The target is the real backend; the pods it does not select:
                "development/~role=backend",
                "development/~app=webapp,role=frontend",
                "production/~app=webapp,role=frontend",
                "~any-namespace/any-pod",
                "~203.0.113.10",
            ]
        );
        assert_eq!(
            reaching_backend(&cluster),
            ["development/~app=webapp,role=frontend"]
        );
        let description = &cluster.endpoints[2]
            .representative
            .as_ref()
            .unwrap()
            .description;
        assert_eq!(
            description.en,
            "a pod labelled app=webapp, role=frontend in namespace development: one of the pods labelled app=webapp, role=frontend in namespaces labelled purpose=development that ingress rule 1 of development/backend-policy names"
        );
        assert!(
            description.ja.contains("受信ルール 1"),
            "{}",
            description.ja
        );
        assert_eq!(cluster.endpoints[0].kind_name(), "pod");
        assert_eq!(cluster.endpoints[5].kind_name(), "representative");
    }

    #[test]
    fn step_2_any_namespace_and_step_1_nothing() {
        let cluster = with(
            "  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector:\n        matchLabels: {app: webapp, role: frontend}\n",
        );
        let reaching = reaching_backend(&cluster);
        assert_eq!(reaching, ["development/~app=webapp,role=frontend"]);
        // In any namespace: production's frontend is no different, so it is not repeated.
        assert!(!ids(&cluster).iter().any(|id| id.starts_with("production/")));
        let cluster = with("  ingress: []\n");
        assert_eq!(reaching_backend(&cluster), Vec::<String>::new());
        assert!(cluster.endpoints.len() > 2);
    }

    #[test]
    fn unknown_namespaces_are_known_by_their_labels() {
        let cluster = with(
            "  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {team: ops}\n",
        );
        let ops = cluster
            .endpoints
            .iter()
            .find(|e| e.id() == "~[team=ops]/unlabelled")
            .unwrap();
        assert_eq!(ops.namespace, None);
        assert_eq!(
            reaching_backend(&cluster),
            ["~[team=ops]/unlabelled"],
            "only the pod of a namespace labelled team=ops"
        );
    }

    #[test]
    fn address_blocks_give_inside_except_and_outside() {
        let cluster = with(
            "  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.0/24]}\n",
        );
        let ids = ids(&cluster);
        for id in ["~10.0.255.255", "~10.0.0.0"] {
            assert!(ids.contains(&id.to_owned()), "{id} in {ids:?}");
        }
        // Outside the block is no different from inside its exception, or from 203.0.113.10.
        assert!(!ids.contains(&"~10.1.0.0".to_owned()), "{ids:?}");
        assert!(!ids.contains(&"~203.0.113.10".to_owned()), "{ids:?}");
        assert_eq!(reaching_backend(&cluster), ["~10.0.255.255"]);
    }

    #[test]
    fn match_expressions_give_their_nearest_misses() {
        let cluster = with(
            "  ingress:\n  - from:\n    - podSelector:\n        matchExpressions:\n        - {key: tier, operator: NotIn, values: [web]}\n        - {key: team, operator: Exists}\n",
        );
        let reaching = reaching_backend(&cluster);
        assert_eq!(reaching, ["development/~team=yes"]);
        // tier=web fails the peer as a pod without labels does: one of them stands for both.
        let ids = ids(&cluster);
        assert!(
            !ids.contains(&"development/~team=yes,tier=web".to_owned()),
            "{ids:?}"
        );
        assert!(
            ids.contains(&"development/~role=backend".to_owned()),
            "{ids:?}"
        );
    }

    #[test]
    fn representatives_are_bounded() {
        let peers = (0..100)
            .map(|i| format!("    - podSelector: {{matchLabels: {{app: a{i}}}}}\n"))
            .collect::<Vec<_>>()
            .concat();
        let text = format!(
            "{NAMESPACES}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: development}}\nspec:\n  podSelector: {{}}\n  ingress:\n  - from:\n{peers}"
        );
        let mut cluster = analyze(&[SourceFile::new("t.yaml", text)]).cluster;
        let added = add(&mut cluster);
        assert_eq!(added.count, MAX_REPRESENTATIVES);
        assert!(added.capped);
    }

    #[test]
    fn the_candidates_are_bounded_too() {
        let policy = |i: usize| {
            format!(
                "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p{i}, namespace: n}}\nspec:\n  podSelector: {{matchLabels: {{app: a}}}}\n  ingress:\n  - from:\n    - podSelector: {{matchLabels: {{app: a}}}}\n"
            )
        };
        let text: String = (0..3000).map(policy).collect::<Vec<_>>().concat();
        let mut cluster = analyze(&[SourceFile::new("t.yaml", text)]).cluster;
        let (candidates, truncated) = derive(&cluster);
        assert!(truncated);
        assert!(candidates.len() < MAX_CANDIDATES + 16);
        let added = add(&mut cluster);
        assert!(added.capped, "the cut is said");
        assert!(added.count < 10, "the policies are alike: {added:?}");
    }
}
