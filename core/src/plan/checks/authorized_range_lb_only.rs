//! `authorized-range-lb-only`: `0.0.0.0/32` as the only authorized range.
//!
//! ## What it finds
//! `--api-server-authorized-ip-ranges 0.0.0.0/32`.
//!
//! ## Why it matters
//! Only the cluster's load balancer outbound IPs reach the API server: no administrator or
//! pipeline can, which is seldom what the writer meant (a note, not an error).
//!
//! ## Fix
//! None: the addresses to add are the writer's.
//!
//! ## Source
//! AKS "Secure access to the API server using authorized IP address ranges": `0.0.0.0/32` allows only the
//! cluster's load balancer outbound IPs.

use super::{Report, authorized_ranges, is_special};
use crate::codes::Code;
use crate::plan::model::AuthorizedRange;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(ranges) = authorized_ranges(report.plan) else {
        return;
    };
    // With other ranges: authorized-range-special-mixed.
    if ranges.len() > 1 {
        return;
    }
    if let Some(AuthorizedRange::Range(cidr)) = ranges.iter().find(|r| is_special(r)) {
        report.add(
            Code::AuthorizedRangeLoadBalancerOnly,
            cidr.span,
            text!(
                "0.0.0.0/32: only the cluster's load balancer outbound IPs reach the API server",
                "0.0.0.0/32: API サーバーに到達できるのは、クラスターのロード バランサーの送信 IP だけです"
            ),
            &[&cidr.text],
            None,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    AuthorizedRangeLoadBalancerOnly,
    "authorized-range-lb-only",
    "yaml"
);
