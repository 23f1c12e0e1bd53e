//! `az-powershell-empty-argument`: `--api-server-authorized-ip-ranges ""` in `PowerShell`, which
//! drops the empty argument.
//!
//! ## What it finds
//! In text read as `PowerShell` (core/src/plan/shell.rs), the option followed by `""` or `''`
//! as an argument of its own (core/src/plan/az/aks.rs).
//!
//! ## Why it matters
//! Windows `PowerShell` (and `PowerShell` before 7.3) drops an empty argument when it calls a
//! native program, so az receives the option without the `""` that turns authorized ranges off.
//!
//! ## Fix
//! Safe: `--flag=""` joins the empty value to the option, as the AKS article advises.
//!
//! ## Source
//! - AKS, "Secure access to the API server using authorized IP address ranges" (in
//!   `PowerShell`, use `--api-server-authorized-ip-ranges=""`).
//!   <https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges>
//! - `PowerShell`, "`about_Parsing`" (passing arguments to native commands).
//!   <https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_parsing>
//!
//! Page: docs/rules/az-powershell-empty-argument.md.

use crate::codes::Code;
use crate::fix::{Edit, Fix};
use crate::rules::violation::Violation;
use crate::span::Span;
use crate::text;

const CODE: Code = Code::AzPowershellEmptyArgument;

/// The empty value of `flag`, which `PowerShell` drops.
pub(crate) fn dropped(flag: &str) -> Violation {
    Violation::new(
        CODE,
        text!(
            "Windows PowerShell (and PowerShell before 7.3) drops an empty argument before calling az, so `{0}` arrives without its value; write `{0}=\"\"`",
            "Windows PowerShell (および 7.3 より前の PowerShell) は az を呼び出す前に空の引数を削除するため、`{0}` は値なしで渡されます。`{0}=\"\"` と記述してください",
            flag
        ),
    )
}

/// `flag=""` in place of `flag ""`: `between` runs from the end of the option to the end of its
/// empty value.
pub(crate) fn join_with_equals(flag: &str, between: Span) -> Fix {
    Fix::safe_edits(
        text!("Write `{0}=\"\"`", "`{0}=\"\"` と記述する", flag),
        vec![Edit::replace(between, "=\"\"")],
    )
}
