//! Command-line arguments.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
        /// Tests only: a closed archive's keys, salts and nonces from this seed instead of
        /// the system's random generator, so two builds are byte-identical. Never publish
        /// a site built with it.
        #[arg(long, hide = true)]
        access_seed: Option<String>,
        /// The build's day (YYYY-MM-DD; default: today): revisions dated after it are
        /// scheduled, and the revision in force stays at the guideline's address.
        #[arg(long)]
        today: Option<jiff::civil::Date>,
    },
    /// Serve the archive on this computer, rebuilding and reloading pages on every save.
    Serve {
        /// The archive folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on (0: any free port).
        #[arg(short, long, default_value_t = 4000)]
        port: u16,
        /// Address to listen on. Only this computer can connect unless you change it.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include revisions with `status: draft`.
        #[arg(long)]
        drafts: bool,
        /// Keep the browser editor on while listening on a network address. It writes
        /// files, so it is off there unless asked for (on this computer it is always on).
        #[arg(long)]
        editor_on_network: bool,
    },
    /// Check the archive for errors and warnings without writing anything.
    Check {
        /// The archive folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Fail (exit code 1) on warnings too, not only on errors.
        #[arg(long)]
        deny_warnings: bool,
        /// `human` (with the source line) or `short` (one line per problem, for editors and CI).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The date review dates and scheduled revisions are compared with (YYYY-MM-DD;
        /// default: today).
        #[arg(long)]
        today: Option<jiff::civil::Date>,
    },
    /// Create a new archive in an empty or new folder.
    Init {
        /// The folder to create.
        dir: PathBuf,
        /// The archive's language: the example guideline, HOWTO.md, redthread's messages
        /// and the site's own words are in it.
        #[arg(long, value_parser = ["en", "da", "sv"], default_value = "en")]
        language: String,
    },
    /// Create a new guideline (version 1) and print its path.
    New {
        /// The guideline's title.
        title: String,
        /// The task category it belongs to.
        #[arg(short, long)]
        category: String,
        /// Its id (default: made from the title).
        #[arg(long)]
        id: Option<String>,
        /// The archive folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The day this version takes effect (YYYY-MM-DD; default: today). A later day
        /// schedules it: the site keeps showing the version in force until then.
        #[arg(long)]
        date: Option<String>,
        /// Tests only: the day taken as today (YYYY-MM-DD; default: the computer's date).
        #[arg(long, hide = true)]
        today: Option<jiff::civil::Date>,
    },
    /// Create the next revision of a guideline from its latest one and print its path.
    Revise {
        /// The guideline's id.
        id: String,
        /// A small change: 1 -> 1.1 instead of 1 -> 2.
        #[arg(long)]
        minor: bool,
        /// The archive folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The day this version takes effect (YYYY-MM-DD; default: today). A later day
        /// schedules it: the site keeps showing the version in force until then.
        #[arg(long)]
        date: Option<String>,
        /// Tests only: the day taken as today (YYYY-MM-DD; default: the computer's date).
        #[arg(long, hide = true)]
        today: Option<jiff::civil::Date>,
    },
    /// Import a folder of existing documents (.docx, .odt, .html, .md, .txt) as guidelines.
    Import {
        /// The folder holding the documents.
        source: PathBuf,
        /// The archive to import into (created, as `init` does, if it has no book.toml).
        #[arg(default_value = ".")]
        archive: PathBuf,
        /// Show what would be imported and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Do not guess revision chains: every file becomes a guideline of its own.
        #[arg(long)]
        no_chains: bool,
        /// Import tracked changes rejected (the text before them) instead of accepted.
        #[arg(long)]
        reject_changes: bool,
        /// Language of a new archive: en, da or sv (default: guessed from the documents).
        #[arg(long)]
        language: Option<String>,
        /// The date to check review dates against (YYYY-MM-DD; default: today).
        #[arg(long, hide = true)]
        today: Option<jiff::civil::Date>,
    },
}

/// How `check` prints problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: error: message`, then the source line and a hint.
    Human,
    /// Exactly one line per problem: `path:line:col: error: message (hint: ...)`.
    Short,
}
