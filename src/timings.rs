//! Per-stage wall time and memory on stderr when `REDTHREAD_TIMINGS=1`, for profiling
//! builds. Off by default; it never changes what is built.

use std::time::Instant;

/// A stopwatch over the pipeline's stages.
#[derive(Debug)]
pub struct Timings {
    on: bool,
    start: Instant,
    last: Instant,
}

impl Timings {
    /// On when the environment variable `REDTHREAD_TIMINGS` is set to anything but `0`.
    pub fn from_env() -> Self {
        let on = std::env::var_os("REDTHREAD_TIMINGS").is_some_and(|v| v != "0");
        let now = Instant::now();
        Timings {
            on,
            start: now,
            last: now,
        }
    }

    /// Reports the stage that just ended: its time, the time so far, and (on Linux) the
    /// resident and peak resident memory of the process.
    pub fn stage(&mut self, name: &str) {
        if !self.on {
            return;
        }
        let now = Instant::now();
        eprintln!(
            "timing: {name:<12} {:>8.1} ms  (total {:>8.1} ms){}",
            (now - self.last).as_secs_f64() * 1e3,
            (now - self.start).as_secs_f64() * 1e3,
            memory()
        );
        self.last = now;
    }
}

/// `  rss N MiB, peak N MiB` from /proc/self/status, or nothing where that is missing.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kib| kib / 1024)
    };
    format!(
        "  rss {:>5} MiB, peak {:>5} MiB",
        field("VmRSS:"),
        field("VmHWM:")
    )
}
