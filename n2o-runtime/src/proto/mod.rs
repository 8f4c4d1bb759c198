//! The protocol chain: each protocol claims a message or passes it on (N2O's `n2o_proto`).

mod event;
mod ftp;
mod n2o;
mod nitro;

use std::future::Future;
use std::sync::Arc;

use crate::cx::Cx;
use crate::format::Format;
use crate::guard::BoxFuture;
use crate::refusal::Refusal;
use crate::term::Term;

pub(crate) use event::{failure_report, run_client, run_event};
pub(crate) use ftp::Ftp;
pub(crate) use n2o::N2o;
pub(crate) use nitro::Nitro;

/// One message entering the chain.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Message {
    /// A control text frame from the browser: `N2O,<token>`, `PING`, `FORMAT,<name>`.
    Text(String),
    /// A term the browser sent, decoded from BERT or JSON.
    Term(Term),
    /// A term pushed into the connection from the server side (see [`crate::mailbox::Pusher`]).
    Info(Term),
    /// An FTP record from a binary BERT frame, read without copying its block out of the
    /// frame (see [`crate::ftp`]); any other frame comes as [`Message::Term`].
    Ftp(Box<crate::ftp::Record>),
}

/// A protocol's answer to one message.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Flow {
    /// The message is this protocol's: send this reply and stop.
    Reply(Reply),
    /// Not this protocol's: hand the message to the next one.
    Pass(Message),
    /// The message is this protocol's, and it is refused: the connection logs why and
    /// answers `{io, <<>>, {error, Why}}`.
    Refuse(Refusal),
}

/// What goes back to the browser for one message.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A term, encoded with the connection's current formatter.
    Term(Term),
    /// A text frame sent as it is (`PONG`).
    Text(String),
    /// The empty acknowledgement: claimed, nothing to say. Never sent for pushes.
    Nop,
    /// Claimed, and no frame goes back at all: an SPA client message whose handler queued
    /// no actions (its pushes, if any, are its answer; see [`crate::spa`]).
    Silent,
}

impl Reply {
    /// `{io, Eval, Data}`: JavaScript for the browser to run, and data for its `$io` hook.
    pub fn io(eval: impl Into<String>, data: Term) -> Reply {
        Reply::Term(Term::io(eval, data))
    }

    /// `{io, <<>>, {error, <<message>>}}`: the browser logs `message` to its console.
    pub fn error(message: impl Into<String>) -> Reply {
        Reply::io(String::new(), Term::error_data(message))
    }

    /// The frame carrying this reply in `format`; none for [`Reply::Silent`].
    pub(crate) fn into_frame(self, format: Format) -> Option<crate::format::Frame> {
        Some(match self {
            Reply::Term(term) => format.encode(&term),
            Reply::Text(text) => crate::format::Frame::Text(text),
            Reply::Nop => format.nop(),
            Reply::Silent => return None,
        })
    }
}

impl From<&Refusal> for Reply {
    /// The one answer to a refused frame: `{io, <<>>, {error, <<Why>>}}` (an FTP frame's is
    /// its record, see [`Refusal::Upload`]; an invalid value's `Eval` shows the message at
    /// the field, see [`Refusal::Invalid`]).
    fn from(refusal: &Refusal) -> Reply {
        match refusal {
            Refusal::Upload { reply, .. } => Reply::Term((**reply).clone()),
            // The message at the field, as the browser's own check shows it.
            Refusal::Invalid { field, message, .. } => Reply::io(
                crate::element::check::refused_js(field, message),
                Term::error_data(refusal.to_string()),
            ),
            other => Reply::error(other.to_string()),
        }
    }
}

/// A link of the protocol chain. Claim a message with [`Flow::Reply`], pass it on with
/// [`Flow::Pass`]. Write `info` as an `async fn`.
///
/// ```
/// use n2o_runtime::proto::{Flow, Message, Protocol, Reply};
/// use n2o_runtime::{cx::Cx, Term};
///
/// /// Answers `{echo, X}` with `{echo, X}`.
/// struct Echo;
///
/// impl Protocol for Echo {
///     async fn info(&self, message: Message, _cx: &mut Cx) -> Flow {
///         match message {
///             Message::Term(t) if t.is_tagged("echo", 2) => Flow::Reply(Reply::Term(t)),
///             other => Flow::Pass(other),
///         }
///     }
/// }
/// ```
pub trait Protocol: Send + Sync + 'static {
    /// Claims `message` or passes it on.
    fn info(&self, message: Message, cx: &mut Cx) -> impl Future<Output = Flow> + Send;
}

pub(crate) trait DynProtocol: Send + Sync {
    fn info<'a>(&'a self, message: Message, cx: &'a mut Cx) -> BoxFuture<'a, Flow>;
}

impl<P: Protocol> DynProtocol for P {
    fn info<'a>(&'a self, message: Message, cx: &'a mut Cx) -> BoxFuture<'a, Flow> {
        Box::pin(Protocol::info(self, message, cx))
    }
}

/// The protocols of a server, in order.
#[derive(Clone)]
pub(crate) struct Chain(Arc<[Arc<dyn DynProtocol>]>);

impl Chain {
    pub(crate) fn new(protocols: Vec<Arc<dyn DynProtocol>>) -> Self {
        Chain(protocols.into())
    }

    /// Runs `message` through the chain; unclaimed messages get a NOP.
    pub(crate) async fn run(&self, mut message: Message, cx: &mut Cx) -> Result<Reply, Refusal> {
        for protocol in self.0.iter() {
            match protocol.info(message, cx).await {
                Flow::Reply(reply) => return Ok(reply),
                Flow::Pass(m) => message = m,
                Flow::Refuse(refusal) => return Err(refusal),
            }
        }
        Ok(Reply::Nop)
    }
}
