//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// redthread: a static-site generator for shared guideline archives.
#[derive(Debug, Parser)]
#[command(name = "redthread", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the archive into a static site.
    Build {
        /// The archive folder (holding book.toml and content/).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder (default: `[build] output` from book.toml, normally `site`).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Include revisions with `status: draft`.
        #[arg(long)]
        drafts: bool,
    },
}
