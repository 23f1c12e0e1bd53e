//! `subnet-outside-vnet`: a subnet that does not lie inside its VNet's address space.
//!
//! ## What it finds
//! A subnet whose range is inside none of the address spaces of the VNet that holds it (a VNet
//! whose address space the plan does not give is not judged).
//!
//! ## Why it matters
//! Azure refuses to create the subnet, and with it the cluster that uses it.
//!
//! ## Fix
//! None: either the subnet or the VNet's address space is wrong, and only the writer knows which.
//!
//! ## Source
//! Azure "Add, change, or delete a virtual network subnet": a subnet's address range must lie
//! within the address space of its virtual network.

use ipnet::IpNet;

use super::Report;
use crate::codes::Code;
use crate::plan::model::Cidr;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    for vnet in &plan.vnets {
        let spaces: Vec<IpNet> = vnet
            .address_space
            .iter()
            .filter_map(Cidr::network)
            .collect();
        for subnet in &vnet.subnets {
            let Some(net) = subnet.cidr.network() else {
                continue;
            };
            if !spaces.is_empty() && !spaces.iter().any(|space| space.contains(&net)) {
                let name = format!("{}/{}", vnet.name.value, subnet.name.value);
                let space: Vec<&str> = vnet.address_space.iter().map(|c| c.text.as_str()).collect();
                report.add(
                    Code::SubnetOutsideVnet,
                    subnet.cidr.span,
                    text!(
                        "subnet {0} {1} is outside VNet {2} ({3})",
                        "サブネット {0} {1} が仮想ネットワーク {2} ({3}) の範囲外です",
                        name,
                        subnet.cidr.text,
                        vnet.name.value,
                        space.join(", ")
                    ),
                    &[&subnet.cidr.text],
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
fixture_pair_test!(check, SubnetOutsideVnet, "subnet-outside-vnet", "yaml");
