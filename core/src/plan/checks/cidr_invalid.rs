//! `cidr-invalid`: a range or address of the plan that does not parse.
//!
//! ## What it finds
//! A VNet address space, subnet, service, pod or Docker bridge range that is not a CIDR range;
//! a DNS service IP or egress address that is not an IP address; an API server authorized range
//! that is neither an address nor a CIDR range.
//!
//! ## Why it matters
//! Azure and the az CLI refuse the value, so the deployment fails; the other checks cannot judge
//! a range they cannot read.
//!
//! ## Fix
//! None: only the writer knows the range meant.
//!
//! ## Source
//! Azure Virtual Network "Plan virtual networks" (address spaces are CIDR blocks) and AKS
//! "Configure Azure CNI networking" (the service CIDR, DNS service IP, pod CIDR and Docker bridge
//! fields); AKS "Secure access to the API server using authorized IP address ranges" (addresses
//! and CIDR ranges).

use super::{Report, labelled_ranges};
use crate::codes::Code;
use crate::plan::model::AuthorizedRange;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    for (role, cidr) in labelled_ranges(plan) {
        if cidr.net.is_none() {
            let what = role.describe(plan, cidr);
            report.add(
                Code::CidrInvalid,
                cidr.span,
                text!(
                    "{0} is not a CIDR range such as 10.0.0.0/16 or fd00::/64",
                    "{0} は 10.0.0.0/16 や fd00::/64 のような CIDR 範囲ではありません",
                    what
                ),
                &[&cidr.text],
                None,
            );
        }
    }
    let Some(cluster) = &plan.cluster else {
        return;
    };
    let addresses = cluster.dns_service_ip.iter().chain(&cluster.egress_ips);
    for address in addresses.filter(|a| a.ip.is_none()) {
        report.add(
            Code::CidrInvalid,
            address.span,
            text!(
                "{0} is not an IP address",
                "{0} は IP アドレスではありません",
                address.text
            ),
            &[&address.text],
            None,
        );
    }
    for range in cluster.authorized_ranges.iter().flatten() {
        if let AuthorizedRange::Range(cidr) = range
            && cidr.net.is_none()
        {
            report.add(
                Code::CidrInvalid,
                cidr.span,
                text!(
                    "authorized range {0} is not an address or CIDR range",
                    "承認済み IP 範囲 {0} はアドレスでも CIDR 範囲でもありません",
                    cidr.text
                ),
                &[&cidr.text],
                None,
            );
        }
    }
}

#[cfg(test)]
fixture_pair_test!(check, CidrInvalid, "cidr-invalid", "yaml");
