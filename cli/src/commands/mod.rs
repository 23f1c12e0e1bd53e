//! One module per subcommand; each returns what the exit status should say.

mod check;
mod exercise;
mod explain;
mod fix;
mod plan;
mod reach;
mod via;

use std::process::ExitCode;

use aksnet_core::Lang;
use anyhow::Result;

use crate::args::{Cli, Command, ExerciseCommand};

/// How a command ended, for the exit status.
pub enum Outcome {
    /// Nothing at error severity.
    Clean,
    /// At least one error finding.
    Errors,
    /// At least one goal of an exercise is not met.
    GoalsUnmet,
    /// `fix --write` refused to rewrite a file (said on standard error); the others were fixed.
    Refused,
    /// A document could not be read, so the answer is incomplete (said on standard error).
    Incomplete,
}

impl Outcome {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Errors | Outcome::GoalsUnmet | Outcome::Incomplete => ExitCode::from(1),
            Outcome::Refused => ExitCode::from(2),
        }
    }
}

/// Reads the manifests and prints their findings to standard error, for commands whose standard
/// output is something else.
fn analyze_quietly(paths: &[std::path::PathBuf], lang: Lang) -> Result<aksnet_core::Analysis> {
    let analysis = crate::input::analyze(paths)?;
    let mut err = std::io::stderr().lock();
    for finding in analysis
        .findings
        .iter()
        .filter(|f| f.severity != aksnet_core::Severity::Info)
    {
        check::write_finding(&mut err, &analysis.sources, finding, lang)?;
    }
    Ok(analysis)
}

/// One unread document in the JSON of `reach` and `explain`: `{"file", "line", "message"}`.
#[derive(serde::Serialize)]
struct UnreadJson {
    file: String,
    line: usize,
    message: String,
}

/// Says on standard error that the answer is incomplete, one line per document that could not be
/// read, and returns them for the JSON (empty when the answer is complete).
fn warn_incomplete(
    sources: &[aksnet_core::SourceFile],
    analysis: &aksnet_core::Analysis,
    lang: Lang,
) -> Result<Vec<UnreadJson>> {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let mut unread = Vec::new();
    for document in &analysis.incomplete {
        let file = sources
            .get(document.file)
            .map_or("<input>", |s| s.name.as_str());
        let warning = aksnet_core::text!(
            "warning: the answer is incomplete: {0}:{1} could not be read: {2}",
            "警告: 結果は不完全です: {0}:{1} を読み取れませんでした: {2}",
            crate::escape::visible(file),
            document.line,
            crate::escape::visible(document.message.get(lang))
        );
        writeln!(err, "{}", warning.get(lang))?;
        unread.push(UnreadJson {
            file: file.to_owned(),
            line: document.line,
            message: document.message.en.clone(),
        });
    }
    Ok(unread)
}

/// `--unsafe-fixes` as the least applicability a fix must have to be applied.
/// Says on standard error that `count` unsafe fixes were `left_out` ("not applied"), each of
/// which changes `changes`, and how to apply them; `ja` is the same note in Japanese.
fn warn_unsafe_left(count: usize, left_out: &str, changes: &str, ja: String, lang: Lang) {
    let (fixes, change, them) = if count == 1 {
        ("fix", "it changes", "it")
    } else {
        ("fixes", "they change", "them")
    };
    let note = aksnet_core::Text::new(
        format!(
            "aksnet: {count} unsafe {fixes} {left_out}: {change} {changes}; add --unsafe-fixes to apply {them}"
        ),
        ja,
    );
    eprintln!("{}", note.get(lang));
}

fn required(unsafe_fixes: bool) -> aksnet_core::Applicability {
    if unsafe_fixes {
        aksnet_core::Applicability::Unsafe
    } else {
        aksnet_core::Applicability::Safe
    }
}

pub fn run(cli: &Cli) -> Result<Outcome> {
    let lang = Lang::from(cli.lang);
    match &cli.command {
        Command::Check {
            explain: Some(code),
            ..
        } => check::explain(code, lang),
        Command::Check {
            manifests,
            format,
            selection,
            engine,
            migrate_to,
            external,
            ..
        } => check::run(
            manifests,
            *format,
            selection,
            &check::Engines::new(engine, *migrate_to, external)?,
            lang,
        ),
        Command::Fix {
            manifests,
            write,
            unsafe_fixes,
        } => fix::run(manifests, *write, required(*unsafe_fixes), lang),
        Command::Reach {
            manifests,
            ports,
            external,
            via: Some(service),
            engine,
            format,
            ..
        } => via::run(&via::Query {
            manifests,
            service,
            ports,
            external,
            engine: engine.engine()?,
            format: *format,
            lang,
        }),
        Command::Reach {
            manifests,
            ports,
            external,
            from,
            to,
            representatives,
            via: None,
            engine,
            format,
        } => reach::run(&reach::Query {
            manifests,
            ports,
            external,
            from: from.as_deref(),
            to: to.as_deref(),
            representatives: *representatives,
            engine: engine.engine()?,
            format: *format,
            lang,
        }),
        Command::Plan {
            file,
            check_ip,
            manifests,
            format,
            selection,
            unsafe_fixes,
        } => plan::run(
            file,
            manifests,
            *check_ip,
            *format,
            selection,
            required(*unsafe_fixes),
            lang,
        ),
        Command::Explain {
            manifests,
            from,
            to,
            port,
            engine,
            format,
        } => explain::run(manifests, from, to, *port, engine.engine()?, *format, lang),
        Command::Exercise {
            command: ExerciseCommand::List { format },
        } => exercise::list(*format, lang),
        Command::Exercise {
            command:
                ExerciseCommand::Check {
                    exercise,
                    files,
                    format,
                },
        } => exercise::check(exercise, files, *format, lang),
    }
}
