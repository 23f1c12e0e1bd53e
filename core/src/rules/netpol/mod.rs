//! NetworkPolicy rules, and what several of them share: the validated [`Policy`] behind a
//! manifest, the pods of the input, and kube-dns as every AKS cluster runs it.

mod deprecated_api;
mod egress_blocks_dns;
pub(crate) mod endport_invalid;
pub(crate) mod invalid_selector;
pub(crate) mod ipblock_except_outside;
pub(crate) mod ipblock_not_canonical;
mod missing_policy_types;
mod named_port_unresolved;
mod no_default_deny;
mod peer_matches_nothing;
mod redundant;
mod selects_nothing;
mod split_peer;

use std::collections::BTreeMap;

use crate::cluster::{
    Cluster, ContainerPort, Endpoint, EndpointKind, NAMESPACE_NAME_LABEL, Namespace, Protocol,
};
use crate::engine::semantics::{isolates, peer_matches};
use crate::labels::Labels;
use crate::manifest::Manifest;
use crate::policy::{Peer, Policy, PolicySide};

use super::Context;

pub(super) fn run(context: &mut Context<'_>) {
    split_peer::check(context);
    missing_policy_types::check(context);
    deprecated_api::check(context);
    selects_nothing::check(context);
    peer_matches_nothing::check(context);
    egress_blocks_dns::check(context);
    named_port_unresolved::check(context);
    no_default_deny::check(context);
    redundant::check(context);
}

/// The validated form of a NetworkPolicy manifest, when Kubernetes would accept it.
fn accepted_policy<'a>(cluster: &'a Cluster, manifest: &Manifest) -> Option<&'a Policy> {
    cluster
        .policies
        .iter()
        .find(|p| p.file == manifest.file && p.span == manifest.span())
        .filter(|p| !p.rejected)
}

/// The pods and workloads of the input (not the addresses outside the cluster).
fn pods(cluster: &Cluster) -> impl Iterator<Item = &Endpoint> {
    cluster.endpoints.iter().filter(|e| !e.is_external())
}

/// Whether the input has pods or workloads: the rules that judge selectors by what they match
/// say nothing about an input made of policies alone.
fn has_pods(cluster: &Cluster) -> bool {
    pods(cluster).next().is_some()
}

/// Whether `policy` applies to `endpoint` on either side.
fn selects(policy: &Policy, endpoint: &Endpoint) -> bool {
    isolates(policy, endpoint, PolicySide::Ingress)
        || isolates(policy, endpoint, PolicySide::Egress)
}

const DNS_NAMESPACE: &str = "kube-system";
const DNS_LABEL: (&str, &str) = ("k8s-app", "kube-dns");

/// kube-dns as every AKS cluster runs it: CoreDNS pods labelled `k8s-app: kube-dns` in
/// `kube-system`, declaring `dns` (53/UDP), `dns-tcp` (53/TCP) and `metrics` (9153/TCP). Peers
/// are judged against it even when the input has no such pod, and against the input's own
/// kube-dns pods when it has some.
struct KubeDns<'a> {
    /// Only `kube-system`, with the input's labels for it when the input declares it.
    cluster: Cluster,
    endpoint: Endpoint,
    /// Pods of the input that are kube-dns.
    real: Vec<&'a Endpoint>,
    input: &'a Cluster,
}

impl<'a> KubeDns<'a> {
    fn new(input: &'a Cluster) -> Self {
        let mut labels = input
            .namespace_labels(DNS_NAMESPACE)
            .cloned()
            .unwrap_or_default();
        labels.insert(NAMESPACE_NAME_LABEL.to_owned(), DNS_NAMESPACE.to_owned());
        let namespaces = BTreeMap::from([(
            DNS_NAMESPACE.to_owned(),
            Namespace {
                name: DNS_NAMESPACE.to_owned(),
                labels,
                declared: true,
            },
        )]);
        let cluster = Cluster {
            namespaces,
            ..Cluster::default()
        };
        let port = |name: &str, port, protocol| ContainerPort {
            name: Some(name.to_owned()),
            port,
            protocol,
        };
        let endpoint = Endpoint {
            labels: Labels::from([(DNS_LABEL.0.to_owned(), DNS_LABEL.1.to_owned())]),
            ports: vec![
                port("dns", 53, Protocol::Udp),
                port("dns-tcp", 53, Protocol::Tcp),
                port("metrics", 9153, Protocol::Tcp),
            ],
            ..Endpoint::new(
                EndpointKind::Pod,
                Some(DNS_NAMESPACE.to_owned()),
                "coredns".to_owned(),
            )
        };
        let real = pods(input)
            .filter(|e| {
                e.namespace.as_deref() == Some(DNS_NAMESPACE)
                    && e.labels.get(DNS_LABEL.0).map(String::as_str) == Some(DNS_LABEL.1)
            })
            .collect();
        Self {
            cluster,
            endpoint,
            real,
            input,
        }
    }

    /// Each kube-dns endpoint with the cluster its namespace labels come from.
    fn destinations(&self) -> impl Iterator<Item = (&Cluster, &Endpoint)> {
        std::iter::once((&self.cluster, &self.endpoint))
            .chain(self.real.iter().map(|e| (self.input, *e)))
    }

    /// Whether `peer` of `policy` matches kube-dns. Pod addresses are not known, so the only
    /// address block that surely holds them is one of every address (`0.0.0.0/0`, `::/0`)
    /// with no `except`.
    fn matched_by(&self, policy: &Policy, peer: &Peer) -> bool {
        if let Peer::Addresses { cidr, except, .. } = peer
            && cidr.prefix_len() == 0
            && except.is_empty()
        {
            return true;
        }
        self.destinations()
            .any(|(cluster, endpoint)| peer_matches(cluster, policy, peer, endpoint))
    }
}
