//! The closed loop: a number of connections, each sending its scenario's requests back to
//! back through a warm-up and then a measured window, while the server's resident memory
//! is sampled. A request that takes longer than [`STALL`] counts as an error.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::client::Connection;

/// A request (or flow) slower than this is a stall, reported as an error.
pub const STALL: Duration = Duration::from_secs(10);

/// One unit of work of a scenario: a request, or a flow of requests counted as one.
pub trait Scenario: Send + Sync + 'static {
    /// Runs iteration `n` (0, 1, 2... across all connections) on `conn`.
    fn once<'a>(
        &'a self,
        conn: &'a mut Connection,
        n: u64,
    ) -> impl Future<Output = anyhow::Result<()>> + Send + 'a;
}

#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub connections: usize,
    pub warmup: Duration,
    pub measure: Duration,
}

/// What a run measured: only iterations that started inside the measured window count.
#[derive(Debug, Default)]
pub struct Measured {
    pub completed: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    /// From the start of the window to the last counted completion.
    pub seconds: f64,
    /// Latency of each completed iteration, in microseconds, sorted.
    pub latencies_us: Vec<u32>,
    /// The server's largest resident set seen during the run, in KiB.
    pub rss_peak_kib: Option<u64>,
}

impl Measured {
    pub fn per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.completed as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// The nearest-rank percentile `p` (0-100) of the latencies, in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        percentile(&self.latencies_us, p) as f64 / 1000.0
    }

    pub fn max_ms(&self) -> f64 {
        self.latencies_us.last().copied().unwrap_or(0) as f64 / 1000.0
    }
}

/// The nearest-rank percentile of sorted values (0 for none).
pub fn percentile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[derive(Default)]
struct Tally {
    completed: u64,
    errors: u64,
    first_error: Option<String>,
    last_done: Option<Instant>,
    latencies_us: Vec<u32>,
}

/// Runs `scenario` against `addr` as `plan` says; samples the memory of `server_pid`.
pub async fn run<S: Scenario>(
    scenario: Arc<S>,
    addr: SocketAddr,
    plan: Plan,
    server_pid: Option<u32>,
) -> Measured {
    let window_start = Instant::now() + plan.warmup;
    let window_end = window_start + plan.measure;
    let counter = Arc::new(AtomicU64::new(0));
    let running = Arc::new(AtomicBool::new(true));
    let sampler = server_pid.map(|pid| tokio::spawn(sample_rss(pid, running.clone())));

    let tasks: Vec<_> = (0..plan.connections)
        .map(|_| {
            let scenario = scenario.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut conn = Connection::new(addr);
                let mut tally = Tally::default();
                loop {
                    let begun = Instant::now();
                    if begun >= window_end {
                        break;
                    }
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    let result = tokio::time::timeout(STALL, scenario.once(&mut conn, n)).await;
                    let done = Instant::now();
                    if begun < window_start {
                        continue;
                    }
                    match result {
                        Ok(Ok(())) => {
                            tally.completed += 1;
                            tally.last_done = Some(done);
                            let micros = (done - begun).as_micros();
                            tally
                                .latencies_us
                                .push(u32::try_from(micros).unwrap_or(u32::MAX));
                        }
                        Ok(Err(e)) => tally.error(format!("{e:#}")),
                        Err(_) => {
                            // The connection may hold a half-read response: start afresh.
                            conn = Connection::new(addr);
                            tally.error(format!("no answer within {} s", STALL.as_secs()));
                        }
                    }
                }
                tally
            })
        })
        .collect();

    let mut measured = Measured::default();
    let mut last_done = window_start;
    for task in tasks {
        let tally = match task.await {
            Ok(tally) => tally,
            Err(e) => {
                measured.errors += 1;
                measured
                    .first_error
                    .get_or_insert(format!("a client task failed: {e}"));
                continue;
            }
        };
        measured.completed += tally.completed;
        measured.errors += tally.errors;
        if measured.first_error.is_none() {
            measured.first_error = tally.first_error;
        }
        if let Some(done) = tally.last_done {
            last_done = last_done.max(done);
        }
        measured.latencies_us.extend(tally.latencies_us);
    }
    running.store(false, Ordering::Relaxed);
    if let Some(sampler) = sampler {
        measured.rss_peak_kib = sampler.await.ok().flatten();
    }
    measured.latencies_us.sort_unstable();
    measured.seconds = (last_done - window_start).as_secs_f64();
    measured
}

impl Tally {
    fn error(&mut self, message: String) {
        self.errors += 1;
        self.first_error.get_or_insert(message);
    }
}

/// The largest `VmRSS` of `pid` seen every 100 ms until `running` turns false.
async fn sample_rss(pid: u32, running: Arc<AtomicBool>) -> Option<u64> {
    let mut peak = None;
    while running.load(Ordering::Relaxed) {
        if let Some(kib) = rss_kib(pid) {
            peak = Some(peak.map_or(kib, |p: u64| p.max(kib)));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    peak
}

/// The resident set of `pid` (`VmRSS` in `/proc/PID/status`), in KiB.
pub fn rss_kib(pid: u32) -> Option<u64> {
    status_field(pid, "VmRSS:")
}

/// The peak resident set of `pid` over its life (`VmHWM`), in KiB.
pub fn rss_high_water_kib(pid: u32) -> Option<u64> {
    status_field(pid, "VmHWM:")
}

fn status_field(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&values, 50.0), 50);
        assert_eq!(percentile(&values, 99.0), 99);
        assert_eq!(percentile(&values, 100.0), 100);
        assert_eq!(percentile(&values, 0.0), 1);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
        // Eleven values: p50 is the sixth, p99 the last.
        let eleven: Vec<u32> = (10..=20).collect();
        assert_eq!(percentile(&eleven, 50.0), 15);
        assert_eq!(percentile(&eleven, 99.0), 20);
    }

    #[test]
    fn this_process_has_a_resident_set() {
        let pid = std::process::id();
        let rss = rss_kib(pid).expect("VmRSS");
        let peak = rss_high_water_kib(pid).expect("VmHWM");
        assert!(rss > 0 && peak >= rss, "rss {rss} peak {peak}");
    }
}
