//! The cluster the migration check evaluates: the input's cluster with the representatives of its
//! policies ([`crate::engine::add_representatives`]), so that a policy pasted without pods still
//! gets its answer, and with the addresses and nodes the input leaves out assumed as AKS assigns
//! them (docs/decisions/0190-npm-to-cilium-migration.md).

use std::net::{IpAddr, Ipv4Addr};

use ipnet::{IpNet, Ipv4Net};

use crate::cluster::{Cluster, Endpoint, EndpointKind, Representative};
use crate::text;

/// AKS's default pod CIDR (kubenet and Azure CNI Overlay: `--pod-cidr` defaults to
/// 10.244.0.0/16, <https://learn.microsoft.com/azure/aks/azure-cni-overlay>), where pods whose
/// address the input does not give are assumed to be.
pub(super) const POD_CIDR: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(10, 244, 0, 0), 16);

/// The subnet AKS gives the nodes of a cluster it creates the virtual network for
/// (10.224.0.0/16 in the 10.224.0.0/12 VNet), where the nodes the input does not list are
/// assumed to be.
const NODE_ADDRESSES: [Ipv4Addr; 2] = [Ipv4Addr::new(10, 224, 0, 4), Ipv4Addr::new(10, 224, 0, 5)];

/// The names of the two nodes assumed when the input lists none: the pods run on the first, and
/// the second is "another node".
pub(super) const ASSUMED_NODES: [&str; 2] = ["assumed-node-1", "assumed-node-2"];

/// The outside client assumed for the flows through `LoadBalancer` and `NodePort` Services when no
/// `--external` source is given (TEST-NET-3, RFC 5737).
pub(super) const ASSUMED_CLIENT: &str = "203.0.113.10";

/// The cluster evaluated, and what in it is assumed rather than read.
pub(super) struct World {
    pub cluster: Cluster,
    /// The endpoints (by index) whose address is assumed in [`POD_CIDR`].
    pub assumed_addresses: Vec<bool>,
    /// The nodes are assumed ([`ASSUMED_NODES`]): the input lists none.
    pub assumed_nodes: bool,
    /// The outside clients of `LoadBalancer` and `NodePort` Services, by endpoint index.
    pub clients: Vec<usize>,
}

/// `cluster` with its representatives, nodes, addresses and outside clients.
pub(super) fn build(cluster: &Cluster, external: &[String]) -> World {
    let mut cluster = cluster.clone();
    crate::engine::add_representatives(&mut cluster);
    let assumed_nodes = !cluster.endpoints.iter().any(Endpoint::is_node);
    if assumed_nodes {
        for endpoint in cluster.endpoints.iter_mut().filter(|e| is_pod(e)) {
            if endpoint.node.is_none() {
                endpoint.node = ASSUMED_NODES.first().map(|n| (*n).to_owned());
            }
        }
        for (name, address) in ASSUMED_NODES.iter().zip(NODE_ADDRESSES) {
            cluster.endpoints.push(assumed_node(name, address));
        }
    }
    // hostNetwork pods carry their node's address.
    let node_addresses: Vec<(String, Vec<IpNet>)> = cluster
        .endpoints
        .iter()
        .filter(|e| e.is_node())
        .filter_map(|e| Some((e.node.clone()?, e.addresses.clone())))
        .collect();
    let mut assumed_addresses = vec![false; cluster.endpoints.len()];
    let mut next: u32 = 10;
    for (endpoint, assumed) in cluster.endpoints.iter_mut().zip(&mut assumed_addresses) {
        if !is_pod(endpoint) || !endpoint.addresses.is_empty() {
            continue;
        }
        if endpoint.host_network {
            if let Some((_, addresses)) = node_addresses
                .iter()
                .find(|(name, _)| Some(name) == endpoint.node.as_ref())
            {
                endpoint.addresses.clone_from(addresses);
            }
            continue;
        }
        let address = Ipv4Addr::from(u32::from(POD_CIDR.network()).saturating_add(next));
        next = next.saturating_add(1);
        if POD_CIDR.contains(&address) {
            endpoint.addresses = vec![IpNet::from(IpAddr::V4(address))];
            *assumed = true;
        }
    }
    let mut clients = Vec::new();
    for source in external {
        if let Some(index) = cluster.endpoint_or_external(source) {
            clients.push(index);
        }
    }
    if clients.is_empty()
        && let Some(mut client) = Endpoint::external(ASSUMED_CLIENT)
    {
        client.representative = Some(Box::new(Representative {
            namespace_labels: None,
            description: text!(
                "a client outside the cluster, assumed: give the expected sources with `--external`",
                "クラスター外のクライアント (仮定): 想定される送信元は `--external` で指定してください"
            ),
        }));
        clients.push(cluster.endpoints.len());
        cluster.endpoints.push(client);
    }
    assumed_addresses.resize(cluster.endpoints.len(), false);
    World {
        cluster,
        assumed_addresses,
        assumed_nodes,
        clients,
    }
}

/// A pod, a workload's pods or a representative pod: what has a pod address.
fn is_pod(endpoint: &Endpoint) -> bool {
    matches!(endpoint.kind, EndpointKind::Pod | EndpointKind::Workload(_))
}

fn assumed_node(name: &str, address: Ipv4Addr) -> Endpoint {
    Endpoint {
        addresses: vec![IpNet::from(IpAddr::V4(address))],
        node: Some(name.to_owned()),
        representative: Some(Box::new(Representative {
            namespace_labels: None,
            description: text!(
                "a node of the cluster, assumed at {0}: the input lists no Node",
                "クラスターのノード ({0} と仮定): 入力に Node がありません",
                address
            ),
        })),
        ..Endpoint::new(EndpointKind::Node, None, name.to_owned())
    }
}
