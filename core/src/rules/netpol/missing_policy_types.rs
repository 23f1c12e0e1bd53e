//! `np-missing-policy-types`: a NetworkPolicy without `policyTypes`.
//!
//! ## What it finds
//! A policy whose `policyTypes` is absent (or empty), so the API server infers it: `Ingress`
//! always, `Egress` only when `spec.egress` has rules.
//!
//! ## Why it matters
//! The inference surprises: `egress: []` meant as "deny all egress" isolates nothing without
//! `policyTypes: [Egress]`. Writing the types says what the policy isolates.
//!
//! ## Fix (safe: it writes what the API server infers)
//! Adds `policyTypes` with the inferred value at the top of `spec`.

use crate::codes::Code;
use crate::fix::Fix;
use crate::rules::Context;
use crate::text;
use crate::yaml::Node;
use crate::yaml_edit::insert_key;

pub(super) fn check(context: &mut Context<'_>) {
    for manifest in context.policies() {
        let Some(spec) = manifest.node.get("spec").filter(|s| s.entries().is_some()) else {
            continue;
        };
        if spec
            .get("policyTypes")
            .and_then(Node::items)
            .is_some_and(|t| !t.is_empty())
        {
            continue;
        }
        let egress = spec
            .get("egress")
            .and_then(Node::items)
            .is_some_and(|rules| !rules.is_empty());
        let inferred = if egress {
            "[Ingress, Egress]"
        } else {
            "[Ingress]"
        };
        let text = context.text(manifest);
        // An absent key is added; a written `[]` is filled in; a bare `policyTypes:` (being
        // typed) gets no fix, as adding the key again would duplicate it.
        let edit = match spec.get("policyTypes") {
            None => insert_key(text, spec, "policyTypes", inferred),
            Some(empty) if text.get(empty.span.start..empty.span.end) == Some("[]") => {
                Some(crate::fix::Edit::replace(empty.span, inferred))
            }
            Some(_) => None,
        };
        let fix = edit.map(|edit| {
            Fix::safe_edits(
                text!(
                    "Write policyTypes: {0}",
                    "policyTypes: {0} を記述する",
                    inferred
                ),
                vec![edit],
            )
        });
        let at = manifest
            .node
            .get("spec")
            .map_or(manifest.span(), |s| s.span);
        let message = text!(
            "policyTypes is not written; Kubernetes reads it as {0}",
            "policyTypes が記述されていないため、Kubernetes は {0} として読み取ります",
            inferred
        );
        context.report(
            manifest,
            Code::NpMissingPolicyTypes,
            crate::span::Span::empty(at.start),
            message,
            fix,
        );
    }
}
