//! Private clusters: `private-dns-zone-format`, `private-cluster-unreachable` and
//! `private-dns-zone-unlinked`.
//!
//! Source: AKS "Access a private cluster" and "Create a private cluster": a private cluster's
//! API server is reached from its own VNet, a peered VNet, or networks connected to them (VPN,
//! ExpressRoute); clients resolve the API server through the private DNS zone
//! `privatelink.<region>.azmk8s.io` (or `<subzone>.privatelink.<region>.azmk8s.io`), which must
//! be linked to the client's VNet; the zone setting is `system`, `none` or a zone resource ID.

use super::Report;
use crate::codes::Code;

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
    let Some(own) = cluster.subnet.as_ref().map(|s| s.vnet.as_str()) else {
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
                format!("{name} is outside Azure: it reaches the private cluster only through a VPN or ExpressRoute into VNet {own} or a VNet peered with it"),
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
                format!("{name} is in VNet {}, which is neither the cluster's VNet {own} nor peered with it", vnet.value),
                &[],
                None,
            );
        } else if !zone_is_none && !plan.vnet(&vnet.value).is_some_and(|v| v.private_dns_link) {
            report.add(
                Code::PrivateDnsZoneUnlinked,
                vnet.span,
                format!("VNet {} is peered with {own} but not linked to the cluster's private DNS zone: {name} cannot resolve the API server", vnet.value),
                &[],
                None,
            );
        }
    }
}

/// What is wrong with a private DNS zone setting, if anything.
fn zone_problem(value: &str, region: Option<&str>) -> Option<String> {
    let lower = value.trim().to_ascii_lowercase();
    if lower == "system" || lower == "none" {
        return None;
    }
    let Some(name) = lower.split("/privatednszones/").nth(1) else {
        return Some(format!(
            "private DNS zone `{value}` must be system, none or the resource ID of a private DNS zone"
        ));
    };
    let expected = region.map_or_else(
        || "privatelink.<region>.azmk8s.io".to_owned(),
        |r| format!("privatelink.{r}.azmk8s.io"),
    );
    let labels: Vec<&str> = name.split('.').collect();
    let well_formed = match labels.as_slice() {
        [.., "privatelink", zone_region, "azmk8s", "io"] => {
            region.is_none_or(|r| *zone_region == r)
        }
        _ => false,
    };
    (!well_formed).then(|| {
        format!("private DNS zone `{name}` must be named {expected} (or <subzone>.{expected})")
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
        assert!(zone_problem(&id("privatelink.westus.azmk8s.io"), Some("eastus")).is_some());
        assert!(zone_problem(&id("mycluster.internal"), None).is_some());
        assert!(zone_problem("privatelink.eastus.azmk8s.io", None).is_some());
    }
}
