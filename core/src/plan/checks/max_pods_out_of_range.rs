//! `max-pods-out-of-range`: a node pool's `maxPods` outside what AKS accepts.
//!
//! ## What it finds
//! A `maxPods` (`--max-pods`) below 10 or above 250.
//!
//! ## Why it matters
//! AKS refuses the node pool.
//!
//! ## Fix
//! None: the number of pods per node decides the subnet sizes, so the writer chooses it.
//!
//! ## Source
//! AKS "Configure Azure CNI networking", "Use kubenet" and "Azure CNI Overlay": the maximum pods
//! per node is between 10 and 250.

use super::Report;
use crate::codes::Code;
use crate::text;

/// The `maxPods` values AKS accepts.
pub(super) const MAX_PODS: std::ops::RangeInclusive<i64> = 10..=250;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    for pool in &cluster.pools {
        if let Some(max_pods) = &pool.max_pods
            && !MAX_PODS.contains(&max_pods.value)
        {
            report.add(
                Code::MaxPodsOutOfRange,
                max_pods.span,
                text!(
                    "maxPods {0} is outside {1}-{2}, what AKS accepts per node",
                    "maxPods {0} が、AKS がノードあたりに受け付ける {1}-{2} の範囲外です",
                    max_pods.value,
                    MAX_PODS.start(),
                    MAX_PODS.end()
                ),
                &[],
                None,
            );
        }
    }
}

#[cfg(test)]
fixture_pair_test!(check, MaxPodsOutOfRange, "max-pods-out-of-range", "yaml");
