//! `dns-ip-outside-service-cidr`: the DNS service IP is not in the service CIDR.
//!
//! ## What it finds
//! A DNS service IP outside every service CIDR of its IP family.
//!
//! ## Why it matters
//! AKS refuses to create the cluster: the cluster DNS service takes its address from the
//! service range.
//!
//! ## Fix (unsafe: it changes the deployed network)
//! Uses the tenth address of the service CIDR, as the AKS examples do (10.0.0.10 in
//! 10.0.0.0/16).
//!
//! ## Source
//! AKS "Configure Azure CNI networking" and "Use kubenet": the DNS service IP must be within the
//! Kubernetes service address range.

use super::{DnsPlacement, Report, service_cidr};
use crate::codes::Code;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(dns) = DnsPlacement::of(report.plan) else {
        return;
    };
    if dns.net.contains(&dns.ip) {
        return;
    }
    let fix = dns.fix(report);
    report.add(
        Code::DnsIpOutsideServiceCidr,
        dns.dns.span,
        text!(
            "DNS service IP {0} is outside {1}",
            "DNS サービス IP {0} が {1} の範囲外です",
            dns.dns.text,
            super::describe(&service_cidr(), dns.service)
        ),
        &[&dns.dns.text, &dns.service.text],
        fix,
    );
}

#[cfg(test)]
fixture_pair_test!(
    check,
    DnsIpOutsideServiceCidr,
    "dns-ip-outside-service-cidr",
    "yaml"
);
