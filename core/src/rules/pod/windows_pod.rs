//! `np-windows-pod`: a NetworkPolicy that selects pods scheduled on Windows nodes.
//!
//! ## What it finds
//! A policy whose `podSelector` matches, in its own namespace, a Pod or a workload's pod
//! template with the node selector `kubernetes.io/os: windows`.
//!
//! ## Why it matters
//! AKS enforces network policies on Linux nodes. On Windows nodes only Calico (with Azure CNI)
//! enforces them; Azure Network Policy Manager does so only as a preview on Windows Server 2022
//! that is closed to new subscriptions and retires on 30 September 2026, and Cilium and kubenet
//! clusters not at all. Unless the cluster runs Calico, the Windows pods stay open whatever the
//! policy says, while aksnet's reachability, like the manifests, assumes they are isolated.
//!
//! ## Fix
//! None: the choice is between Calico, node-level network security groups, or running the
//! workload on Linux.

use crate::codes::Code;
use crate::manifest::Kind;
use crate::rules::Context;
use crate::span::Span;
use crate::text;

pub(super) fn check(context: &mut Context<'_>) {
    let cluster = context.cluster;
    let manifests = context.manifests;
    for policy in cluster.policies.iter().filter(|p| !p.rejected) {
        let windows: Vec<String> = cluster
            .endpoints
            .iter()
            .filter(|e| {
                e.windows
                    && e.namespace.as_deref() == Some(policy.namespace.as_str())
                    && policy.pod_selector.matches(&e.labels)
            })
            .map(|e| format!("`{}`", e.name))
            .collect();
        if windows.is_empty() {
            continue;
        }
        let Some(manifest) = manifests.iter().find(|m| {
            m.known_kind() == Some(Kind::NetworkPolicy)
                && m.file == policy.file
                && m.span() == policy.span
        }) else {
            continue;
        };
        let at = manifest
            .node
            .path(&["spec", "podSelector"])
            .map_or(Span::empty(manifest.span().start), |s| s.span);
        let message = text!(
            "the policy selects pods that run on Windows nodes ({0}): AKS enforces network policies on Windows nodes only with Calico (or the retiring Azure Network Policy Manager preview), so with other engines these pods are not isolated",
            "このポリシーは Windows ノードで実行されるポッド ({0}) を選択しています。AKS が Windows ノードでネットワーク ポリシーを適用するのは Calico (または廃止予定の Azure Network Policy Manager プレビュー) を使用する場合だけであるため、他のエンジンではこれらのポッドは分離されません",
            windows.join(", ")
        );
        context.report(manifest, Code::NpWindowsPod, at, message, None);
    }
}
