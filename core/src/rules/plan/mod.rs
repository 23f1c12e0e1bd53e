//! The code the NetworkPlan reader (core/src/plan/read.rs) raises while reading
//! (`plan-unknown-key`). Its module words its messages; the reader places them. The planner's
//! checks on a plan it has read are in core/src/plan/checks/, one file per code.

pub(crate) mod unknown_key;
