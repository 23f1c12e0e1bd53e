//! `aksnet check`: what was read, and what is wrong with it.

use std::io::Write;
use std::path::PathBuf;

use aksnet_core::migration::{self, ChangedFlow};
use aksnet_core::{
    Analysis, Code, Engine, Finding, Lang, ObjectSummary, Severity, SourceFile, text,
};
use anyhow::{Result, bail};
use serde::Serialize;

use super::Outcome;
use crate::args::{CheckFormat, EngineArgs};
use crate::escape::visible;
use crate::select::Selection;

/// `--engine`, `--migrate-to` and `--external`, checked.
pub struct Engines {
    /// The engine given with `--engine`, recorded in the JSON.
    engine: Option<Engine>,
    /// With `--migrate-to`: the move checked.
    migration: Option<(Engine, Engine)>,
    external: Vec<String>,
}

impl Engines {
    /// `--migrate-to` requires `--engine azure`, the move Microsoft's migration guide describes;
    /// `--cilium-version` names the target's release when the target is Cilium (a usage error,
    /// exit status 2, otherwise).
    pub fn new(args: &EngineArgs, migrate_to: Option<Engine>, external: &[String]) -> Result<Self> {
        let Some(target) = migrate_to else {
            return Ok(Self {
                engine: (args.engine.is_some() || args.cilium_version.is_some())
                    .then(|| args.engine())
                    .transpose()?,
                migration: None,
                external: Vec::new(),
            });
        };
        if args.engine != Some(Engine::Azure) {
            bail!(
                "--migrate-to {}: only with --engine azure (the move from Azure NPM that Microsoft's migration guide describes)",
                target.name()
            );
        }
        let target = match (target, args.cilium_version) {
            (Engine::Cilium(default), version) => Engine::Cilium(version.unwrap_or(default)),
            (_, Some(version)) => bail!(
                "--cilium-version {}: only with --migrate-to cilium",
                version.as_str()
            ),
            (engine, None) => engine,
        };
        Ok(Self {
            engine: Some(Engine::Azure),
            migration: Some((Engine::Azure, target)),
            external: external.to_vec(),
        })
    }
}

pub fn run(
    paths: &[PathBuf],
    format: CheckFormat,
    selection: &Selection,
    engines: &Engines,
    lang: Lang,
) -> Result<Outcome> {
    let mut analysis = crate::input::analyze(paths)?;
    let migration = engines.migration.map(|(from, to)| {
        let options = migration::Options {
            external: engines.external.clone(),
        };
        let found = migration::check_with(&analysis, from, to, &options);
        (from, to, found)
    });
    if let Some((_, _, found)) = &migration {
        // The migrate-* findings join the others, in the core's order.
        analysis.findings.extend(found.findings.iter().cloned());
        analysis
            .findings
            .sort_by_key(|f| (f.severity, f.file, f.span.start, f.code));
    }
    // Every output and the exit status describe the selected findings only.
    selection.retain(&mut analysis.findings);
    let sources = &analysis.sources;
    let mut out = std::io::stdout().lock();
    match format {
        CheckFormat::Text => {
            write_text(&mut out, sources, &analysis, lang)?;
            if let Some((from, to, found)) = &migration {
                write_flows(&mut out, *from, *to, &found.flows, lang)?;
            }
        }
        CheckFormat::Json => {
            let mut json = CheckJson::new(sources, &analysis, lang);
            json.engine = engines.engine;
            json.cilium_version = [engines.engine, engines.migration.map(|(_, to)| to)]
                .into_iter()
                .flatten()
                .find_map(|e| match e {
                    Engine::Cilium(version) => Some(version.as_str()),
                    _ => None,
                });
            json.migration = migration.as_ref().map(|(from, to, found)| MigrationJson {
                from: *from,
                to: *to,
                flows: &found.flows,
            });
            serde_json::to_writer_pretty(&mut out, &json)?;
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

/// How many changed flows the text output lists before it counts the rest.
const FLOWS_SHOWN: usize = 20;

/// The flows whose verdict the move changes, after the findings: `✓→✗ from → to port [codes]`.
fn write_flows(
    out: &mut impl Write,
    from: Engine,
    to: Engine,
    flows: &[ChangedFlow],
    lang: Lang,
) -> Result<()> {
    let target = match to {
        Engine::Cilium(version) => format!("{} {}", to.name(), version.as_str()),
        other => other.name().to_owned(),
    };
    let heading = text!(
        "\nFlows whose verdict changes from {0} to {1}: {2}",
        "\n{0} から {1} への移行で判定が変わる通信: {2} 件",
        from.name(),
        target,
        flows.len()
    );
    writeln!(out, "{}", heading.get(lang))?;
    let mark = |allowed: bool| if allowed { "✓" } else { "✗" };
    for flow in flows.iter().take(FLOWS_SHOWN) {
        let codes: Vec<&str> = flow.codes.iter().map(|c| c.as_str()).collect();
        let via = flow
            .via
            .as_ref()
            .map(|service| format!(" via {}", visible(service)))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}→{} {} → {} {}{via} [{}]",
            mark(flow.before),
            mark(flow.after),
            visible(&flow.from),
            visible(&flow.to),
            flow.port,
            codes.join(", ")
        )?;
    }
    if flows.len() > FLOWS_SHOWN {
        let more = text!(
            "  ... and {0} more (--format json lists them all)",
            "  ... ほか {0} 件 (--format json ですべて表示します)",
            flows.len() - FLOWS_SHOWN
        );
        writeln!(out, "{}", more.get(lang))?;
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
    /// The `--engine` given, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<Engine>,
    /// The Cilium release, when the engine or the migration's target is Cilium.
    #[serde(skip_serializing_if = "Option::is_none")]
    cilium_version: Option<&'static str>,
    /// With `--migrate-to`: the move and the flows whose verdict it changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    migration: Option<MigrationJson<'a>>,
}

#[derive(Serialize)]
struct MigrationJson<'a> {
    from: Engine,
    to: Engine,
    flows: &'a [ChangedFlow],
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
            engine: None,
            cilium_version: None,
            migration: None,
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
