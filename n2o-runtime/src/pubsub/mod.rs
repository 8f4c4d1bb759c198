//! Rooms (N2O's pub/sub pools): named sets of connections that receive the same pushes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::mailbox::{ConnId, Push, Pusher, SharedIo};

/// The rooms of one server. Cheap to clone: every clone is the same registry.
#[derive(Clone, Default, Debug)]
pub struct Rooms {
    inner: Arc<Mutex<HashMap<String, HashMap<ConnId, Pusher>>>>,
}

impl Rooms {
    /// Adds the connection behind `pusher` to `room`; joining twice is joining once.
    pub fn reg(&self, room: &str, pusher: &Pusher) {
        let mut rooms = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        rooms.entry(room.to_owned()).or_default().insert(pusher.id(), pusher.clone());
    }

    /// Removes connection `id` from `room`.
    pub fn unreg(&self, room: &str, id: ConnId) {
        let mut rooms = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(members) = rooms.get_mut(room) {
            members.remove(&id);
            if members.is_empty() {
                rooms.remove(room);
            }
        }
    }

    /// Removes connection `id` from every room (its socket closed).
    pub(crate) fn leave_all(&self, id: ConnId) {
        let mut rooms = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        rooms.retain(|_, members| {
            members.remove(&id);
            !members.is_empty()
        });
    }

    /// How many connections are in `room`.
    pub fn len(&self, room: &str) -> usize {
        let rooms = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        rooms.get(room).map_or(0, HashMap::len)
    }

    /// Pushes `push` to every member of `room`; returns how many got it.
    pub(crate) fn fan_out(&self, room: &str, push: &Push) -> usize {
        let members: Vec<Pusher> = {
            let rooms = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            rooms.get(room).map(|m| m.values().cloned().collect()).unwrap_or_default()
        };
        members.iter().filter(|p| p.try_send(push.clone()).is_ok()).count()
    }

    /// Sends `eval` to every member of `room` as one `{io, Eval, <<>>}`, encoded once.
    pub fn flush(&self, room: &str, eval: String) -> usize {
        self.fan_out(room, &Push::Io(SharedIo::new(eval)))
    }
}
