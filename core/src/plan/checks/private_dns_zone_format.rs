//! `private-dns-zone-format`: a private cluster's DNS zone setting AKS does not accept.
//!
//! ## What it finds
//! A `--private-dns-zone` that is not `system`, `none` or the resource ID of a private DNS zone
//! named `privatelink.<region>.azmk8s.io` or `<subzone>.privatelink.<region>.azmk8s.io` (with API
//! Server VNet Integration `private.` instead of `privatelink.`), in the cluster's region.
//!
//! ## Why it matters
//! AKS refuses the cluster, or clients cannot resolve its API server.
//!
//! ## Fix
//! None: the zone to use is the writer's.
//!
//! ## Source
//! AKS "Create a private cluster": the zone setting is `system`, `none` or a zone resource ID,
//! named `privatelink.<region>.azmk8s.io` or `<subzone>.privatelink.<region>.azmk8s.io`
//! (`private.<region>.azmk8s.io` with API Server VNet Integration).

use super::Report;
use crate::codes::Code;
use crate::text;
use crate::text::Text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
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
    use crate::codes::Code;
    use crate::plan::checks::pairs::assert_pairs;

    #[test]
    fn fixture_pair() {
        assert_pairs(
            super::check,
            Code::PrivateDnsZoneFormat,
            &fixture_pairs!("private-dns-zone-format", "yaml"),
        );
    }

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
