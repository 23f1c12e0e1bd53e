//! `private-cluster-unreachable`: a client that cannot reach a private cluster's API server.
//!
//! ## What it finds
//! A client of a private cluster outside Azure, or in a VNet that is neither the cluster's nor
//! peered with it.
//!
//! ## Why it matters
//! A private cluster's API server has only a private address in the cluster's VNet: such a
//! client cannot run `kubectl` against it.
//!
//! ## Fix
//! None: peer the client's VNet, or connect the network through a VPN or ExpressRoute.
//!
//! ## Source
//! AKS "Access a private cluster" and "Create a private cluster": a private cluster's API server
//! is reached from its own VNet, a peered VNet, or networks connected to them (VPN,
//! ExpressRoute).

use super::{Report, private_cluster_vnet};
use crate::codes::Code;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    let Some(own) = private_cluster_vnet(plan) else {
        return;
    };
    for client in &plan.clients {
        let name = &client.name.value;
        let Some(vnet) = &client.vnet else {
            report.add(
                Code::PrivateClusterUnreachable,
                client.name.span,
                text!(
                    "{0} is outside Azure: it reaches the private cluster only through a VPN or ExpressRoute into VNet {1} or a VNet peered with it",
                    "{0} は Azure の外部にあります。プライベート クラスターに到達するには、仮想ネットワーク {1} またはそれとピアリングされた仮想ネットワークへの VPN か ExpressRoute が必要です",
                    name,
                    own
                ),
                &[],
                None,
            );
            continue;
        };
        if vnet.value != own && !plan.peered(&vnet.value, own) {
            report.add(
                Code::PrivateClusterUnreachable,
                vnet.span,
                text!(
                    "{0} is in VNet {1}, which is neither the cluster's VNet {2} nor peered with it",
                    "{0} は仮想ネットワーク {1} にありますが、これはクラスターの仮想ネットワーク {2} でも、それとピアリングされた仮想ネットワークでもありません",
                    name,
                    vnet.value,
                    own
                ),
                &[],
                None,
            );
        }
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    PrivateClusterUnreachable,
    "private-cluster-unreachable",
    "yaml"
);
