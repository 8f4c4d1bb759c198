//! One WebSocket connection: a task that decodes frames, runs them through the protocol
//! chain one at a time, and interleaves pushes from its bounded mailbox.

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
use crate::format::{DecodeError, Format, Frame, bert, json};
use crate::mailbox::{Push, Pusher};
use crate::page::{DynPage, Incoming, guarded};
use crate::proto::{Message, Reply};

pub(crate) async fn run<S>(
    ws: WebSocketStream<S>,
    shared: &Arc<Shared>,
    page: Arc<dyn DynPage>,
    parts: CxParts,
    stale_session: bool,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (pusher, mut mailbox) = Pusher::channel(shared.config.mailbox);
    let id = pusher.id();
    let mut cx = Cx::new(parts).with_connection(page, pusher, shared.rooms.clone());
    cx.stale_session = stale_session;
    let (mut sink, mut stream) = ws.split();
    let mut stop = shared.stop.clone();
    let idle = shared.config.idle_timeout;
    let limits = shared.config.limits;
    // Made once and polled in place for the connection's life: made anew for every frame,
    // they registered and unregistered two waiters and a timer each time.
    let mut stopping = pin!(async move {
        let _ = stop.wait_for(|s| *s).await;
    });
    let mut kicked = pin!(mailbox.kick.wait());
    // Activity only records the time; the timer is pushed back when it fires early.
    let mut idle_timer = pin!(tokio::time::sleep(idle));
    let mut active = Instant::now();
    debug!("connected");
    let close = loop {
        let inbound = tokio::select! {
            biased;
            () = &mut stopping => {
                break Some(close_frame(CloseCode::Away, "server shutting down"));
            }
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
            next = stream.next() => next,
            Some(push) = mailbox.rx.recv() => {
                active = Instant::now();
                let frame = match push {
                    Push::Io(io) => io.frame(cx.format()),
                    Push::Info(term) => match dispatch(shared, Message::Info(term), &mut cx).await {
                        Reply::Nop => continue,
                        reply => encode(reply, cx.format()),
                    },
                };
                match deliver(&mut sink, frame, kicked.as_mut()).await {
                    Sent::Ok => continue,
                    Sent::Kicked => break Some(too_slow()),
                    Sent::Failed => break None,
                }
            }
        };
        active = Instant::now();
        let frame = match inbound {
            None => break None,
            Some(Err(e)) => break closing_error(&e),
            Some(Ok(frame)) => frame,
        };
        let message = match frame {
            WsMessage::Text(text) => text_message(text.as_str(), &limits),
            WsMessage::Binary(bytes) => binary_message(&bytes, &limits),
            WsMessage::Close(_) => break None,
            // tungstenite answers pings itself; pongs and raw frames carry nothing for us.
            WsMessage::Ping(_) | WsMessage::Pong(_) | WsMessage::Frame(_) => continue,
        };
        let reply = match message {
            Ok(None) => Reply::Nop,
            Ok(Some(message)) => dispatch(shared, message, &mut cx).await,
            Err(e) => {
                warn!(error = %e, "undecodable frame");
                Reply::error(e.to_string())
            }
        };
        match deliver(&mut sink, encode(reply, cx.format()), kicked.as_mut()).await {
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
    shared.rooms.leave_all(id);
    if cx.initialized
        && let Some(page) = cx.page.clone()
        && let Err(panic) = guarded(page.event(&mut cx, Incoming::Terminate)).await
    {
        crate::proto::failure_report(&cx, "terminate", &format!("panicked: {panic}"));
    }
    debug!("disconnected");
}

/// How long a closing connection waits for its close frame to go out.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

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

/// Runs one message through the chain; a panicking protocol is reported like a page panic.
async fn dispatch(shared: &Shared, message: Message, cx: &mut Cx) -> Reply {
    match guarded(shared.chain.run(message, cx)).await {
        Ok(reply) => reply,
        Err(panic) => {
            tracing::error!(page = cx.path(), panic = %panic, "protocol panicked");
            let _ = cx.take_actions();
            Reply::error(format!("protocol failed: {panic}"))
        }
    }
}

/// Text is JSON when it looks like a JSON term, control text (`N2O,`, `PING`) otherwise.
/// An empty frame is a NOP, as in N2O.
fn text_message(
    text: &str,
    limits: &crate::format::Limits,
) -> Result<Option<Message>, DecodeError> {
    if text.is_empty() {
        return Ok(None);
    }
    if text.starts_with('{') || text.starts_with('[') {
        return json::decode(text, limits).map(|t| Some(Message::Term(t)));
    }
    Ok(Some(Message::Text(text.to_owned())))
}

fn binary_message(
    bytes: &[u8],
    limits: &crate::format::Limits,
) -> Result<Option<Message>, DecodeError> {
    // The decoder names a wrong first byte itself ("not BERT: ..."), so no check here.
    if bytes.is_empty() {
        return Ok(None);
    }
    bert::decode(bytes, limits).map(|t| Some(Message::Term(t)))
}

fn encode(reply: Reply, format: Format) -> WsMessage {
    match reply {
        Reply::Term(term) => match format.encode(&term) {
            Frame::Binary(bytes) => WsMessage::Binary(bytes.into()),
            Frame::Text(text) => WsMessage::Text(text.into()),
        },
        Reply::Text(text) => WsMessage::Text(text.into()),
        Reply::Nop => match format {
            Format::Bert => WsMessage::Binary(Default::default()),
            Format::Json => WsMessage::Text(Default::default()),
        },
    }
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
