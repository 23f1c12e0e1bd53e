//! `pod-runs-as-root`: a container that may run as root.
//!
//! ## What it finds
//! A container or init container whose user is root, or may be: `runAsUser` is 0, or neither
//! the container's nor the pod's `securityContext` sets `runAsNonRoot: true` and no non-zero
//! `runAsUser` is set. Container settings override the pod's. Windows pods are skipped: their
//! user is `windowsOptions.runAsUserName`, not a UID.
//!
//! ## Why it matters
//! Without either setting the container runs as the image's user, which is root for many
//! images; a process that breaks out of a root container starts with root on the node. The AKS
//! security best practices ask for containers that need no root access; `runAsNonRoot: true`
//! makes the kubelet refuse to start a container whose user would be root.
//!
//! ## Fix
//! None: the user an image can run as is not known from the manifest.

use super::{Container, as_bool, as_int, containers, is_windows, pod_specs};
use crate::codes::Code;
use crate::rules::Context;
use crate::text;
use crate::text::Text;
use crate::yaml::Node;

pub(super) fn check(context: &mut Context<'_>) {
    let manifests = context.manifests;
    for (manifest, spec) in pod_specs(manifests) {
        if is_windows(spec) {
            continue;
        }
        let pod = spec.get("securityContext");
        for container in containers(spec) {
            let Some(problem) = problem(&container, pod) else {
                continue;
            };
            let message = text!("{0} {1}", "{0} は、{1}", container.describe(), problem);
            context.report(manifest, Code::PodRunsAsRoot, container.at(), message, None);
        }
    }
}

/// What makes the container run as root, or `None` when it does not.
fn problem(container: &Container<'_>, pod: Option<&Node>) -> Option<Text> {
    let setting = |key: &str| -> (Option<&Node>, Text) {
        match container.setting(key) {
            Some(node) if !node.is_null() => {
                (Some(node), Text::new("the container's", "コンテナーの"))
            }
            _ => (
                pod.and_then(|p| p.get(key)),
                Text::new("the pod's", "ポッドの"),
            ),
        }
    };
    let (user, user_from) = setting("runAsUser");
    let (non_root, _) = setting("runAsNonRoot");
    let non_root = as_bool(non_root);
    match as_int(user) {
        Some(0) if non_root == Some(true) => Some(text!(
            "has `runAsUser: 0` in {0} securityContext together with `runAsNonRoot: true`: the kubelet refuses to start it; use a non-zero UID",
            "{0} securityContext で `runAsUser: 0` と `runAsNonRoot: true` を同時に指定しているため、kubelet は起動を拒否します。0 以外の UID を使用してください",
            user_from
        )),
        Some(0) => Some(text!(
            "runs as root: `runAsUser` is 0 in {0} securityContext; use a non-zero UID and set `runAsNonRoot: true`",
            "root として実行されます。{0} securityContext で `runAsUser` が 0 です。0 以外の UID を使用し、`runAsNonRoot: true` を設定してください",
            user_from
        )),
        Some(_) => None,
        None if non_root == Some(true) => None,
        None if non_root == Some(false) => Some(Text::new(
            "may run as root: `runAsNonRoot` is false and no `runAsUser` is set, so the image's user (often root) is used; set `runAsNonRoot: true`",
            "root として実行される可能性があります。`runAsNonRoot` が false で `runAsUser` も設定されていないため、イメージのユーザー (多くの場合 root) が使用されます。`runAsNonRoot: true` を設定してください",
        )),
        None => Some(Text::new(
            "may run as root: neither its nor the pod's securityContext sets `runAsNonRoot: true` or a `runAsUser`, so the image's user (often root) is used; set `runAsNonRoot: true`",
            "root として実行される可能性があります。コンテナーとポッドのどちらの securityContext も `runAsNonRoot: true` や `runAsUser` を設定していないため、イメージのユーザー (多くの場合 root) が使用されます。`runAsNonRoot: true` を設定してください",
        )),
    }
}
