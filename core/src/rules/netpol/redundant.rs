//! `np-redundant`: a rule that allows nothing another rule of the same policy does not.
//!
//! ## What it finds
//! An ingress (or egress) rule whose every peer and every port are already allowed by another
//! ingress (egress) rule of the same policy: an identical rule (the later one is reported), or a
//! narrower rule next to a wider one, such as any rule next to `- {}` (no `from`, no `ports`).
//!
//! The comparison is made from the selectors, so that it holds for every pod, not only for the
//! pods of the input: a peer is covered by a peer of the other rule whose requirements are a
//! subset of its own (a peer without `namespaceSelector` stands for
//! `kubernetes.io/metadata.name: <the policy's namespace>`), an address block by a block that
//! contains it and excludes nothing it keeps, a port by a port of the same protocol whose range
//! contains it (a named port only by the same name). The result is then checked against every
//! pod of the input and every port the rules name, with the engine's own matching.
//!
//! ## Why it matters
//! Rules of a policy are alternatives (OR): a rule inside another changes nothing. It usually
//! means the narrower rule was meant to restrict the wider one, which NetworkPolicy cannot do, or
//! that an edit left a copy behind; either way a reader is misled about what is allowed.
//!
//! ## Fix
//! None: removing the rule is safe, but whether the wider rule is the mistake is the user's call.

use ipnet::IpNet;

use crate::cluster::{Cluster, FlowPort, NAMESPACE_NAME_LABEL};
use crate::codes::Code;
use crate::engine::semantics::{overlaps, rule_peer, rule_port};
use crate::labels::{LabelSelector, Operator, Requirement};
use crate::policy::{Peer, Policy, PolicyPort, PolicySide, PortRef, Rule};
use crate::rules::Context;
use crate::text;

use super::{accepted_policy, pods};

pub(super) fn check(context: &mut Context<'_>) {
    let cluster = context.cluster;
    for manifest in context.policies() {
        let Some(policy) = accepted_policy(cluster, manifest) else {
            continue;
        };
        let text = context.text(manifest);
        for side in [PolicySide::Ingress, PolicySide::Egress] {
            let rules = policy.rules(side);
            for (index, rule) in rules.iter().enumerate() {
                let wider = rules.iter().enumerate().find(|&(other_index, other)| {
                    other_index != index
                        && covers(cluster, policy, other, rule)
                        && (other_index < index || !covers(cluster, policy, rule, other))
                });
                let Some((_, other)) = wider else {
                    continue;
                };
                let line = text
                    .get(..other.span.start)
                    .map_or(0, |t| t.matches('\n').count() + 1);
                let message = text!(
                    "this {0} rule allows nothing that the {0} rule at line {1} does not already allow; remove one of them, or narrow the other",
                    "この{0}ルールが許可するものは、すべて {1} 行目の{0}ルールですでに許可されています。どちらかを削除するか、もう一方の範囲を狭めてください",
                    side.name(),
                    line
                );
                context.report(manifest, Code::NpRedundant, rule.span, message, None);
            }
        }
    }
}

/// Whether `outer` allows every (peer, port) that `inner` allows.
fn covers(cluster: &Cluster, policy: &Policy, outer: &Rule, inner: &Rule) -> bool {
    let peers = match (&outer.peers, &inner.peers) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(outer), Some(inner)) => inner
            .iter()
            .all(|p| outer.iter().any(|q| peer_covers(&policy.namespace, q, p))),
    };
    let ports = match (&outer.ports, &inner.ports) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(outer), Some(inner)) => inner
            .iter()
            .all(|p| outer.iter().any(|q| port_covers(q, p))),
    };
    peers && ports && agrees_on_input(cluster, policy, outer, inner)
}

/// The engine agrees: every pod of the input `inner` matches, `outer` matches, on every port
/// that either rule names.
fn agrees_on_input(cluster: &Cluster, policy: &Policy, outer: &Rule, inner: &Rule) -> bool {
    pods(cluster).all(|endpoint| {
        if rule_peer(cluster, policy, inner, endpoint).is_none() {
            return true;
        }
        if rule_peer(cluster, policy, outer, endpoint).is_none() {
            return false;
        }
        let named = endpoint.ports.iter().map(|p| FlowPort {
            port: p.port,
            protocol: p.protocol,
        });
        let written = [inner, outer]
            .into_iter()
            .flat_map(|rule| rule.ports.iter().flatten())
            .flat_map(|p| {
                let numbers = match (&p.port, p.end_port) {
                    (Some(PortRef::Number(start)), end) => vec![*start, end.unwrap_or(*start)],
                    _ => Vec::new(),
                };
                numbers.into_iter().map(|port| FlowPort {
                    port,
                    protocol: p.protocol,
                })
            });
        named.chain(written).all(|port| {
            rule_port(inner, port, endpoint).is_none() || rule_port(outer, port, endpoint).is_some()
        })
    })
}

fn peer_covers(namespace: &str, outer: &Peer, inner: &Peer) -> bool {
    match (outer, inner) {
        (
            Peer::Pods {
                namespaces: outer_ns,
                pods: outer_pods,
                ..
            },
            Peer::Pods {
                namespaces: inner_ns,
                pods: inner_pods,
                ..
            },
        ) => {
            let own = own_namespace(namespace);
            let ns = |s: &Option<LabelSelector>| {
                s.as_ref().map_or(own.clone(), |s| s.requirements.clone())
            };
            let pods = |s: &Option<LabelSelector>| {
                s.as_ref().map_or(Vec::new(), |s| s.requirements.clone())
            };
            implied(&ns(outer_ns), &ns(inner_ns)) && implied(&pods(outer_pods), &pods(inner_pods))
        }
        (
            Peer::Addresses {
                cidr: outer_cidr,
                except: outer_except,
                ..
            },
            Peer::Addresses {
                cidr: inner_cidr,
                except: inner_except,
                ..
            },
        ) => block_covers(outer_cidr, outer_except, inner_cidr, inner_except),
        _ => false,
    }
}

/// A peer without `namespaceSelector`: the namespace whose name label is the policy's.
fn own_namespace(namespace: &str) -> Vec<Requirement> {
    vec![Requirement {
        key: NAMESPACE_NAME_LABEL.to_owned(),
        operator: Operator::In,
        values: vec![namespace.to_owned()],
    }]
}

/// Whether every requirement of `outer` follows from one of `inner`, so that whatever `inner`
/// matches, `outer` matches.
fn implied(outer: &[Requirement], inner: &[Requirement]) -> bool {
    outer.iter().all(|o| {
        inner.iter().any(|i| {
            i.key == o.key
                && match (i.operator, o.operator) {
                    (Operator::In, Operator::In) => i.values.iter().all(|v| o.values.contains(v)),
                    (Operator::In | Operator::Exists, Operator::Exists)
                    | (Operator::DoesNotExist, Operator::DoesNotExist | Operator::NotIn) => true,
                    (Operator::In, Operator::NotIn) => {
                        i.values.iter().all(|v| !o.values.contains(v))
                    }
                    (Operator::NotIn, Operator::NotIn) => {
                        o.values.iter().all(|v| i.values.contains(v))
                    }
                    _ => false,
                }
        })
    })
}

/// Whether the addresses `outer` matches include those `inner` matches.
fn block_covers(
    outer: &IpNet,
    outer_except: &[IpNet],
    inner: &IpNet,
    inner_except: &[IpNet],
) -> bool {
    outer.contains(inner)
        && outer_except
            .iter()
            .all(|e| !overlaps(e, inner) || inner_except.iter().any(|x| x.contains(e)))
}

fn port_covers(outer: &PolicyPort, inner: &PolicyPort) -> bool {
    if outer.protocol != inner.protocol {
        return false;
    }
    match (&outer.port, &inner.port) {
        (None, _) => true,
        (Some(PortRef::Number(outer_start)), Some(PortRef::Number(inner_start))) => {
            let outer_end = outer.end_port.unwrap_or(*outer_start);
            let inner_end = inner.end_port.unwrap_or(*inner_start);
            outer_start <= inner_start && inner_end <= outer_end
        }
        (Some(PortRef::Name(outer_name)), Some(PortRef::Name(inner_name))) => {
            outer_name == inner_name
        }
        // A single port never covers every port; a name and a number are not compared.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::codes::Code;
    use crate::rules::findings_of;

    fn redundant(rules: &str) -> Vec<usize> {
        let text = format!(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: a}}\nspec:\n  podSelector: {{}}\n  ingress:\n{rules}"
        );
        findings_of(&text, Code::NpRedundant)
            .iter()
            .map(|f| f.position.line)
            .collect()
    }

    #[test]
    fn identical_rules_report_the_later_one() {
        let rule =
            "  - from: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: 80}]\n";
        assert_eq!(redundant(&format!("{rule}{rule}")), [9]);
    }

    #[test]
    fn a_rule_inside_an_open_rule_is_redundant() {
        let rules = "  - from: [{podSelector: {matchLabels: {app: web}}}]\n  - {}\n";
        assert_eq!(redundant(rules), [7]);
    }

    #[test]
    fn wider_selectors_ports_and_blocks_cover_narrower_ones() {
        let rules = "  - from: [{namespaceSelector: {}}]\n    ports: [{port: 8000, endPort: 9000}]\n  - from: [{podSelector: {matchLabels: {app: web, tier: a}}}]\n    ports: [{port: 8080}]\n  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n  - from: [{ipBlock: {cidr: 10.1.0.0/16}}]\n  - from: [{ipBlock: {cidr: 10.2.0.0/16}}]\n";
        assert_eq!(redundant(rules), [9, 13]);
    }

    #[test]
    fn different_rules_are_not_redundant() {
        for rules in [
            "  - from: [{podSelector: {matchLabels: {app: web}}}]\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n",
            "  - ports: [{port: 80}]\n  - ports: [{port: 80, protocol: UDP}]\n",
            "  - from: [{podSelector: {}}]\n  - from: [{namespaceSelector: {matchLabels: {team: a}}}]\n",
            "  - ports: [{port: http}]\n  - ports: [{port: 80}]\n",
        ] {
            assert_eq!(redundant(rules), Vec::<usize>::new(), "{rules}");
        }
    }
}
