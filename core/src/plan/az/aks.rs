//! AKS commands: `az aks create|update` (the cluster and its system pool), `az aks nodepool
//! add|update|scale` and `az aks scale` (a pool of that cluster), and the cluster's defaults.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::plan::defaults;
use crate::plan::model::{
    Address, AuthorizedRange, Cidr, ClusterPlan, IpFamily, NetworkPlugin, NodePool, Spanned, Surge,
};
use crate::plan::shell::Word;
use crate::span::Span;

use crate::rules::az::powershell_empty_argument;
use crate::rules::manifest::invalid_field;

use super::Reader;
use super::args::{Args, AzCommand, Given, items};

/// The cluster while its commands are read; defaults are applied at the end.
pub(super) struct ClusterState {
    plan: ClusterPlan,
    /// Where defaults point: `az aks create`.
    head: Span,
    /// `--network-plugin`, lowercase.
    plugin: Option<Spanned<String>>,
    /// `--network-plugin-mode overlay`.
    overlay: Option<Span>,
    service_set: bool,
    dns_set: bool,
    pod_set: bool,
    /// Made by `az aks create` (else by `az aks update`, for a cluster that exists already).
    created: bool,
    /// Where `--network-policy` / `--network-dataplane` took a value not known here.
    policy_unknown: Option<Span>,
    dataplane_unknown: Option<Span>,
}

impl ClusterState {
    pub(super) fn new(name: Option<Spanned<String>>, head: Span, whole: Span) -> Self {
        ClusterState {
            plan: ClusterPlan {
                name,
                span: whole,
                plugin: Spanned::new(NetworkPlugin::Kubenet, head),
                pools: Vec::new(),
                service_cidrs: Vec::new(),
                dns_service_ip: None,
                pod_cidrs: Vec::new(),
                docker_bridge: None,
                apiserver_subnet: None,
                private_cluster: None,
                authorized_ranges: None,
                ip_families: Vec::new(),
                egress_ips: Vec::new(),
                outbound_type: None,
                region: None,
                private_dns_zone: None,
                network_policy: None,
                network_dataplane: None,
                kubernetes_version: None,
                engine_unknown: None,
                plugin_assumed: false,
            },
            head,
            plugin: None,
            overlay: None,
            service_set: false,
            dns_set: false,
            pod_set: false,
            created: false,
            policy_unknown: None,
            dataplane_unknown: None,
        }
    }

    /// Whether an `az aks` command naming `name` is about this cluster.
    pub(super) fn is_named(&self, name: Option<&Spanned<String>>) -> bool {
        match (&self.plan.name, name) {
            (Some(mine), Some(theirs)) => mine.value == theirs.value,
            _ => true,
        }
    }
}

impl Reader {
    pub(super) fn aks(&mut self, az: &AzCommand<'_>, create: bool) {
        let args = &az.args;
        let name = self.name(args, &["--name", "-n"]);
        let mut state = match self.cluster.take() {
            None => ClusterState::new(name.clone(), az.head, az.whole),
            // The same cluster created again: the later command wins.
            Some(state) if create && state.is_named(name.as_ref()) => {
                ClusterState::new(name.clone(), az.head, az.whole)
            }
            Some(state) if !create && state.is_named(name.as_ref()) => state,
            // Another cluster: the plan holds one, the first.
            Some(state) => {
                self.cluster = Some(state);
                return;
            }
        };
        if state.plan.name.is_none() {
            state.plan.name = name;
        }
        state.created |= create;
        if state.plan.pools.is_empty() {
            let pool_name = self.name(args, &["--nodepool-name"]);
            state.plan.pools.push(NodePool::new(pool_name, az.whole));
        }
        self.aks_options(&mut state, args);
        self.cluster = Some(state);
    }

    /// `az aks nodepool add|update|scale`, and `az aks scale` (`--name` is the cluster's there,
    /// and the pool `--nodepool-name`, else the first): a pool of the plan's cluster. Pools of a
    /// cluster the plan does not create are not read: its network settings are unknown.
    pub(super) fn nodepool(&mut self, az: &AzCommand<'_>, verb: PoolVerb) {
        let args = &az.args;
        let (cluster, name) = match verb {
            PoolVerb::ScaleCluster => (
                self.name(args, &["--name", "-n"]),
                self.name(args, &["--nodepool-name"]),
            ),
            PoolVerb::Add | PoolVerb::Change => (
                self.name(args, &["--cluster-name"]),
                self.name(args, &["--name", "-n"]),
            ),
        };
        let Some(mut state) = self.cluster.take() else {
            return;
        };
        if !state.is_named(cluster.as_ref()) {
            self.cluster = Some(state);
            return;
        }
        let pools = &mut state.plan.pools;
        let at = match &name {
            Some(name) => pools
                .iter()
                .position(|p| p.display_name() == name.value.as_str()),
            None if verb == PoolVerb::ScaleCluster => (!pools.is_empty()).then_some(0),
            None => None,
        };
        let pool = match (at, verb) {
            // The same pool added again: the later command wins.
            (Some(at), PoolVerb::Add) => pools.get_mut(at).map(|pool| {
                *pool = NodePool::new(name, az.whole);
                pool
            }),
            (Some(at), _) => pools.get_mut(at),
            (None, PoolVerb::Add) => {
                pools.push(NodePool::new(name, az.whole));
                pools.last_mut()
            }
            (None, _) => None,
        };
        if let Some(pool) = pool {
            self.pool_options(pool, args);
        }
        self.cluster = Some(state);
    }

    pub(super) fn aks_options(&mut self, state: &mut ClusterState, args: &Args<'_>) {
        self.plugin_options(state, args);
        self.policy_options(state, args);
        self.range_options(state, args);
        let plan = &mut state.plan;
        // The system pool's settings: `az aks create` and `az aks update` write the first pool.
        if let Some(pool) = plan.pools.first_mut() {
            self.pool_options(pool, args);
        }
        // API Server VNet Integration with a subnet of the user's own VNet.
        match self.subnet_ref(args, &["--apiserver-subnet-id"]) {
            Given::Absent => {}
            Given::Unknown => plan.apiserver_subnet = None,
            Given::Value(subnet) => plan.apiserver_subnet = Some(subnet),
        }
        if let Given::Value(word) = self.value(args, &["--outbound-type"]) {
            plan.outbound_type = Some(Spanned::new(word.value.clone(), word.span));
        }
        self.access_options(plan, args);
        if let Some(word) = args.text(&["--location", "-l"]) {
            plan.region = word
                .known()
                .then(|| Spanned::new(word.value.clone(), word.span));
        }
    }

    /// A pool's own settings, on `az aks create|update` (the system pool) or `az aks nodepool`.
    pub(super) fn pool_options(&mut self, pool: &mut NodePool, args: &Args<'_>) {
        self.number(args, &["--max-pods", "-m"], &mut pool.max_pods);
        self.number(args, &["--node-count", "-c"], &mut pool.node_count);
        match self.value(args, &["--max-surge"]) {
            Given::Absent => {}
            Given::Unknown => pool.max_surge = None,
            Given::Value(word) => {
                pool.max_surge = Surge::parse(&word.value).map(|s| Spanned::new(s, word.span));
                if pool.max_surge.is_none() {
                    self.raise(word.span, invalid_field::az_max_surge(&word.value));
                }
            }
        }
        self.number(args, &["--min-count"], &mut pool.min_count);
        self.number(args, &["--max-count"], &mut pool.max_count);
        if let Some((flag, _)) = args.get(&["--enable-cluster-autoscaler"]) {
            pool.autoscaler = Some(flag.at);
        }
        if args.get(&["--disable-cluster-autoscaler"]).is_some() {
            pool.autoscaler = None;
        }
        for (names, target) in [
            (&["--mode"][..], &mut pool.mode),
            (&["--os-type"][..], &mut pool.os_type),
            (&["--os-sku"][..], &mut pool.os_sku),
        ] {
            if let Some(value) = self.name(args, names) {
                *target = Some(value);
            }
        }
        for (name, target) in [
            ("--vnet-subnet-id", &mut pool.subnet),
            ("--pod-subnet-id", &mut pool.pod_subnet),
        ] {
            match self.subnet_ref(args, &[name]) {
                Given::Absent => {}
                Given::Unknown => *target = None,
                Given::Value(subnet) => *target = Some(subnet),
            }
        }
    }

    pub(super) fn plugin_options(&mut self, state: &mut ClusterState, args: &Args<'_>) {
        if let Given::Value(word) = self.value(args, &["--network-plugin"]) {
            let plugin = word.value.to_ascii_lowercase();
            if matches!(plugin.as_str(), "azure" | "kubenet" | "none") {
                state.plugin = Some(Spanned::new(plugin, word.span));
            } else {
                self.raise(word.span, invalid_field::az_network_plugin(&word.value));
            }
        }
        if let Given::Value(word) = self.value(args, &["--network-plugin-mode"]) {
            if word.value.eq_ignore_ascii_case("overlay") {
                state.overlay = Some(word.span);
            } else {
                self.raise(
                    word.span,
                    invalid_field::az_network_plugin_mode(&word.value),
                );
            }
        }
    }

    /// The policy engine's flags: `--network-policy`, `--network-dataplane` and the Kubernetes
    /// version that decides Cilium's release. A value not known here (a variable, a
    /// placeholder) is reported as the reader does for every value, and marks the engine
    /// unknown; a later command that gives a known value makes it known again.
    pub(super) fn policy_options(&mut self, state: &mut ClusterState, args: &Args<'_>) {
        let plan = &mut state.plan;
        for (flag, allowed, target, unknown) in [
            (
                "--network-policy",
                &["azure", "calico", "cilium", "none"][..],
                &mut plan.network_policy,
                &mut state.policy_unknown,
            ),
            (
                "--network-dataplane",
                &["azure", "cilium"][..],
                &mut plan.network_dataplane,
                &mut state.dataplane_unknown,
            ),
        ] {
            match self.value(args, &[flag]) {
                Given::Absent => {}
                Given::Unknown => {
                    *target = None;
                    *unknown = args.get(&[flag]).map(|(word, _)| word.at);
                }
                Given::Value(word) => {
                    let value = word.value.trim().to_ascii_lowercase();
                    if allowed.contains(&value.as_str()) {
                        *target = Some(Spanned::new(value, word.span));
                        *unknown = None;
                    } else {
                        // Reported; what the cluster runs is then not known.
                        self.raise(
                            word.span,
                            invalid_field::az_choice(flag, &allowed.join(", "), &word.value),
                        );
                        *target = None;
                        *unknown = Some(word.span);
                    }
                }
            }
        }
        let plan = &mut state.plan;
        match self.value(args, &["--kubernetes-version", "-k"]) {
            Given::Absent => {}
            Given::Unknown => plan.kubernetes_version = None,
            Given::Value(word) => {
                if crate::plan::model::cilium_for_kubernetes(&word.value).is_some() {
                    plan.kubernetes_version = Some(Spanned::new(word.value.clone(), word.span));
                } else {
                    self.raise(word.span, invalid_field::az_kubernetes_version(&word.value));
                    plan.kubernetes_version = None;
                }
            }
        }
    }

    /// The cluster's own ranges: pods, services, the DNS service IP and the Docker bridge.
    pub(super) fn range_options(&mut self, state: &mut ClusterState, args: &Args<'_>) {
        let plan = &mut state.plan;
        if let Some(cidrs) = self.cidrs(args, &["--pod-cidr", "--pod-cidrs"]) {
            plan.pod_cidrs = cidrs;
            state.pod_set = true;
        }
        if let Some(cidrs) = self.cidrs(args, &["--service-cidr", "--service-cidrs"]) {
            plan.service_cidrs = cidrs;
            state.service_set = true;
        }
        match self.value(args, &["--dns-service-ip"]) {
            Given::Absent => {}
            Given::Unknown => {
                plan.dns_service_ip = None;
                state.dns_set = true;
            }
            Given::Value(word) => {
                plan.dns_service_ip = Some(Address::parse(word.value.trim(), word.span));
                state.dns_set = true;
            }
        }
        match self.value(args, &["--docker-bridge-address"]) {
            Given::Absent => {}
            Given::Unknown => plan.docker_bridge = None,
            Given::Value(word) => plan.docker_bridge = Some(Cidr::parse(&word.value, word.span)),
        }
        if let Some(words) = self.values(args, &["--ip-families"]) {
            plan.ip_families = words
                .iter()
                .flat_map(|word| items(word))
                .filter_map(|(text, span)| match text.to_ascii_lowercase().as_str() {
                    "ipv4" => Some(Spanned::new(IpFamily::Ipv4, span)),
                    "ipv6" => Some(Spanned::new(IpFamily::Ipv6, span)),
                    _ => {
                        self.raise(span, invalid_field::az_ip_families(&text));
                        None
                    }
                })
                .collect();
        }
    }

    /// How the API server is reached and how the cluster reaches out.
    pub(super) fn access_options(&mut self, plan: &mut ClusterPlan, args: &Args<'_>) {
        if let Some((flag, _)) = args.get(&["--enable-private-cluster"]) {
            plan.private_cluster = Some(Spanned::new(true, flag.at));
        }
        match self.authorized_ranges(args) {
            Given::Absent => {}
            Given::Unknown => plan.authorized_ranges = None,
            Given::Value(ranges) => plan.authorized_ranges = Some(ranges),
        }
        match self.value(args, &["--private-dns-zone"]) {
            Given::Absent => {}
            Given::Unknown => plan.private_dns_zone = None,
            Given::Value(word) => {
                plan.private_dns_zone = Some(Spanned::new(word.value.clone(), word.span));
            }
        }
        if let Some(words) = self.values(args, &["--load-balancer-outbound-ips"]) {
            plan.egress_ips = words
                .iter()
                .flat_map(|word| items(word))
                .filter_map(|(text, span)| {
                    if text.starts_with('/') {
                        // A public IP resource ID: its address is not in the text.
                        None
                    } else if text.parse::<IpAddr>().is_ok() {
                        Some(Address::parse(&text, span))
                    } else {
                        self.raise(span, invalid_field::az_outbound_ips(&text));
                        None
                    }
                })
                .collect();
        }
    }

    /// `--api-server-authorized-ip-ranges`: a comma separated list, or `""` for none.
    pub(super) fn authorized_ranges(&mut self, args: &Args<'_>) -> Given<Vec<AuthorizedRange>> {
        const FLAG: &str = "--api-server-authorized-ip-ranges";
        if let Some((flag, [word, ..])) = args.get(&[FLAG])
            && self.powershell
            && word.quoted
            && word.value.is_empty()
            && !word.joined
        {
            self.powershell_empty(flag, word);
            return Given::Unknown;
        }
        let word = match self.value(args, &[FLAG]) {
            Given::Absent => return Given::Absent,
            Given::Unknown => return Given::Unknown,
            Given::Value(word) => word,
        };
        let ranges: Vec<AuthorizedRange> = items(word)
            .into_iter()
            .map(|(text, span)| authorized_range(&text, span))
            .collect();
        if ranges.is_empty() {
            return Given::Value(vec![AuthorizedRange::Empty(word.span)]);
        }
        Given::Value(ranges)
    }

    /// `--flag ""` in `PowerShell`, which (Windows `PowerShell`, and `PowerShell` before 7.3)
    /// drops an empty argument when it calls a native program: az gets the option without its
    /// value.
    pub(super) fn powershell_empty(&mut self, flag: &Word, word: &Word) {
        let mut finding = powershell_empty_argument::dropped(&flag.value).at(self.file, word.at);
        finding.fix = Some(powershell_empty_argument::join_with_equals(
            &flag.value,
            Span::new(flag.at.end, word.at.end),
        ));
        self.findings.push(finding);
    }

    pub(super) fn finish_cluster(&mut self, state: ClusterState) -> ClusterPlan {
        let ClusterState {
            mut plan,
            head,
            plugin,
            overlay,
            service_set,
            dns_set,
            pod_set,
            created,
            policy_unknown,
            dataplane_unknown,
        } = state;
        plan.plugin_assumed = !created && plugin.is_none() && overlay.is_none();
        plan.engine_unknown = policy_unknown.or(dataplane_unknown);
        let written = plugin.as_ref().map(|p| p.value.as_str());
        plan.plugin = match (written, overlay) {
            (None | Some("azure"), Some(mode)) => Spanned::new(NetworkPlugin::AzureOverlay, mode),
            (Some(other), Some(mode)) => {
                self.raise(mode, invalid_field::az_overlay_plugin(&other));
                kubenet_or_azure(plugin.as_ref(), head)
            }
            (_, None) => kubenet_or_azure(plugin.as_ref(), head),
        };
        if !service_set {
            plan.service_cidrs = vec![Cidr::default_value(defaults::SERVICE_CIDR, head)];
        }
        if !dns_set {
            plan.dns_service_ip = Some(Address::default_value(defaults::DNS_SERVICE_IP, head));
        }
        if !pod_set && plan.plugin.value.uses_pod_cidr() {
            plan.pod_cidrs = vec![Cidr::default_value(defaults::POD_CIDR, head)];
        }
        defaults::complete_dual_stack(&mut plan);
        for pool in &mut plan.pools {
            pool.subnet = self.created_subnet(pool.subnet.take(), "--vnet-subnet-id");
            pool.pod_subnet = self.created_subnet(pool.pod_subnet.take(), "--pod-subnet-id");
        }
        plan.apiserver_subnet =
            self.created_subnet(plan.apiserver_subnet.take(), "--apiserver-subnet-id");
        plan
    }
}

/// What an `az aks nodepool` (or `az aks scale`) command does to a pool.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum PoolVerb {
    Add,
    Change,
    /// `az aks scale`: the cluster is `--name`, the pool `--nodepool-name`.
    ScaleCluster,
}

/// The plugin as written (`none`, bring your own CNI, gives pods addresses outside the VNet as
/// kubenet does), or the az CLI default, kubenet.
pub(super) fn kubenet_or_azure(
    plugin: Option<&Spanned<String>>,
    head: Span,
) -> Spanned<NetworkPlugin> {
    match plugin {
        Some(p) if p.value == "azure" => Spanned::new(NetworkPlugin::Azure, p.span),
        Some(p) => Spanned::new(NetworkPlugin::Kubenet, p.span),
        None => Spanned::new(NetworkPlugin::Kubenet, head),
    }
}

fn authorized_range(text: &str, span: Span) -> AuthorizedRange {
    if text.parse::<IpNet>().is_ok() {
        return AuthorizedRange::Range(Cidr::parse(text, span));
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return AuthorizedRange::Range(Cidr {
            net: Some(IpNet::from(ip)),
            ..Cidr::parse(text, span)
        });
    }
    let tag = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    if tag {
        AuthorizedRange::ServiceTag(Spanned::new(text.to_owned(), span))
    } else {
        AuthorizedRange::Range(Cidr::parse(text, span))
    }
}
