//! Frames: what a formatter writes, what a client sent, and the one conversion to a WebSocket message.

use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::term::Term;

/// One outbound WebSocket frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// A text frame.
    Text(String),
    /// A binary frame.
    Binary(Vec<u8>),
}

impl From<Frame> for WsMessage {
    /// The one way a frame becomes a WebSocket message (no copy: the buffer moves).
    fn from(frame: Frame) -> WsMessage {
        match frame {
            Frame::Text(text) => WsMessage::Text(text.into()),
            Frame::Binary(bytes) => WsMessage::Binary(bytes.into()),
        }
    }
}

/// One inbound frame's payload, borrowed from the socket's buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameRef<'a> {
    /// A text frame (UTF-8 already checked by the WebSocket layer).
    Text(&'a str),
    /// A binary frame.
    Binary(&'a [u8]),
}

/// What an inbound frame holds (see [`Format::read`](super::Format::read)).
#[derive(Clone, Debug, PartialEq)]
pub enum Inbound<'a> {
    /// An empty frame: N2O's NOP.
    Empty,
    /// A control text: `N2O,<token>`, `PING`, `FORMAT,<name>`, or an unknown one.
    Control(&'a str),
    /// A term, decoded.
    Term(Term),
}
