//! `authorized-ranges-miss-egress`: with `userDefinedRouting`, the firewall's public address is
//! not among the API server authorized IP ranges.
//!
//! Sources: AKS "Secure access to the API server using authorized IP address ranges" (add "the
//! cluster egress IP address (firewall, NAT gateway, or other address, depending on your
//! outbound type)"; AKS allows the load balancer's outbound IP by itself, and nothing else);
//! AKS "Customize cluster egress with outbound types" (with `userDefinedRouting` egress goes
//! through the user's appliance; "make sure new outbound ip range is appended to authorized ip
//! range"). The nodes reach the API server's public endpoint from the egress address: when it
//! is not authorized, they cannot join or stay in the cluster.
//!
//! The egress address is known only when the plan gives it (`egressIps`, or a firewall's public
//! IP created with `--ip-address`); a service tag among the ranges may cover it, so then nothing
//! is reported either.

use super::{Report, authorized};
use crate::codes::Code;
use crate::plan::model::AuthorizedRange;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(cluster) = &report.plan.cluster else {
        return;
    };
    if !cluster.user_defined_routing() {
        return;
    }
    let Some(ranges) = &cluster.authorized_ranges else {
        return;
    };
    if ranges
        .iter()
        .any(|r| matches!(r, AuthorizedRange::ServiceTag(_)))
    {
        return;
    }
    let listed: Vec<String> = ranges.iter().map(AuthorizedRange::text).collect();
    for egress in &cluster.egress_ips {
        let Some(ip) = egress.ip else {
            continue;
        };
        if authorized(cluster, ip) != Some(false) {
            continue;
        }
        report.add(
            Code::AuthorizedRangesMissEgress,
            egress.span,
            text!(
                "egress address {0} (outbound type userDefinedRouting) is not in the API server authorized IP ranges ({1}): the nodes reach the API server from it and are refused",
                "送信アドレス {0} (送信の種類 userDefinedRouting) が API サーバーの承認済み IP 範囲 ({1}) に含まれていません。ノードはこのアドレスから API サーバーにアクセスするため、拒否されます",
                egress.text,
                listed.join(", ")
            ),
            &[&egress.text],
            None,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    AuthorizedRangesMissEgress,
    "authorized-ranges-miss-egress",
    "yaml",
    "sh"
);
