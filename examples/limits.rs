//! The limits from the robustness issue at full size: writes each extreme archive to a temp
//! folder, builds it with the release binary and reports time, peak memory and outcome.
//!
//! `cargo build --release && cargo run --release --example limits [CASE-NUMBER...]`

#[path = "../tests/support/limits.rs"]
mod limits;

use std::process::Command;
use std::time::Instant;

use limits::Case;

fn main() {
    let picked: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let bin = std::env::current_exe()
        .expect("own path")
        .parent()
        .and_then(|p| p.parent())
        .expect("target/release")
        .join("redthread");
    println!("| case | outcome | wall | peak memory | output |");
    println!("|---|---|---|---|---|");
    for (i, (case, n)) in Case::ALL.into_iter().enumerate() {
        if !picked.is_empty() && !picked.contains(&i) {
            continue;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        case.write(dir.path(), n).expect("write archive");
        let start = Instant::now();
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(&bin)
            .arg("build")
            .arg(dir.path())
            .output()
            .expect("run /usr/bin/time redthread (apt-get install time)");
        let wall = start.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let peak_kb: u64 = stderr
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0);
        let outcome = if out.status.success() {
            "builds".to_owned()
        } else {
            let first = stderr.lines().find(|l| l.contains("error")).unwrap_or("?");
            format!("fails: `{}`", first.trim())
        };
        let size: u64 = walkdir::WalkDir::new(dir.path().join("site"))
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
        println!(
            "| {} | {outcome} | {wall:.1} s | {} MiB | {} MiB |",
            case.name(),
            peak_kb / 1024,
            size / (1024 * 1024)
        );
    }
}
