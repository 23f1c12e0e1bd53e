//! `migrate-egress-own-node`: pods isolated for egress that reach their own node only through
//! Azure NPM's implicit allowance.
//!
//! ## What it finds
//! A policy that isolates pods for egress, none of whose rules lets them reach the node they run
//! on: "Kubernetes NetworkPolicy on NPM doesn't block egress traffic from a pod to its own node's
//! IP", Cilium does.
//!
//! ## Why it matters
//! Whatever the pods ask of their node (node-local DNS caches, agents on host ports, the node's
//! services) is blocked after the move.
//!
//! ## What the guide requires
//! "If your applications rely on NPM's implicit allow behavior for egress to the local node, you
//! must add explicit egress rules to maintain connectivity after migration. You can add a
//! `CiliumNetworkPolicy` after migration to explicitly allow egress traffic to the local host."
//! On Cilium an `ipBlock` never matches a node, so the explicit rule is a `CiliumNetworkPolicy`.
//!
//! ## Fix (unsafe)
//! A `CiliumNetworkPolicy` for the pods this policy selects with `toEntities: [host]`, appended as
//! a new document to apply after the migration. Unsafe: it adds an object that allows traffic,
//! and only a cluster running Cilium accepts it.
//!
//! Source: <https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
//! "NetworkPolicy with Egress Policies".

use crate::codes::Code;
use crate::finding::Finding;
use crate::fix::Fix;
use crate::text;

use super::case::{Case, append_document, flow_selector, object_name, quoted};

pub(super) fn finding(case: &Case<'_>) -> Finding {
    let assumed = if case.assumed_nodes {
        text!(
            " (the pods assumed on one node, at 10.224.0.4: the input lists no Node)",
            " (ポッドは 1 つのノード 10.224.0.4 上にあると仮定しています: 入力に Node がありません)"
        )
    } else {
        crate::text::Text::same("")
    };
    let message = text!(
        "NPM lets the pods this policy isolates for egress reach their own node implicitly; Cilium blocks it after the migration unless a rule allows it, which changes {0}{1}; the guide: add explicit egress rules, or after the migration a CiliumNetworkPolicy allowing the `host` entity",
        "NPM では、このポリシーが送信を分離するポッドから自ノードへの通信が暗黙に許可されます。Cilium では移行後、ルールで許可しない限り遮断され、{0} が変わります{1}。ガイドの対処: 明示的な送信ルールを追加するか、移行後に `host` エンティティを許可する CiliumNetworkPolicy を適用してください",
        case.flows_text(),
        assumed
    );
    let name = object_name(&case.policy.name, "allow-own-node");
    let document = format!(
        "# Apply after the migration to Cilium: NPM allowed egress to the pods' own node implicitly.\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: {}\n  namespace: {}\nspec:\n  endpointSelector: {}\n  egress:\n  - toEntities:\n    - host\n",
        quoted(&name),
        quoted(&case.policy.namespace),
        flow_selector(&case.policy.pod_selector),
    );
    Finding::new(Code::MigrateEgressOwnNode, case.policy.file, case.span(), message).with_fix(
        Fix::unsafe_edits(
            text!(
                "After the migration, apply CiliumNetworkPolicy `{0}` allowing egress to the pods' own node (`host`)",
                "移行後に、ポッドから自ノード (`host`) への送信を許可する CiliumNetworkPolicy `{0}` を適用する",
                name
            ),
            vec![append_document(case.text, &document)],
        ),
    )
}
