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
//! pod addresses) and no `except` cuts pods out of it: the guide's two peers,
//! `namespaceSelector: {}` and `podSelector: {}`, added after the `ipBlock`, which stays for the
//! addresses outside the cluster. Unsafe: it changes which peers the rule names.
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
use crate::yaml_edit::{item_columns, line_end};

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
    let message = text!(
        "Cilium never matches pod addresses with `ipBlock`: this {0} peer {1} stops admitting pods after the migration, which changes {2}; the guide: before migrating, replace it for pods with `namespaceSelector` and `podSelector` peers",
        "Cilium は `ipBlock` をポッドのアドレスに一致させません: この{0}ピア {1} は移行後ポッドを許可しなくなり、{2} が変わります。ガイドの対処: 移行前に、ポッド向けには `namespaceSelector` と `podSelector` のピアに置き換えてください",
        case.side.name(),
        cidr,
        case.flows_text()
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

/// The guide's peers after the `ipBlock` item.
fn fix(text: &str, item: &Node) -> Option<Fix> {
    let edit = if let Some((dash, _)) = item_columns(text, item) {
        let indent = " ".repeat(dash);
        let at = line_end(text, item.span.end.saturating_sub(1).max(item.span.start))?;
        Edit::insert(
            at,
            format!("\n{indent}- namespaceSelector: {{}}\n{indent}- podSelector: {{}}"),
        )
    } else if text.get(item.span.start..)?.starts_with('{') {
        Edit::insert(
            item.span.end,
            ", {namespaceSelector: {}}, {podSelector: {}}",
        )
    } else {
        return None;
    };
    Some(Fix::unsafe_edits(
        text!(
            "Add `namespaceSelector: {{}}` and `podSelector: {{}}` peers for the pods",
            "ポッド向けに `namespaceSelector: {{}}` と `podSelector: {{}}` のピアを追加する"
        ),
        vec![edit],
    ))
}
