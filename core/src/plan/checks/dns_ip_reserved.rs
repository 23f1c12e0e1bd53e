//! `dns-ip-reserved`: the DNS service IP is an address of the service CIDR taken for something
//! else.
//!
//! ## What it finds
//! A DNS service IP that is its service CIDR's network address, its first address or (IPv4) its
//! broadcast address.
//!
//! ## Why it matters
//! The first address goes to the `kubernetes` API service, so the cluster DNS service cannot
//! have it; AKS refuses the cluster.
//!
//! ## Fix (unsafe: it changes the deployed network)
//! Uses the tenth address of the service CIDR, as the AKS examples do (10.0.0.10 in
//! 10.0.0.0/16).
//!
//! ## Source
//! AKS "Configure Azure CNI networking" and "Use kubenet": "Don't use the first IP address in
//! your address range", which the `kubernetes` service takes.

use ipnet::IpNet;

use super::{DnsPlacement, Report};
use crate::codes::Code;
use crate::plan::ranges::bounds;
use crate::text;
use crate::text::Text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(dns) = DnsPlacement::of(report.plan) else {
        return;
    };
    // Outside the service CIDR: dns-ip-outside-service-cidr.
    if !dns.net.contains(&dns.ip) {
        return;
    }
    let (_, first, last) = bounds(&dns.net);
    let offset = bounds(&IpNet::from(dns.ip)).1 - first;
    let reason = match offset {
        0 => Some(Text::new("the network address", "ネットワーク アドレス")),
        1 => Some(Text::new(
            "the first address, which the `kubernetes` API service takes",
            "`kubernetes` API サービスが使用する先頭のアドレス",
        )),
        _ if dns.ip.is_ipv4() && first + offset == last => Some(Text::new(
            "the broadcast address",
            "ブロードキャスト アドレス",
        )),
        _ => None,
    };
    if let Some(reason) = reason {
        let fix = dns.fix(report);
        report.add(
            Code::DnsIpReserved,
            dns.dns.span,
            text!(
                "DNS service IP {0} of service CIDR {1} is {2}",
                "サービス CIDR {1} の DNS サービス IP {0} は {2} です",
                dns.dns.text,
                dns.service.text,
                reason
            ),
            &[&dns.dns.text, &dns.service.text],
            fix,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(check, DnsIpReserved, "dns-ip-reserved", "yaml");
