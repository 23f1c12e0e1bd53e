//! Checks a participant's manifests and plan against an exercise's goals. Every unmet goal says
//! why, in English and Japanese, from the same explanations `aksnet explain` prints.

use std::net::IpAddr;

use serde::Serialize;

use super::model::{Check, Exercise, FindingQuery, Flow, Goal, SourceKind, Text};
use crate::cluster::Cluster;
use crate::engine::{Explanation, SideExplanation, SideVerdict};
use crate::finding::{Finding, Severity};
use crate::manifest::SourceFile;
use crate::plan::{PlanReport, check_plan};
use crate::policy::PolicySide;
use crate::{Analysis, analyze, explain};

/// The outcome of every goal. Serialized, this is the JSON graders read:
/// `{"exercise", "met", "goals": [{"id", "title": {"en", "ja"}, "met", "detail"}]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExerciseReport {
    /// The exercise's id.
    pub exercise: String,
    /// Every goal is met.
    pub met: bool,
    /// In the exercise's order.
    pub goals: Vec<GoalResult>,
}

impl ExerciseReport {
    pub fn met_count(&self) -> usize {
        self.goals.iter().filter(|g| g.met).count()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalResult {
    pub id: String,
    pub title: Text,
    pub met: bool,
    /// Why the goal is not met; `None` when it is.
    pub detail: Option<Text>,
}

/// Checks `manifests` (Kubernetes YAML) and `plan` (NetworkPlan YAML or az commands; empty for
/// none) against the goals: what the page calls on every edit.
pub fn check(exercise: &Exercise, manifests: &str, plan: &str) -> ExerciseReport {
    let sources = [SourceFile::new("manifests", manifests)];
    let analysis = analyze(&sources);
    let plan = (!plan.trim().is_empty()).then(|| check_plan(&SourceFile::new("plan", plan), 0));
    check_analyzed(exercise, &sources, &analysis, plan.as_ref())
}

/// [`check`] for inputs that are already analysed: several manifest files (details then name
/// the file), or the page's memoised analysis.
pub fn check_analyzed(
    exercise: &Exercise,
    manifests: &[SourceFile],
    analysis: &Analysis,
    plan: Option<&PlanReport>,
) -> ExerciseReport {
    let mut checker = Checker {
        manifests,
        analysis,
        plan,
        cluster: None,
    };
    let goals: Vec<GoalResult> = exercise
        .goals
        .iter()
        .map(|goal| checker.goal(goal))
        .collect();
    ExerciseReport {
        exercise: exercise.id.clone(),
        met: goals.iter().all(|g| g.met),
        goals,
    }
}

struct Checker<'a> {
    manifests: &'a [SourceFile],
    analysis: &'a Analysis,
    plan: Option<&'a PlanReport>,
    /// The analysed cluster plus the external endpoints the goals name, made on first use.
    cluster: Option<Cluster>,
}

impl Checker<'_> {
    fn goal(&mut self, goal: &Goal) -> GoalResult {
        let unmet = match &goal.check {
            Check::Allowed(flow) => self.flow(flow, true),
            Check::Blocked(flow) => self.flow(flow, false),
            Check::FindingAbsent(query) => self.finding_absent(*query),
            Check::FindingPresent(query) => self.finding_present(*query),
            Check::PlanValid => self.plan_valid(),
            Check::ApiServerAllowed(ip) => self.api_server(*ip, true),
            Check::ApiServerBlocked(ip) => self.api_server(*ip, false),
        };
        GoalResult {
            id: goal.id.clone(),
            title: goal.title.clone(),
            met: unmet.is_none(),
            detail: unmet,
        }
    }

    /// Why the flow is not as wanted, if it is not.
    fn flow(&mut self, flow: &Flow, want_allowed: bool) -> Option<Text> {
        let analysis = self.analysis;
        let cluster = self.cluster.get_or_insert_with(|| analysis.cluster.clone());
        let Some(source) = cluster.endpoint_or_external(&flow.from) else {
            return Some(Text::new(
                format!(
                    "{}: no pod or workload of that name in the manifests, and not an IP address",
                    flow.from
                ),
                format!(
                    "{}: マニフェストにこの名前のポッドやワークロードがなく、IP アドレスでもありません",
                    flow.from
                ),
            ));
        };
        let Some(targets) = cluster.flow_targets(&flow.to, flow.port) else {
            return Some(Text::new(
                format!(
                    "{}: no pod, workload or Service of that name in the manifests, and not an IP address",
                    flow.to
                ),
                format!(
                    "{}: マニフェストにこの名前のポッド、ワークロード、Service がなく、IP アドレスでもありません",
                    flow.to
                ),
            ));
        };
        if targets.targets.is_empty() {
            return Some(Text::new(
                format!(
                    "Service {} selects no pod or workload here, or has no port {}",
                    flow.to, flow.port
                ),
                format!(
                    "Service {} はここでポッドやワークロードを選択していないか、ポート {} がありません",
                    flow.to, flow.port
                ),
            ));
        }
        let cluster = &*cluster;
        targets
            .targets
            .iter()
            .filter_map(|&(target, port)| explain(cluster, source, target, port))
            .find(|explanation| explanation.allowed != want_allowed)
            .map(|explanation| flow_detail(&explanation))
    }

    fn findings(&self, query: FindingQuery) -> Vec<(SourceKind, &Finding)> {
        let manifests = self
            .analysis
            .findings
            .iter()
            .map(|f| (SourceKind::Manifests, f));
        let plan = self
            .plan
            .into_iter()
            .flat_map(|p| &p.findings)
            .map(|f| (SourceKind::Plan, f));
        manifests
            .chain(plan)
            .filter(|(kind, f)| f.code == query.code && query.source.is_none_or(|s| s == *kind))
            .collect()
    }

    fn finding_absent(&self, query: FindingQuery) -> Option<Text> {
        let found = self.findings(query);
        let (kind, first) = found.first()?;
        let more = found.len() - 1;
        let (at_en, at_ja) = self.location(*kind, first);
        let (more_en, more_ja) = if more > 0 {
            (format!(" (and {more} more)"), format!("（ほか {more} 件）"))
        } else {
            (String::new(), String::new())
        };
        Some(Text::new(
            format!("{} at {at_en}: {}{more_en}", first.code, first.message),
            format!(
                "{at_ja}に {} があります: {}{more_ja}",
                first.code, first.message
            ),
        ))
    }

    fn finding_present(&self, query: FindingQuery) -> Option<Text> {
        if !self.findings(query).is_empty() {
            return None;
        }
        let code = query.code;
        Some(match query.source {
            Some(SourceKind::Manifests) => Text::new(
                format!("no {code} finding in the manifests"),
                format!("マニフェストに {code} の指摘がありません"),
            ),
            Some(SourceKind::Plan) => Text::new(
                format!("no {code} finding in the plan"),
                format!("プランに {code} の指摘がありません"),
            ),
            None => Text::new(
                format!("no {code} finding"),
                format!("{code} の指摘がありません"),
            ),
        })
    }

    /// The plan, when it describes a cluster; otherwise why not.
    fn cluster_plan(&self) -> Result<&PlanReport, Text> {
        let Some(plan) = self.plan else {
            return Err(Text::new(
                "no plan: write the cluster's address plan (NetworkPlan YAML or az commands)",
                "プランがありません: クラスターのアドレス計画 (NetworkPlan YAML または az コマンド) を書いてください",
            ));
        };
        if plan.plan.cluster.is_none() {
            return Err(Text::new(
                "the plan describes no cluster: add a `cluster:` mapping or an `az aks create` command",
                "プランにクラスターがありません: `cluster:` か `az aks create` コマンドを追加してください",
            ));
        }
        Ok(plan)
    }

    fn api_server(&self, ip: IpAddr, want_allowed: bool) -> Option<Text> {
        let plan = match self.cluster_plan() {
            Ok(plan) => plan,
            Err(why) => return Some(why),
        };
        match (plan.authorized(ip), want_allowed) {
            (None | Some(true), true) | (Some(false), false) => None,
            (Some(false), true) => Some(Text::new(
                format!("{ip} may not reach the API server: no authorized IP range covers it"),
                format!(
                    "{ip} は API サーバーに接続できません: どの許可された IP 範囲にも含まれていません"
                ),
            )),
            (None, false) => Some(Text::new(
                format!(
                    "{ip} may reach the API server: the cluster sets no authorized IP ranges, so every address may"
                ),
                format!(
                    "{ip} は API サーバーに接続できます: 許可された IP 範囲が設定されていないため、すべてのアドレスが接続できます"
                ),
            )),
            (Some(true), false) => Some(Text::new(
                format!(
                    "{ip} may reach the API server: an authorized IP range or an outbound IP covers it"
                ),
                format!(
                    "{ip} は API サーバーに接続できます: 許可された IP 範囲か送信 IP に含まれています"
                ),
            )),
        }
    }

    fn plan_valid(&self) -> Option<Text> {
        let plan = match self.cluster_plan() {
            Ok(plan) => plan,
            Err(why) => return Some(why),
        };
        let errors: Vec<&Finding> = plan
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        let first = errors.first()?;
        let (at_en, at_ja) = self.location(SourceKind::Plan, first);
        let count = errors.len();
        Some(Text::new(
            format!(
                "{count} error(s) in the plan, the first: {} at {at_en}: {}",
                first.code, first.message
            ),
            format!(
                "プランにエラーが {count} 件あります。最初のもの: {at_ja}の {}: {}",
                first.code, first.message
            ),
        ))
    }

    /// "line 12", with the file's name when there are several manifest files.
    fn location(&self, kind: SourceKind, finding: &Finding) -> (String, String) {
        let line = finding.position.line;
        let file = match kind {
            SourceKind::Manifests if self.manifests.len() > 1 => {
                self.manifests.get(finding.file).map(|s| s.name.as_str())
            }
            _ => None,
        };
        match file {
            Some(name) => (
                format!("{name} line {line}"),
                format!("{name} の {line} 行目"),
            ),
            None => (format!("line {line}"), format!("{line} 行目")),
        }
    }
}

/// Why a flow is allowed or blocked, from the sides that decide it.
fn flow_detail(explanation: &Explanation) -> Text {
    let flow = format!(
        "{} → {} {}",
        explanation.from, explanation.to, explanation.port
    );
    let sides = [
        (&explanation.egress, explanation.from.as_str()),
        (&explanation.ingress, explanation.to.as_str()),
    ];
    let deciding: Vec<(&SideExplanation, &str)> = sides
        .into_iter()
        .filter(|(side, _)| {
            if explanation.allowed {
                side.verdict != SideVerdict::External
            } else {
                side.verdict == SideVerdict::Denied
            }
        })
        .collect();
    let reasons: Vec<Text> = deciding
        .iter()
        .map(|(side, subject)| side_reason(side, subject))
        .collect();
    let join = |pick: fn(&Text) -> &str, separator| {
        reasons.iter().map(pick).collect::<Vec<_>>().join(separator)
    };
    let (en_reasons, ja_reasons) = (join(|t| &t.en, "; "), join(|t| &t.ja, "。"));
    if explanation.allowed {
        Text::new(
            format!("{flow} is allowed: {en_reasons}"),
            format!("{flow} は許可されています: {ja_reasons}"),
        )
    } else {
        Text::new(
            format!("{flow} is blocked: {en_reasons}"),
            format!("{flow} は遮断されています: {ja_reasons}"),
        )
    }
}

fn side_reason(side: &SideExplanation, subject: &str) -> Text {
    let (name_en, name_ja) = match side.side {
        PolicySide::Ingress => ("ingress", "受信"),
        PolicySide::Egress => ("egress", "送信"),
    };
    match side.verdict {
        SideVerdict::NotIsolated => Text::new(
            format!("no policy selects {subject} for {name_en}"),
            format!("{subject} の{name_ja}を対象にするポリシーがありません"),
        ),
        SideVerdict::HostNetwork => Text::new(
            format!("{subject} uses hostNetwork, which policies do not isolate"),
            format!("{subject} は hostNetwork を使うため、ポリシーで分離されません"),
        ),
        SideVerdict::External => Text::new(
            format!("{subject} is outside the cluster"),
            format!("{subject} はクラスターの外にあります"),
        ),
        SideVerdict::Allowed => {
            let (policy, rule) = side
                .matches
                .first()
                .map_or((String::new(), 0), |m| (m.policy.clone(), m.rule + 1));
            Text::new(
                format!("{policy} {name_en} rule {rule} allows it"),
                format!("{policy} の{name_ja}ルール {rule} が許可しています"),
            )
        }
        SideVerdict::Denied => {
            let policies = side.isolating.join(", ");
            Text::new(
                format!(
                    "{subject} is isolated for {name_en} by {policies} and no rule allows this flow"
                ),
                format!(
                    "{subject} の{name_ja}は {policies} で分離され、この通信を許可するルールがありません"
                ),
            )
        }
    }
}
