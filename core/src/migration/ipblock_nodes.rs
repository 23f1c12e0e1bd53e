//! `migrate-ipblock-nodes`: an `ipBlock` that lets node addresses through under Azure NPM, which
//! Cilium never matches against nodes.
//!
//! ## What it finds
//! An `ipBlock` peer whose range covers a node's address (a node, or a hostNetwork pod), when it
//! is what lets flows between pods and nodes through: NPM matches node addresses against the
//! range, Cilium does not.
//!
//! ## Why it matters
//! After the move the pods lose the nodes: their own node's and the other nodes' addresses, and
//! the hostNetwork pods on them.
//!
//! ## What the guide requires
//! "For Node IPs, there's no pre-migration workaround. After migration, you must create a
//! `CiliumNetworkPolicy` that explicitly allows egress to the host and/or remote-node entities."
//!
//! ## Fix (unsafe)
//! The guide's `CiliumNetworkPolicy`, for the pods this policy selects (`endpointSelector` is its
//! `podSelector`), with `toEntities: [host, remote-node]` (`fromEntities` for an ingress rule),
//! appended as a new document to apply after the migration. Unsafe: it adds an object that
//! allows traffic, and only a cluster running Cilium accepts it.
//!
//! Source: <https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
//! "NetworkPolicy with ipBlock".

use crate::codes::Code;
use crate::finding::Finding;
use crate::fix::Fix;
use crate::policy::{Peer, PolicySide};
use crate::text;

use super::attribute::Field;
use super::case::{Case, append_document, flow_selector, object_name, quoted};

pub(super) fn finding(case: &Case<'_>) -> Finding {
    let cidr = match case.field {
        Field::Peer(index) => case
            .policy
            .rules(case.side)
            .get(case.rule)
            .and_then(|r| r.peers.as_ref()?.get(index))
            .and_then(|p| match p {
                Peer::Addresses { cidr, .. } => Some(cidr.to_string()),
                Peer::Pods { .. } => None,
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    let assumed = if case.assumed_nodes {
        text!(
            " (nodes assumed at 10.224.0.4 and 10.224.0.5, AKS's default node subnet: the input lists no Node)",
            " (ノードは AKS の既定のノード サブネットの 10.224.0.4 と 10.224.0.5 と仮定しています: 入力に Node がありません)"
        )
    } else {
        crate::text::Text::same("")
    };
    let message = text!(
        "Cilium never matches node addresses with `ipBlock`: this {0} peer {1} stops admitting the nodes after the migration, which changes {2}{3}; the guide: there is no fix before migrating; after it, apply a CiliumNetworkPolicy allowing the `host` and `remote-node` entities",
        "Cilium は `ipBlock` をノードのアドレスに一致させません: この{0}ピア {1} は移行後ノードを許可しなくなり、{2} が変わります{3}。ガイドの対処: 移行前の回避策はありません。移行後に `host` と `remote-node` エンティティを許可する CiliumNetworkPolicy を適用してください",
        case.side.name(),
        cidr,
        case.flows_text(),
        assumed
    );
    let (side, key) = match case.side {
        PolicySide::Egress => ("egress", "toEntities"),
        PolicySide::Ingress => ("ingress", "fromEntities"),
    };
    let name = object_name(&case.policy.name, "allow-nodes");
    let document = format!(
        "# Apply after the migration to Cilium: Cilium never matches node addresses with ipBlock.\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: {}\n  namespace: {}\nspec:\n  endpointSelector: {}\n  {side}:\n  - {key}:\n    - host\n    - remote-node\n",
        quoted(&name),
        quoted(&case.policy.namespace),
        flow_selector(&case.policy.pod_selector),
    );
    Finding::new(Code::MigrateIpblockNodes, case.policy.file, case.span(), message)
        .with_ranges([cidr])
        .with_fix(Fix::unsafe_edits(
            text!(
                "After the migration, apply CiliumNetworkPolicy `{0}` allowing the nodes (`host`, `remote-node`)",
                "移行後に、ノード (`host`、`remote-node`) を許可する CiliumNetworkPolicy `{0}` を適用する",
                name
            ),
            vec![append_document(case.text, &document)],
        ))
}
