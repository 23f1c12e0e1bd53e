//! Every text the core writes exists in Japanese too. Each fixture under tests/fixtures (rules,
//! plan, reach and the CLI's) is analysed, and every finding message, fix title, sizing row and
//! flow explanation must have a Japanese form that is written in Japanese and names the same
//! backticked identifiers as the English one: a forgotten translation or a dropped argument
//! shows up here. The Japanese messages of the failing fixtures are kept as snapshots.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

use aksnet_core::plan::check_plan;
use aksnet_core::{Finding, FlowPort, Lang, SourceFile, analyze, explain};

fn fixtures() -> PathBuf {
    common::fixtures("")
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    common::files(dir, &[])
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .is_some_and(|e| extensions.iter().any(|x| e == *x))
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')
}

/// The text between backticks, sorted: the identifiers a message names.
fn backticked(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = text.split('`').skip(1).step_by(2).collect();
    names.sort_unstable();
    names
}

/// Checks one English/Japanese pair; `what` says where it came from.
fn check_pair(what: &str, en: &str, ja: &str) {
    assert!(!ja.trim().is_empty(), "{what}: no Japanese for {en:?}");
    assert!(
        ja.chars().any(is_japanese),
        "{what}: the Japanese of {en:?} is not Japanese: {ja:?}"
    );
    assert_eq!(
        backticked(en),
        backticked(ja),
        "{what}: the identifiers differ\n  en: {en}\n  ja: {ja}"
    );
}

fn check_findings(what: &str, findings: &[Finding]) -> usize {
    for f in findings {
        let at = format!(
            "{what}:{}:{} [{}]",
            f.position.line, f.position.column, f.code
        );
        check_pair(&at, f.message_in(Lang::En), f.message_in(Lang::Ja));
        if let Some(fix) = &f.fix {
            check_pair(&at, fix.title_in(Lang::En), fix.title_in(Lang::Ja));
        }
    }
    findings.len()
}

fn manifest_files() -> Vec<PathBuf> {
    let root = fixtures();
    ["rules", "reach", "check-dir", "cli"]
        .iter()
        .flat_map(|kind| files(&root.join(kind)))
        .filter(|p| has_extension(p, &["yaml", "yml", "json"]))
        .collect()
}

/// Issue 14, part 2: each policy's summary and each representative's description, on every
/// manifest fixture (and the walkthrough steps of tests/fixtures/representatives).
#[test]
fn every_policy_summary_and_representative_has_its_japanese() {
    let mut checked = 0;
    let paths = manifest_files()
        .into_iter()
        .chain(files(&fixtures().join("representatives")));
    for path in paths {
        let source = SourceFile::new("f", fs::read_to_string(&path).unwrap());
        let mut analysis = analyze(std::slice::from_ref(&source));
        let what = path.display().to_string();
        for policy in &analysis.cluster.policies {
            let summary = aksnet_core::describe::policy_summary(policy);
            check_pair(&what, &summary.en, &summary.ja);
            checked += 1;
        }
        aksnet_core::engine::representatives::add(&mut analysis.cluster);
        for endpoint in &analysis.cluster.endpoints {
            let words = aksnet_core::describe::endpoint(endpoint);
            check_pair(&what, &words.en, &words.ja);
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} texts checked");
}

#[test]
fn every_finding_and_fix_of_the_manifest_fixtures_has_its_japanese() {
    let mut checked = 0;
    for path in manifest_files() {
        let source = SourceFile::new("f", fs::read_to_string(&path).unwrap());
        let findings = common::check_findings(&[source]);
        checked += check_findings(&path.display().to_string(), &findings);
    }
    assert!(checked > 50, "only {checked} findings checked");
}

#[test]
fn every_finding_fix_and_sizing_row_of_the_plan_fixtures_has_its_japanese() {
    let mut checked = 0;
    let mut rows = 0;
    for path in files(&fixtures().join("plan")) {
        if !has_extension(&path, &["yaml", "sh", "ps1"]) {
            continue;
        }
        let what = path.display().to_string();
        let report = check_plan(
            &SourceFile::new("plan", fs::read_to_string(&path).unwrap()),
            0,
        );
        checked += check_findings(&what, &report.findings);
        for need in &report.sizing {
            check_pair(&what, need.what_in(Lang::En), need.what_in(Lang::Ja));
            check_pair(&what, need.formula_in(Lang::En), need.formula_in(Lang::Ja));
            rows += 1;
        }
    }
    assert!(checked > 30, "only {checked} findings checked");
    assert!(rows > 20, "only {rows} sizing rows checked");
}

#[test]
fn every_explanation_of_the_reach_fixtures_has_its_japanese() {
    let ports = ["80/TCP", "443/TCP", "53/UDP"].map(|p| FlowPort::parse(p).unwrap());
    let mut checked = 0;
    for path in files(&fixtures().join("reach")) {
        if !has_extension(&path, &["yaml"]) {
            continue;
        }
        let what = path.display().to_string();
        let source = SourceFile::new("f", fs::read_to_string(&path).unwrap());
        let mut cluster = analyze(&[source]).cluster;
        // An address outside the cluster, for the explanations of external flows.
        cluster.endpoint_or_external("203.0.113.7");
        let count = cluster.endpoints.len();
        for from in 0..count {
            for to in (0..count).filter(|&to| to != from) {
                for port in ports {
                    let explanation = explain(&cluster, from, to, port).unwrap();
                    let (en, ja) = (explanation.text_in(Lang::En), explanation.text_in(Lang::Ja));
                    assert_eq!(en, explanation.to_string());
                    assert_eq!(en.lines().count(), ja.lines().count(), "{what}: {ja}");
                    for (en_line, ja_line) in en.lines().zip(ja.lines()) {
                        check_pair(&what, en_line, ja_line);
                    }
                    for side in [&explanation.egress, &explanation.ingress] {
                        for m in &side.matches {
                            assert_eq!(
                                m.peer_in(Lang::En).is_some(),
                                m.peer_in(Lang::Ja).is_some()
                            );
                            assert_eq!(
                                m.port_in(Lang::En).is_some(),
                                m.port_in(Lang::Ja).is_some()
                            );
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} explanations checked");
}

/// The Japanese of every failing fixture, one block per fixture, for review in one place.
fn render_japanese(path: &Path, findings: &[Finding]) -> String {
    let root = fixtures();
    let name = path
        .strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string();
    let mut out = format!("== {}\n", name.replace('\\', "/"));
    for f in findings {
        writeln!(
            out,
            "{}:{} {}[{}] {}",
            f.position.line,
            f.position.column,
            f.severity,
            f.code,
            f.message_in(Lang::Ja)
        )
        .unwrap();
        if let Some(fix) = &f.fix {
            writeln!(out, "    修正: {}", fix.title_in(Lang::Ja)).unwrap();
        }
    }
    out
}

fn failing_fixtures(kind: &str) -> Vec<PathBuf> {
    files(&fixtures().join(kind))
        .into_iter()
        .filter(|p| p.file_stem().is_some_and(|s| s == "fail"))
        .collect()
}

#[test]
fn japanese_messages_of_the_rule_fixtures() {
    let mut out = String::new();
    for path in failing_fixtures("rules") {
        let source = SourceFile::new("f", fs::read_to_string(&path).unwrap());
        // With the migration a fixture asks for (`# aksnet: --engine azure --migrate-to cilium`).
        out.push_str(&render_japanese(&path, &common::check_findings(&[source])));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn japanese_messages_of_the_plan_fixtures() {
    let mut out = String::new();
    for path in failing_fixtures("plan") {
        // A pair that needs the manifests has them beside it (network-policy-none).
        let manifests = path
            .parent()
            .and_then(|dir| fs::read_to_string(dir.join("manifests.yaml")).ok());
        let policies = manifests.map_or_else(Vec::new, |text| {
            aksnet_core::plan::PolicyRef::all_in(&analyze(&[SourceFile::new(
                "manifests.yaml",
                text,
            )]))
        });
        let report = aksnet_core::plan::check_plan_with(
            &SourceFile::new("plan", fs::read_to_string(&path).unwrap()),
            0,
            &policies,
        );
        out.push_str(&render_japanese(&path, &report.findings));
    }
    insta::assert_snapshot!(out);
}

/// Reads the Rust string literal at the start of `rest` (after spaces and one comma), returning
/// its text and what follows; `None` when something else comes first.
fn string_literal(rest: &str) -> Option<(String, &str)> {
    let rest = rest.trim_start().trim_start_matches(',').trim_start();
    let body = rest.strip_prefix('"')?;
    let mut text = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((text, &body[i + 1..])),
            '\\' => {
                let (_, escaped) = chars.next()?;
                text.push(if escaped == 'n' { '\n' } else { escaped });
            }
            _ => text.push(c),
        }
    }
    None
}

/// Every `text!` and `Text::new` with two written sentences in the core's source, including the
/// ones no fixture reaches: the Japanese is Japanese and names the same backticked identifiers
/// and placeholders.
#[test]
fn every_sentence_pair_in_the_source_matches() {
    let files = common::files(&common::repository().join("core/src"), &["rs"]);
    let mut pairs = 0;
    for path in files {
        let source = fs::read_to_string(&path).unwrap();
        // The text module's own tests use sample sentences on purpose.
        let source = source.split("#[cfg(test)]").next().unwrap_or_default();
        for opener in ["text!(", "Text::new("] {
            for (at, _) in source.match_indices(opener) {
                let rest = &source[at + opener.len()..];
                let Some((en, rest)) = string_literal(rest) else {
                    continue;
                };
                let Some((ja, _)) = string_literal(rest) else {
                    continue;
                };
                let line = source[..at].matches('\n').count() + 1;
                let what = format!("{}:{line}", path.display());
                // A sentence written the same in both ("{0} `{1}`", a formula) or whose
                // Japanese has no words of its own ("{0} -> {1} ({2}): {3}") is Japanese through
                // its arguments.
                let own_words = ja
                    .split(['{', '}'])
                    .step_by(2)
                    .any(|part| part.chars().any(char::is_alphabetic));
                if en != ja && own_words {
                    check_pair(&what, &en, &ja);
                } else {
                    assert_eq!(backticked(&en), backticked(&ja), "{what}: {en} / {ja}");
                }
                pairs += 1;
            }
        }
    }
    assert!(pairs > 200, "only {pairs} sentence pairs found");
}

/// docs/decisions/0070-japanese-glossary.md: one Japanese word for each term, in every place the
/// product writes Japanese.
#[test]
fn the_glossary_holds() {
    const NOT: [(&str, &str); 3] = [
        ("イングレス", "受信 (a direction) or Ingress (the resource)"),
        ("エグレス", "送信"),
        ("ネームスペース", "名前空間"),
    ];
    let root = common::repository();
    let mut places: Vec<PathBuf> = [
        "core/src",
        "web/src",
        "cli/src",
        "docs/rules/ja",
        "static/exercises",
        "static/examples",
    ]
    .iter()
    .flat_map(|dir| common::files(&root.join(dir), &["rs", "md", "yaml", "sh"]))
    .collect();
    places.push(root.join("docs/exercises.md"));
    let mut wrong = Vec::new();
    for path in places {
        let text = fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            for (word, instead) in NOT {
                if line.contains(word) {
                    wrong.push(format!(
                        "{}:{}: {word} (write {instead})",
                        path.display(),
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
