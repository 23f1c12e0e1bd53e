//! What the analysis tells the user: a code, a message and where it applies.
//!
//! [`Finding`] is the one form every front end reads: the CLI's text, JSON (`check` and `plan`)
//! and SARIF, the page's lists, editor marks and quick fixes, and the page's worker, which sends
//! reports as JSON. It carries both languages and every position a front end shows, filled once
//! when the report is assembled ([`Finding::locate`], one [`LineIndex`] per text), so no front end
//! goes back to the source to place a finding.

use serde::{Deserialize, Serialize};

use crate::codes::Code;
pub use crate::codes::Severity;
use crate::fix::Fix;
use crate::span::{LineIndex, Position, Span, Utf16Position};
use crate::text::{Lang, Text};

/// One finding. Serialised (and read back) as the JSON object the CLI writes for each finding of
/// `check` and `plan` (docs/cli.md), field for field:
///
/// `{code, severity, message, file, ranges, line, column, object, fix?, message_ja, end_line,
/// end_column, start_utf16, end_utf16, file_index, span}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// The message in the report's language: English as the core writes it, the `--lang`
    /// language in the CLI's JSON ([`Finding::localized`]). See [`Finding::message_in`].
    pub message: String,
    /// The name of the source it was found in (`file` in JSON), filled by [`Finding::locate`].
    #[serde(rename = "file")]
    pub file_name: String,
    /// The ranges and addresses the finding is about, as the user wrote them.
    pub ranges: Vec<String>,
    /// 1-based line and column (in characters) of the span's start, as the CLI prints them.
    #[serde(flatten)]
    pub position: Position,
    /// `namespace/kind/name` of the object the finding is about, when there is one.
    pub object: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// The message in Japanese, whatever the report's language.
    pub message_ja: String,
    /// 1-based line and column (in characters) of the span's end.
    pub end_line: usize,
    pub end_column: usize,
    /// The span's start and end as browser editors count them.
    pub start_utf16: Utf16Position,
    pub end_utf16: Utf16Position,
    /// Which of the analysed sources it was found in, by index (`file_index` in JSON).
    #[serde(rename = "file_index")]
    pub file: usize,
    /// The byte range it is about in that source.
    pub span: Span,
}

impl Finding {
    pub fn new(code: Code, file: usize, span: Span, message: Text) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.en,
            file_name: String::new(),
            ranges: Vec::new(),
            position: Position::default(),
            object: None,
            fix: None,
            message_ja: message.ja,
            end_line: 0,
            end_column: 0,
            start_utf16: Utf16Position::default(),
            end_utf16: Utf16Position::default(),
            file,
            span,
        }
    }

    /// The message in `lang`.
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.message,
            Lang::Ja => &self.message_ja,
        }
    }

    /// The message in both languages.
    pub fn message_text(&self) -> Text {
        Text::new(self.message_in(Lang::En), self.message_in(Lang::Ja))
    }

    /// The same finding with its `message` and its fix's `title` in `lang`, as the CLI writes
    /// them for `--lang` (the Japanese stays in `message_ja` and `title_ja`).
    #[must_use]
    pub fn localized(&self, lang: Lang) -> Self {
        let mut finding = self.clone();
        if lang == Lang::Ja {
            finding.message.clone_from(&self.message_ja);
            if let Some(fix) = &mut finding.fix {
                fix.title.clone_from(&fix.title_ja);
            }
        }
        finding
    }

    /// Fills every position from `span`: line and column, end, UTF-16 points, the fix's edits'
    /// lines and columns, and the source's name. `index` is `text`'s, built once per text by
    /// whoever assembles the report.
    pub fn locate(&mut self, name: &str, text: &str, index: &LineIndex) {
        let end = index.position(text, self.span.end);
        name.clone_into(&mut self.file_name);
        self.position = index.position(text, self.span.start);
        self.end_line = end.line;
        self.end_column = end.column;
        self.start_utf16 = index.utf16_position(text, self.span.start);
        self.end_utf16 = index.utf16_position(text, self.span.end);
        if let Some(fix) = &mut self.fix {
            for edit in &mut fix.edits {
                edit.position = index.position(text, edit.span.start);
            }
        }
    }

    #[must_use]
    pub fn with_ranges<S: Into<String>>(mut self, ranges: impl IntoIterator<Item = S>) -> Self {
        self.ranges = ranges.into_iter().map(Into::into).collect();
        self
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    #[must_use]
    pub fn with_object(mut self, object: Option<String>) -> Self {
        self.object = object;
        self
    }
}

/// Fills the positions of `findings` found in `text`, named `name`, with one line index.
pub fn locate(findings: &mut [Finding], name: &str, text: &str) {
    let index = LineIndex::new(text);
    for finding in findings {
        finding.locate(name, text, &index);
    }
}

// serde_json is a native dev-dependency only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::plan::check_plan;
    use crate::{Finding, SourceFile, analyze};

    /// Reports built by the core, with fixes, ranges, objects and text beyond ASCII.
    fn reports() -> Vec<Vec<Finding>> {
        let manifests = [
            SourceFile::new(
                "deprecated.yaml",
                include_str!("../../tests/fixtures/rules/np-deprecated-api/fail.yaml"),
            ),
            SourceFile::new(
                "ipblock.yaml",
                include_str!("../../tests/fixtures/rules/np-ipblock-not-canonical/fail.yaml"),
            ),
            SourceFile::new("名前.yaml", "kind: Pod\nmetadata: {name: \"🙂\"}\n"),
        ];
        let plan = SourceFile::new(
            "plan.yaml",
            include_str!("../../tests/fixtures/plan/cidr-not-canonical/fail.yaml"),
        );
        vec![analyze(&manifests).findings, check_plan(&plan, 0).findings]
    }

    /// The page's worker sends reports as JSON: what the core built comes back unchanged, every
    /// position and both languages included.
    #[test]
    fn a_report_round_trips_through_json_unchanged() {
        for findings in reports() {
            assert!(findings.iter().any(|f| f.fix.is_some()), "{findings:?}");
            let json = serde_json::to_string(&findings).unwrap();
            let back: Vec<Finding> = serde_json::from_str(&json).unwrap();
            assert_eq!(back, findings);
        }
    }

    /// Positions are filled when the report is assembled: no front end places a finding itself.
    #[test]
    fn reports_come_with_every_position_filled() {
        for finding in reports().iter().flatten() {
            assert!(!finding.file_name.is_empty(), "{finding:?}");
            assert!(finding.position.line >= 1 && finding.position.column >= 1);
            assert!(
                (finding.end_line, finding.end_column)
                    >= (finding.position.line, finding.position.column),
                "{finding:?}"
            );
            assert_eq!(finding.start_utf16.line, finding.position.line);
            assert_eq!(finding.end_utf16.line, finding.end_line);
            assert!(!finding.message_ja.is_empty());
            for edit in finding.fix.iter().flat_map(|f| &f.edits) {
                assert!(edit.position.line >= 1, "{finding:?}");
            }
        }
    }
}
