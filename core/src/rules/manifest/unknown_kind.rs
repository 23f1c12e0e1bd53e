//! `manifest-unknown-kind`: an object of a kind aksnet does not analyse (a `ConfigMap`, a
//! `CiliumNetworkPolicy`, ...). It is listed and skipped.
//!
//! ## Why it matters
//! Policies of other engines (Cilium, Calico) also filter traffic; saying they were skipped keeps
//! the answer from claiming more than it read.
//!
//! ## Source
//! - Kubernetes, "Objects In Kubernetes". <https://kubernetes.io/docs/concepts/overview/working-with-objects/>
//! - AKS, "Secure traffic between pods by using network policies".
//!   <https://learn.microsoft.com/azure/aks/use-network-policies>
//!
//! Page: docs/rules/manifest-unknown-kind.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::ManifestUnknownKind;

pub(crate) fn not_analysed(kind: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "{0} is not analysed by aksnet; it is skipped",
            "{0} は aksnet の分析対象ではないため、スキップされます",
            kind
        ),
    )
}
