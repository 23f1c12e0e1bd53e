//! `migrate-endport`: a port range (`endPort`) that Cilium 1.16 reads as its first port alone.
//!
//! ## What it finds
//! A NetworkPolicy port with `endPort` that lets flows through on a port after `port` under
//! Azure NPM, when the cluster moves to Cilium 1.16 (`--cilium-version 1.16`, AKS on Kubernetes
//! 1.31): Cilium supports `endPort` from 1.17 only, and 1.16 opens `port` alone.
//!
//! ## Why it matters
//! The flows to the other ports of the range are blocked after the move, silently.
//!
//! ## What the guide requires
//! "If your cluster is running a Cilium version earlier than 1.17, remove the endPort field from
//! any policies before migrating. Use explicit single-port entries instead."
//!
//! ## Fix (unsafe)
//! For a range of at most 32 ports written in block style: the `endPort` line removed and one
//! port entry per further port added before it. Unsafe: it rewrites which ports the policy names.
//!
//! Source: <https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
//! "NetworkPolicy with endPort".

use crate::codes::Code;
use crate::finding::Finding;
use crate::fix::{Edit, Fix};
use crate::policy::PortRef;
use crate::span::Span;
use crate::text;
use crate::yaml::Node;
use crate::yaml_edit::{block_column, item_columns, line_end, line_start};
use std::fmt::Write as _;

use super::attribute::Field;
use super::case::Case;

/// The widest range the fix writes out port by port.
const MAX_FIX_PORTS: u16 = 32;

pub(super) fn finding(case: &Case<'_>) -> Finding {
    let port = match case.field {
        Field::Port(index) => case
            .policy
            .rules(case.side)
            .get(case.rule)
            .and_then(|r| r.ports.as_ref()?.get(index)),
        _ => None,
    };
    let (start, end) = match port.map(|p| (&p.port, p.end_port)) {
        Some((Some(PortRef::Number(start)), Some(end))) => (*start, end),
        _ => (0, 0),
    };
    let message = text!(
        "Cilium 1.16 ignores `endPort`: the range {0}-{1} opens port {0} alone after the migration, which changes {2}; the guide: remove `endPort` before migrating and list single ports instead (or move to Cilium 1.17 or later)",
        "Cilium 1.16 は `endPort` を無視します: 移行後、範囲 {0}-{1} はポート {0} だけを開き、{2} が変わります。ガイドの対処: 移行前に `endPort` を削除し、単一ポートの列挙に置き換えてください (または Cilium 1.17 以降へ移行してください)",
        start,
        end,
        case.flows_text()
    );
    let protocol = port.map(|p| p.protocol);
    let fix = case
        .field_node()
        .zip(protocol)
        .and_then(|(item, protocol)| fix(case.text, item, start, end, protocol));
    let mut finding = Finding::new(Code::MigrateEndport, case.policy.file, case.span(), message)
        .with_ranges([format!("{start}-{end}")]);
    finding.fix = fix;
    finding
}

fn fix(
    text: &str,
    item: &Node,
    start: u16,
    end: u16,
    protocol: crate::ports::Protocol,
) -> Option<Fix> {
    if end <= start || end - start >= MAX_FIX_PORTS {
        return None;
    }
    let (dash, content) = item_columns(text, item)?;
    let entry = item
        .entries()?
        .iter()
        .find(|e| e.key.as_str() == Some("endPort"))?;
    let key_at = entry.key.span.start;
    let line = line_start(text, key_at)?;
    // The key alone on its line, indented: the line goes whole, with the break before it.
    if block_column(text, key_at)? != content || text.get(line..key_at)?.contains('-') {
        return None;
    }
    let removed = Span::new(line.checked_sub(1)?, line_end(text, key_at)?);
    // The new entries go before the item: an edit appending to the rule's end (another fix's new
    // rule) cannot come between them.
    let item_line = line_start(text, item.span.start)?;
    let indent = " ".repeat(dash);
    let inner = " ".repeat(content);
    let added = (start + 1..=end).fold(String::new(), |mut out, port| {
        let _ = write!(out, "{indent}- port: {port}\n{inner}protocol: {protocol}\n");
        out
    });
    let edits = vec![Edit::insert(item_line, added), Edit::replace(removed, "")];
    Some(Fix::unsafe_edits(
        text!(
            "List ports {0} to {1} one by one instead of the range",
            "範囲の代わりにポート {0} から {1} を 1 つずつ列挙する",
            start,
            end
        ),
        edits,
    ))
}
