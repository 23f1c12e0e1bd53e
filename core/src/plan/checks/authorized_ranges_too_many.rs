//! `authorized-ranges-too-many`: more API server authorized IP ranges than AKS accepts.
//!
//! ## What it finds
//! More than 200 ranges in `--api-server-authorized-ip-ranges`.
//!
//! ## Why it matters
//! AKS refuses the setting.
//!
//! ## Fix
//! None: which ranges to join or drop is the writer's choice.
//!
//! ## Source
//! AKS "Secure access to the API server using authorized IP address ranges": at most 200 ranges.

use super::{Report, authorized_ranges};
use crate::codes::Code;
use crate::text;

const MAX_RANGES: usize = 200;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(ranges) = authorized_ranges(report.plan) else {
        return;
    };
    let Some(first) = ranges.first() else {
        return;
    };
    if ranges.len() > MAX_RANGES {
        report.add(
            Code::AuthorizedRangesTooMany,
            first.span(),
            text!(
                "{0} authorized IP ranges: AKS accepts at most {1}",
                "承認済み IP 範囲が {0} 個あります。AKS で指定できるのは {1} 個までです",
                ranges.len(),
                MAX_RANGES
            ),
            &[],
            None,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    AuthorizedRangesTooMany,
    "authorized-ranges-too-many",
    "yaml"
);
