//! `authorized-range-special-mixed`: `""` or `0.0.0.0/32` among other authorized ranges.
//!
//! ## What it finds
//! `""` (authorized ranges off) or `0.0.0.0/32` (only the load balancer's outbound IPs) listed
//! with other ranges.
//!
//! ## Why it matters
//! Each means something only on its own: with company, AKS refuses the setting.
//!
//! ## Fix
//! None: whether the special value or the other ranges are meant is the writer's choice.
//!
//! ## Source
//! AKS "Secure access to the API server using authorized IP address ranges": `0.0.0.0/32` allows only the
//! cluster's load balancer outbound IPs; `""` turns the feature off.

use super::{Report, authorized_ranges, is_special};
use crate::codes::Code;
use crate::plan::model::AuthorizedRange;
use crate::text::Text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(ranges) = authorized_ranges(report.plan) else {
        return;
    };
    let special = ranges.iter().find(|r| is_special(r));
    if let Some(special) = special
        && ranges.len() > 1
    {
        let message = match special {
            AuthorizedRange::Empty(_) => Text::new(
                "\"\" turns authorized ranges off and cannot be combined with other ranges",
                "\"\" は承認済み IP 範囲を無効にするもので、他の範囲と組み合わせることはできません",
            ),
            _ => Text::new(
                "0.0.0.0/32 allows only the load balancer's outbound IPs and cannot be combined with other ranges",
                "0.0.0.0/32 はロード バランサーの送信 IP だけを許可するもので、他の範囲と組み合わせることはできません",
            ),
        };
        report.add(
            Code::AuthorizedRangeSpecialMixed,
            special.span(),
            message,
            &[&special.text()],
            None,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    AuthorizedRangeSpecialMixed,
    "authorized-range-special-mixed",
    "yaml"
);
