//! `authorized-range-internet`: an authorized range that is the whole Internet.
//!
//! ## What it finds
//! `0.0.0.0/0` (any range of prefix length 0) among the authorized ranges.
//!
//! ## Why it matters
//! Every address may reach the API server, as with no authorized ranges: the setting guards
//! nothing.
//!
//! ## Fix
//! None: the addresses to allow are the writer's.
//!
//! ## Source
//! AKS "Secure access to the API server using authorized IP address ranges"; the az CLI
//! (`validate_ip_ranges`) accepts `0.0.0.0/0`, which is global.

use super::{Report, authorized_ranges, is_special};
use crate::codes::Code;
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
        if is_special(range) || net.prefix_len() != 0 {
            continue;
        }
        report.add(
            Code::AuthorizedRangeInternet,
            cidr.span,
            text!(
                "authorized range {0} is the whole Internet: every address may reach the API server, as with no authorized ranges",
                "承認済み IP 範囲 {0} はインターネット全体です。承認済み IP 範囲がない場合と同じく、すべてのアドレスが API サーバーに到達できます",
                cidr.text
            ),
            &[&cidr.text],
            None,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    AuthorizedRangeInternet,
    "authorized-range-internet",
    "yaml"
);
