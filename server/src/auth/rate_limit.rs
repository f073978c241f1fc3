//! A fixed-window request counter per client IP, in memory.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts requests per IP in fixed windows; `max == 0` disables the limit.
#[derive(Debug)]
pub struct RateLimiter {
    max: u32,
    window: Duration,
    windows: Mutex<HashMap<IpAddr, Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

/// Forget expired windows once the table holds this many addresses.
const PRUNE_AT: usize = 10_000;

impl RateLimiter {
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request from `ip`. `Err` carries the seconds until the window resets.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        self.check_at(ip, Instant::now())
    }

    fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        if self.max == 0 {
            return Ok(());
        }
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() >= PRUNE_AT {
            windows.retain(|_, w| now.duration_since(w.started) < self.window);
        }
        let entry = windows.entry(ip).or_insert(Window {
            started: now,
            count: 0,
        });
        if now.duration_since(entry.started) >= self.window {
            *entry = Window {
                started: now,
                count: 0,
            };
        }
        if entry.count >= self.max {
            let left = self
                .window
                .saturating_sub(now.duration_since(entry.started));
            return Err(left.as_secs().max(1));
        }
        entry.count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn allows_max_then_refuses_until_the_window_ends() {
        let limiter = RateLimiter::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(A, t0).is_ok());
        }
        assert_eq!(limiter.check_at(A, t0 + Duration::from_secs(20)), Err(40));
        assert!(
            limiter.check_at(B, t0).is_ok(),
            "other addresses are independent"
        );
        assert!(limiter.check_at(A, t0 + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn zero_disables_the_limit() {
        let limiter = RateLimiter::new(0, Duration::from_secs(60));
        assert!((0..1000).all(|_| limiter.check(A).is_ok()));
    }
}
