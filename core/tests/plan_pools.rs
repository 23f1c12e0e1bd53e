//! Node pools, the cluster autoscaler, API Server VNet Integration and egress through a firewall,
//! read from both plan forms and checked pool by pool.
#![cfg(not(target_arch = "wasm32"))]

use aksnet_core::plan::model::NodePool;
use aksnet_core::plan::{PlanReport, check_plan};
use aksnet_core::{Code, SourceFile};

fn check(text: &str) -> PlanReport {
    check_plan(&SourceFile::new("plan", text), 0)
}

fn codes(report: &PlanReport) -> Vec<Code> {
    report.findings.iter().map(|f| f.code).collect()
}

/// The sizing row whose `what` starts with `what`: (formula, required).
fn row(report: &PlanReport, what: &str) -> (String, u128) {
    let need = report
        .sizing
        .iter()
        .find(|n| n.what.starts_with(what))
        .unwrap_or_else(|| panic!("no {what} row in {:?}", report.sizing));
    (need.formula.clone(), need.required)
}

const SUBNET: &str =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets";

#[test]
fn az_nodepool_commands_add_and_change_pools() {
    let text = format!(
        "az network vnet create -n v --address-prefixes 10.0.0.0/8 --subnet-name nodes --subnet-prefixes 10.240.0.0/16\n\
         az aks create -n c -g rg --network-plugin azure --nodepool-name sys --node-count 2 --max-surge 2 --vnet-subnet-id {SUBNET}/nodes --service-cidr 172.16.0.0/16 --dns-service-ip 172.16.0.10\n\
         az aks nodepool add -g rg --cluster-name c -n gpu --mode User --os-type Linux --os-sku AzureLinux --node-count 1 --max-pods 50\n\
         az aks nodepool update -g rg --cluster-name c -n gpu --enable-cluster-autoscaler --min-count 1 --max-count 8\n\
         az aks nodepool add -g rg --cluster-name other -n ignored --node-count 100\n"
    );
    let report = check(&text);
    let cluster = report.plan.cluster.as_ref().unwrap();
    let names: Vec<&str> = cluster.pools.iter().map(NodePool::display_name).collect();
    assert_eq!(names, ["sys", "gpu"]);
    let gpu = &cluster.pools[1];
    assert_eq!(gpu.mode.as_ref().unwrap().value, "User");
    assert_eq!(gpu.os_sku.as_ref().unwrap().value, "AzureLinux");
    assert!(gpu.autoscaler.is_some());
    assert_eq!((gpu.fewest_nodes(), gpu.most_nodes()), (1, 8));
    // The pool without a subnet of its own shares the cluster's: one row for both.
    assert_eq!(
        row(&report, "node subnet v/nodes"),
        (
            "sys: (nodes 2 + surge 2) × (maxPods 30 + 1) + gpu: (autoscaler max 8 + surge 1) × (maxPods 50 + 1) = 583"
                .to_owned(),
            583
        )
    );
    assert!(codes(&report).is_empty(), "{:?}", report.findings);
}

#[test]
fn the_autoscaler_maximum_must_fit_a_flat_subnet() {
    let plan = |max: u32| {
        format!(
            "kind: NetworkPlan\ncluster:\n  networkPlugin: azure\n  serviceCidr: 172.16.0.0/16\n  dnsServiceIp: 172.16.0.10\n  subnet: v/aks\n  nodeCount: 3\n  enableClusterAutoscaler: true\n  minCount: 3\n  maxCount: {max}\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.0/16\"]\n    subnets:\n      - {{name: aks, cidr: \"10.0.0.0/24\"}}\n"
        )
    };
    // A /24 has 251 usable addresses: 7 + 1 surge nodes of 31 take 248; 8 + 1 take 279.
    assert!(!codes(&check(&plan(7))).contains(&Code::SubnetTooSmall));
    let report = check(&plan(8));
    assert_eq!(codes(&report), [Code::SubnetTooSmall]);
    assert!(
        report.findings[0]
            .message
            .contains("(autoscaler max 8 + surge 1)")
    );
}

#[test]
fn yaml_node_pools_with_their_own_subnets() {
    let yaml = "kind: NetworkPlan\ncluster:\n  networkPlugin: azure\n  serviceCidr: 172.16.0.0/16\n  dnsServiceIp: 172.16.0.10\n  subnet: v/sys\n  podSubnet: v/pods\n  nodePools:\n    - {name: apps, subnet: v/apps, podSubnet: v/pods, nodeCount: 5, maxSurge: 0}\n    - {name: batch, nodeCount: 2, maxPods: 10}\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.0/16\"]\n    subnets:\n      - {name: sys, cidr: \"10.0.0.0/24\"}\n      - {name: apps, cidr: \"10.0.1.0/24\"}\n      - {name: pods, cidr: \"10.0.16.0/20\"}\n";
    let report = check(yaml);
    let cluster = report.plan.cluster.as_ref().unwrap();
    assert_eq!(cluster.pools.len(), 3);
    // The system pool and batch share v/sys; batch has no pod subnet, so its pods take node
    // subnet addresses. A pod subnet's default maxPods is 110.
    assert_eq!(
        row(&report, "node subnet v/sys"),
        (
            "nodepool1: (nodes 3 + surge 1) + batch: (nodes 2 + surge 1) × (maxPods 10 + 1) = 37"
                .to_owned(),
            37
        )
    );
    assert_eq!(row(&report, "node subnet v/apps").1, 5);
    assert_eq!(
        row(&report, "pod subnet v/pods"),
        (
            "nodepool1: (nodes 3 + surge 1) × maxPods 110 + apps: (nodes 5 + surge 0) × maxPods 110 = 990"
                .to_owned(),
            990
        )
    );
    // batch: 10 pods × 2 nodes is below the 30 every pool needs.
    assert_eq!(codes(&report), [Code::MaxPodsPoolMinimum]);

    let unnamed = yaml.replace("{name: batch, ", "{");
    let report = check(&unnamed);
    assert_eq!(report.plan.cluster.as_ref().unwrap().pools.len(), 2);
    assert_eq!(codes(&report), [Code::ManifestMissingField]);
}

#[test]
fn pool_checks_apply_to_every_pool() {
    let yaml = |extra: &str| {
        format!(
            "kind: NetworkPlan\ncluster:\n  networkPlugin: kubenet\n  serviceCidr: 172.16.0.0/16\n  dnsServiceIp: 172.16.0.10\n  podCidr: 10.128.0.0/9\n  nodeCount: 300\n  nodePools:\n    - {{name: more, {extra}}}\n"
        )
    };
    // Together past kubenet's 400 nodes, reported at the pool that goes past.
    let text = yaml("nodeCount: 50, enableClusterAutoscaler: true, minCount: 1, maxCount: 150");
    let report = check(&text);
    assert_eq!(codes(&report), [Code::NodeCountLimit]);
    let finding = &report.findings[0];
    assert_eq!(&text[finding.span.start..finding.span.end], "150");
    assert!(finding.message.starts_with("450 nodes:"));
    assert!(codes(&check(&yaml("nodeCount: 100"))).is_empty());
    // maxPods out of range, and a user pool may be empty but not negative.
    assert_eq!(
        codes(&check(&yaml("maxPods: 300"))),
        [Code::MaxPodsOutOfRange]
    );
    assert!(codes(&check(&yaml("nodeCount: 0"))).is_empty());
    assert_eq!(
        codes(&check(&yaml("nodeCount: -1"))),
        [Code::NodeCountLimit]
    );
    // With the autoscaler, the pool may shrink to its minimum: 10 pods × 2 nodes is too few.
    let scaled = |min: u32| {
        yaml(&format!(
            "maxPods: 10, nodeCount: 3, enableClusterAutoscaler: true, minCount: {min}, maxCount: 5"
        ))
    };
    let report = check(&scaled(2));
    assert_eq!(codes(&report), [Code::MaxPodsPoolMinimum]);
    assert!(
        report.findings[0]
            .message
            .contains("autoscaler minimum of 2 nodes")
    );
    assert!(codes(&check(&scaled(3))).is_empty());
}

#[test]
fn api_server_subnet_is_a_subnet_of_the_plan() {
    let text = format!(
        "az network vnet create -n v --address-prefixes 10.1.0.0/16\n\
         az network vnet subnet create --vnet-name v -n nodes --address-prefixes 10.1.0.0/24\n\
         az network vnet subnet create --vnet-name v -n api --address-prefixes 10.1.0.128/28\n\
         az aks create -n c --network-plugin azure --network-plugin-mode overlay --enable-apiserver-vnet-integration --vnet-subnet-id {SUBNET}/nodes --apiserver-subnet-id {SUBNET}/api\n"
    );
    // Inside the node subnet: the subnets overlap.
    assert_eq!(codes(&check(&text)), [Code::CidrOverlap]);
    let apart = text.replace("10.1.0.128/28", "10.1.1.0/28");
    assert!(codes(&check(&apart)).is_empty());
    let missing = apart.replace("/subnets/api", "/subnets/nowhere");
    assert_eq!(codes(&check(&missing)), [Code::PlanReferenceMissing]);
}

#[test]
fn a_firewall_address_is_checked_only_when_known() {
    let script = |ip_address: &str, ranges: &str| {
        format!(
            "az network vnet create -n v --address-prefixes 10.1.0.0/16 --subnet-name nodes --subnet-prefixes 10.1.0.0/22\n\
             az network public-ip create -g rg -n fw-pip --sku Standard {ip_address}\n\
             az network firewall ip-config create -g rg -f fw -n cfg --public-ip-address fw-pip --vnet-name v\n\
             az aks create -n c --network-plugin azure --network-plugin-mode overlay --outbound-type userDefinedRouting --vnet-subnet-id {SUBNET}/nodes --api-server-authorized-ip-ranges {ranges}\n"
        )
    };
    let report = check(&script("--ip-address 20.1.2.3", "73.140.245.0/24"));
    assert_eq!(codes(&report), [Code::AuthorizedRangesMissEgress]);
    assert!(
        codes(&check(&script(
            "--ip-address 20.1.2.3",
            "73.140.245.0/24,20.1.2.3/32"
        )))
        .is_empty()
    );
    // Azure assigns the address: nothing to judge.
    assert!(codes(&check(&script("", "73.140.245.0/24"))).is_empty());
    // A service tag may cover it.
    assert!(codes(&check(&script("--ip-address 20.1.2.3", "AzureCloud"))).is_empty());
    // Through the load balancer, AKS authorizes its outbound IPs by itself.
    let load_balancer = "kind: NetworkPlan\ncluster:\n  networkPlugin: azure\n  egressIps: [\"20.1.2.3\"]\n  apiServerAuthorizedIpRanges: [\"73.140.245.0/24\"]\n";
    let report = check(load_balancer);
    assert!(!codes(&report).contains(&Code::AuthorizedRangesMissEgress));
    assert_eq!(report.authorized("20.1.2.3".parse().unwrap()), Some(true));
    let firewall = load_balancer.replace(
        "cluster:\n",
        "cluster:\n  outboundType: userDefinedRouting\n",
    );
    let report = check(&firewall);
    assert_eq!(codes(&report), [Code::AuthorizedRangesMissEgress]);
    assert_eq!(report.authorized("20.1.2.3".parse().unwrap()), Some(false));
}

#[test]
fn public_service_ranges_are_warned_of() {
    let plan = |range: &str| {
        let dns = range.replace(".0/16", ".10");
        format!(
            "kind: NetworkPlan\ncluster:\n  ipFamilies: [ipv4, ipv6]\n  serviceCidr: [\"{range}\", \"fd12:3456:789a:1::/108\"]\n  dnsServiceIp: {dns}\n  podCidr: [10.244.0.0/16, \"fd12:3456:789a::/64\"]\n"
        )
    };
    assert!(codes(&check(&plan("10.0.0.0/16"))).is_empty());
    assert!(codes(&check(&plan("100.64.0.0/16"))).is_empty());
    let public = check(&plan("11.0.0.0/16"));
    assert!(codes(&public).contains(&Code::ServiceCidrPublic));
    let v6 = check(&plan("10.0.0.0/16").replace("fd12:3456:789a:1::/108", "2001:db8::/108"));
    assert_eq!(codes(&v6), [Code::ServiceCidrPublic]);
}

#[test]
fn az_aks_scale_and_a_pool_added_again() {
    let text = "az aks create -n c --network-plugin kubenet --nodepool-name sys --node-count 2\n\
                az aks nodepool add --cluster-name c -n extra --node-count 4 --max-pods 60\n\
                az aks scale -n c --node-count 5\n\
                az aks scale -n c --nodepool-name extra --node-count 6\n\
                az aks nodepool add --cluster-name c -n extra --node-count 1\n";
    let report = check(text);
    let pools = &report.plan.cluster.as_ref().unwrap().pools;
    let counts: Vec<(&str, i64, Option<i64>)> = pools
        .iter()
        .map(|p| {
            (
                p.display_name(),
                p.node_count(),
                p.max_pods.as_ref().map(|m| m.value),
            )
        })
        .collect();
    // The second add replaces the pool in its place, settings and all.
    assert_eq!(counts, [("sys", 5, None), ("extra", 1, None)]);
}

/// Pool commands and keys in random order and with extreme numbers: no panic, spans in bounds.
#[test]
fn no_pool_input_panics() {
    let tokens: &[&str] = &[
        "az aks create -n c ",
        "az aks nodepool add --cluster-name c ",
        "az aks nodepool update --cluster-name c ",
        "az aks scale -n c ",
        "--name p ",
        "-n q ",
        "--nodepool-name p ",
        "--node-count ",
        "--max-pods ",
        "--max-surge ",
        "--min-count ",
        "--max-count ",
        "--enable-cluster-autoscaler ",
        "--disable-cluster-autoscaler ",
        "--network-plugin azure ",
        "--network-plugin-mode overlay ",
        "--vnet-subnet-id /x/virtualNetworks/v/subnets/s ",
        "--pod-subnet-id /x/virtualNetworks/v/subnets/p ",
        "--apiserver-subnet-id /x/virtualNetworks/v/subnets/a ",
        "--outbound-type userDefinedRouting ",
        "--api-server-authorized-ip-ranges 1.2.3.4 ",
        "az network public-ip create -n ip --ip-address 20.1.2.3 ",
        "az network firewall ip-config create --public-ip-address ip ",
        "az network vnet create -n v --address-prefixes 10.0.0.0/8 ",
        "az network vnet subnet create --vnet-name v -n s --address-prefixes 10.1.0.0/29 ",
        "9223372036854775807 ",
        "-9223372036854775808 ",
        "0 ",
        "10 ",
        "50% ",
        "\n",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..next() % 40 {
            text.push_str(tokens[usize::try_from(next()).unwrap() % tokens.len()]);
        }
        let report = check(&text);
        for finding in &report.findings {
            assert!(
                text.get(finding.span.start..finding.span.end).is_some(),
                "{text:?}"
            );
        }
    }
    let huge = "kind: NetworkPlan\ncluster:\n  networkPlugin: azure\n  nodeCount: 9223372036854775807\n  maxPods: 9223372036854775807\n  maxSurge: 9223372036854775807\n  nodePools:\n    - {name: a, nodeCount: 9223372036854775807, maxPods: 9223372036854775807, maxSurge: 9223372036854775807, enableClusterAutoscaler: true, minCount: -9223372036854775808, maxCount: 9223372036854775807}\n    - {name: b, nodeCount: -9223372036854775808, maxPods: 10}\n    - {name: c, nodeCount: 9223372036854775807, maxPods: 9223372036854775807, maxSurge: 9223372036854775807}\n";
    // Three pools of about 2^127 addresses each: the sum saturates.
    let report = check(huge);
    assert_eq!(report.sizing[0].required, u128::MAX);
}

/// A percentage surge is a share of the pool's nodes, rounded up (of the autoscaler's maximum
/// when it is on).
#[test]
fn max_surge_as_a_percentage_of_the_pool() {
    let text = "az aks create -n c --network-plugin kubenet --node-count 10 --max-surge 33%\n\
                az aks nodepool add --cluster-name c -n auto --enable-cluster-autoscaler --min-count 1 --max-count 20 --max-surge 50%\n\
                az aks nodepool add --cluster-name c -n odd --max-surge lots\n";
    let report = check(text);
    let pools = &report.plan.cluster.as_ref().unwrap().pools;
    let surges: Vec<i64> = pools.iter().map(NodePool::max_surge).collect();
    assert_eq!(surges, [4, 10, 1]);
    assert_eq!(codes(&report), [Code::ManifestInvalidField]);
    assert!(
        row(&report, "node subnet")
            .0
            .starts_with("nodepool1: (nodes 10 + surge 4)")
    );

    let yaml = "kind: NetworkPlan\ncluster:\n  nodeCount: 3\n  maxSurge: \"100%\"\n  nodePools:\n    - {name: b, maxSurge: 2}\n    - {name: c, maxSurge: [1]}\n";
    let report = check(yaml);
    let surges: Vec<i64> = report
        .plan
        .cluster
        .as_ref()
        .unwrap()
        .pools
        .iter()
        .map(NodePool::max_surge)
        .collect();
    assert_eq!(surges, [3, 2, 1]);
    assert_eq!(codes(&report), [Code::ManifestInvalidField]);
}
