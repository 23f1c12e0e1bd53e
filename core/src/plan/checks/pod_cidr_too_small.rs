//! `pod-cidr-too-small`: a pod CIDR without a node range for every node.
//!
//! ## What it finds
//! With kubenet or Azure CNI Overlay, a pod CIDR holding fewer /24 node ranges than the cluster
//! may have nodes (each pool at its autoscaler maximum, plus the extra nodes of an upgrade).
//!
//! ## Why it matters
//! Each node takes one /24 of the pod CIDR; a node without one cannot join, so scaling and
//! upgrades fail.
//!
//! ## Fix
//! None: a larger pod CIDR must also stay clear of every other range; the message gives the
//! smallest size that fits.
//!
//! ## Source
//! AKS "Use kubenet" and "Azure CNI Overlay": the pod CIDR is used by kubenet and overlay only,
//! one /24 per node.

use super::Report;
use crate::codes::Code;
use crate::plan::sizing;
use crate::text;
use crate::text::Text;

pub(super) fn check(report: &mut Report<'_>) {
    let plan = report.plan;
    let Some(cluster) = &plan.cluster else {
        return;
    };
    let plugin = cluster.plugin.value;
    if plugin.uses_pod_cidr() {
        for need in sizing::needs(plan).iter().filter(|n| n.what == "pod CIDR") {
            let (Some(usable), Some(text)) = (need.usable, &need.cidr) else {
                continue;
            };
            if usable < need.required
                && let Some(cidr) = cluster.pod_cidrs.iter().find(|c| &c.text == text)
            {
                let smallest = need.smallest_prefix.map_or_else(Text::default, |p| {
                    text!("; /{0} or larger fits", "。/{0} 以上であれば収まります", p)
                });
                report.add(
                    Code::PodCidrTooSmall,
                    cidr.span,
                    text!(
                        "{0} holds {1} node ranges but {2}{3}",
                        "{0} に収まるノード範囲は {1} 個ですが、{2} です{3}",
                        super::describe(&super::pod_cidr(), cidr),
                        usable,
                        Text::new(
                            need.formula_in(text::Lang::En),
                            need.formula_in(text::Lang::Ja)
                        ),
                        smallest
                    ),
                    &[&cidr.text],
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
fixture_pair_test!(check, PodCidrTooSmall, "pod-cidr-too-small", "yaml", "sh");
