//! How many addresses the plan needs, with the formula shown.
//!
//! Sources: AKS "Configure Azure CNI networking" (each node takes one address for itself and
//! one per pod it may run: (nodes + surge) × (maxPods + 1)); AKS "Use kubenet" (nodes take
//! subnet addresses, pods take one /24 of the pod CIDR per node); AKS "Azure CNI Overlay"
//! (the same split as kubenet); AKS "IP address planning" (every node pool counts, with the
//! cluster autoscaler's maximum and the upgrade's max surge: "n + number-of-additional-scaled-
//! nodes-you-anticipate + max surge"); Azure reserves 5 addresses in every subnet.

use ipnet::IpNet;
use serde::Serialize;

use crate::plan::model::{AddressPlan, NetworkPlugin, NodePool, SubnetRef};
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

/// One pool's share: how many machines it may run at once, and how they are counted.
struct PoolShare<'c> {
    pool: &'c NodePool,
    machines: u128,
    max_pods: u128,
    /// "nodes 3 + surge 1", or "autoscaler max 10 + surge 1".
    count: Text,
    /// Named when the cluster has more than one pool: "gpu: (nodes 3 + surge 1)".
    term: Text,
}

/// The sizing rows of the plan's cluster; none without a cluster. Every pool counts: pools that
/// share a subnet add up, and with the autoscaler a pool counts its `--max-count`.
pub fn needs(plan: &AddressPlan) -> Vec<Need> {
    let Some(cluster) = &plan.cluster else {
        return Vec::new();
    };
    let plugin = cluster.plugin.value;
    let named = cluster.pools.len() > 1;
    let shares: Vec<PoolShare<'_>> = cluster
        .pools
        .iter()
        .map(|pool| share(pool, plugin, named))
        .collect();
    let pod_subnet = |s: &PoolShare<'_>| pod_subnet_of(s, plugin).is_some();
    let mut rows = Vec::new();
    for (reference, group) in grouped(&shares, |s| cluster.subnet_of(s.pool)) {
        let what = reference.map_or_else(
            || Text::new("node subnet", "ノード サブネット"),
            |r| {
                text!(
                    "node subnet {0}/{1}",
                    "ノード サブネット {0}/{1}",
                    r.vnet,
                    r.subnet
                )
            },
        );
        let terms: Vec<(Text, u128)> = group
            .iter()
            .map(|s| {
                if plugin == NetworkPlugin::Azure && !pod_subnet(s) {
                    let term = text!(
                        "{0} × (maxPods {1} + 1)",
                        "{0} × (maxPods {1} + 1)",
                        s.term,
                        s.max_pods
                    );
                    (term, s.machines.saturating_mul(s.max_pods + 1))
                } else if let [only] = group.as_slice() {
                    (only.count.clone(), s.machines)
                } else {
                    (s.term.clone(), s.machines)
                }
            })
            .collect();
        let (formula, required) = sum(&terms);
        rows.push(subnet_row(plan, what, reference, formula, required));
    }
    let with_pod_subnet: Vec<&PoolShare<'_>> = shares.iter().filter(|s| pod_subnet(s)).collect();
    for (reference, group) in grouped(&with_pod_subnet, |s| pod_subnet_of(s, plugin)) {
        let Some(reference) = reference else {
            continue;
        };
        let terms: Vec<(Text, u128)> = group
            .iter()
            .map(|s| {
                let term = text!("{0} × maxPods {1}", "{0} × maxPods {1}", s.term, s.max_pods);
                (term, s.machines.saturating_mul(s.max_pods))
            })
            .collect();
        let (formula, required) = sum(&terms);
        let what = text!(
            "pod subnet {0}/{1}",
            "ポッド サブネット {0}/{1}",
            reference.vnet,
            reference.subnet
        );
        rows.push(subnet_row(plan, what, Some(reference), formula, required));
    }
    if plugin.uses_pod_cidr() {
        let machines = saturating_sum(shares.iter().map(|s| s.machines));
        let machines_text = joined(shares.iter().map(|s| &s.term));
        for pod_cidr in &cluster.pod_cidrs {
            rows.push(pod_cidr_row(
                &pod_cidr.text,
                pod_cidr.network(),
                machines,
                &machines_text,
            ));
        }
    }
    if let Some(reference) = &cluster.apiserver_subnet {
        rows.push(subnet_row(
            plan,
            text!(
                "API server subnet {0}/{1}",
                "API サーバー サブネット {0}/{1}",
                reference.vnet,
                reference.subnet
            ),
            Some(reference),
            text!(
                "API Server VNet Integration needs a /28 or larger: 16 - 5 = {0}",
                "API サーバー VNet 統合には /28 以上が必要: 16 - 5 = {0}",
                APISERVER_SUBNET_ADDRESSES
            ),
            APISERVER_SUBNET_ADDRESSES,
        ));
    }
    rows
}

/// AKS "API Server VNet Integration": the smallest API server subnet is a /28, whose 16
/// addresses leave 11 once Azure reserves 5.
const APISERVER_SUBNET_ADDRESSES: u128 = 11;

fn share(pool: &NodePool, plugin: NetworkPlugin, named: bool) -> PoolShare<'_> {
    let nodes = pool.most_nodes().max(0).unsigned_abs();
    let surge = pool.max_surge().max(0).unsigned_abs();
    let count = if pool.autoscaler.is_some() && pool.max_count.is_some() {
        text!(
            "autoscaler max {0} + surge {1}",
            "オートスケーラー最大 {0} + サージ {1}",
            nodes,
            surge
        )
    } else {
        text!(
            "nodes {0} + surge {1}",
            "ノード {0} + サージ {1}",
            nodes,
            surge
        )
    };
    let term = if named {
        text!("{0}: ({1})", "{0}: ({1})", pool.display_name(), count)
    } else {
        text!("({0})", "({0})", count)
    };
    PoolShare {
        pool,
        machines: u128::from(nodes) + u128::from(surge),
        max_pods: u128::from(pool.max_pods(plugin).max(0).unsigned_abs()),
        count,
        term,
    }
}

/// The pod subnet of a pool: Azure CNI only.
fn pod_subnet_of<'c>(share: &PoolShare<'c>, plugin: NetworkPlugin) -> Option<&'c SubnetRef> {
    share
        .pool
        .pod_subnet
        .as_ref()
        .filter(|_| plugin == NetworkPlugin::Azure)
}

/// Items grouped by the subnet `key` gives them, in the order the subnets first appear.
fn grouped<'a, T>(
    items: &'a [T],
    key: impl Fn(&'a T) -> Option<&'a SubnetRef>,
) -> Vec<(Option<&'a SubnetRef>, Vec<&'a T>)> {
    let mut groups: Vec<(Option<&SubnetRef>, Vec<&T>)> = Vec::new();
    for item in items {
        let reference = key(item);
        let same = |r: Option<&SubnetRef>| {
            r.map(|r| (&r.vnet, &r.subnet)) == reference.map(|r| (&r.vnet, &r.subnet))
        };
        match groups.iter_mut().find(|(r, _)| same(*r)) {
            Some((_, group)) => group.push(item),
            None => groups.push((reference, vec![item])),
        }
    }
    groups
}

/// "a + b = total", and the total.
fn sum(terms: &[(Text, u128)]) -> (Text, u128) {
    let total = saturating_sum(terms.iter().map(|(_, n)| *n));
    let formula = text!(
        "{0} = {1}",
        "{0} = {1}",
        joined(terms.iter().map(|(t, _)| t)),
        total
    );
    (formula, total)
}

/// Counts from written numbers can be as large as the text makes them.
fn saturating_sum(counts: impl Iterator<Item = u128>) -> u128 {
    counts.fold(0, u128::saturating_add)
}

/// "a + b + c", in both languages.
fn joined<'t>(texts: impl Iterator<Item = &'t Text>) -> Text {
    let texts: Vec<&Text> = texts.collect();
    let join = |lang: Lang| {
        texts
            .iter()
            .map(|t| t.get(lang))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    Text::new(join(Lang::En), join(Lang::Ja))
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
        .and_then(|r| plan.subnet_of(r))
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
