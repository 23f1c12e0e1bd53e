//! API server authorized IP ranges: `authorized-ranges-too-many`,
//! `authorized-ranges-private-cluster`, `authorized-range-not-canonical`,
//! `authorized-range-special-mixed`, `authorized-range-private`, `authorized-range-lb-only`,
//! `authorized-range-internet` and `service-tag-multiple`.
//!
//! Source: AKS "Secure access to the API server using authorized IP address ranges": at most 200
//! ranges; not available with a private cluster; a range must start at its first address (the
//! page's own example, 137.117.106.90/29, means 137.117.106.88/29); `0.0.0.0/32` allows only
//! the cluster's load balancer outbound IPs; `""` turns the feature off; one service tag at most.
//! The az CLI (`validate_ip_ranges`) refuses IPv6 ranges and ranges that are not global, that is
//! ranges lying inside a private or reserved block; a range that merely contains one, such as
//! `0.0.0.0/0`, is global and accepted.

use std::net::IpAddr;

use ipnet::IpNet;

use super::{Report, use_title};
use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::plan::model::{AuthorizedRange, ClusterPlan};
use crate::text;
use crate::text::Text;

const MAX_RANGES: usize = 200;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    let Some(ranges) = &cluster.authorized_ranges else {
        return;
    };
    let Some(first) = ranges.first() else {
        return;
    };
    let at = first.span();
    if ranges.len() > MAX_RANGES {
        report.add(
            Code::AuthorizedRangesTooMany,
            at,
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
    let turned_off = ranges
        .iter()
        .all(|r| matches!(r, AuthorizedRange::Empty(_)));
    if cluster.is_private() && !turned_off {
        report.add(
            Code::AuthorizedRangesPrivateCluster,
            at,
            text!(
                "authorized IP ranges cannot be used with a private cluster: its API server has no public endpoint",
                "承認済み IP 範囲はプライベート クラスターでは使用できません。プライベート クラスターの API サーバーにはパブリック エンドポイントがありません"
            ),
            &[],
            None,
        );
    }
    let tags: Vec<&AuthorizedRange> = ranges
        .iter()
        .filter(|r| matches!(r, AuthorizedRange::ServiceTag(_)))
        .collect();
    if let [_, second, ..] = tags.as_slice() {
        let names: Vec<String> = tags.iter().map(|t| t.text()).collect();
        report.add(
            Code::ServiceTagMultiple,
            second.span(),
            text!(
                "{0} service tags ({1}): only one service tag is allowed",
                "サービス タグが {0} 個あります ({1})。指定できるサービス タグは 1 つだけです",
                tags.len(),
                names.join(", ")
            ),
            &[],
            None,
        );
    }
    check_special(report, ranges);
    check_each(report, ranges);
}

/// `0.0.0.0/32` and `""` mean something on their own and nothing in company.
fn check_special(report: &mut Report<'_>, ranges: &[AuthorizedRange]) {
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
    } else if let Some(AuthorizedRange::Range(cidr)) = special {
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

/// Checks of each range on its own.
fn check_each(report: &mut Report<'_>, ranges: &[AuthorizedRange]) {
    for range in ranges {
        let AuthorizedRange::Range(cidr) = range else {
            continue;
        };
        let Some(net) = cidr.net else {
            continue;
        };
        if is_special(range) {
            continue;
        }
        if net.trunc() != net {
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
        if net.prefix_len() == 0 {
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
        } else if let Some(reason) = not_public(&net) {
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

fn is_special(range: &AuthorizedRange) -> bool {
    match range {
        AuthorizedRange::Empty(_) => true,
        AuthorizedRange::Range(cidr) => cidr.net == "0.0.0.0/32".parse().ok(),
        AuthorizedRange::ServiceTag(_) => false,
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

/// Whether `ip` may reach the API server: `None` when no authorized ranges are set (everyone
/// may), `Some(false)` when none of them covers it. Service tags and the load balancer's own
/// addresses cannot be resolved offline and do not count.
pub fn authorized(cluster: &ClusterPlan, ip: IpAddr) -> Option<bool> {
    let ranges = cluster.authorized_ranges.as_ref()?;
    if ranges
        .iter()
        .all(|r| matches!(r, AuthorizedRange::Empty(_)))
    {
        return None;
    }
    let covered = ranges.iter().any(|r| match r {
        AuthorizedRange::Range(cidr) => {
            !is_special(r) && cidr.net.is_some_and(|n| n.trunc().contains(&ip))
        }
        _ => false,
    });
    // AKS adds the load balancer's outbound IPs by itself; a firewall's it does not.
    let outbound = cluster.egress_through_load_balancer()
        && cluster.egress_ips.iter().any(|a| a.ip == Some(ip));
    Some(covered || outbound)
}
