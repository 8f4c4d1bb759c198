//! Typed server pushes to this connection's client: `{server, T}` (the SPA protocol, see [`crate::spa`]).

use serde::Serialize;

use super::Cx;
use crate::mailbox::{Push, PushError};
use crate::pubsub::server_push;
use crate::term;

/// Why [`Cx::push_server`] sent nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PushServerError {
    /// The message does not serialize into a term (see [`term::to_term`]).
    #[error("server push: {0}")]
    Term(#[from] term::Error),
    /// There is no socket: pushes are made from events, not while rendering over HTTP.
    #[error("server push outside a connection: push from an event, not from main")]
    NoConnection,
    /// The push is larger than [`Config::max_flush_bytes`](crate::Config::max_flush_bytes).
    #[error(
        "server push of about {bytes} bytes is over the {limit}-byte limit (Config::max_flush_bytes)"
    )]
    TooLarge {
        /// About the bytes the push would take on the wire.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The connection's mailbox is full or closed.
    #[error("server push: {0}")]
    Mailbox(#[from] PushError),
}

impl Cx {
    /// Pushes the typed message `message` to this connection's client as `{server, T}`:
    /// its JavaScript gets it as a plain object (`N2O.onServer(fn)`, the `n2o:server`
    /// event; see [`crate::spa`]). It goes through the connection's mailbox, so it reaches
    /// the browser after the reply to the event being handled, and counts against the
    /// mailbox's byte budget. To push to every member of a room, see
    /// [`Rooms::push_server`](crate::pubsub::Rooms::push_server).
    ///
    /// # Errors
    /// See [`PushServerError`]; nothing is sent then.
    pub fn push_server<T: Serialize + ?Sized>(&self, message: &T) -> Result<(), PushServerError> {
        let pusher = self.pusher().ok_or(PushServerError::NoConnection)?;
        let push = server_push(message)?;
        let limit = self.hub.rooms().max_flush();
        if push.cost > limit {
            return Err(PushServerError::TooLarge { bytes: push.cost, limit });
        }
        Ok(pusher.try_send(Push::Io(push))?)
    }
}
