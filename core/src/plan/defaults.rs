//! The values AKS and the az CLI take for cluster settings a plan leaves out. Each becomes a
//! value marked `default` (docs/plan-format.md lists them all with their sources).
//!
//! Sources: AKS "Configure Azure CNI networking" and "Use kubenet" (service CIDR 10.0.0.0/16,
//! DNS service IP 10.0.0.10, pod CIDR 10.244.0.0/16); AKS "Use dual-stack networking"
//! (`--pod-cidrs` defaults to `10.244.0.0/16,fd12:3456:789a::/64` and `--service-cidrs` to
//! `10.0.0.0/16,fd12:3456:789a:1::/108` when `--ip-families ipv4,ipv6` is given without them).

use crate::plan::model::{Cidr, ClusterPlan, IpFamily};

pub(crate) const SERVICE_CIDR: &str = "10.0.0.0/16";
pub(crate) const DNS_SERVICE_IP: &str = "10.0.0.10";
pub(crate) const POD_CIDR: &str = "10.244.0.0/16";
const SERVICE_CIDR_V6: &str = "fd12:3456:789a:1::/108";
const POD_CIDR_V6: &str = "fd12:3456:789a::/64";

/// A dual-stack cluster whose service or pod CIDRs are left at the IPv4 default gets the IPv6
/// default next to it, as AKS does.
pub(crate) fn complete_dual_stack(cluster: &mut ClusterPlan) {
    if !cluster
        .ip_families
        .iter()
        .any(|f| f.value == IpFamily::Ipv6)
    {
        return;
    }
    add_ipv6(&mut cluster.service_cidrs, SERVICE_CIDR_V6);
    add_ipv6(&mut cluster.pod_cidrs, POD_CIDR_V6);
}

fn add_ipv6(list: &mut Vec<Cidr>, ipv6: &str) {
    if let [only] = list.as_slice()
        && only.default
    {
        let span = only.span;
        list.push(Cidr::default_value(ipv6, span));
    }
}

#[cfg(test)]
mod tests {
    use crate::codes::Code;
    use crate::manifest::SourceFile;
    use crate::plan::check_plan;

    /// The same defaults in a NetworkPlan: a dual-stack cluster needs no written IPv6 range.
    #[test]
    fn a_dual_stack_network_plan_takes_the_ipv6_defaults() {
        let yaml = "kind: NetworkPlan\ncluster:\n  networkPlugin: azure-overlay\n  ipFamilies: [ipv4, ipv6]\n";
        let report = check_plan(&SourceFile::new("p.yaml", yaml), 0);
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.code == Code::IpFamilyMismatch)
        );
        let cluster = report.plan.cluster.unwrap();
        let pods: Vec<(&str, bool)> = cluster
            .pod_cidrs
            .iter()
            .map(|c| (c.text.as_str(), c.default))
            .collect();
        assert_eq!(
            pods,
            [("10.244.0.0/16", true), ("fd12:3456:789a::/64", true)]
        );
        let ipv4 = "kind: NetworkPlan\ncluster:\n  networkPlugin: azure-overlay\n";
        let report = check_plan(&SourceFile::new("p.yaml", ipv4), 0);
        assert_eq!(report.plan.cluster.unwrap().service_cidrs.len(), 1);
    }
}
