//! `yaml-syntax`: text that cannot be read as YAML (or JSON, which YAML reads).
//!
//! ## What it finds
//! A document the parser stops on: bad indentation, an unclosed flow collection or quote.
//! core/src/yaml.rs reports it with the parser's own description. Text that is not UTF-8 is
//! read as U+FFFD and reported where it starts (core/src/manifest.rs).
//!
//! ## Why it matters
//! `kubectl apply -f` refuses the whole file; aksnet reads the other documents and says which
//! one it could not read.
//!
//! ## Source
//! - YAML 1.2.2. <https://yaml.org/spec/1.2.2/>
//! - Kubernetes, "Managing Kubernetes Objects Using Declarative Configuration".
//!   <https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/>
//!
//! Page: docs/rules/yaml-syntax.md.

use crate::codes::Code;
use crate::rules::violation::Violation;
use crate::text;
use crate::text::Arg;

const CODE: Code = Code::YamlSyntax;

pub(crate) fn parse_error(error: &(impl Arg + ?Sized)) -> Violation {
    Violation::new(
        CODE,
        text!("YAML syntax error: {0}", "YAML の構文エラー: {0}", error),
    )
}

/// Text that is not UTF-8: read as U+FFFD, and reported where it starts.
pub(crate) fn invalid_utf8() -> Violation {
    Violation::new(
        CODE,
        text!(
            "invalid UTF-8: read as U+FFFD here and wherever else it occurs; the text must be UTF-8",
            "無効な UTF-8 です。ここと同様の箇所はすべて U+FFFD として読み取りました。テキストは UTF-8 である必要があります"
        ),
    )
}
