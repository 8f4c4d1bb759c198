//! A connection's mailbox: the bounded queue other tasks push into, and frames encoded once
//! and shared by every connection they are pushed to.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use tokio::sync::{Notify, mpsc};
use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::format::Format;
use crate::term::Term;

/// Identifies one connection for as long as the process runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId(u64);

impl ConnId {
    fn next() -> ConnId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        ConnId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

impl std::fmt::Display for ConnId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "c{}", self.0)
    }
}

/// What travels through a mailbox.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Push {
    /// A term for the protocol chain, as if the browser had sent it (N2O's `websocket_info`).
    Info(Term),
    /// An `{io, Eval, <<>>}` already rendered, sent as it is in the receiver's formatter.
    Io(Arc<SharedIo>),
}

impl Push {
    /// What this push counts against a mailbox's byte budget: about the bytes it becomes on
    /// the wire. A shared frame counts in full for every member it waits for: a member that
    /// does not read may hold it alive after every other member has sent it.
    pub fn cost(&self) -> usize {
        match self {
            Push::Info(term) => term.approx_size(),
            Push::Io(io) => io.cost,
        }
    }
}

/// `{io, Eval, <<>>}` (or another server-made term, [`SharedIo::term`]) encoded at most once
/// per built-in formatter, however many connections send it: a room flush renders once and
/// fans out the same bytes. (A formatter registered by the app encodes it for each
/// connection that speaks it.)
#[derive(Debug)]
pub struct SharedIo {
    term: Term,
    /// About the bytes it becomes on the wire ([`Push::cost`]).
    pub(crate) cost: usize,
    /// The message in each built-in format (`Format::slot`); cloning one shares its bytes.
    encoded: [OnceLock<WsMessage>; Format::CACHED],
}

impl SharedIo {
    /// An `io` frame that runs `eval` in every browser it reaches.
    pub fn new(eval: String) -> Arc<SharedIo> {
        let cost = eval.len() + 16;
        Arc::new(SharedIo {
            term: Term::io(eval, Term::Binary(Vec::new())),
            cost,
            encoded: Default::default(),
        })
    }

    /// A frame of `term` as it is (a typed `{server, T}` push), sent without going through
    /// the receiver's protocol chain.
    pub fn term(term: Term) -> Arc<SharedIo> {
        let cost = term.approx_size();
        Arc::new(SharedIo { term, cost, encoded: Default::default() })
    }

    /// The JavaScript this frame runs; empty for a frame that is not an `io`.
    pub fn eval(&self) -> &str {
        if !self.term.is_tagged("io", 3) {
            return "";
        }
        self.term.as_tuple().and_then(|t| t[1].as_text()).unwrap_or_default()
    }

    /// Whether this is a plain flush ([`SharedIo::new`]): `{io, Eval, <<>>}`, all in its eval.
    pub(crate) fn is_io(&self) -> bool {
        self.term.is_tagged("io", 3)
            && self.term.as_tuple().is_some_and(|t| {
                t[1].as_text().is_some() && matches!(&t[2], Term::Binary(b) if b.is_empty())
            })
    }

    /// The term this frame carries.
    pub(crate) fn as_term(&self) -> &Term {
        &self.term
    }

    pub(crate) fn frame(&self, format: Format) -> WsMessage {
        match format.slot() {
            Some(slot) => {
                self.encoded[slot].get_or_init(|| format.encode(&self.term).into()).clone()
            }
            None => format.encode(&self.term).into(),
        }
    }
}

/// Pushes into one connection's bounded mailbox. Pushes pass through the connection in order,
/// between inbound frames.
///
/// The N2O protocol claims the pushed terms `{flush, <<"js">>}` (the JS goes to the browser
/// as an `io`) and `{direct, Term}` (runs the page's `event(Event::Direct(Term))`).
#[derive(Clone, Debug)]
pub struct Pusher {
    /// Each push travels with its cost, so the receiver does not measure it again.
    tx: mpsc::Sender<(Push, usize)>,
    id: ConnId,
    kick: Arc<Kick>,
    /// Bytes waiting in the mailbox ([`Push::cost`]), shared with the receiving end.
    queued: Arc<AtomicUsize>,
    /// The most bytes that may wait.
    max_bytes: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Kick {
    kicked: AtomicBool,
    notify: Notify,
}

impl Kick {
    pub(crate) async fn wait(&self) {
        loop {
            let notified = self.notify.notified();
            if self.kicked.load(Ordering::Acquire) {
                return;
            }
            notified.await;
        }
    }
}

/// Why a push was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PushError {
    /// The mailbox is full, in pushes or in bytes: the connection is not keeping up.
    #[error("the connection's mailbox is full")]
    Full,
    /// The connection has closed.
    #[error("the connection is closed")]
    Closed,
}

/// The receiving end, owned by the connection task.
#[derive(Debug)]
pub(crate) struct Mailbox {
    pub(crate) rx: mpsc::Receiver<(Push, usize)>,
    pub(crate) kick: Arc<Kick>,
    queued: Arc<AtomicUsize>,
}

impl Mailbox {
    /// The next push, waiting for one; its bytes leave the budget.
    pub(crate) async fn recv(&mut self) -> Option<Push> {
        let (push, cost) = self.rx.recv().await?;
        self.queued.fetch_sub(cost, Ordering::AcqRel);
        Some(push)
    }

    /// The next push if one waits.
    #[cfg(test)]
    pub(crate) fn try_recv(&mut self) -> Result<Push, mpsc::error::TryRecvError> {
        let (push, cost) = self.rx.try_recv()?;
        self.queued.fetch_sub(cost, Ordering::AcqRel);
        Ok(push)
    }
}

impl Pusher {
    /// A mailbox of at most `capacity` pushes, with no byte budget (tests, benchmarks).
    #[cfg(any(test, feature = "bench-util"))]
    pub(crate) fn channel(capacity: usize) -> (Pusher, Mailbox) {
        Pusher::bounded(capacity, usize::MAX)
    }

    /// A mailbox of at most `capacity` pushes and `max_bytes` bytes ([`Push::cost`]).
    pub(crate) fn bounded(capacity: usize, max_bytes: usize) -> (Pusher, Mailbox) {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        let kick = Arc::new(Kick::default());
        let queued = Arc::new(AtomicUsize::new(0));
        let pusher = Pusher {
            tx,
            id: ConnId::next(),
            kick: kick.clone(),
            queued: queued.clone(),
            max_bytes,
        };
        (pusher, Mailbox { rx, kick, queued })
    }

    /// Bytes waiting in the mailbox now.
    pub fn queued_bytes(&self) -> usize {
        self.queued.load(Ordering::Acquire)
    }

    /// The connection this pushes into.
    pub fn id(&self) -> ConnId {
        self.id
    }

    /// Pushes without waiting; fails when the mailbox is full (in pushes or in bytes) or
    /// the connection closed.
    pub fn try_send(&self, push: Push) -> Result<(), PushError> {
        let cost = push.cost();
        let queued = self.queued.fetch_add(cost, Ordering::AcqRel);
        if queued.saturating_add(cost) > self.max_bytes && queued > 0 {
            // Over the budget (a single push larger than the whole budget still goes into an
            // empty mailbox: the flush limit bounds those).
            self.queued.fetch_sub(cost, Ordering::AcqRel);
            return Err(PushError::Full);
        }
        self.tx.try_send((push, cost)).map_err(|e| {
            self.queued.fetch_sub(cost, Ordering::AcqRel);
            match e {
                mpsc::error::TrySendError::Full(_) => PushError::Full,
                mpsc::error::TrySendError::Closed(_) => PushError::Closed,
            }
        })
    }

    /// Pushes a term for the protocol chain without waiting.
    pub fn try_push(&self, message: Term) -> Result<(), PushError> {
        self.try_send(Push::Info(message))
    }

    /// Pushes a term for the protocol chain, waiting for room in the mailbox (in pushes; the
    /// byte budget is checked when it is sent, and a mailbox over it refuses with `Full`).
    pub async fn push(&self, message: Term) -> Result<(), PushError> {
        let push = Push::Info(message);
        let cost = push.cost();
        if self.queued.load(Ordering::Acquire).saturating_add(cost) > self.max_bytes
            && self.queued_bytes() > 0
        {
            return Err(PushError::Full);
        }
        self.queued.fetch_add(cost, Ordering::AcqRel);
        self.tx.send((push, cost)).await.map_err(|_| {
            self.queued.fetch_sub(cost, Ordering::AcqRel);
            PushError::Closed
        })
    }

    /// Pushes JavaScript for the browser to run: `{flush, <<js>>}`.
    pub fn try_wire(&self, js: &str) -> Result<(), PushError> {
        self.try_push(Term::Tuple(vec![
            Term::Atom("flush".into()),
            Term::Binary(js.as_bytes().to_vec()),
        ]))
    }

    /// Asks the connection to close (code 1013, "try again later"); the client reconnects and
    /// its page re-initialises. The remedy for a member that cannot keep up.
    pub fn disconnect(&self) {
        self.kick.kicked.store(true, Ordering::Release);
        self.kick.notify.notify_waiters();
    }

    /// Whether the connection has closed.
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}
