//! What each `migrate-*` module is given to word its finding: the policy, its source, the field
//! at fault and the flows it changes; and what their messages and fixes share.

use crate::cluster::Service;
use crate::fix::Edit;
use crate::labels::{LabelSelector, Labels, Operator};
use crate::manifest::Manifest;
use crate::policy::{Policy, PolicySide};
use crate::span::Span;
use crate::text;
use crate::text::Text;
use crate::yaml::Node;

use super::ChangedFlow;
use super::attribute::Field;

/// How many changed flows a finding names before it counts the rest.
pub(super) const EXAMPLES: usize = 3;

/// One policy's part in one scenario of the guide.
pub(super) struct Case<'a> {
    pub policy: &'a Policy,
    pub manifest: &'a Manifest,
    /// The source text the policy was read from.
    pub text: &'a str,
    pub side: PolicySide,
    pub rule: usize,
    pub field: Field,
    /// The first few flows it changes, and how many there are.
    pub examples: Vec<ChangedFlow>,
    pub count: usize,
    /// The first few endpoints of those flows whose address is assumed in AKS's default pod CIDR
    /// (what `migrate-ipblock-pods` rests on): the input gives them none.
    pub assumed_pods: Vec<String>,
    /// The nodes are assumed: the input lists none.
    pub assumed_nodes: bool,
    /// For `migrate-lb-ingress`: the Services the flows enter through.
    pub services: Vec<&'a Service>,
    /// For `migrate-lb-ingress`: the outside sources (`--external`), or none when assumed.
    pub external: &'a [String],
}

impl Case<'_> {
    /// The side's rule at fault.
    pub fn rule_node(&self) -> Option<&Node> {
        self.manifest
            .node
            .path(&["spec", self.side.as_str()])?
            .items()?
            .get(self.rule)
    }

    /// The peer or port item at fault.
    pub fn field_node(&self) -> Option<&Node> {
        let (key, index) = match (self.field, self.side) {
            (Field::Peer(index), PolicySide::Egress) => ("to", index),
            (Field::Peer(index), PolicySide::Ingress) => ("from", index),
            (Field::Port(index), _) => ("ports", index),
            (Field::Side, _) => return None,
        };
        self.rule_node()?.get(key)?.items()?.get(index)
    }

    /// Where the finding points: the field at fault, else the side's rules, `policyTypes` or the
    /// policy.
    pub fn span(&self) -> Span {
        if let Some(node) = self.field_node() {
            return node.span;
        }
        let spec = self.manifest.node.get("spec");
        spec.and_then(|s| s.get(self.side.as_str()))
            .or_else(|| spec.and_then(|s| s.get("policyTypes")))
            .or(spec)
            .map_or(self.policy.span, |n| n.span)
    }

    /// "✓→✗ a → b 80/TCP, ... and 3 more", the flows it changes.
    pub fn flows_text(&self) -> Text {
        let named: Vec<String> = self
            .examples
            .iter()
            .map(|f| {
                format!(
                    "{}→{} {} → {} {}",
                    mark(f.before),
                    mark(f.after),
                    f.from,
                    f.to,
                    f.port
                )
            })
            .collect();
        let list = named.join(", ");
        let rest = self.count.saturating_sub(self.examples.len());
        let mut text = Text::same(list);
        if rest > 0 {
            text = text!("{0} and {1} more", "{0} ほか {1} 件", text, rest);
        }
        text
    }
}

fn mark(allowed: bool) -> &'static str {
    if allowed { "✓" } else { "✗" }
}

/// An edit that appends `document` as a new document at the end of `text`.
pub(super) fn append_document(text: &str, document: &str) -> Edit {
    let separator = if text.is_empty() || crate::yaml_edit::ends_with_line_break(text) {
        ""
    } else {
        "\n"
    };
    Edit::insert(text.len(), format!("{separator}---\n{document}"))
}

/// `text` as a double-quoted YAML scalar.
pub(super) fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Labels as a flow mapping, `{"app": "web"}`.
pub(super) fn flow_labels(labels: &Labels) -> String {
    let entries: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{}: {}", quoted(k), quoted(v)))
        .collect();
    format!("{{{}}}", entries.join(", "))
}

/// A label selector in flow style, as a `CiliumNetworkPolicy`'s `endpointSelector` takes it.
pub(super) fn flow_selector(selector: &LabelSelector) -> String {
    let mut labels = Vec::new();
    let mut expressions = Vec::new();
    for requirement in &selector.requirements {
        let operator = match requirement.operator {
            Operator::In => "In",
            Operator::NotIn => "NotIn",
            Operator::Exists => "Exists",
            Operator::DoesNotExist => "DoesNotExist",
        };
        let values: Vec<String> = requirement.values.iter().map(|v| quoted(v)).collect();
        expressions.push(format!(
            "{{key: {}, operator: {operator}, values: [{}]}}",
            quoted(&requirement.key),
            values.join(", ")
        ));
        if let ([value], Operator::In) = (requirement.values.as_slice(), requirement.operator) {
            labels.push(format!("{}: {}", quoted(&requirement.key), quoted(value)));
        }
    }
    if expressions.is_empty() {
        "{}".to_owned()
    } else if labels.len() == expressions.len() {
        format!("{{matchLabels: {{{}}}}}", labels.join(", "))
    } else {
        format!("{{matchExpressions: [{}]}}", expressions.join(", "))
    }
}

/// A name for a new object derived from `base`: lowercase, within the 253 characters of a
/// DNS subdomain name.
pub(super) fn object_name(base: &str, suffix: &str) -> String {
    let keep = 253usize.saturating_sub(suffix.len() + 1);
    let base: String = base.chars().take(keep).collect();
    format!("{}-{suffix}", base.trim_end_matches(['-', '.']))
}
