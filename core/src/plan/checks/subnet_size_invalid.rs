//! `subnet-size-invalid`: a subnet smaller than Azure allows.
//!
//! ## What it finds
//! An IPv4 subnet smaller than /29, or an IPv6 subnet that is not /64.
//!
//! ## Why it matters
//! Azure refuses to create the subnet.
//!
//! ## Fix
//! None: how large the subnet must be depends on what it holds (`subnet-too-small` says so for
//! the cluster's subnets).
//!
//! ## Source
//! Azure "Add, change, or delete a virtual network subnet": the smallest IPv4 subnet is /29, and
//! IPv6 subnets must be exactly /64.

use ipnet::IpNet;

use super::Report;
use crate::codes::Code;
use crate::text;
use crate::text::Text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    for vnet in &plan.vnets {
        for subnet in &vnet.subnets {
            let Some(net) = subnet.cidr.network() else {
                continue;
            };
            let (smallest, v6) = match net {
                IpNet::V4(_) => (29, false),
                IpNet::V6(_) => (64, true),
            };
            if net.prefix_len() > smallest || (v6 && net.prefix_len() != 64) {
                let name = format!("{}/{}", vnet.name.value, subnet.name.value);
                let rule = if v6 {
                    Text::new(
                        "IPv6 subnets must be /64",
                        "IPv6 サブネットは /64 である必要があります",
                    )
                } else {
                    Text::new(
                        "the smallest subnet Azure allows is /29",
                        "Azure で許可される最小のサブネットは /29 です",
                    )
                };
                report.add(
                    Code::SubnetSizeInvalid,
                    subnet.cidr.span,
                    text!(
                        "subnet {0} {1}: {2}",
                        "サブネット {0} {1}: {2}",
                        name,
                        subnet.cidr.text,
                        rule
                    ),
                    &[&subnet.cidr.text],
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
fixture_pair_test!(check, SubnetSizeInvalid, "subnet-size-invalid", "yaml");
