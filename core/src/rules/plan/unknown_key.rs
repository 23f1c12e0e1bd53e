//! `plan-unknown-key`: a NetworkPlan key the planner does not know, which it does not read.
//!
//! ## What it finds
//! A key of a NetworkPlan mapping (the top of the plan, `cluster`, a node pool, a VNet, a
//! subnet, a client) that is not one of docs/plan-format.md's, named with the nearest known key
//! by edit distance. core/src/plan/read.rs finds it.
//!
//! ## Why it matters
//! What the key holds is left out of every check and of the sizing: a plan that writes its
//! cluster under `clusters:` would otherwise look clean.
//!
//! ## Source
//! - aksnet, docs/plan-format.md: the NetworkPlan format and every key it reads.
//!
//! Page: docs/rules/plan-unknown-key.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::PlanUnknownKey;

/// `key` in the mapping at `path` (empty at the top of the plan); `nearest` is the nearest
/// known key.
pub(crate) fn unknown_key(
    key: &(impl Arg + ?Sized),
    path: &str,
    nearest: &(impl Arg + ?Sized),
) -> Violation {
    let within = if path.is_empty() {
        text::Text::new("", "")
    } else {
        text!(" in `{0}`", "`{0}` の", path)
    };
    Violation::new(
        CODE,
        text!(
            "unknown key `{0}`{1} is not read; the nearest known key is `{2}`",
            "{1}不明なキー `{0}` は読み取られません。最も近い既知のキーは `{2}` です",
            key,
            within,
            nearest
        ),
    )
}
