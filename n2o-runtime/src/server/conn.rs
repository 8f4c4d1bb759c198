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
use tracing::{debug, info, warn};

use super::Shared;
use crate::cx::{Cx, CxParts};
use crate::format::{FrameRef, Inbound};
use crate::guard::guarded;
use crate::mailbox::{Mailbox, Push, Pusher};
use crate::page::{DynPage, Event};
use crate::proto::{Message, Reply};
use crate::refusal::Refusal;

/// Serves one upgraded socket until it closes. `parts` is the context without its
/// connection; the page and a fresh mailbox are added here.
pub(crate) async fn run<S>(
    ws: WebSocketStream<S>,
    shared: &Arc<Shared>,
    page: Arc<dyn DynPage>,
    mut parts: CxParts,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (pusher, mailbox) = Pusher::channel(shared.config.mailbox);
    parts.connection = Some((page, pusher.clone()));
    let mut conn = Connection { shared, cx: Cx::new(parts), pusher };
    let (mut sink, mut stream) = ws.split();
    let mut stop = shared.stop.clone();
    let idle = shared.config.idle_timeout;
    // Made once and polled in place for the connection's life: made anew for every frame,
    // they registered and unregistered two waiters and a timer each time.
    let mut stopping = pin!(async move {
        let _ = stop.wait_for(|s| *s).await;
    });
    let Mailbox { rx: mut pushes, kick } = mailbox;
    let mut kicked = pin!(kick.wait());
    // Activity only records the time; the timer is pushed back when it fires early.
    let mut idle_timer = pin!(tokio::time::sleep(idle));
    let mut active = Instant::now();
    debug!("connected");
    let close = loop {
        let next = tokio::select! {
            biased;
            () = &mut stopping => break Some(close_frame(CloseCode::Away, "server shutting down")),
            // Before inbound frames: under `biased`, a client that keeps sending would
            // otherwise never let its kick through.
            () = &mut kicked => break Some(too_slow()),
            () = &mut idle_timer => {
                let due = active + idle;
                if Instant::now() < due {
                    idle_timer.as_mut().reset(due);
                    continue;
                }
                info!(after = ?idle, "idle connection closed");
                break Some(close_frame(CloseCode::Normal, "idle"));
            }
            inbound = stream.next() => match inbound {
                None => break None,
                Some(Err(e)) => break closing_error(&e),
                Some(Ok(WsMessage::Close(_))) => break None,
                Some(Ok(frame)) => conn.frame(frame).await,
            },
            Some(push) = pushes.recv() => conn.push(push).await,
        };
        active = Instant::now();
        let Some(frame) = next else { continue };
        match deliver(&mut sink, frame, kicked.as_mut()).await {
            Sent::Ok => {}
            Sent::Kicked => break Some(too_slow()),
            Sent::Failed => break None,
        }
    };
    // A peer that stopped reading cannot take a close frame either: give it a second.
    let goodbye = async {
        if let Some(frame) = close {
            let _ = sink.send(WsMessage::Close(Some(frame))).await;
        }
        let _ = sink.close().await;
    };
    let _ = tokio::time::timeout(CLOSE_GRACE, goodbye).await;
    conn.close().await;
    debug!("disconnected");
}

/// How long a closing connection waits for its close frame to go out.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// The state one socket's task owns: its context and its mailbox's address.
struct Connection<'s> {
    shared: &'s Arc<Shared>,
    cx: Cx,
    pusher: Pusher,
}

impl Connection<'_> {
    /// Handles one inbound frame; the reply to send, if any.
    async fn frame(&mut self, frame: WsMessage) -> Option<WsMessage> {
        let frame = match &frame {
            WsMessage::Text(text) => FrameRef::Text(text.as_str()),
            WsMessage::Binary(bytes) => FrameRef::Binary(bytes),
            // tungstenite answers pings itself; pongs and raw frames carry nothing for us.
            WsMessage::Ping(_) | WsMessage::Pong(_) | WsMessage::Frame(_) | WsMessage::Close(_) => {
                return None;
            }
        };
        let format = self.cx.format();
        let reply = match format.read(frame, &self.shared.config.limits) {
            Ok(Inbound::Empty) => Ok(Reply::Nop),
            Ok(Inbound::Control(text)) => self.dispatch(Message::Text(text.to_owned())).await,
            Ok(Inbound::Term(term)) => self.dispatch(Message::Term(term)).await,
            Err(e) => Err(Refusal::Decode(e)),
        };
        Some(self.answer(reply))
    }

    /// Handles one push from the mailbox; the frame to send, if any (a push the chain
    /// answers with a NOP sends nothing).
    async fn push(&mut self, push: Push) -> Option<WsMessage> {
        match push {
            Push::Io(io) => Some(io.frame(self.cx.format())),
            Push::Info(term) => match self.dispatch(Message::Info(term)).await {
                Ok(Reply::Nop) => None,
                reply => Some(self.answer(reply)),
            },
        }
    }

    /// The frame for an outcome: a reply in the connection's current format, or the one
    /// answer to a refusal (logged here, the one place refusals are logged).
    fn answer(&self, reply: Result<Reply, Refusal>) -> WsMessage {
        let reply = reply.unwrap_or_else(|refusal| {
            warn!(page = self.cx.path(), reason = refusal.reason(), error = %refusal, "refused");
            Reply::from(&refusal)
        });
        reply.into_frame(self.cx.format()).into()
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
fn closing_error(e: &WsError) -> Option<CloseFrame> {
    match e {
        WsError::Capacity(c) => {
            warn!(error = %c, "frame over the size limit, closing");
            Some(close_frame(CloseCode::Size, "frame too large"))
        }
        WsError::Utf8(_) => {
            warn!("text frame is not UTF-8, closing");
            Some(close_frame(CloseCode::Invalid, "text frame is not UTF-8"))
        }
        WsError::Protocol(p) => {
            warn!(error = %p, "WebSocket protocol violation, closing");
            Some(close_frame(CloseCode::Protocol, "protocol error"))
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
