//! `np-ipblock-except-outside`: an `ipBlock.except` range that is not inside the block's `cidr`.
//!
//! ## Why it matters
//! The API server rejects the policy ("Except values will be rejected if they are outside the
//! cidr range").
//!
//! ## Source
//! - Kubernetes API reference, `IPBlock.except`.
//!   <https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/>
//! - Kubernetes, "Network Policies", `ipBlock`.
//!   <https://kubernetes.io/docs/concepts/services-networking/network-policies/>
//!
//! Page: docs/rules/np-ipblock-except-outside.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::NpIpblockExceptOutside;

pub(crate) fn except_outside(range: &(impl Arg + ?Sized), cidr: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "except range {0} is not inside {1}",
            "except の範囲 {0} が {1} の内側にありません",
            range,
            cidr
        ),
    )
}
