//! How many addresses the plan needs, with the formula shown.
//!
//! Sources: AKS "Configure Azure CNI networking" (each node takes one address for itself and
//! one per pod it may run: (nodes + surge) × (maxPods + 1)); AKS "Use kubenet" (nodes take
//! subnet addresses, pods take one /24 of the pod CIDR per node); AKS "Azure CNI Overlay"
//! (the same split as kubenet); Azure reserves 5 addresses in every subnet.

use ipnet::IpNet;
use serde::Serialize;

use crate::plan::model::{AddressPlan, NetworkPlugin, SubnetRef};
use crate::plan::ranges::{smallest_subnet, usable};
use crate::text;
use crate::text::{Lang, Text};

/// One sizing row: what needs addresses, how many, and how much room there is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Need {
    /// "node subnet spoke/aks", "pod CIDR", in English.
    pub what: String,
    /// In English; see [`Need::formula_in`].
    pub formula: String,
    #[serde(skip)]
    pub what_ja: String,
    #[serde(skip)]
    pub formula_ja: String,
    pub required: u128,
    /// The range that must hold them, as written.
    pub cidr: Option<String>,
    pub usable: Option<u128>,
    pub headroom: Option<i128>,
    /// The smallest prefix that fits.
    pub smallest_prefix: Option<u8>,
    #[serde(skip)]
    pub subnet: Option<SubnetRef>,
}

impl Need {
    /// What needs the addresses, in `lang`.
    pub fn what_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.what,
            Lang::Ja => &self.what_ja,
        }
    }

    /// How the count is worked out, in `lang`.
    pub fn formula_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.formula,
            Lang::Ja => &self.formula_ja,
        }
    }
}

/// The sizing rows of the plan's cluster; none without a cluster.
pub fn needs(plan: &AddressPlan) -> Vec<Need> {
    let Some(cluster) = &plan.cluster else {
        return Vec::new();
    };
    let nodes = cluster.node_count().max(0).unsigned_abs();
    let surge = cluster.max_surge().max(0).unsigned_abs();
    let max_pods = cluster.max_pods().max(0).unsigned_abs();
    let machines = u128::from(nodes) + u128::from(surge);
    let machines_text = text!(
        "(nodes {0} + surge {1})",
        "(ノード {0} + サージ {1})",
        nodes,
        surge
    );
    let mut rows = Vec::new();
    let node_subnet = |r: Option<&SubnetRef>| {
        r.map_or_else(
            || Text::new("node subnet", "ノード サブネット"),
            |r| {
                text!(
                    "node subnet {0}/{1}",
                    "ノード サブネット {0}/{1}",
                    r.vnet,
                    r.subnet
                )
            },
        )
    };
    match (cluster.plugin.value, &cluster.pod_subnet) {
        (NetworkPlugin::Azure, None) => {
            let required = machines * (u128::from(max_pods) + 1);
            rows.push(subnet_row(
                plan,
                node_subnet(cluster.subnet.as_ref()),
                cluster.subnet.as_ref(),
                text!(
                    "{0} × (maxPods {1} + 1) = {2}",
                    "{0} × (maxPods {1} + 1) = {2}",
                    machines_text,
                    max_pods,
                    required
                ),
                required,
            ));
        }
        (NetworkPlugin::Azure, Some(pod_subnet)) => {
            rows.push(subnet_row(
                plan,
                node_subnet(cluster.subnet.as_ref()),
                cluster.subnet.as_ref(),
                machines_sum(nodes, surge, machines),
                machines,
            ));
            let required = machines * u128::from(max_pods);
            rows.push(subnet_row(
                plan,
                text!(
                    "pod subnet {0}/{1}",
                    "ポッド サブネット {0}/{1}",
                    pod_subnet.vnet,
                    pod_subnet.subnet
                ),
                Some(pod_subnet),
                text!(
                    "{0} × maxPods {1} = {2}",
                    "{0} × maxPods {1} = {2}",
                    machines_text,
                    max_pods,
                    required
                ),
                required,
            ));
        }
        (NetworkPlugin::Kubenet | NetworkPlugin::AzureOverlay, _) => {
            rows.push(subnet_row(
                plan,
                node_subnet(cluster.subnet.as_ref()),
                cluster.subnet.as_ref(),
                machines_sum(nodes, surge, machines),
                machines,
            ));
            for pod_cidr in &cluster.pod_cidrs {
                rows.push(pod_cidr_row(
                    &pod_cidr.text,
                    pod_cidr.network(),
                    machines,
                    &machines_text,
                ));
            }
        }
    }
    rows
}

/// A row for addresses taken from a subnet of the plan.
fn subnet_row(
    plan: &AddressPlan,
    what: Text,
    reference: Option<&SubnetRef>,
    formula: Text,
    required: u128,
) -> Need {
    let cidr = reference
        .and_then(|r| crate::plan::checks::subnet_of(plan, r))
        .map(|c| (c.text.clone(), c.network()));
    let usable_now = cidr
        .as_ref()
        .and_then(|(_, net)| net.map(|n| usable(n.prefix_len(), matches!(n, IpNet::V6(_)))));
    let v6 = cidr
        .as_ref()
        .and_then(|(_, n)| *n)
        .is_some_and(|n| matches!(n, IpNet::V6(_)));
    Need {
        what: what.en,
        formula: formula.en,
        what_ja: what.ja,
        formula_ja: formula.ja,
        required,
        cidr: cidr.map(|(text, _)| text),
        usable: usable_now,
        headroom: usable_now.map(|u| {
            i128::try_from(u).unwrap_or(i128::MAX) - i128::try_from(required).unwrap_or(i128::MAX)
        }),
        smallest_prefix: smallest_subnet(required, v6),
        subnet: reference.cloned(),
    }
}

/// "nodes 3 + surge 1 = 4".
fn machines_sum(nodes: u64, surge: u64, machines: u128) -> Text {
    text!(
        "nodes {0} + surge {1} = {2}",
        "ノード {0} + サージ {1} = {2}",
        nodes,
        surge,
        machines
    )
}

/// Kubenet and overlay give each node a /24 of the pod CIDR (a /80 for IPv6).
fn pod_cidr_row(text: &str, net: Option<IpNet>, machines: u128, machines_text: &Text) -> Need {
    let per_node: u8 = match net {
        Some(IpNet::V6(_)) => 80,
        _ => 24,
    };
    let blocks = |prefix: u8| -> u128 {
        per_node.checked_sub(prefix).map_or(0, |bits| {
            if bits >= 127 {
                u128::MAX
            } else {
                1u128 << bits
            }
        })
    };
    let usable_now = net.map(|n| blocks(n.prefix_len()));
    let smallest = (0..=per_node).rev().find(|&p| blocks(p) >= machines);
    let formula = text!(
        "{0} = {1} nodes need one /{2} each",
        "{0} = {1} 個のノードにそれぞれ /{2} が 1 つ必要",
        machines_text,
        machines,
        per_node
    );
    Need {
        what: "pod CIDR".to_owned(),
        what_ja: "ポッド CIDR".to_owned(),
        formula: formula.en,
        formula_ja: formula.ja,
        required: machines,
        cidr: Some(text.to_owned()),
        usable: usable_now,
        headroom: usable_now.map(|u| {
            i128::try_from(u).unwrap_or(i128::MAX) - i128::try_from(machines).unwrap_or(i128::MAX)
        }),
        smallest_prefix: smallest,
        subnet: None,
    }
}
