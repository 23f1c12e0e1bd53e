//! `yaml-limit`: input past one of the reading bounds (size, documents, depth, nodes counting
//! alias expansion, List items, pods and workloads); docs/limits.md lists them.
//!
//! ## Why it matters
//! Alias bombs and deep nesting exhaust a reader (CVE-2019-11253 did it to the API server); past
//! a bound aksnet stops reading at that line and says so, and the answer is incomplete.
//!
//! ## Source
//! - CVE-2019-11253. <https://github.com/kubernetes/kubernetes/issues/83253>
//! - YAML 1.2.2, "Node Anchors" and "Alias Nodes". <https://yaml.org/spec/1.2.2/#anchors-and-aliases>
//!
//! Page: docs/rules/yaml-limit.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::YamlLimit;

pub(crate) fn too_many_endpoints(max: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "more than {0} pods and workloads: this one and those after it are not analysed",
            "ポッドとワークロードが {0} 個を超えています。これ以降は分析しません",
            max
        ),
    )
}

pub(crate) fn too_many_list_items(max: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "more than {0} items in one List: this one and the rest are not read",
            "1 つの List に {0} 個を超える項目があります。この項目以降は読み取りません",
            max
        ),
    )
}

pub(crate) fn input_too_large(size: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "input larger than {0}: this document and the rest are not read",
            "入力が {0} を超えています。このドキュメント以降は読み取りません",
            size
        ),
    )
}

pub(crate) fn too_many_documents(max: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "more than {0} documents: this one and the rest are not read",
            "ドキュメントが {0} 個を超えています。このドキュメント以降は読み取りません",
            max
        ),
    )
}

pub(crate) fn too_deep(max: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "nesting deeper than {0} levels is not read",
            "{0} レベルより深い入れ子は読み取られません",
            max
        ),
    )
}

pub(crate) fn too_many_nodes(max: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!(
            "more than {0} YAML nodes, counting what aliases expand to; the rest of the input is not read",
            "YAML ノードが {0} 個を超えています (エイリアスの展開分を含む)。入力の残りは読み取られません",
            max
        ),
    )
}
