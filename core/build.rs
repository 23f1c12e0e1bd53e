//! Embeds docs/rules/<code>.md with its Japanese twin docs/rules/ja/<code>.md, and
//! static/exercises/*.yaml, so that `aksnet check --explain`, `aksnet exercise` and the playground
//! show rule pages and exercises without reading files at run time. The rule pages are embedded
//! only with the `rule-pages` feature (on by default); the playground builds without it and
//! fetches a page when it is opened (docs/decisions/0210-rule-pages-fetched.md).

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The files of `dir` with extension `ext` as (stem, path), sorted by stem; each is watched.
fn files(dir: &Path, ext: &str) -> Vec<(String, String)> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut found: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .filter_map(|p| {
                    Some((p.file_stem()?.to_str()?.to_owned(), p.display().to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    for (_, path) in &found {
        println!("cargo:rerun-if-changed={path}");
    }
    found
}

/// `fn name(code: &str) -> Option<&'static str>` over the rule pages of `dir`; the index
/// (README.md) is not a page.
fn page_function(out: &mut String, name: &str, dir: &Path) {
    writeln!(
        out,
        "/// {}/<code>.md, by code.\nfn {name}(code: &str) -> Option<&'static str> {{\n    match code {{",
        dir.display()
    )
    .unwrap();
    for (code, path) in files(dir, "md") {
        if code != "README" {
            writeln!(out, "        {code:?} => Some(include_str!({path:?})),").unwrap();
        }
    }
    out.push_str("        _ => None,\n    }\n}\n");
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let mut pages = String::new();
    if std::env::var_os("CARGO_FEATURE_RULE_PAGES").is_some() {
        let rules = root.join("docs/rules");
        page_function(&mut pages, "page", &rules);
        page_function(&mut pages, "page_ja", &rules.join("ja"));
    }
    std::fs::write(out_dir.join("rule_pages.rs"), pages).unwrap();

    let mut exercises = String::from(
        "/// static/exercises/*.yaml in file name order: (file name, text).\nconst SOURCES: &[(&str, &str)] = &[\n",
    );
    for (stem, path) in files(&root.join("static/exercises"), "yaml") {
        writeln!(exercises, "    (\"{stem}.yaml\", include_str!({path:?})),").unwrap();
    }
    exercises.push_str("];\n");
    std::fs::write(out_dir.join("exercises.rs"), exercises).unwrap();
}
