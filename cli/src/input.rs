//! Turns command-line manifest arguments into source texts.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use aksnet_core::{Analysis, SourceFile};
use anyhow::{Context, Result, bail};

const MANIFEST_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Reads each argument: a file, a directory's manifest files (recursively, sorted), or `-`.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<SourceFile>> {
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("reading standard input")?;
            sources.push(SourceFile::from_bytes("<stdin>", bytes));
        } else if path.is_dir() {
            for file in manifest_files(path)? {
                sources.push(read_file(&file)?);
            }
        } else {
            sources.push(read_file(path)?);
        }
    }
    Ok(sources)
}

/// Reads and analyses the manifests; an error when the arguments hold nothing to analyse, so
/// that an empty directory or a mistyped path never passes as an empty cluster.
pub fn analyze(paths: &[PathBuf]) -> Result<(Vec<SourceFile>, Analysis)> {
    let sources = read_sources(paths)?;
    let analysis = aksnet_core::analyze(&sources);
    if analysis.manifests.is_empty() && analysis.findings.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "no manifest found in {} (files ending in .yaml, .yml or .json, directories read recursively)",
            names.join(", ")
        );
    }
    Ok((sources, analysis))
}

/// The manifest files under `dir`, in sorted path order. Symbolic links to directories are not
/// followed, and links to files only where the file lies inside `dir` (and is not read already):
/// a link can neither lead the walk out of the directory nor read a file twice.
fn manifest_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let root = dir
        .canonicalize()
        .with_context(|| format!("reading {}", dir.display()))?;
    let mut found = Vec::new();
    walk(dir, &mut found)?;
    let mut seen = BTreeSet::new();
    let mut files = Vec::new();
    for (path, is_link) in found {
        let real = path
            .canonicalize()
            .with_context(|| format!("reading {}", path.display()))?;
        if is_link && !real.starts_with(&root) {
            eprintln!(
                "aksnet: skipping {}: a symbolic link to a file outside {}",
                path.display(),
                dir.display()
            );
        } else if seen.insert(real) {
            files.push(path);
        }
    }
    Ok(files)
}

/// Collects manifest files and symbolic links to them, sorted, with whether each is a link.
fn walk(dir: &Path, found: &mut Vec<(PathBuf, bool)>) -> Result<()> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let kind = entry
            .file_type()
            .with_context(|| format!("reading {}", entry.path().display()))?;
        entries.push((entry.path(), kind));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in entries {
        let is_manifest = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| MANIFEST_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if kind.is_dir() {
            walk(&path, found)?;
        } else if is_manifest && (kind.is_file() || (kind.is_symlink() && path.is_file())) {
            found.push((path, kind.is_symlink()));
        }
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<SourceFile> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(SourceFile::from_bytes(path.display().to_string(), bytes))
}
