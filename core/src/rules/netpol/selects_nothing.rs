//! `np-selects-nothing`: a policy whose `podSelector` matches no pod of its namespace.
//!
//! ## What it finds
//! A NetworkPolicy that Kubernetes would accept, in an input that has pods or workloads, whose
//! `spec.podSelector` matches none of the pods and workloads of the policy's namespace, or only
//! hostNetwork pods, which policies never isolate. Inputs made of policies alone
//! are not judged: the pods may simply be elsewhere.
//!
//! ## Why it matters
//! A policy applies only to the pods it selects. A label typo (`app: web` for `app: webapp`) or
//! the wrong `metadata.namespace` leaves the pods it was written for unprotected, and nothing
//! tells: `kubectl apply` accepts it and traffic keeps flowing.
//!
//! ## Fix
//! None: whether the selector or the pods' labels are wrong is the user's call.

use crate::cluster::Endpoint;
use crate::codes::Code;
use crate::rules::Context;
use crate::span::Span;
use crate::text;

use super::{accepted_policy, has_pods, pods, selects};

pub(super) fn check(context: &mut Context<'_>) {
    let cluster = context.cluster;
    if !has_pods(cluster) {
        return;
    }
    for manifest in context.policies() {
        let Some(policy) = accepted_policy(cluster, manifest) else {
            continue;
        };
        if pods(cluster).any(|e| selects(policy, e)) {
            continue;
        }
        let in_namespace: Vec<&Endpoint> = pods(cluster)
            .filter(|e| e.namespace.as_deref() == Some(policy.namespace.as_str()))
            .collect();
        let host_network: Vec<String> = in_namespace
            .iter()
            .filter(|e| e.host_network && policy.pod_selector.matches(&e.labels))
            .map(|e| format!("`{}`", e.id()))
            .collect();
        let message = if !host_network.is_empty() {
            text!(
                "podSelector `{0}` selects only hostNetwork pods ({1}), which network policies do not isolate: the policy applies to nothing",
                "podSelector `{0}` が選択するのは hostNetwork ポッド ({1}) だけで、これらはネットワーク ポリシーでは分離されません。このポリシーはどこにも適用されません",
                policy.pod_selector,
                host_network.join(", ")
            )
        } else if in_namespace.is_empty() {
            text!(
                "podSelector `{0}` selects nothing: the input has no pod or workload in namespace `{1}`, so the policy protects nothing it describes",
                "podSelector `{0}` は何も選択しません。入力には名前空間 `{1}` のポッドもワークロードもないため、このポリシーが記述しているものは何も保護されません",
                policy.pod_selector,
                policy.namespace
            )
        } else {
            text!(
                "podSelector `{0}` matches none of the {1} pod(s) and workload(s) of namespace `{2}`: the policy applies to nothing; check the labels",
                "podSelector `{0}` は名前空間 `{2}` の {1} 個のポッドとワークロードのどれにも一致しないため、このポリシーはどこにも適用されません。ラベルを確認してください",
                policy.pod_selector,
                in_namespace.len(),
                policy.namespace
            )
        };
        let at = manifest
            .node
            .path(&["spec", "podSelector"])
            .map_or(Span::empty(manifest.span().start), |n| n.span);
        context.report(manifest, Code::NpSelectsNothing, at, message, None);
    }
}
