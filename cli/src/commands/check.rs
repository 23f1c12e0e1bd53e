//! `aksnet check`: what was read, and what is wrong with it.

use std::io::Write;
use std::path::PathBuf;

use aksnet_core::{Analysis, Code, Finding, Lang, ObjectSummary, Severity, SourceFile, text};
use anyhow::{Result, bail};
use serde::Serialize;

use super::Outcome;
use crate::args::CheckFormat;
use crate::escape::visible;
use crate::select::Selection;

pub fn run(
    paths: &[PathBuf],
    format: CheckFormat,
    selection: &Selection,
    lang: Lang,
) -> Result<Outcome> {
    let mut analysis = crate::input::analyze(paths)?;
    // Every output and the exit status describe the selected findings only.
    selection.retain(&mut analysis.findings);
    let sources = &analysis.sources;
    let mut out = std::io::stdout().lock();
    match format {
        CheckFormat::Text => write_text(&mut out, sources, &analysis, lang)?,
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &CheckJson::new(sources, &analysis, lang))?;
            writeln!(out)?;
        }
        CheckFormat::Sarif => {
            serde_json::to_writer_pretty(&mut out, &sarif(sources, &analysis, lang))?;
            writeln!(out)?;
        }
    }
    Ok(if analysis.has_errors() {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}

fn file_name(sources: &[SourceFile], file: usize) -> &str {
    sources.get(file).map_or("<input>", |s| s.name.as_str())
}

fn write_text(
    out: &mut impl Write,
    sources: &[SourceFile],
    analysis: &Analysis,
    lang: Lang,
) -> Result<()> {
    let objects = analysis.objects();
    for object in &objects {
        let name = match &object.namespace {
            Some(ns) => format!("{ns}/{}", object.name),
            None => object.name.clone(),
        };
        let place = format!("{}:{}", file_name(sources, object.file), object.line);
        writeln!(
            out,
            "{:<22} {:<40} {}",
            visible(&object.kind),
            visible(&name),
            visible(&place)
        )?;
        if let Some(summary) = &object.summary {
            writeln!(out, "    {}", visible(summary.get(lang)))?;
        }
    }
    if !objects.is_empty() && !analysis.findings.is_empty() {
        writeln!(out)?;
    }
    for finding in &analysis.findings {
        write_finding(out, sources, finding, lang)?;
    }
    let count = |severity| {
        analysis
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    };
    let summary = text!(
        "{0}; {1}, {2}, {3}",
        "オブジェクト {0} 個、エラー {1} 件、警告 {2} 件、情報 {3} 件",
        counted(objects.len(), "object", "objects"),
        counted(count(Severity::Error), "error", "errors"),
        counted(count(Severity::Warning), "warning", "warnings"),
        counted(count(Severity::Info), "info", "infos"),
    );
    writeln!(out, "{}", summary.get(lang))?;
    Ok(())
}

/// `file:line:column: severity[code]: message (object)`, as compilers print diagnostics; one
/// line whatever the names hold.
pub fn write_finding(
    out: &mut impl Write,
    sources: &[SourceFile],
    finding: &Finding,
    lang: Lang,
) -> Result<()> {
    write!(
        out,
        "{}:{}:{}: {}[{}]: {}",
        visible(file_name(sources, finding.file)),
        finding.position.line,
        finding.position.column,
        finding.severity,
        finding.code,
        visible(finding.message_in(lang))
    )?;
    match &finding.object {
        Some(object) => writeln!(out, " ({})", visible(object))?,
        None => writeln!(out)?,
    }
    Ok(())
}

/// "1 error", "2 errors" in English; the bare count in Japanese, which has no plural.
fn counted(n: usize, one: &str, many: &str) -> aksnet_core::Text {
    aksnet_core::Text::new(
        format!("{n} {}", if n == 1 { one } else { many }),
        n.to_string(),
    )
}

/// The JSON contract: `{"objects": [...], "findings": [...]}`, each finding in the core's one
/// form ([`Finding`]) with its message and fix title in `--lang` (docs/cli.md lists the fields).
#[derive(Serialize)]
struct CheckJson<'a> {
    objects: Vec<ObjectJson<'a>>,
    findings: Vec<Finding>,
}

#[derive(Serialize)]
struct ObjectJson<'a> {
    kind: String,
    name: String,
    namespace: Option<String>,
    file: &'a str,
    line: usize,
    /// For a NetworkPolicy, what it does in one line, in both languages.
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<aksnet_core::Text>,
}

impl<'a> CheckJson<'a> {
    fn new(sources: &'a [SourceFile], analysis: &'a Analysis, lang: Lang) -> Self {
        let object = |o: ObjectSummary| ObjectJson {
            file: file_name(sources, o.file),
            kind: o.kind,
            name: o.name,
            namespace: o.namespace,
            line: o.line,
            summary: o.summary,
        };
        Self {
            objects: analysis.objects().into_iter().map(object).collect(),
            findings: analysis
                .findings
                .iter()
                .map(|f| f.localized(lang))
                .collect(),
        }
    }
}

/// `aksnet check --explain CODE`: the rule's page.
pub fn explain(code: &str, lang: Lang) -> Result<Outcome> {
    let Some(known) = Code::parse(code) else {
        bail!("no finding code `{code}`: see docs/rules/README.md for the list");
    };
    let Some(page) = aksnet_core::rules::doc_in(known, lang) else {
        bail!("`{code}` has no page yet");
    };
    let mut out = std::io::stdout().lock();
    write!(out, "{page}")?;
    Ok(Outcome::Clean)
}

/// Where each code's page is published.
const RULES_URL: &str = "https://github.com/aksnet/aksnet/blob/main/docs/rules";

/// SARIF 2.1.0: one run, the codes that occur as rules, one result per finding.
fn sarif(sources: &[SourceFile], analysis: &Analysis, lang: Lang) -> serde_json::Value {
    let mut codes: Vec<Code> = analysis.findings.iter().map(|f| f.code).collect();
    codes.sort();
    codes.dedup();
    let rules: Vec<serde_json::Value> = codes
        .iter()
        .map(|code| {
            serde_json::json!({
                "id": code.as_str(),
                "helpUri": format!("{RULES_URL}/{code}.md"),
                "defaultConfiguration": {"level": sarif_level(code.severity())},
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = analysis
        .findings
        .iter()
        .map(|f| {
            let mut result = serde_json::json!({
                "ruleId": f.code.as_str(),
                "level": sarif_level(f.severity),
                "message": {"text": f.message_in(lang)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file_name(sources, f.file)},
                        "region": {"startLine": f.position.line, "startColumn": f.position.column},
                    },
                    "logicalLocations": f.object.iter().map(|o| serde_json::json!({"fullyQualifiedName": o})).collect::<Vec<_>>(),
                }],
            });
            if let (Some(fix), Some(object)) = (&f.fix, result.as_object_mut()) {
                object.insert("fixes".to_owned(), sarif_fix(file_name(sources, f.file), fix, lang));
            }
            result
        })
        .collect();
    serde_json::json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {
                "name": "aksnet",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/aksnet/aksnet",
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// A SARIF `fix`: its edits as byte-range replacements, and its applicability in the fix's
/// property bag (`properties.applicability`: `"safe"` or `"unsafe"`).
fn sarif_fix(uri: &str, fix: &aksnet_core::Fix, lang: Lang) -> serde_json::Value {
    let replacements: Vec<serde_json::Value> = fix
        .edits
        .iter()
        .map(|edit| {
            serde_json::json!({
                "deletedRegion": {
                    "byteOffset": edit.span.start,
                    "byteLength": edit.span.end.saturating_sub(edit.span.start),
                },
                "insertedContent": {"text": edit.text},
            })
        })
        .collect();
    serde_json::json!([{
        "description": {"text": fix.title_in(lang)},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri},
            "replacements": replacements,
        }],
        "properties": {"applicability": fix.applicability.as_str()},
    }])
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
