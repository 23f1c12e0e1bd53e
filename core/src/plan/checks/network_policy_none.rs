//! `network-policy-none`: the manifests hold NetworkPolicies and the plan's cluster runs no
//! policy engine, so the policies have no effect.
//!
//! ## What it finds
//! A plan whose cluster has `--network-policy none`, or no policy flag at all (and no Cilium
//! dataplane), checked together with manifests that hold NetworkPolicies
//! ([`check_plan_with`](crate::plan::check_plan_with); the page's two tabs, `aksnet plan
//! --manifests`). AKS's `networkPolicy` "none": "Network policies will not be enforced. This
//! is the default value when NetworkPolicy is not specified"
//! (<https://learn.microsoft.com/rest/api/aks/managed-clusters/create-or-update#networkpolicy>);
//! "Creating a NetworkPolicy resource without a controller that implements it will have no
//! effect" (<https://kubernetes.io/docs/concepts/services-networking/network-policies/>,
//! "Prerequisites"). The API server stores the policies and every flow stays open. After
//! `az aks update --network-policy none`, "after the uninstall these policies are no longer
//! enforced" (<https://learn.microsoft.com/azure/aks/use-network-policies>).
//!
//! The finding is at `--network-policy none` when it is written, else at the cluster (the
//! `az aks create` command, the `cluster:` mapping), and names the first policies.
//!
//! ## Fix
//! None: which engine to install is the user's choice (Cilium with Azure CNI, the recommended
//! one; Calico; Azure NPM, being retired), and installing one on a running cluster reimages its
//! node pools.

use super::Report;
use crate::codes::Code;
use crate::engine::Engine;
use crate::text;
use crate::text::Text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = report.plan.cluster.as_ref() else {
        return;
    };
    if report.policies.is_empty() || cluster.policy_engine() != Some(Engine::None) {
        return;
    }
    let written = cluster
        .network_policy
        .as_ref()
        .filter(|p| p.value == "none");
    let span = written.map_or(cluster.span, |p| p.span);
    // The message names three policies, then counts the rest ("and N more").
    let named = report.policies.iter().take(3);
    let en: Vec<String> = named
        .clone()
        .map(|p| format!("{} at {}:{}", p.name, p.file, p.line))
        .collect();
    let ja: Vec<String> = named
        .map(|p| format!("{}:{} の {}", p.file, p.line, p.name))
        .collect();
    let more = report.policies.len().saturating_sub(3);
    let list = if more == 0 {
        Text::new(en.join(", "), ja.join("、"))
    } else {
        Text::new(
            format!("{} and {more} more", en.join(", ")),
            format!("{} ほか {more} 件", ja.join("、")),
        )
    };
    let spell = |az, yaml| report.writer.spell(az, yaml);
    let why = if written.is_some() {
        let flag = spell("--network-policy none", "networkPolicy: none");
        text!("`{0}`", "`{0}` が指定されている", flag)
    } else {
        let flag = spell("--network-policy", "networkPolicy");
        text!(
            "no `{0}` is set, and AKS enforces nothing by default",
            "`{0}` が指定されておらず、AKS は既定で何も適用しない",
            flag
        )
    };
    let (cilium, calico) = (
        spell("--network-dataplane cilium", "networkDataplane: cilium"),
        spell("--network-policy calico", "networkPolicy: calico"),
    );
    report.add(
        Code::NetworkPolicyNone,
        span,
        text!(
            "the manifests hold {0} NetworkPolicies ({1}), but the cluster runs no policy engine ({2}): they are stored and have no effect, and every flow stays open; choose an engine (`{3}` with Azure CNI, or `{4}`)",
            "マニフェストには {0} 個の NetworkPolicy ({1}) がありますが、クラスターにはポリシー エンジンがありません ({2})。ポリシーは保存されるだけで効果がなく、すべての通信が開いたままです。エンジンを選んでください (Azure CNI では `{3}`、または `{4}`)",
            report.policies.len(),
            list,
            why,
            cilium,
            calico
        ),
        &[],
        None,
    );
}

#[cfg(test)]
mod tests {
    use crate::codes::Code;
    use crate::manifest::SourceFile;
    use crate::plan::checks::pairs::run_alone_with;
    use crate::plan::{PolicyRef, check_plan_with};

    const FAIL: &str = include_str!("../../../../tests/fixtures/plan/network-policy-none/fail.sh");
    const PASS: &str = include_str!("../../../../tests/fixtures/plan/network-policy-none/pass.sh");
    const FAIL_YAML: &str =
        include_str!("../../../../tests/fixtures/plan/network-policy-none/fail.yaml");
    const PASS_YAML: &str =
        include_str!("../../../../tests/fixtures/plan/network-policy-none/pass.yaml");
    const MANIFESTS: &str =
        include_str!("../../../../tests/fixtures/plan/network-policy-none/manifests.yaml");

    fn policies() -> Vec<PolicyRef> {
        let analysis = crate::analyze(&[SourceFile::new("manifests.yaml", MANIFESTS)]);
        PolicyRef::all_in(&analysis)
    }

    /// The pair, with the manifests beside it: the failing plan raises the code, and only it;
    /// its twin (an engine) nothing; without the manifests neither raises anything.
    #[test]
    fn fixture_pair() {
        let policies = policies();
        assert_eq!(policies.len(), 2, "{policies:?}");
        assert_eq!(policies[0].name, "demo/demo-policy");
        assert_eq!(
            (policies[0].file.as_str(), policies[0].line),
            ("manifests.yaml", 3)
        );
        for (fail, pass) in [(FAIL, PASS), (FAIL_YAML, PASS_YAML)] {
            let failing = run_alone_with(super::check, fail, &policies);
            assert_eq!(failing.len(), 1, "{failing:?}");
            assert_eq!(failing[0].code, Code::NetworkPolicyNone);
            assert!(
                failing[0]
                    .message
                    .contains("demo/demo-policy at manifests.yaml:3")
            );
            assert!(run_alone_with(super::check, pass, &policies).is_empty());
            assert!(run_alone_with(super::check, fail, &[]).is_empty());
        }
    }

    #[test]
    fn at_the_flag_when_written_else_at_the_cluster() {
        let policies = policies();
        let text = "az aks create -n c --network-plugin azure --network-policy none";
        let found = run_alone_with(super::check, text, &policies);
        assert_eq!(&text[found[0].span.start..found[0].span.end], "none");
        let text = "az aks create -n c --network-plugin azure";
        let found = run_alone_with(super::check, text, &policies);
        assert_eq!(&text[found[0].span.start..found[0].span.end], text);
        // An engine the plan does not know (a placeholder): no guess.
        let text = "az aks create -n c --network-policy <policy>";
        assert!(run_alone_with(super::check, text, &policies).is_empty());
        // Many policies: the first three named, the rest counted.
        let many: Vec<PolicyRef> = (0..5)
            .map(|i| PolicyRef {
                name: format!("ns/p{i}"),
                file: "m.yaml".to_owned(),
                line: i + 1,
            })
            .collect();
        let found = run_alone_with(super::check, "az aks create -n c", &many);
        assert!(
            found[0].message.contains("5 NetworkPolicies"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("ns/p2 at m.yaml:3 and 2 more"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message_ja.contains("ほか 2 件"),
            "{}",
            found[0].message_ja
        );
        // Through the public entry point.
        let report = check_plan_with(&SourceFile::new("plan.sh", FAIL), 0, &policies);
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.code == Code::NetworkPolicyNone)
        );
    }
}
