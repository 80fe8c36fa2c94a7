//! The `redthread` binary: parses arguments, runs the library, prints, picks the exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use redthread::build::{self, Options};
use redthread::cli::{Cli, Command, Format};
use redthread::diagnostics::Diagnostics;
use redthread::messages::{Messages, say};
use redthread::output;
use redthread::{authoring, check, serve};

// A build allocates millions of small strings (template values, diff rows, search terms)
// on all cores; mimalloc does that measurably faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
            access_seed,
        } => {
            let m = redthread::config::messages(&dir);
            // The output folder is known before the build, so pages go to disk as they
            // are rendered; a failed build leaves the old output as it was.
            let config = match redthread::config::load(&dir) {
                Ok(config) => config,
                Err(problems) => return report_failure(&problems, &m),
            };
            let out = output.unwrap_or_else(|| dir.join(&config.build.output));
            if config.access.is_some() {
                return closed_build(&dir, &out, drafts, access_seed.as_deref());
            }
            let staging = match output::Staging::new(&out) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(EXIT_OTHER);
                }
            };
            let built = match build::build_into(&dir, &Options { drafts }, &staging) {
                Ok(b) => b,
                Err(problems) => return report_failure(&problems, &m),
            };
            print_diagnostics(&built.warnings, &m);
            let mut timings = redthread::timings::Timings::from_env();
            if let Err(e) = staging.commit() {
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
                "{}",
                m.built(
                    built.archive.guidelines.len(),
                    current,
                    built.archive.revision_count(),
                    built.elapsed.as_secs_f64(),
                    &out
                )
            );
            // The process ends here: freeing a large site one allocation at a time would
            // only add time (about 2% of a 10,000-guideline build).
            std::mem::forget(built);
            ExitCode::SUCCESS
        }
        Command::Serve {
            dir,
            port,
            bind,
            open,
            drafts,
        } => {
            let options = serve::Options {
                root: dir,
                bind,
                port,
                open,
                drafts,
            };
            match serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_OTHER)
                }
            }
        }
        Command::Check {
            dir,
            deny_warnings,
            format,
            today,
        } => {
            let today = today.unwrap_or_else(local_today);
            let m = redthread::config::messages(&dir);
            let mut problems = check::check(&dir, today);
            problems.localize(&m);
            let mut out = std::io::stdout().lock();
            for d in &problems.0 {
                let written = match format {
                    Format::Human => writeln!(out, "{}", d.show(&m)),
                    Format::Short => writeln!(out, "{}", check::short(d)),
                };
                // A closed pipe (`check | head`) is not a failure of the check.
                if written.is_err() {
                    break;
                }
            }
            let (e, w) = (problems.error_count(), problems.warning_count());
            eprintln!("{}", m.check_summary(e, w));
            if e > 0 || (deny_warnings && w > 0) {
                ExitCode::from(EXIT_ARCHIVE)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Init { dir, language } => {
            let today = local_today();
            let m = Messages::new(&language);
            match authoring::init(&dir, today, &language) {
                Ok(_) => {
                    let shown = dir.display();
                    println!("{}", m.text(&say("init_done").arg("dir", &shown)));
                    println!("{}", m.text(&say("init_next").arg("dir", &shown)));
                    ExitCode::SUCCESS
                }
                Err(e) => authoring_failed(&e, &m),
            }
        }
        Command::New {
            title,
            category,
            id,
            dir,
            today,
        } => {
            let today = today.unwrap_or_else(local_today);
            let dir = authoring::locate(&dir);
            let m = redthread::config::messages(&dir);
            match authoring::new(&dir, &title, &category, id.as_deref(), today) {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => authoring_failed(&e, &m),
            }
        }
        Command::Revise {
            id,
            minor,
            dir,
            today,
        } => {
            let today = today.unwrap_or_else(local_today);
            let dir = authoring::locate(&dir);
            let m = redthread::config::messages(&dir);
            match authoring::revise(&dir, &id, minor, today) {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => authoring_failed(&e, &m),
            }
        }
        Command::Import {
            source,
            archive,
            dry_run,
            no_chains,
            reject_changes,
            language,
            today,
        } => ExitCode::from(redthread::import::command(&redthread::import::Options {
            source,
            archive,
            dry_run,
            chains: !no_chains,
            tracked: if reject_changes {
                redthread::import::Tracked::Reject
            } else {
                redthread::import::Tracked::Accept
            },
            language,
            today: today.unwrap_or_else(local_today),
        })),
    }
}

/// `build` of an archive with `[access]`: built in memory, sealed, then written at once
/// (docs/closed-archive.md).
fn closed_build(
    dir: &std::path::Path,
    out: &std::path::Path,
    drafts: bool,
    seed: Option<&str>,
) -> ExitCode {
    let closed = match redthread::access::build(dir, &Options { drafts }, out, seed) {
        Ok(c) => c,
        Err(problems) => return report_failure(&problems, &redthread::config::messages(dir)),
    };
    print_diagnostics(&closed.built.warnings, &redthread::config::messages(dir));
    if let Err(e) = output::write(&closed.site, out) {
        eprintln!("error: {e}");
        return ExitCode::from(EXIT_OTHER);
    }
    println!(
        "Built {} guidelines ({} revisions) in {:.2} s, encrypted for {} -> {}",
        closed.built.archive.guidelines.len(),
        closed.built.archive.revision_count(),
        closed.built.elapsed.as_secs_f64(),
        plural(closed.passwords, "password"),
        out.display()
    );
    ExitCode::SUCCESS
}

/// The local date, for `--today` left out.
fn local_today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

fn authoring_failed(e: &redthread::authoring::AuthoringError, m: &Messages) -> ExitCode {
    eprintln!("{}", m.failure(&e.said()));
    ExitCode::from(EXIT_OTHER)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn print_diagnostics(ds: &Diagnostics, m: &Messages) {
    for d in &ds.0 {
        eprintln!("{}", d.show(m));
    }
}

fn report_failure(problems: &Diagnostics, m: &Messages) -> ExitCode {
    print_diagnostics(problems, m);
    let (e, w) = (problems.error_count(), problems.warning_count());
    eprintln!("{}", m.build_failed(e, w));
    ExitCode::from(EXIT_ARCHIVE)
}
