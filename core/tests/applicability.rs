//! Every fix says whether it keeps the input's meaning (issue 14, part 3), and the three places
//! that say it agree: the fixes the rules build, the table `Code::fix_applicability` and the
//! `**Fix applicability:**` line of the rule pages in both languages.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use aksnet_core::plan::check_plan;
use aksnet_core::{Applicability, Code, Lang, SourceFile, analyze, rules};

/// The label of the line on English pages, and on Japanese ones.
const LABEL_EN: &str = "**Fix applicability:** ";
const LABEL_JA: &str = "**自動修正の適用性:** ";

fn inputs() -> Vec<PathBuf> {
    const EXTENSIONS: [&str; 3] = ["yaml", "sh", "yml"];
    let mut out = common::files(&common::fixtures(""), &EXTENSIONS);
    out.extend(common::files(
        &common::repository().join("static/examples"),
        &EXTENSIONS,
    ));
    out.sort();
    out
}

/// The applicability every fix of each code has in the fixtures and examples.
fn observed() -> BTreeMap<Code, Vec<(Applicability, PathBuf)>> {
    let mut seen: BTreeMap<Code, Vec<(Applicability, PathBuf)>> = BTreeMap::new();
    for path in inputs() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = SourceFile::new(name, text);
        let is_plan = path.components().any(|c| c.as_os_str() == "plan")
            || path.extension().is_some_and(|e| e == "sh")
            || source.text.contains("kind: NetworkPlan");
        let findings = if is_plan {
            check_plan(&source, 0).findings
        } else {
            common::check_findings(std::slice::from_ref(&source))
        };
        for finding in findings {
            if let Some(fix) = finding.fix {
                seen.entry(finding.code)
                    .or_default()
                    .push((fix.applicability, path.clone()));
            }
        }
    }
    seen
}

#[test]
fn every_fix_has_the_applicability_its_code_declares() {
    let seen = observed();
    for (code, fixes) in &seen {
        let declared = code.fix_applicability();
        for (applicability, path) in fixes {
            assert_eq!(
                Some(*applicability),
                declared,
                "{code}: a fix in {} is {applicability}, the table says {declared:?}",
                path.display()
            );
        }
    }
    // Every code declared to have a fix has one in its fixtures, so the check above saw it.
    for code in Code::ALL {
        if code.fix_applicability().is_some() {
            assert!(
                seen.contains_key(code),
                "{code} declares a fix no fixture produces"
            );
        }
    }
    assert!(seen.len() >= 18, "only {} codes with fixes", seen.len());
}

/// The word after the label, when the page has the line.
fn stated(page: &str, label: &str) -> Option<String> {
    let line = page.lines().find(|l| l.starts_with(label))?;
    let rest = line.get(label.len()..)?;
    Some(
        rest.split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("")
            .to_owned(),
    )
}

#[test]
fn every_rule_page_states_the_applicability_of_the_code() {
    for code in Code::ALL {
        let declared = code.fix_applicability().map(Applicability::as_str);
        for (lang, label) in [(Lang::En, LABEL_EN), (Lang::Ja, LABEL_JA)] {
            let page = rules::doc_in(*code, lang).unwrap();
            assert_eq!(
                stated(page, label).as_deref(),
                declared,
                "docs/rules/{}{code}.md: its `{}` line does not say what the code does",
                if lang == Lang::Ja { "ja/" } else { "" },
                label.trim()
            );
        }
    }
}

/// The issue's case: the fixes that change traffic are unsafe, the notation fixes safe.
#[test]
fn issue_14_traffic_changing_fixes_are_unsafe() {
    assert_eq!(
        Code::NpNoDefaultDeny.fix_applicability(),
        Some(Applicability::Unsafe)
    );
    assert_eq!(
        Code::NpSplitPeer.fix_applicability(),
        Some(Applicability::Unsafe)
    );
    for code in [
        Code::CidrNotCanonical,
        Code::NpDeprecatedApi,
        Code::IngressPathTypeMissing,
    ] {
        assert_eq!(code.fix_applicability(), Some(Applicability::Safe));
    }
}

/// `fixed_text` applies what it is asked for: safe fixes only, or every fix.
#[test]
fn fixed_text_applies_unsafe_fixes_only_when_asked() {
    let text = std::fs::read_to_string(common::fixtures("rules/np-split-peer/fail.yaml")).unwrap();
    let sources = [SourceFile::new("m.yaml", text.clone())];
    let analysis = analyze(&sources);
    let safe = analysis.fixed_text(0, Applicability::Safe).unwrap();
    let all = analysis.fixed_text(0, Applicability::Unsafe).unwrap();
    let still = |fixed: &str| {
        analyze(&[SourceFile::new("m.yaml", fixed)])
            .findings
            .iter()
            .any(|f| f.code == Code::NpSplitPeer)
    };
    assert!(
        still(&safe),
        "a safe-only fix removed np-split-peer:\n{safe}"
    );
    assert!(!still(&all), "every fix left np-split-peer:\n{all}");
}
