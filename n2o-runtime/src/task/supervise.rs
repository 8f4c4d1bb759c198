//! The supervisor of one task run: catches panics, restarts with backoff, cleans up.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use tokio::time::Instant;
use tracing::{debug, error, warn};

use super::{State, TaskCx, TaskOptions, TaskStatus, Tasks, lock};
use crate::guard::guarded;

/// Runs `f` until it returns, is stopped, or fails past its restart policy.
pub(super) async fn run<M, F, Fut>(
    mut f: F,
    state: Arc<State>,
    rx: mpsc::Receiver<M>,
    tasks: Tasks,
    options: TaskOptions,
) where
    M: Send + 'static,
    F: FnMut(TaskCx<M>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let name = state.name.clone();
    let home = Arc::new(Mutex::new(Some(rx)));
    let mut stop = state.stop.subscribe();
    // The panics inside the current window, oldest first.
    let mut panics: VecDeque<Instant> = VecDeque::new();
    let end = loop {
        let cx = TaskCx {
            name: name.clone(),
            rx: lock(&home).take(),
            home: home.clone(),
            tasks: tasks.clone(),
            restarts: state.restarts.load(Ordering::Acquire),
        };
        // `f` itself runs inside the guard too: a closure may panic before its future does.
        let outcome = tokio::select! {
            biased;
            _ = stop.wait_for(|s| *s) => break TaskStatus::Stopped,
            outcome = guarded(async { f(cx).await }) => outcome,
        };
        let Err(panic) = outcome else { break TaskStatus::Completed };
        error!(task = %name, panic = %panic, "task panicked");
        let now = Instant::now();
        panics.push_back(now);
        while panics.front().is_some_and(|t| now.duration_since(*t) > options.window) {
            panics.pop_front();
        }
        if panics.len() > options.max_restarts as usize {
            error!(
                task = %name,
                panics = panics.len(),
                within = ?options.window,
                "task panicked too often: not restarted"
            );
            break TaskStatus::Failed;
        }
        let delay = options.delay(panics.len());
        warn!(task = %name, after = ?delay, "restarting task");
        state.status.send_replace(TaskStatus::Restarting);
        tokio::select! {
            biased;
            _ = stop.wait_for(|s| *s) => break TaskStatus::Stopped,
            () = tokio::time::sleep(delay) => {}
        }
        state.restarts.fetch_add(1, Ordering::AcqRel);
        state.status.send_replace(TaskStatus::Running);
    };
    // Close the mailbox first, so a send after `finished()` fails rather than vanishes.
    drop(lock(&home).take());
    tasks.registry.remove(&name, state.id);
    debug!(task = %name, end = ?end, "task ended");
    state.status.send_replace(end);
}
