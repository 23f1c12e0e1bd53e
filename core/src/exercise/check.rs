//! Checks a participant's manifests and plan against an exercise's goals. Every unmet goal says
//! why, in English and Japanese, from the same explanations `aksnet explain` prints.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::model::{Check, Exercise, FindingQuery, Flow, Goal, SourceKind, Text};
use crate::cluster::Cluster;
use crate::engine::{Explanation, SideExplanation, SideVerdict};
use crate::finding::{Finding, Severity};
use crate::manifest::SourceFile;
use crate::plan::{PlanReport, check_plan};
use crate::text;
use crate::{Analysis, Lang, analyze, explain};

/// The outcome of every goal. Serialized, this is the JSON graders read:
/// `{"exercise", "met", "goals": [{"id", "title": {"en", "ja"}, "met", "detail"}]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
            return Some(text!(
                "{0}: no pod or workload of that name in the manifests, and not an IP address",
                "{0}: マニフェストにこの名前のポッドやワークロードがなく、IP アドレスでもありません",
                flow.from
            ));
        };
        let Some(targets) = cluster.flow_targets(&flow.to, flow.port) else {
            return Some(text!(
                "{0}: no pod, workload or Service of that name in the manifests, and not an IP address",
                "{0}: マニフェストにこの名前のポッド、ワークロード、Service がなく、IP アドレスでもありません",
                flow.to
            ));
        };
        if targets.targets.is_empty() {
            return Some(text!(
                "Service {0} selects no pod or workload here, or has no port {1}",
                "Service {0} はここでポッドやワークロードを選択していないか、ポート {1} がありません",
                flow.to,
                flow.port
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
        let more = if more > 0 {
            text!(" (and {0} more)", "（ほか {0} 件）", more)
        } else {
            Text::default()
        };
        Some(text!(
            "{0} at {1}: {2}{3}",
            "{1} に {0} があります: {2}{3}",
            first.code,
            self.location(*kind, first),
            message(first),
            more
        ))
    }

    fn finding_present(&self, query: FindingQuery) -> Option<Text> {
        if !self.findings(query).is_empty() {
            return None;
        }
        let code = query.code;
        Some(match query.source {
            Some(SourceKind::Manifests) => text!(
                "no {0} finding in the manifests",
                "マニフェストに {0} の指摘がありません",
                code
            ),
            Some(SourceKind::Plan) => text!(
                "no {0} finding in the plan",
                "プランに {0} の指摘がありません",
                code
            ),
            None => text!("no {0} finding", "{0} の指摘がありません", code),
        })
    }

    /// The plan, when it describes a cluster; otherwise why not.
    fn cluster_plan(&self) -> Result<&PlanReport, Text> {
        let Some(plan) = self.plan else {
            return Err(text!(
                "no plan: write the cluster's address plan (NetworkPlan YAML or az commands)",
                "プランがありません: クラスターのアドレス計画 (NetworkPlan YAML または az コマンド) を書いてください"
            ));
        };
        if plan.plan.cluster.is_none() {
            return Err(text!(
                "the plan describes no cluster: add a `cluster:` mapping or an `az aks create` command",
                "プランにクラスターがありません: `cluster:` マッピングか `az aks create` コマンドを追加してください"
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
            (Some(false), true) => Some(text!(
                "{0} may not reach the API server: no authorized IP range covers it",
                "{0} は API サーバーに接続できません: どの許可された IP 範囲にも含まれていません",
                ip
            )),
            (None, false) => Some(text!(
                "{0} may reach the API server: the cluster sets no authorized IP ranges, so every address may",
                "{0} は API サーバーに接続できます: 許可された IP 範囲が設定されていないため、すべてのアドレスが接続できます",
                ip
            )),
            (Some(true), false) => Some(text!(
                "{0} may reach the API server: an authorized IP range or an outbound IP covers it",
                "{0} は API サーバーに接続できます: 許可された IP 範囲か送信 IP に含まれています",
                ip
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
        Some(text!(
            "{0} error(s) in the plan, the first: {1} at {2}: {3}",
            "プランにエラーが {0} 件あります。最初のもの: {2} の {1}: {3}",
            errors.len(),
            first.code,
            self.location(SourceKind::Plan, first),
            message(first)
        ))
    }

    /// "line 12", with the file's name when there are several manifest files.
    fn location(&self, kind: SourceKind, finding: &Finding) -> Text {
        let line = finding.position.line;
        let file = match kind {
            SourceKind::Manifests if self.manifests.len() > 1 => {
                self.manifests.get(finding.file).map(|s| s.name.as_str())
            }
            _ => None,
        };
        match file {
            Some(name) => text!("{0} line {1}", "{0} の {1} 行目", name, line),
            None => text!("line {0}", "{0} 行目", line),
        }
    }
}

/// A finding's message in both languages, for a detail that quotes it.
fn message(finding: &Finding) -> Text {
    Text::new(finding.message_in(Lang::En), finding.message_in(Lang::Ja))
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
    let reasons: Vec<Text> = sides
        .into_iter()
        .filter(|(side, _)| {
            if explanation.allowed {
                side.verdict != SideVerdict::External
            } else {
                side.verdict == SideVerdict::Denied
            }
        })
        .map(|(side, subject)| side_reason(side, subject))
        .collect();
    let join = |lang, separator| {
        reasons
            .iter()
            .map(|t| t.get(lang))
            .collect::<Vec<_>>()
            .join(separator)
    };
    let reasons = Text::new(join(Lang::En, "; "), join(Lang::Ja, "。"));
    if explanation.allowed {
        text!(
            "{0} is allowed: {1}",
            "{0} は許可されています: {1}",
            flow,
            reasons
        )
    } else {
        text!(
            "{0} is blocked: {1}",
            "{0} は拒否されています: {1}",
            flow,
            reasons
        )
    }
}

fn side_reason(side: &SideExplanation, subject: &str) -> Text {
    let name = side.side.name();
    match side.verdict {
        SideVerdict::NotIsolated => text!(
            "no policy selects {0} for {1}",
            "{0} の {1} を対象にするポリシーがありません",
            subject,
            name
        ),
        SideVerdict::HostNetwork => text!(
            "{0} uses hostNetwork, which policies do not isolate",
            "{0} は hostNetwork を使うため、ポリシーで分離されません",
            subject
        ),
        SideVerdict::External => text!(
            "{0} is outside the cluster",
            "{0} はクラスターの外部にあります",
            subject
        ),
        SideVerdict::OwnNode => text!(
            "traffic between {0} and its own node is always allowed",
            "{0} と自ノードの間のトラフィックは常に許可されます",
            subject
        ),
        SideVerdict::Allowed => {
            let (policy, rule) = side
                .matches
                .first()
                .map_or((String::new(), 0), |m| (m.policy.clone(), m.rule + 1));
            text!(
                "{0} {1} rule {2} allows it",
                "{0} の{1}ルール {2} が許可しています",
                policy,
                name,
                rule
            )
        }
        SideVerdict::Denied => text!(
            "{0} is isolated for {1} by {2} and no rule allows this flow",
            "{0} の {1} は {2} によって分離されていて、このトラフィックを許可するルールがありません",
            subject,
            name,
            side.isolating.join(", ")
        ),
    }
}
