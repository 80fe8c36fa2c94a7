//! The `redthread` binary: parses arguments, runs the library, prints, picks the exit code.

use std::io::Write;
use std::path::{Path, PathBuf};
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
    match Cli::parse().command {
        Command::Build {
            dir,
            output,
            drafts,
            access_seed,
            today,
        } => {
            let options = Options {
                drafts,
                today: Some(today.unwrap_or_else(local_today)),
            };
            build_command(&dir, output, &options, access_seed.as_deref())
        }
        Command::Serve {
            dir,
            port,
            bind,
            open,
            drafts,
            editor_on_network,
        } => machine(serve::run(serve::Options {
            root: dir,
            bind,
            port,
            open,
            drafts,
            editor_on_network,
        })),
        Command::Check {
            dir,
            deny_warnings,
            format,
            today,
        } => check_command(
            &dir,
            deny_warnings,
            format,
            today.unwrap_or_else(local_today),
        ),
        Command::Init { dir, language } => {
            let m = Messages::new(&language);
            match authoring::init(&dir, local_today(), &language) {
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
            date,
            today,
        } => {
            let today = today.unwrap_or_else(local_today);
            let dir = authoring::locate(&dir);
            let date = match effective_date(date.as_deref(), today, &dir) {
                Ok(d) => d,
                Err(code) => return code,
            };
            wrote(
                authoring::new(&dir, &title, &category, id.as_deref(), date),
                &dir,
                today,
            )
        }
        Command::Revise {
            id,
            minor,
            dir,
            date,
            today,
        } => {
            let today = today.unwrap_or_else(local_today);
            let dir = authoring::locate(&dir);
            let date = match effective_date(date.as_deref(), today, &dir) {
                Ok(d) => d,
                Err(code) => return code,
            };
            wrote(authoring::revise(&dir, &id, minor, date), &dir, today)
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

/// `build`: pages go to disk as they are rendered, into a staging folder that replaces the
/// output only when everything succeeded.
fn build_command(
    dir: &Path,
    output: Option<PathBuf>,
    options: &Options,
    access_seed: Option<&str>,
) -> ExitCode {
    let m = redthread::config::messages(dir);
    let config = match redthread::config::load(dir) {
        Ok(config) => config,
        Err(problems) => return report_failure(&problems, &m),
    };
    let out = output.unwrap_or_else(|| dir.join(&config.build.output));
    if config.access.is_some() {
        return closed_build(dir, &out, options, access_seed);
    }
    let staging = match output::Staging::new(&out) {
        Ok(s) => s,
        Err(e) => return machine::<()>(Err(e)),
    };
    let built = match build::build_into(dir, options, &staging) {
        Ok(b) => b,
        Err(build::Failure::Problems(problems)) => return report_failure(&problems, &m),
        Err(build::Failure::Output(e)) => return machine::<()>(Err(e)),
    };
    print_diagnostics(&built.warnings, &m);
    let mut timings = redthread::timings::Timings::from_env();
    if let Err(e) = staging.commit() {
        return machine::<()>(Err(e));
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
    if let Some(line) = scheduled_note(&built.archive, &m) {
        println!("{line}");
    }
    // The process ends here: freeing a large site one allocation at a time would only add
    // time (about 2% of a 10,000-guideline build).
    std::mem::forget(built);
    ExitCode::SUCCESS
}

/// `check`: every problem on stdout (human or one line each), the summary on stderr.
fn check_command(
    dir: &Path,
    deny_warnings: bool,
    format: Format,
    today: jiff::civil::Date,
) -> ExitCode {
    let m = redthread::config::messages(dir);
    let mut problems = check::check(dir, today);
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

/// `--date` of `new` and `revise` (today when left out), or why it is not a date, said in
/// the archive's language (clap's own message would be English and about Rust's parser).
fn effective_date(
    date: Option<&str>,
    today: jiff::civil::Date,
    dir: &Path,
) -> Result<jiff::civil::Date, ExitCode> {
    let Some(text) = date else {
        return Ok(today);
    };
    text.trim().parse::<jiff::civil::Date>().map_err(|_| {
        let m = redthread::config::messages(dir);
        eprintln!("{}", m.failure(&say("err_bad_date").arg("text", text)));
        ExitCode::from(EXIT_OTHER)
    })
}

/// `new` and `revise`: the path of the file written (alone on stdout, so scripts can open
/// it), and on stderr when it takes effect later; or why nothing was written.
fn wrote(
    result: Result<authoring::Written, redthread::authoring::AuthoringError>,
    dir: &Path,
    today: jiff::civil::Date,
) -> ExitCode {
    match result {
        Ok(written) => {
            println!("{}", from_here(&written.path).display());
            let m = redthread::config::messages(dir);
            if let Some(note) = written.scheduled_note(today, &m) {
                eprintln!("{note}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => authoring_failed(&e, &redthread::config::messages(dir)),
    }
}

/// A failure of the machine, not of the archive: said once, exit code 2.
fn machine<T>(result: Result<T, impl std::fmt::Display>) -> ExitCode {
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_OTHER)
        }
    }
}

/// `build` of an archive with `[access]`: built in memory, sealed, then written at once
/// (docs/closed-archive.md).
fn closed_build(dir: &Path, out: &Path, options: &Options, seed: Option<&str>) -> ExitCode {
    let closed = match redthread::access::build(dir, options, out, seed) {
        Ok(c) => c,
        Err(problems) => return report_failure(&problems, &redthread::config::messages(dir)),
    };
    print_diagnostics(&closed.built.warnings, &redthread::config::messages(dir));
    if let Err(e) = output::write(&closed.site, out) {
        return machine::<()>(Err(e));
    }
    let m = redthread::config::messages(dir);
    println!(
        "{}",
        m.text(
            &say("build_done_closed")
                .arg(
                    "guidelines",
                    m.count("count_guidelines", closed.built.archive.guidelines.len())
                )
                .arg(
                    "revisions",
                    m.count("count_revisions", closed.built.archive.revision_count())
                )
                .arg("seconds", m.decimal(closed.built.elapsed.as_secs_f64(), 2))
                .arg("passwords", m.count("count_passwords", closed.passwords))
                .arg("output", out.display())
        )
    );
    if let Some(line) = scheduled_note(&closed.built.archive, &m) {
        println!("{line}");
    }
    ExitCode::SUCCESS
}

/// `path` as the author would type it from the current folder: run inside
/// `content/afslutning`, the new file is `x-v2.md`, not `../../content/afslutning/x-v2.md`.
fn from_here(path: &Path) -> PathBuf {
    let here = std::env::current_dir().and_then(|d| d.canonicalize());
    match (path.canonicalize(), here) {
        (Ok(abs), Ok(here)) => abs
            .strip_prefix(&here)
            .map_or_else(|_| path.to_path_buf(), Path::to_path_buf),
        _ => path.to_path_buf(),
    }
}

/// The local date, for `--today` left out.
fn local_today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

fn authoring_failed(e: &redthread::authoring::AuthoringError, m: &Messages) -> ExitCode {
    eprintln!("{}", m.failure(&e.said()));
    ExitCode::from(EXIT_OTHER)
}

/// With revisions that take effect later: how many, and the day the site must be built
/// again (a static site does not change by itself).
fn scheduled_note(archive: &redthread::model::Archive, m: &Messages) -> Option<String> {
    let dates: Vec<jiff::civil::Date> = archive
        .guidelines
        .iter()
        .flat_map(|g| &g.revisions)
        .filter(|n| n.status == redthread::model::Status::Scheduled)
        .map(|n| n.rev.date)
        .collect();
    let first = dates.iter().min()?;
    let key = if dates.len() == 1 {
        "build_scheduled_one"
    } else {
        "build_scheduled"
    };
    Some(m.text(&say(key).arg("n", dates.len()).arg("date", m.date(*first))))
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
