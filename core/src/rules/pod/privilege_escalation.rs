//! `pod-privilege-escalation`: a container whose `securityContext.allowPrivilegeEscalation` is
//! not `false`.
//!
//! ## What it finds
//! Containers and init containers of Pods and pod templates that leave
//! `allowPrivilegeEscalation` unset (Kubernetes then allows escalation) or set it to `true`.
//! Privileged containers are left to `pod-privileged`: they can always escalate, and the API
//! server refuses `allowPrivilegeEscalation: false` next to `privileged: true`. Windows pods are
//! skipped: the setting is Linux-only.
//!
//! ## Why it matters
//! Without `no_new_privs`, a process in the container can gain privileges through setuid
//! binaries or file capabilities. The AKS security best practices name
//! `allowPrivilegeEscalation: false` as the first pod security context setting to write.
//!
//! ## Fix (unsafe: almost every workload runs as before, but a process that relies on setuid
//! stops working)
//! Sets the value to `false`, adding it to the container's `securityContext`, or adding
//! `securityContext: {allowPrivilegeEscalation: false}` to the container. No fix when the
//! container adds `CAP_SYS_ADMIN`, which the API server refuses with it.

use super::{Container, as_bool, containers, is_windows, pod_specs};
use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::rules::Context;
use crate::text;
use crate::text::Text;
use crate::yaml::{Node, Value};
use crate::yaml_edit::insert_key;

pub(super) fn check(context: &mut Context<'_>) {
    let manifests = context.manifests;
    for (manifest, spec) in pod_specs(manifests) {
        if is_windows(spec) {
            continue;
        }
        let text = context.text(manifest);
        for container in containers(spec) {
            if as_bool(container.setting("privileged")) == Some(true) {
                continue;
            }
            let value = container.setting("allowPrivilegeEscalation");
            if as_bool(value) == Some(false) {
                continue;
            }
            let who = container.describe();
            let (message, fix) = if adds_sys_admin(&container) {
                (
                    text!(
                        "{0} adds CAP_SYS_ADMIN, so it can always escalate its privileges; drop the capability and set `allowPrivilegeEscalation: false`",
                        "{0} は CAP_SYS_ADMIN を追加しているため、常に特権を昇格できます。この capability を削除し、`allowPrivilegeEscalation: false` を設定してください",
                        who
                    ),
                    None,
                )
            } else {
                let state = if as_bool(value) == Some(true) {
                    Text::new("is `true`", "が `true` です")
                } else {
                    Text::new("is not set", "が設定されていません")
                };
                let title = || {
                    text!(
                        "Set allowPrivilegeEscalation: false",
                        "allowPrivilegeEscalation: false を設定する"
                    )
                };
                (
                    text!(
                        "{0} may gain more privileges than its parent process (setuid binaries, file capabilities): `securityContext.allowPrivilegeEscalation` {1}; set it to false",
                        "{0} は親プロセスより多くの特権を取得できる可能性があります (setuid バイナリ、ファイル capability)。`securityContext.allowPrivilegeEscalation` {1}。false に設定してください",
                        who,
                        state
                    ),
                    fix(text, &container, value).map(|edit| Fix::unsafe_edits(title(), vec![edit])),
                )
            };
            context.report(
                manifest,
                Code::PodPrivilegeEscalation,
                container.at(),
                message,
                fix,
            );
        }
    }
}

/// `securityContext.capabilities.add` holds `SYS_ADMIN` or `CAP_SYS_ADMIN`.
fn adds_sys_admin(container: &Container<'_>) -> bool {
    container
        .setting("capabilities")
        .and_then(|c| c.get("add"))
        .and_then(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(Node::as_str)
        .any(|cap| cap == "SYS_ADMIN" || cap == "CAP_SYS_ADMIN")
}

fn fix(text: &str, container: &Container<'_>, value: Option<&Node>) -> Option<Edit> {
    if let Some(value) = value {
        // `true` (or `yes`, `on`) becomes `false`; a null or mistyped value is left to the user.
        return matches!(value.value, Value::Bool(true))
            .then(|| Edit::replace(value.span, "false"));
    }
    match container.security_context() {
        Some(context) if context.entries().is_some() => {
            insert_key(text, context, "allowPrivilegeEscalation", "false")
        }
        Some(_) => None,
        None => insert_key(
            text,
            container.node,
            "securityContext",
            "{allowPrivilegeEscalation: false}",
        ),
    }
}
