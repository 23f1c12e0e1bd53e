//! AKS address planning: read a plan (NetworkPlan YAML or `az` command lines), check it against
//! the AKS networking rules, size its subnets and propose corrections.
//!
//! read (YAML or az) → [`AddressPlan`] → checks → findings with fixes, sizing, free space.

pub mod az;
mod checks;
mod defaults;
pub mod layout;
pub mod model;
pub mod ranges;
mod read;
mod shell;
pub mod sizing;

use std::net::IpAddr;

use serde::Serialize;

pub use model::AddressPlan;
pub use sizing::Need;

use crate::finding::Finding;
use crate::fix::{self, Edit};
use crate::manifest::SourceFile;
use crate::plan::checks::{Report, Setting, ValueWriter};
use crate::plan::model::ClusterPlan;
use crate::rules;
use crate::rules::manifest::missing_field;
use crate::span::{LineIndex, Span};
use crate::yaml::{self, Limits};

/// How the plan was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanForm {
    /// A `kind: NetworkPlan` YAML document.
    Yaml,
    /// `az` command lines.
    Az,
}

/// Unused address space of one VNet, as the largest aligned blocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FreeSpace {
    pub vnet: String,
    /// Serialised as CIDR texts, `"10.1.0.0/16"`.
    #[serde(serialize_with = "as_texts")]
    pub blocks: Vec<ipnet::IpNet>,
}

/// Ranges as their CIDR texts.
fn as_texts<S: serde::Serializer>(nets: &[ipnet::IpNet], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(nets.iter().map(ToString::to_string))
}

/// Everything the planner says about one plan.
#[derive(Clone, Debug)]
pub struct PlanReport {
    pub form: PlanForm,
    pub plan: AddressPlan,
    /// Sorted by position.
    pub findings: Vec<Finding>,
    pub sizing: Vec<Need>,
    pub free_space: Vec<FreeSpace>,
    /// The source with every safe fix applied; `None` when there is no safe fix. The unsafe
    /// ones (a different range for the deployed network) are applied only on request: see
    /// [`PlanReport::corrected_with`].
    pub corrected: Option<String>,
}

impl PlanReport {
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == crate::Severity::Error)
    }

    /// `text` (the source this report is about) with the fixes `required` asks for applied
    /// ([`Fix::applies`](crate::Fix::applies)); `None` when no fix applies.
    pub fn corrected_with(&self, text: &str, required: crate::Applicability) -> Option<String> {
        corrected(text, &self.findings, required)
    }

    /// `text` with the fixes `include` picks (given each finding's index and its fix); `None`
    /// when it picks none. The page applies the safe fixes and the unsafe ones the user ticked.
    pub fn corrected_where(
        &self,
        text: &str,
        include: impl Fn(usize, &crate::Fix) -> bool,
    ) -> Option<String> {
        corrected_where(text, &self.findings, include)
    }

    /// Whether `ip` may reach the API server through the authorized ranges: `None` when the plan
    /// sets none (every address may).
    pub fn authorized(&self, ip: IpAddr) -> Option<bool> {
        checks::authorized(self.plan.cluster.as_ref()?, ip)
    }
}

/// `text` with the fixes of `findings` that `required` asks for; `None` when none applies.
fn corrected(text: &str, findings: &[Finding], required: crate::Applicability) -> Option<String> {
    corrected_where(text, findings, |_, fix| fix.applies(required))
}

/// `text` with the fixes of `findings` that `include` picks; `None` when it picks none.
fn corrected_where(
    text: &str,
    findings: &[Finding],
    include: impl Fn(usize, &crate::Fix) -> bool,
) -> Option<String> {
    let edits: Vec<Edit> = findings
        .iter()
        .enumerate()
        .filter_map(|(index, f)| f.fix.as_ref().filter(|fix| include(index, fix)))
        .flat_map(|f| f.edits.iter().cloned())
        .collect();
    (!edits.is_empty()).then(|| fix::apply(text, &edits).0)
}

/// A NetworkPolicy read from manifests, as the plan's checks are told about it: the planner
/// reads plans, not manifests, so a front end that has both (the page's two tabs, `aksnet plan
/// --manifests`) hands the policies over with [`check_plan_with`].
/// `network-policy-none` names them when the plan's cluster runs no policy engine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyRef {
    /// `namespace/name`.
    pub name: String,
    /// The source it was read from, as the analysis names it.
    pub file: String,
    /// 1-based line of the policy's document.
    pub line: usize,
}

impl PolicyRef {
    /// Every NetworkPolicy `analysis` read that the API server would accept, in file and
    /// position order.
    pub fn all_in(analysis: &crate::Analysis) -> Vec<PolicyRef> {
        let indexes: Vec<LineIndex> = analysis
            .sources
            .iter()
            .map(|s| LineIndex::new(&s.text))
            .collect();
        let mut policies: Vec<&crate::policy::Policy> = analysis
            .cluster
            .policies
            .iter()
            .filter(|p| !p.rejected)
            .collect();
        policies.sort_by_key(|p| (p.file, p.span.start));
        policies
            .into_iter()
            .map(|p| {
                let source = analysis.sources.get(p.file);
                let line = source
                    .zip(indexes.get(p.file))
                    .map_or(1, |(s, index)| index.position(&s.text, p.span.start).line);
                PolicyRef {
                    name: format!("{}/{}", p.namespace, p.name),
                    file: source.map(|s| s.name.clone()).unwrap_or_default(),
                    line,
                }
            })
            .collect()
    }
}

/// Reads and checks a plan. Never fails: what cannot be read becomes findings. The checks that
/// need the manifests (`network-policy-none`) stay quiet: see [`check_plan_with`].
pub fn check_plan(source: &SourceFile, file: usize) -> PlanReport {
    check_plan_with(source, file, &[])
}

/// [`check_plan`], told which NetworkPolicies the manifests hold ([`PolicyRef::all_in`]), so
/// that the plan's engine is judged against them: with no engine, `network-policy-none` says
/// they have no effect. An empty slice is "no policies", the same as [`check_plan`].
pub fn check_plan_with(source: &SourceFile, file: usize, policies: &[PolicyRef]) -> PlanReport {
    let text = source.text.as_str();
    let (form, plan, mut findings) = read_plan(text, file);
    let invalid_utf8 = match form {
        PlanForm::Az => rules::az::syntax::invalid_utf8,
        PlanForm::Yaml => rules::yaml::syntax::invalid_utf8,
    };
    findings.extend(source.encoding_finding(file, invalid_utf8));
    let writer: Box<dyn ValueWriter> = match form {
        PlanForm::Az => Box::new(AzWriter),
        PlanForm::Yaml => Box::new(YamlWriter { text }),
    };
    let mut report = Report {
        plan: &plan,
        file,
        writer: writer.as_ref(),
        policies,
        findings: Vec::new(),
    };
    checks::run(&mut report);
    findings.append(&mut report.findings);
    let index = LineIndex::new(text);
    for finding in &mut findings {
        finding.locate(&source.name, text, &index);
    }
    findings.sort_by_key(|f| (f.severity, f.span.start, f.code));
    let corrected = corrected(text, &findings, crate::Applicability::Safe);
    let free_space = plan
        .vnets
        .iter()
        .filter(|v| !v.address_space.is_empty())
        .map(|vnet| {
            let used: Vec<ipnet::IpNet> = vnet
                .subnets
                .iter()
                .filter_map(|s| s.cidr.network())
                .collect();
            let blocks = vnet
                .address_space
                .iter()
                .filter_map(model::Cidr::network)
                .flat_map(|space| ranges::free_blocks(&space, &used))
                .collect();
            FreeSpace {
                vnet: vnet.name.value.clone(),
                blocks,
            }
        })
        .collect();
    PlanReport {
        form,
        sizing: sizing::needs(&plan),
        plan,
        findings,
        free_space,
        corrected,
    }
}

/// The most plan text read, in either form. A plan describes one cluster in a few dozen lines,
/// and some checks compare every VNet with every other, so the rest is not read
/// (docs/limits.md).
pub const MAX_PLAN_BYTES: usize = 64 * 1024;

/// Decides the form and reads the plan.
fn read_plan(text: &str, file: usize) -> (PlanForm, AddressPlan, Vec<Finding>) {
    if plan_form(text) == PlanForm::Az {
        let readable = commands_within_limit(text);
        let (plan, mut findings) = az::read_az(readable, file);
        if readable.len() < text.len() {
            findings.push(
                rules::az::limit::too_long(&yaml::byte_size(MAX_PLAN_BYTES))
                    .at(file, Span::empty(readable.len())),
            );
        }
        return (PlanForm::Az, plan, findings);
    }
    let limits = Limits {
        max_bytes: MAX_PLAN_BYTES,
        ..Limits::default()
    };
    let (documents, mut findings) = yaml::parse(text, file, limits);
    let root = documents
        .iter()
        .find(|d| d.root.get("kind").and_then(yaml::Node::as_str) == Some("NetworkPlan"));
    let plan = match root {
        Some(document) => read::read_network_plan(&document.root, file, &mut findings),
        None => {
            if findings.is_empty() && !text.trim().is_empty() {
                findings.push(missing_field::plan_expected().at(file, Span::empty(0)));
            }
            AddressPlan::default()
        }
    };
    (PlanForm::Yaml, plan, findings)
}

/// Whether `text` is an address plan (az command lines or a `kind: NetworkPlan` document)
/// rather than manifests, for front ends that take both kinds of file.
pub fn is_plan(text: &str) -> bool {
    plan_form(text) == PlanForm::Az
        || yaml::parse(text, 0, Limits::default())
            .0
            .iter()
            .any(|d| d.root.get("kind").and_then(yaml::Node::as_str) == Some("NetworkPlan"))
}

/// The whole lines of `text` that fit in [`MAX_PLAN_BYTES`].
fn commands_within_limit(text: &str) -> &str {
    if text.len() <= MAX_PLAN_BYTES {
        return text;
    }
    let head = (0..=MAX_PLAN_BYTES)
        .rev()
        .find_map(|end| text.get(..end))
        .unwrap_or("");
    head.get(..head.rfind('\n').map_or(0, |i| i + 1))
        .unwrap_or("")
}

/// The form a plan text is read in: `az` command lines when any line (past blanks and shell
/// comments) starts with `az `, a `$` (a PowerShell variable) or a variable assignment; a
/// NetworkPlan YAML document otherwise. The one rule for the reader and for front ends (the
/// page's editor colours a plan by it).
pub fn plan_form(text: &str) -> PlanForm {
    if looks_like_commands(text) {
        PlanForm::Az
    } else {
        PlanForm::Yaml
    }
}

/// Command lines start with `az`, a variable assignment, or a shell comment before them.
fn looks_like_commands(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|line| {
            line.starts_with("az ")
                || line.starts_with('$')
                || line.split_once('=').is_some_and(|(name, _)| {
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                })
        })
}

/// Corrections in `az` syntax: a written value is replaced; a default one becomes a new flag at
/// the end of the `az aks create` command.
struct AzWriter;

impl ValueWriter for AzWriter {
    fn spell(&self, az: &'static str, _yaml: &'static str) -> &'static str {
        az
    }

    fn set(
        &self,
        cluster: &ClusterPlan,
        setting: Setting,
        span: Option<Span>,
        value: &str,
    ) -> Vec<Edit> {
        let edit = match span {
            Some(span) => Edit::replace(span, value),
            None => Edit::insert(cluster.span.end, format!(" {} {value}", setting.az_flag())),
        };
        vec![edit]
    }
}

/// Corrections in NetworkPlan YAML: a written value is replaced; a default one becomes a new key
/// at the top of the `cluster` mapping.
struct YamlWriter<'t> {
    text: &'t str,
}

impl ValueWriter for YamlWriter<'_> {
    fn spell(&self, _az: &'static str, yaml: &'static str) -> &'static str {
        yaml
    }

    fn set(
        &self,
        cluster: &ClusterPlan,
        setting: Setting,
        span: Option<Span>,
        value: &str,
    ) -> Vec<Edit> {
        match span {
            Some(span) => vec![Edit::replace(span, value)],
            None => crate::yaml_edit::insert_key_at(
                self.text,
                cluster.span.start,
                false,
                setting.yaml_key(),
                value,
            )
            .into_iter()
            .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A default that overlaps is corrected by writing the setting, in either form.
    #[test]
    fn defaults_are_corrected_by_adding_the_setting() {
        let yaml = "kind: NetworkPlan\ncluster:\n  networkPlugin: azure\n  subnet: v/aks\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.0/8\"]\n    subnets:\n      - {name: aks, cidr: \"10.240.0.0/16\"}\n";
        let report = check_plan(&SourceFile::new("p.yaml", yaml), 0);
        let corrected = report
            .corrected_with(yaml, crate::Applicability::Unsafe)
            .unwrap();
        assert!(corrected.starts_with("kind: NetworkPlan\ncluster:\n  serviceCidr: 172.16.0.0/16\n  dnsServiceIp: 172.16.0.10\n  networkPlugin: azure\n"), "{corrected}");
        assert!(!check_plan(&SourceFile::new("p.yaml", corrected), 0).has_errors());

        let az = "az network vnet create -n v --address-prefixes 10.0.0.0/8 --subnet-name aks --subnet-prefixes 10.240.0.0/16\naz aks create -n c -g rg --network-plugin azure --vnet-subnet-id /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/aks\n";
        let report = check_plan(&SourceFile::new("p.sh", az), 0);
        let corrected = report
            .corrected_with(az, crate::Applicability::Unsafe)
            .unwrap();
        assert!(
            corrected.ends_with(
                "subnets/aks --service-cidr 172.16.0.0/16 --dns-service-ip 172.16.0.10\n"
            ),
            "{corrected}"
        );
        assert!(!check_plan(&SourceFile::new("p.sh", corrected), 0).has_errors());
    }

    /// Free blocks are typed in the core and written as CIDR texts in JSON, as they always were.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn free_blocks_serialise_as_cidr_texts() {
        let yaml = "kind: NetworkPlan\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.0/16\"]\n    subnets:\n      - {name: a, cidr: \"10.0.0.0/18\"}\n";
        let report = check_plan(&SourceFile::new("p.yaml", yaml), 0);
        assert_eq!(
            serde_json::to_string(&report.free_space).unwrap(),
            r#"[{"vnet":"v","blocks":["10.0.64.0/18","10.0.128.0/17"]}]"#
        );
    }

    /// Errors first, then warnings, then notes; within a severity by position (issue 14).
    #[test]
    fn findings_sort_by_severity_then_position() {
        let yaml = "kind: NetworkPlan\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.1/16\"]\n    subnets:\n      - {name: a, cidr: \"192.168.0.0/24\"}\n";
        let report = check_plan(&SourceFile::new("p.yaml", yaml), 0);
        let order: Vec<(crate::Severity, usize)> = report
            .findings
            .iter()
            .map(|f| (f.severity, f.span.start))
            .collect();
        assert!(
            order.first().is_some_and(|f| f.0 == crate::Severity::Error),
            "{order:?}"
        );
        assert!(
            order.iter().any(|f| f.0 == crate::Severity::Warning),
            "{order:?}"
        );
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
    }
}
