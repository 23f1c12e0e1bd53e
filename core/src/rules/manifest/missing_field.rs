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

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::ManifestMissingField;

pub(crate) fn exercise_expected() -> Violation {
    Violation::new(
        CODE,
        text!(
            "expected an exercise: a mapping with id, title, story, start, goals and solution",
            "演習が必要です: id、title、story、start、goals、solution を持つマッピングを書いてください"
        ),
    )
}

pub(crate) fn goal_without_check(
    id: &(impl Arg + ?Sized),
    checks: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "goal `{0}` needs one of these checks: {1}",
            "目標 `{0}` には次のチェックのいずれかが必要です: {1}",
            id,
            checks
        ),
    )
}

pub(crate) fn exercise_sources(key: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` needs manifests, a plan or both",
            "`{0}` には manifests、plan、またはその両方が必要です",
            key
        ),
    )
}

pub(crate) fn field_expected(
    path: &(impl Arg + ?Sized),
    expected: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` is missing: expected {1}",
            "`{0}` がありません: {1} が必要です",
            path,
            expected
        ),
    )
}

pub(crate) fn pod_template(kind: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "{0} has no pod template",
            "{0} にポッド テンプレートがありません",
            kind
        ),
    )
}

pub(crate) fn pool_name() -> Violation {
    Violation::new(
        CODE,
        text!(
            "a node pool needs a `name`",
            "ノード プールには `name` が必要です"
        ),
    )
}

pub(crate) fn vnet_name() -> Violation {
    Violation::new(
        CODE,
        text!(
            "a VNet needs a `name`",
            "仮想ネットワークには `name` が必要です"
        ),
    )
}

pub(crate) fn subnet_cidr() -> Violation {
    Violation::new(
        CODE,
        text!(
            "a subnet needs a `cidr`",
            "サブネットには `cidr` が必要です"
        ),
    )
}

pub(crate) fn az_vnet_name() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`az network vnet create` needs `--name`",
            "`az network vnet create` には `--name` が必要です"
        ),
    )
}

pub(crate) fn az_subnet_names() -> Violation {
    Violation::new(
        CODE,
        text!(
            "a subnet command needs `--vnet-name` and `--name`",
            "サブネットのコマンドには `--vnet-name` と `--name` が必要です"
        ),
    )
}

pub(crate) fn az_subnet_prefixes() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`az network vnet subnet create` needs `--address-prefixes`",
            "`az network vnet subnet create` には `--address-prefixes` が必要です"
        ),
    )
}

pub(crate) fn az_peering_names() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`az network vnet peering create` needs `--vnet-name` and `--remote-vnet`",
            "`az network vnet peering create` には `--vnet-name` と `--remote-vnet` が必要です"
        ),
    )
}

pub(crate) fn plan_expected() -> Violation {
    Violation::new(
        CODE,
        text!(
            "expected a `kind: NetworkPlan` document or az command lines",
            "`kind: NetworkPlan` のドキュメントまたは az コマンド ラインが必要です"
        ),
    )
}

pub(crate) fn field(path: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!("missing field `{0}`", "フィールド `{0}` がありません", path),
    )
}

pub(crate) fn policy_spec() -> Violation {
    Violation::new(
        CODE,
        text!(
            "missing field `spec` (a NetworkPolicy needs at least `spec.podSelector`)",
            "フィールド `spec` がありません (NetworkPolicy には少なくとも `spec.podSelector` が必要です)"
        ),
    )
}

pub(crate) fn policy_pod_selector() -> Violation {
    Violation::new(
        CODE,
        text!(
            "missing field `spec.podSelector` (`{{}}` selects every pod of the namespace)",
            "フィールド `spec.podSelector` がありません (`{{}}` は名前空間のすべてのポッドを選択します)"
        ),
    )
}
