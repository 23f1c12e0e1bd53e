//! `ip-family-mismatch`: the cluster's ranges do not match its IP families.
//!
//! ## What it finds
//! `ipFamilies` other than `[ipv4]` or `[ipv4, ipv6]`; a service or pod CIDR of a family the
//! cluster does not have; ranges not listed in the order of `ipFamilies`; a family without
//! exactly one service CIDR (and pod CIDR, when pods use one).
//!
//! ## Why it matters
//! AKS refuses the cluster: each family needs its own range of each kind.
//!
//! ## Fix
//! None: the missing range is the writer's to choose.
//!
//! ## Source
//! AKS "Use dual-stack networking" (kubenet or Azure CNI Overlay): one IPv4 and one IPv6 range
//! each for pods and services, matching `ipFamilies`; AKS has no IPv6-only clusters.

use ipnet::IpNet;

use super::{Report, service_cidr};
use crate::codes::Code;
use crate::plan::model::IpFamily;
use crate::text;

/// Dual-stack: each family in `ipFamilies` needs one pod CIDR (when pods use one) and one service
/// CIDR of that family, and no range may be of a family the cluster does not have.
pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    let families: Vec<IpFamily> = if cluster.ip_families.is_empty() {
        vec![IpFamily::Ipv4]
    } else {
        cluster.ip_families.iter().map(|f| f.value).collect()
    };
    let family_of = |net: IpNet| {
        if net.addr().is_ipv4() {
            IpFamily::Ipv4
        } else {
            IpFamily::Ipv6
        }
    };
    let name = |f: IpFamily| if f == IpFamily::Ipv4 { "IPv4" } else { "IPv6" };
    let at = cluster.ip_families.first().map_or(cluster.span, |f| f.span);
    let mut lists = vec![(service_cidr(), &cluster.service_cidrs)];
    if cluster.plugin.value.uses_pod_cidr() {
        lists.push((super::pod_cidr(), &cluster.pod_cidrs));
    }
    let written: Vec<IpFamily> = cluster.ip_families.iter().map(|f| f.value).collect();
    if !written.is_empty()
        && written != [IpFamily::Ipv4]
        && written != [IpFamily::Ipv4, IpFamily::Ipv6]
    {
        report.add(
            Code::IpFamilyMismatch,
            at,
            text!(
                "ipFamilies must be [ipv4] or [ipv4, ipv6]: AKS has no IPv6-only clusters",
                "ipFamilies は [ipv4] または [ipv4, ipv6] である必要があります。AKS には IPv6 のみのクラスターはありません"
            ),
            &[],
            None,
        );
        return;
    }
    for (what, list) in lists {
        if list.is_empty() {
            continue;
        }
        let parsed: Vec<(&crate::plan::model::Cidr, IpFamily)> = list
            .iter()
            .filter_map(|c| Some((c, family_of(c.network()?))))
            .collect();
        for (cidr, family) in &parsed {
            if !families.contains(family) {
                report.add(
                    Code::IpFamilyMismatch,
                    cidr.span,
                    text!(
                        "{0} {1} is {2} but the cluster's ipFamilies do not include it",
                        "{0} {1} は {2} ですが、クラスターの ipFamilies に {2} が含まれていません",
                        what,
                        cidr.text,
                        name(*family)
                    ),
                    &[&cidr.text],
                    None,
                );
            }
        }
        let order: Vec<IpFamily> = parsed.iter().map(|(_, f)| *f).collect();
        if order.len() == families.len() && order != families && parsed.len() == list.len() {
            report.add(
                Code::IpFamilyMismatch,
                at,
                text!(
                    "the {0}s must be listed in the order of ipFamilies (IPv4 first)",
                    "{0} は ipFamilies の順序 (IPv4 が先) で記述する必要があります",
                    what
                ),
                &[],
                None,
            );
        }
        for family in &families {
            let count = parsed.iter().filter(|(_, f)| f == family).count();
            if count != 1 && parsed.len() == list.len() {
                let message = if count == 0 {
                    text!(
                        "the cluster has no {0} {1}; each IP family needs exactly one",
                        "クラスターに {0} の {1} がありません。IP ファミリーごとに 1 つだけ必要です",
                        name(*family),
                        what
                    )
                } else {
                    text!(
                        "the cluster has more than one {0} {1}; each IP family needs exactly one",
                        "クラスターに {0} の {1} が複数あります。IP ファミリーごとに 1 つだけ必要です",
                        name(*family),
                        what
                    )
                };
                report.add(Code::IpFamilyMismatch, at, message, &[], None);
            }
        }
    }
}

#[cfg(test)]
fixture_pair_test!(check, IpFamilyMismatch, "ip-family-mismatch", "yaml");
