//! `manifest-invalid-field`: a field of the wrong type or value (a label value YAML reads as a
//! boolean, a port outside 1-65535, a peer mixing `ipBlock` with selectors, ...); the plan and
//! exercise readers raise it for their own fields too.
//!
//! ## Why it matters
//! The API server refuses the object; aksnet keeps it out of the evaluation and says which field
//! is wrong, with its line.
//!
//! ## Source
//! - Kubernetes, "Labels and Selectors", "Syntax and character set".
//!   <https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set>
//! - Kubernetes API reference, NetworkPolicy (`NetworkPolicyPeer`, `NetworkPolicyPort`,
//!   `IPBlock`). <https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/>
//! - YAML 1.1, "Boolean Language-Independent Type". <https://yaml.org/type/bool.html>
//!
//! Page: docs/rules/manifest-invalid-field.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::ManifestInvalidField;

pub(crate) fn second_exercise() -> Violation {
    Violation::new(
        CODE,
        text!(
            "one exercise per file: this document is not read",
            "演習は 1 ファイルに 1 つです: このドキュメントは読み込まれません"
        ),
    )
}

pub(crate) fn exercise_not_a_mapping(found: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "an exercise must be a mapping; found a {0}",
            "演習はマッピングである必要がありますが、{0} が指定されています",
            found
        ),
    )
}

pub(crate) fn goals_empty() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`goals` must hold at least one goal",
            "`goals` には目標が 1 つ以上必要です"
        ),
    )
}

pub(crate) fn goal_id_twice(id: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "goal id `{0}` is used twice",
            "目標の id `{0}` が 2 回使われています",
            id
        ),
    )
}

pub(crate) fn goal_not_a_mapping(found: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`goals[]` must be a mapping; found a {0}",
            "`goals[]` はマッピングである必要がありますが、{0} が指定されています",
            found
        ),
    )
}

pub(crate) fn goal_with_two_checks(id: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "goal `{0}` has more than one check: write one goal per check",
            "目標 `{0}` にチェックが複数あります: チェックごとに目標を 1 つ書いてください",
            id
        ),
    )
}

pub(crate) fn not_true(path: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must be true",
            "`{0}` は true である必要があります",
            path
        ),
    )
}

pub(crate) fn flow_port(path: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}.port` must be a port such as 80/TCP, 53/UDP or 9000/SCTP",
            "`{0}.port` は 80/TCP、53/UDP、9000/SCTP のようなポートである必要があります",
            path
        ),
    )
}

pub(crate) fn ip_address(path: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must be an IP address such as 73.140.245.10",
            "`{0}` は 73.140.245.10 のような IP アドレスである必要があります",
            path
        ),
    )
}

pub(crate) fn finding_query(path: &(impl Arg + ?Sized), found: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must be a finding code or a mapping with code and source; found a {1}",
            "`{0}` は指摘のコードか、code と source を持つマッピングである必要がありますが、{1} が指定されています",
            path,
            found
        ),
    )
}

pub(crate) fn unknown_finding_code(path: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}`: not a finding code (see docs/rules/README.md)",
            "`{0}`: 指摘のコードではありません (docs/rules/README.md を参照してください)",
            path
        ),
    )
}

pub(crate) fn finding_source(path: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}.source` must be manifests or plan",
            "`{0}.source` は manifests か plan である必要があります",
            path
        ),
    )
}

pub(crate) fn empty(path: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must not be empty",
            "`{0}` を空にすることはできません",
            path
        ),
    )
}

pub(crate) fn not_a_mapping(path: &(impl Arg + ?Sized), found: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must be a mapping; found a {1}",
            "`{0}` はマッピングである必要がありますが、{1} が指定されています",
            path,
            found
        ),
    )
}

pub(crate) fn unknown_exercise_field(
    prefix: &(impl Arg + ?Sized),
    shown: &(impl Arg + ?Sized),
    known: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "unknown field `{0}{1}`; expected one of {2}",
            "不明なフィールド `{0}{1}` です。次のいずれかを指定してください: {2}",
            prefix,
            shown,
            known
        ),
    )
}

pub(crate) fn container_port_range(number: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "containerPort {0} is outside 1-65535",
            "containerPort {0} が 1-65535 の範囲外です",
            number
        ),
    )
}

pub(crate) fn unknown_protocol(protocol: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "unknown protocol `{0}`: use TCP, UDP or SCTP",
            "プロトコル `{0}` は不明です。TCP、UDP、SCTP のいずれかを使用してください",
            protocol
        ),
    )
}

pub(crate) fn not_one_of(
    path: &(impl Arg + ?Sized),
    value: &(impl Arg + ?Sized),
    allowed: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` is not a valid `{1}`: Kubernetes accepts {2}",
            "`{0}` は `{1}` として無効です。Kubernetes が受け付けるのは {2} です",
            value,
            path,
            allowed
        ),
    )
}

pub(crate) fn node_address() -> Violation {
    Violation::new(
        CODE,
        text!(
            "node address is not an IPv4 or IPv6 address",
            "ノードのアドレスが IPv4 または IPv6 のアドレスではありません"
        ),
    )
}

pub(crate) fn pod_ip() -> Violation {
    Violation::new(
        CODE,
        text!(
            "pod IP is not an IPv4 or IPv6 address",
            "ポッド IP が IPv4 または IPv6 のアドレスではありません"
        ),
    )
}

pub(crate) fn network_plugin() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`cluster.networkPlugin` must be azure, kubenet or azure-overlay",
            "`cluster.networkPlugin` は azure、kubenet、azure-overlay のいずれかである必要があります"
        ),
    )
}

pub(crate) fn ip_families() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`ipFamilies` items must be ipv4 or ipv6",
            "`ipFamilies` の項目は ipv4 または ipv6 である必要があります"
        ),
    )
}

pub(crate) fn cidr_list(key: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must be a CIDR or a list of CIDRs",
            "`{0}` は CIDR または CIDR のリストである必要があります",
            key
        ),
    )
}

pub(crate) fn max_surge(path: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}.maxSurge` must be a number of nodes or a percentage such as 33%",
            "`{0}.maxSurge` はノード数または 33% のような割合である必要があります",
            path
        ),
    )
}

pub(crate) fn subnet_reference(path: &(impl Arg + ?Sized), key: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}.{1}` must be <vnet>/<subnet> or a subnet resource ID",
            "`{0}.{1}` は <vnet>/<subnet> またはサブネットのリソース ID である必要があります",
            path,
            key
        ),
    )
}

pub(crate) fn az_whole_number(
    flag: &(impl Arg + ?Sized),
    value: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must be a whole number, not `{1}`",
            "`{0}` は整数である必要があります (`{1}` は指定できません)",
            flag,
            value
        ),
    )
}

pub(crate) fn az_subnet_id(value: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must be a subnet resource ID (/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>)",
            "`{0}` はサブネットのリソース ID (/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>) である必要があります",
            value
        ),
    )
}

pub(crate) fn az_max_surge(value: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`--max-surge` must be a number of nodes or a percentage such as 33%, not `{0}`",
            "`--max-surge` はノード数または 33% のような割合である必要があります (`{0}` は指定できません)",
            value
        ),
    )
}

pub(crate) fn az_network_plugin(value: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`--network-plugin` must be azure, kubenet or none, not `{0}`",
            "`--network-plugin` は azure、kubenet、none のいずれかである必要があります (`{0}` は指定できません)",
            value
        ),
    )
}

/// A flag that takes one of a few words, given another.
pub(crate) fn az_choice(
    flag: &(impl Arg + ?Sized),
    allowed: &(impl Arg + ?Sized),
    value: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must be one of {1}, not `{2}`",
            "`{0}` は {1} のいずれかである必要があります (`{2}` は指定できません)",
            flag,
            allowed,
            value
        ),
    )
}

pub(crate) fn az_kubernetes_version(value: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`--kubernetes-version` must be a Kubernetes version such as 1.32 or 1.32.5, not `{0}`",
            "`--kubernetes-version` は 1.32 や 1.32.5 のような Kubernetes のバージョンである必要があります (`{0}` は指定できません)",
            value
        ),
    )
}

/// A `cluster` key that takes one of a few words, given another.
pub(crate) fn plan_choice(key: &(impl Arg + ?Sized), allowed: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`cluster.{0}` must be one of {1}",
            "`cluster.{0}` は {1} のいずれかである必要があります",
            key,
            allowed
        ),
    )
}

pub(crate) fn kubernetes_version() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`cluster.kubernetesVersion` must be a Kubernetes version such as 1.32 or 1.32.5",
            "`cluster.kubernetesVersion` は 1.32 や 1.32.5 のような Kubernetes のバージョンである必要があります"
        ),
    )
}

pub(crate) fn az_network_plugin_mode(value: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`--network-plugin-mode` must be overlay, not `{0}`",
            "`--network-plugin-mode` は overlay である必要があります (`{0}` は指定できません)",
            value
        ),
    )
}

pub(crate) fn az_ip_families(value: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`--ip-families` items must be ipv4 or ipv6, not `{0}`",
            "`--ip-families` の項目は ipv4 または ipv6 である必要があります (`{0}` は指定できません)",
            value
        ),
    )
}

pub(crate) fn az_outbound_ips(value: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`--load-balancer-outbound-ips` takes public IP resource IDs or addresses, not `{0}`",
            "`--load-balancer-outbound-ips` に指定できるのはパブリック IP のリソース ID またはアドレスです (`{0}` は指定できません)",
            value
        ),
    )
}

pub(crate) fn az_overlay_plugin(other: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`--network-plugin-mode overlay` works with `--network-plugin azure`, not {0}",
            "`--network-plugin-mode overlay` は `--network-plugin azure` と組み合わせて使用します ({0} とは組み合わせられません)",
            other
        ),
    )
}

pub(crate) fn wrong_type(
    path: &(impl Arg + ?Sized),
    expected: &(impl Arg + ?Sized),
    found: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must be {1}; found a {2}",
            "`{0}` は {1} である必要がありますが、{2} が指定されています",
            path,
            expected,
            found
        ),
    )
}

pub(crate) fn unquoted_string(
    path: &(impl Arg + ?Sized),
    k: &(impl Arg + ?Sized),
    found: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}.{1}` must be a string; YAML reads this value as a {2}: quote it",
            "`{0}.{1}` は文字列である必要がありますが、YAML はこの値を {2} として読み取ります。引用符で囲んでください",
            path,
            k,
            found
        ),
    )
}

pub(crate) fn manifest_not_a_mapping(found: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "a manifest must be a mapping with apiVersion, kind and metadata; found a {0}",
            "マニフェストは apiVersion、kind、metadata を持つマッピングである必要がありますが、{0} が指定されています",
            found
        ),
    )
}

pub(crate) fn list_items_not_a_list(found: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`items` of a List must be a list; found a {0}",
            "List の `items` はリストである必要がありますが、{0} が指定されています",
            found
        ),
    )
}

pub(crate) fn non_empty_string(
    path: &(impl Arg + ?Sized),
    found: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` must be a non-empty string; found a {1}",
            "`{0}` は空でない文字列である必要がありますが、{1} が指定されています",
            path,
            found
        ),
    )
}

pub(crate) fn policy_types_count() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`spec.policyTypes` has at most two items",
            "`spec.policyTypes` に指定できる項目は 2 つまでです"
        ),
    )
}

pub(crate) fn policy_type() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`spec.policyTypes` items must be `Ingress` or `Egress`",
            "`spec.policyTypes` の項目は `Ingress` または `Egress` である必要があります"
        ),
    )
}

pub(crate) fn items_not_mappings(
    path: &(impl Arg + ?Sized),
    found: &(impl Arg + ?Sized),
) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` items must be mappings; found a {1}",
            "`{0}` の項目はマッピングである必要がありますが、{1} が指定されています",
            path,
            found
        ),
    )
}

pub(crate) fn ip_block_combined() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`ipBlock` cannot be combined with `podSelector` or `namespaceSelector` in one peer",
            "1 つのピアで `ipBlock` を `podSelector` や `namespaceSelector` と組み合わせることはできません"
        ),
    )
}

pub(crate) fn peer_empty(path: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "an item of `{0}` must have podSelector, namespaceSelector or ipBlock",
            "`{0}` の項目には podSelector、namespaceSelector、ipBlock のいずれかが必要です",
            path
        ),
    )
}

pub(crate) fn not_a_cidr(path: &(impl Arg + ?Sized), value: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "`{0}` {1} is not a CIDR such as 10.0.0.0/16 or fd00::/8",
            "`{0}` の {1} は 10.0.0.0/16 や fd00::/8 のような CIDR ではありません",
            path,
            value
        ),
    )
}

pub(crate) fn port_range(n: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "port {0} is outside 1-65535",
            "ポート {0} が 1-65535 の範囲外です",
            n
        ),
    )
}

pub(crate) fn quoted_port(n: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "port \"{0}\" is quoted, so Kubernetes reads it as a port name: remove the quotes",
            "ポート \"{0}\" は引用符で囲まれているため、Kubernetes はポート名として読み取ります。引用符を削除してください",
            n
        ),
    )
}

pub(crate) fn port_type() -> Violation {
    Violation::new(
        CODE,
        text!(
            "`port` must be a number or a port name",
            "`port` は数値またはポート名である必要があります"
        ),
    )
}
