//! `np-named-port-unresolved`: a named port that no destination pod declares.
//!
//! ## What it finds
//! In an input that has pods or workloads, a `ports` item naming a port (`port: http`) that no
//! container of the pods the rule can reach declares with that name and protocol. The pods that
//! can be the destination are, for an ingress rule, the pods the policy selects; for an egress
//! rule, the pods its `to` peers match (every pod when it has no `to`), kube-dns included when
//! the peers would match it (it declares `dns` 53/UDP, `dns-tcp` 53/TCP and `metrics` 9153/TCP)
//! whether or not the input has it. A rule whose possible
//! destinations are not in the input is not judged (`np-selects-nothing` and
//! `np-peer-matches-nothing` say so).
//!
//! ## Why it matters
//! A named port is resolved on each destination pod, against its `containers[].ports[].name` and
//! `protocol`. When no destination declares it, the port matches nothing and the rule allows
//! nothing: a renamed container port, or a name given with the default TCP for a UDP port, blocks
//! traffic the policy seems to allow.
//!
//! ## Fix
//! None: the policy's name, the container's name or the protocol may be the one to change.

use crate::cluster::{ContainerPort, Endpoint, Protocol};
use crate::codes::Code;
use crate::engine::semantics::rule_peer;
use crate::policy::{PolicySide, PortRef};
use crate::rules::Context;
use crate::text;
use crate::text::Text;

use super::{KubeDns, accepted_policy, has_pods, pods, selects};

pub(super) fn check(context: &mut Context<'_>) {
    let cluster = context.cluster;
    if !has_pods(cluster) {
        return;
    }
    let dns = KubeDns::new(cluster);
    for manifest in context.policies() {
        let Some(policy) = accepted_policy(cluster, manifest) else {
            continue;
        };
        for side in [PolicySide::Ingress, PolicySide::Egress] {
            if !policy.isolates(side) {
                continue;
            }
            for rule in policy.rules(side) {
                let mut destinations: Vec<&Endpoint> = match side {
                    PolicySide::Ingress => pods(cluster).filter(|e| selects(policy, e)).collect(),
                    PolicySide::Egress => pods(cluster)
                        .filter(|e| rule_peer(cluster, policy, rule, e).is_some())
                        .collect(),
                };
                // kube-dns is a destination of every AKS cluster, in the input or not.
                if side == PolicySide::Egress
                    && rule
                        .peers
                        .as_ref()
                        .is_none_or(|peers| peers.iter().any(|p| dns.matched_by(policy, p)))
                {
                    destinations.push(&dns.endpoint);
                }
                if destinations.is_empty() {
                    continue;
                }
                for port in rule.ports.iter().flatten() {
                    let Some(PortRef::Name(name)) = &port.port else {
                        continue;
                    };
                    let same_name = |p: &&ContainerPort| p.name.as_deref() == Some(name.as_str());
                    if destinations.iter().any(|e| {
                        e.ports
                            .iter()
                            .any(|p| same_name(&p) && p.protocol == port.protocol)
                    }) {
                        continue;
                    }
                    let whose = match side {
                        PolicySide::Ingress => Text::new(
                            "the pods this policy selects",
                            "このポリシーが選択するポッド",
                        ),
                        PolicySide::Egress => {
                            Text::new("the pods this rule sends to", "このルールの送信先のポッド")
                        }
                    };
                    let hint = hint(&destinations, name, port.protocol);
                    let message = text!(
                        "no container of {0} declares a {1} port named `{2}`{3}: the port matches nothing, so this rule allows no traffic on it",
                        "{0} のどのコンテナーも `{2}` という名前の {1} ポートを宣言していません{3}。このポートは何にも一致しないため、このルールはこのポートのトラフィックを許可しません",
                        whose,
                        port.protocol,
                        name,
                        hint
                    );
                    context.report(
                        manifest,
                        Code::NpNamedPortUnresolved,
                        port.span,
                        message,
                        None,
                    );
                }
            }
        }
    }
}

/// What the destinations declare instead: the name with another protocol (the usual slip is a
/// UDP port named in a policy port that defaults to TCP), else their names for the protocol.
fn hint(destinations: &[&Endpoint], name: &str, protocol: Protocol) -> Text {
    let same_name = destinations.iter().find_map(|e| {
        e.ports
            .iter()
            .find(|p| p.name.as_deref() == Some(name))
            .map(|p| (e, p))
    });
    if let Some((endpoint, declared)) = same_name {
        return text!(
            " (`{0}` declares `{1}` as {2}/{3}, not {4})",
            " (`{0}` は `{1}` を {4} ではなく {2}/{3} として宣言しています)",
            endpoint.id(),
            name,
            declared.port,
            declared.protocol,
            protocol
        );
    }
    let mut names: Vec<&str> = destinations
        .iter()
        .flat_map(|e| &e.ports)
        .filter(|p| p.protocol == protocol)
        .filter_map(|p| p.name.as_deref())
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        Text::default()
    } else {
        text!(
            " (they declare `{0}`)",
            " (宣言されているのは `{0}` です)",
            names.join("`, `")
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::codes::Code;
    use crate::rules::findings_of;

    fn unresolved(egress: &str) -> Vec<String> {
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: web, namespace: a, labels: {{app: web}}}}\nspec:\n  containers:\n  - name: web\n    image: nginx\n    ports:\n    - {{name: http, containerPort: 8080}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: a}}\nspec:\n  podSelector: {{}}\n  policyTypes: [Egress]\n  egress:\n{egress}"
        );
        findings_of(&text, Code::NpNamedPortUnresolved)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn kube_dns_ports_resolve_without_kube_dns_in_the_input() {
        assert!(
            unresolved("  - ports: [{port: dns, protocol: UDP}, {port: dns-tcp}]\n").is_empty()
        );
        let found = unresolved("  - ports: [{port: dns}]\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("declares `dns` as 53/UDP, not TCP"),
            "{found:?}"
        );
    }

    #[test]
    fn egress_ports_resolve_against_the_pods_the_rule_reaches() {
        assert!(
            unresolved(
                "  - to: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: http}]\n"
            )
            .is_empty()
        );
        let found = unresolved(
            "  - to: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: https}]\n",
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("(they declare `http`)"), "{found:?}");
    }
}
