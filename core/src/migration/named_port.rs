//! `migrate-named-port`: an egress rule whose named port maps to different numbers on different
//! pods, which Cilium ignores whole.
//!
//! ## What it finds
//! An egress rule that lets flows through under Azure NPM with a named port (`port: http`) whose
//! name the cluster's pods declare with different numbers for the same protocol. Cilium fails to
//! enforce such a rule (cilium/cilium#30003): the rule is ignored, and the flows it allowed are
//! blocked.
//!
//! ## Why it matters
//! Every flow the rule allowed, on any of its ports, is blocked after the move.
//!
//! ## What the guide requires
//! "Before migration, replace all named ports in your policies with their corresponding numeric
//! values."
//!
//! ## Fix (unsafe)
//! The name replaced by its numbers: the first in the entry, one more entry per further number
//! (before it).
//! Unsafe: a number is opened on every destination, where the name was opened only on the pods
//! that declare it, and pods outside the input may declare the name with other numbers.
//!
//! Sources: <https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
//! "NetworkPolicy with named Ports"; <https://github.com/cilium/cilium/issues/30003>.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::cluster::Cluster;
use crate::codes::Code;
use crate::finding::Finding;
use crate::fix::{Edit, Fix};
use crate::policy::{PolicyPort, PortRef};
use crate::text;
use crate::yaml::Node;
use crate::yaml_edit::{item_columns, line_start};

use super::attribute::Field;
use super::case::Case;

pub(super) fn finding(case: &Case<'_>, cluster: &Cluster) -> Finding {
    let port = match case.field {
        Field::Port(index) => case
            .policy
            .rules(case.side)
            .get(case.rule)
            .and_then(|r| r.ports.as_ref()?.get(index)),
        _ => None,
    };
    let name = match port.and_then(|p| p.port.as_ref()) {
        Some(PortRef::Name(name)) => name.clone(),
        _ => String::new(),
    };
    let numbers: BTreeSet<u16> = port
        .map(|p| {
            cluster
                .endpoints
                .iter()
                .flat_map(|e| &e.ports)
                .filter(|c| c.name.as_deref() == Some(name.as_str()) && c.protocol == p.protocol)
                .map(|c| c.port)
                .collect()
        })
        .unwrap_or_default();
    let listed: Vec<String> = numbers.iter().map(ToString::to_string).collect();
    let message = text!(
        "Cilium ignores an egress rule whose named port `{0}` maps to different numbers on different pods ({1}; cilium/cilium#30003): the rule stops allowing anything after the migration, which changes {2}; the guide: replace named ports with their numbers before migrating",
        "Cilium は、名前付きポート `{0}` がポッドごとに異なる番号 ({1}) に対応する送信ルールを無視します (cilium/cilium#30003): 移行後このルールは何も許可しなくなり、{2} が変わります。ガイドの対処: 移行前に名前付きポートを番号に置き換えてください",
        name,
        listed.join(", "),
        case.flows_text()
    );
    let fix = port
        .zip(case.field_node())
        .and_then(|(port, item)| fix(case.text, item, port, &numbers));
    let mut finding = Finding::new(
        Code::MigrateNamedPort,
        case.policy.file,
        case.span(),
        message,
    )
    .with_ranges(listed);
    finding.fix = fix;
    finding
}

fn fix(text: &str, item: &Node, port: &PolicyPort, numbers: &BTreeSet<u16>) -> Option<Fix> {
    let mut numbers = numbers.iter();
    let first = numbers.next()?;
    let value = item.get("port")?;
    let mut edits = vec![Edit::replace(value.span, first.to_string())];
    let protocol = port.protocol;
    // The further numbers go before the item: an edit appending to the rule's end (another
    // fix's new rule) cannot come between them.
    if let Some((dash, content)) = item_columns(text, item) {
        let (indent, inner) = (" ".repeat(dash), " ".repeat(content));
        let added = numbers.fold(String::new(), |mut out, n| {
            let _ = write!(out, "{indent}- port: {n}\n{inner}protocol: {protocol}\n");
            out
        });
        if !added.is_empty() {
            edits.insert(0, Edit::insert(line_start(text, item.span.start)?, added));
        }
    } else if text.get(item.span.start..)?.starts_with('{') {
        let added = numbers.fold(String::new(), |mut out, n| {
            let _ = write!(out, "{{port: {n}, protocol: {protocol}}}, ");
            out
        });
        if !added.is_empty() {
            edits.insert(0, Edit::insert(item.span.start, added));
        }
    } else {
        return None;
    }
    Some(Fix::unsafe_edits(
        text!(
            "Replace the named port `{0}` with its numbers",
            "名前付きポート `{0}` を番号に置き換える",
            port.port.as_ref().map_or(String::new(), |p| match p {
                PortRef::Name(name) => name.clone(),
                PortRef::Number(n) => n.to_string(),
            })
        ),
        edits,
    ))
}
