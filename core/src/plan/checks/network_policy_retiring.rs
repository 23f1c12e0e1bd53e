//! `network-policy-retiring`: the cluster runs Azure Network Policy Manager, which Microsoft is
//! retiring.
//!
//! ## What it finds
//! `--network-policy azure` (Azure NPM) without the Cilium dataplane:
//! - with a Windows node pool, a warning: "Retirement: Azure Network Policy Manager (NPM) for
//!   Windows nodes on AKS to Be Retired by September 30, 2026"
//!   (<https://azure.microsoft.com/updates?id=500273>); that date has passed, and the
//!   migration to Cilium does not cover Windows nodes ("Cilium Network Policy isn't currently
//!   supported for Windows nodes in AKS",
//!   <https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>);
//! - with Linux node pools, an info finding: "Azure Network Policy Manager (NPM) for Linux
//!   nodes on AKS to Be Retired by September 30, 2028"
//!   (<https://azure.microsoft.com/updates?id=500268>). It points to the migration check: the
//!   page's "Azure NPM → Cilium" view on the Policies tab and
//!   `aksnet check --engine azure --migrate-to cilium`, which list the flows whose verdict
//!   changes (the guide's "Pre-migration validation").
//!
//! Both are at the `--network-policy azure` flag (`networkPolicy: azure`).
//!
//! ## Fix
//! None: the migration (`az aks update --network-dataplane cilium`) reimages every node pool,
//! and some policies must change before it.

use super::Report;
use crate::codes::Code;
use crate::engine::Engine;
use crate::finding::Severity;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = report.plan.cluster.as_ref() else {
        return;
    };
    let Some(policy) = cluster.network_policy.as_ref() else {
        return;
    };
    if cluster.policy_engine() != Some(Engine::Azure) {
        return;
    }
    let windows: Vec<&str> = cluster
        .windows_pools()
        .map(crate::plan::model::NodePool::display_name)
        .collect();
    if !windows.is_empty() {
        report.add(
            Code::NetworkPolicyRetiring,
            policy.span,
            text!(
                "Azure Network Policy Manager on Windows nodes (node pool {0}) was retired on 30 September 2026, and Cilium does not run on Windows: plan another engine for these pools (Calico supports Windows Server 2019 and 2022)",
                "Windows ノード上の Azure Network Policy Manager (ノード プール {0}) は 2026 年 9 月 30 日に廃止されました。Cilium は Windows では動作しません。これらのプールには別のエンジンを検討してください (Calico は Windows Server 2019 と 2022 に対応しています)",
                windows.join(", ")
            ),
            &[],
            None,
        );
    }
    if cluster.pools.iter().any(|p| !p.is_windows()) {
        report.add_lowered(
            Code::NetworkPolicyRetiring,
            Severity::Info,
            policy.span,
            text!(
                "Azure Network Policy Manager on Linux nodes is retired on 30 September 2028, and Microsoft's path is Azure CNI Powered by Cilium (`az aks update --network-dataplane cilium`): the Policies tab's \"Azure NPM → Cilium\" view and `aksnet check --engine azure --migrate-to cilium` show which flows and policies change",
                "Linux ノード上の Azure Network Policy Manager は 2028 年 9 月 30 日に廃止されます。Microsoft の移行先は Azure CNI Powered by Cilium です (`az aks update --network-dataplane cilium`)。変わるフローとポリシーは、ポリシー タブの「Azure NPM → Cilium」ビューと `aksnet check --engine azure --migrate-to cilium` で確認できます"
            ),
            None,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    NetworkPolicyRetiring,
    "network-policy-retiring",
    "sh",
    "yaml"
);

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::plan::checks::pairs::run_alone;

    fn found(text: &str) -> Vec<(Severity, String)> {
        run_alone(super::check, text)
            .into_iter()
            .map(|f| (f.severity, text[f.span.start..f.span.end].to_owned()))
            .collect()
    }

    #[test]
    fn windows_is_a_warning_and_linux_a_note() {
        let linux = "az aks create -n c --network-plugin azure --network-policy azure";
        assert_eq!(found(linux), [(Severity::Info, "azure".to_owned())]);
        let both =
            format!("{linux}\naz aks nodepool add --cluster-name c -n npwin --os-type Windows");
        assert_eq!(
            found(&both),
            [
                (Severity::Warning, "azure".to_owned()),
                (Severity::Info, "azure".to_owned())
            ]
        );
        let findings = run_alone(super::check, &both);
        assert!(
            findings[0].message.contains("npwin"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[1].message.contains("--migrate-to cilium"),
            "{}",
            findings[1].message
        );
        // After the migration (or with another engine), nothing.
        for text in [
            format!("{linux}\naz aks update -n c --network-dataplane cilium"),
            "az aks create -n c --network-plugin azure --network-policy calico".to_owned(),
            "az aks create -n c --network-plugin azure".to_owned(),
        ] {
            assert_eq!(found(&text), [], "{text}");
        }
    }
}
