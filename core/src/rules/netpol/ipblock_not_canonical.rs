//! `np-ipblock-not-canonical`: an `ipBlock` CIDR with host bits set (`10.240.0.1/16`).
//!
//! ## Why it matters
//! Kubernetes reads it as the network (`10.240.0.0/16`), a wider range than the address the
//! author may have meant; newer API servers warn about it.
//!
//! ## Source
//! - Kubernetes API reference, `IPBlock.cidr`.
//!   <https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/>
//! - KEP-4858, "IP/CIDR validation improvements". <https://github.com/kubernetes/enhancements/issues/4858>
//!
//! Page: docs/rules/np-ipblock-not-canonical.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::NpIpblockNotCanonical;

pub(crate) fn host_bits(net: &(impl Arg + ?Sized), network: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "{0} has host bits set; it means {1}",
            "{0} にはホスト ビットが設定されています。これは {1} を意味します",
            net,
            network
        ),
    )
}
