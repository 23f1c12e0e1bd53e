//! `aksnet plan`: check an address plan.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use aksnet_core::plan::{FreeSpace, Need, PlanReport, check_plan};
use aksnet_core::{Finding, LineIndex, SourceFile};
use anyhow::{Result, bail};
use serde::Serialize;

use super::Outcome;
use super::check::write_finding;
use crate::args::Format;
use crate::input::read_sources;

pub fn run(path: &PathBuf, check_ip: Option<IpAddr>, format: Format) -> Result<Outcome> {
    let sources = read_sources(std::slice::from_ref(path))?;
    let Some(source) = sources.first() else {
        bail!("{}: no plan file found", path.display());
    };
    if sources.len() > 1 {
        bail!(
            "{}: give one plan file, not a directory of them",
            path.display()
        );
    }
    let report = check_plan(source, 0);
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &PlanJson::new(&source.text, &report, check_ip),
            )?;
            writeln!(out)?;
        }
        Format::Text => write_text(&mut out, &sources, &report, check_ip)?,
    }
    Ok(if report.has_errors() {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}

fn write_text(
    out: &mut impl Write,
    sources: &[SourceFile],
    report: &PlanReport,
    check_ip: Option<IpAddr>,
) -> Result<()> {
    for finding in &report.findings {
        write_finding(out, sources, finding)?;
        if let Some(fix) = &finding.fix {
            writeln!(out, "    fix: {}", fix.title)?;
        }
    }
    if report.findings.is_empty() {
        writeln!(out, "no findings")?;
    }
    if !report.sizing.is_empty() {
        writeln!(
            out,
            "\nsizing (Azure reserves 5 addresses in every subnet):"
        )?;
        for need in &report.sizing {
            let room = match (need.usable, need.headroom) {
                (Some(usable), Some(headroom)) => format!("usable {usable}, headroom {headroom}"),
                _ => "range not in the plan".to_owned(),
            };
            let smallest = need
                .smallest_prefix
                .map_or_else(String::new, |p| format!(", smallest fit /{p}"));
            let cidr = need.cidr.as_deref().unwrap_or("?");
            writeln!(
                out,
                "  {} {cidr}: {}; {room}{smallest}",
                need.what, need.formula
            )?;
        }
    }
    for free in report.free_space.iter().filter(|f| !f.blocks.is_empty()) {
        writeln!(
            out,
            "\nfree in VNet {}: {}",
            free.vnet,
            free.blocks.join(", ")
        )?;
    }
    if let Some(ip) = check_ip {
        let verdict = match report.authorized(ip) {
            None => "allowed (no authorized IP ranges are set)",
            Some(true) => "allowed by the authorized IP ranges",
            Some(false) => "NOT allowed: no authorized IP range covers it",
        };
        writeln!(out, "\nAPI server access from {ip}: {verdict}")?;
    }
    if let Some(corrected) = &report.corrected {
        writeln!(out, "\ncorrected:\n{corrected}")?;
    }
    Ok(())
}

/// The JSON contract: `{"findings": [{"code", "severity", "message", "ranges", ...}], "sizing",
/// "free_space", "corrections", "corrected"}`.
#[derive(Serialize)]
struct PlanJson<'r> {
    form: aksnet_core::plan::PlanForm,
    findings: Vec<FindingJson<'r>>,
    sizing: &'r [Need],
    free_space: &'r [FreeSpace],
    corrections: Vec<CorrectionJson<'r>>,
    corrected: Option<&'r str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_server_access: Option<AccessJson>,
}

#[derive(Serialize)]
struct FindingJson<'r> {
    code: &'static str,
    severity: &'static str,
    message: &'r str,
    ranges: &'r [String],
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct CorrectionJson<'r> {
    code: &'static str,
    title: &'r str,
    edits: Vec<EditJson<'r>>,
}

/// Replace bytes `start..end` (at `line`:`column`) of the plan with `text`.
#[derive(Serialize)]
struct EditJson<'r> {
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    text: &'r str,
}

#[derive(Serialize)]
struct AccessJson {
    ip: IpAddr,
    /// `null` when no authorized ranges are set.
    allowed: Option<bool>,
}

impl<'r> PlanJson<'r> {
    fn new(text: &str, report: &'r PlanReport, check_ip: Option<IpAddr>) -> Self {
        let index = LineIndex::new(text);
        let finding = |f: &'r Finding| FindingJson {
            code: f.code.as_str(),
            severity: f.severity.as_str(),
            message: &f.message,
            ranges: &f.ranges,
            line: f.position.line,
            column: f.position.column,
        };
        let corrections = report
            .findings
            .iter()
            .filter_map(|f| {
                let fix = f.fix.as_ref()?;
                Some(CorrectionJson {
                    code: f.code.as_str(),
                    title: &fix.title,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| {
                            let at = index.position(text, e.span.start);
                            EditJson {
                                line: at.line,
                                column: at.column,
                                start: e.span.start,
                                end: e.span.end,
                                text: &e.text,
                            }
                        })
                        .collect(),
                })
            })
            .collect();
        Self {
            form: report.form,
            findings: report.findings.iter().map(finding).collect(),
            sizing: &report.sizing,
            free_space: &report.free_space,
            corrections,
            corrected: report.corrected.as_deref(),
            api_server_access: check_ip.map(|ip| AccessJson {
                ip,
                allowed: report.authorized(ip),
            }),
        }
    }
}
