//! `authorized-ranges-private-cluster`: authorized IP ranges on a private cluster.
//!
//! ## What it finds
//! A private cluster (`--enable-private-cluster`) with API server authorized IP ranges other
//! than `""` (off).
//!
//! ## Why it matters
//! A private cluster's API server has no public endpoint for the ranges to guard; AKS refuses
//! the combination.
//!
//! ## Fix
//! None: either the cluster is private or its public endpoint is limited, the writer decides.
//!
//! ## Source
//! AKS "Secure access to the API server using authorized IP address ranges": the feature is not available with a private cluster.

use super::{Report, authorized_ranges};
use crate::codes::Code;
use crate::plan::model::AuthorizedRange;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(ranges) = authorized_ranges(report.plan) else {
        return;
    };
    let (Some(cluster), Some(first)) = (&report.plan.cluster, ranges.first()) else {
        return;
    };
    let turned_off = ranges
        .iter()
        .all(|r| matches!(r, AuthorizedRange::Empty(_)));
    if cluster.is_private() && !turned_off {
        report.add(
            Code::AuthorizedRangesPrivateCluster,
            first.span(),
            text!(
                "authorized IP ranges cannot be used with a private cluster: its API server has no public endpoint",
                "承認済み IP 範囲はプライベート クラスターでは使用できません。プライベート クラスターの API サーバーにはパブリック エンドポイントがありません"
            ),
            &[],
            None,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    AuthorizedRangesPrivateCluster,
    "authorized-ranges-private-cluster",
    "yaml"
);
