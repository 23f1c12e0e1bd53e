//! `docker-bridge-deprecated`: the plan sets the Docker bridge address.
//!
//! ## What it finds
//! A Docker bridge address (`--docker-bridge-address`, `dockerBridgeCidr`).
//!
//! ## Why it matters
//! AKS nodes run containerd, which does not use the Docker bridge: the setting is deprecated
//! and does nothing.
//!
//! ## Fix
//! None: removing the setting is safe, but the plan may keep it for older clusters.
//!
//! ## Source
//! AKS "Configure Azure CNI networking": the Docker bridge setting is deprecated, as containerd
//! nodes do not use it.

use super::Report;
use crate::codes::Code;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    if let Some(bridge) = report
        .plan
        .cluster
        .as_ref()
        .and_then(|c| c.docker_bridge.as_ref())
    {
        report.add(
            Code::DockerBridgeDeprecated,
            bridge.span,
            text!(
                "Docker bridge {0} is no longer used: AKS nodes run containerd, and the setting is deprecated",
                "Docker ブリッジ {0} は使用されなくなりました。AKS ノードでは containerd が動作しており、この設定は非推奨です",
                bridge.text
            ),
            &[&bridge.text],
            None,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(
    check,
    DockerBridgeDeprecated,
    "docker-bridge-deprecated",
    "yaml"
);
