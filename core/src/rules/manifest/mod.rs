//! The codes the manifest reader raises (`manifest-*`): an object Kubernetes would refuse, or one
//! aksnet does not read. Each module words its code's messages; the readers (core/src/manifest.rs,
//! core/src/fields.rs, core/src/cluster.rs, core/src/policy.rs, the plan and exercise readers)
//! call them where they find the problem.

pub(crate) mod invalid_field;
pub(crate) mod invalid_name;
pub(crate) mod missing_field;
pub(crate) mod unknown_kind;

use super::Context;

/// The manifest checks that run after reading: names and labels the API server would refuse.
pub(super) fn run(context: &mut Context<'_>) {
    invalid_name::check(context);
}
