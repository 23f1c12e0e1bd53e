//! `pod-cidr-ignored`: a pod CIDR written for a cluster whose pods do not use one.
//!
//! ## What it finds
//! A pod CIDR (`--pod-cidr`) with Azure CNI, where pods take their addresses from the subnet.
//!
//! ## Why it matters
//! The range is ignored: the plan's reader expects pod addresses the cluster never uses, and the
//! subnet, not this range, must hold the pods.
//!
//! ## Fix
//! None: either the plugin (azure-overlay or kubenet) or the pod CIDR is to change.
//!
//! ## Source
//! AKS "Configure Azure CNI networking", "Use kubenet" and "Azure CNI Overlay": the pod CIDR is
//! used by kubenet and overlay only.

use super::Report;
use crate::codes::Code;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    let plugin = cluster.plugin.value;
    for pod_cidr in &cluster.pod_cidrs {
        if !plugin.uses_pod_cidr() && !pod_cidr.default {
            report.add(
                Code::PodCidrIgnored,
                pod_cidr.span,
                text!(
                    "pod CIDR {0} is ignored with Azure CNI: pods take their addresses from the subnet (use azure-overlay or kubenet to use a pod CIDR)",
                    "Azure CNI ではポッド CIDR {0} は無視されます。ポッドはサブネットからアドレスを取得します (ポッド CIDR を使用するには azure-overlay または kubenet を使用してください)",
                    pod_cidr.text
                ),
                &[&pod_cidr.text],
                None,
            );
        }
    }
}

#[cfg(test)]
fixture_pair_test!(check, PodCidrIgnored, "pod-cidr-ignored", "yaml");
