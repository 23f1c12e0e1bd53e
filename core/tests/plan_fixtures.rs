//! The planner's fixtures (tests/fixtures/plan/<code>/): each failing plan produces its code,
//! its nearest passing twin produces neither the code nor any error, and applying the fixes of
//! a failing plan removes the code without adding an error.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;
use std::fs;
use std::path::Path;

use aksnet_core::plan::{PlanReport, check_plan};
use aksnet_core::{Code, Severity, SourceFile};

fn check(text: &str) -> PlanReport {
    check_plan(&SourceFile::new("plan", text), 0)
}

fn render(report: &PlanReport) -> String {
    let mut out = String::new();
    for f in &report.findings {
        writeln!(
            out,
            "{}:{} {}[{}] {}",
            f.position.line, f.position.column, f.severity, f.code, f.message
        )
        .unwrap();
        if !f.ranges.is_empty() {
            writeln!(out, "    ranges: {}", f.ranges.join(", ")).unwrap();
        }
        if let Some(fix) = &f.fix {
            writeln!(out, "    fix: {}", fix.title).unwrap();
        }
    }
    if let Some(corrected) = &report.corrected {
        writeln!(out, "--- corrected\n{corrected}").unwrap();
    }
    out
}

#[test]
fn every_code_fails_on_its_fixture_and_passes_on_its_twin() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/plan");
    // A directory per code; others (such as az/, the command parser's inputs) are not checks.
    let mut dirs: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && Code::parse(&p.file_name().unwrap().to_string_lossy()).is_some())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 29, "only {} code directories", dirs.len());
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
            let fail_text = fs::read_to_string(&fail).unwrap();
            let failing = check(&fail_text);
            assert!(
                failing.findings.iter().any(|f| f.code.as_str() == code),
                "{code}/fail.{ext} does not produce {code}:\n{}",
                render(&failing)
            );
            insta::assert_snapshot!(format!("{code}-{ext}"), render(&failing));

            let passing = check(&fs::read_to_string(&pass).unwrap());
            assert!(
                !passing
                    .findings
                    .iter()
                    .any(|f| f.code.as_str() == code || f.severity == Severity::Error),
                "{code}/pass.{ext} should be clean of {code} and errors:\n{}",
                render(&passing)
            );

            if let Some(corrected) = &failing.corrected
                && failing
                    .findings
                    .iter()
                    .any(|f| f.code.as_str() == code && f.fix.is_some())
            {
                let rechecked = check(corrected);
                assert!(
                    !rechecked.findings.iter().any(|f| f.code.as_str() == code),
                    "{code}/fail.{ext}: the fix leaves {code}:\n{}",
                    render(&rechecked)
                );
                let before: Vec<_> = failing
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .map(|f| f.code)
                    .collect();
                for f in rechecked
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
                // Fixing again changes nothing the first fix addressed.
                assert_eq!(
                    check(corrected).corrected.as_deref().map(|_| ()),
                    rechecked.corrected.as_deref().map(|_| ())
                );
            }
        }
        assert!(pairs > 0, "{code} has no fail/pass pair");
    }
}
