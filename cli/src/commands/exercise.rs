//! `aksnet exercise`: the built-in workshop exercises, and checking a participant's files
//! against one.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use aksnet_core::exercise::{self, Exercise, ExerciseReport, Text};
use aksnet_core::plan::{check_plan, is_plan};
use aksnet_core::{Lang, Severity, SourceFile, text};
use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::Outcome;
use super::check::write_finding;
use crate::args::Format;
use crate::escape::visible;
use crate::input::read_sources;

/// The JSON contract of `list`: `{"exercises": [{"id", "title": {"en", "ja"}, "goals"}]}`.
#[derive(Serialize)]
struct ListJson<'a> {
    exercises: Vec<ListEntry<'a>>,
}

#[derive(Serialize)]
struct ListEntry<'a> {
    id: &'a str,
    title: &'a Text,
    /// How many goals the exercise has.
    goals: usize,
}

pub fn list(format: Format, lang: Lang) -> Result<Outcome> {
    let catalog = exercise::catalog();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let entries = catalog
                .iter()
                .map(|e| ListEntry {
                    id: &e.id,
                    title: &e.title,
                    goals: e.goals.len(),
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &ListJson { exercises: entries })?;
            writeln!(out)?;
        }
        Format::Text => {
            let width = catalog.iter().map(|e| e.id.len()).max().unwrap_or(0);
            for exercise in catalog {
                let goals = text!("{0:>2} goals", "目標 {0:>2} 件", exercise.goals.len());
                writeln!(
                    out,
                    "{:<width$}  {}  {}",
                    visible(&exercise.id),
                    goals.get(lang),
                    visible(exercise.title.get(lang))
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}

pub fn check(exercise: &str, files: &[PathBuf], format: Format, lang: Lang) -> Result<Outcome> {
    let exercise = load_exercise(exercise, lang)?;
    let sources = read_sources(files)?;
    let (plans, manifests): (Vec<SourceFile>, Vec<SourceFile>) =
        sources.into_iter().partition(|s| is_plan(&s.text));
    if plans.len() > 1 {
        let names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
        bail!(
            "give at most one plan file; these are plans: {}",
            names.join(", ")
        );
    }
    let analysis = aksnet_core::analyze(&manifests);
    let plan = plans.first().map(|source| check_plan(source, 0));
    // Errors in the participant's files are shown as `check` shows them; goals say the rest.
    let mut err = std::io::stderr().lock();
    for finding in analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        write_finding(&mut err, &manifests, finding, lang)?;
    }
    if let Some(report) = &plan {
        for finding in report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            write_finding(&mut err, &plans, finding, lang)?;
        }
    }
    let report = exercise::check_analyzed(&exercise, &manifests, &analysis, plan.as_ref());
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Text => write_report(&mut out, &exercise, &report, lang)?,
    }
    Ok(if report.met {
        Outcome::Clean
    } else {
        Outcome::GoalsUnmet
    })
}

/// An exercise file, or a built-in exercise by id when no such file exists.
fn load_exercise(name: &str, lang: Lang) -> Result<Cow<'static, Exercise>> {
    let path = Path::new(name);
    if !path.exists() {
        return match exercise::find(name) {
            Some(exercise) => Ok(Cow::Borrowed(exercise)),
            None => bail!(
                "{name}: no such exercise file, and no built-in exercise of that id (see `aksnet exercise list`)"
            ),
        };
    }
    let source = read_sources(&[path.to_path_buf()])?
        .into_iter()
        .next()
        .with_context(|| format!("{name}: not an exercise file"))?;
    let (exercise, findings) = exercise::parse(&source.text);
    let sources = [source];
    let mut err = std::io::stderr().lock();
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    for finding in &errors {
        write_finding(&mut err, &sources, finding, lang)?;
    }
    match exercise {
        Some(exercise) if errors.is_empty() => Ok(Cow::Owned(exercise)),
        _ => bail!(
            "{name}: not a valid exercise ({} error(s) above)",
            errors.len()
        ),
    }
}

fn write_report(
    out: &mut impl Write,
    exercise: &Exercise,
    report: &ExerciseReport,
    lang: Lang,
) -> Result<()> {
    writeln!(
        out,
        "{}: {}",
        visible(&exercise.id),
        visible(exercise.title.get(lang))
    )?;
    for goal in &report.goals {
        let mark = if goal.met { "met  " } else { "unmet" };
        writeln!(
            out,
            "  {mark}  {}: {}",
            visible(&goal.id),
            visible(goal.title.get(lang))
        )?;
        if let Some(detail) = &goal.detail {
            writeln!(out, "         {}", visible(detail.get(lang)))?;
        }
    }
    let summary = text!(
        "{0} of {1} goals met",
        "目標 {1} 件のうち {0} 件を達成",
        report.met_count(),
        report.goals.len()
    );
    writeln!(out, "{}", summary.get(lang))?;
    Ok(())
}
