//! The codes the az command reader raises while reading (`az-*`): command lines that cannot be
//! read, values not known offline, text past the plan's bound, and an empty argument
//! `PowerShell` drops. core/src/plan/shell.rs (shell words), core/src/plan/az/ (the commands)
//! and core/src/plan/mod.rs (the bound) find them; these modules word them. The planner's checks
//! on the plan read are in core/src/plan/checks/, one file per code.

pub(crate) mod limit;
pub(crate) mod powershell_empty_argument;
pub(crate) mod syntax;
pub(crate) mod unresolved_variable;
