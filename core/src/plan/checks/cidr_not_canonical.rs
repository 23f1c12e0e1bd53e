//! `cidr-not-canonical`: a range written with host bits set (`10.1.2.3/16`).
//!
//! ## What it finds
//! A VNet address space, subnet, service or pod range that is not written as its network
//! address. The Docker bridge is an address with its mask, where host bits are the point.
//!
//! ## Why it matters
//! Azure and Kubernetes read `10.1.2.3/16` as its network, `10.1.0.0/16`, which is seldom what
//! the writer meant.
//!
//! ## Fix (safe: the meaning does not change)
//! Writes the network address the range already means.
//!
//! ## Source
//! Azure Virtual Network "Plan virtual networks" (address spaces are CIDR blocks) and AKS
//! "Configure Azure CNI networking" (the service CIDR and pod CIDR fields).

use super::{Report, Role, labelled_ranges, use_title};
use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    for (role, cidr) in labelled_ranges(plan) {
        let Some(net) = cidr.net else {
            continue;
        };
        // The Docker bridge is an address with its mask: host bits are the point.
        if net.trunc() == net || role == Role::DockerBridge {
            continue;
        }
        let what = role.describe(plan, cidr);
        let network = net.trunc().to_string();
        report.add(
            Code::CidrNotCanonical,
            cidr.span,
            text!(
                "{0} has host bits set: it means {1}",
                "{0} にはホスト ビットが設定されています。これは {1} を意味します",
                what,
                network
            ),
            &[&cidr.text],
            Some(Fix::safe_edits(
                use_title(&network),
                vec![Edit::replace(cidr.span, network.clone())],
            )),
        );
    }
}

#[cfg(test)]
fixture_pair_test!(check, CidrNotCanonical, "cidr-not-canonical", "yaml");
