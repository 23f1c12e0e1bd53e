//! `aksnet fix`: the manifests with their safe fixes applied, and the unsafe ones too with
//! `--unsafe-fixes`.

use std::ffi::OsString;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use aksnet_core::{Applicability, Lang};
use anyhow::{Context, Result, bail};

use super::{Outcome, warn_unsafe_left};
use crate::escape::visible;
use crate::input::{analyze_sources, read_inputs};

pub fn run(paths: &[PathBuf], write: bool, required: Applicability, lang: Lang) -> Result<Outcome> {
    if write && paths.iter().any(|p| p.as_os_str() == "-") {
        bail!("fix --write cannot rewrite standard input: leave out --write to print the result");
    }
    let inputs = read_inputs(paths)?;
    let sources: Vec<aksnet_core::SourceFile> =
        inputs.iter().map(|input| input.source.clone()).collect();
    let analysis = analyze_sources(paths, &sources)?;
    let mut out = std::io::stdout().lock();
    let mut refused = false;
    for (file, input) in inputs.iter().enumerate() {
        let source = &input.source;
        let fixed = analysis
            .fixed_text(file, required)
            .unwrap_or_else(|| source.text.clone());
        if !write {
            if sources.len() > 1 {
                writeln!(out, "# {}", visible(&source.name))?;
            }
            write!(out, "{fixed}")?;
            continue;
        }
        let Some(path) = input.path.as_deref().filter(|_| fixed != source.text) else {
            continue;
        };
        // Writing the text back would replace the bytes that are not UTF-8 with U+FFFD.
        if let Some(at) = source.invalid_utf8 {
            eprintln!(
                "aksnet: not rewriting {}: byte {at} is not UTF-8, and rewriting would replace it",
                visible(&source.name)
            );
            refused = true;
            continue;
        }
        replace(path, fixed.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
        writeln!(out, "fixed {}", visible(&source.name))?;
    }
    left_unsafe(&analysis, required, lang);
    if refused {
        return Ok(Outcome::Refused);
    }
    // What is left after fixing decides the exit status.
    let fixed_sources: Vec<aksnet_core::SourceFile> = sources
        .iter()
        .enumerate()
        .map(|(file, s)| {
            aksnet_core::SourceFile::new(
                s.name.clone(),
                analysis.fixed_text(file, required).unwrap_or_default(),
            )
        })
        .collect();
    Ok(if aksnet_core::analyze(&fixed_sources).has_errors() {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}

/// Says on standard error how many fixes were left out for being unsafe, and how to apply them.
fn left_unsafe(analysis: &aksnet_core::Analysis, required: Applicability, lang: Lang) {
    let mut codes: Vec<&str> = analysis
        .findings
        .iter()
        .filter(|f| f.fix.as_ref().is_some_and(|fix| !fix.applies(required)))
        .map(|f| f.code.as_str())
        .collect();
    let count = codes.len();
    if count == 0 {
        return;
    }
    codes.sort_unstable();
    codes.dedup();
    let codes = codes.join(", ");
    warn_unsafe_left(
        count,
        &format!("not applied ({codes})"),
        "what the manifests do",
        format!(
            "aksnet: 安全でない修正 {count} 件は適用していません ({codes})。マニフェストの動作が変わるためです。適用するには --unsafe-fixes を付けてください"
        ),
        lang,
    );
}

/// Replaces the file `path` leads to with `bytes` so that it is never seen half written: a
/// temporary file beside it, with its permissions, synced, then renamed over it. A full disk or a
/// size limit leaves the original as it was; a symbolic link stays a link to the new file.
fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = path.canonicalize()?;
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        bail!("not a file");
    };
    let mut temporary_name = OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".aksnet-{}.tmp", std::process::id()));
    let temporary = dir.join(temporary_name);
    let written = write_synced(&temporary, bytes, &target)
        .and_then(|()| std::fs::rename(&temporary, &target));
    if written.is_err() {
        // The original is untouched; only the partial temporary file is to clean up.
        let _ = std::fs::remove_file(&temporary);
    }
    written?;
    // The rename itself is durable once the directory is synced.
    File::open(dir)?.sync_all()?;
    Ok(())
}

fn write_synced(temporary: &Path, bytes: &[u8], original: &Path) -> std::io::Result<()> {
    let mut file = File::options()
        .write(true)
        .create_new(true)
        .open(temporary)?;
    file.set_permissions(std::fs::metadata(original)?.permissions())?;
    file.write_all(bytes)?;
    file.sync_all()
}
