//! The hub of one server: its rooms and its named tasks, shared by every connection, task and the server.

use crate::pubsub::Rooms;
use crate::task::Tasks;

/// A server's rooms and named tasks. Cheap to clone: every clone is the same hub.
///
/// ```
/// use n2o_runtime::hub::Hub;
///
/// let hub = Hub::new();
/// assert_eq!(hub.rooms().len("lobby"), 0);
/// assert!(hub.tasks().names().is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct Hub {
    rooms: Rooms,
    tasks: Tasks,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}

impl Hub {
    /// An empty hub: no rooms, no tasks. A server makes one; make your own in tests.
    pub fn new() -> Hub {
        Hub::with_rooms(Rooms::new())
    }

    /// A hub around `rooms`, and tasks that publish to them.
    pub fn with_rooms(rooms: Rooms) -> Hub {
        Hub { tasks: Tasks::new(rooms.clone()), rooms }
    }

    /// The rooms (N2O's gproc pools).
    pub fn rooms(&self) -> &Rooms {
        &self.rooms
    }

    /// The named tasks (N2O's `wf:async`).
    pub fn tasks(&self) -> &Tasks {
        &self.tasks
    }
}
