//! The built-in exercises check themselves: every file reads cleanly, every starting state fails
//! at least one goal, and every reference solution meets all of them.
#![cfg(not(target_arch = "wasm32"))]

use aksnet_core::Lang;
use aksnet_core::exercise::{self, Exercise, ExerciseReport, catalog, catalog_sources};

fn unmet(report: &ExerciseReport) -> String {
    report
        .goals
        .iter()
        .filter(|g| !g.met)
        .map(|g| format!("  {}: {}", g.id, g.detail.as_ref().map_or("", |d| &d.en)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_exercise_file_reads_without_findings() {
    for (name, text) in catalog_sources() {
        let (exercise, findings) = exercise::parse(text);
        assert!(
            findings.is_empty(),
            "{name}: {:#?}",
            findings
                .iter()
                .map(|f| format!("{}:{} {}", f.position.line, f.position.column, f.message))
                .collect::<Vec<_>>()
        );
        assert!(exercise.is_some(), "{name}");
    }
    assert_eq!(catalog().len(), catalog_sources().len());
    assert!(
        catalog().len() >= 10,
        "the workshop has at least 10 exercises"
    );
}

#[test]
fn ids_are_unique_and_files_are_numbered_in_workshop_order() {
    let mut ids: Vec<&str> = catalog().iter().map(|e| e.id.as_str()).collect();
    for ((name, _), exercise) in catalog_sources().iter().zip(catalog()) {
        assert_eq!(
            name.split_once('-').map(|(_, rest)| rest),
            Some(format!("{}.yaml", exercise.id).as_str()),
            "{name} is NN-<id>.yaml"
        );
    }
    let editors: Vec<(bool, bool)> = catalog()
        .iter()
        .map(|e| (e.uses_manifests(), e.uses_plan()))
        .collect();
    assert!(editors.contains(&(true, false)) && editors.contains(&(false, true)));
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), catalog().len());
}

fn check(exercise: &Exercise, sources: &exercise::Sources) -> ExerciseReport {
    exercise::check(exercise, &sources.manifests, &sources.plan)
}

#[test]
fn every_starting_state_fails_a_goal_and_every_solution_meets_all() {
    for exercise in catalog() {
        let start = check(exercise, &exercise.start);
        assert!(
            !start.met,
            "{}: the starting state already meets every goal",
            exercise.id
        );
        let solution = check(exercise, &exercise.solution);
        assert!(
            solution.met,
            "{}: the solution misses goals:\n{}",
            exercise.id,
            unmet(&solution)
        );
        assert_eq!(solution.goals.len(), exercise.goals.len());
    }
}

/// A solution must be clean apart from what the exercise itself asks for: an error finding in
/// it would teach the wrong thing.
#[test]
fn solutions_have_no_error_findings() {
    for exercise in catalog() {
        let sources = [aksnet_core::SourceFile::new(
            "manifests",
            exercise.solution.manifests.as_str(),
        )];
        let analysis = aksnet_core::analyze(&sources);
        assert!(
            !analysis.has_errors(),
            "{}: {:?}",
            exercise.id,
            analysis.findings
        );
        if !exercise.solution.plan.trim().is_empty() {
            let report = aksnet_core::plan::check_plan(
                &aksnet_core::SourceFile::new("plan", exercise.solution.plan.as_str()),
                0,
            );
            assert!(
                !report.has_errors(),
                "{}: {:?}",
                exercise.id,
                report.findings
            );
        }
    }
}

#[test]
fn every_unmet_goal_says_why_in_both_languages() {
    for exercise in catalog() {
        for goal in check(exercise, &exercise.start).goals {
            match (&goal.detail, goal.met) {
                (None, true) => {}
                (Some(detail), false) => {
                    assert!(!detail.en.is_empty(), "{}/{}", exercise.id, goal.id);
                    assert!(
                        detail.ja.chars().any(is_japanese),
                        "{}/{}: the Japanese detail is not Japanese: {}",
                        exercise.id,
                        goal.id,
                        detail.ja
                    );
                }
                _ => panic!(
                    "{}/{}: detail is given exactly when unmet",
                    exercise.id, goal.id
                ),
            }
        }
    }
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')
}

/// An exercise with one goal, written as its YAML (indented as an item of `goals`).
fn one_goal(check: &str) -> Exercise {
    let text = format!(
        "id: fixture\ntitle: {{en: Fixture, ja: フィクスチャ}}\nstory: {{en: A story, ja: 物語}}\nstart: {{manifests: 'kind: Namespace'}}\nsolution: {{manifests: 'kind: Namespace'}}\ngoals:\n  - id: goal\n    title: {{en: The goal, ja: ゴール}}\n    {check}\n"
    );
    let (exercise, findings) = exercise::parse(&text);
    assert!(findings.is_empty(), "{findings:?}");
    exercise.unwrap()
}

/// Whether the only goal is met, and its English detail.
fn goal(check: &str, manifests: &str, plan: &str) -> (bool, String) {
    let report = exercise::check(&one_goal(check), manifests, plan);
    let goal = &report.goals[0];
    assert_eq!(report.met, goal.met);
    (
        goal.met,
        goal.detail
            .as_ref()
            .map(|d| d.en.clone())
            .unwrap_or_default(),
    )
}

const PODS: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: client, image: alpine}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-svc, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
";

const DENY_WEB: &str = "\
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-web, namespace: shop}
spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}
";

const ALLOW_CLIENT_HTTP: &str = "\
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {matchLabels: {app: client}}}], ports: [{port: http}]}]
";

#[test]
fn allowed_goal_and_its_twin() {
    let check = "allowed: {from: shop/client, to: shop/web, port: 8080/TCP}";
    assert_eq!(goal(check, PODS, ""), (true, String::new()));
    let (met, detail) = goal(check, &format!("{PODS}{DENY_WEB}"), "");
    assert!(!met);
    assert_eq!(
        detail,
        "shop/client → shop/web 8080/TCP is blocked: shop/web is isolated for ingress by shop/deny-web and no rule allows this flow"
    );
    // The same isolation with a rule for the named port lets the flow through again.
    let manifests = format!("{PODS}{DENY_WEB}{ALLOW_CLIENT_HTTP}");
    assert!(goal(check, &manifests, "").0);
}

#[test]
fn blocked_goal_and_its_twin() {
    let check = "blocked: {from: shop/client, to: shop/web, port: 8080/TCP}";
    assert!(goal(check, &format!("{PODS}{DENY_WEB}"), "").0);
    let (met, detail) = goal(check, PODS, "");
    assert!(!met);
    assert_eq!(
        detail,
        "shop/client → shop/web 8080/TCP is allowed: no policy selects shop/client for egress; no policy selects shop/web for ingress"
    );
    let (met, detail) = goal(check, &format!("{PODS}{DENY_WEB}{ALLOW_CLIENT_HTTP}"), "");
    assert!(!met);
    assert!(
        detail.ends_with("shop/allow-client ingress rule 1 allows it"),
        "{detail}"
    );
}

#[test]
fn flows_to_a_service_follow_its_target_port() {
    let check = "allowed: {from: shop/client, to: shop/web-svc, port: 80/TCP}";
    assert!(goal(check, &format!("{PODS}{DENY_WEB}{ALLOW_CLIENT_HTTP}"), "").0);
    let (met, detail) = goal(check, &format!("{PODS}{DENY_WEB}"), "");
    assert!(!met);
    assert!(
        detail.starts_with("shop/client → shop/web 8080/TCP is blocked"),
        "{detail}"
    );
    let (met, detail) = goal(
        "allowed: {from: shop/client, to: shop/web-svc, port: 443/TCP}",
        PODS,
        "",
    );
    assert!(!met);
    assert_eq!(
        detail,
        "Service shop/web-svc selects no pod or workload here, or has no port 443/TCP"
    );
}

#[test]
fn flows_name_addresses_outside_the_cluster() {
    let check = "blocked: {from: 203.0.113.7, to: shop/web, port: 8080/TCP}";
    assert!(goal(check, &format!("{PODS}{DENY_WEB}"), "").0);
    let (met, detail) = goal(check, PODS, "");
    assert!(!met);
    assert_eq!(
        detail,
        "203.0.113.7 → shop/web 8080/TCP is allowed: no policy selects shop/web for ingress"
    );
}

#[test]
fn a_flow_between_unknown_endpoints_is_unmet_and_says_which() {
    let (met, detail) = goal(
        "allowed: {from: shop/missing, to: shop/web, port: 80/TCP}",
        PODS,
        "",
    );
    assert!(!met);
    assert!(
        detail.starts_with("shop/missing: no pod or workload"),
        "{detail}"
    );
    let (met, detail) = goal(
        "blocked: {from: shop/client, to: shop/missing, port: 80/TCP}",
        PODS,
        "",
    );
    assert!(!met);
    assert!(
        detail.starts_with("shop/missing: no pod, workload or Service"),
        "{detail}"
    );
}

const PLAN_OVERLAP: &str = "kind: NetworkPlan\ncluster:\n  networkPlugin: azure\n  subnet: v/aks\n  serviceCidr: 10.0.0.0/16\n  dnsServiceIp: 10.0.0.10\nvnets:\n  - name: v\n    addressSpace: [\"10.0.0.0/8\"]\n    subnets:\n      - {name: aks, cidr: \"10.240.0.0/16\"}\n";

fn plan_without_overlap() -> String {
    PLAN_OVERLAP
        .replace("10.0.0.0/16", "172.16.0.0/16")
        .replace("10.0.0.10", "172.16.0.10")
}

#[test]
fn finding_absent_goal_and_its_twin() {
    let check = "finding-absent: {code: cidr-overlap, source: plan}";
    let (met, detail) = goal(check, "", PLAN_OVERLAP);
    assert!(!met);
    assert_eq!(
        detail,
        "cidr-overlap at line 5: service CIDR 10.0.0.0/16 overlaps VNet v 10.0.0.0/8"
    );
    assert!(goal(check, "", &plan_without_overlap()).0);
    // A finding of the other source does not count against a restricted goal.
    let split = "kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {a: b}}\n    - podSelector: {matchLabels: {c: d}}\n";
    assert!(
        goal(
            "finding-absent: {code: np-split-peer, source: plan}",
            split,
            ""
        )
        .0
    );
    assert!(
        !goal(
            "finding-absent: {code: np-split-peer, source: manifests}",
            split,
            ""
        )
        .0
    );
    // Without a source, either counts; the short form is the code alone.
    assert!(!goal("finding-absent: np-split-peer", split, "").0);
}

#[test]
fn finding_present_goal_and_its_twin() {
    let check = "finding-present: {code: cidr-overlap, source: plan}";
    assert!(goal(check, "", PLAN_OVERLAP).0);
    let (met, detail) = goal(check, "", &plan_without_overlap());
    assert!(!met);
    assert_eq!(detail, "no cidr-overlap finding in the plan");
}

#[test]
fn plan_valid_goal_needs_a_cluster_and_no_error() {
    let check = "plan-valid: true";
    assert!(goal(check, "", &plan_without_overlap()).0);
    let (met, detail) = goal(check, "", PLAN_OVERLAP);
    assert!(!met);
    assert!(
        detail.starts_with("1 error(s) in the plan, the first: cidr-overlap at line 5"),
        "{detail}"
    );
    let (met, detail) = goal(check, PODS, "");
    assert!(!met);
    assert!(detail.starts_with("no plan"), "{detail}");
    let (met, detail) = goal(check, "", "kind: NetworkPlan\nvnets: []\n");
    assert!(!met);
    assert!(
        detail.starts_with("the plan describes no cluster"),
        "{detail}"
    );
}

#[test]
fn api_server_goals_follow_the_authorized_ranges() {
    let ranges = |list: &str| {
        plan_without_overlap().replace(
            "  subnet: v/aks\n",
            &format!("  subnet: v/aks\n  apiServerAuthorizedIpRanges: [{list}]\n"),
        )
    };
    let office = ranges("\"73.140.245.0/24\"");
    assert!(goal("api-server-allowed: 73.140.245.10", "", &office).0);
    assert!(goal("api-server-blocked: 198.51.100.7", "", &office).0);
    let (met, detail) = goal("api-server-allowed: 198.51.100.7", "", &office);
    assert!(!met);
    assert_eq!(
        detail,
        "198.51.100.7 may not reach the API server: no authorized IP range covers it"
    );
    let (met, detail) = goal("api-server-blocked: 73.140.245.10", "", &office);
    assert!(!met);
    assert!(detail.starts_with("73.140.245.10 may reach the API server: an authorized IP range"));
    // Without ranges every address may reach it.
    assert!(
        goal(
            "api-server-allowed: 198.51.100.7",
            "",
            &plan_without_overlap()
        )
        .0
    );
    let (met, detail) = goal(
        "api-server-blocked: 198.51.100.7",
        "",
        &plan_without_overlap(),
    );
    assert!(!met);
    assert!(detail.contains("sets no authorized IP ranges"), "{detail}");
    assert!(
        !goal("api-server-allowed: 73.140.245.10", PODS, "").0,
        "no plan"
    );
}

/// Findings of a broken exercise file, one line each: `line:column code message`.
/// Each finding with its English message, and its Japanese one below.
fn parse_findings(text: &str) -> String {
    let (_, findings) = exercise::parse(text);
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{} {} {}\n    {}",
                f.position.line,
                f.position.column,
                f.code,
                f.message_in(Lang::En),
                f.message_in(Lang::Ja)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_broken_exercise_file_gives_findings_with_lines() {
    let text = "\
id: broken
title: {en: Broken}
story: A story in one language
tips: []
start: {}
goals:
  - id: one
    title: {en: One, ja: 一}
    allowed: {from: a/b, to: c/d, port: 80/TCPX}
  - id: one
    title: {en: Again, ja: 再び}
    plan-valid: true
  - id: two
    title: {en: Two, ja: 二}
    finding-absent: {code: no-such-code, source: everywhere}
  - id: three
    title: {en: Three, ja: 三}
  - id: four
    title: {en: Four, ja: 四}
    plan-valid: true
    blocked: {from: a/b, to: c/d}
  - id: five
    title: {en: Five, ja: 五}
    plan-valid: false
  - id: six
    title: {en: Six, ja: 六}
    api-server-allowed: 73.140.245.0/24
  - just a string
solution: {manifests: 'kind: Namespace'}
";
    insta::assert_snapshot!(parse_findings(text));
}

#[test]
fn what_is_not_an_exercise_at_all_is_one_finding() {
    for text in [
        "",
        "# only a comment\n",
        "- a list\n",
        "title: {en: No id, ja: ID なし}\n",
    ] {
        let (exercise, findings) = exercise::parse(text);
        assert!(exercise.is_none(), "{text:?}");
        assert!(!findings.is_empty(), "{text:?}");
    }
    let (exercise, findings) = exercise::parse("id: [unclosed\n");
    assert!(exercise.is_none());
    assert_eq!(findings[0].code, aksnet_core::Code::YamlSyntax);
    assert_eq!(findings[0].position.line, 1);
    // A second document is reported, not silently ignored.
    let second = format!("{}---\nid: other\n", catalog_sources()[0].1);
    let (exercise, findings) = exercise::parse(&second);
    assert!(exercise.is_some());
    assert_eq!(findings.len(), 1, "{findings:?}");
}

/// The example in docs/exercises.md is a working exercise.
#[test]
fn the_documented_example_works() {
    let doc = include_str!("../../docs/exercises.md");
    let example = doc
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let (exercise, findings) = exercise::parse(example);
    assert!(findings.is_empty(), "{findings:?}");
    let exercise = exercise.unwrap();
    assert!(!check(&exercise, &exercise.start).met);
    let solution = check(&exercise, &exercise.solution);
    assert!(solution.met, "{}", unmet(&solution));
}
