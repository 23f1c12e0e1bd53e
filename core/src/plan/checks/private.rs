//! Private clusters: `private-dns-zone-format`, `private-cluster-unreachable` and
//! `private-dns-zone-unlinked`.
//!
//! Source: AKS "Access a private cluster" and "Create a private cluster": a private cluster's
//! API server is reached from its own VNet, a peered VNet, or networks connected to them (VPN,
//! ExpressRoute); clients resolve the API server through the private DNS zone
//! `privatelink.<region>.azmk8s.io` (or `<subzone>.privatelink.<region>.azmk8s.io`; with API
//! Server VNet Integration `private.<region>.azmk8s.io` or `<subzone>.private.<region>.azmk8s.io`),
//! which must be linked to the client's VNet; the zone setting is `system`, `none` or a zone
//! resource ID.

use super::Report;
use crate::codes::Code;
use crate::text;
use crate::text::Text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    let Some(cluster) = &plan.cluster else {
        return;
    };
    let region = cluster
        .region
        .as_ref()
        .map(|r| r.value.to_ascii_lowercase());
    if let Some(zone) = &cluster.private_dns_zone
        && let Some(problem) = zone_problem(&zone.value, region.as_deref())
    {
        report.add(Code::PrivateDnsZoneFormat, zone.span, problem, &[], None);
    }
    if !cluster.is_private() {
        return;
    }
    let Some(own) = cluster.subnet().map(|s| s.vnet.as_str()) else {
        return;
    };
    // With `none`, AKS creates no private zone: name resolution is the user's own DNS.
    let zone_is_none = cluster
        .private_dns_zone
        .as_ref()
        .is_some_and(|z| z.value.eq_ignore_ascii_case("none"));
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
        if vnet.value == own {
            continue;
        }
        if !plan.peered(&vnet.value, own) {
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
        } else if !zone_is_none && !plan.vnet(&vnet.value).is_some_and(|v| v.private_dns_link) {
            report.add(
                Code::PrivateDnsZoneUnlinked,
                vnet.span,
                text!(
                    "VNet {0} is peered with {1} but not linked to the cluster's private DNS zone: {2} cannot resolve the API server",
                    "仮想ネットワーク {0} は {1} とピアリングされていますが、クラスターのプライベート DNS ゾーンにリンクされていません。{2} は API サーバーの名前を解決できません",
                    vnet.value,
                    own,
                    name
                ),
                &[],
                None,
            );
        }
    }
}

/// What is wrong with a private DNS zone setting, if anything.
fn zone_problem(value: &str, region: Option<&str>) -> Option<Text> {
    let lower = value.trim().to_ascii_lowercase();
    if lower == "system" || lower == "none" {
        return None;
    }
    let Some(name) = lower.split("/privatednszones/").nth(1) else {
        return Some(text!(
            "private DNS zone `{0}` must be system, none or the resource ID of a private DNS zone",
            "プライベート DNS ゾーン `{0}` は system、none、またはプライベート DNS ゾーンのリソース ID である必要があります",
            value
        ));
    };
    let expected = region.map_or_else(
        || "privatelink.<region>.azmk8s.io".to_owned(),
        |r| format!("privatelink.{r}.azmk8s.io"),
    );
    let labels: Vec<&str> = name.split('.').collect();
    // `private.` is the form for clusters with API Server VNet Integration.
    let well_formed = match labels.as_slice() {
        [.., "privatelink" | "private", zone_region, "azmk8s", "io"] => {
            region.is_none_or(|r| *zone_region == r)
        }
        _ => false,
    };
    (!well_formed).then(|| {
        text!(
            "private DNS zone `{0}` must be named {1} (or <subzone>.{1}; private.<region> instead of privatelink.<region> with API Server VNet Integration)",
            "プライベート DNS ゾーン `{0}` の名前は {1} (または <subzone>.{1}。API Server VNet Integration では privatelink.<region> の代わりに private.<region>) である必要があります",
            name,
            expected
        )
    })
}

#[cfg(test)]
mod tests {
    use super::zone_problem;

    #[test]
    fn zone_names_follow_the_privatelink_form() {
        let id = |name: &str| {
            format!(
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/{name}"
            )
        };
        assert_eq!(zone_problem("system", None), None);
        assert_eq!(zone_problem("None", Some("eastus")), None);
        assert_eq!(
            zone_problem(&id("privatelink.eastus.azmk8s.io"), Some("eastus")),
            None
        );
        assert_eq!(
            zone_problem(&id("team.privatelink.eastus.azmk8s.io"), Some("eastus")),
            None
        );
        assert_eq!(
            zone_problem(&id("private.eastus.azmk8s.io"), Some("eastus")),
            None
        );
        assert_eq!(
            zone_problem(&id("team.private.eastus.azmk8s.io"), None),
            None
        );
        assert!(zone_problem(&id("private.westus.azmk8s.io"), Some("eastus")).is_some());
        assert!(zone_problem(&id("public.eastus.azmk8s.io"), Some("eastus")).is_some());
        assert!(zone_problem(&id("privatelink.westus.azmk8s.io"), Some("eastus")).is_some());
        assert!(zone_problem(&id("mycluster.internal"), None).is_some());
        assert!(zone_problem("privatelink.eastus.azmk8s.io", None).is_some());
    }
}
