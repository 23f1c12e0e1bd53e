//! `migrate-ipblock-pods`: an `ipBlock` that lets pods through under Azure NPM, which Cilium
//! never matches against pod addresses.
//!
//! ## What it finds
//! An `ipBlock` peer whose range covers pod addresses, when it is what lets flows between pods
//! through (egress to them, or ingress from them): NPM matches pod addresses against the range,
//! Cilium does not, "even if those IPs fall within the specified CIDR range".
//!
//! ## Why it matters
//! A policy such as "egress to 0.0.0.0/0" stops reaching every pod after the move.
//!
//! ## What the guide requires
//! "To allow traffic to Pod IPs, before migration replace the ipBlock with a combination of
//! namespaceSelector and podSelector."
//!
//! ## Fix (unsafe)
//! When the range covers every pod (AKS's default pod CIDR 10.244.0.0/16 when the input gives no
//! pod addresses) and no `except` cuts pods out of it: a `namespaceSelector: {}` peer (every pod
//! of every namespace) added before the `ipBlock`, which stays for the addresses outside the
//! cluster. The guide's example adds `podSelector: {}` as well, which that peer already covers and
//! which, as a separate item beside it, reads as a split peer (`np-split-peer`). Unsafe: it
//! changes which peers the rule names.
//!
//! Source: <https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
//! "NetworkPolicy with ipBlock".

use crate::cluster::{Cluster, EndpointKind};
use crate::codes::Code;
use crate::engine::semantics;
use crate::finding::Finding;
use crate::fix::{Edit, Fix};
use crate::policy::Peer;
use crate::text;
use crate::yaml::Node;
use crate::yaml_edit::{item_columns, line_start};

use super::attribute::Field;
use super::case::Case;

pub(super) fn finding(case: &Case<'_>, cluster: &Cluster) -> Finding {
    let peer = match case.field {
        Field::Peer(index) => case
            .policy
            .rules(case.side)
            .get(case.rule)
            .and_then(|r| r.peers.as_ref()?.get(index)),
        _ => None,
    };
    let cidr = match peer {
        Some(Peer::Addresses { cidr, .. }) => cidr.to_string(),
        _ => String::new(),
    };
    let assumed = if case.assumed_pods.is_empty() {
        crate::text::Text::same("")
    } else {
        text!(
            " (the input gives no address for {0}: assumed in AKS's default pod CIDR 10.244.0.0/16)",
            " ({0} のアドレスは入力にないため、AKS の既定のポッド CIDR 10.244.0.0/16 内と仮定しています)",
            case.assumed_pods.join(", ")
        )
    };
    let message = text!(
        "Cilium never matches pod addresses with `ipBlock`: this {0} peer {1} stops admitting pods after the migration, which changes {2}{3}; the guide: before migrating, replace it for pods with `namespaceSelector` and `podSelector` peers",
        "Cilium は `ipBlock` をポッドのアドレスに一致させません: この{0}ピア {1} は移行後ポッドを許可しなくなり、{2} が変わります{3}。ガイドの対処: 移行前に、ポッド向けには `namespaceSelector` と `podSelector` のピアに置き換えてください",
        case.side.name(),
        cidr,
        case.flows_text(),
        assumed
    );
    let fix = match peer {
        Some(peer @ Peer::Addresses { .. }) if covers_every_pod(cluster, case, peer) => {
            case.field_node().and_then(|item| fix(case.text, item))
        }
        _ => None,
    };
    let mut finding = Finding::new(
        Code::MigrateIpblockPods,
        case.policy.file,
        case.span(),
        message,
    )
    .with_ranges([cidr]);
    finding.fix = fix;
    finding
}

/// Whether `peer` matches every pod of the evaluated cluster (whose pods without an address
/// have one assumed in AKS's default pod CIDR): then every pod is what the selectors must admit.
fn covers_every_pod(cluster: &Cluster, case: &Case<'_>, peer: &Peer) -> bool {
    cluster
        .endpoints
        .iter()
        .filter(|e| matches!(e.kind, EndpointKind::Pod | EndpointKind::Workload(_)))
        .filter(|e| !e.host_network && !e.addresses.is_empty())
        .all(|e| semantics::peer_matches(cluster, case.policy, peer, e))
}

/// A `namespaceSelector: {}` peer before the `ipBlock` item.
fn fix(text: &str, item: &Node) -> Option<Fix> {
    // Before the item: an edit appending to the rule's end cannot come between them.
    let edit = if let Some((dash, _)) = item_columns(text, item) {
        let indent = " ".repeat(dash);
        Edit::insert(
            line_start(text, item.span.start)?,
            format!("{indent}- namespaceSelector: {{}}\n"),
        )
    } else if text.get(item.span.start..)?.starts_with('{') {
        Edit::insert(item.span.start, "{namespaceSelector: {}}, ")
    } else {
        return None;
    };
    Some(Fix::unsafe_edits(
        text!(
            "Add a `namespaceSelector: {{}}` peer for the pods",
            "ポッド向けに `namespaceSelector: {{}}` のピアを追加する"
        ),
        vec![edit],
    ))
}
