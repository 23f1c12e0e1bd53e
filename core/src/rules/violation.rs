//! A code with its message, before anyone places it: what the codes' own modules return, so
//! that the readers which find a problem (YAML, manifests, fields, plans) depend on the wording
//! and not on the rules that run over the model.

use crate::codes::Code;
use crate::finding::Finding;
use crate::span::Span;
use crate::text::Text;

/// A finding's code with its message, as the code's own module words it (the messages of
/// `manifest-invalid-field` are in `rules::manifest::invalid_field`, ...); whoever finds the
/// problem places it with [`Violation::at`] or `FieldReader::raise`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Violation {
    pub code: Code,
    pub message: Text,
}

impl Violation {
    pub(crate) fn new(code: Code, message: Text) -> Self {
        Self { code, message }
    }

    /// The finding at `span` of source `file`.
    pub(crate) fn at(self, file: usize, span: Span) -> Finding {
        Finding::new(self.code, file, span, self.message)
    }
}
