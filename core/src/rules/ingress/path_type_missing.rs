//! `ingress-path-type-missing`: an Ingress path without `pathType`.
//!
//! ## What it finds
//! An item of `spec.rules[].http.paths[]` of a `networking.k8s.io/v1` Ingress with no
//! `pathType`.
//!
//! ## Why it matters
//! `pathType` is required in `networking.k8s.io/v1` (it was optional in the `v1beta1` APIs that
//! Kubernetes 1.22 stopped serving), so the API server refuses the whole Ingress. The
//! `myapp-ingress` example of the AKS network best practices omits it.
//!
//! ## Fix (safe: the Ingress was refused before)
//! Adds `pathType: Prefix` for an absolute path of letters, digits, `_`, `-` and `/`, which
//! every controller (including ingress-nginx's strict path validation) accepts as a prefix; for
//! other paths (regular expressions, dots) and items without a path it adds
//! `pathType: ImplementationSpecific`, the old default, which leaves matching to the controller.

use super::{ingresses, paths};
use crate::codes::Code;
use crate::fix::Fix;
use crate::rules::Context;
use crate::text;
use crate::yaml::Node;
use crate::yaml_edit::insert_key;

pub(super) fn check(context: &mut Context<'_>) {
    let manifests = context.manifests;
    for (manifest, spec) in ingresses(manifests) {
        if manifest.api_version != "networking.k8s.io/v1" {
            continue;
        }
        for item in paths(spec) {
            let written = item.get("pathType");
            if item.entries().is_none() || written.is_some_and(|t| !t.is_null()) {
                continue;
            }
            let path = item.get("path");
            let path_type = match path.and_then(Node::as_str) {
                Some(text) if is_plain_prefix(text) => "Prefix",
                _ => "ImplementationSpecific",
            };
            // An empty `pathType:` is left to the user: inserting the key again would duplicate it.
            let fix = (written.is_none())
                .then(|| insert_key(context.text(manifest), item, "pathType", path_type))
                .flatten()
                .map(|edit| {
                    Fix::safe_edits(
                        text!("Set pathType: {0}", "pathType: {0} を設定する", path_type),
                        vec![edit],
                    )
                });
            let shown = path.and_then(Node::as_str).unwrap_or("(no path)");
            let message = text!(
                "path `{0}` has no `pathType`, which networking.k8s.io/v1 requires: the API server refuses the Ingress; use Prefix, Exact or ImplementationSpecific",
                "パス `{0}` に、networking.k8s.io/v1 で必須の `pathType` がありません。API サーバーはこの Ingress を拒否します。Prefix、Exact、ImplementationSpecific のいずれかを使用してください",
                shown
            );
            let at = path.map_or(item.span, |p| p.span);
            context.report(manifest, Code::IngressPathTypeMissing, at, message, fix);
        }
    }
}

/// A path every controller reads as a plain prefix.
fn is_plain_prefix(path: &str) -> bool {
    path.starts_with('/')
        && !path.contains("//")
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'))
}
