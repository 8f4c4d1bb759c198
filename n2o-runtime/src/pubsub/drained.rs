//! Members without sockets, for benchmarks: real mailboxes drained by tasks. Not part of
//! the public API.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Notify;

use super::Rooms;
use crate::format::Format;
use crate::mailbox::{Push, Pusher};

/// Counts what a set of drained members received.
#[derive(Debug, Default)]
pub struct Drained {
    received: AtomicUsize,
    target: AtomicUsize,
    reached: Notify,
}

impl Drained {
    /// How many pushes the members received in all.
    pub fn received(&self) -> usize {
        self.received.load(Ordering::Acquire)
    }

    /// Waits until the members received `total` pushes in all.
    pub async fn wait_for(&self, total: usize) {
        self.target.store(total, Ordering::Release);
        loop {
            let reached = self.reached.notified();
            if self.received() >= total {
                return;
            }
            reached.await;
        }
    }
}

/// Joins `count` members to `room`, each a mailbox of `capacity` drained by its own task
/// that takes every `io` frame in `format` (as a connection does before writing it).
/// The tasks end when the members leave the room and the pushers are dropped.
///
/// Must run inside a tokio runtime.
pub fn join(
    rooms: &Rooms,
    room: &str,
    count: usize,
    capacity: usize,
    format: Format,
) -> Arc<Drained> {
    let drained = Arc::new(Drained::default());
    for _ in 0..count {
        let (pusher, mut mailbox) = Pusher::channel(capacity);
        rooms.reg(room, &pusher);
        let drained = drained.clone();
        tokio::spawn(async move {
            while let Some(push) = mailbox.recv().await {
                if let Push::Io(io) = push {
                    std::hint::black_box(io.frame(format));
                }
                let n = drained.received.fetch_add(1, Ordering::AcqRel) + 1;
                if n == drained.target.load(Ordering::Acquire) {
                    drained.reached.notify_waiters();
                }
            }
        });
    }
    drained
}
