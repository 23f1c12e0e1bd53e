//! `max-pods-pool-minimum`: a node pool without room for 30 pods.
//!
//! Source: AKS "IP address planning for your AKS clusters", "Configuring maximum pods per node":
//! maxPods may be as low as 10 only if each node pool has space for at least 30 pods (maxPods 10
//! needs three nodes), a minimum "strictly enforced by the AKS service". With the cluster
//! autoscaler the pool may shrink to `--min-count`, so that is the count that must hold 30.

use super::Report;
use super::max_pods_out_of_range::MAX_PODS;
use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::text;

const POOL_MINIMUM: i64 = 30;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    for pool in &cluster.pools {
        // A default maxPods is never below 30; out-of-range values have their own finding.
        let Some(max_pods) = &pool.max_pods else {
            continue;
        };
        let nodes = pool.fewest_nodes();
        let room = max_pods.value.saturating_mul(nodes);
        // A negative count has its own finding (node-count-limit).
        if !MAX_PODS.contains(&max_pods.value)
            || max_pods.value >= POOL_MINIMUM
            || room >= POOL_MINIMUM
            || nodes < 0
        {
            continue;
        }
        let count = if pool.autoscaler.is_some() && pool.min_count.is_some() {
            text!(
                "its autoscaler minimum of {0} nodes",
                "オートスケーラーの最小ノード数 {0}",
                nodes
            )
        } else {
            text!("{0} nodes", "ノード {0} 個", nodes)
        };
        // Enough pods per node for the nodes the pool has: ceil(30 / nodes).
        let fix = (nodes > 0)
            .then(|| ceil_div(POOL_MINIMUM, nodes))
            .filter(|needed| MAX_PODS.contains(needed))
            .map(|needed| {
                Fix::unsafe_edits(
                    text!("Use maxPods {0}", "maxPods {0} を使用する", needed),
                    vec![Edit::replace(max_pods.span, needed.to_string())],
                )
            });
        report.add(
            Code::MaxPodsPoolMinimum,
            max_pods.span,
            text!(
                "node pool {0}: maxPods {1} × {2} = room for {3} pods, but AKS requires room for at least {4} pods in every node pool (maxPods {1} needs {5} nodes)",
                "ノード プール {0}: maxPods {1} × {2} = {3} 個のポッドしか入りませんが、AKS はどのノード プールにも少なくとも {4} 個のポッドの余地を求めます (maxPods {1} にはノードが {5} 個必要です)",
                pool.display_name(),
                max_pods.value,
                count,
                room.max(0),
                POOL_MINIMUM,
                ceil_div(POOL_MINIMUM, max_pods.value)
            ),
            &[],
            fix,
        );
    }
}

/// `a / b` rounded up, for positive `a` and `b` (`b` is at least 1 at every call).
fn ceil_div(a: i64, b: i64) -> i64 {
    (a - 1) / b.max(1) + 1
}

#[cfg(test)]
fixture_pair_test!(check, MaxPodsPoolMinimum, "max-pods-pool-minimum", "sh");
