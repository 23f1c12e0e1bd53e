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

use super::{Report, Role, Setting, aks_reserved, relocation};
use crate::codes::Code;
use crate::fix::Fix;
use crate::plan::ranges::{bounds, nth_address, overlaps};

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
                format!(
                    "{} {}, which AKS reserves",
                    super::describe("service CIDR", cidr),
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
                format!("service CIDR {} is larger than /{largest}, the largest {family} service range Kubernetes accepts", cidr.text),
                &[&cidr.text],
                None,
            );
        }
    }
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
        Fix::new(
            format!("Use {to}"),
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
            format!(
                "DNS service IP {} is outside {}",
                dns.text,
                super::describe("service CIDR", service)
            ),
            &[&dns.text, &service.text],
            fix,
        );
        return;
    }
    let (_, first, last) = bounds(&net);
    let offset = bounds(&IpNet::from(ip)).1 - first;
    let reason = match offset {
        0 => Some("the network address"),
        1 => Some("the first address, which the `kubernetes` API service takes"),
        _ if ip.is_ipv4() && first + offset == last => Some("the broadcast address"),
        _ => None,
    };
    if let Some(reason) = reason {
        let fix = suggestion.map(|to| fix(report, to));
        report.add(
            Code::DnsIpReserved,
            dns.span,
            format!(
                "DNS service IP {} of service CIDR {} is {reason}",
                dns.text, service.text
            ),
            &[&dns.text, &service.text],
            fix,
        );
    }
}
