//! The az corpus: command blocks in the shapes the AKS documentation publishes them
//! (tests/fixtures/plan/az-corpus/, one file per article or topic), each read as it would be
//! pasted. A published block must not give a false finding: no error and no warning unless the
//! block's header expects it, and an expected finding must appear. An error is expected only with
//! a `# true finding:` line saying why the block is wrong as published (a few articles put the
//! service CIDR inside their VNet, which docs/rules/cidr-overlap.md reports on purpose).
//!
//! A block starts at a line `# ---- block: <name>`, followed by `# source: <article>` and
//! optionally `# expect: <code> ...` and `# true finding: <why>`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::fmt::Write;
use std::fs;

use aksnet_core::plan::model::{AuthorizedRange, IpFamily, NetworkPlugin};
use aksnet_core::plan::{PlanReport, check_plan};
use aksnet_core::{Code, Severity, SourceFile};

struct Block {
    file: String,
    name: String,
    source: String,
    expect: Vec<String>,
    true_finding: bool,
    text: String,
}

fn blocks() -> Vec<Block> {
    let paths = common::files(&common::fixtures("plan/az-corpus"), &["sh", "ps1"]);
    let mut out: Vec<Block> = Vec::new();
    for path in paths {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).unwrap();
        let mut current: Option<Block> = None;
        for line in text.split_inclusive('\n') {
            if let Some(name) = line.strip_prefix("# ---- block: ") {
                out.extend(current.take());
                current = Some(Block {
                    file: file.clone(),
                    name: name.trim().to_owned(),
                    source: String::new(),
                    expect: Vec::new(),
                    true_finding: false,
                    text: String::new(),
                });
            }
            let Some(block) = current.as_mut() else {
                continue;
            };
            if let Some(source) = line.strip_prefix("# source: ") {
                source.trim().clone_into(&mut block.source);
            }
            block.true_finding |= line.starts_with("# true finding: ");
            if let Some(codes) = line.strip_prefix("# expect: ") {
                block
                    .expect
                    .extend(codes.split_whitespace().map(str::to_owned));
            }
            block.text.push_str(line);
        }
        out.extend(current);
    }
    out
}

fn check(block: &Block) -> PlanReport {
    check_plan(&SourceFile::new(&block.name, block.text.as_str()), 0)
}

fn block(name: &str) -> (Block, PlanReport) {
    let block = blocks()
        .into_iter()
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("no block {name}"));
    let report = check(&block);
    (block, report)
}

fn findings_text(report: &PlanReport) -> String {
    let mut out = String::new();
    for f in &report.findings {
        writeln!(
            out,
            "  {}:{} {}[{}] {}",
            f.position.line, f.position.column, f.severity, f.code, f.message
        )
        .unwrap();
    }
    out
}

#[test]
fn published_blocks_give_no_false_error() {
    let blocks = blocks();
    assert!(blocks.len() >= 150, "only {} blocks", blocks.len());
    let mut failures = Vec::new();
    let mut names = std::collections::HashSet::new();
    for block in &blocks {
        let at = format!("{}: {}", block.file, block.name);
        assert!(names.insert(block.name.clone()), "{at}: name used twice");
        assert!(
            block.source.starts_with("articles/aks/"),
            "{at}: no `# source: articles/aks/...` line"
        );
        for code in &block.expect {
            assert!(Code::parse(code).is_some(), "{at}: unknown code {code}");
        }
        let report = check(block);
        let unexpected: Vec<_> = report
            .findings
            .iter()
            .filter(|f| {
                let expected = block.expect.iter().any(|c| c == f.code.as_str());
                match f.severity {
                    Severity::Error => !(expected && block.true_finding),
                    Severity::Warning => !expected,
                    Severity::Info => false,
                }
            })
            .collect();
        let missing: Vec<_> = block
            .expect
            .iter()
            .filter(|c| !report.findings.iter().any(|f| f.code.as_str() == *c))
            .collect();
        if !unexpected.is_empty() || !missing.is_empty() {
            failures.push(format!(
                "{at}: unexpected {:?}, expected but missing {missing:?}\n{}",
                unexpected.iter().map(|f| f.code).collect::<Vec<_>>(),
                findings_text(&report)
            ));
        }
        // The blocks are read, not skipped: a cluster for `az aks create`, VNets for
        // `az network vnet create`.
        if block.text.contains("az aks create") {
            assert!(report.plan.cluster.is_some(), "{at}: no cluster read");
        }
        if block.text.contains("az network vnet create") {
            assert!(!report.plan.vnets.is_empty(), "{at}: no VNet read");
        }
    }
    let true_findings = blocks.iter().filter(|b| b.true_finding).count();
    assert!(
        true_findings <= 5,
        "{true_findings} blocks with a true error"
    );
    assert!(
        failures.is_empty(),
        "{} of {} blocks give a false finding:\n{}",
        failures.len(),
        blocks.len(),
        failures.join("\n")
    );
}

fn has(report: &PlanReport, code: Code) -> bool {
    report.findings.iter().any(|f| f.code == code)
}

/// The API Server VNet Integration VNet keeps its name and range: `<vnet-name>` is a placeholder,
/// not a redirection that shifts the options.
#[test]
fn placeholders_are_unknown_values_that_shift_nothing() {
    let (_, report) = block("vnet-integration-byo-network");
    let [vnet] = report.plan.vnets.as_slice() else {
        panic!("one VNet: {:?}", report.plan.vnets);
    };
    assert_eq!(vnet.name.value, "<vnet-name>");
    let space: Vec<&str> = vnet.address_space.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(space, ["172.19.0.0/16"]);
    assert!(!vnet.address_space[0].default);
    let subnets: Vec<(&str, &str)> = vnet
        .subnets
        .iter()
        .map(|s| (s.name.value.as_str(), s.cidr.text.as_str()))
        .collect();
    assert_eq!(
        subnets,
        [
            ("<apiserver-subnet-name>", "172.19.0.0/28"),
            ("<cluster-subnet-name>", "172.19.1.0/24")
        ]
    );

    let (_, report) = block("vnet-integration-byo-public-cluster");
    let cluster = report.plan.cluster.as_ref().unwrap();
    assert_eq!(cluster.name.as_ref().unwrap().value, "<cluster-name>");
    assert_eq!(cluster.plugin.value, NetworkPlugin::Azure);
    assert!(
        cluster.subnet().is_none(),
        "a placeholder subnet ID is unknown"
    );
    assert!(has(&report, Code::AzUnresolvedVariable));

    let (_, report) = block("authorized-outbound-ip-placeholders");
    let cluster = report.plan.cluster.as_ref().unwrap();
    assert!(cluster.egress_ips.is_empty());
    let ranges: Vec<String> = cluster
        .authorized_ranges
        .iter()
        .flatten()
        .map(AuthorizedRange::text)
        .collect();
    assert_eq!(ranges, ["73.140.245.0/24"]);
    assert!(has(&report, Code::AzUnresolvedVariable));

    let (_, report) = block("private-dns-zone-choice-placeholder");
    let cluster = report.plan.cluster.as_ref().unwrap();
    assert!(cluster.is_private());
    assert!(cluster.private_dns_zone.is_none());
    assert!(has(&report, Code::AzUnresolvedVariable));
}

/// A resource ID with placeholders in its subscription and group still names its VNet and subnet.
#[test]
fn resource_ids_with_placeholders_keep_their_names() {
    let (_, report) = block("cni-existing-subnet-id-placeholders");
    let cluster = report.plan.cluster.as_ref().unwrap();
    let subnet = cluster.subnet().unwrap();
    assert_eq!(
        (subnet.vnet.as_str(), subnet.subnet.as_str()),
        ("myVnet", "myAKSSubnet")
    );
}

#[test]
fn shell_forms_are_read() {
    let (_, report) = block("expansion-alternate-value");
    let cluster = report.plan.cluster.as_ref().unwrap();
    assert_eq!(cluster.plugin.value, NetworkPlugin::AzureOverlay);
    let pods: Vec<&str> = cluster.pod_cidrs.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(pods, ["192.168.0.0/16"]);

    let (_, report) = block("expansion-default-value");
    let vnet = &report.plan.vnets[0];
    assert_eq!(vnet.name.value, "aks-vnet");
    assert_eq!(vnet.address_space[0].text, "10.224.0.0/12");

    let (_, report) = block("export-quoted-values");
    let cluster = report.plan.cluster.as_ref().unwrap();
    assert_eq!(cluster.service_cidrs[0].text, "10.10.0.0/16");
    assert_eq!(cluster.dns_service_ip.as_ref().unwrap().text, "10.10.0.10");

    let (_, report) = block("powershell-env-variables");
    let vnet = &report.plan.vnets[0];
    assert_eq!(vnet.name.value, "myAKSVnet");
    assert_eq!(vnet.address_space[0].text, "10.224.0.0/12");
}

#[test]
fn dual_stack_defaults_are_the_aks_defaults() {
    let (_, report) = block("dual-stack-defaults");
    let cluster = report.plan.cluster.as_ref().unwrap();
    let families: Vec<IpFamily> = cluster.ip_families.iter().map(|f| f.value).collect();
    assert_eq!(families, [IpFamily::Ipv4, IpFamily::Ipv6]);
    let pods: Vec<(&str, bool)> = cluster
        .pod_cidrs
        .iter()
        .map(|c| (c.text.as_str(), c.default))
        .collect();
    assert_eq!(
        pods,
        [("10.244.0.0/16", true), ("fd12:3456:789a::/64", true)]
    );
    let services: Vec<(&str, bool)> = cluster
        .service_cidrs
        .iter()
        .map(|c| (c.text.as_str(), c.default))
        .collect();
    assert_eq!(
        services,
        [("10.0.0.0/16", true), ("fd12:3456:789a:1::/108", true)]
    );
}

#[test]
fn powershell_drops_an_empty_argument() {
    let (_, report) = block("powershell-disable-authorized-ranges-space");
    assert!(has(&report, Code::AzPowershellEmptyArgument));
    let (_, report) = block("powershell-disable-authorized-ranges-equals");
    assert!(!has(&report, Code::AzPowershellEmptyArgument));
    let (_, report) = block("authorized-disable");
    assert!(!has(&report, Code::AzPowershellEmptyArgument));
}

/// The subnet the cluster of `name` uses, as `vnet/subnet`.
fn cluster_subnet(name: &str) -> String {
    let (_, report) = block(name);
    let cluster = report.plan.cluster.unwrap();
    let subnet = cluster
        .subnet()
        .unwrap_or_else(|| panic!("{name}: no subnet"));
    format!("{}/{}", subnet.vnet, subnet.subnet)
}

/// The VNets of block `name`: name, address space and subnets, as written.
fn vnets(name: &str) -> Vec<String> {
    let (_, report) = block(name);
    report
        .plan
        .vnets
        .iter()
        .map(|v| {
            let space: Vec<&str> = v.address_space.iter().map(|c| c.text.as_str()).collect();
            let subnets: Vec<String> = v
                .subnets
                .iter()
                .map(|s| format!("{}={}", s.name.value, s.cidr.text))
                .collect();
            format!(
                "{} [{}] {}",
                v.name.value,
                space.join(","),
                subnets.join(" ")
            )
        })
        .collect()
}

/// Variables, exports, `${VAR}` in quotes, redirections and both forms of command substitution
/// lead to the same subnets the commands create.
#[test]
fn subnets_are_followed_through_variables_and_substitutions() {
    assert_eq!(
        vnets("vnet-integration-variables"),
        ["myVNet [172.19.0.0/16] apiServerSubnet=172.19.0.0/28 clusterSubnet=172.19.1.0/24"]
    );
    assert_eq!(
        cluster_subnet("vnet-integration-variables"),
        "myVNet/clusterSubnet"
    );
    assert_eq!(
        vnets("egress-udr-cluster"),
        ["aks-egress-vnet [10.42.0.0/16] aks-subnet=10.42.1.0/24 AzureFirewallSubnet=10.42.2.0/24"]
    );
    assert_eq!(
        cluster_subnet("egress-udr-cluster"),
        "aks-egress-vnet/aks-subnet"
    );
    assert_eq!(
        vnets("redirections"),
        ["myVnet [10.42.0.0/16] aks-subnet=10.42.1.0/24 AzureFirewallSubnet=10.42.2.0/24"]
    );
    assert_eq!(cluster_subnet("redirections"), "myVnet/aks-subnet");
    assert_eq!(
        cluster_subnet("backtick-substitution"),
        "myAKSVnet/myAKSSubnet"
    );
    assert_eq!(
        cluster_subnet("kubenet-subnet-variable-braces"),
        "myAKSVnet/myAKSSubnet"
    );
    assert_eq!(
        cluster_subnet("powershell-kubenet"),
        "myAKSVnet/myAKSSubnet"
    );
    assert_eq!(
        cluster_subnet("cni-dynamic-ip-cluster"),
        "myVirtualNetwork/nodesubnet"
    );
    assert_eq!(
        vnets("placeholder-with-spaces"),
        ["<vnetName> [] "],
        "a placeholder range is unknown, not a range"
    );
    // A peering's remote VNet outside the commands is named, its ranges unknown.
    let (_, report) = block("private-peer-existing-hub");
    assert!(report.plan.peered("aks-vnet", "hub-vnet"));
}

/// The engine articles' blocks give the engine AKS runs for them: Azure NPM, Calico, Cilium
/// (`--network-dataplane cilium`, whatever `--network-policy` says), none for a cluster these
/// blocks only update without saying, and the retirement notes where NPM runs.
#[test]
fn policy_engines_of_the_published_blocks() {
    use aksnet_core::{CiliumVersion, Engine};
    let cilium = Some(Engine::Cilium(CiliumVersion::default()));
    for (name, engine, retiring) in [
        (
            "netpol-npm-linux-published",
            Some(Engine::Azure),
            &[Severity::Info][..],
        ),
        (
            "netpol-npm-windows-published",
            Some(Engine::Azure),
            &[Severity::Warning, Severity::Info][..],
        ),
        (
            "netpol-calico-windows-published",
            Some(Engine::Calico),
            &[][..],
        ),
        // `az aks update` alone, its options lost on the next lines: nothing is set.
        ("netpol-install-npm-published", Some(Engine::None), &[][..]),
        (
            "netpol-install-calico-published",
            Some(Engine::Calico),
            &[][..],
        ),
        ("cilium-overlay-published", cilium, &[][..]),
        ("cilium-vnet-published", cilium, &[][..]),
        ("cilium-node-subnet-published", cilium, &[][..]),
        ("npm-to-cilium-published", cilium, &[][..]),
        ("npm-to-cilium-after-create", cilium, &[][..]),
    ] {
        let (_, report) = block(name);
        assert_eq!(report.plan.policy_engine(), engine, "{name}");
        let found: Vec<Severity> = report
            .findings
            .iter()
            .filter(|f| f.code == Code::NetworkPolicyRetiring)
            .map(|f| f.severity)
            .collect();
        assert_eq!(found, retiring, "{name}:\n{}", findings_text(&report));
        assert!(
            !has(&report, Code::NetworkPolicyUnsupported),
            "{name}:\n{}",
            findings_text(&report)
        );
    }
}
