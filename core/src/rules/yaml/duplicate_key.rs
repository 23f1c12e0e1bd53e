//! `yaml-duplicate-key`: a mapping that gives one key twice.
//!
//! ## Why it matters
//! YAML requires unique keys and the API server rejects duplicate fields under strict field
//! validation (kubectl's default); a parser that keeps the last value hides the first.
//!
//! ## Source
//! - YAML 1.2.2, "Mapping". <https://yaml.org/spec/1.2.2/#mapping>
//! - Kubernetes, "API Concepts", "Field validation".
//!   <https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation>
//!
//! Page: docs/rules/yaml-duplicate-key.md.

use crate::text;
use crate::text::{Arg, Text};

/// "duplicate key `{0}`: Kubernetes rejects the manifest"
pub(crate) fn duplicate_key(text: &(impl Arg + ?Sized)) -> Text {
    text!(
        "duplicate key `{0}`: Kubernetes rejects the manifest",
        "キー `{0}` が重複しています。Kubernetes はこのマニフェストを拒否します",
        text
    )
}
