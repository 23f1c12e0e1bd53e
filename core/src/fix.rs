//! Fixes are data: text edits on the user's source, so that comments, key order and quoting
//! outside the edited spans stay exactly as written. The CLI, the corrected-output pane and the
//! editor's quick fixes all apply the same edits.

use serde::{Deserialize, Serialize};

use crate::codes::Code;
use crate::span::{Position, Span};
use crate::text::{Lang, Text};

/// Replace the text at `span` with `text` (an empty span inserts). Serialised as `{line, column,
/// start, end, text}`: `line` and `column` are where `span` starts, filled with the finding's
/// positions ([`crate::Finding::locate`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    #[serde(flatten)]
    pub position: Position,
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
}

impl Edit {
    pub fn replace(span: Span, text: impl Into<String>) -> Self {
        Self {
            position: Position::default(),
            span,
            text: text.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self::replace(Span::empty(at), text)
    }
}

/// Whether applying a fix keeps what the input means (ruff's `Applicability`). Ordered from the
/// least to the most safe, so that "apply every fix at least as safe as X" is a comparison:
/// `Safe` applies safe fixes only, `Unsafe` every fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The fix changes what the input does: which traffic flows, which addresses the deployed
    /// network uses, how a pod runs. Applied only when asked (`aksnet fix --unsafe-fixes`, a
    /// checked box in the page's corrected view).
    Unsafe,
    /// The fix keeps the meaning and only rewrites how it is written (a canonical CIDR, a served
    /// apiVersion, a value the API server would infer). Applied by every "apply all fixes".
    Safe,
}

impl Applicability {
    /// `"safe"` or `"unsafe"`, as JSON, SARIF and the rule pages write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

impl std::fmt::Display for Applicability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An automatic fix. Serialised as `{title, applicability, title_ja, edits}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What applying it does, such as "Use 10.96.0.0/16", in the report's language: English as
    /// the core writes it, the `--lang` language in the CLI's JSON ([`crate::Finding::localized`]).
    pub title: String,
    /// Whether it keeps the input's meaning; every construction site states it.
    pub applicability: Applicability,
    /// The title in Japanese, whatever the report's language; see [`Fix::title_in`].
    pub title_ja: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// `text`, the text the fix was computed from, with its edits applied.
    pub fn apply_to(&self, text: &str) -> String {
        apply(text, &self.edits).0
    }

    /// A fix that keeps the meaning (ruff's `Fix::safe_edits`).
    pub fn safe_edits(title: Text, edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Safe, title, edits)
    }

    /// A fix that changes the meaning (ruff's `Fix::unsafe_edits`).
    pub fn unsafe_edits(title: Text, edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Unsafe, title, edits)
    }

    pub fn new(applicability: Applicability, title: Text, edits: Vec<Edit>) -> Self {
        Self {
            title: title.en,
            applicability,
            title_ja: title.ja,
            edits,
        }
    }

    /// The title in `lang`.
    pub fn title_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.title,
            Lang::Ja => &self.title_ja,
        }
    }

    /// The title in both languages.
    pub fn title_text(&self) -> Text {
        Text::new(self.title_in(Lang::En), self.title_in(Lang::Ja))
    }

    /// Whether an "apply all fixes" that asks for `required` applies this fix: a safe fix
    /// always, an unsafe one only when unsafe fixes were asked for.
    pub fn applies(&self, required: Applicability) -> bool {
        self.applicability >= required
    }
}

impl Code {
    /// The applicability of the fix findings of this code carry; `None` for codes that have no
    /// automatic fix. Every code is listed (no wildcard), so a new code states its own; the rule
    /// page says the same in its `**Fix applicability:**` line, and `core/tests/applicability.rs`
    /// checks the fixes the rules build, the table and the pages agree.
    pub const fn fix_applicability(self) -> Option<Applicability> {
        use Applicability::{Safe, Unsafe};
        match self {
            // Notation only: the same object, written the way the API server or Azure takes it.
            Code::NpDeprecatedApi
            | Code::NpMissingPolicyTypes
            | Code::IngressPathTypeMissing
            | Code::CidrNotCanonical
            | Code::AuthorizedRangeNotCanonical
            | Code::AzPowershellEmptyArgument => Some(Safe),
            // What flows, what the pod may do, or which addresses the deployed network uses.
            Code::NpNoDefaultDeny
            | Code::NpSplitPeer
            | Code::NpEgressBlocksDns
            | Code::PodPrivilegeEscalation
            | Code::CidrOverlap
            | Code::SubnetTooSmall
            | Code::DnsIpOutsideServiceCidr
            | Code::DnsIpReserved
            | Code::ServiceCidrReservedRange
            | Code::ServiceCidrPublic
            | Code::PodCidrReservedRange
            | Code::MaxPodsPoolMinimum
            | Code::NetworkPolicyUnsupported
            // The migration's fixes change which traffic flows, or add objects only Cilium takes.
            | Code::MigrateEndport
            | Code::MigrateIpblockPods
            | Code::MigrateIpblockNodes
            | Code::MigrateNamedPort
            | Code::MigrateEgressOwnNode
            | Code::MigrateLbIngress => Some(Unsafe),
            // Nothing to rewrite automatically: the user has to choose.
            Code::YamlSyntax
            | Code::YamlDuplicateKey
            | Code::YamlLimit
            | Code::ManifestMissingField
            | Code::ManifestInvalidField
            | Code::ManifestUnknownKind
            | Code::ManifestInvalidName
            | Code::NpInvalidSelector
            | Code::NpEndportInvalid
            | Code::NpIpblockExceptOutside
            | Code::NpIpblockNotCanonical
            | Code::CidrInvalid
            | Code::SubnetOutsideVnet
            | Code::SubnetSizeInvalid
            | Code::ServiceCidrTooLarge
            | Code::PodCidrTooSmall
            | Code::PodCidrIgnored
            | Code::VnetReservedRange
            | Code::MaxPodsOutOfRange
            | Code::NodeCountLimit
            | Code::IpFamilyMismatch
            | Code::DockerBridgeDeprecated
            | Code::AuthorizedRangesTooMany
            | Code::AuthorizedRangesPrivateCluster
            | Code::AuthorizedRangeSpecialMixed
            | Code::AuthorizedRangePrivate
            | Code::AuthorizedRangeLoadBalancerOnly
            | Code::AuthorizedRangeInternet
            | Code::ServiceTagMultiple
            | Code::AuthorizedRangesMissEgress
            | Code::PrivateDnsZoneFormat
            | Code::PrivateClusterUnreachable
            | Code::PrivateDnsZoneUnlinked
            | Code::PlanReferenceMissing
            | Code::NetworkPolicyRetiring
            | Code::NetworkPolicyNone
            | Code::AzSyntax
            | Code::AzUnresolvedVariable
            | Code::AzLimit
            | Code::NpSelectsNothing
            | Code::PlanUnknownKey
            | Code::NpPeerMatchesNothing
            | Code::NpNamedPortUnresolved
            | Code::NpRedundant
            | Code::NpWindowsPod
            | Code::PodRunsAsRoot
            | Code::PodPrivileged
            | Code::PodHostNetwork
            | Code::IngressTlsHostMismatch
            | Code::IngressBackendMissing => None,
        }
    }
}

/// Applies edits to `text`. Edits are applied from the end so spans stay valid; an edit that
/// overlaps one already applied, or whose span is not on character boundaries, is skipped.
/// Returns the new text and how many edits were applied.
pub fn apply(text: &str, edits: &[Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    // Insertions at the same point keep their order, except that one starting a new document
    // goes last: it ends the document the others extend (`egress:` at the very end of a text).
    sorted.sort_by_key(|e| (e.span.start, e.span.end, starts_document(&e.text)));
    sorted.dedup_by(|a, b| a == b);
    let mut out = text.to_owned();
    let mut applied = 0;
    let mut floor = usize::MAX;
    for edit in sorted.into_iter().rev() {
        let Span { start, end } = edit.span;
        if end > floor
            || start > end
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
            || end > text.len()
        {
            continue;
        }
        out.replace_range(start..end, &edit.text);
        floor = start;
        applied += 1;
    }
    (out, applied)
}

fn starts_document(text: &str) -> bool {
    text.trim_start_matches(['\r', '\n']).starts_with("---")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_from_the_end_and_keep_the_rest() {
        let text = "a: 1 # keep\nb: 2\n";
        let edits = [
            Edit::replace(Span::new(3, 4), "10"),
            Edit::replace(Span::new(15, 16), "20"),
        ];
        assert_eq!(apply(text, &edits), ("a: 10 # keep\nb: 20\n".to_owned(), 2));
    }

    #[test]
    fn overlapping_and_out_of_range_edits_are_skipped() {
        let text = "abcdef";
        let edits = [
            Edit::replace(Span::new(1, 4), "X"),
            Edit::replace(Span::new(3, 5), "Y"),
            Edit::replace(Span::new(90, 99), "Z"),
        ];
        assert_eq!(apply(text, &edits), ("abcYf".to_owned(), 1));
        assert_eq!(apply("é", &[Edit::replace(Span::new(1, 2), "x")]).1, 0);
    }

    #[test]
    fn identical_edits_count_once() {
        let edit = Edit::insert(0, "x");
        assert_eq!(apply("a", &[edit.clone(), edit]), ("xa".to_owned(), 1));
    }
}
