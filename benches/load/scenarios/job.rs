//! A job the client process runs in the background (the soak's traffic, one attack) while the
//! orchestrator samples the server's RSS: named counters, and a stop signal.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::ipc::Reply;

/// Named counters, read by `Status`.
#[derive(Default)]
pub(crate) struct Stats(Mutex<BTreeMap<String, i64>>);

impl Stats {
    pub(crate) fn add(&self, key: &str, n: i64) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *map.entry(key.to_owned()).or_default() += n;
    }

    pub(crate) fn set(&self, key: &str, n: i64) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(key.to_owned(), n);
    }

    /// One more error of `class`, and one more in all.
    pub(crate) fn error(&self, class: &str) {
        self.add("errors", 1);
        self.add(&format!("err_{class}"), 1);
    }

    pub(crate) fn snapshot(&self) -> BTreeMap<String, i64> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Counts one open socket in `open` for as long as it lives.
pub(crate) struct Open(Arc<Stats>);

impl Open {
    pub(crate) fn new(stats: &Arc<Stats>) -> Open {
        stats.add("open", 1);
        Open(stats.clone())
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.add("open", -1);
    }
}

/// Why a job's loops end: `Stop` was asked.
#[derive(Clone)]
pub(crate) struct Stop(watch::Receiver<bool>);

impl Stop {
    pub(crate) fn stopping(&self) -> bool {
        *self.0.borrow()
    }

    /// Sleeps `d`; false when the job is stopping (at once, not after `d`).
    pub(crate) async fn pause(&mut self, d: Duration) -> bool {
        if self.stopping() {
            return false;
        }
        let stopped = tokio::select! {
            () = tokio::time::sleep(d) => false,
            _ = self.0.wait_for(|s| *s) => true,
        };
        !stopped && !self.stopping()
    }
}

pub(crate) struct Job {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    stats: Arc<Stats>,
}

impl Job {
    pub(crate) fn spawn<F, Fut>(f: F) -> Job
    where
        F: FnOnce(Arc<Stats>, Stop) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let (tx, rx) = watch::channel(false);
        let stats = Arc::new(Stats::default());
        stats.set("open", 0);
        stats.set("errors", 0);
        let task = tokio::spawn(f(stats.clone(), Stop(rx)));
        Job { stop: tx, task, stats }
    }

    pub(crate) fn status(&self) -> Reply {
        Reply::Status { counters: self.stats.snapshot() }
    }

    /// Signals the stop, waits up to 30 s for the job to end (then aborts it).
    pub(crate) async fn stop(self) -> Reply {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(Duration::from_secs(30), &mut task).await.is_err() {
            task.abort();
            self.stats.add("stop_timeouts", 1);
        }
        Reply::Status { counters: self.stats.snapshot() }
    }
}
