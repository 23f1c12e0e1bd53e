//! `aksnet fix`: the manifests with every automatic fix applied.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::Outcome;

pub fn run(paths: &[PathBuf], write: bool) -> Result<Outcome> {
    let (sources, analysis) = crate::input::analyze(paths)?;
    let mut out = std::io::stdout().lock();
    for (file, source) in sources.iter().enumerate() {
        let fixed = analysis
            .fixed_text(&sources, file)
            .unwrap_or_else(|| source.text.clone());
        if !write {
            if sources.len() > 1 {
                writeln!(out, "# {}", source.name)?;
            }
            write!(out, "{fixed}")?;
        } else if fixed != source.text && source.name != "<stdin>" {
            std::fs::write(&source.name, &fixed)
                .with_context(|| format!("writing {}", source.name))?;
            writeln!(out, "fixed {}", source.name)?;
        }
    }
    // What is left after fixing decides the exit status.
    let fixed_sources: Vec<aksnet_core::SourceFile> = sources
        .iter()
        .enumerate()
        .map(|(file, s)| {
            aksnet_core::SourceFile::new(
                s.name.clone(),
                analysis.fixed_text(&sources, file).unwrap_or_default(),
            )
        })
        .collect();
    Ok(if aksnet_core::analyze(&fixed_sources).has_errors() {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}
