//! Turns command-line manifest arguments into source texts.

use std::io::Read;
use std::path::{Path, PathBuf};

use aksnet_core::SourceFile;
use anyhow::{Context, Result};

const MANIFEST_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Reads each argument: a file, a directory's manifest files (sorted, not recursive), or `-`.
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

fn manifest_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let is_manifest = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| MANIFEST_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if path.is_file() && is_manifest {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn read_file(path: &Path) -> Result<SourceFile> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(SourceFile::from_bytes(path.display().to_string(), bytes))
}
