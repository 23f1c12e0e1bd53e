//! Labels and label selectors, as `metav1.LabelSelector` defines them.

use std::collections::BTreeMap;
use std::fmt;

use crate::fields::FieldReader;
use crate::rules::netpol::invalid_selector;
use crate::span::Span;
use crate::yaml::Node;

pub type Labels = BTreeMap<String, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// One requirement; `matchLabels` entries become `In` with one value, as Kubernetes converts them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Requirement {
    pub key: String,
    pub operator: Operator,
    pub values: Vec<String>,
}

impl Requirement {
    fn matches(&self, labels: &Labels) -> bool {
        let value = labels.get(&self.key);
        match self.operator {
            Operator::In => value.is_some_and(|v| self.values.contains(v)),
            // NotIn and DoesNotExist also match objects that lack the key.
            Operator::NotIn => value.is_none_or(|v| !self.values.contains(v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
        }
    }
}

/// A label selector. The empty selector matches everything.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LabelSelector {
    pub requirements: Vec<Requirement>,
    pub span: Span,
}

impl LabelSelector {
    pub fn matches(&self, labels: &Labels) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }

    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// The keys this selector looks at.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.requirements.iter().map(|r| r.key.as_str())
    }

    /// Reads the selector at `node[key]`. `None` when it is absent or invalid (then reported).
    pub fn read(reader: &mut FieldReader<'_>, node: &Node, key: &str, path: &str) -> Option<Self> {
        let selector = reader.map(node, key, path)?;
        let mut requirements: Vec<Requirement> = reader
            .string_map(selector, "matchLabels", &format!("{path}.matchLabels"))
            .into_iter()
            .map(|(key, value)| Requirement {
                key,
                operator: Operator::In,
                values: vec![value],
            })
            .collect();
        let mut valid = true;
        let expressions_path = format!("{path}.matchExpressions");
        for expression in reader
            .list(selector, "matchExpressions", &expressions_path)
            .unwrap_or_default()
        {
            match read_requirement(reader, expression, &expressions_path) {
                Some(requirement) => requirements.push(requirement),
                None => valid = false,
            }
        }
        valid.then_some(LabelSelector {
            requirements,
            span: selector.span,
        })
    }
}

fn read_requirement(reader: &mut FieldReader<'_>, node: &Node, path: &str) -> Option<Requirement> {
    let Some(key) = reader.string(node, "key", &format!("{path}.key")) else {
        reader.raise(node.span, invalid_selector::requirement_without_key(&path));
        return None;
    };
    let operator_text = reader.string(node, "operator", &format!("{path}.operator"));
    let operator = match operator_text {
        Some("In") => Operator::In,
        Some("NotIn") => Operator::NotIn,
        Some("Exists") => Operator::Exists,
        Some("DoesNotExist") => Operator::DoesNotExist,
        other => {
            let at = node.get("operator").map_or(node.span, |o| o.span);
            let message = match other {
                Some(op) => invalid_selector::unknown_operator(&op),
                None => invalid_selector::operator_missing(&key),
            };
            reader.raise(at, message);
            return None;
        }
    };
    let values_node = node.get("values");
    let values: Vec<String> = values_node
        .and_then(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let needs_values = matches!(operator, Operator::In | Operator::NotIn);
    let at = values_node.map_or(node.span, |v| v.span);
    if needs_values && values.is_empty() {
        reader.raise(at, invalid_selector::values_needed(&key, &operator));
        return None;
    }
    if !needs_values && !values.is_empty() {
        reader.raise(at, invalid_selector::values_forbidden(&key, &operator));
        return None;
    }
    Some(Requirement {
        key: key.to_owned(),
        operator,
        values,
    })
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Operator::In => "In",
            Operator::NotIn => "NotIn",
            Operator::Exists => "Exists",
            Operator::DoesNotExist => "DoesNotExist",
        })
    }
}

/// kubectl's selector syntax: `app=web,tier in (a,b),!legacy`.
impl fmt::Display for LabelSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.requirements.is_empty() {
            return f.write_str("{}");
        }
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            match (r.operator, r.values.as_slice()) {
                (Operator::In, [one]) => write!(f, "{}={one}", r.key)?,
                (Operator::In, values) => write!(f, "{} in ({})", r.key, values.join(","))?,
                (Operator::NotIn, values) => write!(f, "{} notin ({})", r.key, values.join(","))?,
                (Operator::Exists, _) => write!(f, "{}", r.key)?,
                (Operator::DoesNotExist, _) => write!(f, "!{}", r.key)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;
    use crate::yaml::{Limits, parse};

    fn selector(text: &str) -> (Option<LabelSelector>, Vec<crate::Finding>) {
        let (docs, _) = parse(text, 0, Limits::default());
        let mut findings = Vec::new();
        let mut reader = FieldReader::new(0, "x".into(), &mut findings);
        let s = LabelSelector::read(&mut reader, &docs[0].root, "s", "s");
        (s, findings)
    }

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn match_labels_and_expressions_are_anded() {
        let (s, f) = selector(
            "s:\n  matchLabels: {app: web}\n  matchExpressions:\n  - {key: tier, operator: In, values: [a, b]}\n",
        );
        assert!(f.is_empty());
        let s = s.unwrap();
        assert!(s.matches(&labels(&[("app", "web"), ("tier", "b")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "c")])));
        assert!(!s.matches(&labels(&[("tier", "a")])));
        assert_eq!(s.to_string(), "app=web,tier in (a,b)");
    }

    #[test]
    fn not_in_and_does_not_exist_match_missing_keys() {
        let (s, _) =
            selector("s:\n  matchExpressions:\n  - {key: env, operator: NotIn, values: [prod]}\n");
        let s = s.unwrap();
        assert!(s.matches(&labels(&[])));
        assert!(s.matches(&labels(&[("env", "dev")])));
        assert!(!s.matches(&labels(&[("env", "prod")])));
        let (s, _) = selector("s:\n  matchExpressions:\n  - {key: env, operator: DoesNotExist}\n");
        let s = s.unwrap();
        assert!(s.matches(&labels(&[])));
        assert!(!s.matches(&labels(&[("env", "")])));
        let (s, _) = selector("s:\n  matchExpressions:\n  - {key: env, operator: Exists}\n");
        assert!(s.unwrap().matches(&labels(&[("env", "")])));
    }

    #[test]
    fn the_empty_selector_matches_everything() {
        let (s, _) = selector("s: {}\n");
        let s = s.unwrap();
        assert!(s.is_empty());
        assert!(s.matches(&labels(&[("any", "thing")])));
    }

    #[test]
    fn invalid_requirements_are_findings() {
        for (text, message) in [
            (
                "s:\n  matchExpressions:\n  - {key: a, operator: Equals, values: [x]}\n",
                "unknown selector operator `Equals`",
            ),
            (
                "s:\n  matchExpressions:\n  - {key: a, operator: In}\n",
                "needs at least one value",
            ),
            (
                "s:\n  matchExpressions:\n  - {key: a, operator: Exists, values: [x]}\n",
                "must have no values",
            ),
            (
                "s:\n  matchExpressions:\n  - {operator: Exists}\n",
                "has no `key`",
            ),
        ] {
            let (s, findings) = selector(text);
            assert!(s.is_none(), "{text}");
            assert_eq!(findings.len(), 1, "{text}");
            assert_eq!(findings[0].code, Code::NpInvalidSelector);
            assert!(
                findings[0].message.contains(message),
                "{}",
                findings[0].message
            );
        }
    }

    #[test]
    fn label_values_that_yaml_reads_as_booleans_are_findings() {
        let (s, findings) = selector("s:\n  matchLabels: {enabled: on}\n");
        assert!(s.is_some());
        assert_eq!(findings[0].code, Code::ManifestInvalidField);
        assert!(findings[0].message.contains("quote it"));
    }
}
