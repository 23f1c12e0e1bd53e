//! `manifest-invalid-name`: a name, namespace, label key or label value the API server refuses.
//!
//! ## What it finds
//! Object names that are not what their kind requires (Kubernetes apimachinery and
//! `pkg/apis/*/validation`: `NameIsDNSSubdomain` for most kinds, `ValidateNamespaceName` (a
//! DNS-1123 label) for Namespaces and `metadata.namespace`, `ValidateServiceName` (a DNS-1035
//! label) for Services, at most 52 characters for `CronJob`s (`ValidateCronJobCreate`)), and
//! label keys and values outside `validation.IsQualifiedName` and `IsValidLabelValue`, in
//! `metadata.labels`, pod and job templates, and selectors.
//!
//! ## Why it matters
//! `kubectl apply` fails for the object. Such names are also how a hostile manifest carries
//! control characters and markup into tools that show names (the CLI shows them escaped).
//!
//! ## Fix
//! None: only the author knows the name meant.

use crate::codes::Code;
use crate::manifest::{Kind, Manifest};
use crate::rules::Context;
use crate::text;
use crate::text::Text;
use crate::yaml::Node;

pub(super) fn check(context: &mut Context<'_>) {
    let manifests = context.manifests;
    for manifest in manifests {
        let mut found = Vec::new();
        names(manifest, &mut found);
        labels(manifest, &mut found);
        for (node, message) in found {
            context.report(
                manifest,
                Code::ManifestInvalidName,
                node.span,
                message,
                None,
            );
        }
    }
}

/// Whether the API server would refuse `manifest` for one of its names or labels.
pub(crate) fn refused(manifest: &Manifest) -> bool {
    let mut found = Vec::new();
    names(manifest, &mut found);
    labels(manifest, &mut found);
    !found.is_empty()
}

/// A problem: the node it is about and what is wrong.
type Found<'a> = Vec<(&'a Node, Text)>;

/// The syntax a name must have.
#[derive(Clone, Copy)]
enum Syntax {
    Dns1123Label,
    Dns1035Label,
    Dns1123Subdomain,
    /// A subdomain of at most 52 characters: the Jobs a `CronJob` creates are named after it plus
    /// 11 characters (`-` and a timestamp), within a 63-character label.
    CronJobName,
}

impl Syntax {
    fn accepts(self, name: &str) -> bool {
        match self {
            Syntax::Dns1123Label => name.len() <= 63 && is_dns_label(name),
            Syntax::Dns1035Label => {
                name.len() <= 63
                    && is_dns_label(name)
                    && name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            }
            Syntax::Dns1123Subdomain => is_subdomain(name),
            Syntax::CronJobName => name.len() <= 52 && is_subdomain(name),
        }
    }

    fn describe(self) -> Text {
        match self {
            Syntax::Dns1123Label => Text::new(
                "a DNS-1123 label: at most 63 lowercase letters, digits and `-`, starting and ending with a letter or digit",
                "DNS-1123 ラベル (小文字、数字、`-` の 63 文字以内で、先頭と末尾は英数字)",
            ),
            Syntax::Dns1035Label => Text::new(
                "a DNS-1035 label: at most 63 lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit",
                "DNS-1035 ラベル (小文字、数字、`-` の 63 文字以内で、先頭は英字、末尾は英数字)",
            ),
            Syntax::Dns1123Subdomain => Text::new(
                "a DNS-1123 subdomain: at most 253 lowercase letters, digits, `-` and `.`, each part between dots starting and ending with a letter or digit",
                "DNS-1123 サブドメイン (小文字、数字、`-`、`.` の 253 文字以内で、ドットで区切られた各部分の先頭と末尾は英数字)",
            ),
            Syntax::CronJobName => Text::new(
                "a DNS-1123 subdomain of at most 52 characters (the Jobs it creates add 11): lowercase letters, digits, `-` and `.`, each part between dots starting and ending with a letter or digit",
                "52 文字以内の DNS-1123 サブドメイン (作成される Job は 11 文字を追加します。小文字、数字、`-`、`.` で、ドットで区切られた各部分の先頭と末尾は英数字)",
            ),
        }
    }
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, any length.
fn is_dns_label(text: &str) -> bool {
    let alphanumeric = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    text.starts_with(alphanumeric)
        && text.ends_with(alphanumeric)
        && text.chars().all(|c| alphanumeric(c) || c == '-')
}

fn is_subdomain(text: &str) -> bool {
    text.len() <= 253 && text.split('.').all(is_dns_label)
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]` of at most 63 characters: a label name, and a
/// label value when not empty.
fn is_label_name(text: &str) -> bool {
    let alphanumeric = |c: char| c.is_ascii_alphanumeric();
    text.len() <= 63
        && text.starts_with(alphanumeric)
        && text.ends_with(alphanumeric)
        && text
            .chars()
            .all(|c| alphanumeric(c) || matches!(c, '-' | '_' | '.'))
}

/// A label key: a name, optionally behind a DNS-1123 subdomain prefix and `/`.
fn is_label_key(key: &str) -> bool {
    match key.split_once('/') {
        Some((prefix, name)) => !prefix.is_empty() && is_subdomain(prefix) && is_label_name(name),
        None => is_label_name(key),
    }
}

/// The name and namespace of the object, for the kinds aksnet knows (others, such as RBAC
/// roles, allow other names).
fn names<'a>(manifest: &'a Manifest, found: &mut Found<'a>) {
    let metadata = manifest.node.get("metadata");
    if let Some(kind) = manifest.known_kind() {
        let syntax = match kind {
            Kind::Namespace => Syntax::Dns1123Label,
            Kind::Service => Syntax::Dns1035Label,
            Kind::CronJob => Syntax::CronJobName,
            _ => Syntax::Dns1123Subdomain,
        };
        if let Some((node, name)) =
            string_at(metadata, "name").filter(|(_, name)| !syntax.accepts(name))
        {
            let message = text!(
                "`{0}` is not a valid {1} name: Kubernetes requires {2}",
                "`{0}` は {1} の名前として無効です。Kubernetes では {2} が必要です",
                name,
                kind.name(),
                syntax.describe()
            );
            found.push((node, message));
        }
    }
    if let Some((node, namespace)) = string_at(metadata, "namespace")
        .filter(|(_, namespace)| !Syntax::Dns1123Label.accepts(namespace))
    {
        let message = text!(
            "namespace `{0}` is not a valid namespace name: Kubernetes requires {1}",
            "名前空間 `{0}` は名前空間の名前として無効です。Kubernetes では {1} が必要です",
            namespace,
            Syntax::Dns1123Label.describe()
        );
        found.push((node, message));
    }
}

/// A string value at `key` of `node`, with its node.
fn string_at<'a>(node: Option<&'a Node>, key: &str) -> Option<(&'a Node, &'a str)> {
    let value = node?.get(key)?;
    value.as_str().map(|text| (value, text))
}

/// Every label map and selector of the object.
fn labels<'a>(manifest: &'a Manifest, found: &mut Found<'a>) {
    let node = &manifest.node;
    for path in [
        &["metadata", "labels"][..],
        &["spec", "template", "metadata", "labels"],
        &["spec", "jobTemplate", "metadata", "labels"],
        &[
            "spec",
            "jobTemplate",
            "spec",
            "template",
            "metadata",
            "labels",
        ],
    ] {
        label_map(node.path(path), found);
    }
    match manifest.known_kind() {
        // A plain map of labels in these two kinds; a `LabelSelector` in the other workloads.
        Some(Kind::Service | Kind::ReplicationController) => {
            label_map(node.path(&["spec", "selector"]), found);
        }
        Some(Kind::CronJob) => {
            selector(
                node.path(&["spec", "jobTemplate", "spec", "selector"]),
                found,
            );
        }
        Some(Kind::NetworkPolicy) => {
            selector(node.path(&["spec", "podSelector"]), found);
            for (rules, peers) in [("ingress", "from"), ("egress", "to")] {
                for peer in items(node.path(&["spec", rules]))
                    .iter()
                    .flat_map(|rule| items(rule.get(peers)))
                {
                    selector(peer.get("podSelector"), found);
                    selector(peer.get("namespaceSelector"), found);
                }
            }
        }
        Some(_) => selector(node.path(&["spec", "selector"]), found),
        None => {}
    }
}

fn items(node: Option<&Node>) -> &[Node] {
    node.and_then(Node::items).unwrap_or_default()
}

/// A map of label keys to values.
fn label_map<'a>(map: Option<&'a Node>, found: &mut Found<'a>) {
    for entry in map.and_then(Node::entries).unwrap_or_default() {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        label_key(&entry.key, key, found);
        if let Some(value) = entry.value.as_str() {
            label_value(&entry.value, key, value, found);
        }
    }
}

/// A `LabelSelector`: `matchLabels`, and the keys and values of `matchExpressions`.
fn selector<'a>(selector: Option<&'a Node>, found: &mut Found<'a>) {
    let Some(selector) = selector else {
        return;
    };
    label_map(selector.get("matchLabels"), found);
    for expression in items(selector.get("matchExpressions")) {
        let Some((key_node, key)) = string_at(Some(expression), "key") else {
            continue;
        };
        label_key(key_node, key, found);
        for value in items(expression.get("values")) {
            if let Some(text) = value.as_str() {
                label_value(value, key, text, found);
            }
        }
    }
}

fn label_key<'a>(node: &'a Node, key: &str, found: &mut Found<'a>) {
    if !is_label_key(key) {
        let message = text!(
            "label key `{0}` is not valid: Kubernetes requires an optional DNS-1123 subdomain prefix and `/`, then a name of at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit",
            "ラベル キー `{0}` は無効です。Kubernetes では、省略可能な DNS-1123 サブドメインのプレフィックスと `/` に続けて、英字、数字、`-`、`_`、`.` の 63 文字以内で先頭と末尾が英数字の名前が必要です",
            key
        );
        found.push((node, message));
    }
}

fn label_value<'a>(node: &'a Node, key: &str, value: &str, found: &mut Found<'a>) {
    if !value.is_empty() && !is_label_name(value) {
        let message = text!(
            "label value `{0}` of `{1}` is not valid: Kubernetes requires at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit, or an empty value",
            "`{1}` のラベル値 `{0}` は無効です。Kubernetes では、英字、数字、`-`、`_`、`.` の 63 文字以内で先頭と末尾が英数字の値、または空の値が必要です",
            value,
            key
        );
        found.push((node, message));
    }
}

#[cfg(test)]
mod tests {
    use super::{Syntax, is_label_key, is_label_name};
    use crate::Code;

    #[test]
    fn name_syntaxes_follow_apimachinery() {
        let label = Syntax::Dns1123Label;
        let dns1035 = Syntax::Dns1035Label;
        let subdomain = Syntax::Dns1123Subdomain;
        assert!(label.accepts("kube-system") && label.accepts("0abc"));
        assert!(!label.accepts("a.b") && !label.accepts("-a") && !label.accepts("A"));
        assert!(label.accepts(&"a".repeat(63)) && !label.accepts(&"a".repeat(64)));
        assert!(!label.accepts(""));
        assert!(dns1035.accepts("web") && !dns1035.accepts("0web"));
        assert!(subdomain.accepts("web.v1") && subdomain.accepts(&"a".repeat(253)));
        assert!(!subdomain.accepts(&"a".repeat(254)) && !subdomain.accepts("a..b"));
        assert!(!subdomain.accepts("web_1") && !subdomain.accepts("web\n"));
        let cron = Syntax::CronJobName;
        assert!(cron.accepts(&"a".repeat(52)) && !cron.accepts(&"a".repeat(53)));
    }

    #[test]
    fn label_keys_and_values_follow_is_qualified_name() {
        for key in [
            "app",
            "app.kubernetes.io/name",
            "A_b.c-d",
            "kubernetes.io/os",
        ] {
            assert!(is_label_key(key), "{key}");
        }
        for key in [
            "",
            "/app",
            "a/b/c",
            "Example.com/app",
            "app-",
            "a b",
            &"a".repeat(64),
        ] {
            assert!(!is_label_key(key), "{key}");
        }
        assert!(is_label_name("v1.2_3") && !is_label_name("v1:2") && !is_label_name("_a"));
    }

    #[test]
    fn names_labels_and_selectors_are_checked_where_they_are() {
        let policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: Web, namespace: shop_1, labels: {ok: \"\"}}\nspec:\n  podSelector: {matchExpressions: [{key: 'a b', operator: In, values: ['x y']}]}\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {team: 'a/b'}}}]\n";
        let (found, _) = crate::rules::findings_and_fixed(policy, Code::ManifestInvalidName);
        assert_eq!(found.len(), 5, "name, namespace, key, value, peer value");
        let service = "apiVersion: v1\nkind: Service\nmetadata: {name: 1web, namespace: shop}\nspec: {selector: {app: '-web'}}\n";
        let (found, _) = crate::rules::findings_and_fixed(service, Code::ManifestInvalidName);
        assert_eq!(found.len(), 2);
        let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: 'system:reader'}\n";
        assert!(
            crate::rules::findings_and_fixed(role, Code::ManifestInvalidName)
                .0
                .is_empty()
        );
    }
}
