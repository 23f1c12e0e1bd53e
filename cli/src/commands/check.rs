//! `aksnet check`: what was read, and what is wrong with it.

use std::io::Write;
use std::path::PathBuf;

use aksnet_core::{Analysis, Finding, ObjectSummary, Severity, SourceFile};
use anyhow::Result;
use serde::Serialize;

use super::Outcome;
use crate::args::Format;
use crate::input::read_sources;

pub fn run(paths: &[PathBuf], format: Format) -> Result<Outcome> {
    let sources = read_sources(paths)?;
    let analysis = aksnet_core::analyze(&sources);
    let mut out = std::io::stdout().lock();
    match format {
        Format::Text => write_text(&mut out, &sources, &analysis)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &CheckJson::new(&sources, &analysis))?;
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

fn write_text(out: &mut impl Write, sources: &[SourceFile], analysis: &Analysis) -> Result<()> {
    let objects = analysis.objects(sources);
    for object in &objects {
        let name = match &object.namespace {
            Some(ns) => format!("{ns}/{}", object.name),
            None => object.name.clone(),
        };
        let place = format!("{}:{}", file_name(sources, object.file), object.line);
        writeln!(out, "{:<22} {:<40} {place}", object.kind, name)?;
    }
    if !objects.is_empty() && !analysis.findings.is_empty() {
        writeln!(out)?;
    }
    for finding in &analysis.findings {
        write_finding(out, sources, finding)?;
    }
    let count = |severity| {
        analysis
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    };
    writeln!(
        out,
        "{}; {}, {}, {}",
        counted(objects.len(), "object", "objects"),
        counted(count(Severity::Error), "error", "errors"),
        counted(count(Severity::Warning), "warning", "warnings"),
        counted(count(Severity::Info), "info", "infos"),
    )?;
    Ok(())
}

/// `file:line:column: severity[code]: message (object)`, as compilers print diagnostics.
pub fn write_finding(
    out: &mut impl Write,
    sources: &[SourceFile],
    finding: &Finding,
) -> Result<()> {
    write!(
        out,
        "{}:{}:{}: {}[{}]: {}",
        file_name(sources, finding.file),
        finding.position.line,
        finding.position.column,
        finding.severity,
        finding.code,
        finding.message
    )?;
    match &finding.object {
        Some(object) => writeln!(out, " ({object})")?,
        None => writeln!(out)?,
    }
    Ok(())
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The JSON contract: `{"objects": [...], "findings": [{code, severity, message, file, line,
/// column, object}]}`.
#[derive(Serialize)]
struct CheckJson<'a> {
    objects: Vec<ObjectJson<'a>>,
    findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
struct ObjectJson<'a> {
    kind: String,
    name: String,
    namespace: Option<String>,
    file: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    object: Option<&'a str>,
}

impl<'a> CheckJson<'a> {
    fn new(sources: &'a [SourceFile], analysis: &'a Analysis) -> Self {
        let object = |o: ObjectSummary| ObjectJson {
            file: file_name(sources, o.file),
            kind: o.kind,
            name: o.name,
            namespace: o.namespace,
            line: o.line,
        };
        let finding = |f: &'a Finding| FindingJson {
            code: f.code.as_str(),
            severity: f.severity.as_str(),
            message: &f.message,
            file: file_name(sources, f.file),
            line: f.position.line,
            column: f.position.column,
            object: f.object.as_deref(),
        };
        Self {
            objects: analysis.objects(sources).into_iter().map(object).collect(),
            findings: analysis.findings.iter().map(finding).collect(),
        }
    }
}
