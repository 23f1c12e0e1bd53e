//! Embeds docs/rules/<code>.md, so that `aksnet check --explain` and the playground show each
//! rule's page without reading files at run time.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
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
    let mut out = String::from(
        "/// docs/rules/<code>.md, by code.\nfn page(code: &str) -> Option<&'static str> {\n    match code {\n",
    );
    for (code, path) in &pages {
        println!("cargo:rerun-if-changed={path}");
        writeln!(out, "        {code:?} => Some(include_str!({path:?})),").unwrap();
    }
    out.push_str("        _ => None,\n    }\n}\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("rule_pages.rs");
    std::fs::write(target, out).unwrap();
}
