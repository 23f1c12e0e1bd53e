//! `service-cidr-public`: a service CIDR in public address space.
//!
//! Sources: AKS "IP address planning for your AKS clusters" (the Kubernetes service address
//! range: "Any network element on or connected to this virtual network must not use this
//! range"); Kubernetes "Virtual IPs and Service Proxies" (every node intercepts traffic to the
//! service range and sends it to the cluster's own services). A public service range therefore
//! hides the real hosts at those addresses from every pod and node. Private space is RFC 1918
//! (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), RFC 6598 shared space (100.64.0.0/10, routed on
//! no public network) and, for IPv6, RFC 4193 unique local addresses (`fc00::/7`, `fd00::/8` in use).

use ipnet::IpNet;

use super::{Report, Role, aks_reserved, relocation, service_cidr};
use crate::codes::Code;
use crate::plan::ranges::overlaps;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    let private: Vec<IpNet> = [
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "fc00::/7",
    ]
    .iter()
    .filter_map(|s| s.parse().ok())
    .collect();
    for cidr in &cluster.service_cidrs {
        let Some(net) = cidr.network() else {
            continue;
        };
        // Ranges AKS reserves have their own finding (service-cidr-reserved-range).
        if private.iter().any(|p| p.contains(&net))
            || aks_reserved().iter().any(|r| overlaps(r, &net))
        {
            continue;
        }
        let fix = relocation(report, Role::Service, cidr);
        report.add(
            Code::ServiceCidrPublic,
            cidr.span,
            text!(
                "{0} is not private address space: pods and nodes reaching the public hosts at those addresses reach the cluster's services instead (private: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10; fd00::/8 for IPv6)",
                "{0} はプライベート アドレス空間ではありません。ポッドやノードがこれらのアドレスのパブリック ホストにアクセスすると、代わりにクラスターのサービスに到達します (プライベート: 10.0.0.0/8、172.16.0.0/12、192.168.0.0/16、100.64.0.0/10、IPv6 は fd00::/8)",
                super::describe(&service_cidr(), cidr)
            ),
            &[&cidr.text],
            fix,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(check, ServiceCidrPublic, "service-cidr-public", "yaml");
