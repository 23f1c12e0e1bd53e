//! `az` command lines, as users copy them from the AKS docs (bash or `PowerShell`), read into
//! an [`AddressPlan`].
//!
//! Read: `az network vnet create`, `az network vnet subnet create|update`,
//! `az network vnet peering create`, `az network private-dns link vnet create` (the VNet is
//! linked to the private DNS zone), `az vm create` with `--vnet-name` (a client in that VNet),
//! `az aks create` and `az aks update`, `az aks nodepool add|update|scale` and `az aks scale`
//! (a pool of that cluster), `az network public-ip create` and
//! `az network firewall ip-config create` (a firewall's egress address). Every other command
//! (`az group create`, `kubectl`, ...) is ignored, but a command inside `$(...)` runs like any
//! other.
//!
//! Values keep where they are written (see the `shell` module), so corrections replace exactly
//! that text; a value taken from `NAME=value` points at the assignment. A value that matters
//! but depends on a variable no earlier line assigns, on a placeholder such as `<subnet-id>`, or
//! on a command's output, is not known: it is reported as `az-unresolved-variable` and left out
//! of the plan (with no default in its place), so that the checks do not judge a guess. So is a
//! subnet whose VNet no command here creates or names: it exists outside these commands. Names
//! (of VNets, subnets, the cluster) are kept as written, `$NAME` and `<vnet-name>` included,
//! since they only have to match each other; a subnet resource ID gives its VNet and subnet
//! names even when its subscription or group is a placeholder.
//!
//! In `PowerShell` text, `--api-server-authorized-ip-ranges ""` is `az-powershell-empty-argument`:
//! `PowerShell` drops the empty argument, so az never receives `""`.
//!
//! Defaults are the az CLI's: a VNet without `--address-prefixes` gets 10.0.0.0/16 and its
//! `--subnet-name` subnet the first /24 of it; a cluster without `--network-plugin` is kubenet,
//! without `--service-cidr` 10.0.0.0/16, without `--dns-service-ip` 10.0.0.10 and, when pods
//! take addresses from the pod CIDR, without `--pod-cidr` 10.244.0.0/16; with
//! `--ip-families ipv4,ipv6`, the IPv6 defaults join them (the `defaults` module). Defaults point
//! at the command's name (`az aks create`). `--network-plugin none` (bring your own CNI) is read
//! as kubenet: its pods, too, take addresses outside the VNet.
//!
//! The plan holds one cluster: the first `az aks create` (a later one of the same name replaces
//! it; one of another name is not read). `az aks update` changes that cluster, or makes it when
//! no `az aks create` came before. The pool options of `az aks create|update` (`--node-count`,
//! `--max-pods`, `--max-surge`, the autoscaler's, `--vnet-subnet-id`, ...) are its first, system
//! pool's; `az aks nodepool` commands for a cluster the plan does not create are not read.

mod aks;
mod args;
mod network;

use crate::finding::Finding;
use crate::plan::model::{Address, AddressPlan, Spanned, SubnetRef};
use crate::plan::shell::{self, Command};
use crate::rules::az::unresolved_variable;
use crate::rules::violation::Violation;
use crate::span::Span;

use aks::{ClusterState, PoolVerb};
use args::AzCommand;

/// Reads the `az` commands of `text` into a plan. Never fails: text that cannot be read is a
/// finding, and text without `az` commands is an empty plan.
pub fn read_az(text: &str, file: usize) -> (AddressPlan, Vec<Finding>) {
    let (commands, findings) = shell::parse(text, file);
    let mut reader = Reader {
        file,
        findings,
        plan: AddressPlan::default(),
        powershell: shell::is_powershell(text),
        cluster: None,
        public_ips: Vec::new(),
        firewall_ips: Vec::new(),
        unknown_subnets: Vec::new(),
    };
    if !commands.iter().any(|c| AzCommand::new(c).is_some()) {
        // Nothing here is an `az` command: not a plan, and nothing of it to report.
        return (AddressPlan::default(), Vec::new());
    }
    for command in &commands {
        reader.command(command);
    }
    let (plan, mut findings) = reader.finish();
    findings.sort_by_key(|f| (f.span.start, f.code));
    (plan, findings)
}

struct Reader {
    file: usize,
    findings: Vec<Finding>,
    plan: AddressPlan,
    /// The text is `PowerShell` (see [`shell::is_powershell`]).
    powershell: bool,
    cluster: Option<ClusterState>,
    /// `az network public-ip create`: each name with its address when the command gives one.
    public_ips: Vec<(String, Option<Address>)>,
    /// The public IPs given to firewalls by `az network firewall ip-config create`, by name.
    firewall_ips: Vec<Spanned<String>>,
    /// Subnets created with a range not known here (`--address-prefixes <prefix>`), as
    /// (VNet, subnet) names: they exist, so a reference to them is not a missing subnet.
    unknown_subnets: Vec<(String, String)>,
}

impl Reader {
    fn raise(&mut self, span: Span, violation: Violation) {
        self.findings.push(violation.at(self.file, span));
    }

    fn command(&mut self, command: &Command) {
        let Some(az) = AzCommand::new(command) else {
            return;
        };
        match az.path.as_slice() {
            ["network", "vnet", "create"] => self.vnet_create(&az),
            ["network", "vnet", "subnet", verb @ ("create" | "update")] => {
                self.subnet_create(&az, *verb == "create");
            }
            ["network", "vnet", "peering", "create"] => self.peering_create(&az),
            ["network", "private-dns", "link", "vnet", "create"] => self.dns_link(&az),
            ["vm", "create"] => self.vm_create(&az),
            ["aks", verb @ ("create" | "update")] => self.aks(&az, *verb == "create"),
            ["aks", "nodepool", "add"] => self.nodepool(&az, PoolVerb::Add),
            ["aks", "nodepool", "update" | "scale"] => self.nodepool(&az, PoolVerb::Change),
            ["aks", "scale"] => self.nodepool(&az, PoolVerb::ScaleCluster),
            ["network", "public-ip", "create"] => self.public_ip(&az),
            ["network", "firewall", "ip-config", "create"] => {
                if let Some(ip) = self.name(&az.args, &["--public-ip-address"]) {
                    self.firewall_ips.push(ip);
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> (AddressPlan, Vec<Finding>) {
        if let Some(state) = self.cluster.take() {
            let mut cluster = self.finish_cluster(state);
            if cluster.user_defined_routing() && cluster.egress_ips.is_empty() {
                cluster.egress_ips = self.firewall_addresses();
            }
            self.plan.cluster = Some(cluster);
        }
        (self.plan, self.findings)
    }

    /// A subnet the cluster uses, when a command here makes or names its VNet. A VNet that no
    /// command mentions exists already, outside these commands: its subnet is not known here.
    fn created_subnet(&mut self, subnet: Option<SubnetRef>, flag: &str) -> Option<SubnetRef> {
        let subnet = subnet?;
        let unknown = self
            .unknown_subnets
            .iter()
            .any(|(vnet, name)| *vnet == subnet.vnet && *name == subnet.subnet);
        if unknown && self.plan.subnet(&subnet).is_none() {
            // Its range was reported as unknown where the subnet is created.
            return None;
        }
        if self.plan.vnet(&subnet.vnet).is_some() {
            return Some(subnet);
        }
        self.raise(
            subnet.span,
            unresolved_variable::vnet_not_created(&subnet.vnet, &subnet.subnet, flag),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;
    use crate::finding::Severity;
    use crate::plan::model::{AuthorizedRange, Cidr, ClusterPlan, IpFamily, NetworkPlugin};
    use crate::span::LineIndex;

    const WALKTHROUGH: &str =
        include_str!("../../../../static/examples/network-policy-walkthrough.sh");
    const AZURE_CNI_PS: &str = include_str!("../../../../tests/fixtures/plan/az/azure-cni.ps1");
    const PRIVATE_CLUSTER: &str =
        include_str!("../../../../tests/fixtures/plan/az/private-cluster.sh");

    fn at(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    /// The offset just after the first `marker` in `text`.
    fn after(text: &str, marker: &str) -> usize {
        text.find(marker).unwrap() + marker.len()
    }

    fn cluster(text: &str) -> (ClusterPlan, Vec<Finding>) {
        let (plan, findings) = read_az(text, 0);
        (plan.cluster.expect("a cluster"), findings)
    }

    fn texts(cidrs: &[Cidr]) -> Vec<&str> {
        cidrs.iter().map(|c| c.text.as_str()).collect()
    }

    fn codes(findings: &[Finding]) -> Vec<Code> {
        findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn reads_the_network_policy_walkthrough() {
        let text = WALKTHROUGH;
        let (plan, findings) = read_az(text, 0);
        assert!(findings.is_empty(), "{findings:?}");

        let [vnet] = plan.vnets.as_slice() else {
            panic!("one VNet: {:?}", plan.vnets);
        };
        assert_eq!(vnet.name.value, "myVnet");
        assert_eq!(vnet.name.span.start, after(text, "    --name "));
        assert_eq!(texts(&vnet.address_space), ["10.0.0.0/8"]);
        let space = &vnet.address_space[0];
        assert!(!space.default);
        assert_eq!(at(text, space.span), "10.0.0.0/8");
        let [subnet] = vnet.subnets.as_slice() else {
            panic!("one subnet: {:?}", vnet.subnets);
        };
        assert_eq!(subnet.name.value, "myAKSSubnet");
        assert_eq!(at(text, subnet.name.span), "myAKSSubnet");
        assert_eq!(subnet.cidr.text, "10.240.0.0/16");
        assert_eq!(at(text, subnet.cidr.span), "10.240.0.0/16");
        assert!(vnet.peerings.is_empty() && !vnet.private_dns_link);

        let c = plan.cluster.expect("a cluster");
        let name = c.name.as_ref().unwrap();
        assert_eq!(name.value, "myAKSCluster");
        // The value comes from `CLUSTER_NAME=myAKSCluster`: a correction edits the assignment.
        assert_eq!(name.span.start, after(text, "CLUSTER_NAME="));
        assert_eq!(at(text, name.span), "myAKSCluster");
        assert_eq!(c.plugin.value, NetworkPlugin::Azure);
        assert_eq!(c.plugin.span.start, after(text, "--network-plugin "));
        assert_eq!(at(text, c.plugin.span), "azure");
        assert_eq!(c.pools[0].node_count.as_ref().map(|n| n.value), Some(1));
        assert_eq!(
            at(text, c.pools[0].node_count.as_ref().unwrap().span),
            "1",
            "node count span"
        );
        assert_eq!(texts(&c.service_cidrs), ["10.0.0.0/16"]);
        assert!(!c.service_cidrs[0].default);
        assert_eq!(
            c.service_cidrs[0].span.start,
            after(text, "--service-cidr ")
        );
        assert_eq!(at(text, c.service_cidrs[0].span), "10.0.0.0/16");
        let dns = c.dns_service_ip.as_ref().unwrap();
        assert_eq!((dns.text.as_str(), dns.default), ("10.0.0.10", false));
        assert_eq!(dns.ip, Some("10.0.0.10".parse().unwrap()));
        assert_eq!(at(text, dns.span), "10.0.0.10");
        let bridge = c.docker_bridge.as_ref().unwrap();
        assert_eq!(bridge.text, "172.17.0.1/16");
        assert_eq!(at(text, bridge.span), "172.17.0.1/16");
        let subnet = c.subnet().unwrap();
        assert_eq!(
            (subnet.vnet.as_str(), subnet.subnet.as_str()),
            ("myVnet", "myAKSSubnet")
        );
        assert!(at(text, subnet.span).starts_with("$(az network vnet subnet show"));
        assert!(c.pools[0].pod_subnet.is_none());
        assert!(c.pod_cidrs.is_empty(), "Azure CNI has no pod CIDR");
        assert!(c.region.is_none(), "--location is on az group create only");
        assert!(c.private_cluster.is_none() && c.authorized_ranges.is_none());
        assert!(c.pools[0].max_pods.is_none() && c.pools[0].max_surge.is_none());
        assert!(c.ip_families.is_empty() && c.egress_ips.is_empty());
        assert!(c.private_dns_zone.is_none());
        assert_eq!(c.span.start, text.find("az aks create").unwrap());
        assert!(at(text, c.span).ends_with("--network-policy azure"));
        assert_eq!(c.span.end, text.trim_end().len());
        assert!(plan.clients.is_empty() && plan.on_premises.is_empty());
    }

    #[test]
    fn defaults_are_the_az_cli_defaults() {
        let text = "az aks create -g rg -n c --generate-ssh-keys";
        let (c, findings) = cluster(text);
        assert!(findings.is_empty());
        assert_eq!(c.plugin.value, NetworkPlugin::Kubenet);
        assert_eq!(at(text, c.plugin.span), "az aks create");
        assert_eq!(texts(&c.service_cidrs), ["10.0.0.0/16"]);
        assert!(c.service_cidrs[0].default);
        assert_eq!(at(text, c.service_cidrs[0].span), "az aks create");
        let dns = c.dns_service_ip.as_ref().unwrap();
        assert!(dns.default && dns.text == "10.0.0.10");
        assert_eq!(texts(&c.pod_cidrs), ["10.244.0.0/16"]);
        assert!(c.pod_cidrs[0].default);
        assert!(c.docker_bridge.is_none());
        assert!(
            c.pools[0].node_count.is_none()
                && c.pools[0].max_pods.is_none()
                && c.pools[0].max_surge.is_none()
        );
        assert_eq!(c.span, Span::new(0, text.len()));

        let (c, _) = cluster("az aks create -n c --network-plugin azure");
        assert!(c.pod_cidrs.is_empty());
        assert!(c.service_cidrs[0].default);
    }

    #[test]
    fn authorized_ranges_from_the_docs() {
        let create = "az aks create --resource-group myResourceGroup --name myAKSCluster --vm-set-type VirtualMachineScaleSets --load-balancer-sku standard --api-server-authorized-ip-ranges 73.140.245.0/24 --generate-ssh-keys";
        let (c, findings) = cluster(create);
        assert!(findings.is_empty());
        let ranges = c.authorized_ranges.unwrap();
        let [AuthorizedRange::Range(range)] = ranges.as_slice() else {
            panic!("{ranges:?}");
        };
        assert_eq!(range.net, Some("73.140.245.0/24".parse().unwrap()));
        assert_eq!(at(create, range.span), "73.140.245.0/24");

        // `az aks update` replaces the list of the cluster created above.
        let update = format!(
            "{create}\naz aks update --resource-group myResourceGroup --name myAKSCluster --api-server-authorized-ip-ranges 73.140.245.0/24,193.168.1.0/24"
        );
        let (c, findings) = cluster(&update);
        assert!(findings.is_empty());
        let ranges = c.authorized_ranges.unwrap();
        let written: Vec<String> = ranges.iter().map(AuthorizedRange::text).collect();
        assert_eq!(written, ["73.140.245.0/24", "193.168.1.0/24"]);
        assert_eq!(
            ranges[0].span().start,
            after(&update, "ip-ranges 73.140.245.0/24,") - 16
        );
        assert_eq!(at(&update, ranges[1].span()), "193.168.1.0/24");
        assert!(ranges[1].span().start > update.find("az aks update").unwrap());
        assert_eq!(
            c.span,
            Span::new(0, create.len()),
            "the cluster is where it is created"
        );

        // Update alone: the cluster is made from it.
        let only_update =
            "az aks update -g rg -n myAKSCluster --api-server-authorized-ip-ranges 0.0.0.0/32";
        let (c, _) = cluster(only_update);
        assert_eq!(c.name.unwrap().value, "myAKSCluster");
        let ranges = c.authorized_ranges.unwrap();
        assert!(matches!(&ranges[..], [AuthorizedRange::Range(r)] if r.text == "0.0.0.0/32"));

        for text in [
            "az aks update -g rg -n c --api-server-authorized-ip-ranges \"\"",
            "az aks update -g rg -n c --api-server-authorized-ip-ranges ''",
            "az aks update -g rg -n c `\n  --api-server-authorized-ip-ranges=\"\"",
        ] {
            let (c, findings) = cluster(text);
            assert!(findings.is_empty(), "{text}: {findings:?}");
            let ranges = c.authorized_ranges.unwrap();
            let [AuthorizedRange::Empty(span)] = ranges.as_slice() else {
                panic!("{text}: {ranges:?}");
            };
            assert_eq!(span.start, text.len() - 1, "{text}: between the quotes");
            assert_eq!(span.start, span.end);
        }

        let text =
            "az aks update -g rg -n c --api-server-authorized-ip-ranges AzureCloud,20.20.20.20";
        let ranges = cluster(text).0.authorized_ranges.unwrap();
        let [AuthorizedRange::ServiceTag(tag), AuthorizedRange::Range(ip)] = ranges.as_slice()
        else {
            panic!("{ranges:?}");
        };
        assert_eq!(tag.value, "AzureCloud");
        assert_eq!(at(text, tag.span), "AzureCloud");
        assert_eq!(ip.text, "20.20.20.20");
        assert_eq!(ip.net, Some("20.20.20.20/32".parse().unwrap()));
        assert_eq!(at(text, ip.span), "20.20.20.20");

        let text = "az aks update -g rg -n c --api-server-authorized-ip-ranges 137.117.106.90/29";
        let ranges = cluster(text).0.authorized_ranges.unwrap();
        let [AuthorizedRange::Range(range)] = ranges.as_slice() else {
            panic!("{ranges:?}");
        };
        assert_eq!(range.net, Some("137.117.106.90/29".parse().unwrap()));
        assert_eq!(range.network(), Some("137.117.106.88/29".parse().unwrap()));

        let text = "az aks update -g rg -n c --api-server-authorized-ip-ranges \"2001:db8::1, 10.0.0.0/8\"";
        let ranges = cluster(text).0.authorized_ranges.unwrap();
        assert_eq!(at(text, ranges[0].span()), "2001:db8::1");
        assert_eq!(at(text, ranges[1].span()), "10.0.0.0/8");
        assert!(
            matches!(&ranges[0], AuthorizedRange::Range(r) if r.net == Some("2001:db8::1/128".parse().unwrap()))
        );

        let (c, findings) = cluster("az aks update -n c --api-server-authorized-ip-ranges");
        assert!(c.authorized_ranges.is_none());
        assert_eq!(codes(&findings), [Code::AzSyntax]);
    }

    #[test]
    fn reads_powershell_with_backtick_continuations() {
        let text = AZURE_CNI_PS;
        assert!(
            text.contains("`\r\n"),
            "the fixture keeps its CRLF line ends"
        );
        let (plan, findings) = read_az(text, 0);
        assert!(findings.is_empty(), "{findings:?}");
        let vnet = plan.vnet("myVnet").expect("myVnet");
        // `$VNET_NAME = "myVnet"`: the name points inside the quotes of the assignment.
        assert_eq!(vnet.name.span.start, after(text, "$VNET_NAME = \""));
        assert_eq!(at(text, vnet.name.span), "myVnet");
        assert_eq!(texts(&vnet.address_space), ["10.0.0.0/8"]);
        assert_eq!(at(text, vnet.address_space[0].span), "10.0.0.0/8");
        assert_eq!(vnet.subnets.len(), 1);
        assert_eq!(at(text, vnet.subnets[0].cidr.span), "10.240.0.0/16");

        let c = plan.cluster.expect("a cluster");
        assert_eq!(c.name.as_ref().unwrap().value, "myAKSCluster");
        assert_eq!(c.plugin.value, NetworkPlugin::Azure);
        assert_eq!(c.plugin.span.start, after(text, "--network-plugin="));
        assert_eq!(at(text, c.plugin.span), "azure");
        let subnet = c.subnet().unwrap();
        assert_eq!(
            (subnet.vnet.as_str(), subnet.subnet.as_str()),
            ("myVnet", "myAKSSubnet")
        );
        let ranges = c.authorized_ranges.as_ref().unwrap();
        assert!(
            matches!(&ranges[..], [AuthorizedRange::Empty(span)] if span.start == after(text, "ip-ranges=\""))
        );
        assert!(at(text, c.span).starts_with("az aks create"));
        assert!(at(text, c.span).ends_with("--generate-ssh-keys"));
    }

    #[test]
    fn reads_a_private_cluster_with_peering_and_a_jump_box() {
        let text = PRIVATE_CLUSTER;
        let (plan, findings) = read_az(text, 0);
        assert!(findings.is_empty(), "{findings:?}");
        let aks = plan.vnet("myAKSVnet").unwrap();
        assert_eq!(texts(&aks.address_space), ["10.224.0.0/12"]);
        assert_eq!(aks.subnets[0].name.value, "nodes");
        assert_eq!(aks.subnets[0].cidr.text, "10.224.0.0/16");
        let hub = plan.vnet("hubVnet").unwrap();
        assert_eq!(hub.subnets[0].cidr.text, "10.0.1.0/24");
        let [peer] = hub.peerings.as_slice() else {
            panic!("{:?}", hub.peerings);
        };
        assert_eq!(peer.value, "myAKSVnet");
        assert_eq!(peer.span.end, after(text, "virtualNetworks/myAKSVnet"));
        assert_eq!(at(text, peer.span), "myAKSVnet");
        assert!(plan.peered("myAKSVnet", "hubVnet"));
        let [client] = plan.clients.as_slice() else {
            panic!("{:?}", plan.clients);
        };
        assert_eq!(client.name.value, "jumpbox");
        assert_eq!(client.vnet.as_ref().unwrap().value, "hubVnet");
        assert_eq!(client.address.as_ref().unwrap().text, "10.0.1.4");

        let c = plan.cluster.unwrap();
        assert!(c.is_private());
        assert_eq!(
            at(text, c.private_cluster.clone().unwrap().span),
            "--enable-private-cluster"
        );
        let zone = c.private_dns_zone.clone().unwrap();
        assert_eq!(
            (zone.value.as_str(), at(text, zone.span)),
            ("system", "system")
        );
        assert_eq!(c.plugin.value, NetworkPlugin::AzureOverlay);
        assert_eq!(at(text, c.plugin.span), "overlay");
        assert_eq!(texts(&c.pod_cidrs), ["192.168.0.0/16"]);
        assert!(!c.pod_cidrs[0].default);
        assert_eq!(c.region.as_ref().unwrap().value, "westeurope");
        let subnet = c.subnet().unwrap().clone();
        assert_eq!(
            (subnet.vnet.as_str(), subnet.subnet.as_str()),
            ("myAKSVnet", "nodes")
        );
        // Quoted: the span is the value inside the quotes.
        assert!(at(text, subnet.span).starts_with("/subscriptions/"));
        assert!(at(text, subnet.span).ends_with("/subnets/nodes"));
    }

    #[test]
    fn reads_overlay_and_list_options() {
        let text = "az aks create -n c -g rg --network-plugin azure --network-plugin-mode overlay --pod-cidr 192.168.0.0/16";
        let (c, findings) = cluster(text);
        assert!(findings.is_empty());
        assert_eq!(c.plugin.value, NetworkPlugin::AzureOverlay);
        assert_eq!(texts(&c.pod_cidrs), ["192.168.0.0/16"]);
        assert_eq!(at(text, c.pod_cidrs[0].span), "192.168.0.0/16");

        let text = "az aks create -n c --network-plugin kubenet --ip-families ipv4,ipv6 --pod-cidrs 10.244.0.0/16,fd12:3456:789a::/64 --service-cidrs 10.0.0.0/16,fd12:3456:789a:1::/108 -c 3 --max-pods 50 --load-balancer-outbound-ips /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/ip1,20.1.2.3 -l eastus";
        let (c, findings) = cluster(text);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(c.plugin.value, NetworkPlugin::Kubenet);
        let families: Vec<IpFamily> = c.ip_families.iter().map(|f| f.value).collect();
        assert_eq!(families, [IpFamily::Ipv4, IpFamily::Ipv6]);
        assert_eq!(at(text, c.ip_families[1].span), "ipv6");
        assert_eq!(
            texts(&c.pod_cidrs),
            ["10.244.0.0/16", "fd12:3456:789a::/64"]
        );
        assert_eq!(at(text, c.pod_cidrs[1].span), "fd12:3456:789a::/64");
        assert_eq!(at(text, c.service_cidrs[1].span), "fd12:3456:789a:1::/108");
        assert_eq!(c.pools[0].node_count.as_ref().map(|n| n.value), Some(3));
        assert_eq!(c.pools[0].max_pods.as_ref().map(|n| n.value), Some(50));
        assert_eq!(c.egress_ips.len(), 1);
        assert_eq!(at(text, c.egress_ips[0].span), "20.1.2.3");
        assert_eq!(c.region.unwrap().value, "eastus");

        let text = "az aks create -n c --network-plugin kubenet --network-plugin-mode overlay";
        let (c, findings) = cluster(text);
        assert_eq!(c.plugin.value, NetworkPlugin::Kubenet);
        assert_eq!(codes(&findings), [Code::ManifestInvalidField]);
        assert_eq!(at(text, findings[0].span), "overlay");

        // Migration to overlay on an existing Azure CNI cluster.
        let text = "az aks create -n c --network-plugin azure\naz aks update -n c --network-plugin-mode overlay --pod-cidr 10.10.0.0/16";
        let (c, _) = cluster(text);
        assert_eq!(c.plugin.value, NetworkPlugin::AzureOverlay);
        assert_eq!(texts(&c.pod_cidrs), ["10.10.0.0/16"]);
    }

    /// `--network-policy`, `--network-dataplane` and `--kubernetes-version` choose the policy
    /// engine; an unknown value is a finding, a placeholder leaves the engine unknown.
    #[test]
    fn policy_engine_flags() {
        use crate::engine::{CiliumVersion, Engine};
        let engine = |text: &str| read_az(text, 0).0.policy_engine();
        assert_eq!(engine("az network vnet create -n v"), None, "no cluster");
        assert_eq!(engine("az aks create -n c"), Some(Engine::None));
        assert_eq!(
            engine("az aks create -n c --network-plugin azure --network-policy Azure"),
            Some(Engine::Azure)
        );
        assert_eq!(
            engine("az aks create -n c --network-policy calico"),
            Some(Engine::Calico)
        );
        assert_eq!(
            engine("az aks create -n c --network-policy none"),
            Some(Engine::None)
        );
        // The Cilium dataplane is Cilium whatever --network-policy says; its release follows
        // the Kubernetes version.
        let text = "az aks create -n c --network-plugin azure --network-policy azure --network-dataplane cilium -k 1.31.5";
        let (c, findings) = cluster(text);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(
            c.policy_engine(),
            Some(Engine::Cilium(CiliumVersion::V1_16))
        );
        assert_eq!(
            at(text, c.network_dataplane.as_ref().unwrap().span),
            "cilium"
        );
        assert_eq!(at(text, c.network_policy.as_ref().unwrap().span), "azure");
        assert_eq!(
            at(text, c.kubernetes_version.as_ref().unwrap().span),
            "1.31.5"
        );
        for (version, cilium) in [
            ("1.30", CiliumVersion::V1_16),
            ("1.32", CiliumVersion::V1_17),
            ("1.33.1", CiliumVersion::V1_17),
            ("1.34", CiliumVersion::V1_18),
            ("1.35.0", CiliumVersion::V1_18),
        ] {
            assert_eq!(
                engine(&format!(
                    "az aks create -n c --network-plugin azure --network-dataplane cilium --kubernetes-version {version}"
                )),
                Some(Engine::Cilium(cilium)),
                "{version}"
            );
        }
        assert_eq!(
            engine("az aks create -n c --network-plugin azure --network-dataplane cilium"),
            Some(Engine::Cilium(CiliumVersion::default()))
        );
        // The migration: `az aks update --network-dataplane cilium` on an NPM cluster.
        assert_eq!(
            engine(
                "az aks create -n c --network-plugin azure --network-policy azure
az aks update -n c --network-dataplane cilium"
            ),
            Some(Engine::Cilium(CiliumVersion::default()))
        );

        // Values AKS does not take are findings, at the value.
        let text = "az aks create -n c --network-policy antrea --network-dataplane ebpf -k latest";
        let (c, findings) = cluster(text);
        assert_eq!(codes(&findings), [Code::ManifestInvalidField; 3]);
        let spans: Vec<&str> = findings.iter().map(|f| at(text, f.span)).collect();
        assert_eq!(spans, ["antrea", "ebpf", "latest"]);
        assert!(c.network_policy.is_none() && c.kubernetes_version.is_none());
        assert_eq!(
            c.policy_engine(),
            None,
            "an unreadable flag: the engine is not known"
        );

        // A placeholder or an unset variable: reported as unresolved, the engine unknown (not
        // `none`, which would be a guess), until a later command gives a value.
        let text = "az aks create -n c --network-policy <network-policy>";
        let (c, findings) = cluster(text);
        assert_eq!(codes(&findings), [Code::AzUnresolvedVariable]);
        assert!(c.network_policy.is_none());
        assert_eq!(c.policy_engine(), None);
        let (c, findings) = cluster(&format!(
            "{text}
az aks update -n c --network-policy calico"
        ));
        assert_eq!(codes(&findings), [Code::AzUnresolvedVariable]);
        assert_eq!(c.policy_engine(), Some(Engine::Calico));
        let (c, _) = cluster("az aks create -n c --network-dataplane $DATAPLANE");
        assert_eq!(c.policy_engine(), None);
    }

    #[test]
    fn flag_equals_value() {
        let text = "az aks create --name=c --service-cidr=10.1.0.0/16 --dns-service-ip='10.1.0.10' --max-pods=30";
        let (c, findings) = cluster(text);
        assert!(findings.is_empty());
        assert_eq!(c.name.as_ref().unwrap().value, "c");
        assert_eq!(at(text, c.service_cidrs[0].span), "10.1.0.0/16");
        assert_eq!(
            at(text, c.dns_service_ip.as_ref().unwrap().span),
            "10.1.0.10"
        );
        assert_eq!(at(text, c.pools[0].max_pods.as_ref().unwrap().span), "30");
    }

    #[test]
    fn an_unterminated_quote_is_a_finding_and_the_rest_is_read() {
        let text = "az network vnet create -n first --address-prefixes \"10.0.0.0/16\naz network vnet create -n second --address-prefixes 10.1.0.0/16\n";
        let (plan, findings) = read_az(text, 0);
        assert_eq!(codes(&findings), [Code::AzSyntax]);
        let quote = text.find('"').unwrap();
        assert_eq!(findings[0].span, Span::new(quote, quote + 1));
        assert_eq!(
            LineIndex::new(text)
                .position(text, findings[0].span.start)
                .line,
            1
        );
        let first = plan.vnet("first").unwrap();
        assert_eq!(texts(&first.address_space), ["10.0.0.0/16"]);
        assert_eq!(at(text, first.address_space[0].span), "10.0.0.0/16");
        let second = plan.vnet("second").unwrap();
        assert_eq!(texts(&second.address_space), ["10.1.0.0/16"]);
    }

    #[test]
    fn undefined_variables_are_reported_where_they_matter() {
        let text = "az aks create -n $CLUSTER --network-plugin azure --vnet-subnet-id $UNDEFINED --service-cidr ${SVC}";
        let (c, findings) = cluster(text);
        assert_eq!(
            codes(&findings),
            [Code::AzUnresolvedVariable, Code::AzUnresolvedVariable]
        );
        assert!(findings.iter().all(|f| f.severity == Severity::Info));
        assert_eq!(at(text, findings[0].span), "$UNDEFINED");
        assert_eq!(at(text, findings[1].span), "${SVC}");
        assert!(c.subnet().is_none());
        // An unknown service CIDR is not replaced by the default.
        assert!(c.service_cidrs.is_empty());
        // Names stay as written.
        assert_eq!(c.name.unwrap().value, "$CLUSTER");

        let text = "VNET=$(az network vnet list --query [0].name -o tsv)\naz network vnet subnet create --vnet-name $VNET -n s --address-prefixes 10.0.0.0/24\naz aks create -n c --vnet-subnet-id $(az network vnet subnet list --vnet-name x --query [0].id -o tsv)";
        let (plan, findings) = read_az(text, 0);
        assert_eq!(codes(&findings), [Code::AzUnresolvedVariable]);
        assert!(plan.cluster.unwrap().subnet().is_none());
        assert_eq!(plan.vnets[0].subnets[0].cidr.text, "10.0.0.0/24");
    }

    #[test]
    fn placeholders_are_unknown_values() {
        let text = "az aks create --name <cluster-name> \\\n  --network-plugin azure \\\n  --vnet-subnet-id <subnet-id> \\\n  --service-cidr 10.2.0.0/24 \\\n  --load-balancer-outbound-ips <ip-1>,<ip-2>";
        let (c, findings) = cluster(text);
        assert_eq!(c.name.as_ref().unwrap().value, "<cluster-name>");
        assert_eq!(texts(&c.service_cidrs), ["10.2.0.0/24"]);
        assert!(c.subnet().is_none() && c.egress_ips.is_empty());
        let spans: Vec<&str> = findings.iter().map(|f| at(text, f.span)).collect();
        assert_eq!(spans, ["<subnet-id>", "<ip-1>", "<ip-2>"]);
        assert!(
            findings
                .iter()
                .all(|f| f.code == Code::AzUnresolvedVariable)
        );
        assert!(
            findings[0].message.contains("placeholder"),
            "{}",
            findings[0].message
        );
    }

    /// A subnet created with a placeholder range exists: the cluster's reference to it is not
    /// missing, only not checked (azure-cni-powered-by-cilium's "Option 2" block).
    #[test]
    fn a_subnet_with_an_unknown_range_is_not_missing() {
        let text = "az network vnet create -n <vnetName> --address-prefixes 10.0.0.0/8\naz network vnet subnet create --vnet-name <vnetName> --name nodesubnet --address-prefixes <address prefix>\naz aks create -n c --network-plugin azure --vnet-subnet-id /subscriptions/<s>/resourceGroups/<g>/providers/Microsoft.Network/virtualNetworks/<vnetName>/subnets/nodesubnet";
        let (c, findings) = cluster(text);
        assert_eq!(codes(&findings), [Code::AzUnresolvedVariable]);
        assert_eq!(at(text, findings[0].span), "<address prefix>");
        assert!(c.subnet().is_none());
    }

    #[test]
    fn a_subnet_outside_the_commands_is_not_checked() {
        // A resource ID names its VNet and subnet, whatever the placeholders around them.
        let id = "/subscriptions/<subscription-id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/v/subnets/s";
        let text = format!(
            "az network vnet create -n v --address-prefixes 10.224.0.0/12\naz aks create -n c --vnet-subnet-id {id}"
        );
        let (c, findings) = cluster(&text);
        assert!(findings.is_empty(), "{findings:?}");
        let subnet = c.subnet().unwrap();
        assert_eq!((subnet.vnet.as_str(), subnet.subnet.as_str()), ("v", "s"));
        // The same ID without a command that creates VNet v: an existing VNet, not known here.
        let text = format!("az aks create -n c --network-plugin azure --vnet-subnet-id {id}");
        let (c, findings) = cluster(&text);
        assert!(c.subnet().is_none());
        assert_eq!(codes(&findings), [Code::AzUnresolvedVariable]);
        assert_eq!(at(&text, findings[0].span), id);
    }

    #[test]
    fn an_empty_argument_in_powershell_is_a_warning() {
        let flag = "--api-server-authorized-ip-ranges";
        let ps = format!("az aks update -g rg -n c `\n  {flag} \"\"");
        let (c, findings) = cluster(&ps);
        assert_eq!(codes(&findings), [Code::AzPowershellEmptyArgument]);
        assert!(c.authorized_ranges.is_none());
        let fixed = crate::fix::apply(&ps, &findings[0].fix.as_ref().unwrap().edits).0;
        assert!(fixed.ends_with(&format!("{flag}=\"\"")), "{fixed}");
        let (c, findings) = cluster(&fixed);
        assert!(findings.is_empty());
        assert!(matches!(
            c.authorized_ranges.as_deref(),
            Some([AuthorizedRange::Empty(_)])
        ));
        // In bash, `""` is the empty value.
        let (c, findings) = cluster(&format!("az aks update -g rg -n c {flag} ''"));
        assert!(findings.is_empty());
        assert!(matches!(
            c.authorized_ranges.as_deref(),
            Some([AuthorizedRange::Empty(_)])
        ));
    }

    #[test]
    fn dual_stack_takes_the_ipv6_defaults() {
        let (c, _) = cluster(
            "az aks create -n c --network-plugin azure --network-plugin-mode overlay --ip-families ipv4,ipv6",
        );
        assert_eq!(
            texts(&c.pod_cidrs),
            ["10.244.0.0/16", "fd12:3456:789a::/64"]
        );
        assert_eq!(
            texts(&c.service_cidrs),
            ["10.0.0.0/16", "fd12:3456:789a:1::/108"]
        );
        assert!(
            c.pod_cidrs
                .iter()
                .chain(&c.service_cidrs)
                .all(|r| r.default)
        );
        // A written list is kept as written.
        let (c, _) =
            cluster("az aks create -n c --ip-families ipv4,ipv6 --service-cidrs 10.0.0.0/16");
        assert_eq!(texts(&c.service_cidrs), ["10.0.0.0/16"]);
        // Azure CNI pods take VNet addresses: no pod CIDR to complete.
        let (c, _) = cluster("az aks create -n c --network-plugin azure --ip-families ipv4,ipv6");
        assert!(c.pod_cidrs.is_empty());
    }

    #[test]
    fn subnets_peerings_and_vnet_defaults() {
        let text = "az network vnet subnet create -g rg --vnet-name hub -n a --address-prefixes 10.0.0.0/24\naz network vnet create -g rg -n spoke --subnet-name default\naz network vnet peering create -g rg -n p --vnet-name spoke --remote-vnet hub";
        let (plan, findings) = read_az(text, 0);
        assert!(findings.is_empty());
        let hub = plan.vnet("hub").unwrap();
        assert!(hub.address_space.is_empty());
        assert_eq!(hub.subnets[0].cidr.text, "10.0.0.0/24");
        let spoke = plan.vnet("spoke").unwrap();
        assert_eq!(texts(&spoke.address_space), ["10.0.0.0/16"]);
        assert!(spoke.address_space[0].default);
        assert_eq!(
            texts(
                &spoke
                    .subnets
                    .iter()
                    .map(|s| s.cidr.clone())
                    .collect::<Vec<_>>()
            ),
            ["10.0.0.0/24"]
        );
        assert!(spoke.subnets[0].cidr.default);
        assert!(plan.peered("hub", "spoke"));
        assert_eq!(at(text, spoke.peerings[0].span), "hub");

        let (_, findings) = read_az("az network vnet subnet create --vnet-name v", 0);
        assert_eq!(codes(&findings), [Code::ManifestMissingField]);

        // A remote VNet these commands do not create exists all the same, its ranges unknown;
        // one given by `az network vnet show` output is named by that command.
        let text = "az network vnet create -n spoke --address-prefixes 10.1.0.0/16\nHUB_ID=$(az network vnet show -g hub-rg -n hub --query id -o tsv)\naz network vnet peering create -n p --vnet-name spoke --remote-vnet $HUB_ID\naz network vnet peering create -n q --vnet-name spoke --remote-vnet /subscriptions/<sub>/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/onprem-gw";
        let (plan, findings) = read_az(text, 0);
        assert!(findings.is_empty(), "{findings:?}");
        assert!(plan.peered("spoke", "hub") && plan.peered("spoke", "onprem-gw"));
        assert!(plan.vnet("hub").unwrap().address_space.is_empty());
    }

    #[test]
    fn a_number_that_is_not_one_is_a_finding() {
        let text = "az aks create -n c --max-pods lots --node-count 2";
        let (c, findings) = cluster(text);
        assert_eq!(codes(&findings), [Code::ManifestInvalidField]);
        assert_eq!(at(text, findings[0].span), "lots");
        assert!(c.pools[0].max_pods.is_none());
        assert_eq!(c.pools[0].node_count.as_ref().map(|n| n.value), Some(2));
    }

    #[test]
    fn text_without_az_commands_is_an_empty_plan() {
        for text in [
            "",
            "   \n\n",
            "# only a comment\n",
            "kubectl get pods -A\necho \"it's fine\"\n",
            "kubectl apply -f - <<EOF\nkind: Pod\nmetadata:\n  name: 'x\nEOF\n",
            "echo \"unterminated",
        ] {
            let (plan, findings) = read_az(text, 0);
            assert_eq!(plan, AddressPlan::default(), "{text}");
            assert!(findings.is_empty(), "{text}: {findings:?}");
        }
    }

    /// Every span the reader produces lies on character boundaries of the text.
    fn assert_spans_in(text: &str, plan: &AddressPlan, findings: &[Finding]) {
        let mut spans: Vec<Span> = findings.iter().map(|f| f.span).collect();
        for vnet in &plan.vnets {
            spans.push(vnet.name.span);
            spans.extend(vnet.address_space.iter().map(|c| c.span));
            for subnet in &vnet.subnets {
                spans.extend([subnet.name.span, subnet.cidr.span]);
            }
            spans.extend(vnet.peerings.iter().map(|p| p.span));
        }
        if let Some(c) = &plan.cluster {
            spans.extend([c.span, c.plugin.span]);
            spans.extend(c.name.iter().map(|n| n.span));
            spans.extend(
                c.service_cidrs
                    .iter()
                    .chain(&c.pod_cidrs)
                    .chain(&c.docker_bridge)
                    .map(|c| c.span),
            );
            spans.extend(c.dns_service_ip.iter().chain(&c.egress_ips).map(|a| a.span));
            for pool in &c.pools {
                spans.push(pool.span);
                spans.extend(pool.subnet.iter().chain(&pool.pod_subnet).map(|s| s.span));
            }
            spans.extend(c.apiserver_subnet.iter().map(|s| s.span));
            spans.extend(
                c.authorized_ranges
                    .iter()
                    .flatten()
                    .map(AuthorizedRange::span),
            );
        }
        for span in spans {
            assert!(
                span.start <= span.end && text.get(span.start..span.end).is_some(),
                "{span:?} in {text:?}"
            );
        }
    }

    #[test]
    fn no_input_panics() {
        for source in [WALKTHROUGH, AZURE_CNI_PS, PRIVATE_CLUSTER] {
            for end in (0..=source.len()).filter(|&i| source.is_char_boundary(i)) {
                let text = &source[..end];
                let (plan, findings) = read_az(text, 0);
                assert_spans_in(text, &plan, &findings);
                let text = &source[end..];
                let (plan, findings) = read_az(text, 0);
                assert_spans_in(text, &plan, &findings);
            }
        }
        // Byte soup: shell punctuation, az words and random bytes (lossily made text).
        let tokens: &[&[u8]] = &[
            b"az ",
            b"aks ",
            b"create ",
            b"update ",
            b"network ",
            b"vnet ",
            b"subnet ",
            b"peering ",
            b"--name ",
            b"-n ",
            b"--vnet-subnet-id ",
            b"--service-cidr=",
            b"--api-server-authorized-ip-ranges ",
            b"--pod-cidr ",
            b"--remote-vnet ",
            b"--address-prefixes ",
            b"10.0.0.0/16",
            b",",
            b"\"",
            b"'",
            b"$",
            b"$(",
            b")",
            b"(",
            b"${",
            b"}",
            b"\\",
            b"\\\n",
            b"`",
            b"`\r\n",
            b"\n",
            b";",
            b"&&",
            b"|",
            b"#",
            b"<<",
            b"EOF",
            b"<#",
            b"#>",
            b"=",
            b" = ",
            b"X",
            b"$X",
            b"X=",
            b"\xc3\xa9",
            b"\xff",
            b"\xe2\x80",
            b"env:",
            b" ",
            b"\t",
            b"\r",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let mut bytes = Vec::new();
            let length = next() % 120;
            for _ in 0..length {
                let pick = next();
                if pick % 5 == 0 {
                    bytes.push((pick >> 8).to_le_bytes()[0]);
                } else {
                    bytes.extend_from_slice(tokens[(pick >> 8) as usize % tokens.len()]);
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            let (plan, findings) = read_az(&text, 0);
            assert_spans_in(&text, &plan, &findings);
        }
        let nested = format!("az aks create\n{}", "\"$(".repeat(2000));
        let (_, findings) = read_az(&nested, 0);
        assert!(!findings.is_empty());
        let long = "az aks create --name x ".repeat(20_000);
        let (plan, _) = read_az(&long, 0);
        assert!(plan.cluster.is_some());
    }
}
