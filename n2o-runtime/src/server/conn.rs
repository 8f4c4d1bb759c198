//! One WebSocket connection: a task that reads frames, runs them through the protocol chain
//! one at a time, and interleaves pushes from its bounded mailbox.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::time::Instant;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message as WsMessage};
use tracing::{debug, info};

use super::Shared;
use super::meter::{self, Meter};
use crate::cx::{Cx, CxParts};
use crate::format::{FrameRef, Inbound};
use crate::ftp::Record;
use crate::guard::guarded;
use crate::mailbox::{Push, Pusher};
use crate::page::{DynPage, Event};
use crate::proto::{Message, Reply};
use crate::refusal::Refusal;
use crate::warn_limit::{WarnLimit, limited_warn};

/// Serves one upgraded socket until it closes. `parts` is the context without its
/// connection; the page and a fresh mailbox are added here.
pub(crate) async fn run<S>(
    ws: WebSocketStream<S>,
    meter: Arc<Meter>,
    shared: &Arc<Shared>,
    page: Arc<dyn DynPage>,
    mut parts: CxParts,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // Dropped last, when the socket and its mailbox are gone.
    let _ends = super::trim::Ends;
    let config = &shared.config;
    let (pusher, mailbox) = Pusher::bounded(config.mailbox, config.mailbox_bytes);
    parts.connection = Some((page, pusher.clone()));
    let mut conn = Connection {
        shared,
        cx: Cx::new(parts),
        pusher,
        warn: WarnLimit::connection(),
        touched: Instant::now(),
    };
    let (mut sink, mut stream) = ws.split();
    let mut stop = shared.stop.clone();
    let idle = config.idle_timeout;
    let mut rate = Rate::new(config.event_rate, config.event_burst);
    // Made once and polled in place for the connection's life: made anew for every frame,
    // they registered and unregistered two waiters and a timer each time.
    let mut stopping = pin!(async move {
        let _ = stop.wait_for(|s| *s).await;
    });
    let mut mailbox = mailbox;
    let kick = mailbox.kick.clone();
    let mut kicked = pin!(kick.wait());
    // One timer for the connection's deadlines: idle (activity only records the time; the
    // timer is pushed back when it fires early), a big frame's completion, the end of a
    // throttle. (A timer is a few hundred bytes of every idle connection.)
    let mut timer = pin!(tokio::time::sleep(idle));
    let mut active = Instant::now();
    // A frame in progress past `meter::BIG` bytes must be whole by `frame_due`.
    let mut big_frame = pin!(meter.big.notified());
    let mut frame_due: Option<Instant> = None;
    // A client over its event rate is not read until `throttled`.
    let mut throttled: Option<Instant> = None;
    let next_due = |active: Instant, frame_due: Option<Instant>, throttled: Option<Instant>| {
        [frame_due, throttled].into_iter().flatten().fold(active + idle, Instant::min)
    };
    debug!("connected");
    let close = loop {
        let next = tokio::select! {
            biased;
            () = &mut stopping => break Some(close_frame(CloseCode::Away, "server shutting down")),
            // Before inbound frames: under `biased`, a client that keeps sending would
            // otherwise never let its kick through.
            () = &mut kicked => break Some(too_slow()),
            () = &mut timer => {
                let now = Instant::now();
                throttled = throttled.filter(|until| *until > now);
                if let Some(due) = frame_due.filter(|due| *due <= now) {
                    frame_due = None;
                    if meter.unfinished() >= meter::BIG {
                        limited_warn!(conn.warn, unfinished = meter.unfinished(), late = ?(now - due),
                            limit = ?config.frame_timeout,
                            "frame not complete in time (Config::frame_timeout), closing");
                        break Some(close_frame(CloseCode::Policy, "frame too slow"));
                    }
                }
                if now >= active + idle {
                    info!(after = ?idle, "idle connection closed");
                    break Some(close_frame(CloseCode::Normal, "idle"));
                }
                timer.as_mut().reset(next_due(active, frame_due, throttled));
                continue;
            }
            () = &mut big_frame => {
                big_frame.set(meter.big.notified());
                frame_due = Some(Instant::now() + config.frame_timeout);
                timer.as_mut().reset(next_due(active, frame_due, throttled));
                continue;
            }
            // Pushes before inbound frames: a client that keeps sending must still get what
            // the server has for it (its own room's lines among them).
            Some(push) = mailbox.recv() => conn.push(push).await,
            inbound = stream.next(), if throttled.is_none() => match inbound {
                None => break None,
                Some(Err(e)) => break closing_error(&e, &mut conn.warn),
                Some(Ok(WsMessage::Close(_))) => break None,
                Some(Ok(frame)) => {
                    meter.complete();
                    frame_due = None;
                    let reply = conn.frame(frame).await;
                    // Counted after it ran: an upload's accepted block is bulk data, bounded
                    // by the transfer's limits, not an event (N2O's uploads would crawl at
                    // the event rate times the block size).
                    if !conn.cx.take_bulk()
                        && let Some(wait) = rate.take(Instant::now())
                    {
                        throttled = Some(Instant::now() + wait);
                        timer.as_mut().reset(next_due(active, frame_due, throttled));
                        limited_warn!(conn.warn, rate = config.event_rate, burst = config.event_burst,
                            "client over its event rate (Config::event_rate): read more slowly");
                    }
                    reply
                }
            },
        };
        active = Instant::now();
        let Some(frame) = next else { continue };
        match deliver(&mut sink, frame, kicked.as_mut()).await {
            Sent::Ok => {}
            Sent::Kicked => break Some(too_slow()),
            Sent::Failed => break None,
        }
    };
    // A member kicked for not reading has a full socket: its 1013 can go out only once the
    // peer reads again, which a client back from a stall does within seconds. It is given
    // the frame timeout for that; any other close, a second. The page's state goes first
    // (`Terminate`, rooms left), so only the socket waits.
    let kicked_for_slowness = close.as_ref().is_some_and(|f| f.code == CloseCode::Again);
    let grace = if kicked_for_slowness { shared.config.frame_timeout } else { CLOSE_GRACE };
    conn.close().await;
    // Nothing more is pushed to it: its mailbox goes now, not when the socket does.
    drop(mailbox);
    let goodbye = async {
        if let Some(frame) = close {
            let _ = sink.send(WsMessage::Close(Some(frame))).await;
        }
        let _ = sink.close().await;
    };
    let _ = tokio::time::timeout(grace, goodbye).await;
    debug!("disconnected");
}

/// How long a closing connection waits for its close frame to go out.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// The state one socket's task owns: its context, its mailbox's address, its log budget.
struct Connection<'s> {
    shared: &'s Arc<Shared>,
    cx: Cx,
    pusher: Pusher,
    warn: WarnLimit,
    /// When the session was last marked used by this connection.
    touched: Instant,
}

/// How often an open connection marks its session used (at most; a quarter of the session's
/// lifetime when that is shorter): a session lives as long as a tab of it is open (the
/// client's heartbeat is a frame too), and `session_ttl` after the last.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// A token bucket for inbound frames: `burst` at once, then `per_sec` on average.
struct Rate {
    per_sec: f64,
    burst: f64,
    tokens: f64,
    at: Instant,
}

impl Rate {
    fn new(per_sec: f64, burst: u32) -> Rate {
        let burst = f64::from(burst.max(1));
        Rate { per_sec, burst, tokens: burst, at: Instant::now() }
    }

    /// Takes a token for one frame; how long to wait before reading the next one, if the
    /// bucket is empty now.
    fn take(&mut self, now: Instant) -> Option<Duration> {
        if self.per_sec <= 0.0 {
            return None;
        }
        let earned = now.saturating_duration_since(self.at).as_secs_f64() * self.per_sec;
        self.tokens = (self.tokens + earned).min(self.burst) - 1.0;
        self.at = now;
        (self.tokens < 0.0).then(|| Duration::from_secs_f64(-self.tokens / self.per_sec))
    }
}

impl Connection<'_> {
    /// Handles one inbound frame; the reply to send, if any.
    async fn frame(&mut self, frame_in: WsMessage) -> Option<WsMessage> {
        if self.touched.elapsed() >= TOUCH_EVERY.min(self.shared.config.session_ttl / 4) {
            self.touched = Instant::now();
            if let Err(e) = self.shared.store.touch(self.cx.session_id()).await {
                debug!(error = %e, "session touch failed");
            }
        }
        let frame = match &frame_in {
            WsMessage::Text(text) => FrameRef::Text(text.as_str()),
            WsMessage::Binary(bytes) => FrameRef::Binary(bytes),
            // tungstenite answers pings itself; pongs and raw frames carry nothing for us.
            WsMessage::Ping(_) | WsMessage::Pong(_) | WsMessage::Frame(_) | WsMessage::Close(_) => {
                return None;
            }
        };
        let format = self.cx.format();
        // An upload block is nearly all of its frame: read it as a slice of the frame. Binary
        // frames are BERT unless the connection speaks another binary format.
        if let WsMessage::Binary(bytes) = &frame_in
            && (!format.binary() || format.name() == "bert")
            && let Some(record) = Record::from_bert(bytes, &self.shared.config.limits)
        {
            let reply = self.dispatch(Message::Ftp(Box::new(record))).await;
            return self.answer(reply);
        }
        let reply = match format.read(frame, &self.shared.config.limits) {
            Ok(Inbound::Empty) => Ok(Reply::Nop),
            Ok(Inbound::Control(text)) => self.dispatch(Message::Text(text.to_owned())).await,
            Ok(Inbound::Term(term)) => self.dispatch(Message::Term(term)).await,
            Err(e) => Err(Refusal::Decode(e)),
        };
        self.answer(reply)
    }

    /// Handles one push from the mailbox; the frame to send, if any (a push the chain
    /// answers with a NOP sends nothing).
    async fn push(&mut self, push: Push) -> Option<WsMessage> {
        match push {
            Push::Io(io) => Some(io.frame(self.cx.format())),
            Push::Info(term) => match self.dispatch(Message::Info(term)).await {
                Ok(Reply::Nop) => None,
                reply => self.answer(reply),
            },
        }
    }

    /// The frame for an outcome: a reply in the connection's current format (none for a
    /// silent one), or the one answer to a refusal (logged here, the one place refusals are
    /// logged).
    fn answer(&mut self, reply: Result<Reply, Refusal>) -> Option<WsMessage> {
        let reply = match reply {
            Ok(reply) => reply,
            Err(refusal) => {
                limited_warn!(self.warn, page = self.cx.path(), reason = refusal.reason(),
                    error = %refusal, "refused");
                Reply::from(&refusal)
            }
        };
        reply.into_frame(self.cx.format()).map(Into::into)
    }

    /// Runs one message through the chain; a panicking protocol is reported like a page panic.
    async fn dispatch(&mut self, message: Message) -> Result<Reply, Refusal> {
        match guarded(self.shared.chain.run(message, &mut self.cx)).await {
            Ok(outcome) => outcome,
            Err(panic) => {
                tracing::error!(page = self.cx.path(), panic = %panic, "protocol panicked");
                let _ = self.cx.take_actions();
                Ok(Reply::error(format!("protocol failed: {panic}")))
            }
        }
    }

    /// The socket is gone: leave every room, and run the page's `Terminate`.
    async fn close(mut self) {
        self.shared.hub.rooms().leave_all(self.pusher.id());
        if self.cx.is_initialized()
            && let Some(page) = self.cx.page()
            && let Err(panic) = guarded(page.event(&mut self.cx, Event::Terminate)).await
        {
            crate::proto::failure_report(&self.cx, "terminate", &format!("panicked: {panic}"));
        }
    }
}

enum Sent {
    Ok,
    Kicked,
    Failed,
}

/// Sends one frame unless the connection is kicked meanwhile: a member whose client stopped
/// reading must not keep its task, and its memory, by blocking on a full socket. `kicked`
/// is the connection's one kick future, still pending.
async fn deliver<Si>(
    sink: &mut Si,
    frame: WsMessage,
    kicked: Pin<&mut impl Future<Output = ()>>,
) -> Sent
where
    Si: futures_util::Sink<WsMessage, Error = WsError> + Unpin,
{
    tokio::select! {
        biased;
        () = kicked => Sent::Kicked,
        sent = sink.send(frame) => match sent {
            Ok(()) => Sent::Ok,
            Err(e) => {
                debug!(error = %e, "send failed");
                Sent::Failed
            }
        },
    }
}

fn too_slow() -> CloseFrame {
    info!("disconnected: could not keep up with its pushes");
    close_frame(CloseCode::Again, "too slow: reconnect")
}

/// What to tell the peer when reading failed: too big and not UTF-8 get their own close codes.
fn closing_error(e: &WsError, warn: &mut WarnLimit) -> Option<CloseFrame> {
    match e {
        WsError::Capacity(c) => {
            limited_warn!(warn, error = %c, "frame over the size limit, closing");
            Some(close_frame(CloseCode::Size, "frame too large"))
        }
        WsError::Utf8(_) => {
            limited_warn!(warn, "text frame is not UTF-8, closing");
            Some(close_frame(CloseCode::Invalid, "text frame is not UTF-8"))
        }
        WsError::Protocol(p) => {
            limited_warn!(warn, error = %p, "WebSocket protocol violation, closing");
            Some(close_frame(CloseCode::Protocol, "protocol error"))
        }
        WsError::Io(io) if io.kind() == std::io::ErrorKind::OutOfMemory => {
            limited_warn!(warn, error = %io, "unfinished frames over the server's budget \
                (Config::max_unfinished_bytes), closing");
            Some(close_frame(CloseCode::Again, "server busy"))
        }
        WsError::ConnectionClosed | WsError::AlreadyClosed => None,
        other => {
            debug!(error = %other, "read failed");
            None
        }
    }
}

fn close_frame(code: CloseCode, reason: &'static str) -> CloseFrame {
    CloseFrame { code, reason: reason.into() }
}
