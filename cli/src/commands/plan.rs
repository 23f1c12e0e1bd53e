//! `aksnet plan`: check an address plan.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use aksnet_core::plan::model::{ClusterPlan, NodePool, Spanned, SubnetRef};
use aksnet_core::plan::{FreeSpace, Need, PlanReport, PolicyRef, check_plan_with};
use aksnet_core::{Code, Finding, Fix, Lang, SourceFile, Text, text};
use anyhow::{Result, bail};
use serde::Serialize;

use super::check::write_finding;
use super::{Outcome, warn_unsafe_left};
use crate::args::Format;
use crate::escape::visible;
use crate::input::{analyze, read_sources};
use crate::select::Selection;

pub fn run(
    path: &PathBuf,
    manifests: &[PathBuf],
    check_ip: Option<IpAddr>,
    format: Format,
    selection: &Selection,
    required: aksnet_core::Applicability,
    lang: Lang,
) -> Result<Outcome> {
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
    // The manifests are read for their NetworkPolicies only (network-policy-none).
    let policies = if manifests.is_empty() {
        Vec::new()
    } else {
        PolicyRef::all_in(&analyze(manifests)?)
    };
    let mut report = check_plan_with(source, 0, &policies);
    // Every output and the exit status describe the selected findings only; the corrected plan
    // holds their safe fixes, and their unsafe ones with --unsafe-fixes.
    selection.retain(&mut report.findings);
    report.corrected = report.corrected_with(&source.text, required);
    let left = report
        .findings
        .iter()
        .filter(|f| f.fix.as_ref().is_some_and(|fix| !fix.applies(required)))
        .count();
    if left > 0 {
        warn_unsafe_left(
            left,
            "not in the corrected plan",
            "the deployed network",
            format!(
                "aksnet: 安全でない修正 {left} 件は修正後のプランに含めていません。デプロイされるネットワークが変わるためです。適用するには --unsafe-fixes を付けてください"
            ),
            lang,
        );
    }
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &PlanJson::new(&report, check_ip, lang))?;
            writeln!(out)?;
        }
        Format::Text => write_text(&mut out, &sources, &report, check_ip, lang)?,
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
    lang: Lang,
) -> Result<()> {
    for finding in &report.findings {
        write_finding(out, sources, finding, lang)?;
        if let Some(fix) = &finding.fix {
            let line = text!(
                "    fix ({0}): {1}",
                "    修正 ({0}): {1}",
                fix.applicability.as_str(),
                visible(fix.title_in(lang))
            );
            writeln!(out, "{}", line.get(lang))?;
        }
    }
    if report.findings.is_empty() {
        writeln!(
            out,
            "{}",
            Text::new("no findings", "指摘事項はありません").get(lang)
        )?;
    }
    if !report.sizing.is_empty() {
        let heading = Text::new(
            "\nsizing (Azure reserves 5 addresses in every subnet):",
            "\nサイズの見積もり (Azure は各サブネットで 5 個のアドレスを予約します):",
        );
        writeln!(out, "{}", heading.get(lang))?;
        for need in &report.sizing {
            let room = match (need.usable, need.headroom) {
                (Some(usable), Some(headroom)) => text!(
                    "usable {0}, headroom {1}",
                    "使用可能 {0}、余裕 {1}",
                    usable,
                    headroom
                ),
                _ => Text::new("range not in the plan", "範囲がプランにありません"),
            };
            let smallest = need.smallest_prefix.map_or_else(Text::default, |p| {
                text!(", smallest fit /{0}", "、収まる最小サイズ /{0}", p)
            });
            let cidr = need.cidr.as_deref().unwrap_or("?");
            let line = text!(
                "  {0} {1}: {2}; {3}{4}",
                "  {0} {1}: {2}。{3}{4}",
                visible(need.what_in(lang)),
                visible(cidr),
                visible(need.formula_in(lang)),
                room,
                smallest
            );
            writeln!(out, "{}", line.get(lang))?;
        }
    }
    for free in report.free_space.iter().filter(|f| !f.blocks.is_empty()) {
        let line = text!(
            "\nfree in VNet {0}: {1}",
            "\n仮想ネットワーク {0} の空き: {1}",
            visible(&free.vnet),
            visible(
                &free
                    .blocks
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        );
        writeln!(out, "{}", line.get(lang))?;
    }
    if let Some(ip) = check_ip {
        let verdict = match report.authorized(ip) {
            None => Text::new(
                "allowed (no authorized IP ranges are set)",
                "許可 (承認済み IP 範囲が設定されていません)",
            ),
            Some(true) => Text::new(
                "allowed by the authorized IP ranges",
                "承認済み IP 範囲によって許可されています",
            ),
            Some(false) => Text::new(
                "NOT allowed: no authorized IP range covers it",
                "許可されていません: このアドレスを含む承認済み IP 範囲はありません",
            ),
        };
        let line = text!(
            "\nAPI server access from {0}: {1}",
            "\n{0} からの API サーバー アクセス: {1}",
            ip,
            verdict
        );
        writeln!(out, "{}", line.get(lang))?;
    }
    if let Some(corrected) = &report.corrected {
        let heading = Text::new("\ncorrected:", "\n修正後:");
        writeln!(out, "{}\n{corrected}", heading.get(lang))?;
    }
    Ok(())
}

/// The JSON contract: `{"findings": [...], "sizing", "free_space", "node_pools", "corrections",
/// "corrected"}`, each finding in the core's one form ([`Finding`]) with its message and fix
/// title in `--lang`, as `check` writes them (docs/cli.md lists the fields).
#[derive(Serialize)]
struct PlanJson<'r> {
    form: aksnet_core::plan::PlanForm,
    /// The cluster's policy engine by name; `null` without a cluster or when its flags are not
    /// known.
    engine: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cilium_version: Option<&'static str>,
    findings: Vec<Finding>,
    sizing: &'r [Need],
    free_space: &'r [FreeSpace],
    /// The cluster's node pools as read, with the defaults AKS applies; the system pool first.
    node_pools: Vec<PoolJson<'r>>,
    corrections: Vec<CorrectionJson>,
    corrected: Option<&'r str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_server_access: Option<AccessJson>,
}

#[derive(Serialize)]
struct PoolJson<'r> {
    name: &'r str,
    mode: Option<&'r str>,
    os_type: Option<&'r str>,
    os_sku: Option<&'r str>,
    node_count: i64,
    max_pods: i64,
    max_surge: i64,
    /// `null` without the cluster autoscaler.
    autoscaler: Option<AutoscalerJson>,
    /// `<vnet>/<subnet>`; the cluster's subnet when the pool names none.
    subnet: Option<String>,
    pod_subnet: Option<String>,
}

#[derive(Serialize)]
struct AutoscalerJson {
    min_count: Option<i64>,
    max_count: Option<i64>,
}

impl<'r> PoolJson<'r> {
    fn new(cluster: &'r ClusterPlan, pool: &'r NodePool) -> Self {
        let text = |value: &'r Option<Spanned<String>>| value.as_ref().map(|v| v.value.as_str());
        let subnet = |r: &SubnetRef| format!("{}/{}", r.vnet, r.subnet);
        PoolJson {
            name: pool.display_name(),
            mode: text(&pool.mode),
            os_type: text(&pool.os_type),
            os_sku: text(&pool.os_sku),
            node_count: pool.node_count(),
            max_pods: pool.max_pods(cluster.plugin.value),
            max_surge: pool.max_surge(),
            autoscaler: pool.autoscaler.map(|_| AutoscalerJson {
                min_count: pool.min_count.as_ref().map(|n| n.value),
                max_count: pool.max_count.as_ref().map(|n| n.value),
            }),
            subnet: cluster.subnet_of(pool).map(subnet),
            pod_subnet: pool.pod_subnet.as_ref().map(subnet),
        }
    }
}

/// A finding's fix with its code: `{code, title, applicability, title_ja, edits: [{line, column,
/// start, end, text}]}`; whether `corrected` holds it depends on `applicability` and
/// `--unsafe-fixes`.
#[derive(Serialize)]
struct CorrectionJson {
    code: Code,
    #[serde(flatten)]
    fix: Fix,
}

#[derive(Serialize)]
struct AccessJson {
    ip: IpAddr,
    /// `null` when no authorized ranges are set.
    allowed: Option<bool>,
}

impl<'r> PlanJson<'r> {
    fn new(report: &'r PlanReport, check_ip: Option<IpAddr>, lang: Lang) -> Self {
        let findings: Vec<Finding> = report.findings.iter().map(|f| f.localized(lang)).collect();
        let corrections = findings
            .iter()
            .filter_map(|f| {
                Some(CorrectionJson {
                    code: f.code,
                    fix: f.fix.clone()?,
                })
            })
            .collect();
        let engine = report.plan.policy_engine();
        Self {
            form: report.form,
            engine: engine.map(aksnet_core::Engine::name),
            cilium_version: match engine {
                Some(aksnet_core::Engine::Cilium(version)) => Some(version.as_str()),
                _ => None,
            },
            findings,
            sizing: &report.sizing,
            free_space: &report.free_space,
            node_pools: report
                .plan
                .cluster
                .iter()
                .flat_map(|c| c.pools.iter().map(move |p| PoolJson::new(c, p)))
                .collect(),
            corrections,
            corrected: report.corrected.as_deref(),
            api_server_access: check_ip.map(|ip| AccessJson {
                ip,
                allowed: report.authorized(ip),
            }),
        }
    }
}
