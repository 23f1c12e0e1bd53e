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

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::YamlDuplicateKey;

pub(crate) fn duplicate_key(key: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "duplicate key `{0}`: Kubernetes rejects the manifest",
            "キー `{0}` が重複しています。Kubernetes はこのマニフェストを拒否します",
            key
        ),
    )
}
