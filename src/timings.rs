//! Per-stage wall time, CPU time and memory on stderr when `REDTHREAD_TIMINGS=1`, for
//! profiling builds (`scripts/bench` compares the stages at two archive sizes). Off by
//! default; it never changes what is built.

use std::time::{Duration, Instant};

/// A stopwatch over the pipeline's stages.
#[derive(Debug)]
pub struct Timings {
    on: bool,
    start: Instant,
    last: Instant,
    /// The process's CPU time (user + system) when the last stage ended.
    last_cpu: Duration,
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
            last_cpu: if on { cpu_time() } else { Duration::ZERO },
        }
    }

    /// Whether stages are reported.
    pub fn on(&self) -> bool {
        self.on
    }

    /// Reports the stage that just ended: its wall time, the time so far, the CPU time of
    /// all threads during it (user + system: on a machine shared with other work the steadier
    /// figure), and (on Linux) the resident and peak resident memory of the process.
    pub fn stage(&mut self, name: &str) {
        if !self.on {
            return;
        }
        let now = Instant::now();
        let cpu = cpu_time();
        eprintln!(
            "timing: {name:<16} {:>8.1} ms  (total {:>8.1} ms)  cpu {:>8.1} ms{}",
            (now - self.last).as_secs_f64() * 1e3,
            (now - self.start).as_secs_f64() * 1e3,
            cpu.saturating_sub(self.last_cpu).as_secs_f64() * 1e3,
            memory()
        );
        self.last = now;
        self.last_cpu = cpu;
    }

    /// Reports a part of a stage that ran beside other work (its wall time only).
    pub fn part(&self, name: &str, wall: Duration) {
        if self.on {
            eprintln!(
                "timing:   {name:<14} {:>8.1} ms  (beside the rest of the stage)",
                wall.as_secs_f64() * 1e3
            );
        }
    }
}

/// User + system CPU time of the whole process so far, from /proc/self/stat (zero where that
/// is missing). Its unit is the kernel's clock tick (`sysconf(_SC_CLK_TCK)`, usually 100 a
/// second).
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name, which is in parentheses and may hold spaces: utime and
    // stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return Duration::ZERO;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    #[cfg(target_os = "linux")]
    let per_second = rustix::param::clock_ticks_per_second().max(1);
    #[cfg(not(target_os = "linux"))]
    let per_second = 100;
    Duration::from_micros((ticks(11) + ticks(12)) * 1_000_000 / per_second)
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
