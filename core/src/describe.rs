//! Selectors, peers, ports and policies in plain words, in English and Japanese.
//!
//! Every phrase is built from small pieces that other texts can reuse: [`pods`] and
//! [`namespaces`] say what a selector chooses, [`peer`] one peer of a rule, [`ports`] a rule's
//! ports, [`labels`] the labels of one endpoint, and [`policy_summary`] a whole policy in one
//! line. A phrase is a noun phrase (English) or a noun phrase with its modifiers in front
//! (Japanese), so that a sentence can put it where it needs it: "{peer} may reach {target}",
//! "{peer}は{target}に到達できます".
//!
//! Glossary: ingress is 受信 and egress is 送信 ([`side`]).

use crate::cluster::NAMESPACE_NAME_LABEL;
use crate::labels::{LabelSelector, Labels, Operator, Requirement};
use crate::policy::{Peer, Policy, PolicyPort, PolicySide, PortRef, Rule};
use crate::text;
use crate::text::Text;

/// Whether a phrase speaks of one thing ("a pod") or of all that match ("pods").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    One,
    Many,
}

/// The side of a policy in words: ingress is 受信, egress is 送信.
pub fn side(side: PolicySide) -> Text {
    match side {
        PolicySide::Ingress => Text::new("ingress", "受信"),
        PolicySide::Egress => Text::new("egress", "送信"),
    }
}

/// `app=webapp, role=frontend`.
fn pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The labels of one endpoint: "labelled app=webapp" or "with no labels".
pub fn labels(labels: &Labels) -> Text {
    if labels.is_empty() {
        return Text::new("with no labels", "ラベルのない");
    }
    let pairs = pairs(labels.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    text!("labelled {0}", "ラベル {0} を持つ", pairs)
}

/// One endpoint in words: a representative's description, "a pod labelled app=web in namespace
/// shop", "the pods of Deployment web, labelled app=web, in namespace shop", "the addresses
/// 203.0.113.0/24 outside the cluster".
pub fn endpoint(endpoint: &crate::cluster::Endpoint) -> Text {
    use crate::cluster::EndpointKind;
    if let Some(representative) = &endpoint.representative {
        return representative.description.clone();
    }
    let what = labels(&endpoint.labels);
    let namespace = endpoint.namespace.as_deref().unwrap_or_default();
    match endpoint.kind {
        EndpointKind::Pod => text!(
            "a pod {0} in namespace {1}",
            "名前空間 {1} の、{0} ポッド",
            what,
            namespace
        ),
        EndpointKind::Workload(kind) => text!(
            "the pods of {0} {1}, {2}, in namespace {3}",
            "名前空間 {3} の {0} {1} の、{2} ポッド",
            format!("{kind:?}"),
            endpoint.name,
            what,
            namespace
        ),
        EndpointKind::External => text!(
            "the addresses {0} outside the cluster",
            "クラスター外のアドレス {0}",
            endpoint.name
        ),
        EndpointKind::Node => text!("node {0}", "ノード {0}", endpoint.name),
    }
}

/// The conditions of a selector, each a clause: "labelled app=web", "whose tier is not web",
/// "with the label tier", "without the label legacy". Empty for the empty selector.
pub fn conditions(selector: &LabelSelector) -> Vec<Text> {
    let mut clauses = Vec::new();
    let exact: Vec<(&str, &str)> = selector
        .requirements
        .iter()
        .filter_map(|r| match (r.operator, r.values.as_slice()) {
            (Operator::In, [one]) => Some((r.key.as_str(), one.as_str())),
            _ => None,
        })
        .collect();
    if !exact.is_empty() {
        let pairs = pairs(exact.into_iter());
        clauses.push(text!("labelled {0}", "ラベル {0} を持つ", pairs));
    }
    for requirement in &selector.requirements {
        if let Some(clause) = condition(requirement) {
            clauses.push(clause);
        }
    }
    clauses
}

/// One requirement other than `key=value`.
fn condition(requirement: &Requirement) -> Option<Text> {
    let key = &requirement.key;
    let values = requirement.values.join(", ");
    match (requirement.operator, requirement.values.as_slice()) {
        (Operator::In, [_]) => None,
        (Operator::In, _) => Some(text!(
            "whose {0} is one of {1}",
            "{0} が {1} のいずれかである",
            key,
            values
        )),
        (Operator::NotIn, [_]) => Some(text!(
            "whose {0} is not {1}",
            "{0} が {1} でない",
            key,
            values
        )),
        (Operator::NotIn, _) => Some(text!(
            "whose {0} is none of {1}",
            "{0} が {1} のいずれでもない",
            key,
            values
        )),
        (Operator::Exists, _) => Some(text!("with the label {0}", "ラベル {0} を持つ", key)),
        (Operator::DoesNotExist, _) => {
            Some(text!("without the label {0}", "ラベル {0} を持たない", key))
        }
    }
}

/// Clauses joined: "labelled a=b and whose c is not d" / "ラベル a=b を持ち、c が d でない".
fn joined(clauses: &[Text]) -> Text {
    let en: Vec<&str> = clauses.iter().map(|c| c.en.as_str()).collect();
    let ja: Vec<&str> = clauses.iter().map(|c| c.ja.as_str()).collect();
    Text::new(en.join(" and "), ja.join("、"))
}

/// The pods a pod selector chooses (`None`: every pod): "pods labelled app=web", "a pod whose
/// tier is not web", "any pod".
pub fn pods(selector: Option<&LabelSelector>, count: Count) -> Text {
    let clauses = selector.map(conditions).unwrap_or_default();
    if clauses.is_empty() {
        return match count {
            Count::One => Text::new("any pod", "任意のポッド"),
            Count::Many => Text::new("all pods", "すべてのポッド"),
        };
    }
    let clauses = joined(&clauses);
    match count {
        Count::One => text!("a pod {0}", "{0} ポッド", clauses),
        Count::Many => text!("pods {0}", "{0} ポッド", clauses),
    }
}

/// Where the pods of a peer live, as a phrase after them: "in namespace development" (`None`:
/// the policy's own namespace, `own`), "in any namespace", "in namespaces labelled
/// purpose=development". In Japanese it goes before them: "名前空間 development の".
pub fn namespaces(selector: Option<&LabelSelector>, own: &str, count: Count) -> Text {
    let Some(selector) = selector else {
        return text!("in namespace {0}", "名前空間 {0} の", own);
    };
    if let [
        Requirement {
            key,
            operator: Operator::In,
            values,
        },
    ] = selector.requirements.as_slice()
        && key == NAMESPACE_NAME_LABEL
        && let [name] = values.as_slice()
    {
        return text!("in namespace {0}", "名前空間 {0} の", name);
    }
    let clauses = conditions(selector);
    if clauses.is_empty() {
        return Text::new("in any namespace", "任意の名前空間の");
    }
    let clauses = joined(&clauses);
    match count {
        Count::One => text!("in a namespace {0}", "{0} 名前空間の", clauses),
        Count::Many => text!("in namespaces {0}", "{0} 名前空間の", clauses),
    }
}

/// Pods chosen by a pod and a namespace selector together.
pub fn pods_in(
    namespace_selector: Option<&LabelSelector>,
    pod_selector: Option<&LabelSelector>,
    own: &str,
    count: Count,
) -> Text {
    let any_pod = pod_selector.is_none_or(LabelSelector::is_empty);
    let any_namespace = namespace_selector.is_some_and(LabelSelector::is_empty);
    if any_pod && any_namespace {
        return Text::new("any pod in any namespace", "任意の名前空間の任意のポッド");
    }
    let pods = pods(pod_selector, count);
    let namespaces = namespaces(namespace_selector, own, count);
    text!("{0} {1}", "{1}、{0}", pods, namespaces)
}

/// An address block: "addresses in 10.0.0.0/16 except 10.0.1.0/24".
pub fn addresses(cidr: &ipnet::IpNet, except: &[ipnet::IpNet]) -> Text {
    if except.is_empty() {
        return text!("addresses in {0}", "{0} 内のアドレス", cidr);
    }
    let except: Vec<String> = except.iter().map(ToString::to_string).collect();
    let except = except.join(", ");
    text!(
        "addresses in {0} except {1}",
        "{1} を除く {0} 内のアドレス",
        cidr,
        except
    )
}

/// One peer of a rule of a policy in namespace `own`.
pub fn peer(peer: &Peer, own: &str, count: Count) -> Text {
    match peer {
        Peer::Pods {
            namespaces, pods, ..
        } => pods_in(namespaces.as_ref(), pods.as_ref(), own, count),
        Peer::Addresses { cidr, except, .. } => addresses(cidr, except),
    }
}

/// The peers of a rule joined by "or"; `None` when the rule has no peers (everything).
pub fn peers(rule: &Rule, own: &str) -> Option<Text> {
    let peers: Vec<Text> = rule
        .peers
        .as_ref()?
        .iter()
        .map(|p| peer(p, own, Count::Many))
        .collect();
    let en: Vec<&str> = peers.iter().map(|p| p.en.as_str()).collect();
    let ja: Vec<&str> = peers.iter().map(|p| p.ja.as_str()).collect();
    Some(Text::new(en.join(" or "), ja.join(" または ")))
}

/// One policy port: "port 80/TCP", "ports 8000-8080/TCP", "the port named http (TCP)", "every
/// UDP port".
pub fn port(port: &PolicyPort) -> Text {
    let protocol = port.protocol;
    match (&port.port, port.end_port) {
        (None, _) => text!("every {0} port", "すべての {0} ポート", protocol.as_str()),
        (Some(PortRef::Number(start)), Some(end)) if end != *start => text!(
            "ports {0}-{1}/{2}",
            "ポート {0}-{1}/{2}",
            start,
            end,
            protocol.as_str()
        ),
        (Some(PortRef::Number(number)), _) => {
            text!("port {0}/{1}", "ポート {0}/{1}", number, protocol.as_str())
        }
        (Some(PortRef::Name(name)), _) => text!(
            "the port named {0} ({1})",
            "名前付きポート {0} ({1})",
            name,
            protocol.as_str()
        ),
    }
}

/// A rule's ports as an adverbial phrase: "on every port", "on port 80/TCP or port 443/TCP" /
/// "すべてのポートで", "ポート 80/TCP または ポート 443/TCP で".
pub fn ports(ports: Option<&[PolicyPort]>) -> Text {
    let Some(ports) = ports.filter(|p| !p.is_empty()) else {
        return Text::new("on every port", "すべてのポートで");
    };
    let words: Vec<Text> = ports.iter().map(port).collect();
    let en: Vec<&str> = words.iter().map(|w| w.en.as_str()).collect();
    let ja: Vec<&str> = words.iter().map(|w| w.ja.as_str()).collect();
    Text::new(
        format!("on {}", en.join(" or ")),
        text::tidy_ja(&format!("{} で", ja.join(" または "))),
    )
}

/// One rule as a sentence about `target`.
fn rule_sentence(side: PolicySide, rule: &Rule, target: &Text, own: &str) -> Text {
    let ports = ports(rule.ports.as_deref());
    match (side, peers(rule, own)) {
        (PolicySide::Ingress, Some(peers)) => text!(
            "{0} may reach {1} {2}",
            "{0} は {1} に {2} 到達できます",
            peers,
            target,
            ports
        ),
        (PolicySide::Ingress, None) => text!(
            "anything may reach {0} {1}",
            "どこからでも {0} に {1} 到達できます",
            target,
            ports
        ),
        (PolicySide::Egress, Some(peers)) => text!(
            "{0} may reach {1} {2}",
            "{0} は {1} に {2} 到達できます",
            target,
            peers,
            ports
        ),
        (PolicySide::Egress, None) => text!(
            "{0} may reach anything {1}",
            "{0} は どこにでも {1} 到達できます",
            target,
            ports
        ),
    }
}

/// Whether one of the rules lets everything through (no peers, no ports).
fn allows_all(rules: &[Rule]) -> bool {
    rules
        .iter()
        .any(|r| r.peers.is_none() && r.ports.as_ref().is_none_or(Vec::is_empty))
}

/// What the policy does on one side, as sentences; `both` when it isolates both sides.
fn side_summary(policy: &Policy, side: PolicySide, target: &Text, both: bool) -> Vec<Text> {
    let rules = policy.rules(side);
    if rules.is_empty() {
        return vec![match side {
            PolicySide::Ingress => text!(
                "nothing may reach {0}",
                "{0} には どこからも到達できません",
                target
            ),
            PolicySide::Egress => text!(
                "{0} may reach nothing",
                "{0} は どこにも到達できません",
                target
            ),
        }];
    }
    let mut sentences: Vec<Text> = rules
        .iter()
        .map(|rule| rule_sentence(side, rule, target, &policy.namespace))
        .collect();
    if !allows_all(rules) {
        sentences.push(match (side, both) {
            (_, false) => Text::new("everything else is refused", "それ以外は拒否されます"),
            (PolicySide::Ingress, true) => Text::new(
                "other incoming traffic is refused",
                "それ以外の受信は拒否されます",
            ),
            (PolicySide::Egress, true) => Text::new(
                "other outgoing traffic is refused",
                "それ以外の送信は拒否されます",
            ),
        });
    }
    sentences
}

/// The policy in one line: "development/backend-policy: pods labelled app=webapp, role=frontend
/// in namespaces labelled purpose=development may reach pods labelled app=webapp, role=backend
/// on every port; everything else is refused".
pub fn policy_summary(policy: &Policy) -> Text {
    let id = policy.id();
    if policy.rejected {
        return text!(
            "{0}: Kubernetes would refuse this policy, so it changes nothing",
            "{0}: Kubernetes が拒否するポリシーのため、何も変わりません",
            id
        );
    }
    let target = pods(Some(&policy.pod_selector), Count::Many);
    let both = policy.ingress_isolates && policy.egress_isolates;
    let mut sentences = Vec::new();
    for side in [PolicySide::Ingress, PolicySide::Egress] {
        if policy.isolates(side) {
            sentences.extend(side_summary(policy, side, &target, both));
        }
    }
    if sentences.is_empty() {
        return text!(
            "{0}: selects {1} but restricts nothing",
            "{0}: {1} を選択しますが、何も制限しません",
            id,
            target
        );
    }
    let en: Vec<&str> = sentences.iter().map(|s| s.en.as_str()).collect();
    let ja: Vec<&str> = sentences.iter().map(|s| s.ja.as_str()).collect();
    Text::new(
        format!("{id}: {}", en.join("; ")),
        format!("{id}: {}", ja.join("。")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SourceFile, analyze};

    fn policies(text: &str) -> Vec<Policy> {
        analyze(&[SourceFile::new("t.yaml", text)]).cluster.policies
    }

    fn summary(spec: &str) -> Text {
        let text = format!(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: development}}\nspec:\n{spec}"
        );
        policy_summary(&policies(&text)[0])
    }

    const STEP_3: &str = "  podSelector:\n    matchLabels: {app: webapp, role: backend}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {purpose: development}\n      podSelector:\n        matchLabels: {app: webapp, role: frontend}\n";

    #[test]
    fn the_walkthrough_policy_in_one_line() {
        let words = summary(STEP_3);
        assert_eq!(
            words.en,
            "development/p: pods labelled app=webapp, role=frontend in namespaces labelled purpose=development may reach pods labelled app=webapp, role=backend on every port; everything else is refused"
        );
        assert_eq!(
            words.ja,
            "development/p: ラベル purpose=development を持つ名前空間の、ラベル app=webapp, role=frontend を持つポッドはラベル app=webapp, role=backend を持つポッドにすべてのポートで到達できます。それ以外は拒否されます"
        );
    }

    #[test]
    fn deny_all_allow_all_egress_and_both_sides() {
        let deny = summary("  podSelector: {}\n  policyTypes: [Ingress]\n");
        assert_eq!(deny.en, "development/p: nothing may reach all pods");
        assert_eq!(
            deny.ja,
            "development/p: すべてのポッドにはどこからも到達できません"
        );
        let allow = summary("  podSelector: {}\n  ingress:\n  - {}\n");
        assert_eq!(
            allow.en,
            "development/p: anything may reach all pods on every port"
        );
        let egress = summary(
            "  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24]}\n    ports:\n    - {port: 53, protocol: UDP}\n    - {port: 8000, endPort: 8080}\n",
        );
        assert_eq!(
            egress.en,
            "development/p: pods labelled app=web may reach addresses in 10.0.0.0/16 except 10.0.1.0/24 on port 53/UDP or ports 8000-8080/TCP; everything else is refused"
        );
        let both = summary(
            "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n  - from:\n    - podSelector: {}\n",
        );
        assert_eq!(
            both.en,
            "development/p: all pods in namespace development may reach all pods on every port; other incoming traffic is refused; all pods may reach nothing"
        );
        assert!(
            both.ja.contains("それ以外の受信は拒否されます"),
            "{}",
            both.ja
        );
    }

    #[test]
    fn selectors_in_words() {
        let ps = policies(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector:\n    matchExpressions:\n    - {key: tier, operator: NotIn, values: [web]}\n    - {key: legacy, operator: DoesNotExist}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n    - podSelector: {matchLabels: {app: a}}\n      namespaceSelector:\n        matchExpressions:\n        - {key: env, operator: In, values: [dev, test]}\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}\n    ports:\n    - {port: http}\n    - {protocol: UDP}\n",
        );
        let policy = &ps[0];
        let target = pods(Some(&policy.pod_selector), Count::One);
        assert_eq!(
            target.en,
            "a pod whose tier is not web and without the label legacy"
        );
        assert_eq!(
            target.ja,
            "tier が web でない、ラベル legacy を持たないポッド"
        );
        let rule = &policy.ingress[0];
        assert_eq!(
            peers(rule, "shop").unwrap().en,
            "any pod in any namespace or pods labelled app=a in namespaces whose env is one of dev, test or all pods in namespace ops"
        );
        assert_eq!(
            ports(rule.ports.as_deref()).en,
            "on the port named http (TCP) or every UDP port"
        );
        assert_eq!(
            ports(rule.ports.as_deref()).ja,
            "名前付きポート http (TCP) またはすべての UDP ポートで"
        );
        assert_eq!(
            labels(&Labels::from([("app".into(), "a".into())])).en,
            "labelled app=a"
        );
        assert_eq!(side(PolicySide::Egress).ja, "送信");
    }
}
