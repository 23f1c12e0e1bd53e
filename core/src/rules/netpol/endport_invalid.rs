//! `np-endport-invalid`: an `endPort` the API server refuses (below `port`, with a named or
//! missing `port`, outside 1-65535).
//!
//! ## Why it matters
//! The policy is refused as a whole.
//!
//! ## Source
//! - Kubernetes, "Network Policies", "Targeting a range of ports".
//!   <https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-range-of-ports>
//! - Kubernetes API reference, `NetworkPolicyPort.endPort`.
//!   <https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/>
//!
//! Page: docs/rules/np-endport-invalid.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::NpEndportInvalid;

pub(crate) fn below_port(end: &(impl Arg + ?Sized), port: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "endPort {0} is below port {1}",
            "endPort {0} が port {1} より小さくなっています",
            end,
            port
        ),
    )
}

pub(crate) fn named_port() -> Violation {
    Violation::new(
        CODE,
        text!(
            "endPort cannot be used with a named port",
            "名前付きポートには endPort を使用できません"
        ),
    )
}

pub(crate) fn port_missing() -> Violation {
    Violation::new(
        CODE,
        text!(
            "endPort needs a numeric `port`",
            "endPort には数値の `port` が必要です"
        ),
    )
}

pub(crate) fn out_of_range(end: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "endPort {0} is outside 1-65535",
            "endPort {0} が 1-65535 の範囲外です",
            end
        ),
    )
}
