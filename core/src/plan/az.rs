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

use std::net::IpAddr;

use ipnet::IpNet;

use crate::codes::Code;
use crate::finding::Finding;
use crate::fix::{Edit, Fix};
use crate::plan::defaults;
use crate::plan::model::{
    Address, AddressPlan, AuthorizedRange, Cidr, Client, ClusterPlan, IpFamily, NetworkPlugin,
    NodePool, Spanned, Subnet, SubnetRef, Surge, Vnet,
};
use crate::plan::shell::{self, Command, Word};
use crate::rules::Violation;
use crate::rules::manifest::invalid_field;
use crate::rules::manifest::missing_field;
use crate::span::Span;
use crate::text;
use crate::text::Text;

/// Words before a command that do not change what it does.
const PREFIXES: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "time", "sudo", "{", "exec",
];

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

/// An `az` command: its subcommand path and its options.
struct AzCommand<'c> {
    path: Vec<&'c str>,
    args: Args<'c>,
    /// `az` through the last word of the path, such as `az aks create`.
    head: Span,
    /// The whole command, first word to last.
    whole: Span,
}

impl<'c> AzCommand<'c> {
    fn new(command: &'c Command) -> Option<Self> {
        let start = command
            .words
            .iter()
            .position(|w| !PREFIXES.contains(&w.value.as_str()))?;
        let words = command.words.get(start..)?;
        let (az, rest) = words.split_first()?;
        if az.value != "az" {
            return None;
        }
        let path_len = rest.iter().take_while(|w| !w.is_flag()).count();
        let path = rest
            .iter()
            .take(path_len)
            .map(|w| w.value.as_str())
            .collect();
        let head = rest
            .get(..path_len)
            .and_then(<[Word]>::last)
            .map_or(az.at, |last| az.at.cover(last.at));
        let whole = words.last().map_or(az.at, |last| az.at.cover(last.at));
        Some(AzCommand {
            path,
            args: Args::new(rest.get(path_len..).unwrap_or_default()),
            head,
            whole,
        })
    }
}

/// Options and the words after each, up to the next option.
struct Args<'c> {
    options: Vec<(&'c Word, Vec<&'c Word>)>,
}

impl<'c> Args<'c> {
    fn new(words: &'c [Word]) -> Self {
        let mut options: Vec<(&Word, Vec<&Word>)> = Vec::new();
        for word in words {
            if word.is_flag() {
                options.push((word, Vec::new()));
            } else if let Some((_, values)) = options.last_mut() {
                values.push(word);
            }
        }
        Args { options }
    }

    /// The last occurrence of any of `names` (the az CLI keeps the last), with its values.
    fn get(&self, names: &[&str]) -> Option<(&'c Word, &[&'c Word])> {
        self.options
            .iter()
            .rev()
            .find(|(flag, _)| names.contains(&flag.value.as_str()))
            .map(|(flag, values)| (*flag, values.as_slice()))
    }

    /// The value of a name-like option as written, resolved or not.
    fn text(&self, names: &[&str]) -> Option<&'c Word> {
        self.get(names)
            .and_then(|(_, values)| values.first().copied())
    }
}

/// An option's value.
enum Given<T> {
    Absent,
    /// Given, but without a value or with one not known here (already reported).
    Unknown,
    Value(T),
}

/// The cluster while its commands are read; defaults are applied at the end.
struct ClusterState {
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
}

impl ClusterState {
    fn new(name: Option<Spanned<String>>, head: Span, whole: Span) -> Self {
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
            },
            head,
            plugin: None,
            overlay: None,
            service_set: false,
            dns_set: false,
            pod_set: false,
        }
    }

    /// Whether an `az aks` command naming `name` is about this cluster.
    fn is_named(&self, name: Option<&Spanned<String>>) -> bool {
        match (&self.plan.name, name) {
            (Some(mine), Some(theirs)) => mine.value == theirs.value,
            _ => true,
        }
    }
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
}

impl Reader {
    fn report(&mut self, code: Code, span: Span, message: Text) {
        self.findings
            .push(Finding::new(code, self.file, span, message));
    }

    fn raise(&mut self, span: Span, violation: Violation) {
        self.report(violation.code, span, violation.message);
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
        if self.plan.vnet(&subnet.vnet).is_some() {
            return Some(subnet);
        }
        self.report(
            Code::AzUnresolvedVariable,
            subnet.span,
            text!(
                "no command here creates VNet {0}, so the subnet {0}/{1} of `{2}` is not checked",
                "ここには仮想ネットワーク {0} を作成するコマンドがないため、`{2}` のサブネット {0}/{1} はチェックされません",
                subnet.vnet,
                subnet.subnet,
                flag
            ),
        );
        None
    }

    // ---- values -------------------------------------------------------------------------

    /// Whether `word`, the value of `flag`, is known; reports why not.
    fn known(&mut self, flag: &Word, word: &Word) -> bool {
        if !word.unresolved.is_empty() {
            for variable in &word.unresolved {
                let message = if shell::is_placeholder(&variable.value) {
                    text!(
                        "`{0}` is a placeholder, so the value of `{1}` is not checked",
                        "`{0}` はプレースホルダーのため、`{1}` の値はチェックされません",
                        variable.value,
                        flag.value
                    )
                } else {
                    text!(
                        "{0} is not set by an earlier line, so the value of `{1}` is not checked",
                        "{0} はそれより前の行で設定されていないため、`{1}` の値はチェックされません",
                        variable.value,
                        flag.value
                    )
                };
                self.report(Code::AzUnresolvedVariable, variable.span, message);
            }
            return false;
        }
        if word.opaque {
            self.report(
                Code::AzUnresolvedVariable,
                word.at,
                text!(
                    "the value of `{0}` comes from a command's output, so it is not checked",
                    "`{0}` の値はコマンドの出力から得られるため、チェックされません",
                    flag.value
                ),
            );
            return false;
        }
        true
    }

    /// The value of an option that takes one.
    fn value<'c>(&mut self, args: &Args<'c>, names: &[&str]) -> Given<&'c Word> {
        let Some((flag, values)) = args.get(names) else {
            return Given::Absent;
        };
        let Some(&word) = values.first() else {
            self.missing_value(flag);
            return Given::Unknown;
        };
        if self.known(flag, word) {
            Given::Value(word)
        } else {
            Given::Unknown
        }
    }

    /// The known values of an option that takes several; `None` when it is absent.
    fn values<'c>(&mut self, args: &Args<'c>, names: &[&str]) -> Option<Vec<&'c Word>> {
        let (flag, values) = args.get(names)?;
        if values.is_empty() {
            self.missing_value(flag);
        }
        Some(
            values
                .iter()
                .copied()
                .filter(|word| self.known(flag, word))
                .collect(),
        )
    }

    /// A name: taken as written, `$NAME` included, when it cannot be resolved.
    fn name(&mut self, args: &Args<'_>, names: &[&str]) -> Option<Spanned<String>> {
        let (flag, values) = args.get(names)?;
        let Some(word) = values.first() else {
            self.missing_value(flag);
            return None;
        };
        Some(Spanned::new(word.value.clone(), word.span))
    }

    fn missing_value(&mut self, flag: &Word) {
        let hint = if flag.value == "--api-server-authorized-ip-ranges" {
            Text::new(
                " (`\"\"` turns the authorized ranges off)",
                " (`\"\"` を指定すると承認済み IP 範囲が無効になります)",
            )
        } else {
            Text::default()
        };
        self.report(
            Code::AzSyntax,
            flag.at,
            text!(
                "`{0}` needs a value{1}",
                "`{0}` には値が必要です{1}",
                flag.value,
                hint
            ),
        );
    }

    /// The CIDR ranges of an option, comma or space separated; `None` when it is absent.
    fn cidrs(&mut self, args: &Args<'_>, names: &[&str]) -> Option<Vec<Cidr>> {
        let words = self.values(args, names)?;
        Some(
            words
                .iter()
                .flat_map(|word| items(word))
                .map(|(text, span)| Cidr::parse(&text, span))
                .collect(),
        )
    }

    /// An integer option into `target`: a value that is not a number is a finding.
    fn number(&mut self, args: &Args<'_>, names: &[&str], target: &mut Option<Spanned<i64>>) {
        match self.value(args, names) {
            Given::Absent => {}
            Given::Unknown => *target = None,
            Given::Value(word) => {
                let text = word.value.trim();
                if let Ok(number) = text.parse::<i64>() {
                    *target = Some(Spanned::new(number, word.span));
                } else {
                    let flag = names.first().copied().unwrap_or_default();
                    self.raise(
                        word.span,
                        invalid_field::az_whole_number(&flag, &word.value),
                    );
                }
            }
        }
    }

    /// A subnet given by resource ID, by a variable holding one, or by the output of
    /// `az network vnet subnet show|create` (or `az network vnet create --subnet-name`).
    fn subnet_ref(&mut self, args: &Args<'_>, names: &[&str]) -> Given<SubnetRef> {
        let Some((flag, values)) = args.get(names) else {
            return Given::Absent;
        };
        let Some(word) = values.first() else {
            self.missing_value(flag);
            return Given::Unknown;
        };
        let found = if let Some(commands) = &word.output_of {
            let found = commands.iter().rev().find_map(subnet_from_command);
            if found.is_none() {
                self.report(
                    Code::AzUnresolvedVariable,
                    word.at,
                    text!(
                        "cannot tell which subnet the command behind `{0}` returns, so it is not checked",
                        "`{0}` の背後にあるコマンドがどのサブネットを返すか判断できないため、チェックされません",
                        flag.value
                    ),
                );
            }
            found
        } else if !word.opaque
            && let Some(found) = subnet_from_id(&word.value)
        {
            // The VNet and subnet names are read as written, like other names; the unknown
            // parts (subscription, group) do not matter to the plan.
            Some(found)
        } else if self.known(flag, word) {
            let found = subnet_from_id(&word.value);
            if found.is_none() {
                self.raise(word.span, invalid_field::az_subnet_id(&flag.value));
            }
            found
        } else {
            None
        };
        match found {
            Some((vnet, subnet)) => Given::Value(SubnetRef {
                vnet,
                subnet,
                span: word.span,
            }),
            None => Given::Unknown,
        }
    }

    // ---- networks -----------------------------------------------------------------------

    fn vnet_create(&mut self, az: &AzCommand<'_>) {
        let args = &az.args;
        let Some(name) = self.name(args, &["--name", "-n"]) else {
            self.raise(az.head, missing_field::az_vnet_name());
            return;
        };
        let space = self
            .cidrs(args, &["--address-prefixes", "--address-prefix"])
            .unwrap_or_else(|| vec![Cidr::default_value("10.0.0.0/16", az.head)]);
        let subnet_name = self.name(args, &["--subnet-name"]);
        let subnet_cidr = match self.cidrs(args, &["--subnet-prefixes", "--subnet-prefix"]) {
            Some(cidrs) => cidrs.into_iter().next(),
            None => default_subnet(&space, az.head),
        };
        let Some(vnet) = vnet_entry(&mut self.plan.vnets, &name) else {
            return;
        };
        vnet.name = name;
        vnet.address_space = space;
        if let (Some(name), Some(cidr)) = (subnet_name, subnet_cidr) {
            put_subnet(vnet, Subnet { name, cidr });
        }
    }

    fn subnet_create(&mut self, az: &AzCommand<'_>, create: bool) {
        let args = &az.args;
        let vnet = self.name(args, &["--vnet-name"]);
        let name = self.name(args, &["--name", "-n"]);
        let (Some(vnet), Some(name)) = (vnet, name) else {
            self.raise(az.head, missing_field::az_subnet_names());
            return;
        };
        let cidr = self.cidrs(args, &["--address-prefixes", "--address-prefix"]);
        if cidr.is_none() && create {
            self.raise(az.head, missing_field::az_subnet_prefixes());
        }
        let Some(vnet) = vnet_entry(&mut self.plan.vnets, &vnet) else {
            return;
        };
        if let Some(cidr) = cidr.and_then(|c| c.into_iter().next()) {
            put_subnet(vnet, Subnet { name, cidr });
        }
    }

    fn peering_create(&mut self, az: &AzCommand<'_>) {
        let args = &az.args;
        let vnet = self.name(args, &["--vnet-name"]);
        let remote = args.text(&["--remote-vnet", "--remote-vnet-id"]);
        let (Some(vnet), Some(remote)) = (vnet, remote) else {
            self.raise(az.head, missing_field::az_peering_names());
            return;
        };
        let remote = match &remote.output_of {
            Some(commands) => match commands.iter().rev().find_map(vnet_from_command) {
                Some(name) => Spanned::new(name, remote.span),
                None => {
                    self.report(
                        Code::AzUnresolvedVariable,
                        remote.at,
                        text!(
                            "cannot tell which VNet the command behind `--remote-vnet` returns, so the peering is not checked",
                            "`--remote-vnet` の背後にあるコマンドがどの仮想ネットワークを返すか判断できないため、ピアリングはチェックされません"
                        ),
                    );
                    return;
                }
            },
            None => last_segment(remote),
        };
        // The remote VNet exists, here or outside these commands: named, its ranges unknown
        // until a command here creates it.
        vnet_entry(&mut self.plan.vnets, &remote);
        let Some(vnet) = vnet_entry(&mut self.plan.vnets, &vnet) else {
            return;
        };
        if !vnet.peerings.iter().any(|p| p.value == remote.value) {
            vnet.peerings.push(remote);
        }
    }

    fn dns_link(&mut self, az: &AzCommand<'_>) {
        if let Some(vnet) = az.args.text(&["--virtual-network", "-v"]) {
            if let Some(vnet) = vnet_entry(&mut self.plan.vnets, &last_segment(vnet)) {
                vnet.private_dns_link = true;
            }
        }
    }

    fn vm_create(&mut self, az: &AzCommand<'_>) {
        let args = &az.args;
        let vnet = args.text(&["--vnet-name"]).map(last_segment).or_else(|| {
            let subnet = args.text(&["--subnet"])?;
            let (vnet, _) = subnet_from_id(&subnet.value)?;
            Some(Spanned::new(vnet, subnet.span))
        });
        let (Some(name), Some(vnet)) = (self.name(args, &["--name", "-n"]), vnet) else {
            return;
        };
        let address = match self.value(args, &["--private-ip-address"]) {
            Given::Value(word) => Some(Address::parse(&word.value, word.span)),
            Given::Absent | Given::Unknown => None,
        };
        self.plan.clients.push(Client {
            name,
            vnet: Some(vnet),
            address,
        });
    }

    // ---- the cluster --------------------------------------------------------------------

    fn aks(&mut self, az: &AzCommand<'_>, create: bool) {
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
    fn nodepool(&mut self, az: &AzCommand<'_>, verb: PoolVerb) {
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

    /// `az network public-ip create`, with `--ip-address` when the address is chosen.
    fn public_ip(&mut self, az: &AzCommand<'_>) {
        let Some(name) = self.name(&az.args, &["--name", "-n"]) else {
            return;
        };
        let address = match self.value(&az.args, &["--ip-address"]) {
            Given::Value(word) => Some(Address::parse(word.value.trim(), word.span)),
            Given::Absent | Given::Unknown => None,
        };
        self.public_ips.retain(|(n, _)| *n != name.value);
        self.public_ips.push((name.value, address));
    }

    /// The addresses of the firewalls' public IPs; none unless every one is known, since a
    /// partial list would judge a guess.
    fn firewall_addresses(&self) -> Vec<Address> {
        let addresses: Vec<Address> = self
            .firewall_ips
            .iter()
            .filter_map(|name| {
                let wanted = last_segment_text(&name.value);
                self.public_ips
                    .iter()
                    .find(|(n, _)| n == wanted)
                    .and_then(|(_, address)| address.clone())
            })
            .collect();
        if addresses.len() == self.firewall_ips.len() {
            addresses
        } else {
            Vec::new()
        }
    }

    fn aks_options(&mut self, state: &mut ClusterState, args: &Args<'_>) {
        self.plugin_options(state, args);
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
    fn pool_options(&mut self, pool: &mut NodePool, args: &Args<'_>) {
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

    fn plugin_options(&mut self, state: &mut ClusterState, args: &Args<'_>) {
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

    /// The cluster's own ranges: pods, services, the DNS service IP and the Docker bridge.
    fn range_options(&mut self, state: &mut ClusterState, args: &Args<'_>) {
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
    fn access_options(&mut self, plan: &mut ClusterPlan, args: &Args<'_>) {
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
    fn authorized_ranges(&mut self, args: &Args<'_>) -> Given<Vec<AuthorizedRange>> {
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
    fn powershell_empty(&mut self, flag: &Word, word: &Word) {
        let fix = Fix::safe_edits(
            text!("Write `{0}=\"\"`", "`{0}=\"\"` と記述する", flag.value),
            vec![Edit::replace(Span::new(flag.at.end, word.at.end), "=\"\"")],
        );
        let mut finding = Finding::new(
            Code::AzPowershellEmptyArgument,
            self.file,
            word.at,
            text!(
                "Windows PowerShell (and PowerShell before 7.3) drops an empty argument before calling az, so `{0}` arrives without its value; write `{0}=\"\"`",
                "Windows PowerShell (および 7.3 より前の PowerShell) は az を呼び出す前に空の引数を削除するため、`{0}` は値なしで渡されます。`{0}=\"\"` と記述してください",
                flag.value
            ),
        );
        finding.fix = Some(fix);
        self.findings.push(finding);
    }

    fn finish_cluster(&mut self, state: ClusterState) -> ClusterPlan {
        let ClusterState {
            mut plan,
            head,
            plugin,
            overlay,
            service_set,
            dns_set,
            pod_set,
        } = state;
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
enum PoolVerb {
    Add,
    Change,
    /// `az aks scale`: the cluster is `--name`, the pool `--nodepool-name`.
    ScaleCluster,
}

/// The plugin as written (`none`, bring your own CNI, gives pods addresses outside the VNet as
/// kubenet does), or the az CLI default, kubenet.
fn kubenet_or_azure(plugin: Option<&Spanned<String>>, head: Span) -> Spanned<NetworkPlugin> {
    match plugin {
        Some(p) if p.value == "azure" => Spanned::new(NetworkPlugin::Azure, p.span),
        Some(p) => Spanned::new(NetworkPlugin::Kubenet, p.span),
        None => Spanned::new(NetworkPlugin::Kubenet, head),
    }
}

/// The comma separated items of a value, trimmed, with their spans.
fn items(word: &Word) -> Vec<(String, Span)> {
    let mut found = Vec::new();
    let mut offset = 0;
    for part in word.value.split(',') {
        let item = part.trim();
        if !item.is_empty() {
            let start = offset + (part.len() - part.trim_start().len());
            found.push((item.to_owned(), word.part_span(start, start + item.len())));
        }
        offset += part.len() + 1;
    }
    found
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

/// `.../virtualNetworks/<vnet>/subnets/<subnet>` → (vnet, subnet).
fn subnet_from_id(id: &str) -> Option<(String, String)> {
    let segments: Vec<&str> = id.trim().split('/').filter(|s| !s.is_empty()).collect();
    let at = segments
        .iter()
        .position(|s| s.eq_ignore_ascii_case("virtualNetworks"))?;
    let vnet = segments.get(at + 1)?;
    if !segments.get(at + 2)?.eq_ignore_ascii_case("subnets") {
        return None;
    }
    let subnet = segments.get(at + 3)?;
    Some(((*vnet).to_owned(), (*subnet).to_owned()))
}

/// The VNet whose ID a command prints: `az network vnet show|create --name V`.
fn vnet_from_command(command: &Command) -> Option<String> {
    let az = AzCommand::new(command)?;
    match az.path.as_slice() {
        ["network", "vnet", "show" | "create"] => {
            if let Some(id) = az.args.text(&["--ids"]) {
                return Some(last_segment(id).value);
            }
            Some(az.args.text(&["--name", "-n"])?.value.clone())
        }
        _ => None,
    }
}

/// The subnet whose ID a command prints.
fn subnet_from_command(command: &Command) -> Option<(String, String)> {
    let az = AzCommand::new(command)?;
    let text = |names: &[&str]| az.args.text(names).map(|w| w.value.clone());
    match az.path.as_slice() {
        ["network", "vnet", "subnet", "show" | "create" | "update"] => {
            if let Some(id) = az.args.text(&["--ids"]) {
                return subnet_from_id(&id.value);
            }
            Some((text(&["--vnet-name"])?, text(&["--name", "-n"])?))
        }
        ["network", "vnet", "create"] => {
            Some((text(&["--name", "-n"])?, text(&["--subnet-name"])?))
        }
        _ => None,
    }
}

/// The last path segment of a name or resource ID.
fn last_segment_text(text: &str) -> &str {
    let trimmed = text.trim_end_matches('/');
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// The last path segment of a name or resource ID, with its span.
fn last_segment(word: &Word) -> Spanned<String> {
    let trimmed = word.value.trim_end_matches('/');
    let start = trimmed.rfind('/').map_or(0, |i| i + 1);
    let name = trimmed.get(start..).unwrap_or(trimmed);
    Spanned::new(name.to_owned(), word.part_span(start, trimmed.len()))
}

/// The first /24 (/64 for IPv6) of the first address space, or all of it when smaller: what
/// `az network vnet create --subnet-name` takes without `--subnet-prefixes`.
fn default_subnet(space: &[Cidr], head: Span) -> Option<Cidr> {
    let net = space.iter().find_map(Cidr::network)?;
    let length = match net {
        IpNet::V4(_) => 24,
        IpNet::V6(_) => 64,
    };
    let subnet = IpNet::new(net.network(), net.prefix_len().max(length)).ok()?;
    Some(Cidr::default_value(&subnet.to_string(), head))
}

/// The VNet named `name`, added (with no address space) when the plan has none. Always `Some`.
fn vnet_entry<'p>(vnets: &'p mut Vec<Vnet>, name: &Spanned<String>) -> Option<&'p mut Vnet> {
    if let Some(at) = vnets.iter().position(|v| v.name.value == name.value) {
        return vnets.get_mut(at);
    }
    vnets.push(Vnet {
        name: name.clone(),
        address_space: Vec::new(),
        subnets: Vec::new(),
        peerings: Vec::new(),
        private_dns_link: false,
    });
    vnets.last_mut()
}

/// Adds `subnet` to `vnet`, replacing one of the same name.
fn put_subnet(vnet: &mut Vnet, subnet: Subnet) {
    match vnet
        .subnets
        .iter_mut()
        .find(|s| s.name.value == subnet.name.value)
    {
        Some(existing) => *existing = subnet,
        None => vnet.subnets.push(subnet),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;
    use crate::finding::Severity;
    use crate::span::LineIndex;

    const WALKTHROUGH: &str =
        include_str!("../../../static/examples/network-policy-walkthrough.sh");
    const AZURE_CNI_PS: &str = include_str!("../../../tests/fixtures/plan/az/azure-cni.ps1");
    const PRIVATE_CLUSTER: &str =
        include_str!("../../../tests/fixtures/plan/az/private-cluster.sh");

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
