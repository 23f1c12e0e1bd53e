//! NetworkPolicy rules.

mod deprecated_api;
mod missing_policy_types;
mod split_peer;

use super::Context;

pub(super) fn run(context: &mut Context<'_>) {
    split_peer::check(context);
    missing_policy_types::check(context);
    deprecated_api::check(context);
}
