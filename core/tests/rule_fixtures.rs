//! One fixture directory per finding code: tests/fixtures/plan/<code>/ for the planner,
//! tests/fixtures/rules/<code>/ for manifests. `fail.*` must produce its code, its nearest twin
//! `pass.*` must produce neither the code nor any error, and applying the fixes of a failing
//! input removes the code, adds no error, and fixing again changes nothing.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::fmt::Write;
use std::fs;

use aksnet_core::plan::{PolicyRef, check_plan, check_plan_with};
use aksnet_core::{Code, Finding, Severity, SourceFile, analyze};

/// What one input gives: its findings and its text with every fix applied.
struct Outcome {
    findings: Vec<Finding>,
    fixed: Option<String>,
}

fn check_plan_text(text: &str) -> Outcome {
    let report = check_plan(&SourceFile::new("plan", text), 0);
    Outcome {
        fixed: report.corrected_with(text, aksnet_core::Applicability::Unsafe),
        findings: report.findings,
    }
}

/// A plan checked with the NetworkPolicies of `manifests`, for the codes that need both (a
/// `manifests.yaml` beside the pair: network-policy-none).
fn check_plan_and_manifests(text: &str, manifests: &str) -> Outcome {
    let analysis = analyze(&[SourceFile::new("manifests.yaml", manifests)]);
    let policies = PolicyRef::all_in(&analysis);
    let report = check_plan_with(&SourceFile::new("plan", text), 0, &policies);
    Outcome {
        fixed: report.corrected_with(text, aksnet_core::Applicability::Unsafe),
        findings: report.findings,
    }
}

/// A fixture that asks for a migration (`# aksnet: --engine azure --migrate-to cilium`) gets
/// the migration's findings too, as `aksnet check` gives them.
fn check_manifests(text: &str) -> Outcome {
    let sources = [SourceFile::new("manifests.yaml", text)];
    let findings = common::check_findings(&sources);
    let fixed = findings.iter().any(|f| f.fix.is_some()).then(|| {
        let edits: Vec<aksnet_core::fix::Edit> = findings
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .flat_map(|fix| fix.edits.iter().cloned())
            .collect();
        aksnet_core::fix::apply(text, &edits).0
    });
    Outcome { findings, fixed }
}

fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in &outcome.findings {
        writeln!(
            out,
            "{}:{} {}[{}] {}",
            f.position.line, f.position.column, f.severity, f.code, f.message
        )
        .unwrap();
        if let Some(object) = &f.object {
            writeln!(out, "    object: {object}").unwrap();
        }
        if !f.ranges.is_empty() {
            writeln!(out, "    ranges: {}", f.ranges.join(", ")).unwrap();
        }
        if let Some(fix) = &f.fix {
            writeln!(out, "    fix: {}", fix.title).unwrap();
        }
    }
    if let Some(fixed) = &outcome.fixed {
        writeln!(out, "--- fixed\n{fixed}").unwrap();
    }
    out
}

/// What a code's snapshot records: its own findings alone, and the failing text with their
/// fixes applied; other codes the fixture happens to raise have their own fixtures.
fn render_code(outcome: &Outcome, code: &str, text: &str) -> String {
    let findings: Vec<Finding> = outcome
        .findings
        .iter()
        .filter(|f| f.code.as_str() == code)
        .cloned()
        .collect();
    let edits: Vec<aksnet_core::fix::Edit> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|fix| fix.edits.iter().cloned())
        .collect();
    let fixed = (!edits.is_empty()).then(|| aksnet_core::fix::apply(text, &edits).0);
    render(&Outcome { findings, fixed })
}

/// Fixing the fixed text of `outcome` (the text `what` with its fixes applied) changes no byte:
/// a fix whose result still raises a fix would be applied again on every run. `false` when the
/// input had nothing to fix.
fn assert_fixing_twice_changes_nothing(
    what: &str,
    check: &dyn Fn(&str) -> Outcome,
    outcome: &Outcome,
) -> bool {
    let Some(fixed) = &outcome.fixed else {
        return false;
    };
    if let Some(again) = &check(fixed).fixed {
        assert_eq!(again, fixed, "{what}: fixing the fixed text changes it");
    }
    true
}

/// How the inputs of the code directory `dir` are checked: `plain`, or with the manifests
/// beside them when the directory has a `manifests.yaml`.
fn checker(dir: &std::path::Path, plain: fn(&str) -> Outcome) -> Box<dyn Fn(&str) -> Outcome> {
    match fs::read_to_string(dir.join("manifests.yaml")) {
        Ok(manifests) => Box::new(move |text: &str| check_plan_and_manifests(text, &manifests)),
        Err(_) => Box::new(plain),
    }
}

fn run_fixtures(kind: &str, plain: fn(&str) -> Outcome, at_least: usize) {
    // A directory per code; others (such as plan/az/, the command parser's inputs) are not checks.
    let dirs: Vec<_> = common::dirs(&common::fixtures(kind))
        .into_iter()
        .filter(|p| Code::parse(&common::name(p)).is_some())
        .collect();
    assert!(
        dirs.len() >= at_least,
        "only {} code directories in {kind}",
        dirs.len()
    );
    let (mut inputs, mut fixable, mut fixed_twice) = (0, 0, 0);
    for dir in dirs {
        let code = common::name(&dir);
        let check = checker(&dir, plain);
        let mut pairs = 0;
        for ext in ["yaml", "sh", "ps1"] {
            let (fail, pass) = (
                dir.join(format!("fail.{ext}")),
                dir.join(format!("pass.{ext}")),
            );
            if !fail.exists() {
                continue;
            }
            pairs += 1;
            let failing_text = fs::read_to_string(&fail).unwrap();
            let failing = check(&failing_text);
            assert!(
                failing.findings.iter().any(|f| f.code.as_str() == code),
                "{code}/fail.{ext} does not produce {code}:\n{}",
                render(&failing)
            );
            insta::assert_snapshot!(
                format!("{kind}-{code}-{ext}"),
                render_code(&failing, &code, &failing_text)
            );

            let passing = check(&fs::read_to_string(&pass).unwrap());
            assert!(
                !passing
                    .findings
                    .iter()
                    .any(|f| f.code.as_str() == code || f.severity == Severity::Error),
                "{code}/pass.{ext} should be clean of {code} and errors:\n{}",
                render(&passing)
            );

            for (name, outcome) in [("fail", &failing), ("pass", &passing)] {
                inputs += 1;
                fixable += usize::from(outcome.findings.iter().any(|f| f.fix.is_some()));
                fixed_twice += usize::from(assert_fixing_twice_changes_nothing(
                    &format!("{code}/{name}.{ext}"),
                    &*check,
                    outcome,
                ));
            }

            let fixes_code = failing
                .findings
                .iter()
                .any(|f| f.code.as_str() == code && f.fix.is_some());
            if let (true, Some(fixed)) = (fixes_code, &failing.fixed) {
                let refixed = check(fixed);
                assert!(
                    !refixed.findings.iter().any(|f| f.code.as_str() == code),
                    "{code}/fail.{ext}: the fix leaves {code}:\n{}",
                    render(&refixed)
                );
                let before: Vec<Code> = failing
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .map(|f| f.code)
                    .collect();
                for f in refixed
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                {
                    assert!(
                        before.contains(&f.code),
                        "{code}/fail.{ext}: the fix adds {}: {}",
                        f.code,
                        f.message
                    );
                }
                if let Some(again) = &refixed.fixed {
                    let third = check(again);
                    assert!(
                        !third.findings.iter().any(|f| f.code.as_str() == code),
                        "{code}/fail.{ext}: fixing again brings {code} back"
                    );
                }
            }
        }
        assert!(pairs > 0, "{code} has no fail/pass pair");
    }
    // Every input with a fix was fixed twice, and the fixtures do have fixes.
    assert_eq!(
        fixed_twice, fixable,
        "{kind}: not every input with a fix was fixed twice"
    );
    assert!(
        fixed_twice > 0,
        "{kind}: {fixed_twice} of {inputs} inputs have a fix"
    );
}

#[test]
fn planner_codes() {
    run_fixtures("plan", check_plan_text, 29);
}

#[test]
fn manifest_codes() {
    run_fixtures("rules", check_manifests, 3);
}
