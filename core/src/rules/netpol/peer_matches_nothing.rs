//! `np-peer-matches-nothing`: a `podSelector`/`namespaceSelector` peer that matches no pod.
//!
//! ## What it finds
//! In an input that has pods or workloads, an item of `from` or `to` with a pod and/or
//! namespace selector that matches none of them (nor kube-dns in `kube-system`, which every AKS
//! cluster runs). `ipBlock` peers are not judged: the addresses they name are usually outside
//! the input.
//!
//! ## Why it matters
//! A peer that matches nothing allows nothing. A label typo, a namespace label that the
//! namespace does not carry (`namespaceSelector` looks at the namespace's labels, not at its
//! name), or a `podSelector` without `namespaceSelector` meant for another namespace leaves the
//! intended traffic blocked while the policy reads as if it allowed it.
//!
//! ## Fix
//! None: the selector or the labels may be the ones to change.

use crate::codes::Code;
use crate::describe::{self, Count};
use crate::engine::semantics::peer_matches;
use crate::policy::{Peer, PolicySide};
use crate::rules::Context;
use crate::text;

use super::{KubeDns, accepted_policy, has_pods, pods};

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
            let key = match side {
                PolicySide::Ingress => "from",
                PolicySide::Egress => "to",
            };
            for rule in policy.rules(side) {
                for peer in rule.peers.iter().flatten() {
                    if matches!(peer, Peer::Addresses { .. })
                        || pods(cluster).any(|e| peer_matches(cluster, policy, peer, e))
                        || dns.matched_by(policy, peer)
                    {
                        continue;
                    }
                    let message = text!(
                        "this `{0}` peer ({1}) matches no pod or workload of the input, so it allows nothing; check its labels and the namespace's labels",
                        "この `{0}` ピア ({1}) は入力内のどのポッドやワークロードにも一致しないため、何も許可しません。ピアのラベルと名前空間のラベルを確認してください",
                        key,
                        describe::peer(peer, &policy.namespace, Count::Many)
                    );
                    context.report(
                        manifest,
                        Code::NpPeerMatchesNothing,
                        peer.span(),
                        message,
                        None,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::codes::Code;
    use crate::rules::findings_of;

    fn count(peer: &str) -> usize {
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: web, namespace: a, labels: {{app: web}}}}\nspec:\n  containers:\n  - {{name: web, image: nginx}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: a}}\nspec:\n  podSelector: {{}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - {peer}\n"
        );
        findings_of(&text, Code::NpPeerMatchesNothing).len()
    }

    #[test]
    fn kube_dns_and_address_blocks_count_as_matched() {
        assert_eq!(count("podSelector: {matchLabels: {app: web}}"), 0);
        assert_eq!(
            count("{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}"),
            0
        );
        assert_eq!(count("ipBlock: {cidr: 192.0.2.0/24}"), 0);
        assert_eq!(count("podSelector: {matchLabels: {app: api}}"), 1);
        assert_eq!(
            count("namespaceSelector: {matchLabels: {name: kube-system}}"),
            1,
            "kube-system carries kubernetes.io/metadata.name, not name"
        );
    }
}
