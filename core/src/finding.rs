//! What the analysis tells the user: a code, a message and where it applies.

use serde::{Deserialize, Serialize};

use crate::codes::Code;
use crate::fix::Fix;
use crate::span::{Position, Span};
use crate::text::{Lang, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding. `file` indexes the analysed sources; `position` is filled from `span` when the
/// report is assembled, so every front end prints the same line and column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// The message in English: what JSON and SARIF carry.
    pub message: String,
    /// The same message in Japanese; see [`Finding::message_in`].
    #[serde(skip)]
    pub message_ja: String,
    #[serde(skip)]
    pub file: usize,
    pub span: Span,
    #[serde(flatten)]
    pub position: Position,
    /// `namespace/kind/name` of the object the finding is about, when there is one.
    pub object: Option<String>,
    /// The ranges and addresses the finding is about, as the user wrote them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(code: Code, file: usize, span: Span, message: Text) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.en,
            message_ja: message.ja,
            file,
            span,
            position: Position::default(),
            object: None,
            ranges: Vec::new(),
            fix: None,
        }
    }

    /// The message in `lang`.
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.message,
            Lang::Ja => &self.message_ja,
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
