//! A node's candidacy for a cluster task: wait for its lease, run it while holding it, stop it when the lease is lost.
//!
//! The lease lives on the bus ([`Bus::lease`]). While another node holds it, the candidate
//! asks every poll whether it still does; it takes it when it is given up (the
//! [`Topic::Freed`] notice: at once) or when it has been missing for longer than a renewal
//! period (its holder died and the key expired; waiting that long first lets a live holder
//! take back a key that vanished with a Redis restart, so two copies do not start). The
//! holder renews every third of the lease, and stops its copy when it could not renew for
//! four fifths of it: before the key expires and another node may start one.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::de::DeserializeOwned;
use tokio::sync::{Notify, watch};
use tokio::time::Instant;
use tracing::{info, warn};

use super::{TaskCx, TaskHandle, TaskOptions, TaskStatus, Tasks, lock};
use crate::format::{Limits, bert};
use crate::pubsub::{Bus, Listener, Topic};
use crate::term;
use crate::warn_limit::{WarnLimit, limited_warn};

/// A candidacy in the registry: stopped by [`Tasks::stop_all`], awaited by
/// [`Tasks::shutdown`].
pub(super) struct Candidate {
    pub(super) id: u64,
    pub(super) stop: watch::Sender<bool>,
    pub(super) done: watch::Receiver<bool>,
    pub(super) message_type: &'static str,
}

impl Candidate {
    pub(super) fn is_live(&self) -> bool {
        !*self.stop.borrow() && !*self.done.borrow()
    }
}

/// The periods of one lease.
struct Timing {
    lease: Duration,
    renew: Duration,
    /// How long the holder goes on without a renewal.
    hold: Duration,
    poll: Duration,
}

impl Timing {
    fn of(options: &TaskOptions) -> Timing {
        let lease = options.lease;
        Timing {
            lease,
            renew: lease / 3,
            hold: lease * 4 / 5,
            poll: (lease / 10).clamp(Duration::from_millis(30), Duration::from_secs(1)),
        }
    }
}

/// How a run as holder ended.
enum Held {
    /// The node is shutting down: its copy stops and the lease is given up.
    Shutdown,
    /// The copy ended by itself: the lease is given up and the candidacy ends.
    Ended(TaskStatus),
    /// The lease is lost: the copy stops and the node waits for the lease again.
    Lost(&'static str),
}

/// Stands for task `name` on this node until it is stopped or its copy ends.
#[allow(clippy::too_many_arguments)]
pub(super) async fn run<M, F, Fut>(
    tasks: Tasks,
    bus: Arc<dyn Bus>,
    name: Arc<str>,
    id: u64,
    options: TaskOptions,
    f: F,
    mut stop: watch::Receiver<bool>,
    done: watch::Sender<bool>,
) where
    M: DeserializeOwned + Send + 'static,
    F: FnMut(TaskCx<M>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let token = format!("{:032x}", rand::random::<u128>());
    let timing = Timing::of(&options);
    let f = Arc::new(Mutex::new(f));
    let freed = Arc::new(Notify::new());
    let notify = freed.clone();
    bus.listen(Topic::Freed, &name, Some(Arc::new(move |_: &[u8]| notify.notify_one())));
    let mut warn_limit = WarnLimit::new(1, Duration::from_secs(60));
    // The first try is at once: a holder would have the key.
    let mut take = true;
    let mut missing_since: Option<Instant> = None;
    loop {
        if !take {
            tokio::select! {
                biased;
                _ = stop.wait_for(|s| *s) => break,
                () = freed.notified() => take = true,
                () = tokio::time::sleep(timing.poll) => {}
            }
        }
        if !take {
            take = match bus.leased(&name).await {
                Ok(false) => {
                    let since = *missing_since.get_or_insert_with(Instant::now);
                    since.elapsed() >= timing.renew + timing.poll
                }
                Ok(true) | Err(_) => {
                    missing_since = None;
                    false
                }
            };
        }
        if !std::mem::take(&mut take) || *stop.borrow() {
            continue;
        }
        let asked = Instant::now();
        match bus.lease(&name, &token, timing.lease, false).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                limited_warn!(warn_limit, task = %name, error = %e, "cannot take the task's lease");
                continue;
            }
        }
        missing_since = None;
        info!(task = %name, lease = ?timing.lease, "task lease taken: the task runs on this node");
        let g = f.clone();
        let handle: TaskHandle<M> =
            tasks.spawn_with(&name, options.clone(), move |cx| (*lock(&g))(cx));
        bus.listen(Topic::Mailbox, &name, Some(mailbox(name.clone(), handle.clone())));
        let held = hold(&*bus, &name, &token, &timing, asked, &handle, &mut stop).await;
        bus.listen(Topic::Mailbox, &name, None);
        match held {
            Held::Ended(status) => {
                bus.release(&name, &token).await;
                info!(task = %name, end = ?status, "task ended: its lease is given up");
                break;
            }
            Held::Shutdown => {
                handle.stop();
                handle.finished().await;
                bus.release(&name, &token).await;
                info!(task = %name, "task stopped: its lease is given up");
                break;
            }
            Held::Lost(why) => {
                handle.stop();
                handle.finished().await;
                warn!(task = %name, why, "task lease lost: this node's copy stopped");
            }
        }
    }
    bus.listen(Topic::Freed, &name, None);
    let mut candidates = lock(&tasks.registry.candidates);
    if candidates.get(&*name).is_some_and(|c| c.id == id) {
        candidates.remove(&*name);
    }
    drop(candidates);
    done.send_replace(true);
}

/// Renews the lease while the copy runs; says why it stopped holding it.
async fn hold<M>(
    bus: &dyn Bus,
    name: &str,
    token: &str,
    timing: &Timing,
    mut renewed: Instant,
    handle: &TaskHandle<M>,
    stop: &mut watch::Receiver<bool>,
) -> Held {
    let mut warn_limit = WarnLimit::new(1, Duration::from_secs(60));
    loop {
        // The key expires a lease after the last renewal Redis did, which it did after
        // `renewed`: the copy stops a fifth of a lease before.
        let deadline = renewed + timing.hold;
        tokio::select! {
            biased;
            _ = stop.wait_for(|s| *s) => return Held::Shutdown,
            status = handle.finished() => return Held::Ended(status),
            () = tokio::time::sleep_until(deadline) => return Held::Lost("the lease could not be renewed in time"),
            () = tokio::time::sleep(timing.renew) => {}
        }
        let asked = Instant::now();
        let renewal = tokio::time::timeout_at(deadline, bus.lease(name, token, timing.lease, true));
        match renewal.await {
            Ok(Ok(true)) => renewed = asked,
            Ok(Ok(false)) => return Held::Lost("another node holds it"),
            Ok(Err(e)) => {
                limited_warn!(warn_limit, task = %name, error = %e, "cannot renew the task's lease")
            }
            Err(_) => return Held::Lost("the lease could not be renewed in time"),
        }
    }
}

/// Hands the messages other nodes send to task `name` to its copy here.
fn mailbox<M: DeserializeOwned + Send + 'static>(
    name: Arc<str>,
    handle: TaskHandle<M>,
) -> Listener {
    let warn_limit = Mutex::new(WarnLimit::new(1, Duration::from_secs(60)));
    // The broker is trusted like the nodes themselves (see `pubsub::wire`).
    let limits = Limits { max_frame: usize::MAX, max_depth: 1024, max_elements: usize::MAX };
    Arc::new(move |bytes: &[u8]| {
        let message = bert::decode(bytes, &limits)
            .map_err(|e| e.to_string())
            .and_then(|t| term::from_term::<M>(&t).map_err(|e| e.to_string()));
        let error = match message {
            Ok(message) => match handle.try_send(message) {
                Ok(()) => return,
                Err(e) => e.to_string(),
            },
            Err(e) => format!("it does not decode: {e}"),
        };
        limited_warn!(
            lock(&warn_limit),
            task = %name,
            error,
            "a message from another node was dropped"
        );
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holder_stops_before_its_lease_can_expire() {
        let t = Timing::of(&TaskOptions::default());
        assert_eq!(t.lease, Duration::from_secs(10));
        assert_eq!(t.hold, Duration::from_secs(8));
        assert_eq!(t.poll, Duration::from_secs(1));
        assert!(t.renew * 2 < t.hold && t.hold < t.lease);
        // A tiny lease is raised to 300 ms, and still renewed before it runs out.
        let t = Timing::of(&TaskOptions::default().lease(Duration::from_millis(1)));
        assert_eq!(t.lease, Duration::from_millis(300));
        assert_eq!(t.poll, Duration::from_millis(30));
        assert!(t.renew < t.hold && t.hold < t.lease);
    }
}
