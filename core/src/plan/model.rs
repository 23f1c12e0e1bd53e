//! The address plan of an AKS cluster and the networks around it, as read from a `NetworkPlan`
//! YAML document or from `az` command lines. Every value keeps its text as written and its span,
//! so findings quote the user and corrections replace exactly that text.

use std::collections::{HashMap, HashSet};

use std::net::IpAddr;

use ipnet::IpNet;

use crate::engine::{CiliumVersion, Engine};
use crate::span::Span;

/// A value with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// A CIDR range as written. `net` keeps host bits (`10.1.2.3/16` stays so); `None` when the text
/// is not a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub text: String,
    pub span: Span,
    pub net: Option<IpNet>,
    /// Not written by the user: the AKS default for an absent setting.
    pub default: bool,
}

impl Cidr {
    pub fn parse(text: &str, span: Span) -> Cidr {
        Cidr {
            text: text.to_owned(),
            span,
            net: text.trim().parse().ok(),
            default: false,
        }
    }

    pub fn default_value(text: &str, span: Span) -> Cidr {
        Cidr {
            default: true,
            ..Cidr::parse(text, span)
        }
    }

    /// The range with host bits cleared.
    pub fn network(&self) -> Option<IpNet> {
        self.net.map(|n| n.trunc())
    }
}

/// An IP address as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    pub text: String,
    pub span: Span,
    pub ip: Option<IpAddr>,
    pub default: bool,
}

impl Address {
    pub fn parse(text: &str, span: Span) -> Address {
        Address {
            text: text.to_owned(),
            span,
            ip: text.trim().parse().ok(),
            default: false,
        }
    }

    pub fn default_value(text: &str, span: Span) -> Address {
        Address {
            default: true,
            ..Address::parse(text, span)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NetworkPlugin {
    /// Azure CNI: every pod takes an address from the node subnet (or the pod subnet).
    Azure,
    /// kubenet: pods get addresses from the pod CIDR, routed through the nodes.
    Kubenet,
    /// Azure CNI Overlay: pods get addresses from the pod CIDR, outside the VNet.
    AzureOverlay,
}

impl NetworkPlugin {
    pub const fn as_str(self) -> &'static str {
        match self {
            NetworkPlugin::Azure => "azure",
            NetworkPlugin::Kubenet => "kubenet",
            NetworkPlugin::AzureOverlay => "azure-overlay",
        }
    }

    /// The per-node pod limit AKS uses when `maxPods` is not given.
    pub const fn default_max_pods(self) -> u32 {
        match self {
            NetworkPlugin::Azure => 30,
            NetworkPlugin::Kubenet => 110,
            NetworkPlugin::AzureOverlay => 250,
        }
    }

    /// Whether pods take their addresses from the pod CIDR rather than the VNet.
    pub const fn uses_pod_cidr(self) -> bool {
        !matches!(self, NetworkPlugin::Azure)
    }
}

/// `<vnet>/<subnet>`, or a subnet resource ID reduced to those two names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetRef {
    pub vnet: String,
    pub subnet: String,
    pub span: Span,
}

/// One entry of `apiServerAuthorizedIpRanges`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthorizedRange {
    /// An address or CIDR (an address alone means a /32 or /128).
    Range(Cidr),
    /// An Azure service tag such as `AzureCloud`.
    ServiceTag(Spanned<String>),
    /// `""`: the feature turned off.
    Empty(Span),
}

impl AuthorizedRange {
    pub fn span(&self) -> Span {
        match self {
            AuthorizedRange::Range(c) => c.span,
            AuthorizedRange::ServiceTag(t) => t.span,
            AuthorizedRange::Empty(span) => *span,
        }
    }

    pub fn text(&self) -> String {
        match self {
            AuthorizedRange::Range(c) => c.text.clone(),
            AuthorizedRange::ServiceTag(t) => t.value.clone(),
            AuthorizedRange::Empty(_) => String::from("\"\""),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpFamily {
    Ipv4,
    Ipv6,
}

/// `--max-surge`: a number of nodes, or a percentage of the pool's nodes (`33%`).
///
/// Source: AKS API `AgentPoolUpgradeSettings.maxSurge` (a percentage "of the total agent pool
/// size at the time of the upgrade", fractional nodes rounded up; 1 by default); AKS "Upgrade an
/// AKS cluster", "Customize node surge upgrade".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surge {
    Nodes(i64),
    Percent(i64),
}

impl Surge {
    /// `5` or `33%`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Surge> {
        let text = text.trim();
        match text.strip_suffix('%') {
            Some(percent) => percent.trim().parse().ok().map(Surge::Percent),
            None => text.parse().ok().map(Surge::Nodes),
        }
    }
}

/// A node pool: the system pool that `az aks create` (or the `cluster:` mapping) defines, or one
/// that `az aks nodepool add` (or `nodePools:`) adds. Absent settings are AKS's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct NodePool {
    /// `--nodepool-name` / `--name`; `None` for the unnamed system pool (AKS calls it
    /// `nodepool1`).
    pub name: Option<Spanned<String>>,
    /// Where the pool is defined (the command, or the mapping).
    pub span: Span,
    /// `System` or `User`, as written.
    pub mode: Option<Spanned<String>>,
    /// `--os-type` (Linux, Windows) and `--os-sku`, as written.
    pub os_type: Option<Spanned<String>>,
    pub os_sku: Option<Spanned<String>>,
    pub node_count: Option<Spanned<i64>>,
    pub max_pods: Option<Spanned<i64>>,
    pub max_surge: Option<Spanned<Surge>>,
    /// `--enable-cluster-autoscaler`: the pool grows up to `max_count` nodes.
    pub autoscaler: Option<Span>,
    pub min_count: Option<Spanned<i64>>,
    pub max_count: Option<Spanned<i64>>,
    /// The node subnet; `None` uses the cluster's (the first pool's).
    pub subnet: Option<SubnetRef>,
    pub pod_subnet: Option<SubnetRef>,
}

impl NodePool {
    /// A pool with every setting left at its default.
    pub fn new(name: Option<Spanned<String>>, span: Span) -> Self {
        NodePool {
            name,
            span,
            mode: None,
            os_type: None,
            os_sku: None,
            node_count: None,
            max_pods: None,
            max_surge: None,
            autoscaler: None,
            min_count: None,
            max_count: None,
            subnet: None,
            pod_subnet: None,
        }
    }

    /// The pool's name as AKS shows it.
    pub fn display_name(&self) -> &str {
        self.name.as_ref().map_or("nodepool1", |n| n.value.as_str())
    }

    /// Whether the pool's nodes run Windows (`--os-type Windows`).
    pub fn is_windows(&self) -> bool {
        self.os_type
            .as_ref()
            .is_some_and(|os| os.value.eq_ignore_ascii_case("windows"))
    }

    pub fn node_count(&self) -> i64 {
        self.node_count.as_ref().map_or(3, |n| n.value)
    }

    /// The per-node pod limit. AKS "IP address planning": 30 with Azure CNI, 110 with a pod
    /// subnet or kubenet, 250 with overlay.
    pub fn max_pods(&self, plugin: NetworkPlugin) -> i64 {
        let default = match (plugin, &self.pod_subnet) {
            (NetworkPlugin::Azure, Some(_)) => 110,
            _ => i64::from(plugin.default_max_pods()),
        };
        self.max_pods.as_ref().map_or(default, |n| n.value)
    }

    /// The extra nodes of an upgrade: 1 by default; a percentage of the pool's nodes (the most
    /// it may have) rounded up.
    pub fn max_surge(&self) -> i64 {
        match self.max_surge.as_ref().map(|s| s.value) {
            None => 1,
            Some(Surge::Nodes(n)) => n,
            Some(Surge::Percent(percent)) => {
                let nodes = i128::from(self.most_nodes().max(0));
                let extra = (nodes * i128::from(percent.max(0)) + 99) / 100;
                i64::try_from(extra).unwrap_or(i64::MAX)
            }
        }
    }

    /// The most nodes the pool runs outside an upgrade: the autoscaler's `--max-count` when it
    /// is on (and known), else `--node-count`.
    pub fn most_nodes(&self) -> i64 {
        match (&self.autoscaler, &self.max_count) {
            (Some(_), Some(max)) => max.value,
            _ => self.node_count(),
        }
    }

    /// The fewest nodes the pool runs: the autoscaler's `--min-count` when it is on (and
    /// known), else `--node-count`.
    pub fn fewest_nodes(&self) -> i64 {
        match (&self.autoscaler, &self.min_count) {
            (Some(_), Some(min)) => min.value,
            _ => self.node_count(),
        }
    }
}

/// The cluster's side of the plan. Absent settings hold AKS's defaults, marked `default`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterPlan {
    pub name: Option<Spanned<String>>,
    /// Where the cluster is defined (the `cluster:` key, or the `az aks create` line).
    pub span: Span,
    pub plugin: Spanned<NetworkPlugin>,
    /// In the order defined; when the cluster is created in the plan, the first is its system
    /// pool.
    pub pools: Vec<NodePool>,
    pub service_cidrs: Vec<Cidr>,
    pub dns_service_ip: Option<Address>,
    pub pod_cidrs: Vec<Cidr>,
    pub docker_bridge: Option<Cidr>,
    /// API Server VNet Integration's delegated subnet (`--apiserver-subnet-id`).
    pub apiserver_subnet: Option<SubnetRef>,
    pub private_cluster: Option<Spanned<bool>>,
    /// `None` when not set; `Some(vec![])` cannot occur (`""` is `AuthorizedRange::Empty`).
    pub authorized_ranges: Option<Vec<AuthorizedRange>>,
    pub ip_families: Vec<Spanned<IpFamily>>,
    /// The public addresses the cluster's traffic leaves from: the load balancer's outbound IPs
    /// or, with `userDefinedRouting`, the firewall's.
    pub egress_ips: Vec<Address>,
    /// `--outbound-type` as written (`loadBalancer` when absent).
    pub outbound_type: Option<Spanned<String>>,
    pub region: Option<Spanned<String>>,
    pub private_dns_zone: Option<Spanned<String>>,
    /// `--network-policy` / `networkPolicy`, lowercase: `azure`, `calico`, `cilium` or `none`.
    /// `None` when not written (AKS then enforces nothing).
    pub network_policy: Option<Spanned<String>>,
    /// `--network-dataplane` / `networkDataplane`, lowercase: `azure` or `cilium`.
    pub network_dataplane: Option<Spanned<String>>,
    /// `--kubernetes-version` / `-k` / `kubernetesVersion`, as written (`1.32`, `1.31.2`).
    pub kubernetes_version: Option<Spanned<String>>,
    /// Where `--network-policy` or `--network-dataplane` was given a value not known here (a
    /// variable no line sets, a placeholder such as `<policy>`): the engine is then unknown,
    /// and [`AddressPlan::policy_engine`] says so rather than guess.
    pub engine_unknown: Option<Span>,
    /// The network plugin is AKS's default filled in for a cluster these commands only change
    /// (`az aks update` without `--network-plugin`, no `az aks create`): the cluster exists
    /// already and its plugin is not in the text. Checks that judge the plugin skip it.
    pub plugin_assumed: bool,
}

impl ClusterPlan {
    /// The cluster's node subnet: the first pool's. Pools without a subnet of their own use it.
    pub fn subnet(&self) -> Option<&SubnetRef> {
        self.pools.iter().find_map(|p| p.subnet.as_ref())
    }

    /// The node subnet `pool` uses.
    pub fn subnet_of<'c>(&'c self, pool: &'c NodePool) -> Option<&'c SubnetRef> {
        pool.subnet.as_ref().or_else(|| self.subnet())
    }

    pub fn is_private(&self) -> bool {
        self.private_cluster.as_ref().is_some_and(|p| p.value)
    }

    /// Whether the egress addresses leave through the cluster's load balancer, which AKS adds
    /// to the authorized ranges by itself.
    pub fn egress_through_load_balancer(&self) -> bool {
        self.outbound_type
            .as_ref()
            .is_none_or(|o| o.value.eq_ignore_ascii_case("loadBalancer"))
    }

    /// `userDefinedRouting`: egress goes through the user's own appliance, such as a firewall.
    pub fn user_defined_routing(&self) -> bool {
        self.outbound_type
            .as_ref()
            .is_some_and(|o| o.value.eq_ignore_ascii_case("userDefinedRouting"))
    }

    /// Whether the cluster runs the Cilium dataplane (`--network-dataplane cilium`).
    pub fn cilium_dataplane(&self) -> bool {
        self.network_dataplane
            .as_ref()
            .is_some_and(|d| d.value == "cilium")
    }

    /// The pools whose nodes run Windows (`--os-type Windows`).
    pub fn windows_pools(&self) -> impl Iterator<Item = &NodePool> {
        self.pools.iter().filter(|p| p.is_windows())
    }

    /// The policy engine the cluster's flags choose; `None` when a flag's value is not known.
    ///
    /// - `--network-dataplane cilium` is Cilium, whatever `--network-policy` says: "With Cilium,
    ///   you don't need to install a separate network policy engine such as Azure Network Policy
    ///   Manager or Calico" (<https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium>,
    ///   "Network Policy Enforcement"), and the AKS API's `networkPolicy: cilium` "requires
    ///   networkDataplane to be 'cilium'"
    ///   (<https://learn.microsoft.com/rest/api/aks/managed-clusters/create-or-update#networkpolicy>).
    /// - `--network-policy azure` is Azure NPM, `calico` Calico, `cilium` Cilium (the
    ///   dataplane it needs is `network-policy-unsupported`'s business), `none` none.
    /// - No policy flag: none, "the default value when NetworkPolicy is not specified" (same
    ///   API page; <https://learn.microsoft.com/azure/aks/use-network-policies>).
    ///
    /// Cilium's release follows `--kubernetes-version` ([`cilium_for_kubernetes`]).
    pub fn policy_engine(&self) -> Option<Engine> {
        if self.engine_unknown.is_some() {
            return None;
        }
        let cilium = || Engine::Cilium(self.cilium_version());
        if self.cilium_dataplane() {
            return Some(cilium());
        }
        Some(
            match self.network_policy.as_ref().map(|p| p.value.as_str()) {
                Some("azure") => Engine::Azure,
                Some("calico") => Engine::Calico,
                Some("cilium") => cilium(),
                _ => Engine::None,
            },
        )
    }

    /// The Cilium release AKS runs for the cluster's Kubernetes version; the default release
    /// when the version is not written or not read.
    pub fn cilium_version(&self) -> CiliumVersion {
        self.kubernetes_version
            .as_ref()
            .and_then(|v| cilium_for_kubernetes(&v.value))
            .unwrap_or_default()
    }
}

/// The Cilium release AKS runs on Kubernetes `version` (`1.32`, `1.32.5`, `v1.32`): 1.16 on
/// 1.31, 1.17 on 1.32 and 1.33, 1.18 on 1.34 and later
/// (<https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium>, "Supported Kubernetes
/// and Cilium versions"). Older releases (1.29 and 1.30 run Cilium 1.14) read `endPort` no
/// better than 1.16, so they get 1.16's behaviour. `None` when the text is not a version.
pub fn cilium_for_kubernetes(version: &str) -> Option<CiliumVersion> {
    let text = version.trim();
    let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let mut parts = text.split('.');
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    if parts.any(|p| p.parse::<u32>().is_err()) || major != 1 {
        return None;
    }
    Some(match minor {
        0..=31 => CiliumVersion::V1_16,
        32 | 33 => CiliumVersion::V1_17,
        _ => CiliumVersion::V1_18,
    })
}

#[derive(Clone, Debug, PartialEq)]
pub struct Subnet {
    pub name: Spanned<String>,
    pub cidr: Cidr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Vnet {
    pub name: Spanned<String>,
    pub address_space: Vec<Cidr>,
    pub subnets: Vec<Subnet>,
    /// Names of the VNets this one is peered with, as written on this VNet.
    pub peerings: Vec<Spanned<String>>,
    /// Linked to the cluster's private DNS zone.
    pub private_dns_link: bool,
}

/// A machine that must reach the API server, such as a jump box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub name: Spanned<String>,
    /// The VNet it sits in; `None` for a machine outside Azure.
    pub vnet: Option<Spanned<String>>,
    pub address: Option<Address>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct AddressPlan {
    /// `None` when the input defines no cluster (only networks).
    pub cluster: Option<ClusterPlan>,
    pub vnets: Vec<Vnet>,
    pub on_premises: Vec<Cidr>,
    pub clients: Vec<Client>,
}

impl AddressPlan {
    pub fn vnet(&self, name: &str) -> Option<&Vnet> {
        self.vnets.iter().find(|v| v.name.value == name)
    }

    /// The VNet and subnet a reference names, when the plan defines both.
    pub fn subnet(&self, reference: &SubnetRef) -> Option<(&Vnet, &Subnet)> {
        let vnet = self.vnet(&reference.vnet)?;
        let subnet = vnet
            .subnets
            .iter()
            .find(|s| s.name.value == reference.subnet)?;
        Some((vnet, subnet))
    }

    /// The CIDR of the subnet a reference names, when the plan defines it.
    pub fn subnet_of(&self, reference: &SubnetRef) -> Option<&Cidr> {
        self.subnet(reference).map(|(_, subnet)| &subnet.cidr)
    }

    /// Each VNet's position in `vnets`, by name.
    pub fn vnet_indices(&self) -> HashMap<&str, usize> {
        self.vnets
            .iter()
            .enumerate()
            .map(|(i, v)| (v.name.value.as_str(), i))
            .collect()
    }

    /// The peered VNets as index pairs (smaller first), written on either side: one pass, for
    /// checks that ask about many pairs.
    pub fn peered_pairs(&self) -> HashSet<(usize, usize)> {
        let index = self.vnet_indices();
        let mut pairs = HashSet::new();
        for (i, vnet) in self.vnets.iter().enumerate() {
            for peer in &vnet.peerings {
                if let Some(&j) = index.get(peer.value.as_str()) {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
        pairs
    }

    /// Whether `a` and `b` are peered, written on either side.
    /// The policy engine the plan's cluster runs (see [`ClusterPlan::policy_engine`]): `None`
    /// when the plan has no cluster or its engine flags are not known; `Engine::None` for a
    /// cluster without a policy flag, the AKS default.
    pub fn policy_engine(&self) -> Option<Engine> {
        self.cluster.as_ref()?.policy_engine()
    }

    pub fn peered(&self, a: &str, b: &str) -> bool {
        let declares = |from: &str, to: &str| {
            self.vnet(from)
                .is_some_and(|v| v.peerings.iter().any(|p| p.value == to))
        };
        declares(a, b) || declares(b, a)
    }
}
