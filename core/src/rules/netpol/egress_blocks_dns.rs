//! `np-egress-blocks-dns`: pods isolated for egress that may not reach kube-dns.
//!
//! ## What it finds
//! A policy that isolates pods for egress when, for at least one pod it selects, no egress rule
//! of any policy selecting that pod allows both 53/UDP and 53/TCP to kube-dns (pods labelled
//! `k8s-app: kube-dns` in `kube-system`). A rule without `to` counts; so does a peer whose
//! selectors match the labels kube-dns has on AKS (namespace `kubernetes.io/metadata.name:
//! kube-system`, pod `k8s-app: kube-dns`) even when the input has no kube-dns pod, or an
//! `ipBlock` of every address without `except`. When the policy selects no pod of the input, the
//! policy is judged with the policies of its namespace that surely select the same pods (their
//! `podSelector` requirements are a subset of its own).
//!
//! ## Why it matters
//! Once a pod is isolated for egress, everything it sends must be allowed, DNS included. Without
//! 53/UDP every name lookup times out and the application fails in ways that do not look like a
//! network policy at all; without 53/TCP, answers too large for UDP fail now and then.
//!
//! ## Fix (unsafe: it allows DNS traffic the policy blocked, to kube-dns on port 53)
//! Appends to the policy's `egress` list (or adds `egress:`) a rule allowing 53/UDP and 53/TCP to
//! `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}` with
//! `podSelector: {matchLabels: {k8s-app: kube-dns}}`, indented like the existing items. No fix
//! when the list cannot be extended without rewriting it (a flow list with comments in it, an
//! item that starts on the line after its `-`).

use crate::cluster::{Cluster, Endpoint, FlowPort, Protocol};
use crate::codes::Code;
use crate::engine::semantics::{isolates, peer_matches, rule_port};
use crate::fix::{Edit, Fix, insert_key};
use crate::policy::{Peer, Policy, PolicySide, Rule};
use crate::rules::Context;
use crate::span::Span;
use crate::text;
use crate::text::Text;
use crate::yaml::{Node, Value};

use super::{KubeDns, block_column, is_flow, item_columns, line_end, rest_of_line_is_blank};

const PROTOCOLS: [Protocol; 2] = [Protocol::Udp, Protocol::Tcp];

/// The rule the fix adds, in flow style.
const FLOW_RULE: &str = "{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}";

pub(super) fn check(context: &mut Context<'_>) {
    let cluster = context.cluster;
    let dns = KubeDns::new(cluster);
    // What each policy's egress rules allow to kube-dns, and, filled in as pods come up, what
    // each pod is missing under all the policies that isolate it.
    let allowed: Vec<Vec<Protocol>> = cluster
        .policies
        .iter()
        .map(|policy| allowed_protocols(&dns, policy))
        .collect();
    let mut missing_for: Vec<Option<Vec<Protocol>>> = vec![None; cluster.endpoints.len()];
    for manifest in context.policies() {
        let Some(policy) = super::accepted_policy(cluster, manifest) else {
            continue;
        };
        if !policy.isolates(PolicySide::Egress) {
            continue;
        }
        let selected: Vec<usize> = cluster
            .endpoints
            .iter()
            .enumerate()
            .filter(|(_, e)| isolates(policy, e, PolicySide::Egress))
            .map(|(index, _)| index)
            .collect();
        let (missing, example, lacking) = if selected.is_empty() {
            // No pod of the input: the policies of the namespace whose selector requirements
            // are a subset of this one's select every pod this one would.
            let applying = cluster.policies.iter().zip(&allowed).filter(|(q, _)| {
                !q.rejected
                    && q.isolates(PolicySide::Egress)
                    && q.namespace == policy.namespace
                    && q.pod_selector
                        .requirements
                        .iter()
                        .all(|r| policy.pod_selector.requirements.contains(r))
            });
            (missing(applying.map(|(_, a)| a)), None, 0)
        } else {
            let mut missing_here = Vec::new();
            let mut example = None;
            let mut lacking = 0;
            for index in selected {
                let Some(endpoint) = cluster.endpoints.get(index) else {
                    continue;
                };
                let pod_missing = match missing_for.get(index).cloned().flatten() {
                    Some(known) => known,
                    None => {
                        let applying = cluster
                            .policies
                            .iter()
                            .zip(&allowed)
                            .filter(|(q, _)| isolates(q, endpoint, PolicySide::Egress));
                        let computed = missing(applying.map(|(_, a)| a));
                        if let Some(slot) = missing_for.get_mut(index) {
                            *slot = Some(computed.clone());
                        }
                        computed
                    }
                };
                if pod_missing.is_empty() {
                    continue;
                }
                lacking += 1;
                if example.is_none() {
                    example = Some(endpoint);
                    missing_here = pod_missing;
                }
            }
            (missing_here, example, lacking)
        };
        if missing.is_empty() {
            continue;
        }
        let message = message(&missing, example, lacking);
        let spec = manifest.node.get("spec");
        let at = spec
            .and_then(|spec| {
                ["egress", "policyTypes"].iter().find_map(|key| {
                    spec.entries()?
                        .iter()
                        .find(|e| e.key.as_str() == Some(key))
                        .map(|e| e.key.span)
                })
            })
            .unwrap_or(Span::empty(manifest.span().start));
        let fix = spec
            .and_then(|spec| dns_edit(context.text(manifest), spec))
            .map(|edit| {
                Fix::unsafe_edits(
                    text!(
                        "Allow DNS to kube-dns (53/UDP and 53/TCP)",
                        "kube-dns への DNS (53/UDP と 53/TCP) を許可する"
                    ),
                    vec![edit],
                )
            });
        context.report(manifest, Code::NpEgressBlocksDns, at, message, fix);
    }
}

fn message(missing: &[Protocol], example: Option<&Endpoint>, lacking: usize) -> Text {
    // The sentence's subject with its verb: "... has" in English, "...には" in Japanese.
    let subject = match (example, lacking) {
        (Some(e), 1) => text!(
            "`{0}`, isolated for egress here, has",
            "ここで送信が分離されている `{0}` には",
            e.id()
        ),
        (Some(e), n) => text!(
            "{0} pods isolated for egress here (such as `{1}`) have",
            "ここで送信が分離されている {0} 個のポッド (`{1}` など) には",
            n,
            e.id()
        ),
        (None, _) => Text::new(
            "the pods this policy isolates for egress have",
            "このポリシーが送信を分離するポッドには",
        ),
    };
    match missing {
        [Protocol::Tcp] => text!(
            "{0} no egress rule allowing 53/TCP to kube-dns (only 53/UDP): DNS answers too large for UDP fail",
            "{0}、kube-dns への 53/TCP を許可する送信ルールがありません (53/UDP のみ)。UDP に収まらない大きな DNS 応答は失敗します",
            subject
        ),
        [Protocol::Udp] => text!(
            "{0} no egress rule allowing 53/UDP to kube-dns (only 53/TCP): ordinary name lookups fail",
            "{0}、kube-dns への 53/UDP を許可する送信ルールがありません (53/TCP のみ)。通常の名前解決が失敗します",
            subject
        ),
        _ => text!(
            "{0} no egress rule allowing DNS (53/UDP and 53/TCP) to kube-dns in kube-system: every name lookup fails",
            "{0}、kube-system の kube-dns への DNS (53/UDP と 53/TCP) を許可する送信ルールがありません。すべての名前解決が失敗します",
            subject
        ),
    }
}

/// The DNS protocols that the egress rules of `policy` allow to kube-dns.
fn allowed_protocols(dns: &KubeDns<'_>, policy: &Policy) -> Vec<Protocol> {
    PROTOCOLS
        .into_iter()
        .filter(|&protocol| {
            let port = FlowPort { port: 53, protocol };
            policy
                .egress
                .iter()
                .any(|rule| allows(dns, policy, rule, port))
        })
        .collect()
}

/// The DNS protocols that none of the policies (given by what they allow) allows.
fn missing<'p>(allowed: impl Iterator<Item = &'p Vec<Protocol>>) -> Vec<Protocol> {
    let union: Vec<Protocol> = allowed.flatten().copied().collect();
    PROTOCOLS
        .into_iter()
        .filter(|protocol| !union.contains(protocol))
        .collect()
}

/// Whether `rule` allows `port` to kube-dns: its peers and its ports judged per kube-dns
/// endpoint, as named ports resolve against the destination.
fn allows(dns: &KubeDns<'_>, policy: &Policy, rule: &Rule, port: FlowPort) -> bool {
    dns.destinations()
        .any(|(cluster, endpoint): (&Cluster, &Endpoint)| {
            let peer_ok = rule.peers.as_ref().is_none_or(|peers| {
                peers.iter().any(|peer| {
                    every_address(peer) || peer_matches(cluster, policy, peer, endpoint)
                })
            });
            peer_ok && rule_port(rule, port, endpoint).is_some()
        })
}

fn every_address(peer: &Peer) -> bool {
    matches!(peer, Peer::Addresses { cidr, except, .. } if cidr.prefix_len() == 0 && except.is_empty())
}

/// The edit that adds the DNS rule to `spec`'s egress list.
fn dns_edit(text: &str, spec: &Node) -> Option<Edit> {
    let entry = spec
        .entries()?
        .iter()
        .find(|e| e.key.as_str() == Some("egress"));
    let Some(entry) = entry else {
        if is_flow(text, spec) {
            return insert_key(text, spec, "egress", &format!("[{FLOW_RULE}]"));
        }
        let column = block_column(text, spec.span.start)?;
        let dash = column + list_offset(text, spec);
        let block = block_rule(dash, dash + 2, list_offset(text, spec));
        let mut edit = insert_key(text, spec, "egress", &format!("\n{block}"))?;
        edit.text = edit.text.replacen("egress: \n", "egress:\n", 1);
        return Some(edit);
    };
    let (key, value) = (&entry.key, &entry.value);
    match &value.value {
        Value::Seq(items) if is_flow(text, value) => {
            if items.is_empty() && !is_flow(text, spec) {
                let dash = block_column(text, key.span.start)? + list_offset(text, spec);
                return replace_empty_value(
                    text,
                    key,
                    &block_rule(dash, dash + 2, list_offset(text, spec)),
                );
            }
            append_flow(text, value)
        }
        Value::Seq(items) => {
            let (first, last) = (items.first()?, items.last()?);
            let (dash, content) = item_columns(text, first)?;
            let offset = dash.saturating_sub(block_column(text, key.span.start)?);
            let end = last.span.end;
            if !rest_of_line_is_blank(text, end) {
                return None;
            }
            let line_end = line_end(text, end)?;
            // Replace from the item's last character, so the edit never sits at the text's end,
            // where fixes that append documents insert.
            let from = text.get(..end)?.char_indices().next_back()?.0;
            let kept = text.get(from..line_end)?;
            Some(Edit::replace(
                Span::new(from, line_end),
                format!("{kept}\n{}", block_rule(dash, content, offset)),
            ))
        }
        Value::Null if !is_flow(text, spec) => {
            let dash = block_column(text, key.span.start)? + list_offset(text, spec);
            replace_empty_value(
                text,
                key,
                &block_rule(dash, dash + 2, list_offset(text, spec)),
            )
        }
        _ => None,
    }
}

/// How far the user indents a block list's `-` past its key (0 or 2, usually), learned from the
/// other lists of `spec`; 0 (as the Kubernetes documentation writes) when there is none.
fn list_offset(text: &str, spec: &Node) -> usize {
    spec.entries()
        .unwrap_or_default()
        .iter()
        .find_map(|entry| {
            let first = entry.value.items()?.first()?;
            let (dash, _) = item_columns(text, first)?;
            dash.checked_sub(block_column(text, entry.key.span.start)?)
        })
        .unwrap_or(0)
}

/// `key: []`, `key: ~` or `key:` with nothing after it becomes `key:` followed by `block`, a
/// comment on the line kept.
fn replace_empty_value(text: &str, key: &Node, block: &str) -> Option<Edit> {
    let after_key = text.get(key.span.end..)?;
    let colon = key.span.end + after_key.len() - after_key.trim_start_matches([' ', '\t']).len();
    if text.get(colon..)?.chars().next()? != ':' {
        return None;
    }
    let from = colon + 1;
    let to = line_end(text, from)?;
    let rest = text.get(from..to)?.trim_end_matches('\r');
    let (value, comment) = match rest.find('#') {
        Some(i) => (rest.get(..i)?, rest.get(i..)),
        None => (rest, None),
    };
    if !matches!(value.trim(), "" | "[]" | "~" | "null" | "Null" | "NULL") {
        return None;
    }
    let comment = comment.map(|c| format!(" {c}")).unwrap_or_default();
    Some(Edit::replace(
        Span::new(from, to),
        format!("{comment}\n{block}"),
    ))
}

/// Adds the rule as the last item of a flow list.
fn append_flow(text: &str, list: &Node) -> Option<Edit> {
    let written = text.get(list.span.start..list.span.end)?;
    if written.contains('#') || !written.ends_with(']') {
        return None;
    }
    let close = list.span.end - 1;
    let before = text.get(list.span.start + 1..close)?.trim_end();
    let separator = if before.is_empty() || before.ends_with(',') {
        ""
    } else {
        ", "
    };
    Some(Edit::insert(close, format!("{separator}{FLOW_RULE}")))
}

/// The rule as a block list item whose `-` is at column `dash` and whose keys are at `content`;
/// nested lists indent their `-` by `offset` past their key, as the user's lists do.
fn block_rule(dash: usize, content: usize, offset: usize) -> String {
    let pad = |n: usize| " ".repeat(n);
    let gap = content.saturating_sub(dash + 1).max(1);
    let item = content + offset;
    let peer = item + 2;
    [
        format!("{}-{}to:", pad(dash), pad(gap)),
        format!("{}- namespaceSelector:", pad(item)),
        format!("{}matchLabels:", pad(peer + 2)),
        format!("{}kubernetes.io/metadata.name: kube-system", pad(peer + 4)),
        format!("{}podSelector:", pad(peer)),
        format!("{}matchLabels:", pad(peer + 2)),
        format!("{}k8s-app: kube-dns", pad(peer + 4)),
        format!("{}ports:", pad(dash + 1 + gap)),
        format!("{}- protocol: UDP", pad(item)),
        format!("{}port: 53", pad(item + 2)),
        format!("{}- protocol: TCP", pad(item)),
        format!("{}port: 53", pad(item + 2)),
    ]
    .join("\n")
}

#[cfg(test)]
mod tests {
    use crate::{SourceFile, analyze};

    fn fixed(text: &str) -> (String, usize) {
        let sources = [SourceFile::new("p.yaml", text)];
        let analysis = analyze(&sources);
        let count = analysis
            .findings
            .iter()
            .filter(|f| f.code.as_str() == "np-egress-blocks-dns")
            .count();
        (
            analysis
                .fixed_text(0, crate::Applicability::Unsafe)
                .unwrap(),
            count,
        )
    }

    const HEAD: &str = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\n";

    #[test]
    fn an_empty_flow_list_becomes_a_block_list() {
        let text = format!(
            "{HEAD}spec:\n  podSelector: {{}}\n  policyTypes: [Egress]\n  egress: []   # nothing\n"
        );
        let (out, count) = fixed(&text);
        assert_eq!(count, 1);
        assert!(
            out.contains("  egress: # nothing\n  - to:\n    - namespaceSelector:\n"),
            "{out}"
        );
        assert_eq!(fixed(&out).1, 0, "{out}");
    }

    #[test]
    fn a_missing_egress_key_is_added() {
        let text = format!("{HEAD}spec:\n  podSelector: {{}}\n  policyTypes:\n    - Egress\n");
        let (out, count) = fixed(&text);
        assert_eq!(count, 1);
        assert!(
            out.contains("spec:\n  egress:\n    - to:\n        - namespaceSelector:\n"),
            "{out}"
        );
        assert_eq!(fixed(&out).1, 0, "{out}");
    }

    #[test]
    fn flow_specs_and_lists_get_a_flow_rule() {
        for spec in [
            "spec: {podSelector: {}, policyTypes: [Egress]}\n",
            "spec: {podSelector: {}, policyTypes: [Egress], egress: [{to: [{podSelector: {}}]}]}\n",
            "spec: {podSelector: {}, policyTypes: [Egress], egress: []}\n",
        ] {
            let (out, count) = fixed(&format!("{HEAD}{spec}"));
            assert_eq!(count, 1, "{spec}");
            assert_eq!(fixed(&out).1, 0, "{out}");
        }
    }

    #[test]
    fn the_last_item_of_a_file_without_a_newline_is_extended() {
        let text = format!(
            "{HEAD}spec:\n  podSelector: {{}}\n  policyTypes: [Egress]\n  egress:\n    -   to:\n        - podSelector: {{}}"
        );
        let (out, _) = fixed(&text);
        assert!(out.ends_with("{}\n    -   to:\n          - namespaceSelector:\n              matchLabels:\n                kubernetes.io/metadata.name: kube-system\n            podSelector:\n              matchLabels:\n                k8s-app: kube-dns\n        ports:\n          - protocol: UDP\n            port: 53\n          - protocol: TCP\n            port: 53"), "{out}");
        assert_eq!(fixed(&out).1, 0, "{out}");
    }

    #[test]
    fn dns_allowed_by_another_policy_or_to_everywhere_counts() {
        let text = format!(
            "{HEAD}spec:\n  podSelector: {{}}\n  policyTypes: [Egress]\n---\n{HEAD}spec:\n  podSelector: {{}}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n    - {{port: 53, protocol: UDP}}\n    - {{port: dns-tcp, protocol: TCP}}\n"
        );
        assert_eq!(fixed(&text).1, 0);
        let text = format!(
            "{HEAD}spec:\n  podSelector: {{}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {{cidr: 0.0.0.0/0}}\n"
        );
        assert_eq!(fixed(&text).1, 0);
        let text = format!(
            "{HEAD}spec:\n  podSelector: {{}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector: {{}}\n      podSelector: {{matchLabels: {{k8s-app: kube-dns}}}}\n    ports:\n    - {{port: 53, protocol: UDP}}\n"
        );
        let (_, count) = fixed(&text);
        assert_eq!(count, 1, "53/TCP is missing");
    }
}
