//! One WebSocket connection: a task that decodes frames, runs them through the protocol
//! chain one at a time, and interleaves pushes from its bounded mailbox.

use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
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
    debug!("connected");
    let close = loop {
        let inbound = tokio::select! {
            biased;
            _ = async { let _ = stop.wait_for(|s| *s).await; } => break Some(close_frame(CloseCode::Away, "server shutting down")),
            next = tokio::time::timeout(idle, stream.next()) => next,
            _ = mailbox.kick.wait() => {
                info!("disconnected: could not keep up with its pushes");
                break Some(close_frame(CloseCode::Again, "too slow: reconnect"));
            }
            Some(push) = mailbox.rx.recv() => {
                let frame = match push {
                    Push::Io(io) => io.frame(cx.format()),
                    Push::Info(term) => match dispatch(shared, Message::Info(term), &mut cx).await {
                        Reply::Nop => continue,
                        reply => encode(reply, cx.format()),
                    },
                };
                if let Err(e) = sink.send(frame).await {
                    debug!(error = %e, "send failed");
                    break None;
                }
                continue;
            }
        };
        let frame = match inbound {
            Err(_) => {
                info!(after = ?idle, "idle connection closed");
                break Some(close_frame(CloseCode::Normal, "idle"));
            }
            Ok(None) => break None,
            Ok(Some(Err(e))) => break closing_error(&e),
            Ok(Some(Ok(frame))) => frame,
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
        if let Err(e) = sink.send(encode(reply, cx.format())).await {
            debug!(error = %e, "send failed");
            break None;
        }
    };
    if let Some(frame) = close {
        let _ = sink.send(WsMessage::Close(Some(frame))).await;
    }
    let _ = sink.close().await;
    shared.rooms.leave_all(id);
    if cx.initialized
        && let Some(page) = cx.page.clone()
        && let Err(panic) = guarded(page.event(&mut cx, Incoming::Terminate)).await
    {
        crate::proto::failure_report(&cx, "terminate", &format!("panicked: {panic}"));
    }
    debug!("disconnected");
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
