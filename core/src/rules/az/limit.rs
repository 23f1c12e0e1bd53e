//! `az-limit`: az command lines longer than the most plan text aksnet reads (64 KiB); the
//! lines past it are not read.
//!
//! ## What it finds
//! Command text past `plan::MAX_PLAN_BYTES`; the reader stops at the last whole line that fits
//! (core/src/plan/mod.rs) and reports where it stopped.
//!
//! ## Why it matters
//! What lies past the bound is not checked, so its findings are missing. An AKS plan is a few
//! dozen commands; the bound keeps the page responsive, since some checks compare every VNet
//! with every other.
//!
//! ## Source
//! - aksnet's limits and why each has its value: docs/limits.md.
//! - AKS, "Configure Azure CNI networking" (the commands a cluster's network needs).
//!   <https://learn.microsoft.com/azure/aks/configure-azure-cni>
//!
//! Page: docs/rules/az-limit.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::AzLimit;

/// Commands longer than `size` (written as a size, `64 KiB`).
pub(crate) fn too_long(size: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "az commands longer than {0}: the lines from here on are not read",
            "az コマンドが {0} を超えています。ここから後の行は読み取りません",
            size
        ),
    )
}
