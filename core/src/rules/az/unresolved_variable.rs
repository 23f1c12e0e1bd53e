//! `az-unresolved-variable`: a value that depends on something not known offline, so it is not
//! checked.
//!
//! ## What it finds
//! A value that matters to the plan (a range, the DNS service IP, a subnet ID, a count, the
//! authorized ranges) that uses a variable no earlier line assigns, a placeholder such as
//! `<subnet-id>`, or a command's output; and a subnet whose VNet no command here creates.
//! core/src/plan/az/ finds them and leaves the value out of the plan, with no default in its
//! place.
//!
//! ## Why it matters
//! Nothing is wrong yet, but nothing is checked either: an overlap hiding behind
//! `$SERVICE_CIDR` would only show at `az aks create`.
//!
//! ## Source
//! - AKS, "Secure access to the API server using authorized IP address ranges" (the
//!   `CURRENT_IP=$(dig ...)` example).
//!   <https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges>
//! - AKS, "Secure traffic between pods by using network policies" (a script built on variables
//!   and `$(az ...)` output). <https://learn.microsoft.com/azure/aks/use-network-policies>
//!
//! Page: docs/rules/az-unresolved-variable.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::AzUnresolvedVariable;

/// The value of `flag` uses the placeholder `placeholder`.
pub(crate) fn placeholder(
    placeholder: &(impl Arg + ?Sized),
    flag: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` is a placeholder, so the value of `{1}` is not checked",
            "`{0}` はプレースホルダーのため、`{1}` の値はチェックされません",
            placeholder,
            flag
        ),
    )
}

/// The value of `flag` uses `variable`, which no earlier line sets.
pub(crate) fn unset(variable: &(impl Arg + ?Sized), flag: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "{0} is not set by an earlier line, so the value of `{1}` is not checked",
            "{0} はそれより前の行で設定されていないため、`{1}` の値はチェックされません",
            variable,
            flag
        ),
    )
}

/// The value of `flag` is a command's output.
pub(crate) fn command_output(flag: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "the value of `{0}` comes from a command's output, so it is not checked",
            "`{0}` の値はコマンドの出力から得られるため、チェックされません",
            flag
        ),
    )
}

/// The value of `flag` is the output of commands none of which names a subnet.
pub(crate) fn subnet_output(flag: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "cannot tell which subnet the command behind `{0}` returns, so it is not checked",
            "`{0}` の背後にあるコマンドがどのサブネットを返すか判断できないため、チェックされません",
            flag
        ),
    )
}

/// A peering's `--remote-vnet` is the output of commands none of which names a VNet.
pub(crate) fn remote_vnet_output() -> Violation {
    Violation::new(
        CODE,
        text!(
            "cannot tell which VNet the command behind `--remote-vnet` returns, so the peering is not checked",
            "`--remote-vnet` の背後にあるコマンドがどの仮想ネットワークを返すか判断できないため、ピアリングはチェックされません"
        ),
    )
}

/// The subnet `vnet`/`subnet` of `flag`, in a VNet no command here creates.
pub(crate) fn vnet_not_created(
    vnet: &(impl Arg + ?Sized),
    subnet: &(impl Arg + ?Sized),
    flag: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "no command here creates VNet {0}, so the subnet {0}/{1} of `{2}` is not checked",
            "ここには仮想ネットワーク {0} を作成するコマンドがないため、`{2}` のサブネット {0}/{1} はチェックされません",
            vnet,
            subnet,
            flag
        ),
    )
}
