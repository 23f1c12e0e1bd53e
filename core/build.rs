//! Embeds docs/rules/<code>.md and its Japanese twin docs/rules/ja/<code>.md, so that
//! `aksnet check --explain` and the playground show each rule's page without reading files at
//! run time.

use std::fmt::Write;
use std::path::Path;

/// `(code, path)` of every page in `dir`, sorted; the index (README.md) is not a page.
fn pages(dir: &Path) -> Vec<(String, String)> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut pages: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .filter_map(|p| {
                    let code = p.file_stem()?.to_str()?.to_owned();
                    (code != "README").then(|| (code, p.display().to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    pages
}

/// `fn name(code: &str) -> Option<&'static str>` over the pages of `dir`.
fn page_function(out: &mut String, name: &str, dir: &Path) {
    writeln!(
        out,
        "/// {}/<code>.md, by code.\nfn {name}(code: &str) -> Option<&'static str> {{\n    match code {{",
        dir.display()
    )
    .unwrap();
    for (code, path) in pages(dir) {
        println!("cargo:rerun-if-changed={path}");
        writeln!(out, "        {code:?} => Some(include_str!({path:?})),").unwrap();
    }
    out.push_str("        _ => None,\n    }\n}\n");
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    let mut out = String::new();
    page_function(&mut out, "page", &dir);
    page_function(&mut out, "page_ja", &dir.join("ja"));
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("rule_pages.rs");
    std::fs::write(target, out).unwrap();
}
