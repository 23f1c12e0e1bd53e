//! What the core's test files share: the one walk over tests/fixtures (and the other trees the
//! tests read), so that every test sees the same files in the same order.
// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// The repository's root.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// tests/fixtures, or the directory `kind` in it (`rules`, `plan`, `reach`, ...).
pub fn fixtures(kind: &str) -> PathBuf {
    repository().join("tests/fixtures").join(kind)
}

/// Every file under `dir`, at any depth, whose extension is one of `extensions` (every file when
/// it is empty), sorted by path.
pub fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if extensions.is_empty()
                || path
                    .extension()
                    .is_some_and(|e| extensions.iter().any(|x| e == *x))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The directories directly inside `dir`, sorted by path.
pub fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// The last component of `path`, as text.
pub fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}
