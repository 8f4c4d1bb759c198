//! The rooms part of [`Cx`]: N2O's `wf:reg`, `wf:unreg`, `wf:send` and `wf:flush(Room)`.

use serde::Serialize;
use tracing::warn;

use super::Cx;
use crate::pubsub::Rooms;
use crate::term;

impl Cx {
    /// Joins this connection to `room` (N2O's `wf:reg`); joining twice is joining once.
    /// The connection leaves every room when its socket closes.
    ///
    /// Does nothing while rendering over HTTP, where there is no connection yet: join in
    /// `Event::Init`.
    pub fn reg(&self, room: &str) {
        match self.pusher() {
            Some(pusher) => {
                self.hub.rooms().reg(room, &pusher);
            }
            None => warn!(room, "reg outside a connection ignored: join rooms in Event::Init"),
        }
    }

    /// Takes this connection out of `room` (N2O's `wf:unreg`).
    pub fn unreg(&self, room: &str) {
        if let Some(pusher) = self.pusher() {
            self.hub.rooms().unreg(room, pusher.id());
        }
    }

    /// Sends `message` to every member of `room`, this connection included. A member page
    /// that declared its message type ([`Listen`](crate::listen::Listen)) gets it decoded
    /// into that type (or refuses it, logged); any other gets `Event::Message(term)`.
    /// Returns how many members got it.
    ///
    /// # Errors
    /// When `message` does not serialize into a term (see [`term::to_term`]).
    pub fn send<T: Serialize + ?Sized>(
        &self,
        room: &str,
        message: &T,
    ) -> Result<usize, term::Error> {
        self.hub.rooms().send(room, message)
    }

    /// Takes the actions queued so far and sends them to every member of `room`, this
    /// connection included (N2O's `wf:flush(Room)`): rendered once, encoded at most once
    /// per formatter, the same bytes for everyone. Returns how many members got it; with
    /// nothing queued, nothing is sent.
    ///
    /// The actions leave this connection's reply: the sender sees them when the flush
    /// reaches it, like every other member. Postbacks rendered into them (a todo's delete
    /// button) are sealed to the room: any member's click on them works, for as long as it
    /// is a member; nobody else's does. When each member's view differs, send a message
    /// instead ([`Cx::send`]): every member's page gets `Event::Message` and renders in its
    /// own session.
    pub fn flush(&mut self, room: &str) -> usize {
        let eval = self.take_actions_for(room);
        if eval.is_empty() {
            return 0;
        }
        self.hub.rooms().flush(room, eval)
    }

    /// This server's rooms, to publish from a task or hand to code outside the connection.
    pub fn rooms(&self) -> Rooms {
        self.hub.rooms().clone()
    }
}
