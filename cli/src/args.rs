//! The command line, as tools and graders call it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Understand Kubernetes network policy and AKS address plans.
#[derive(Debug, Parser)]
#[command(name = "aksnet", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read manifests and list their objects and findings (exit status 1 on any error)
    Check {
        /// Files, directories (their .yaml, .yml and .json files) or `-` for standard input
        #[arg(required = true, value_name = "MANIFEST")]
        manifests: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}
