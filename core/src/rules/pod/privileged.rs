//! `pod-privileged`: a container with `securityContext.privileged: true`.
//!
//! ## What it finds
//! Containers and init containers of Pods and pod templates that run privileged.
//!
//! ## Why it matters
//! A privileged container runs with every Linux capability and access to the node's devices:
//! whoever controls it controls the node. The AKS security best practices ask for containers
//! that need no elevated privileges, and the Pod Security Standards forbid privileged
//! containers from their baseline level up.
//!
//! ## Fix
//! None: some system workloads (CNI, storage and monitoring agents) do need it, and for the others
//! the capabilities the container really uses have to be found and granted instead.

use super::{as_bool, containers, pod_specs};
use crate::codes::Code;
use crate::rules::Context;
use crate::text;

pub(super) fn check(context: &mut Context<'_>) {
    let manifests = context.manifests;
    for (manifest, spec) in pod_specs(manifests) {
        for container in containers(spec) {
            let Some(value) = container
                .setting("privileged")
                .filter(|v| as_bool(Some(v)) == Some(true))
            else {
                continue;
            };
            let message = text!(
                "{0} is privileged: it has every capability and the node's devices, so a compromise of it is a compromise of the node; grant only the capabilities it needs",
                "{0} は特権モードで実行されます。すべての capability とノードのデバイスを持つため、このコンテナーが侵害されるとノードも侵害されます。必要な capability だけを付与してください",
                container.describe()
            );
            context.report(manifest, Code::PodPrivileged, value.span, message, None);
        }
    }
}
