//! `pod-cidr-reserved-range`: a pod CIDR on a range AKS keeps for itself.
//!
//! ## What it finds
//! A pod CIDR that overlaps 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24 (a pod
//! CIDR the cluster ignores, `pod-cidr-ignored`, is not judged).
//!
//! ## Why it matters
//! AKS refuses to create the cluster.
//!
//! ## Fix (unsafe: it changes the deployed network)
//! Moves the pod CIDR to a free private range of the same size.
//!
//! ## Source
//! AKS "Use kubenet" and "Azure CNI Overlay": the pod CIDR must avoid 169.254.0.0/16,
//! 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24.

use super::{Report, Role, aks_reserved, relocation};
use crate::codes::Code;
use crate::plan::ranges::overlaps;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    let plugin = cluster.plugin.value;
    for pod_cidr in &cluster.pod_cidrs {
        // Ignored with Azure CNI: pod-cidr-ignored.
        if !plugin.uses_pod_cidr() && !pod_cidr.default {
            continue;
        }
        let Some(net) = pod_cidr.network() else {
            continue;
        };
        if let Some(reserved) = aks_reserved().into_iter().find(|r| overlaps(r, &net)) {
            let fix = relocation(report, Role::Pod, pod_cidr);
            report.add(
                Code::PodCidrReservedRange,
                pod_cidr.span,
                text!(
                    "{0} {1}, which AKS reserves",
                    "{0} は AKS が予約している {1}",
                    super::describe(&super::pod_cidr(), pod_cidr),
                    super::overlap_phrase(&net, &reserved)
                ),
                &[&pod_cidr.text],
                fix,
            );
        }
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    PodCidrReservedRange,
    "pod-cidr-reserved-range",
    "yaml"
);
