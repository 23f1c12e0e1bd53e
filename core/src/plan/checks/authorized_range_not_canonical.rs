//! `authorized-range-not-canonical`: an authorized range that does not start at its first
//! address.
//!
//! ## What it finds
//! An authorized range with host bits set, such as `137.117.106.90/29`.
//!
//! ## Why it matters
//! AKS reads it as its network (`137.117.106.88/29`), which may not be the block the writer
//! meant to allow.
//!
//! ## Fix (safe: the meaning does not change)
//! Writes the network address the range already means.
//!
//! ## Source
//! AKS "Secure access to the API server using authorized IP address ranges": a range must start at its
//! first address; the page's own example, 137.117.106.90/29, means 137.117.106.88/29.

use super::{Report, authorized_ranges, is_special, use_title};
use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::plan::model::AuthorizedRange;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(ranges) = authorized_ranges(report.plan) else {
        return;
    };
    for range in ranges {
        let AuthorizedRange::Range(cidr) = range else {
            continue;
        };
        let Some(net) = cidr.net else {
            continue;
        };
        if is_special(range) || net.trunc() == net {
            continue;
        }
        let network = net.trunc().to_string();
        report.add(
            Code::AuthorizedRangeNotCanonical,
            cidr.span,
            text!(
                "authorized range {0} does not start at its first address: it means {1}",
                "承認済み IP 範囲 {0} が範囲の先頭アドレスから始まっていません。これは {1} を意味します",
                cidr.text,
                network
            ),
            &[&cidr.text],
            Some(Fix::safe_edits(
                use_title(&network),
                vec![Edit::replace(cidr.span, network.clone())],
            )),
        );
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    AuthorizedRangeNotCanonical,
    "authorized-range-not-canonical",
    "yaml"
);
