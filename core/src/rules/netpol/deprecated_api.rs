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

const DEPRECATED: &[&str] = &["extensions/v1beta1", "networking.k8s.io/v1beta1"];

pub(super) fn check(context: &mut Context<'_>) {
    for manifest in context.policies() {
        if !DEPRECATED.contains(&manifest.api_version.as_str()) {
            continue;
        }
        let Some(node) = manifest.node.get("apiVersion") else {
            continue;
        };
        let fix = Fix::new(
            "Use networking.k8s.io/v1",
            vec![Edit::replace(node.value_span(), "networking.k8s.io/v1")],
        );
        let message = format!(
            "NetworkPolicy is not served under {} by any supported Kubernetes version: use networking.k8s.io/v1",
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
