//! Typed reading of an object's fields, turning every wrong type or value into a finding that
//! names the field's path, its line and the object.

use crate::codes::Code;
use crate::finding::Finding;
use crate::rules::manifest::invalid_field;
use crate::rules::violation::Violation;
use crate::span::Span;
use crate::text::Text;
use crate::yaml::{Entry, Node, Value};

/// Reads fields of one object and collects what is wrong with them.
pub struct FieldReader<'f> {
    file: usize,
    object: String,
    findings: &'f mut Vec<Finding>,
    /// Set when a finding means Kubernetes would refuse the object.
    pub rejected: bool,
}

impl<'f> FieldReader<'f> {
    pub fn new(file: usize, object: String, findings: &'f mut Vec<Finding>) -> Self {
        Self {
            file,
            object,
            findings,
            rejected: false,
        }
    }

    pub fn object(&self) -> &str {
        &self.object
    }

    /// Reports a finding on this object. Error-severity findings mark the object rejected.
    pub fn report(&mut self, code: Code, span: Span, message: Text) {
        if code.severity() == crate::Severity::Error {
            self.rejected = true;
        }
        self.findings.push(
            Finding::new(code, self.file, span, message).with_object(Some(self.object.clone())),
        );
    }

    /// Reports a violation, worded by its code's module, on this object.
    pub(crate) fn raise(&mut self, span: Span, violation: Violation) {
        self.report(violation.code, span, violation.message);
    }

    fn wrong_type(&mut self, node: &Node, path: &str, expected: &Text) {
        self.raise(
            node.span,
            invalid_field::wrong_type(&path, expected, &node.type_name()),
        );
    }

    /// The mapping under `key`; absent and null read as `None`.
    pub fn map<'n>(&mut self, node: &'n Node, key: &str, path: &str) -> Option<&'n Node> {
        let value = node.get(key)?;
        match value.value {
            Value::Map(_) => Some(value),
            Value::Null => None,
            _ => {
                self.wrong_type(value, path, &Text::new("a mapping", "マッピング"));
                None
            }
        }
    }

    /// The list under `key`; `None` when absent or null, so callers can tell `[]` from absence.
    pub fn list<'n>(&mut self, node: &'n Node, key: &str, path: &str) -> Option<&'n [Node]> {
        let value = node.get(key)?;
        match &value.value {
            Value::Seq(items) => Some(items),
            Value::Null => None,
            _ => {
                self.wrong_type(value, path, &Text::new("a list", "リスト"));
                None
            }
        }
    }

    pub fn string<'n>(&mut self, node: &'n Node, key: &str, path: &str) -> Option<&'n str> {
        let value = node.get(key)?;
        match &value.value {
            Value::Str(s) => Some(s),
            Value::Null => None,
            _ => {
                self.wrong_type(value, path, &Text::new("a string", "文字列"));
                None
            }
        }
    }

    pub fn bool(&mut self, node: &Node, key: &str, path: &str) -> Option<bool> {
        let value = node.get(key)?;
        match value.value {
            Value::Bool(b) => Some(b),
            Value::Null => None,
            _ => {
                self.wrong_type(
                    value,
                    path,
                    &Text::new("true or false", "true または false"),
                );
                None
            }
        }
    }

    pub fn int(&mut self, node: &Node, key: &str, path: &str) -> Option<i64> {
        let value = node.get(key)?;
        match value.value {
            Value::Int(i) => Some(i),
            Value::Null => None,
            _ => {
                self.wrong_type(value, path, &Text::new("an integer", "整数"));
                None
            }
        }
    }

    /// A `map[string]string` such as labels; values that YAML reads as numbers or booleans are
    /// reported, as the API server refuses them.
    pub fn string_map(&mut self, node: &Node, key: &str, path: &str) -> Vec<(String, String)> {
        let Some(map) = self.map(node, key, path) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for Entry { key, value } in map.entries().unwrap_or_default() {
            let Some(k) = key.as_str() else {
                self.wrong_type(
                    key,
                    path,
                    &Text::new("a mapping with string keys", "文字列キーのマッピング"),
                );
                continue;
            };
            match &value.value {
                Value::Str(v) => out.push((k.to_owned(), v.clone())),
                Value::Null => out.push((k.to_owned(), String::new())),
                _ => self.raise(
                    value.span,
                    invalid_field::unquoted_string(&path, &k, &value.type_name()),
                ),
            }
        }
        out
    }
}
