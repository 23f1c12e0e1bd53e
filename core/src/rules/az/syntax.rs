//! `az-syntax`: az command lines that cannot be read as written.
//!
//! ## What it finds
//! A quote never closed, a `$(` without its `)` (core/src/plan/shell.rs, which reads bash and
//! `PowerShell` words), an option that needs a value and has none (core/src/plan/az/args.rs),
//! and text that is not UTF-8 (core/src/plan/mod.rs).
//!
//! ## Why it matters
//! A shell would not run the command meant: an open quote swallows the following lines into one
//! argument, and az stops with "expected one argument" for an option without its value. The
//! reader recovers at the end of the line, but the values around the error may not be those the
//! shell would pass.
//!
//! ## Source
//! - AKS, "Secure access to the API server using authorized IP address ranges" (`""` turns the
//!   ranges off). <https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges>
//! - The az command lines of the AKS articles this reader takes (bash and `PowerShell` quoting).
//!
//! Page: docs/rules/az-syntax.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Text;

const CODE: Code = Code::AzSyntax;

pub(crate) fn unterminated_single_quote() -> Violation {
    Violation::new(
        CODE,
        text!(
            "unterminated single quote: the value runs to the end of the line",
            "単一引用符が閉じられていません。値は行末まで続きます"
        ),
    )
}

pub(crate) fn unterminated_double_quote() -> Violation {
    Violation::new(
        CODE,
        text!(
            "unterminated double quote: the value runs to the end of the line",
            "二重引用符が閉じられていません。値は行末まで続きます"
        ),
    )
}

pub(crate) fn unclosed_substitution() -> Violation {
    Violation::new(
        CODE,
        text!(
            "command substitution without its closing `)`",
            "コマンド置換を閉じる `)` がありません"
        ),
    )
}

/// The option `flag`, which takes a value, given without one.
pub(crate) fn missing_value(flag: &str) -> Violation {
    let hint = if flag == "--api-server-authorized-ip-ranges" {
        Text::new(
            " (`\"\"` turns the authorized ranges off)",
            " (`\"\"` を指定すると承認済み IP 範囲が無効になります)",
        )
    } else {
        Text::default()
    };
    Violation::new(
        CODE,
        text!(
            "`{0}` needs a value{1}",
            "`{0}` には値が必要です{1}",
            flag,
            hint
        ),
    )
}

/// Text that is not UTF-8, in the words of `yaml-syntax`'s finding.
pub(crate) fn invalid_utf8() -> Violation {
    Violation {
        code: CODE,
        ..crate::rules::yaml::syntax::invalid_utf8()
    }
}
