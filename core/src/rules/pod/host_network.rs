//! `pod-host-network`: a pod with `spec.hostNetwork: true`.
//!
//! ## What it finds
//! Pods and pod templates that use the node's network namespace.
//!
//! ## Why it matters
//! Such a pod has the node's IP address and sees every interface of the node. Kubernetes leaves
//! NetworkPolicy behaviour for hostNetwork pods undefined; in practice their traffic is the
//! node's, so a policy that selects them does not isolate them and a peer that selects them by
//! label does not match their traffic. aksnet's reachability treats them the same way: never
//! isolated. Their ports are also the node's ports.
//!
//! ## Fix
//! None: agents that manage the node need it; other workloads should drop the field and reach
//! the network through a Service.

use super::{as_bool, pod_specs};
use crate::codes::Code;
use crate::rules::Context;
use crate::text;

pub(super) fn check(context: &mut Context<'_>) {
    let manifests = context.manifests;
    for (manifest, spec) in pod_specs(manifests) {
        let Some(value) = spec
            .get("hostNetwork")
            .filter(|v| as_bool(Some(v)) == Some(true))
        else {
            continue;
        };
        let message = text!(
            "the pod uses the node's network (`hostNetwork: true`): network policies do not isolate it, selectors do not match its traffic, and its ports open on the node",
            "このポッドはノードのネットワークを使用します (`hostNetwork: true`)。ネットワーク ポリシーでは分離されず、セレクターはそのトラフィックに一致せず、ポートはノード上で開かれます"
        );
        context.report(manifest, Code::PodHostNetwork, value.span, message, None);
    }
}
