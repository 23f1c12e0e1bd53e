//! Every bound is written down in docs/limits.md: each `const NAME: usize` in the core, the CLI
//! and the page (where the bounds on input, work and drawing live) is named there, unless it is
//! listed below as something other than a bound, with the reason.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// `usize` constants that bound nothing, and why.
const NOT_BOUNDS: &[(&str, &str)] = &[
    (
        "STRIDE",
        "yaml.rs: spacing of the checkpoints of an offset index",
    ),
    (
        "SPARE_ROWS",
        "editor.rs: rows drawn beyond the visible ones, layout",
    ),
    (
        "CONTEXT_LINES",
        "corrected.rs: lines shown around a folded stretch, layout",
    ),
    (
        "FIRST_ROW",
        "diff.rs: the grid row after the column heads, layout",
    ),
    (
        "MAX_RANGES",
        "plan/checks/authorized.rs: AKS's own limit of 200 authorized ranges, a rule (authorized-ranges-too-many)",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `usize` constants declared in `text`, outside its tests.
fn usize_constants(text: &str) -> Vec<String> {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let line = line
                .strip_prefix("pub(crate) ")
                .or_else(|| line.strip_prefix("pub "))
                .unwrap_or(line);
            let (name, rest) = line.strip_prefix("const ")?.split_once(':')?;
            let is_constant = name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            (is_constant && rest.trim_start().starts_with("usize")).then(|| name.to_owned())
        })
        .collect()
}

/// Whether `name` stands in `doc` as a word of its own.
fn names(doc: &str, name: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    doc.match_indices(name)
        .any(|(at, _)| !doc[..at].ends_with(word) && !doc[at + name.len()..].starts_with(word))
}

#[test]
fn every_limit_constant_is_in_limits_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let doc = std::fs::read_to_string(root.join("docs/limits.md")).unwrap();
    let mut files = Vec::new();
    for dir in ["core/src", "cli/src", "web/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    let mut missing = Vec::new();
    let mut seen = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for name in usize_constants(&text) {
            seen += 1;
            if !names(&doc, &name) && !NOT_BOUNDS.iter().any(|(n, _)| *n == name) {
                missing.push(format!("{name} ({})", path.display()));
            }
        }
    }
    assert!(seen > 30, "only {seen} constants found");
    assert!(
        missing.is_empty(),
        "docs/limits.md does not name these bounds (name them, or list them in NOT_BOUNDS with the reason):\n{}",
        missing.join("\n")
    );
}

#[test]
fn constants_are_found_in_their_forms() {
    let text = "const A: usize = 1;\n    pub const B: usize = 2;\npub(crate) const C: usize = 3;\nconst D: u32 = 4;\npub const fn f(at: usize) {}\n#[cfg(test)]\nconst E: usize = 5;\n";
    assert_eq!(usize_constants(text), ["A", "B", "C"]);
    assert!(names("`MAX_X` and", "MAX_X"));
    assert!(!names("`MAX_XY`", "MAX_X"));
}
