//! `np-invalid-selector`: a `matchExpressions` requirement the API server refuses (no key, an
//! unknown operator, values with `Exists`/`DoesNotExist` or none with `In`/`NotIn`).
//!
//! ## Why it matters
//! The policy is refused as a whole: none of its rules apply, whatever the rest says.
//!
//! ## Source
//! - Kubernetes API reference, `LabelSelector` and `LabelSelectorRequirement`.
//!   <https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/>
//! - Kubernetes, "Labels and Selectors", "Set-based requirement".
//!   <https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#set-based-requirement>
//!
//! Page: docs/rules/np-invalid-selector.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::NpInvalidSelector;

pub(crate) fn requirement_without_key(path: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "an item of `{0}` has no `key`",
            "`{0}` の項目に `key` がありません",
            path
        ),
    )
}

pub(crate) fn values_needed(
    key: &(impl Arg + ?Sized),
    operator: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` with {1} needs at least one value",
            "{1} を使用する `{0}` には少なくとも 1 つの値が必要です",
            key,
            operator
        ),
    )
}

pub(crate) fn values_forbidden(
    key: &(impl Arg + ?Sized),
    operator: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` with {1} must have no values",
            "{1} を使用する `{0}` には値を指定できません",
            key,
            operator
        ),
    )
}

pub(crate) fn unknown_operator(operator: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "unknown selector operator `{0}`: use In, NotIn, Exists or DoesNotExist",
            "セレクターの演算子 `{0}` は不明です。In、NotIn、Exists、DoesNotExist のいずれかを使用してください",
            operator
        ),
    )
}

pub(crate) fn operator_missing(key: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "the requirement on `{0}` has no operator",
            "`{0}` の条件に演算子 (operator) がありません",
            key
        ),
    )
}
