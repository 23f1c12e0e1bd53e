//! `np-deprecated-api`: a NetworkPolicy under `extensions/v1beta1` or
//! `networking.k8s.io/v1beta1`.
//!
//! ## Why it matters
//! Kubernetes stopped serving NetworkPolicy under `extensions/v1beta1` in 1.16; every supported
//! AKS version refuses it, so `kubectl apply` fails.
//!
//! ## Fix (safe: the v1 schema is the same for NetworkPolicy)
//! Sets `apiVersion: networking.k8s.io/v1`.

use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::rules::Context;
use crate::text;

const DEPRECATED: &[&str] = &["extensions/v1beta1", "networking.k8s.io/v1beta1"];

pub(super) fn check(context: &mut Context<'_>) {
    for manifest in context.policies() {
        if !DEPRECATED.contains(&manifest.api_version.as_str()) {
            continue;
        }
        let Some(node) = manifest.node.get("apiVersion") else {
            continue;
        };
        let fix = Fix::safe_edits(
            text!(
                "Use networking.k8s.io/v1",
                "networking.k8s.io/v1 を使用する"
            ),
            vec![Edit::replace(node.value_span(), "networking.k8s.io/v1")],
        );
        let message = text!(
            "NetworkPolicy is not served under {0} by any supported Kubernetes version: use networking.k8s.io/v1",
            "サポートされている Kubernetes のどのバージョンでも、NetworkPolicy は {0} では提供されていません。networking.k8s.io/v1 を使用してください",
            manifest.api_version
        );
        context.report(
            manifest,
            Code::NpDeprecatedApi,
            node.span,
            message,
            Some(fix),
        );
    }
}
