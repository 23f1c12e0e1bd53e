//! One module per subcommand; each returns what the exit status should say.

mod check;

use std::process::ExitCode;

use anyhow::Result;

use crate::args::{Cli, Command};

/// How a command ended, for the exit status.
pub enum Outcome {
    /// Nothing at error severity.
    Clean,
    /// At least one error finding.
    Errors,
}

impl Outcome {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Errors => ExitCode::from(1),
        }
    }
}

pub fn run(cli: &Cli) -> Result<Outcome> {
    match &cli.command {
        Command::Check { manifests, format } => check::run(manifests, *format),
    }
}
