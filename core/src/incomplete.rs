//! When the answer is incomplete: the documents that could not be read, and which flows each
//! could change.
//!
//! A document is unread when it does not parse (a syntax error, a document cut off mid-edit),
//! when reading stopped before it (a bound of docs/limits.md), or when it is an object the API
//! server would refuse (`manifest-invalid-field`, `manifest-missing-field`,
//! `manifest-invalid-name`, `yaml-duplicate-key`, or a NetworkPolicy the policy reader marks
//! `rejected`). Such a document takes no part in the evaluation, so a verdict computed without it
//! may be wrong: the flows it could change are unknown, never allowed or denied.
//!
//! Which flows, by what the document is ([`Scope`]; docs/netpol-semantics.md, "Incomplete
//! input"):
//! - its kind or, for a NetworkPolicy, its namespace cannot be known: it could be a policy
//!   anywhere, and every flow is unknown;
//! - a NetworkPolicy of namespace `N` selects pods of `N` only: it can change ingress to them and
//!   egress from them, that is the flows with an end in `N`;
//! - a Namespace `N`: its labels decide which namespace selectors match pods of `N`, so again
//!   the flows with an end in `N`;
//! - a Pod or workload: endpoints may be missing, but no other flow changes;
//! - any other kind: no flow changes.

use serde::{Deserialize, Serialize};

use crate::cluster::{Cluster, Endpoint};
use crate::codes::Code;
use crate::finding::{Finding, Severity};
use crate::manifest::{Kind, Manifest, SourceFile};
use crate::span::Span;
use crate::text;
use crate::text::Text;

/// The flows an unread document could change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Every flow: what the document is cannot be known.
    Everything,
    /// Flows into or out of pods of this namespace.
    Namespace(String),
    /// No flow of the endpoints shown, but endpoints may be missing.
    Endpoints,
    /// No flow.
    Nothing,
}

/// One document that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    /// Index of the source file.
    pub file: usize,
    /// Where the first problem is.
    pub span: Span,
    /// 1-based line of the first problem.
    pub line: usize,
    /// The first problem, from its finding.
    pub message: Text,
    /// The object when it was read (index into [`crate::Analysis::manifests`]).
    pub manifest: Option<usize>,
    /// Kind, name and namespace: read, or found on the document's lines when it does not parse.
    pub kind: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub scope: Scope,
}

/// Finding codes that mean the API server would refuse the object they fall in.
const REFUSED: &[Code] = &[
    Code::YamlDuplicateKey,
    Code::ManifestInvalidField,
    Code::ManifestMissingField,
    Code::ManifestInvalidName,
];

/// Codes the policy reader reports when it marks a policy `rejected`.
const POLICY_REFUSED: &[Code] = &[
    Code::NpInvalidSelector,
    Code::NpEndportInvalid,
    Code::NpIpblockExceptOutside,
    Code::CidrInvalid,
];

/// The unread documents of an analysis, one per document, in file and position order.
/// `findings` must have their positions filled in.
pub(crate) fn unread(
    sources: &[SourceFile],
    manifests: &[Manifest],
    cluster: &Cluster,
    findings: &[Finding],
) -> Vec<Unread> {
    let mut out: Vec<Unread> = Vec::new();
    let mut seen_manifests = vec![false; manifests.len()];
    // The documents that did not parse, by (file, start).
    let mut seen_documents: Vec<(usize, usize)> = Vec::new();
    for finding in findings.iter().filter(|f| f.severity == Severity::Error) {
        let inside = manifests.iter().position(|m| {
            m.file == finding.file
                && m.span().start <= finding.span.start
                && finding.span.start <= m.span().end
        });
        if let Some(index) = inside {
            let Some(manifest) = manifests.get(index) else {
                continue;
            };
            let policy = manifest.known_kind() == Some(Kind::NetworkPolicy);
            let refusal = REFUSED.contains(&finding.code)
                || (policy && POLICY_REFUSED.contains(&finding.code))
                || finding.code == Code::YamlLimit;
            if !refusal || seen_manifests.get(index).copied().unwrap_or(true) {
                continue;
            }
            if let Some(seen) = seen_manifests.get_mut(index) {
                *seen = true;
            }
            let at = (finding.span, finding.position.line, message(finding));
            out.push(refused(manifests, index, at, findings));
            continue;
        }
        match finding.code {
            Code::YamlSyntax => {
                let text = sources.get(finding.file).map_or("", |s| s.text.as_str());
                let (start, document) = document_at(text, finding.span.start);
                if seen_documents.contains(&(finding.file, start)) {
                    continue;
                }
                seen_documents.push((finding.file, start));
                let guess = Guess::read(document);
                out.push(Unread {
                    file: finding.file,
                    span: finding.span,
                    line: finding.position.line,
                    message: message(finding),
                    manifest: None,
                    scope: guess.scope(),
                    kind: guess.kind,
                    name: guess.name,
                    namespace: guess.namespace,
                });
            }
            code if REFUSED.contains(&code) || code == Code::YamlLimit => out.push(Unread {
                file: finding.file,
                span: finding.span,
                line: finding.position.line,
                message: message(finding),
                manifest: None,
                kind: None,
                name: None,
                namespace: None,
                scope: Scope::Everything,
            }),
            _ => {}
        }
    }
    refused_policies(manifests, cluster, findings, &seen_manifests, &mut out);
    out.sort_by_key(|u| (u.file, u.span.start));
    out
}

/// Policies the reader rejected or could not read, for a reason no refusal code names.
fn refused_policies(
    manifests: &[Manifest],
    cluster: &Cluster,
    findings: &[Finding],
    seen_manifests: &[bool],
    out: &mut Vec<Unread>,
) {
    for (index, manifest) in manifests.iter().enumerate() {
        if manifest.known_kind() != Some(Kind::NetworkPolicy)
            || seen_manifests.get(index).copied().unwrap_or(true)
        {
            continue;
        }
        let read = cluster
            .policies
            .iter()
            .find(|p| p.file == manifest.file && p.span == manifest.span());
        if read.is_some_and(|p| !p.rejected) {
            continue;
        }
        let first = findings.iter().find(|f| {
            f.severity == Severity::Error
                && f.file == manifest.file
                && manifest.span().start <= f.span.start
                && f.span.start <= manifest.span().end
        });
        let (span, line, why) = first.map_or_else(
            || {
                (
                    manifest.span(),
                    0,
                    text!(
                        "the API server would refuse this NetworkPolicy",
                        "API サーバーはこの NetworkPolicy を拒否します"
                    ),
                )
            },
            |f| (f.span, f.position.line, message(f)),
        );
        out.push(refused(manifests, index, (span, line, why), findings));
    }
}

/// The refused object `manifests[index]`, its first problem at `at` (span, line, message).
fn refused(
    manifests: &[Manifest],
    index: usize,
    (span, line, message): (Span, usize, Text),
    findings: &[Finding],
) -> Unread {
    let manifest = manifests.get(index);
    Unread {
        file: manifest.map_or(0, |m| m.file),
        span,
        line,
        message,
        manifest: Some(index),
        kind: manifest.map(|m| m.kind.clone()),
        name: manifest.map(|m| m.name.clone()).filter(|n| !n.is_empty()),
        namespace: manifest.and_then(|m| m.namespace.clone()),
        scope: manifest.map_or(Scope::Everything, |m| manifest_scope(m, findings)),
    }
}

fn message(finding: &Finding) -> Text {
    Text::new(finding.message.clone(), finding.message_ja.clone())
}

/// What a refused object could change.
fn manifest_scope(manifest: &Manifest, findings: &[Finding]) -> Scope {
    let refused_at = |node: Option<&crate::yaml::Node>| {
        node.is_some_and(|node| {
            findings.iter().any(|f| {
                f.severity == Severity::Error
                    && f.file == manifest.file
                    && node.span.start <= f.span.start
                    && f.span.start <= node.span.end
            })
        })
    };
    match manifest.known_kind() {
        Some(Kind::NetworkPolicy) => {
            if refused_at(manifest.node.path(&["metadata", "namespace"])) {
                return Scope::Everything;
            }
            manifest
                .namespace
                .clone()
                .map_or(Scope::Everything, Scope::Namespace)
        }
        Some(Kind::Namespace) => {
            if manifest.name.is_empty() || refused_at(manifest.node.path(&["metadata", "name"])) {
                Scope::Everything
            } else {
                Scope::Namespace(manifest.name.clone())
            }
        }
        Some(Kind::Service | Kind::Ingress) | None => Scope::Nothing,
        Some(_) => Scope::Endpoints,
    }
}

/// The document of `text` that holds `offset`: its start and its text. Documents are cut at
/// `---` lines, as the YAML reader cuts them.
fn document_at(text: &str, offset: usize) -> (usize, &str) {
    crate::yaml::documents(text)
        .into_iter()
        .rev()
        .find(|(start, _)| *start <= offset)
        .unwrap_or((0, text))
}

/// Kind, name and namespace of a document that does not parse, from its lines: `kind: X` at the
/// top level and `name:` / `namespace:` under `metadata:` (block or flow style). A value that is
/// not a plain name counts as unknown.
#[derive(Debug, Default, PartialEq, Eq)]
struct Guess {
    kind: Option<String>,
    name: Option<String>,
    namespace: Option<String>,
}

impl Guess {
    fn read(document: &str) -> Guess {
        let mut guess = Guess::default();
        let mut kinds = 0;
        let mut in_metadata = false;
        let mut metadata_indent: Option<usize> = None;
        for line in document.lines() {
            let content = strip_comment(line);
            if content.trim().is_empty() {
                continue;
            }
            let indent = content.len() - content.trim_start().len();
            if indent == 0 {
                in_metadata = false;
                metadata_indent = None;
                if let Some(value) = content.strip_prefix("kind:") {
                    kinds += 1;
                    guess.kind = plain(value).filter(|k| k.chars().all(char::is_alphanumeric));
                } else if let Some(value) = content.strip_prefix("metadata:") {
                    let value = value.trim();
                    if let Some(flow) = value.strip_prefix('{') {
                        guess.read_flow(flow);
                    } else {
                        in_metadata = value.is_empty();
                    }
                }
                continue;
            }
            if !in_metadata {
                continue;
            }
            let expected = *metadata_indent.get_or_insert(indent);
            if indent != expected {
                continue;
            }
            guess.read_field(content.trim_start());
        }
        if kinds > 1 {
            guess.kind = None;
        }
        guess
    }

    fn read_flow(&mut self, flow: &str) {
        let inner = flow.split('}').next().unwrap_or("");
        for field in inner.split(',') {
            self.read_field(field.trim());
        }
    }

    fn read_field(&mut self, field: &str) {
        if let Some(value) = field.strip_prefix("name:") {
            self.name = plain(value);
        } else if let Some(value) = field.strip_prefix("namespace:") {
            self.namespace = plain(value).filter(|n| is_dns_label(n));
        }
    }

    fn scope(&self) -> Scope {
        let Some(kind) = self.kind.as_deref() else {
            return Scope::Everything;
        };
        match Kind::from_name(kind) {
            Some(Kind::NetworkPolicy) => self
                .namespace
                .clone()
                .map_or(Scope::Everything, Scope::Namespace),
            Some(Kind::Namespace) => self
                .name
                .clone()
                .filter(|n| is_dns_label(n))
                .map_or(Scope::Everything, Scope::Namespace),
            Some(Kind::Service | Kind::Ingress) => Scope::Nothing,
            Some(_) => Scope::Endpoints,
            None if kind.ends_with("List") => Scope::Everything,
            None => Scope::Nothing,
        }
    }
}

fn strip_comment(line: &str) -> &str {
    let line = line.trim_end();
    if line.trim_start().starts_with('#') {
        return "";
    }
    line.find(" #")
        .map_or(line, |at| line.get(..at).unwrap_or(line))
}

/// A scalar written as a plain or quoted word.
fn plain(value: &str) -> Option<String> {
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value);
    let word = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'));
    word.then(|| value.to_owned())
}

fn is_dns_label(text: &str) -> bool {
    let alphanumeric = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    text.len() <= 63
        && text.starts_with(alphanumeric)
        && text.ends_with(alphanumeric)
        && text.chars().all(|c| alphanumeric(c) || c == '-')
}

/// Which flows between the endpoints of a cluster are unknown, endpoint by endpoint: a flow is
/// unknown when `everything` is set or either of its ends is marked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownFlows {
    pub everything: bool,
    /// One flag per endpoint: flows into or out of it are unknown.
    pub endpoints: Vec<bool>,
}

impl UnknownFlows {
    /// The unknown flows of `cluster` given what could not be read.
    pub fn new(unread: &[Unread], cluster: &Cluster) -> Self {
        let everything = unread.iter().any(|u| u.scope == Scope::Everything);
        let endpoints = if everything {
            Vec::new()
        } else {
            cluster
                .endpoints
                .iter()
                .map(|e| !changed_by(unread, e).is_empty())
                .collect()
        };
        Self {
            everything,
            endpoints,
        }
    }

    /// Whether the flow from endpoint `from` to endpoint `to` is unknown.
    pub fn unknown(&self, from: usize, to: usize) -> bool {
        self.everything
            || self.endpoints.get(from).copied().unwrap_or(false)
            || self.endpoints.get(to).copied().unwrap_or(false)
    }

    /// Whether any flow is unknown.
    pub fn any(&self) -> bool {
        self.everything || self.endpoints.contains(&true)
    }
}

/// The unread documents that could change flows into or out of `endpoint`.
fn changed_by<'u>(unread: &'u [Unread], endpoint: &Endpoint) -> Vec<&'u Unread> {
    unread
        .iter()
        .filter(|u| match &u.scope {
            Scope::Everything => true,
            // A pod whose namespace is not known (a representative that stands for pods in any
            // namespace with some labels) may be in it.
            Scope::Namespace(namespace) => match &endpoint.namespace {
                Some(own) => own == namespace,
                None => !endpoint.is_external(),
            },
            Scope::Endpoints | Scope::Nothing => false,
        })
        .collect()
}

/// Why the flow from `from` to `to` is unknown, naming the first document that could change it
/// (`files` names the sources); `None` when the flow is known.
pub fn why_unknown(
    unread: &[Unread],
    files: &[SourceFile],
    from: &Endpoint,
    to: &Endpoint,
) -> Option<Text> {
    let mut found = changed_by(unread, from);
    found.extend(changed_by(unread, to));
    let first = found.into_iter().min_by_key(|u| (u.file, u.span.start))?;
    let file = files.get(first.file).map_or("", |f| f.name.as_str());
    Some(match &first.scope {
        Scope::Namespace(namespace) => text!(
            "unknown: {0}:{1} could not be read ({2}); it could change flows into and out of namespace {3}, this one among them",
            "不明: {0}:{1} を読み取れませんでした ({2})。名前空間 {3} に出入りするフローを変える可能性があり、このフローもその 1 つです",
            file,
            first.line,
            first.message,
            namespace
        ),
        _ => text!(
            "unknown: {0}:{1} could not be read ({2}); it could be a policy for any pod, so no flow has a verdict",
            "不明: {0}:{1} を読み取れませんでした ({2})。どのポッドのポリシーである可能性もあるため、どのフローにも判定を出せません",
            file,
            first.line,
            first.message
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FlowPort, Reachability, analyze};

    const PODS: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: dev, labels: {app: web}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: dev, labels: {app: db}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: other, labels: {app: a}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: other, labels: {app: b}}\n";

    const POLICY: &str = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db-policy\n  namespace: dev\nspec:\n  podSelector:\n    matchLabels:\n      app: db\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: web\n";

    fn read(text: &str) -> (crate::Analysis, Vec<SourceFile>) {
        let sources = vec![SourceFile::new("m.yaml", text)];
        (analyze(&sources), sources)
    }

    fn index(analysis: &crate::Analysis, id: &str) -> usize {
        analysis.cluster.find_endpoint(id).unwrap()
    }

    #[test]
    fn complete_input_has_nothing_unread() {
        let (analysis, _) = read(&format!("{PODS}{POLICY}"));
        assert!(analysis.incomplete.is_empty());
        assert!(!UnknownFlows::new(&analysis.incomplete, &analysis.cluster).any());
    }

    /// The scenario: a policy half-edited into a syntax error is not dropped silently.
    /// Flows into and out of its namespace are unknown; the others keep their verdicts.
    #[test]
    fn a_policy_that_does_not_parse_makes_its_namespace_unknown() {
        let broken = POLICY.replace("      app: web", "      app: web\n      tier: {web");
        let (analysis, sources) = read(&format!("{PODS}{broken}"));
        assert_eq!(analysis.incomplete.len(), 1, "{:?}", analysis.incomplete);
        let unread = &analysis.incomplete[0];
        assert_eq!(unread.scope, Scope::Namespace("dev".into()));
        assert_eq!(unread.kind.as_deref(), Some("NetworkPolicy"));
        assert_eq!(unread.name.as_deref(), Some("db-policy"));
        assert!(unread.message.en.starts_with("YAML syntax error"));
        assert!(unread.line > 20, "the line of the error: {}", unread.line);
        let unknown = UnknownFlows::new(&analysis.incomplete, &analysis.cluster);
        let (web, db, a, b) = (
            index(&analysis, "dev/web"),
            index(&analysis, "dev/db"),
            index(&analysis, "other/a"),
            index(&analysis, "other/b"),
        );
        assert!(unknown.unknown(a, db) && unknown.unknown(web, db) && unknown.unknown(db, a));
        assert!(unknown.unknown(a, web), "egress of dev pods is unknown too");
        assert!(!unknown.unknown(a, b) && !unknown.unknown(b, a));
        let why = why_unknown(
            &analysis.incomplete,
            &sources,
            &analysis.cluster.endpoints[a],
            &analysis.cluster.endpoints[db],
        )
        .unwrap();
        assert!(
            why.en.contains(&format!("m.yaml:{}", unread.line)),
            "{}",
            why.en
        );
        assert!(why.en.contains("namespace dev"), "{}", why.en);
        assert!(
            why_unknown(
                &analysis.incomplete,
                &sources,
                &analysis.cluster.endpoints[a],
                &analysis.cluster.endpoints[b],
            )
            .is_none()
        );
    }

    /// Representatives stand for pods: one of unknown namespace may be in the broken policy's
    /// namespace, an address outside the cluster is in none.
    #[test]
    fn a_pod_of_unknown_namespace_may_be_in_the_unread_namespace() {
        let broken = POLICY.replace("      app: web", "      app: web\n      tier: {web");
        let (mut analysis, _) = read(&format!("{PODS}{broken}"));
        let mut anywhere = analysis.cluster.endpoints[2].clone();
        anywhere.namespace = None;
        analysis.cluster.endpoints.push(anywhere);
        let outside = analysis
            .cluster
            .endpoint_or_external("203.0.113.7")
            .unwrap();
        let anywhere = analysis.cluster.endpoints.len() - 2;
        let unknown = UnknownFlows::new(&analysis.incomplete, &analysis.cluster);
        let b = index(&analysis, "other/b");
        assert!(unknown.unknown(anywhere, b), "it may be a pod of dev");
        assert!(!unknown.unknown(outside, b));
    }

    #[test]
    fn a_document_of_unknown_kind_makes_every_flow_unknown() {
        let broken = "---\napiVersion: networking.k8s.io/v1\nkind: {NetworkPolicy\n";
        let (analysis, _) = read(&format!("{PODS}{broken}"));
        assert_eq!(analysis.incomplete.len(), 1);
        assert_eq!(analysis.incomplete[0].scope, Scope::Everything);
        let unknown = UnknownFlows::new(&analysis.incomplete, &analysis.cluster);
        assert!(unknown.unknown(0, 1) && unknown.unknown(2, 3));
    }

    /// A policy cut off before its namespace: it could be in any namespace.
    #[test]
    fn a_policy_without_a_readable_namespace_makes_every_flow_unknown() {
        let broken = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec: {podSelector: {}\n";
        let (analysis, _) = read(&format!("{PODS}{broken}"));
        assert_eq!(analysis.incomplete[0].scope, Scope::Everything);
    }

    #[test]
    fn a_pod_that_does_not_parse_changes_no_flow_but_is_unread() {
        let broken = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: c\n  namespace: dev\n  labels: {app: [c\n";
        let (analysis, _) = read(&format!("{PODS}{POLICY}{broken}"));
        assert_eq!(analysis.incomplete.len(), 1);
        assert_eq!(analysis.incomplete[0].scope, Scope::Endpoints);
        assert!(!UnknownFlows::new(&analysis.incomplete, &analysis.cluster).any());
    }

    /// A policy the API server would refuse (a wrong type) is left out of evaluation: its
    /// namespace's flows are unknown.
    #[test]
    fn a_refused_policy_makes_its_namespace_unknown() {
        let refused = POLICY.replace("  ingress:", "  policyTypes: Ingress\n  ingress:");
        let (analysis, _) = read(&format!("{PODS}{refused}"));
        assert!(analysis.cluster.policies[0].rejected);
        assert_eq!(analysis.incomplete.len(), 1);
        assert_eq!(analysis.incomplete[0].scope, Scope::Namespace("dev".into()));
        assert_eq!(analysis.incomplete[0].manifest, Some(4));
    }

    /// A policy whose name the API server refuses is left out like one with a wrong field; its
    /// twin with a valid name is evaluated.
    #[test]
    fn a_policy_with_a_refused_name_is_rejected_and_unread() {
        let (analysis, _) = read(&format!("{PODS}{POLICY}"));
        assert!(!analysis.cluster.policies[0].rejected);
        let refused = POLICY.replace("name: db-policy", "name: DB_policy");
        let (analysis, _) = read(&format!("{PODS}{refused}"));
        assert!(analysis.cluster.policies[0].rejected);
        assert_eq!(analysis.incomplete.len(), 1);
        assert!(analysis.incomplete[0].message.en.contains("DB_policy"));
        // Left out: nothing isolates db.
        let reach = Reachability::compute(&analysis.cluster, &[FlowPort::tcp(80)]);
        let (a, db) = (index(&analysis, "other/a"), index(&analysis, "dev/db"));
        assert!(reach.allowed(a, db, 0));
    }

    #[test]
    fn one_entry_per_document() {
        let refused = POLICY.replace(
            "  ingress:",
            "  policyTypes: Ingress\n  egress: 3\n  ingress:",
        );
        let (analysis, _) = read(&format!("{PODS}{refused}"));
        assert_eq!(analysis.incomplete.len(), 1, "{:?}", analysis.incomplete);
    }

    #[test]
    fn guesses_read_block_and_flow_metadata() {
        let guess = Guess::read(
            "kind: NetworkPolicy # a comment\nmetadata:\n  labels:\n    namespace: x\n  namespace: \"dev\"\n  name: p\nspec: {\n",
        );
        assert_eq!(
            guess,
            Guess {
                kind: Some("NetworkPolicy".into()),
                name: Some("p".into()),
                namespace: Some("dev".into())
            }
        );
        let guess = Guess::read("kind: Namespace\nmetadata: {name: prod, labels: {a: [}\n");
        assert_eq!(guess.scope(), Scope::Namespace("prod".into()));
        assert_eq!(Guess::read("kind: PodList\n").scope(), Scope::Everything);
        assert_eq!(
            Guess::read("kind: NetworkPolicy\nmetadata: {namespace: Dev}\n").scope(),
            Scope::Everything
        );
    }
}
