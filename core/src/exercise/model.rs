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
