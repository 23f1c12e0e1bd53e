//! `vnet-reserved-range`: a VNet address space on a range Azure (or, for the cluster's VNet, AKS)
//! does not allow.
//!
//! ## What it finds
//! A VNet address space overlapping 224.0.0.0/4 (multicast), 255.255.255.255/32 (broadcast),
//! 127.0.0.0/8 (loopback), 169.254.0.0/16 (link-local) or 168.63.129.16/32 (Azure's internal
//! DNS and health probes); for the VNet the cluster is in, also the ranges AKS reserves
//! (169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24).
//!
//! ## Why it matters
//! Azure refuses the address space, or AKS the cluster in it.
//!
//! ## Fix
//! None: the VNet's ranges are the writer's to choose.
//!
//! ## Source
//! Azure Virtual Network FAQ (address spaces cannot use 224.0.0.0/4, 255.255.255.255/32,
//! 127.0.0.0/8, 169.254.0.0/16 or 168.63.129.16/32); AKS "Configure Azure CNI networking" and
//! "Use kubenet" (169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24 are reserved).

use ipnet::IpNet;

use super::{Report, aks_reserved};
use crate::codes::Code;
use crate::plan::ranges::overlaps;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    let cluster_vnet = plan
        .cluster
        .as_ref()
        .and_then(|c| c.subnet())
        .map(|s| s.vnet.as_str());
    for vnet in &plan.vnets {
        // The cluster's own VNet must also avoid the ranges AKS keeps for itself.
        let mut reserved_here = vnet_reserved();
        if cluster_vnet == Some(vnet.name.value.as_str()) {
            reserved_here.extend(aks_reserved());
        }
        for cidr in &vnet.address_space {
            let Some(net) = cidr.network() else {
                continue;
            };
            if let Some(reserved) = reserved_here.iter().copied().find(|r| overlaps(r, &net)) {
                report.add(
                    Code::VnetReservedRange,
                    cidr.span,
                    text!(
                        "VNet {0} address space {1} {2}, which Azure does not allow in a VNet",
                        "仮想ネットワーク {0} のアドレス空間 {1} は、Azure が仮想ネットワークで許可していない {2}",
                        vnet.name.value,
                        cidr.text,
                        super::overlap_phrase(&net, &reserved)
                    ),
                    &[&cidr.text],
                    None,
                );
            }
        }
    }
}

fn vnet_reserved() -> Vec<IpNet> {
    [
        "224.0.0.0/4",
        "255.255.255.255/32",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "168.63.129.16/32",
    ]
    .iter()
    .filter_map(|s| s.parse().ok())
    .collect()
}

#[cfg(test)]
fixture_pair_test!(check, VnetReservedRange, "vnet-reserved-range", "yaml");
