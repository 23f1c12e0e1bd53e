//! Kubernetes objects read from YAML documents: their kind, name and namespace, and the node tree
//! later stages read their fields from.

use serde::Serialize;

use crate::finding::Finding;
use crate::rules::manifest::invalid_field;
use crate::rules::manifest::missing_field;
use crate::rules::manifest::unknown_kind;
use crate::rules::violation::Violation;
use crate::rules::yaml::limit;
use crate::rules::yaml::syntax;
use crate::span::Span;
use crate::yaml::{self, Limits, Node, Value};

/// One input text, such as a file or the page's editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// Where the first invalid UTF-8 sequence was, in a text read with [`SourceFile::from_bytes`].
    pub invalid_utf8: Option<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            invalid_utf8: None,
        }
    }

    /// A file's bytes as text. Invalid UTF-8 is replaced by U+FFFD rather than refused, so the
    /// rest of the file is still checked, and reported where it starts.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Self::new(name, text),
            Err(error) => {
                let at = error.utf8_error().valid_up_to();
                Self {
                    invalid_utf8: Some(at),
                    ..Self::new(name, String::from_utf8_lossy(error.as_bytes()).into_owned())
                }
            }
        }
    }

    /// The finding for invalid UTF-8, where it starts, as `violation` words it (the syntax error
    /// of the text's form: `rules::yaml::syntax::invalid_utf8` or `rules::az::syntax::invalid_utf8`).
    pub(crate) fn encoding_finding(
        &self,
        file: usize,
        violation: impl FnOnce() -> Violation,
    ) -> Option<Finding> {
        self.invalid_utf8
            .map(|at| violation().at(file, Span::empty(at)))
    }
}

/// The kinds aksnet reads. Anything else is listed but not analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Kind {
    Namespace,
    Pod,
    NetworkPolicy,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    ReplicationController,
    Job,
    CronJob,
    Service,
    Ingress,
    /// A node: its addresses and labels (`kubernetes.io/os`), which pods name in `spec.nodeName`.
    Node,
}

impl Kind {
    const ALL: &[Kind] = &[
        Kind::Namespace,
        Kind::Pod,
        Kind::NetworkPolicy,
        Kind::Deployment,
        Kind::StatefulSet,
        Kind::DaemonSet,
        Kind::ReplicaSet,
        Kind::ReplicationController,
        Kind::Job,
        Kind::CronJob,
        Kind::Service,
        Kind::Ingress,
        Kind::Node,
    ];

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }

    pub const fn name(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Pod => "Pod",
            Kind::NetworkPolicy => "NetworkPolicy",
            Kind::Deployment => "Deployment",
            Kind::StatefulSet => "StatefulSet",
            Kind::DaemonSet => "DaemonSet",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::ReplicationController => "ReplicationController",
            Kind::Job => "Job",
            Kind::CronJob => "CronJob",
            Kind::Service => "Service",
            Kind::Ingress => "Ingress",
            Kind::Node => "Node",
        }
    }
}

/// Kinds that live outside namespaces, so an object of one has no `default` namespace.
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "StorageClass",
    "IngressClass",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PriorityClass",
    "RuntimeClass",
];

/// One Kubernetes object with its identity and its fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    pub file: usize,
    pub api_version: String,
    /// The kind as written; [`Manifest::known_kind`] tells whether aksnet reads it.
    pub kind: String,
    pub name: String,
    /// `None` for cluster-scoped kinds; `default` when a namespaced object names none.
    pub namespace: Option<String>,
    /// The whole object.
    pub node: Node,
}

impl Manifest {
    pub fn known_kind(&self) -> Option<Kind> {
        Kind::from_name(&self.kind)
    }

    /// `namespace/kind/name`, or `kind/name` for cluster-scoped objects: how findings name it.
    pub fn object_ref(&self) -> String {
        let name = if self.name.is_empty() {
            "<unnamed>"
        } else {
            &self.name
        };
        match &self.namespace {
            Some(ns) => format!("{ns}/{}/{name}", self.kind),
            None => format!("{}/{name}", self.kind),
        }
    }

    pub fn span(&self) -> Span {
        self.node.span
    }
}

/// An upper bound on the objects `text` holds (and so on its endpoints and policies), found
/// without reading it, so that a front end can tell a small input from a costly one first. Every
/// object has its `kind` written out, unless a typed list (`PodList`) gives it to its items, an
/// anchor lets aliases repeat it, or an escape spells it: `None` when the text may do any of these.
pub fn most_objects(text: &str) -> Option<usize> {
    if text.contains(['&', '\\']) || text.contains("List") {
        return None;
    }
    Some(text.matches("kind").count())
}

/// Reads every object of `source`: documents, JSON, and the items of `kind: List` and of typed
/// lists such as `PodList`.
pub fn read_manifests(source: &SourceFile, file: usize) -> (Vec<Manifest>, Vec<Finding>) {
    let (documents, mut findings) = yaml::parse(&source.text, file, Limits::default());
    findings.extend(source.encoding_finding(file, syntax::invalid_utf8));
    let mut manifests = Vec::new();
    for document in documents {
        if document.root.is_null() {
            continue;
        }
        read_object(document.root, file, None, &mut manifests, &mut findings);
    }
    (manifests, findings)
}

/// What the items of a typed list (`PodList`, `NetworkPolicyList`, ...) take from it: the API
/// returns such lists with items that carry no `kind` or `apiVersion` of their own.
struct ItemIdentity {
    kind: String,
    api_version: Option<String>,
}

fn read_object(
    node: Node,
    file: usize,
    list: Option<&ItemIdentity>,
    out: &mut Vec<Manifest>,
    findings: &mut Vec<Finding>,
) {
    if !matches!(node.value, Value::Map(_)) {
        findings.push(invalid_field::manifest_not_a_mapping(&node.type_name()).at(file, node.span));
        return;
    }
    let kind = match list {
        Some(list) if node.get("kind").is_none() => Some(list.kind.clone()),
        _ => required_string(&node, &["kind"], file, findings),
    };
    let api_version = match list {
        Some(list) if node.get("apiVersion").is_none() && kind.as_ref() == Some(&list.kind) => {
            list.api_version.clone()
        }
        _ => required_string(&node, &["apiVersion"], file, findings),
    };
    if let Some(list_kind) = kind.as_deref().filter(|k| k.ends_with("List"))
        && let Some(items) = node.get("items")
    {
        // `kind: List` items name their own kind; a typed list's items are of its element kind.
        let identity = list_kind
            .strip_suffix("List")
            .filter(|element| !element.is_empty())
            .map(|element| ItemIdentity {
                kind: element.to_owned(),
                api_version,
            });
        read_list_items(items, file, identity.as_ref(), out, findings);
        return;
    }
    let Some(kind) = kind else {
        return;
    };
    let name = match node
        .path(&["metadata", "generateName"])
        .and_then(Node::as_str)
    {
        Some(prefix) if node.path(&["metadata", "name"]).is_none() => format!("{prefix}*"),
        _ => required_string(&node, &["metadata", "name"], file, findings).unwrap_or_default(),
    };
    let namespace = if CLUSTER_SCOPED.contains(&kind.as_str()) {
        None
    } else {
        Some(
            optional_string(&node, &["metadata", "namespace"], file, findings)
                .unwrap_or_else(|| "default".to_owned()),
        )
    };
    let manifest = Manifest {
        file,
        api_version: api_version.unwrap_or_default(),
        kind,
        name,
        namespace,
        node,
    };
    if manifest.known_kind().is_none() {
        findings.push(
            unknown_kind::not_analysed(&manifest.kind)
                .at(
                    file,
                    manifest
                        .node
                        .get("kind")
                        .map_or(manifest.span(), |k| k.span),
                )
                .with_object(Some(manifest.object_ref())),
        );
    }
    out.push(manifest);
}

fn read_list_items(
    items: &Node,
    file: usize,
    identity: Option<&ItemIdentity>,
    out: &mut Vec<Manifest>,
    findings: &mut Vec<Finding>,
) {
    match items.items() {
        Some(items) => {
            let max_items = Limits::default().max_documents;
            for item in items.iter().take(max_items) {
                read_object(item.clone(), file, identity, out, findings);
            }
            if let Some(first_unread) = items.get(max_items) {
                findings.push(limit::too_many_list_items(&max_items).at(file, first_unread.span));
            }
        }
        None if items.is_null() => {}
        None => findings
            .push(invalid_field::list_items_not_a_list(&items.type_name()).at(file, items.span)),
    }
}

/// A string field that must be present; a finding when it is absent or not a string.
fn required_string(
    node: &Node,
    path: &[&str],
    file: usize,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let value = optional_string(node, path, file, findings);
    if value.is_none() && node.path(path).is_none() {
        let parent = path
            .split_last()
            .and_then(|(_, parents)| node.path(parents))
            .map_or(node.span, |p| p.span);
        findings.push(missing_field::field(&path.join(".")).at(file, Span::empty(parent.start)));
    }
    value
}

/// A string field that may be absent; a finding when it is there but not a string.
fn optional_string(
    node: &Node,
    path: &[&str],
    file: usize,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let value = node.path(path)?;
    match &value.value {
        Value::Str(s) if !s.is_empty() => Some(s.clone()),
        Value::Null => None,
        _ => {
            findings.push(
                invalid_field::non_empty_string(&path.join("."), &value.type_name())
                    .at(file, value.span),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;

    fn read(text: &str) -> (Vec<Manifest>, Vec<Finding>) {
        read_manifests(&SourceFile::new("test.yaml", text), 0)
    }

    #[test]
    fn objects_default_to_the_default_namespace() {
        let (manifests, findings) = read("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n");
        assert!(findings.is_empty());
        assert_eq!(manifests[0].object_ref(), "default/Pod/web");
        assert_eq!(manifests[0].known_kind(), Some(Kind::Pod));
    }

    #[test]
    fn namespaces_are_cluster_scoped() {
        let (manifests, _) =
            read("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: development\n");
        assert_eq!(manifests[0].namespace, None);
        assert_eq!(manifests[0].object_ref(), "Namespace/development");
    }

    #[test]
    fn lists_are_flattened() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a, namespace: x}\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: x}\n";
        let (manifests, findings) = read(text);
        assert!(findings.is_empty(), "{findings:?}");
        let refs: Vec<_> = manifests.iter().map(Manifest::object_ref).collect();
        assert_eq!(refs, ["x/Pod/a", "Namespace/x"]);
    }

    #[test]
    fn typed_list_items_take_their_kind_and_api_version_from_the_list() {
        // As `GET /apis/networking.k8s.io/v1/namespaces/shop/networkpolicies` returns it.
        let text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nmetadata: {resourceVersion: '7'}\nitems:\n- metadata: {name: deny, namespace: shop}\n  spec: {podSelector: {}}\n";
        let (manifests, findings) = read(text);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(manifests.len(), 1);
        assert_eq!(manifests[0].object_ref(), "shop/NetworkPolicy/deny");
        assert_eq!(manifests[0].known_kind(), Some(Kind::NetworkPolicy));
        assert_eq!(manifests[0].api_version, "networking.k8s.io/v1");
    }

    #[test]
    fn a_typed_list_item_that_names_its_kind_keeps_its_own_identity() {
        let text = "apiVersion: v1\nkind: PodList\nitems:\n- kind: Pod\n  metadata: {name: a}\n- apiVersion: apps/v1\n  metadata: {name: b}\n- kind: Namespace\n  metadata: {name: c}\n";
        let (manifests, findings) = read(text);
        let identities: Vec<_> = manifests
            .iter()
            .map(|m| (m.object_ref(), m.api_version.as_str()))
            .collect();
        assert_eq!(
            identities,
            [
                ("default/Pod/a".to_owned(), "v1"),
                ("default/Pod/b".to_owned(), "apps/v1"),
                ("Namespace/c".to_owned(), ""),
            ]
        );
        // A Namespace is not what a PodList holds, so it does not borrow the list's apiVersion.
        let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages, ["missing field `apiVersion`"]);
    }

    #[test]
    fn plain_list_items_must_name_their_kind() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  metadata: {name: a}\n";
        let (manifests, findings) = read(text);
        assert!(manifests.is_empty());
        let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages, ["missing field `kind`"]);
    }

    #[test]
    fn most_objects_bounds_what_reading_finds() {
        let text = "kind: Pod\nmetadata: {name: a}\n---\n{\"kind\": \"Pod\", \"metadata\": {\"name\": \"b\"}}\n";
        assert_eq!(most_objects(text), Some(2));
        assert_eq!(read(text).0.len(), 2);
        // Objects a short text can multiply or hide have no bound.
        for unbounded in [
            "kind: List\nitems:\n- &p {kind: Pod, metadata: {name: p}}\n- *p\n",
            "apiVersion: v1\nkind: PodList\nitems: [{}, {}, {}]\n",
            "\"\\u006bind\": Pod\n",
        ] {
            assert_eq!(most_objects(unbounded), None, "{unbounded}");
        }
    }

    #[test]
    fn a_typed_list_reads_at_most_the_item_limit() {
        let max = Limits::default().max_documents;
        let header = "apiVersion: v1\nkind: PodList\nitems:\n";
        let item = "- metadata: {name: p}\n";
        let text = format!("{header}{}", item.repeat(max + 1));
        let (manifests, findings) = read(&text);
        assert_eq!(manifests.len(), max);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::YamlLimit);
        // At the first item past the limit, which starts after its `- `.
        assert_eq!(findings[0].span.start, header.len() + max * item.len() + 2);
    }

    #[test]
    fn missing_fields_are_findings_and_the_object_is_kept() {
        let (manifests, findings) = read("kind: Pod\nmetadata:\n  labels: {}\n");
        let codes: Vec<_> = findings
            .iter()
            .map(|f| (f.code, f.message.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                (Code::ManifestMissingField, "missing field `apiVersion`"),
                (Code::ManifestMissingField, "missing field `metadata.name`"),
            ]
        );
        assert_eq!(manifests.len(), 1);
    }

    #[test]
    fn wrong_types_are_findings() {
        let (_, findings) = read("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a]\n");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::ManifestInvalidField);
        let (_, findings) = read("- just\n- a list\n");
        assert_eq!(findings[0].code, Code::ManifestInvalidField);
    }

    #[test]
    fn unknown_kinds_are_listed_with_an_info() {
        let (manifests, findings) = read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        assert_eq!(manifests.len(), 1);
        assert_eq!(findings[0].code, Code::ManifestUnknownKind);
        assert_eq!(findings[0].object.as_deref(), Some("default/ConfigMap/c"));
    }
}
