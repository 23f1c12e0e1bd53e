//! `service-cidr-too-large`: a service CIDR larger than Kubernetes accepts.
//!
//! ## What it finds
//! An IPv4 service CIDR larger than /12, or an IPv6 one larger than /108.
//!
//! ## Why it matters
//! The API server refuses the service range, so the cluster cannot be created.
//!
//! ## Fix
//! None: the range to keep is the writer's choice.
//!
//! ## Source
//! Kubernetes `kube-apiserver --service-cluster-ip-range` (an IPv4 range larger than /12, or an
//! IPv6 range larger than /108, is refused), which AKS passes the service CIDR to (AKS
//! "Configure Azure CNI networking").

use ipnet::IpNet;

use super::Report;
use crate::codes::Code;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    for cidr in &cluster.service_cidrs {
        let Some(net) = cidr.network() else {
            continue;
        };
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
}

#[cfg(test)]
fixture_pair_test!(check, ServiceCidrTooLarge, "service-cidr-too-large", "yaml");
