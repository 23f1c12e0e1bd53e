//! An exercise as read from its file: texts in two languages, the starting state, goals, hints
//! and a reference solution.

use std::net::IpAddr;

use serde::Serialize;

use crate::cluster::FlowPort;
use crate::codes::Code;
pub use crate::text::Text;

/// What the participant edits: manifests (Kubernetes YAML) and an address plan (NetworkPlan
/// YAML or az command lines). Either may be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    pub manifests: String,
    pub plan: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exercise {
    /// Stable kebab-case name: progress and links are kept by it.
    pub id: String,
    pub title: Text,
    pub story: Text,
    pub start: Sources,
    pub goals: Vec<Goal>,
    /// Revealed one at a time, in order.
    pub hints: Vec<Text>,
    pub solution: Sources,
}

impl Exercise {
    /// Whether the participant edits manifests here, so a front end knows which editors to show.
    pub fn uses_manifests(&self) -> bool {
        !self.start.manifests.trim().is_empty() || !self.solution.manifests.trim().is_empty()
    }

    /// Whether the participant edits an address plan here.
    pub fn uses_plan(&self) -> bool {
        !self.start.plan.trim().is_empty() || !self.solution.plan.trim().is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    /// Unique within the exercise.
    pub id: String,
    pub title: Text,
    pub check: Check,
}

/// What a goal requires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// The flow must be allowed (for a Service, to every endpoint behind it).
    Allowed(Flow),
    /// The flow must be blocked (for a Service, to every endpoint behind it).
    Blocked(Flow),
    /// No finding with this code.
    FindingAbsent(FindingQuery),
    /// At least one finding with this code.
    FindingPresent(FindingQuery),
    /// The plan describes a cluster and has no error-severity finding.
    PlanValid,
    /// The address may reach the API server: the plan's cluster sets no authorized IP ranges, or
    /// they cover it.
    ApiServerAllowed(IpAddr),
    /// The plan's cluster has authorized IP ranges, and they leave the address out.
    ApiServerBlocked(IpAddr),
}

/// A flow between two endpoints, named as `aksnet reach` and `aksnet explain` name them:
/// `namespace/name` of a pod, workload or (as destination) Service, or an IP address or CIDR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub from: String,
    pub to: String,
    pub port: FlowPort,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FindingQuery {
    pub code: Code,
    /// `None`: findings of either source count.
    pub source: Option<SourceKind>,
}

/// Which of the participant's texts a finding comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Manifests,
    Plan,
}

impl SourceKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            SourceKind::Manifests => "manifests",
            SourceKind::Plan => "plan",
        }
    }
}

/// Codes of the findings that bear on reaching a flow: the policies, and whether the objects
/// could be read at all.
const FLOW_PREFIXES: &[&str] = &["np-", "manifest-", "yaml-"];
/// Codes of the findings that bear on the API server's reachability from an address.
const ACCESS_PREFIXES: &[&str] = &[
    "authorized-",
    "service-tag-",
    "private-",
    "plan-",
    "az-",
    "manifest-",
    "yaml-",
];

impl Exercise {
    /// The finding codes this exercise's goals are about, in [`Code::ALL`] order, so that a front
    /// end can lead with them and leave the others aside: a goal on a flow concerns the
    /// NetworkPolicy and reading findings, a goal on a finding its code, a valid plan every
    /// planner finding, the API server's access the authorized ranges and private access.
    pub fn concerned_codes(&self) -> Vec<Code> {
        let starts =
            |code: Code, prefixes: &[&str]| prefixes.iter().any(|p| code.as_str().starts_with(p));
        Code::ALL
            .iter()
            .copied()
            .filter(|&code| {
                self.goals.iter().any(|goal| match &goal.check {
                    Check::Allowed(_) | Check::Blocked(_) => starts(code, FLOW_PREFIXES),
                    Check::FindingAbsent(query) | Check::FindingPresent(query) => {
                        query.code == code
                    }
                    Check::PlanValid => is_planner_code(code),
                    Check::ApiServerAllowed(_) | Check::ApiServerBlocked(_) => {
                        starts(code, ACCESS_PREFIXES)
                    }
                })
            })
            .collect()
    }
}

/// Whether `code` is one the address planner reports: neither a NetworkPolicy, Ingress nor pod
/// security code (`pod-cidr-*` is the planner's).
fn is_planner_code(code: Code) -> bool {
    let code = code.as_str();
    !(code.starts_with("np-")
        || code.starts_with("ingress-")
        || (code.starts_with("pod-") && !code.starts_with("pod-cidr-")))
}

#[cfg(test)]
mod concerned {
    use super::*;

    fn codes(id: &str) -> Vec<&'static str> {
        crate::exercise::find(id)
            .unwrap()
            .concerned_codes()
            .into_iter()
            .map(Code::as_str)
            .collect()
    }

    #[test]
    fn flow_goals_concern_the_policies_and_not_pod_security() {
        let codes = codes("allow-frontend");
        assert!(codes.contains(&"np-split-peer"));
        assert!(codes.contains(&"np-peer-matches-nothing"));
        assert!(codes.contains(&"yaml-syntax"));
        assert!(!codes.iter().any(|c| c.starts_with("pod-")), "{codes:?}");
    }

    #[test]
    fn plan_goals_concern_the_planner() {
        let codes = codes("service-cidr-in-vnet");
        assert!(codes.contains(&"cidr-overlap"), "{codes:?}");
        assert!(!codes.contains(&"pod-runs-as-root"));
        assert!(!codes.contains(&"np-split-peer"));
    }
}
