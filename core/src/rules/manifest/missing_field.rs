//! `manifest-missing-field`: a field the object cannot do without (`apiVersion`, `kind`,
//! `metadata.name`, a NetworkPolicy's `spec.podSelector`, an `ipBlock`'s `cidr`, a workload's
//! pod template; in a plan or an exercise, the fields their formats require).
//!
//! ## Why it matters
//! The API server refuses the object, so what it would allow or protect is not what the file
//! says; aksnet keeps the object out of the evaluation and marks the answer incomplete.
//!
//! ## Source
//! - Kubernetes, "Objects In Kubernetes", "Required fields".
//!   <https://kubernetes.io/docs/concepts/overview/working-with-objects/#required-fields>
//! - Kubernetes API reference, `NetworkPolicySpec` and `IPBlock`.
//!   <https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/>
//!
//! Page: docs/rules/manifest-missing-field.md.

use crate::text;
use crate::text::{Arg, Text};

/// "expected an exercise: a mapping with id, title, story, start, goals and solution"
pub(crate) fn exercise_expected() -> Text {
    text!(
        "expected an exercise: a mapping with id, title, story, start, goals and solution",
        "演習が必要です: id、title、story、start、goals、solution を持つマッピングを書いてください"
    )
}

/// "goal `{0}` needs one of these checks: {1}"
pub(crate) fn goal_without_check(id: &(impl Arg + ?Sized), checks: &(impl Arg + ?Sized)) -> Text {
    text!(
        "goal `{0}` needs one of these checks: {1}",
        "目標 `{0}` には次のチェックのいずれかが必要です: {1}",
        id,
        checks
    )
}

/// "`{0}` needs manifests, a plan or both"
pub(crate) fn exercise_sources(key: &(impl Arg + ?Sized)) -> Text {
    text!(
        "`{0}` needs manifests, a plan or both",
        "`{0}` には manifests、plan、またはその両方が必要です",
        key
    )
}

/// "`{0}` is missing: expected {1}"
pub(crate) fn field_expected(path: &(impl Arg + ?Sized), expected: &(impl Arg + ?Sized)) -> Text {
    text!(
        "`{0}` is missing: expected {1}",
        "`{0}` がありません: {1} が必要です",
        path,
        expected
    )
}

/// "{0} has no pod template"
pub(crate) fn pod_template(kind: &(impl Arg + ?Sized)) -> Text {
    text!(
        "{0} has no pod template",
        "{0} にポッド テンプレートがありません",
        kind
    )
}

/// "a node pool needs a `name`"
pub(crate) fn pool_name() -> Text {
    text!(
        "a node pool needs a `name`",
        "ノード プールには `name` が必要です"
    )
}

/// "a VNet needs a `name`"
pub(crate) fn vnet_name() -> Text {
    text!(
        "a VNet needs a `name`",
        "仮想ネットワークには `name` が必要です"
    )
}

/// "a subnet needs a `cidr`"
pub(crate) fn subnet_cidr() -> Text {
    text!(
        "a subnet needs a `cidr`",
        "サブネットには `cidr` が必要です"
    )
}

/// "`az network vnet create` needs `--name`"
pub(crate) fn az_vnet_name() -> Text {
    text!(
        "`az network vnet create` needs `--name`",
        "`az network vnet create` には `--name` が必要です"
    )
}

/// "a subnet command needs `--vnet-name` and `--name`"
pub(crate) fn az_subnet_names() -> Text {
    text!(
        "a subnet command needs `--vnet-name` and `--name`",
        "サブネットのコマンドには `--vnet-name` と `--name` が必要です"
    )
}

/// "`az network vnet subnet create` needs `--address-prefixes`"
pub(crate) fn az_subnet_prefixes() -> Text {
    text!(
        "`az network vnet subnet create` needs `--address-prefixes`",
        "`az network vnet subnet create` には `--address-prefixes` が必要です"
    )
}

/// "`az network vnet peering create` needs `--vnet-name` and `--remote-vnet`"
pub(crate) fn az_peering_names() -> Text {
    text!(
        "`az network vnet peering create` needs `--vnet-name` and `--remote-vnet`",
        "`az network vnet peering create` には `--vnet-name` と `--remote-vnet` が必要です"
    )
}

/// "expected a `kind: NetworkPlan` document or az command lines"
pub(crate) fn plan_expected() -> Text {
    text!(
        "expected a `kind: NetworkPlan` document or az command lines",
        "`kind: NetworkPlan` のドキュメントまたは az コマンド ラインが必要です"
    )
}

/// "missing field `{0}`"
pub(crate) fn field(path: &(impl Arg + ?Sized)) -> Text {
    text!("missing field `{0}`", "フィールド `{0}` がありません", path)
}

/// "missing field `spec` (a NetworkPolicy needs at least `spec.podSelector`)"
pub(crate) fn policy_spec() -> Text {
    text!(
        "missing field `spec` (a NetworkPolicy needs at least `spec.podSelector`)",
        "フィールド `spec` がありません (NetworkPolicy には少なくとも `spec.podSelector` が必要です)"
    )
}

/// "missing field `spec.podSelector` (`{{}}` selects every pod of the namespace)"
pub(crate) fn policy_pod_selector() -> Text {
    text!(
        "missing field `spec.podSelector` (`{{}}` selects every pod of the namespace)",
        "フィールド `spec.podSelector` がありません (`{{}}` は名前空間のすべてのポッドを選択します)"
    )
}
