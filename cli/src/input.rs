//! Turns command-line manifest arguments into source texts.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use aksnet_core::{Analysis, Limits, SourceFile};
use anyhow::{Context, Result, bail};

use crate::escape::visible;

const MANIFEST_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// One source text and the path it was read from (`None` for standard input). The path is kept
/// as the operating system gave it: a name that is not UTF-8 only has a lossy `source.name`.
pub struct Input {
    pub path: Option<PathBuf>,
    pub source: SourceFile,
}

/// Reads each argument: a file, a directory's manifest files (recursively, sorted), or `-`.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let bytes = read_bounded(std::io::stdin().lock()).context("reading standard input")?;
            inputs.push(Input {
                path: None,
                source: SourceFile::from_bytes("<stdin>", bytes),
            });
        } else if path.is_dir() {
            for file in manifest_files(path)? {
                inputs.push(read_file(file)?);
            }
        } else {
            inputs.push(read_file(path.clone())?);
        }
    }
    Ok(inputs)
}

/// The source texts of the arguments, as [`read_inputs`] reads them.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<SourceFile>> {
    Ok(read_inputs(paths)?
        .into_iter()
        .map(|input| input.source)
        .collect())
}

/// Reads and analyses the manifests; the analysis keeps the sources read.
pub fn analyze(paths: &[PathBuf]) -> Result<Analysis> {
    nonempty(paths, aksnet_core::analyze_owned(read_sources(paths)?))
}

/// Analyses sources read from `paths`; an error when they hold nothing to analyse, so that an
/// empty directory or a mistyped path never passes as an empty cluster.
pub fn analyze_sources(paths: &[PathBuf], sources: &[SourceFile]) -> Result<Analysis> {
    nonempty(paths, aksnet_core::analyze(sources))
}

/// `analysis`, or an error when its sources held nothing to analyse.
fn nonempty(paths: &[PathBuf], analysis: Analysis) -> Result<Analysis> {
    if analysis.manifests.is_empty() && analysis.findings.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "no manifest found in {} (files ending in .yaml, .yml or .json, directories read recursively)",
            names.join(", ")
        );
    }
    Ok(analysis)
}

/// At most one byte past the core's input bound (docs/limits.md): enough for the core to report
/// the overrun as `yaml-limit` at the document that crosses it, never more, so that `/dev/zero`
/// piped in or a gigabyte stream cannot grow memory.
fn read_bounded(reader: impl Read) -> std::io::Result<Vec<u8>> {
    let bound = Limits::default().max_bytes;
    let mut bytes = Vec::new();
    reader
        .take(u64::try_from(bound).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
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
                visible(&path.display().to_string()),
                visible(&dir.display().to_string())
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

/// Reads a regular file, within the same bound as standard input. Other kinds of path are
/// refused before they are opened: a FIFO without a writer would block the open for ever, and a
/// device such as `/dev/zero` never ends.
fn read_file(path: PathBuf) -> Result<Input> {
    let metadata =
        std::fs::metadata(&path).with_context(|| format!("reading {}", path.display()))?;
    if !metadata.is_file() {
        bail!(
            "{}: not a regular file (a FIFO, device or socket); pipe it into `-` instead",
            path.display()
        );
    }
    let bytes = std::fs::File::open(&path)
        .and_then(read_bounded)
        .with_context(|| format!("reading {}", path.display()))?;
    let source = SourceFile::from_bytes(path.display().to_string(), bytes);
    Ok(Input {
        path: Some(path),
        source,
    })
}
