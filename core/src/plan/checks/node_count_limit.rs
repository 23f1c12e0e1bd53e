//! `node-count-limit`: more nodes than the cluster may have, or a pool with too few.
//!
//! ## What it finds
//! Node pools whose nodes together (each pool at its autoscaler maximum when it has one) exceed
//! 400 with kubenet or 5,000 otherwise; a system pool (the first) of fewer than one node, or a
//! pool with a negative count.
//!
//! ## Why it matters
//! A kubenet cluster's route table holds 400 routes, one per node; AKS refuses clusters past
//! 5,000 nodes; a cluster without a node cannot run its own pods.
//!
//! ## Fix
//! None: how many nodes to drop, or to move to another cluster, is the writer's choice.
//!
//! ## Source
//! AKS "Use kubenet networking with your own IP address ranges" (at most 400 routes in a route
//! table, so at most 400 nodes); AKS "Azure CNI Overlay" (5,000 nodes versus 400) and "Quotas,
//! virtual machine size restrictions, and region availability" (5,000 nodes per cluster).

use super::Report;
use crate::codes::Code;
use crate::plan::model::NetworkPlugin;
use crate::text;
use crate::text::Text;

const KUBENET_MAX_NODES: i64 = 400;
const MAX_NODES: i64 = 5_000;

/// The nodes of all pools together, and each pool's node count.
pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    let plugin = cluster.plugin.value;
    let (limit, why) = if plugin == NetworkPlugin::Kubenet {
        (
            KUBENET_MAX_NODES,
            Text::new(
                "a kubenet cluster can have at most 400 nodes (its route table holds 400 routes)",
                "kubenet クラスターのノードは最大 400 個です (ルート テーブルに保持できるルートが 400 個のため)",
            ),
        )
    } else {
        (
            MAX_NODES,
            Text::new(
                "an AKS cluster can have at most 5,000 nodes",
                "AKS クラスターのノードは最大 5,000 個です",
            ),
        )
    };
    let mut total: i64 = 0;
    for (index, pool) in cluster.pools.iter().enumerate() {
        // With the autoscaler, the pool may grow to its maximum.
        let most = pool
            .autoscaler
            .and(pool.max_count.as_ref())
            .or(pool.node_count.as_ref());
        let before = total;
        total = total.saturating_add(pool.most_nodes().max(0));
        if before <= limit
            && total > limit
            && let Some(count) = most
        {
            report.add(
                Code::NodeCountLimit,
                count.span,
                text!("{0} nodes: {1}", "ノード {0} 個: {1}", total, why),
                &[],
                None,
            );
        }
        // The system pool (the first) runs the cluster's own pods; user pools may be empty.
        let system = index == 0;
        if let Some(count) = &pool.node_count
            && count.value < i64::from(system)
        {
            let message = if system {
                text!(
                    "{0} nodes: a cluster needs at least one",
                    "ノード {0} 個: クラスターには少なくとも 1 つのノードが必要です",
                    count.value
                )
            } else {
                text!(
                    "{0} nodes: a node pool cannot have fewer than none",
                    "ノード {0} 個: ノード プールのノード数を負にすることはできません",
                    count.value
                )
            };
            report.add(Code::NodeCountLimit, count.span, message, &[], None);
        }
    }
}

#[cfg(test)]
fixture_pair_test!(check, NodeCountLimit, "node-count-limit", "yaml");
