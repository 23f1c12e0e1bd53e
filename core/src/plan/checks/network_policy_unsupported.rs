//! `network-policy-unsupported`: the plan asks for a policy engine its cluster cannot run.
//!
//! ## What it finds
//! - `--network-policy azure` (Azure Network Policy Manager) with kubenet: an error. "To use
//!   Azure Network Policy Manager, you must use the Azure CNI plug-in. Calico can be used with
//!   either Azure CNI plug-in or with the Kubenet CNI plug-in"
//!   (<https://learn.microsoft.com/azure/aks/use-network-policies>, "Create an AKS cluster and
//!   enable network policy"); "Azure Network Policies aren't supported with kubenet. You can use
//!   Calico Network Policies, as they are supported with kubenet"
//!   (<https://learn.microsoft.com/azure/aks/configure-kubenet>).
//! - The Cilium dataplane (`--network-dataplane cilium`) without Azure CNI: an error. Cilium's
//!   supported networking option is Azure CNI (use-network-policies, "Differences between
//!   Network Policy engines"), in overlay, pod subnet or node subnet mode
//!   (<https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium>).
//! - `--network-policy cilium` without `--network-dataplane cilium`: an error; the AKS API's
//!   `cilium` policy "requires networkDataplane to be 'cilium'"
//!   (<https://learn.microsoft.com/rest/api/aks/managed-clusters/create-or-update#networkpolicy>).
//! - A Windows node pool in a Cilium cluster: a warning, one per pool. Azure CNI Powered by
//!   Cilium is "Available only for Linux and not for Windows" (azure-cni-powered-by-cilium,
//!   "Limitations"): no policy applies to the pods on those nodes.
//!
//! ## Fix
//! For Azure NPM with kubenet, an unsafe fix: `calico`, the engine the kubenet article names
//! (unsafe: another engine, with its own behaviour, docs/netpol-semantics.md). The others have
//! none: moving to Azure CNI changes where every pod takes its address.

use super::Report;
use crate::codes::Code;
use crate::finding::Severity;
use crate::fix::{Edit, Fix};
use crate::plan::model::NetworkPlugin;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = report.plan.cluster.as_ref() else {
        return;
    };
    // An existing cluster's plugin is not in the text: not judged.
    let kubenet = cluster.plugin.value == NetworkPlugin::Kubenet && !cluster.plugin_assumed;
    let policy = cluster.network_policy.as_ref();
    let dataplane = cluster
        .network_dataplane
        .as_ref()
        .filter(|d| d.value == "cilium");
    let spell = |az, yaml| report.writer.spell(az, yaml);
    if let (Some(dataplane), true) = (dataplane, kubenet) {
        let azure = spell(
            "--network-plugin azure --network-plugin-mode overlay",
            "networkPlugin: azure-overlay",
        );
        report.add(
            Code::NetworkPolicyUnsupported,
            dataplane.span,
            text!(
                "Azure CNI Powered by Cilium needs Azure CNI (overlay, pod subnet or node subnet), and this cluster uses kubenet: use Azure CNI, such as `{0}`, which keeps pod addresses outside the VNet as kubenet does",
                "Azure CNI Powered by Cilium には Azure CNI (オーバーレイ、ポッド サブネット、ノード サブネット) が必要ですが、このクラスターは kubenet を使用しています。Azure CNI を使ってください。たとえば `{0}` なら、kubenet と同じくポッドのアドレスを仮想ネットワークの外に置けます",
                azure
            ),
            &[],
            None,
        );
    }
    if let Some(policy) = policy.filter(|p| p.value == "azure")
        && kubenet
        && dataplane.is_none()
    {
        let fix = Fix::unsafe_edits(
            text!(
                "Use Calico, which kubenet supports",
                "kubenet が対応している Calico を使う"
            ),
            vec![Edit::replace(policy.span, "calico")],
        );
        report.add(
            Code::NetworkPolicyUnsupported,
            policy.span,
            text!(
                "Azure Network Policy Manager needs Azure CNI, and this cluster uses kubenet: AKS does not support Azure network policies with kubenet (Calico is supported with kubenet)",
                "Azure Network Policy Manager には Azure CNI が必要ですが、このクラスターは kubenet を使用しています。AKS は kubenet での Azure ネットワーク ポリシーをサポートしていません (kubenet では Calico がサポートされています)"
            ),
            &[],
            Some(fix),
        );
    }
    if let Some(policy) = policy.filter(|p| p.value == "cilium")
        && !cluster.cilium_dataplane()
    {
        let (flag, dataplane) = (
            spell("--network-policy cilium", "networkPolicy: cilium"),
            spell("--network-dataplane cilium", "networkDataplane: cilium"),
        );
        report.add(
            Code::NetworkPolicyUnsupported,
            policy.span,
            text!(
                "`{0}` needs the Cilium dataplane: add `{1}` (Azure CNI Powered by Cilium)",
                "`{0}` には Cilium データプレーンが必要です。`{1}` (Azure CNI Powered by Cilium) を追加してください",
                flag,
                dataplane
            ),
            &[],
            None,
        );
    }
    if matches!(cluster.policy_engine(), Some(crate::Engine::Cilium(_))) {
        for pool in cluster.windows_pools() {
            let span = pool.os_type.as_ref().map_or(pool.span, |os| os.span);
            report.add_lowered(
                Code::NetworkPolicyUnsupported,
                Severity::Warning,
                span,
                text!(
                    "node pool {0} runs Windows, and Cilium runs on Linux only: no NetworkPolicy applies to the pods on its nodes",
                    "ノード プール {0} は Windows で動作しますが、Cilium は Linux でのみ動作します。そのノード上のポッドには NetworkPolicy が適用されません",
                    pool.display_name()
                ),
                None,
            );
        }
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    NetworkPolicyUnsupported,
    "network-policy-unsupported",
    "sh",
    "yaml"
);

#[cfg(test)]
mod tests {
    use crate::codes::Code;
    use crate::finding::Severity;
    use crate::plan::checks::pairs::run_alone;

    fn found(text: &str) -> Vec<(Severity, String)> {
        run_alone(super::check, text)
            .into_iter()
            .inspect(|f| assert_eq!(f.code, Code::NetworkPolicyUnsupported))
            .map(|f| (f.severity, text[f.span.start..f.span.end].to_owned()))
            .collect()
    }

    #[test]
    fn each_case_at_its_flag_with_its_severity() {
        // NPM with kubenet, written or the default plugin.
        for text in [
            "az aks create -n c --network-plugin kubenet --network-policy azure",
            "az aks create -n c --network-policy azure",
        ] {
            assert_eq!(
                found(text),
                [(Severity::Error, "azure".to_owned())],
                "{text}"
            );
        }
        // Calico is supported with kubenet; NPM with Azure CNI (and overlay).
        for text in [
            "az aks create -n c --network-plugin kubenet --network-policy calico",
            "az aks create -n c --network-plugin azure --network-policy azure",
            "az aks create -n c --network-plugin azure --network-plugin-mode overlay --network-policy azure",
            "az aks create -n c --network-plugin azure --network-dataplane cilium",
            "az aks create -n c --network-plugin azure --network-policy cilium --network-dataplane cilium",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
        // Cilium without Azure CNI; the policy flag is Cilium's then, not NPM's.
        assert_eq!(
            found("az aks create -n c --network-policy azure --network-dataplane cilium"),
            [(Severity::Error, "cilium".to_owned())]
        );
        // A cluster that exists already: its plugin is not in the text, so not judged (the
        // published `az aks update` blocks).
        for text in [
            "az aks update -g rg -n c --network-policy azure",
            "az aks update -g rg -n c --network-dataplane cilium",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
        assert_eq!(
            found("az aks update -g rg -n c --network-plugin kubenet --network-policy azure"),
            [(Severity::Error, "azure".to_owned())]
        );
        // The cilium policy without its dataplane.
        assert_eq!(
            found("az aks create -n c --network-plugin azure --network-policy cilium"),
            [(Severity::Error, "cilium".to_owned())]
        );
        assert_eq!(
            found(
                "az aks create -n c --network-plugin azure --network-policy cilium --network-dataplane azure"
            ),
            [(Severity::Error, "cilium".to_owned())]
        );
        // A Windows pool of a Cilium cluster: a warning at its --os-type.
        let text = "az aks create -n c --network-plugin azure --network-dataplane cilium\naz aks nodepool add --cluster-name c -n npwin --os-type Windows";
        assert_eq!(found(text), [(Severity::Warning, "Windows".to_owned())]);
        // A Windows pool with NPM or Calico is not this code's business.
        let text = "az aks create -n c --network-plugin azure --network-policy calico\naz aks nodepool add --cluster-name c -n npwin --os-type Windows";
        assert_eq!(found(text), []);
    }

    /// Messages name the settings as the plan's form writes them.
    #[test]
    fn messages_speak_the_plan_form() {
        let az = run_alone(super::check, "az aks create -n c --network-policy cilium");
        assert!(
            az[0].message.contains("add `--network-dataplane cilium`"),
            "{}",
            az[0].message
        );
        let yaml = run_alone(
            super::check,
            "kind: NetworkPlan\ncluster:\n  networkPlugin: kubenet\n  networkDataplane: cilium\n",
        );
        assert!(
            yaml[0].message.contains("`networkPlugin: azure-overlay`"),
            "{}",
            yaml[0].message
        );
    }

    #[test]
    fn the_kubenet_fix_gives_calico() {
        let text = "az aks create -n c --network-policy azure";
        let findings = run_alone(super::check, text);
        let fix = findings[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::Applicability::Unsafe);
        let fixed = crate::fix::apply(text, &fix.edits).0;
        assert_eq!(fixed, "az aks create -n c --network-policy calico");
        assert!(run_alone(super::check, &fixed).is_empty());
    }
}
