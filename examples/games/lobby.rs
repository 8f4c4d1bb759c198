//! The lobby: the open tables as every page lists them live, and which session sits where.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use n2o::pubsub::Rooms;

use super::protocol::{Listing, Said};

/// The room every page joins to see the tables.
pub(crate) const ROOM: &str = "lobby";

/// Shared by the page and every table task; cheap to clone. It publishes to the rooms it is
/// handed: a server makes its rooms when it starts, after the app was built.
#[derive(Clone, Default)]
pub(crate) struct Lobby(Arc<Inner>);

#[derive(Default)]
struct Inner {
    next: AtomicU32,
    tables: Mutex<BTreeMap<u32, Listing>>,
    /// Session id → the table where it holds a seat: what puts a reloaded page back.
    seats: Mutex<HashMap<String, u32>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Each critical section is one insert, remove or read: a panic leaves nothing half-done.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Lobby {
    /// A fresh table id.
    pub(crate) fn next_id(&self) -> u32 {
        self.0.next.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Every listed table, by id.
    pub(crate) fn tables(&self) -> Vec<Listing> {
        lock(&self.0.tables).values().cloned().collect()
    }

    /// Lists `listing` (or updates it) and tells every page in `rooms`, if it changed.
    pub(crate) fn set(&self, rooms: &Rooms, listing: Listing) {
        let mut tables = lock(&self.0.tables);
        if tables.insert(listing.table, listing.clone()) != Some(listing) {
            Self::publish(rooms, &tables);
        }
    }

    /// Takes `table` off the list and frees its seats.
    pub(crate) fn remove(&self, rooms: &Rooms, table: u32) {
        lock(&self.0.seats).retain(|_, t| *t != table);
        let mut tables = lock(&self.0.tables);
        if tables.remove(&table).is_some() {
            Self::publish(rooms, &tables);
        }
    }

    /// The table where session `sid` holds a seat.
    pub(crate) fn seat_of(&self, sid: &str) -> Option<u32> {
        lock(&self.0.seats).get(sid).copied()
    }

    /// Records that `sid` sits at `table`; false when it sits at another table already.
    pub(crate) fn take_seat(&self, sid: &str, table: u32) -> bool {
        let mut seats = lock(&self.0.seats);
        match seats.get(sid) {
            Some(&t) => t == table,
            None => {
                seats.insert(sid.to_owned(), table);
                true
            }
        }
    }

    /// `sid` no longer sits at `table`.
    pub(crate) fn free_seat(&self, sid: &str, table: u32) {
        let mut seats = lock(&self.0.seats);
        if seats.get(sid) == Some(&table) {
            seats.remove(sid);
        }
    }

    /// Pushes the list to every page; called with the list locked, so two tables changing
    /// at once cannot push their lists in the wrong order.
    fn publish(rooms: &Rooms, tables: &BTreeMap<u32, Listing>) {
        let tables = tables.values().cloned().collect();
        let _ = rooms.push_server(ROOM, &Said::Lobby { tables });
    }
}
