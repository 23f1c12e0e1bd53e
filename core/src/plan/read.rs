//! Reads a `kind: NetworkPlan` YAML document into an [`AddressPlan`].

use crate::fields::FieldReader;
use crate::finding::Finding;
use crate::plan::model::{
    Address, AddressPlan, AuthorizedRange, Cidr, Client, ClusterPlan, IpFamily, NetworkPlugin,
    NodePool, Spanned, Subnet, SubnetRef, Surge, Vnet,
};
use crate::rules::manifest::invalid_field;
use crate::rules::manifest::missing_field;
use crate::rules::plan::unknown_key;
use crate::span::Span;
use crate::yaml::{Node, Value};

/// Reads the plan in `root`. Wrong types and unknown values become findings; the rest is read.
pub fn read_network_plan(root: &Node, file: usize, findings: &mut Vec<Finding>) -> AddressPlan {
    let mut reader = FieldReader::new(file, "NetworkPlan".to_owned(), findings);
    unknown_keys(&mut reader, root, TOP_KEYS, "");
    let cluster = reader.map(root, "cluster", "cluster").map(|node| {
        let mut cluster = read_cluster(&mut reader, node);
        crate::plan::defaults::complete_dual_stack(&mut cluster);
        cluster
    });
    let vnets = reader
        .list(root, "vnets", "vnets")
        .unwrap_or_default()
        .iter()
        .filter_map(|node| read_vnet(&mut reader, node))
        .collect();
    let on_premises = cidr_list(&mut reader, root, "onPremises");
    let clients = reader
        .list(root, "clients", "clients")
        .unwrap_or_default()
        .iter()
        .filter_map(|node| {
            unknown_keys(&mut reader, node, CLIENT_KEYS, "clients[]");
            Some(Client {
                name: spanned_string(&mut reader, node, "name", "clients[].name")?,
                vnet: spanned_string(&mut reader, node, "vnet", "clients[].vnet"),
                address: node
                    .get("address")
                    .and_then(|a| Some(Address::parse(a.as_str()?, a.value_span()))),
            })
        })
        .collect();
    AddressPlan {
        cluster,
        vnets,
        on_premises,
        clients,
    }
}

fn read_cluster(reader: &mut FieldReader<'_>, node: &Node) -> ClusterPlan {
    let known: Vec<&str> = CLUSTER_KEYS.iter().chain(POOL_KEYS).copied().collect();
    unknown_keys(reader, node, &known, "cluster");
    let plugin = match node.get("networkPlugin") {
        None => Spanned::new(NetworkPlugin::Kubenet, node.span),
        Some(value) => {
            let plugin = match value.as_str() {
                Some("azure") => Some(NetworkPlugin::Azure),
                Some("kubenet") => Some(NetworkPlugin::Kubenet),
                Some("azure-overlay" | "overlay") => Some(NetworkPlugin::AzureOverlay),
                _ => None,
            };
            if plugin.is_none() {
                reader.raise(value.span, invalid_field::network_plugin());
            }
            Spanned::new(plugin.unwrap_or(NetworkPlugin::Kubenet), value.span)
        }
    };
    let uses_pod_cidr = plugin.value.uses_pod_cidr();
    let at = node.span;
    let mut service_cidrs = cidr_list(reader, node, "serviceCidr");
    if service_cidrs.is_empty() {
        service_cidrs.push(Cidr::default_value("10.0.0.0/16", Span::empty(at.start)));
    }
    let dns_service_ip = Some(match node.get("dnsServiceIp") {
        Some(value) => Address::parse(value.as_str().unwrap_or_default(), value.value_span()),
        None => Address::default_value("10.0.0.10", Span::empty(at.start)),
    });
    let mut pod_cidrs = cidr_list(reader, node, "podCidr");
    if pod_cidrs.is_empty() && uses_pod_cidr {
        pod_cidrs.push(Cidr::default_value("10.244.0.0/16", Span::empty(at.start)));
    }
    let authorized_ranges =
        node.get("apiServerAuthorizedIpRanges")
            .map(|value| match &value.value {
                Value::Seq(items) => items.iter().map(authorized_range).collect(),
                _ => vec![authorized_range(value)],
            });
    let pools = read_pools(reader, node);
    ClusterPlan {
        name: spanned_string(reader, node, "name", "cluster.name"),
        span: node.span,
        plugin,
        pools,
        service_cidrs,
        dns_service_ip,
        pod_cidrs,
        docker_bridge: node
            .get("dockerBridgeCidr")
            .map(|v| Cidr::parse(v.as_str().unwrap_or_default(), v.value_span())),
        apiserver_subnet: subnet_ref(reader, node, "apiServerSubnet", "cluster"),
        private_cluster: node.get("privateCluster").and_then(|v| {
            reader
                .bool(node, "privateCluster", "cluster.privateCluster")
                .map(|b| Spanned::new(b, v.span))
        }),
        authorized_ranges,
        ip_families: reader
            .list(node, "ipFamilies", "cluster.ipFamilies")
            .unwrap_or_default()
            .iter()
            .filter_map(|item| {
                let family = match item.as_str().map(str::to_ascii_lowercase).as_deref() {
                    Some("ipv4") => IpFamily::Ipv4,
                    Some("ipv6") => IpFamily::Ipv6,
                    _ => {
                        reader.raise(item.span, invalid_field::ip_families());
                        return None;
                    }
                };
                Some(Spanned::new(family, item.span))
            })
            .collect(),
        egress_ips: string_items(node.get("egressIps"))
            .into_iter()
            .map(|(text, span)| Address::parse(&text, span))
            .collect(),
        outbound_type: spanned_string(reader, node, "outboundType", "cluster.outboundType"),
        region: spanned_string(reader, node, "region", "cluster.region"),
        private_dns_zone: spanned_string(reader, node, "privateDnsZone", "cluster.privateDnsZone"),
        network_policy: choice(
            reader,
            node,
            "networkPolicy",
            &["azure", "calico", "cilium", "none"],
        ),
        network_dataplane: choice(reader, node, "networkDataplane", &["azure", "cilium"]),
        kubernetes_version: kubernetes_version(reader, node),
        engine_unknown: None,
        plugin_assumed: false,
    }
}

/// A `cluster` key that takes one of `allowed` (any case; kept lowercase). Another value is
/// reported and not read.
fn choice(
    reader: &mut FieldReader<'_>,
    node: &Node,
    key: &str,
    allowed: &[&str],
) -> Option<Spanned<String>> {
    let value = spanned_string(reader, node, key, &format!("cluster.{key}"))?;
    let lower = value.value.trim().to_ascii_lowercase();
    if allowed.contains(&lower.as_str()) {
        Some(Spanned::new(lower, value.span))
    } else {
        reader.raise(
            value.span,
            invalid_field::plan_choice(key, &allowed.join(", ")),
        );
        None
    }
}

/// `kubernetesVersion`: unquoted, `1.32` is a number to YAML, and `1.30` the number 1.3; AKS
/// has no Kubernetes 1.3, so a number is read with two decimals.
fn kubernetes_version(reader: &mut FieldReader<'_>, node: &Node) -> Option<Spanned<String>> {
    let value = node.get("kubernetesVersion")?;
    let text = match value.value {
        Value::Float(f) => format!("{f:.2}"),
        _ => scalar_text(value),
    };
    if crate::plan::model::cilium_for_kubernetes(&text).is_some() {
        Some(Spanned::new(text, value.value_span()))
    } else {
        reader.raise(value.span, invalid_field::kubernetes_version());
        None
    }
}

/// The cluster mapping holds the system pool's settings; `nodePools` adds the others.
fn read_pools(reader: &mut FieldReader<'_>, node: &Node) -> Vec<NodePool> {
    let mut pools = vec![read_pool(reader, node, "cluster", None)];
    for item in reader
        .list(node, "nodePools", "cluster.nodePools")
        .unwrap_or_default()
    {
        let known: Vec<&str> = ["name"].iter().chain(POOL_KEYS).copied().collect();
        unknown_keys(reader, item, &known, "cluster.nodePools[]");
        // Like a VNet, a pool without a name is reported and left out.
        let Some(name) = spanned_string(reader, item, "name", "cluster.nodePools[].name") else {
            reader.raise(item.span, missing_field::pool_name());
            continue;
        };
        pools.push(read_pool(reader, item, "cluster.nodePools[]", Some(name)));
    }
    pools
}

/// A node pool's settings in `node`; `path` names the mapping in messages.
fn read_pool(
    reader: &mut FieldReader<'_>,
    node: &Node,
    path: &str,
    name: Option<Spanned<String>>,
) -> NodePool {
    let mut text = |key: &str| spanned_string(reader, node, key, &format!("{path}.{key}"));
    let (mode, os_type, os_sku) = (text("mode"), text("osType"), text("osSku"));
    let autoscaler = reader
        .bool(
            node,
            "enableClusterAutoscaler",
            &format!("{path}.enableClusterAutoscaler"),
        )
        .filter(|on| *on)
        .and(node.get("enableClusterAutoscaler"))
        .map(|value| value.span);
    NodePool {
        name,
        span: node.span,
        mode,
        os_type,
        os_sku,
        node_count: spanned_int(reader, node, "nodeCount", path),
        max_pods: spanned_int(reader, node, "maxPods", path),
        max_surge: surge(reader, node, path),
        autoscaler,
        min_count: spanned_int(reader, node, "minCount", path),
        max_count: spanned_int(reader, node, "maxCount", path),
        subnet: subnet_ref(reader, node, "subnet", path),
        pod_subnet: subnet_ref(reader, node, "podSubnet", path),
    }
}

fn read_vnet(reader: &mut FieldReader<'_>, node: &Node) -> Option<Vnet> {
    unknown_keys(reader, node, VNET_KEYS, "vnets[]");
    let Some(name) = spanned_string(reader, node, "name", "vnets[].name") else {
        reader.raise(node.span, missing_field::vnet_name());
        return None;
    };
    let subnets = reader
        .list(node, "subnets", "vnets[].subnets")
        .unwrap_or_default()
        .iter()
        .filter_map(|subnet| {
            unknown_keys(reader, subnet, SUBNET_KEYS, "vnets[].subnets[]");
            let name = spanned_string(reader, subnet, "name", "subnets[].name")?;
            let Some(cidr) = subnet.get("cidr") else {
                reader.raise(subnet.span, missing_field::subnet_cidr());
                return None;
            };
            Some(Subnet {
                name,
                cidr: Cidr::parse(&scalar_text(cidr), cidr.value_span()),
            })
        })
        .collect();
    Some(Vnet {
        name,
        address_space: cidr_list(reader, node, "addressSpace"),
        subnets,
        peerings: string_items(node.get("peerings"))
            .into_iter()
            .map(|(text, span)| Spanned::new(text, span))
            .collect(),
        private_dns_link: reader
            .bool(node, "privateDnsZoneLink", "vnets[].privateDnsZoneLink")
            .unwrap_or(false),
    })
}

/// The keys of each mapping of a plan (docs/plan-format.md). `apiVersion` and `metadata` are
/// allowed at the top, as in every Kubernetes-style document, though the planner does not read
/// them.
const TOP_KEYS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "cluster",
    "vnets",
    "onPremises",
    "clients",
];
const CLUSTER_KEYS: &[&str] = &[
    "name",
    "networkPlugin",
    "serviceCidr",
    "dnsServiceIp",
    "podCidr",
    "dockerBridgeCidr",
    "apiServerSubnet",
    "outboundType",
    "privateCluster",
    "apiServerAuthorizedIpRanges",
    "ipFamilies",
    "egressIps",
    "region",
    "privateDnsZone",
    "networkPolicy",
    "networkDataplane",
    "kubernetesVersion",
    "nodePools",
];
/// A pool's settings: the system pool's in `cluster`, each other pool's in `nodePools`.
const POOL_KEYS: &[&str] = &[
    "nodeCount",
    "maxPods",
    "maxSurge",
    "enableClusterAutoscaler",
    "minCount",
    "maxCount",
    "mode",
    "osType",
    "osSku",
    "subnet",
    "podSubnet",
];
const VNET_KEYS: &[&str] = &[
    "name",
    "addressSpace",
    "subnets",
    "peerings",
    "privateDnsZoneLink",
];
const SUBNET_KEYS: &[&str] = &["name", "cidr"];
const CLIENT_KEYS: &[&str] = &["name", "vnet", "address"];

/// Reports every key of the mapping `node` that is not in `known`, at the key, with the nearest
/// known key: the planner would otherwise skip it in silence and report a plan it did not read
/// as clean. `path` names the mapping (empty at the top).
fn unknown_keys(reader: &mut FieldReader<'_>, node: &Node, known: &[&str], path: &str) {
    for entry in node.entries().unwrap_or_default() {
        let key = scalar_text(&entry.key);
        if known.contains(&key.as_str()) {
            continue;
        }
        let nearest = crate::suggest::nearest(&key, known.iter().copied()).unwrap_or_default();
        reader.raise(
            entry.key.span,
            unknown_key::unknown_key(&key, path, &nearest),
        );
    }
}

fn authorized_range(node: &Node) -> AuthorizedRange {
    let text = scalar_text(node);
    let trimmed = text.trim();
    let span = node.value_span();
    if trimmed.is_empty() {
        AuthorizedRange::Empty(node.span)
    } else if trimmed.chars().any(|c| c.is_ascii_alphabetic())
        && !trimmed.contains(['/', ':'])
        && trimmed.parse::<std::net::IpAddr>().is_err()
    {
        // Service tags: `AzureCloud`, `Sql.WestUS2`, `AzureFrontDoor.Backend`.
        AuthorizedRange::ServiceTag(Spanned::new(trimmed.to_owned(), span))
    } else {
        AuthorizedRange::Range(range_or_address(trimmed, span))
    }
}

/// A CIDR, or an address alone, which means a host-length range.
pub fn range_or_address(text: &str, span: Span) -> Cidr {
    let mut cidr = Cidr::parse(text, span);
    if cidr.net.is_none() {
        cidr.net = text
            .trim()
            .parse::<std::net::IpAddr>()
            .ok()
            .map(ipnet::IpNet::from);
    }
    cidr
}

/// A scalar's text as written (numbers and booleans too), for values that must be strings.
fn scalar_text(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null | Value::Seq(_) | Value::Map(_) => String::new(),
    }
}

/// A string or a list of strings, each with its span.
fn string_items(node: Option<&Node>) -> Vec<(String, Span)> {
    match node.map(|n| &n.value) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Seq(items)) => items
            .iter()
            .map(|i| (scalar_text(i), i.value_span()))
            .collect(),
        Some(_) => node
            .map(|n| vec![(scalar_text(n), n.value_span())])
            .unwrap_or_default(),
    }
}

fn cidr_list(reader: &mut FieldReader<'_>, node: &Node, key: &str) -> Vec<Cidr> {
    if let Some(value) = node.get(key)
        && matches!(value.value, Value::Map(_))
    {
        reader.raise(value.span, invalid_field::cidr_list(&key));
        return Vec::new();
    }
    string_items(node.get(key))
        .into_iter()
        .map(|(text, span)| Cidr::parse(&text, span))
        .collect()
}

fn spanned_string(
    reader: &mut FieldReader<'_>,
    node: &Node,
    key: &str,
    path: &str,
) -> Option<Spanned<String>> {
    let span = node.get(key)?.value_span();
    reader
        .string(node, key, path)
        .map(|s| Spanned::new(s.to_owned(), span))
}

fn spanned_int(
    reader: &mut FieldReader<'_>,
    node: &Node,
    key: &str,
    path: &str,
) -> Option<Spanned<i64>> {
    let span = node.get(key)?.span;
    reader
        .int(node, key, &format!("{path}.{key}"))
        .map(|n| Spanned::new(n, span))
}

/// `maxSurge`: a number of nodes, or a percentage such as `33%`.
fn surge(reader: &mut FieldReader<'_>, node: &Node, path: &str) -> Option<Spanned<Surge>> {
    let value = node.get("maxSurge")?;
    let surge = match &value.value {
        Value::Int(n) => Some(Surge::Nodes(*n)),
        Value::Str(text) => Surge::parse(text),
        _ => None,
    };
    if surge.is_none() {
        reader.raise(value.span, invalid_field::max_surge(&path));
    }
    surge.map(|s| Spanned::new(s, value.span))
}

fn subnet_ref(
    reader: &mut FieldReader<'_>,
    node: &Node,
    key: &str,
    path: &str,
) -> Option<SubnetRef> {
    let value = spanned_string(reader, node, key, &format!("{path}.{key}"))?;
    let parsed = parse_subnet_ref(&value.value, value.span);
    if parsed.is_none() {
        reader.raise(value.span, invalid_field::subnet_reference(&path, &key));
    }
    parsed
}

/// `vnet/subnet`, or `.../virtualNetworks/<vnet>/subnets/<subnet>`.
pub fn parse_subnet_ref(text: &str, span: Span) -> Option<SubnetRef> {
    let parts: Vec<&str> = text.trim().trim_matches('/').split('/').collect();
    let (vnet, subnet) = match parts.as_slice() {
        [vnet, subnet] => (*vnet, *subnet),
        [.., networks, vnet, subnets, subnet]
            if networks.eq_ignore_ascii_case("virtualNetworks")
                && subnets.eq_ignore_ascii_case("subnets") =>
        {
            (*vnet, *subnet)
        }
        _ => return None,
    };
    (!vnet.is_empty() && !subnet.is_empty()).then(|| SubnetRef {
        vnet: vnet.to_owned(),
        subnet: subnet.to_owned(),
        span,
    })
}

#[cfg(test)]
mod tests {
    use crate::engine::{CiliumVersion, Engine};
    use crate::manifest::SourceFile;
    use crate::plan::check_plan;

    fn plan(cluster: &str) -> crate::plan::PlanReport {
        let text = format!("kind: NetworkPlan\ncluster:\n  networkPlugin: azure\n{cluster}");
        check_plan(&SourceFile::new("p.yaml", text), 0)
    }

    #[test]
    fn policy_engine_keys() {
        let report = plan("  networkPolicy: azure\n");
        assert_eq!(report.plan.policy_engine(), Some(Engine::Azure));
        assert_eq!(plan("").plan.policy_engine(), Some(Engine::None));
        for (version, cilium) in [
            ("1.31", CiliumVersion::V1_16),
            ("\"1.30\"", CiliumVersion::V1_16),
            ("1.32", CiliumVersion::V1_17),
            // A number to YAML, 1.4 once read: AKS has no Kubernetes 1.4.
            ("1.40", CiliumVersion::V1_18),
            ("\"1.34.2\"", CiliumVersion::V1_18),
        ] {
            let report = plan(&format!(
                "  networkPolicy: none\n  networkDataplane: Cilium\n  kubernetesVersion: {version}\n"
            ));
            assert!(report.findings.is_empty(), "{:?}", report.findings);
            assert_eq!(
                report.plan.policy_engine(),
                Some(Engine::Cilium(cilium)),
                "{version}"
            );
        }
        let report =
            plan("  networkPolicy: antrea\n  networkDataplane: ebpf\n  kubernetesVersion: soon\n");
        let codes: Vec<_> = report.findings.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [crate::Code::ManifestInvalidField; 3],
            "{:?}",
            report.findings
        );
        assert!(
            report.findings[0]
                .message
                .contains("azure, calico, cilium, none")
        );
    }
}
