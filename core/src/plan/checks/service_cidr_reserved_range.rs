//! `service-cidr-reserved-range`: a service CIDR on a range AKS keeps for itself.
//!
//! ## What it finds
//! A service CIDR that overlaps 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24.
//!
//! ## Why it matters
//! AKS refuses to create the cluster.
//!
//! ## Fix (unsafe: it changes the deployed network)
//! Moves the service CIDR, and the DNS service IP with it, to a free private range of the same
//! size.
//!
//! ## Source
//! AKS "Configure Azure CNI networking" and "Use kubenet": the service CIDR must not use
//! 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24.

use super::{Report, Role, aks_reserved, relocation, service_cidr};
use crate::codes::Code;
use crate::plan::ranges::overlaps;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    for cidr in &cluster.service_cidrs {
        let Some(net) = cidr.network() else {
            continue;
        };
        if let Some(reserved) = aks_reserved().into_iter().find(|r| overlaps(r, &net)) {
            let fix = relocation(report, Role::Service, cidr);
            report.add(
                Code::ServiceCidrReservedRange,
                cidr.span,
                text!(
                    "{0} {1}, which AKS reserves",
                    "{0} は AKS が予約している {1}",
                    super::describe(&service_cidr(), cidr),
                    super::overlap_phrase(&net, &reserved)
                ),
                &[&cidr.text],
                fix,
            );
        }
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    ServiceCidrReservedRange,
    "service-cidr-reserved-range",
    "yaml"
);
