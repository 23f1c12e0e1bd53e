//! `cidr-invalid` and `cidr-not-canonical`: every range must parse, and should be written as its
//! network address.
//!
//! Source: Azure Virtual Network "Plan virtual networks" (address spaces are CIDR blocks) and
//! AKS "Configure Azure CNI networking" (the service CIDR, pod CIDR and Docker bridge fields).
//! A range with host bits set (`10.1.2.3/16`) is read by Azure and Kubernetes as its network
//! (`10.1.0.0/16`), which is seldom what the writer meant.

use super::{Report, Role, labelled_ranges, use_title};
use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::plan::model::AuthorizedRange;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    for (role, cidr) in labelled_ranges(plan) {
        let what = role.describe(plan, cidr);
        match cidr.net {
            None => report.add(
                Code::CidrInvalid,
                cidr.span,
                text!(
                    "{0} is not a CIDR range such as 10.0.0.0/16 or fd00::/64",
                    "{0} は 10.0.0.0/16 や fd00::/64 のような CIDR 範囲ではありません",
                    what
                ),
                &[&cidr.text],
                None,
            ),
            // The Docker bridge is an address with its mask: host bits are the point.
            Some(net) if net.trunc() != net && role != Role::DockerBridge => {
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
            Some(_) => {}
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
