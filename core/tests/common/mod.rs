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

/// The migration a fixture or a rule page's block asks for, with a comment line as the command
/// line writes it: `# aksnet: --engine azure --migrate-to cilium [--cilium-version 1.16]`.
pub fn migration_of(text: &str) -> Option<(aksnet_core::Engine, aksnet_core::Engine)> {
    use aksnet_core::{CiliumVersion, Engine};
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("# aksnet: "))?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let value = |flag: &str| {
        words
            .iter()
            .position(|w| *w == flag)
            .and_then(|i| words.get(i + 1))
            .copied()
    };
    let from = Engine::parse(value("--engine")?)?;
    let mut to = Engine::parse(value("--migrate-to")?)?;
    if let (Engine::Cilium(_), Some(version)) = (to, value("--cilium-version")) {
        to = Engine::Cilium(CiliumVersion::parse(version)?);
    }
    Some((from, to))
}

/// What `aksnet check` reports for `sources`: the analysis's findings, and when the first source
/// asks for a migration ([`migration_of`]), the migration's findings with them, sorted as the
/// core sorts findings.
pub fn check_findings(sources: &[aksnet_core::SourceFile]) -> Vec<aksnet_core::Finding> {
    let analysis = aksnet_core::analyze(sources);
    let mut findings = analysis.findings.clone();
    if let Some((from, to)) = sources.first().and_then(|s| migration_of(&s.text)) {
        findings.extend(aksnet_core::migration::check(&analysis, from, to).findings);
        findings.sort_by_key(|f| (f.severity, f.file, f.span.start, f.code));
    }
    findings
}
