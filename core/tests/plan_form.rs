//! One rule tells a YAML plan from az command lines (`plan::plan_form`): the reader, `is_plan`
//! and the page's plan editors all ask it. Every plan the repository ships is read in the form
//! its file name says: `.yaml` a NetworkPlan, `.sh` and `.ps1` az command lines, and each block
//! of the az corpus (tests/fixtures/plan/az-corpus/) as it would be pasted alone.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

use aksnet_core::SourceFile;
use aksnet_core::plan::{PlanForm, check_plan, is_plan, plan_form};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn expected(path: &Path) -> Option<PlanForm> {
    match path.extension()?.to_str()? {
        "yaml" | "yml" => Some(PlanForm::Yaml),
        "sh" | "ps1" => Some(PlanForm::Az),
        _ => None,
    }
}

#[test]
fn every_plan_fixture_is_read_in_the_form_its_name_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/plan");
    let mut paths = Vec::new();
    files(&root, &mut paths);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for path in paths {
        let Some(form) = expected(&path) else {
            continue;
        };
        let text = fs::read_to_string(&path).unwrap();
        let mut texts = vec![(path.display().to_string(), text.clone())];
        // Each corpus block alone, as a user pastes it.
        if text.contains("# ---- block:") {
            for (i, block) in text.split("# ---- block:").skip(1).enumerate() {
                texts.push((format!("{} block {i}", path.display()), block.to_owned()));
            }
        }
        for (name, text) in texts {
            checked += 1;
            let report = check_plan(&SourceFile::new("plan", text.as_str()), 0);
            if plan_form(&text) != form || report.form != form {
                wrong.push(format!(
                    "{name}: {:?}, read as {:?}",
                    plan_form(&text),
                    report.form
                ));
            }
            if form == PlanForm::Az {
                assert!(is_plan(&text), "{name}");
            }
        }
    }
    assert!(checked > 100, "{checked} plans");
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The page's editor once had its own rule (the first line only, no `$`), which coloured the
/// PowerShell walkthrough as YAML while the reader read az commands.
#[test]
fn the_powershell_walkthrough_is_az_commands() {
    let text = include_str!("../../tests/fixtures/plan/az/azure-cni.ps1");
    assert_eq!(plan_form(text), PlanForm::Az);
    assert_eq!(plan_form("$RG = \"rg\"\n"), PlanForm::Az);
    assert_eq!(
        plan_form("# a plan\nkind: NetworkPlan\nvnets: []\n"),
        PlanForm::Yaml
    );
    assert_eq!(plan_form(""), PlanForm::Yaml);
}
