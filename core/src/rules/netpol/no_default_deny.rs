//! `np-no-default-deny`: a namespace with pods but no default-deny ingress policy.
//!
//! ## What it finds
//! A namespace that has pods or workloads in the input but no policy that selects all of its pods
//! (`podSelector: {}`), has `Ingress` among its types and no ingress rules. Reported once per
//! namespace, on its first pod or workload. The `kube-*` namespaces, whose pods AKS manages, are
//! left out.
//!
//! ## Why it matters
//! Pods that no policy selects accept traffic from everywhere. Policies allow-list only the pods
//! they select, so every new workload starts open until someone writes one for it. A default-deny
//! policy turns that round: nothing reaches a pod unless a policy allows it. The AKS network
//! policy walkthrough starts from such a deny-all policy for that reason.
//!
//! ## Fix (unsafe: it blocks ingress the other policies do not allow)
//! Appends a `default-deny-ingress` NetworkPolicy for the namespace at the end of the file.

use std::collections::BTreeSet;

use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::rules::Context;
use crate::span::Span;
use crate::text;

use super::pods;

pub(super) fn check(context: &mut Context<'_>) {
    let cluster = context.cluster;
    let mut seen = BTreeSet::new();
    for endpoint in pods(cluster) {
        let Some(namespace) = endpoint.namespace.as_deref() else {
            continue;
        };
        if namespace.starts_with("kube-") || !seen.insert(namespace) {
            continue;
        }
        let denied = cluster.policies.iter().any(|p| {
            !p.rejected
                && p.namespace == namespace
                && p.pod_selector.is_empty()
                && p.ingress_isolates
                && p.ingress.is_empty()
        });
        if denied {
            continue;
        }
        let Some(manifest) = context
            .manifests
            .iter()
            .find(|m| m.file == endpoint.file && m.span() == endpoint.span)
        else {
            continue;
        };
        let text = context.text(manifest);
        let name = policy_name(cluster, namespace);
        let fix = yaml_name(namespace).map(|written| {
            let newline = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            Fix::unsafe_edits(
                text!(
                    "Add NetworkPolicy {0} to namespace {1}",
                    "名前空間 {1} に NetworkPolicy {0} を追加する",
                    name,
                    namespace
                ),
                vec![Edit::insert(
                    text.len(),
                    format!(
                        "{newline}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {name}\n  namespace: {written}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress]\n"
                    ),
                )],
            )
        });
        let at = manifest
            .node
            .path(&["metadata", "namespace"])
            .or_else(|| manifest.node.path(&["metadata", "name"]))
            .map_or(Span::empty(manifest.span().start), |n| n.span);
        let message = text!(
            "namespace `{0}` has no default-deny ingress policy (`podSelector: {{}}`, `policyTypes: [Ingress]`, no rules): its pods that no policy selects accept traffic from anywhere",
            "名前空間 `{0}` に、すべての受信トラフィックを拒否する既定のポリシー (`podSelector: {{}}`、`policyTypes: [Ingress]`、ルールなし) がありません。どのポリシーにも選択されていないポッドは、あらゆる送信元からのトラフィックを受け入れます",
            namespace
        );
        context.report(manifest, Code::NpNoDefaultDeny, at, message, fix);
    }
}

/// `default-deny-ingress`, or a numbered variant when the namespace already has a policy of
/// that name (which is then not a default deny).
fn policy_name(cluster: &crate::cluster::Cluster, namespace: &str) -> String {
    let taken = |name: &str| {
        cluster
            .policies
            .iter()
            .any(|p| p.namespace == namespace && p.name == name)
    };
    let base = "default-deny-ingress";
    if !taken(base) {
        return base.to_owned();
    }
    (2..=cluster.policies.len() + 2)
        .map(|n| format!("{base}-{n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

/// A namespace name (a DNS label) as YAML text: quoted when YAML 1.1 would read it as something
/// other than a string (`123`, `on`, `no`, `1e3`). `None` for a name Kubernetes would refuse.
fn yaml_name(name: &str) -> Option<String> {
    let label = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if !label {
        return None;
    }
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase())
        && !matches!(
            name,
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    Some(if plain {
        name.to_owned()
    } else {
        format!("\"{name}\"")
    })
}

#[cfg(test)]
mod tests {
    use super::yaml_name;
    use crate::{SourceFile, analyze};

    fn pod(namespace: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: web, namespace: {namespace:?}}}\nspec:\n  containers:\n  - {{name: web, image: nginx}}\n"
        )
    }

    #[test]
    fn names_yaml_would_misread_are_quoted() {
        assert_eq!(yaml_name("shop").as_deref(), Some("shop"));
        assert_eq!(yaml_name("on").as_deref(), Some("\"on\""));
        assert_eq!(yaml_name("123").as_deref(), Some("\"123\""));
        assert_eq!(yaml_name("Shop"), None);
    }

    #[test]
    fn system_namespaces_are_left_out_and_taken_names_avoided() {
        let analysis = analyze(&[SourceFile::new("p.yaml", pod("kube-system"))]);
        assert!(
            analysis
                .findings
                .iter()
                .all(|f| f.code.as_str() != "np-no-default-deny")
        );

        let text = format!(
            "{}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: default-deny-ingress, namespace: \"on\"}}\nspec:\n  podSelector: {{matchLabels: {{app: web}}}}\n  policyTypes: [Ingress]",
            pod("on")
        );
        let sources = [SourceFile::new("p.yaml", text)];
        let fixed = analyze(&sources)
            .fixed_text(0, crate::Applicability::Unsafe)
            .unwrap();
        assert!(
            fixed.ends_with("[Ingress]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress-2\n  namespace: \"on\"\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n"),
            "{fixed}"
        );
        let again = analyze(&[SourceFile::new("p.yaml", fixed)]);
        assert!(
            again
                .findings
                .iter()
                .all(|f| f.code.as_str() != "np-no-default-deny")
        );
    }
}
