//! Checks on manifests, one module per finding code (as ruff and clippy organise lints). Each
//! module's doc comment says what it finds and why; `docs/rules/<code>.md` is its page, shown by
//! `aksnet check --explain CODE` and in the playground.

pub(crate) mod az;
mod ingress;
pub(crate) mod manifest;
pub(crate) mod netpol;
pub(crate) mod plan;
mod pod;
pub(crate) mod violation;
pub(crate) mod yaml;

use crate::cluster::Cluster;
use crate::codes::Code;
use crate::finding::Finding;
use crate::fix::Fix;
use crate::manifest::{Manifest, SourceFile};
use crate::span::Span;
use crate::text::Text;

/// What every rule sees, and where it reports.
pub(crate) struct Context<'a> {
    pub sources: &'a [SourceFile],
    pub manifests: &'a [Manifest],
    pub cluster: &'a Cluster,
    pub findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    /// The source text an object came from.
    pub fn text(&self, manifest: &Manifest) -> &'a str {
        self.sources
            .get(manifest.file)
            .map_or("", |s| s.text.as_str())
    }

    pub fn report(
        &mut self,
        manifest: &Manifest,
        code: Code,
        span: Span,
        message: Text,
        fix: Option<Fix>,
    ) {
        let mut finding = Finding::new(code, manifest.file, span, message)
            .with_object(Some(manifest.object_ref()));
        finding.fix = fix;
        self.findings.push(finding);
    }

    /// The NetworkPolicy manifests, with their evaluated form when Kubernetes would accept them.
    pub fn policies(&self) -> impl Iterator<Item = &'a Manifest> + use<'a> {
        let manifests: &'a [Manifest] = self.manifests;
        manifests
            .iter()
            .filter(|m| m.known_kind() == Some(crate::manifest::Kind::NetworkPolicy))
    }
}

pub(crate) use manifest::invalid_name::refused as refused_name;

/// Runs every rule.
pub(crate) fn run(context: &mut Context<'_>) {
    netpol::run(context);
    pod::run(context);
    ingress::run(context);
    manifest::run(context);
}

/// The page of a code (`docs/rules/<code>.md`), for `--explain` and the tests; embedded with the
/// `rule-pages` feature (the playground fetches the page instead).
#[cfg(feature = "rule-pages")]
pub fn doc(code: Code) -> Option<&'static str> {
    crate::codes::doc_page(code)
}

/// The page of a code in `lang` (`docs/rules/ja/<code>.md` for Japanese).
#[cfg(feature = "rule-pages")]
pub fn doc_in(code: Code, lang: crate::text::Lang) -> Option<&'static str> {
    crate::codes::doc_page_in(code, lang)
}

/// For rule tests: the findings of `code` in `text`, read as one file.
#[cfg(test)]
pub(crate) fn findings_of(text: &str, code: Code) -> Vec<Finding> {
    crate::analyze(&[SourceFile::new("test.yaml", text)])
        .findings
        .into_iter()
        .filter(|f| f.code == code)
        .collect()
}

/// For rule tests: whether each finding of `code` in `text` carries a fix, and `text` with
/// those fixes applied.
#[cfg(test)]
pub(crate) fn findings_and_fixed(text: &str, code: Code) -> (Vec<bool>, String) {
    let findings = findings_of(text, code);
    let edits: Vec<crate::fix::Edit> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|f| f.edits.clone())
        .collect();
    let fixed = findings.iter().map(|f| f.fix.is_some()).collect();
    (fixed, crate::fix::apply(text, &edits).0)
}
