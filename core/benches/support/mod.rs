//! What the benchmark binaries share.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The median wall time of `runs` calls of `run`.
pub fn median<T>(runs: usize, mut run: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(run());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}
