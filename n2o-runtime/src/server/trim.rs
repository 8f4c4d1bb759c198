//! Giving the allocator's free memory back to the system after connections end.
//!
//! glibc's `malloc` keeps what a program frees for reuse and, on its own, returns memory to
//! the system only from the top of a heap. After a burst of connections (2,000 dribbled
//! request headers, each with its 16 KiB read buffer) the buffers are freed in an order that
//! leaves no free top, and the process stayed 43 MiB above its resting size with every
//! connection closed (BENCHMARKS.md, "Memory after attacks"). `malloc_trim(0)` hands back
//! every whole free page of every arena (glibc 2.8 and later), so the resident size follows
//! what the server actually holds.
//!
//! A trim walks the allocator's free lists under its locks, so it runs on the blocking pool,
//! only when some connection ended since the last one, at most once per
//! [`Config::memory_trim`](crate::Config::memory_trim). A trim that took long and gave
//! nothing back (a large heap with nothing to return) doubles the wait before the next, up
//! to [`SLOWEST`]; one that gave memory back did its work, however long it took.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;
use tracing::debug;

/// Connections (HTTP and WebSocket) that ended in this process: the trimmer's reason to run.
static ENDED: AtomicU64 = AtomicU64::new(0);

/// A trim slower than this that released nothing doubles the wait before the next one.
const SLOW: Duration = Duration::from_millis(50);

/// The longest wait between two trims, however slow they are.
const SLOWEST: Duration = Duration::from_secs(120);

/// Records, when dropped, that a connection ended. Made first in a connection's function,
/// so that it is dropped last: after everything the connection held is freed, never before a
/// trim could see it.
#[derive(Debug)]
pub(crate) struct Ends;

impl Drop for Ends {
    fn drop(&mut self) {
        ENDED.fetch_add(1, Ordering::Relaxed);
    }
}

/// Trims every `every` while connections end, until `stop` turns true.
pub(crate) async fn run(every: Duration, mut stop: watch::Receiver<bool>) {
    let mut wait = every;
    let mut seen = ENDED.load(Ordering::Relaxed);
    loop {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            () = tokio::time::sleep(wait) => {}
        }
        let ended = ENDED.load(Ordering::Relaxed);
        if ended == seen {
            continue;
        }
        seen = ended;
        let started = Instant::now();
        let Ok(released) = tokio::task::spawn_blocking(release).await else {
            return;
        };
        let took = started.elapsed();
        wait = next_wait(wait, every, took, released);
        debug!(released, ?took, next = ?wait, "allocator trimmed");
    }
}

/// The wait after a trim that took `took`: doubled after a slow one that `released`
/// nothing, back to `every` otherwise.
fn next_wait(wait: Duration, every: Duration, took: Duration, released: bool) -> Duration {
    if took > SLOW && !released { (wait * 2).min(SLOWEST.max(every)) } else { every }
}

/// Asks glibc to return its free pages; whether it released anything.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn release() -> bool {
    // SAFETY: `malloc_trim` takes no pointer and only rearranges glibc's own free lists,
    // under the allocator's locks (MT-Safe per its manual); it cannot touch live memory.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// Other allocators (musl, macOS, Windows) return large free blocks by themselves and have
/// no such call.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_fruitless_trim_doubles_the_wait_up_to_the_ceiling_and_others_reset_it() {
        let every = Duration::from_secs(2);
        let slow = Duration::from_millis(80);
        let quick = Duration::from_micros(200);
        assert_eq!(next_wait(every, every, slow, false), Duration::from_secs(4));
        assert_eq!(next_wait(Duration::from_secs(100), every, slow, false), SLOWEST);
        assert_eq!(next_wait(Duration::from_secs(64), every, quick, false), every);
        // A slow trim that gave memory back did its work.
        assert_eq!(next_wait(Duration::from_secs(8), every, slow, true), every);
        // An interval above the ceiling is never shortened by it.
        let long = Duration::from_secs(600);
        assert_eq!(next_wait(long, long, slow, false), long);
    }

    #[tokio::test(start_paused = true)]
    async fn runs_until_asked_to_stop() {
        let (stop_tx, stop) = watch::channel(false);
        let task = tokio::spawn(run(Duration::from_millis(10), stop));
        drop(Ends);
        tokio::time::sleep(Duration::from_millis(50)).await;
        stop_tx.send(true).unwrap();
        tokio::time::timeout(Duration::from_secs(1), task).await.unwrap().unwrap();
    }
}
