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
            format!(
                "podSelector `{}` selects only hostNetwork pods ({}), which network policies do not isolate: the policy applies to nothing",
                policy.pod_selector,
                host_network.join(", ")
            )
        } else if in_namespace.is_empty() {
            format!(
                "podSelector `{}` selects nothing: the input has no pod or workload in namespace `{}`, so the policy protects nothing it describes",
                policy.pod_selector, policy.namespace
            )
        } else {
            format!(
                "podSelector `{}` matches none of the {} pod(s) and workload(s) of namespace `{}`: the policy applies to nothing; check the labels",
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
