//! Network commands: `az network vnet create`, `az network vnet subnet create|update`,
//! `az network vnet peering create`, `az network private-dns link vnet create`, `az vm create`
//! (a client in a VNet), `az network public-ip create` and the firewall's public addresses.

use ipnet::IpNet;

use crate::plan::model::{Address, Cidr, Client, Spanned, Subnet, Vnet};
use crate::plan::shell::Command;
use crate::span::Span;

use crate::rules::az::unresolved_variable;
use crate::rules::manifest::missing_field;

use super::Reader;
use super::args::{AzCommand, Given, last_segment, last_segment_text, subnet_from_id};

impl Reader {
    pub(super) fn vnet_create(&mut self, az: &AzCommand<'_>) {
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

    pub(super) fn subnet_create(&mut self, az: &AzCommand<'_>, create: bool) {
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
        match cidr.and_then(|c| c.into_iter().next()) {
            Some(cidr) => put_subnet(vnet, Subnet { name, cidr }),
            // The prefix is a placeholder or a variable (reported): the subnet exists, its
            // range is not known, and the cluster's reference to it is not checked.
            None if create => {
                let known = (vnet.name.value.clone(), name.value);
                self.unknown_subnets.push(known);
            }
            None => {}
        }
    }

    pub(super) fn peering_create(&mut self, az: &AzCommand<'_>) {
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
                    self.raise(remote.at, unresolved_variable::remote_vnet_output());
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

    pub(super) fn dns_link(&mut self, az: &AzCommand<'_>) {
        if let Some(vnet) = az.args.text(&["--virtual-network", "-v"]) {
            if let Some(vnet) = vnet_entry(&mut self.plan.vnets, &last_segment(vnet)) {
                vnet.private_dns_link = true;
            }
        }
    }

    pub(super) fn vm_create(&mut self, az: &AzCommand<'_>) {
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

    /// `az network public-ip create`, with `--ip-address` when the address is chosen.
    pub(super) fn public_ip(&mut self, az: &AzCommand<'_>) {
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
    pub(super) fn firewall_addresses(&self) -> Vec<Address> {
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
}

/// The VNet whose ID a command prints: `az network vnet show|create --name V`.
pub(super) fn vnet_from_command(command: &Command) -> Option<String> {
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

/// The first /24 (/64 for IPv6) of the first address space, or all of it when smaller: what
/// `az network vnet create --subnet-name` takes without `--subnet-prefixes`.
pub(super) fn default_subnet(space: &[Cidr], head: Span) -> Option<Cidr> {
    let net = space.iter().find_map(Cidr::network)?;
    let length = match net {
        IpNet::V4(_) => 24,
        IpNet::V6(_) => 64,
    };
    let subnet = IpNet::new(net.network(), net.prefix_len().max(length)).ok()?;
    Some(Cidr::default_value(&subnet.to_string(), head))
}

/// The VNet named `name`, added (with no address space) when the plan has none. Always `Some`.
pub(super) fn vnet_entry<'p>(
    vnets: &'p mut Vec<Vnet>,
    name: &Spanned<String>,
) -> Option<&'p mut Vnet> {
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
pub(super) fn put_subnet(vnet: &mut Vnet, subnet: Subnet) {
    match vnet
        .subnets
        .iter_mut()
        .find(|s| s.name.value == subnet.name.value)
    {
        Some(existing) => *existing = subnet,
        None => vnet.subnets.push(subnet),
    }
}
