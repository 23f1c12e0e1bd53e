//! `private-dns-zone-unlinked`: a peered client VNet not linked to the private cluster's DNS
//! zone.
//!
//! ## What it finds
//! A client of a private cluster in a VNet peered with the cluster's, where the plan does not
//! link that VNet to the cluster's private DNS zone (`az network private-dns link vnet create`,
//! `privateDnsLink: true`). With `--private-dns-zone none` name resolution is the user's own DNS,
//! and nothing is reported.
//!
//! ## Why it matters
//! The client reaches the API server's address but cannot resolve its name.
//!
//! ## Fix
//! None: link the VNet to the zone, or resolve the name another way.
//!
//! ## Source
//! AKS "Access a private cluster" and "Create a private cluster": clients resolve the API server
//! through the private DNS zone `privatelink.<region>.azmk8s.io`, which must be linked to the
//! client's VNet.

use super::{Report, private_cluster_vnet};
use crate::codes::Code;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    let Some(own) = private_cluster_vnet(plan) else {
        return;
    };
    // With `none`, AKS creates no private zone: name resolution is the user's own DNS.
    let zone_is_none = plan
        .cluster
        .as_ref()
        .and_then(|c| c.private_dns_zone.as_ref())
        .is_some_and(|z| z.value.eq_ignore_ascii_case("none"));
    if zone_is_none {
        return;
    }
    for client in &plan.clients {
        let Some(vnet) = &client.vnet else {
            continue;
        };
        if vnet.value == own || !plan.peered(&vnet.value, own) {
            continue;
        }
        if !plan.vnet(&vnet.value).is_some_and(|v| v.private_dns_link) {
            report.add(
                Code::PrivateDnsZoneUnlinked,
                vnet.span,
                text!(
                    "VNet {0} is peered with {1} but not linked to the cluster's private DNS zone: {2} cannot resolve the API server",
                    "仮想ネットワーク {0} は {1} とピアリングされていますが、クラスターのプライベート DNS ゾーンにリンクされていません。{2} は API サーバーの名前を解決できません",
                    vnet.value,
                    own,
                    client.name.value
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
    PrivateDnsZoneUnlinked,
    "private-dns-zone-unlinked",
    "yaml"
);
