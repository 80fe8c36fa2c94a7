//! The `redthread` binary: parses arguments, runs the library, prints, picks the exit code.

use std::process::ExitCode;

use clap::Parser;
use redthread::build::{self, Options};
use redthread::cli::{Cli, Command};
use redthread::diagnostics::Diagnostics;
use redthread::output;

/// Exit code for problems in the archive.
const EXIT_ARCHIVE: u8 = 1;
/// Exit code for everything else (I/O, arguments).
const EXIT_OTHER: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            dir,
            output,
            drafts,
        } => {
            let built = match build::build(&dir, &Options { drafts }) {
                Ok(b) => b,
                Err(problems) => return report_failure(&problems),
            };
            print_diagnostics(&built.warnings);
            let out = output.unwrap_or_else(|| built.default_output(&dir));
            let mut timings = redthread::timings::Timings::from_env();
            if let Err(e) = output::write(&built.site, &out) {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_OTHER);
            }
            timings.stage("write");
            let current = built
                .archive
                .guidelines
                .iter()
                .filter(|g| g.status == redthread::model::Status::Current)
                .count();
            println!(
                "Built {} guidelines ({} current, {} revisions) in {:.2} s -> {}",
                built.archive.guidelines.len(),
                current,
                built.archive.revision_count(),
                built.elapsed.as_secs_f64(),
                out.display()
            );
            // The process ends here: freeing a large site one allocation at a time would
            // only add time (about 2% of a 10,000-guideline build).
            std::mem::forget(built);
            ExitCode::SUCCESS
        }
    }
}

fn print_diagnostics(ds: &Diagnostics) {
    for d in &ds.0 {
        eprintln!("{d}");
    }
}

fn report_failure(problems: &Diagnostics) -> ExitCode {
    print_diagnostics(problems);
    let (e, w) = (problems.error_count(), problems.warning_count());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if w > 0 {
        eprintln!(
            "Build failed: {}, {}. Nothing was written.",
            plural(e, "error"),
            plural(w, "warning")
        );
    } else {
        eprintln!("Build failed: {}. Nothing was written.", plural(e, "error"));
    }
    ExitCode::from(EXIT_ARCHIVE)
}
