//! One fixture directory per finding code: tests/fixtures/plan/<code>/ for the planner,
//! tests/fixtures/rules/<code>/ for manifests. `fail.*` must produce its code, its nearest twin
//! `pass.*` must produce neither the code nor any error, and applying the fixes of a failing
//! input removes the code, adds no error, and fixing again changes nothing.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;
use std::fs;
use std::path::Path;

use aksnet_core::plan::check_plan;
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

fn check_manifests(text: &str) -> Outcome {
    let sources = [SourceFile::new("manifests.yaml", text)];
    let analysis = analyze(&sources);
    let fixed = analysis.findings.iter().any(|f| f.fix.is_some()).then(|| {
        analysis
            .fixed_text(0, aksnet_core::Applicability::Unsafe)
            .unwrap()
    });
    Outcome {
        findings: analysis.findings,
        fixed,
    }
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

fn run_fixtures(kind: &str, check: fn(&str) -> Outcome, at_least: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(kind);
    // A directory per code; others (such as plan/az/, the command parser's inputs) are not checks.
    let mut dirs: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && Code::parse(&p.file_name().unwrap().to_string_lossy()).is_some())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= at_least,
        "only {} code directories in {kind}",
        dirs.len()
    );
    for dir in dirs {
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut pairs = 0;
        for ext in ["yaml", "sh"] {
            let (fail, pass) = (
                dir.join(format!("fail.{ext}")),
                dir.join(format!("pass.{ext}")),
            );
            if !fail.exists() {
                continue;
            }
            pairs += 1;
            let failing = check(&fs::read_to_string(&fail).unwrap());
            assert!(
                failing.findings.iter().any(|f| f.code.as_str() == code),
                "{code}/fail.{ext} does not produce {code}:\n{}",
                render(&failing)
            );
            insta::assert_snapshot!(format!("{kind}-{code}-{ext}"), render(&failing));

            let passing = check(&fs::read_to_string(&pass).unwrap());
            assert!(
                !passing
                    .findings
                    .iter()
                    .any(|f| f.code.as_str() == code || f.severity == Severity::Error),
                "{code}/pass.{ext} should be clean of {code} and errors:\n{}",
                render(&passing)
            );

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
}

#[test]
fn planner_codes() {
    run_fixtures("plan", check_plan_text, 29);
}

#[test]
fn manifest_codes() {
    run_fixtures("rules", check_manifests, 3);
}

/// Every code has its fixture pair, except the az command parser's own, which its unit tests
/// cover line by line (core/src/plan/az.rs).
#[test]
fn every_code_has_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    for &code in Code::ALL {
        let name = code.as_str();
        if name.starts_with("az-") {
            continue;
        }
        assert!(
            root.join("rules").join(name).is_dir() || root.join("plan").join(name).is_dir(),
            "no fixtures for {name}"
        );
    }
}
