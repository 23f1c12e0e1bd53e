//! `aksnet`: the command-line front end over aksnet-core.

mod args;
mod commands;
mod escape;
mod input;
mod select;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(&cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => {
            eprintln!("aksnet: {}", escape::visible(&format!("{error:#}")));
            ExitCode::from(2)
        }
    }
}
