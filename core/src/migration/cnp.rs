//! The `CiliumNetworkPolicies` of the input that allow the node entities (`host`, `remote-node`),
//! which the `migrate-ipblock-nodes` and `migrate-egress-own-node` fixes add: once they are in
//! the input, the flows to and from the nodes they allow are kept after the move
//! (<https://docs.cilium.io/en/stable/security/policy/language/#entities-based>). Only the
//! entities are read; other rules of a `CiliumNetworkPolicy` are not modelled.

use crate::cluster::Endpoint;
use crate::labels::Labels;
use crate::manifest::Manifest;
use crate::yaml::Node;

/// One `CiliumNetworkPolicy`'s node entities.
pub(super) struct Allowance {
    namespace: String,
    /// `None`: every endpoint of the namespace (`endpointSelector: {}`).
    labels: Option<Labels>,
    egress: Vec<String>,
    ingress: Vec<String>,
}

/// The allowances of the `CiliumNetworkPolicies` among `manifests` whose `endpointSelector` is
/// read (empty, or `matchLabels` alone).
pub(super) fn read(manifests: &[Manifest]) -> Vec<Allowance> {
    manifests
        .iter()
        .filter(|m| m.kind == "CiliumNetworkPolicy" && m.api_version == "cilium.io/v2")
        .filter_map(|m| {
            let spec = m.node.get("spec")?;
            let selector = spec.get("endpointSelector")?;
            let mut labels = None;
            for entry in selector.entries()? {
                match entry.key.as_str() {
                    Some("matchLabels") => {
                        let mut read = Labels::new();
                        for label in entry.value.entries().unwrap_or_default() {
                            read.insert(
                                label.key.as_str()?.to_owned(),
                                label.value.as_str()?.to_owned(),
                            );
                        }
                        labels = Some(read).filter(|l| !l.is_empty());
                    }
                    _ => return None,
                }
            }
            Some(Allowance {
                namespace: m.namespace.clone().unwrap_or_else(|| "default".to_owned()),
                labels,
                egress: entities(spec, "egress", "toEntities"),
                ingress: entities(spec, "ingress", "fromEntities"),
            })
        })
        .collect()
}

fn entities(spec: &Node, side: &str, key: &str) -> Vec<String> {
    spec.get(side)
        .and_then(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|rule| rule.get(key)?.items())
        .flatten()
        .filter_map(|e| e.as_str().map(str::to_owned))
        .collect()
}

impl Allowance {
    fn selects(&self, endpoint: &Endpoint) -> bool {
        endpoint.namespace.as_deref() == Some(self.namespace.as_str())
            && !endpoint.host_network
            && self.labels.as_ref().is_none_or(|labels| {
                labels
                    .iter()
                    .all(|(k, v)| endpoint.labels.get(k) == Some(v))
            })
    }
}

/// The entity a node end is to `pod`: `host` for its own node, `remote-node` for the others.
fn entity(pod: &Endpoint, node: &Endpoint) -> Option<&'static str> {
    let host = node.host_of()?;
    Some(if Some(host) == pod.node.as_deref() {
        "host"
    } else {
        "remote-node"
    })
}

/// Whether one of `allowances` allows the flow `source` → `destination` between a pod and a
/// node on Cilium, both sides considered: the pod's egress to the node, or its ingress from it.
pub(super) fn allows(allowances: &[Allowance], source: &Endpoint, destination: &Endpoint) -> bool {
    let names = |list: &[String], wanted: &str| {
        list.iter()
            .any(|e| e == wanted || e == "all" || e == "cluster")
    };
    allowances.iter().any(|a| {
        (a.selects(source)
            && entity(source, destination).is_some_and(|wanted| names(&a.egress, wanted)))
            || (a.selects(destination)
                && entity(destination, source).is_some_and(|wanted| names(&a.ingress, wanted)))
    })
}
