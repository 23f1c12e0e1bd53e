//! `authorized-range-private`: an authorized range that is not public IPv4 address space.
//!
//! ## What it finds
//! An authorized range lying inside a private or reserved block (10.0.0.0/8, 100.64.0.0/10,
//! loopback, link-local, documentation ranges, ...) or an IPv6 range. A range that merely
//! contains one, such as `0.0.0.0/0`, is global.
//!
//! ## Why it matters
//! The API server's public endpoint only sees public IPv4 source addresses, so the range allows
//! no one; the az CLI refuses it.
//!
//! ## Fix
//! None: the public address of the clients is the writer's.
//!
//! ## Source
//! AKS "Secure access to the API server using authorized IP address ranges"; the az CLI
//! (`validate_ip_ranges`) refuses IPv6 ranges and ranges that are not global, that is ranges
//! lying inside a private or reserved block.

use ipnet::IpNet;

use super::{Report, authorized_ranges, is_special};
use crate::codes::Code;
use crate::plan::model::AuthorizedRange;
use crate::text;
use crate::text::Text;

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
        // The whole Internet: authorized-range-internet.
        if is_special(range) || net.prefix_len() == 0 {
            continue;
        }
        if let Some(reason) = not_public(&net) {
            report.add(
                Code::AuthorizedRangePrivate,
                cidr.span,
                text!(
                    "authorized range {0} is {1}: the API server's public endpoint only sees public IPv4 addresses, and the az CLI refuses it",
                    "承認済み IP 範囲 {0} は {1} です。API サーバーのパブリック エンドポイントにはパブリック IPv4 アドレスしか届かず、az CLI もこの範囲を拒否します",
                    cidr.text,
                    reason
                ),
                &[&cidr.text],
                None,
            );
        }
    }
}

/// Why a range cannot be a public client address: the az CLI accepts only globally routable
/// IPv4 ranges, and refuses a range that lies inside a private or reserved block.
fn not_public(net: &IpNet) -> Option<Text> {
    const SPECIAL: &[(&str, &str, &str)] = &[
        ("10.0.0.0/8", "a private range", "プライベート範囲"),
        ("172.16.0.0/12", "a private range", "プライベート範囲"),
        ("192.168.0.0/16", "a private range", "プライベート範囲"),
        (
            "100.64.0.0/10",
            "shared address space (carrier-grade NAT)",
            "共有アドレス空間 (キャリアグレード NAT)",
        ),
        ("127.0.0.0/8", "loopback", "ループバック"),
        ("169.254.0.0/16", "link-local", "リンクローカル"),
        (
            "0.0.0.0/8",
            "the \"this network\" block",
            "\"this network\" ブロック",
        ),
        (
            "192.0.0.0/24",
            "reserved for protocol assignments",
            "プロトコル割り当て用に予約された範囲",
        ),
        (
            "192.0.2.0/24",
            "a documentation range",
            "ドキュメント用の範囲",
        ),
        (
            "198.51.100.0/24",
            "a documentation range",
            "ドキュメント用の範囲",
        ),
        (
            "203.0.113.0/24",
            "a documentation range",
            "ドキュメント用の範囲",
        ),
        (
            "198.18.0.0/15",
            "reserved for benchmarking",
            "ベンチマーク用に予約された範囲",
        ),
        ("224.0.0.0/4", "multicast", "マルチキャスト"),
        ("240.0.0.0/4", "reserved", "予約済みの範囲"),
    ];
    if let IpNet::V6(_) = net {
        return Some(Text::same("IPv6"));
    }
    SPECIAL.iter().find_map(|(range, en, ja)| {
        let special: IpNet = range.parse().ok()?;
        special.contains(net).then(|| Text::new(*en, *ja))
    })
}

#[cfg(test)]
fixture_pair_test!(
    check,
    AuthorizedRangePrivate,
    "authorized-range-private",
    "yaml"
);
