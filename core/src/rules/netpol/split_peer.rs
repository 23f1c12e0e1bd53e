//! `np-split-peer`: a `namespaceSelector` and a `podSelector` in separate `from`/`to` items.
//!
//! ## What it finds
//! Two adjacent peer items, one with only a `namespaceSelector`, the next with only a
//! `podSelector` (or the other way round).
//!
//! ## Why it matters
//! Separate items are alternatives (OR): the rule admits every pod of the selected namespaces, and also the
//! selected pods of the policy's own namespace. One item holding both selectors requires both (AND): only
//! the selected pods inside the selected namespaces. The AKS network policy walkthrough warns
//! that this YAML shape decides the meaning; a stray `-` silently opens a namespace.
//!
//! ## Fix (unsafe: it changes which traffic is allowed)
//! Turns the second item's `- ` into two spaces, so both selectors sit in one item.

use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::rules::Context;
use crate::text;
use crate::yaml::Node;

pub(super) fn check(context: &mut Context<'_>) {
    for manifest in context.policies() {
        let Some(spec) = manifest.node.get("spec") else {
            continue;
        };
        for (side, key) in [("ingress", "from"), ("egress", "to")] {
            let rules = spec.get(side).and_then(Node::items).unwrap_or_default();
            for rule in rules {
                let peers = rule.get(key).and_then(Node::items).unwrap_or_default();
                for pair in peers.windows(2) {
                    let [first, second] = pair else {
                        continue;
                    };
                    if !is_split(first, second) {
                        continue;
                    }
                    let fix = merge_edit(context.text(manifest), second).map(|edit| {
                        Fix::unsafe_edits(
                            text!(
                                "Merge into one peer (namespace AND pod selector)",
                                "1 つのピアにまとめる (名前空間セレクター AND ポッド セレクター)"
                            ),
                            vec![edit],
                        )
                    });
                    let message = text!(
                        "`namespaceSelector` and `podSelector` are separate `{0}` items, so either one admits traffic (OR): every pod of the selected namespaces is allowed; put both in one item to require both (AND)",
                        "`namespaceSelector` と `podSelector` が別々の `{0}` 項目になっているため、どちらか一方でトラフィックが許可されます (OR)。選択された名前空間のすべてのポッドが許可されます。両方を必須にする (AND) には、1 つの項目にまとめてください",
                        key
                    );
                    context.report(manifest, Code::NpSplitPeer, second.span, message, fix);
                }
            }
        }
    }
}

/// One item with only a namespace selector next to one with only a pod selector.
fn is_split(first: &Node, second: &Node) -> bool {
    let only = |node: &Node, key: &str| {
        node.entries().is_some_and(|entries| {
            entries.len() == 1 && entries.iter().all(|e| e.key.as_str() == Some(key))
        })
    };
    (only(first, "namespaceSelector") && only(second, "podSelector"))
        || (only(first, "podSelector") && only(second, "namespaceSelector"))
}

/// In block style, the item's `- ` marker sits just before its first key: blanking it makes the
/// key part of the previous item, at the same indentation.
fn merge_edit(text: &str, second: &Node) -> Option<Edit> {
    let start = second.span.start;
    let before = text.get(..start)?;
    let dash = before.trim_end_matches(' ');
    if !dash.ends_with('-') {
        return None;
    }
    let dash_at = dash.len() - 1;
    let line_start = crate::yaml_edit::line_start(text, dash_at)?;
    if !text.get(line_start..dash_at)?.chars().all(|c| c == ' ') {
        return None;
    }
    Some(Edit::replace(
        crate::span::Span::new(dash_at, start),
        " ".repeat(start - dash_at),
    ))
}
