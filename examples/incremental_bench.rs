//! How long `serve` takes to update the site after one file is saved (issue 6).
//!
//!     cargo run --release --example incremental_bench -- ARCHIVE [EDITS]
//!
//! Builds ARCHIVE once with a memo (as `serve` does when it starts), then, EDITS times
//! (default 20), changes one word in the body of a different revision file, rebuilds with
//! the memo and times it; then the same with a changed title. Each file is restored
//! afterwards. Prints the median and the slowest rebuild, and a full rebuild for scale.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use redthread::build::{Options, build_with};
use redthread::incremental::Memo;

// The same allocator as the `redthread` binary, so the figures are those `serve` gives.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn revision_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

fn rebuild(root: &Path, memo: &mut Memo) -> Duration {
    let start = Instant::now();
    let built = build_with(root, &Options::default(), Some(memo)).expect("the archive builds");
    let took = start.elapsed();
    std::hint::black_box(built.site.files.len());
    took
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: median {:.0} ms, slowest {:.0} ms ({} rebuilds)",
        ms(times[times.len() / 2]),
        ms(*times.last().expect("at least one edit")),
        times.len()
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .expect("usage: incremental_bench ARCHIVE [EDITS]"),
    );
    let edits: usize = args
        .next()
        .map_or(20, |n| n.parse().expect("EDITS is a number"));
    let files = revision_files(&root);
    assert!(
        !files.is_empty(),
        "no revision files under {}",
        root.display()
    );

    let mut memo = Memo::default();
    let full = rebuild(&root, &mut memo);
    println!(
        "first build (empty memo): {:.0} ms",
        full.as_secs_f64() * 1000.0
    );

    for (what, edit) in [
        (
            "one word in a body",
            (|t: &str| format!("{t}\nOne more sentence.\n")) as fn(&str) -> String,
        ),
        ("a changed title", |t: &str| {
            t.replacen("title: ", "title: Revised ", 1)
        }),
    ] {
        let mut times = Vec::new();
        for i in 0..edits {
            let file = &files[(i * 7919) % files.len()];
            let before = std::fs::read_to_string(file).expect("readable");
            std::fs::write(file, edit(&before)).expect("writable");
            times.push(rebuild(&root, &mut memo));
            std::fs::write(file, &before).expect("writable");
            rebuild(&root, &mut memo);
        }
        report(what, times);
    }
}
