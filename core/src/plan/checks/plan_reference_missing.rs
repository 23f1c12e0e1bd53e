//! `plan-reference-missing`: the plan names a VNet or subnet it does not define.
//!
//! ## What it finds
//! A node pool's subnet or pod subnet, or the API server subnet, that names a VNet or subnet
//! missing from the plan; a peering with a VNet the plan does not define.
//!
//! ## Why it matters
//! The cluster cannot be created in a subnet that does not exist, nor a VNet peered with one
//! that does not; and nothing about the missing range can be checked.
//!
//! ## Fix
//! None: the name may be misspelt, or the VNet missing from the plan.
//!
//! ## Source
//! AKS "Configure Azure CNI networking" and "Use kubenet networking with your own IP address
//! ranges" (the cluster is deployed into an existing subnet given by `--vnet-subnet-id`); Azure
//! "Add, change, or delete a virtual network subnet".

use super::Report;
use crate::codes::Code;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    let Some(cluster) = &plan.cluster else {
        return;
    };
    let pool_subnets = cluster
        .pools
        .iter()
        .flat_map(|p| p.subnet.iter().chain(&p.pod_subnet));
    for reference in pool_subnets.chain(&cluster.apiserver_subnet) {
        if plan.subnet(reference).is_none() {
            let missing = if plan.vnet(&reference.vnet).is_none() {
                text!("VNet {0}", "仮想ネットワーク {0}", reference.vnet)
            } else {
                text!(
                    "subnet {0} in VNet {1}",
                    "仮想ネットワーク {1} のサブネット {0}",
                    reference.subnet,
                    reference.vnet
                )
            };
            report.add(
                Code::PlanReferenceMissing,
                reference.span,
                text!(
                    "the cluster uses {0}/{1}, but the plan defines no {2}",
                    "クラスターは {0}/{1} を使用していますが、プランには {2} が定義されていません",
                    reference.vnet,
                    reference.subnet,
                    missing
                ),
                &[],
                None,
            );
        }
    }
    for vnet in &plan.vnets {
        for peering in vnet
            .peerings
            .iter()
            .filter(|p| plan.vnet(&p.value).is_none())
        {
            report.add(
                Code::PlanReferenceMissing,
                peering.span,
                text!(
                    "VNet {0} is peered with {1}, which the plan does not define",
                    "仮想ネットワーク {0} は {1} とピアリングされていますが、{1} はプランに定義されていません",
                    vnet.name.value,
                    peering.value
                ),
                &[],
                None,
            );
        }
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    PlanReferenceMissing,
    "plan-reference-missing",
    "yaml"
);
