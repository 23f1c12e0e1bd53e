//! The service CIDR and DNS service IP: `service-cidr-reserved-range`, `service-cidr-too-large`,
//! `dns-ip-outside-service-cidr` and `dns-ip-reserved`.
//!
//! Sources: AKS "Configure Azure CNI networking" and "Use kubenet" (the DNS service IP must be
//! inside the service CIDR and must not be its first address, which the `kubernetes` service
//! takes; the service CIDR must avoid 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and
//! 192.0.2.0/24); Kubernetes `kube-apiserver --service-cluster-ip-range` (an IPv4 range larger
//! than /12, or an IPv6 range larger than /108, is refused).

use std::net::IpAddr;

use ipnet::IpNet;

use super::{Report, Role, Setting, aks_reserved, relocation, service_cidr, use_title};
use crate::codes::Code;
use crate::fix::Fix;
use crate::plan::ranges::{bounds, nth_address, overlaps};
use crate::text;
use crate::text::Text;

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
        let (largest, family) = match net {
            IpNet::V4(_) => (12, "IPv4"),
            IpNet::V6(_) => (108, "IPv6"),
        };
        if net.prefix_len() < largest {
            report.add(
                Code::ServiceCidrTooLarge,
                cidr.span,
                text!(
                    "service CIDR {0} is larger than /{1}, the largest {2} service range Kubernetes accepts",
                    "サービス CIDR {0} は、Kubernetes が受け付ける {2} サービス範囲の最大である /{1} より大きくなっています",
                    cidr.text,
                    largest,
                    family
                ),
                &[&cidr.text],
                None,
            );
        }
    }
    check_dns_ip(report);
}

/// The DNS service IP: inside a service CIDR, and not one of its reserved addresses.
fn check_dns_ip(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    let Some(dns) = &cluster.dns_service_ip else {
        return;
    };
    let Some(ip) = dns.ip else {
        return;
    };
    let same_family: Vec<(&crate::plan::model::Cidr, IpNet)> = cluster
        .service_cidrs
        .iter()
        .filter_map(|c| Some((c, c.network()?)))
        .filter(|(_, n)| n.addr().is_ipv4() == ip.is_ipv4())
        .collect();
    let Some(&(service, net)) = same_family
        .iter()
        .find(|(_, n)| n.contains(&ip))
        .or(same_family.first())
    else {
        return;
    };
    let suggestion = nth_address(&net, 10);
    let fix = |report: &Report<'_>, to: IpAddr| {
        let span = (!dns.default).then_some(dns.span);
        Fix::unsafe_edits(
            use_title(to),
            report
                .writer
                .set(cluster, Setting::DnsServiceIp, span, &to.to_string()),
        )
    };
    if !net.contains(&ip) {
        let fix = suggestion.map(|to| fix(report, to));
        report.add(
            Code::DnsIpOutsideServiceCidr,
            dns.span,
            text!(
                "DNS service IP {0} is outside {1}",
                "DNS サービス IP {0} が {1} の範囲外です",
                dns.text,
                super::describe(&service_cidr(), service)
            ),
            &[&dns.text, &service.text],
            fix,
        );
        return;
    }
    let (_, first, last) = bounds(&net);
    let offset = bounds(&IpNet::from(ip)).1 - first;
    let reason = match offset {
        0 => Some(Text::new("the network address", "ネットワーク アドレス")),
        1 => Some(Text::new(
            "the first address, which the `kubernetes` API service takes",
            "`kubernetes` API サービスが使用する先頭のアドレス",
        )),
        _ if ip.is_ipv4() && first + offset == last => Some(Text::new(
            "the broadcast address",
            "ブロードキャスト アドレス",
        )),
        _ => None,
    };
    if let Some(reason) = reason {
        let fix = suggestion.map(|to| fix(report, to));
        report.add(
            Code::DnsIpReserved,
            dns.span,
            text!(
                "DNS service IP {0} of service CIDR {1} is {2}",
                "サービス CIDR {1} の DNS サービス IP {0} は {2} です",
                dns.text,
                service.text,
                reason
            ),
            &[&dns.text, &service.text],
            fix,
        );
    }
}
