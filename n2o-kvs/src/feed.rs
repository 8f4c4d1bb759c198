//! Feeds: append-only ordered lists of entries (a chat history, a comment thread), read newest
//! first in pages with a cursor.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A family of feeds of entries `E`, one feed per key `K` (for example the messages of each
/// room, `Feed<Message, String>` keyed by the room's code).
///
/// Declare it as a `const`; the name is the feed family's table and must stay stable across
/// versions of the program. Entries are appended with [`Store::append`](crate::Store::append)
/// or [`Txn::append`](crate::Txn::append) and read with
/// [`Store::newest`](crate::Store::newest), [`Store::older`](crate::Store::older) and
/// [`Store::newer`](crate::Store::newer).
pub struct Feed<E, K> {
    name: &'static str,
    _types: PhantomData<fn() -> (E, K)>,
}

impl<E, K> Feed<E, K> {
    /// A feed family named `name`.
    pub const fn new(name: &'static str) -> Self {
        Feed { name, _types: PhantomData }
    }

    /// The feed family's name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl<E, K> fmt::Debug for Feed<E, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Feed").field(&self.name).finish()
    }
}

/// An entry's position in its feed: 1 for the first entry appended, then 2, 3, …, in the
/// order the appends committed. Never reused.
///
/// It prints and parses as its number, so it can travel in a URL (`?before=120`) or a
/// postback; a cursor from a client is only a bound for a range read, never trusted further.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cursor(pub u64);

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Cursor {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Cursor)
    }
}

/// One entry of a feed, with its cursor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry<E> {
    /// Where the entry is in its feed.
    pub cursor: Cursor,
    /// The entry.
    pub value: E,
}

/// A page of a feed: entries oldest first, as a history is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<E> {
    /// The entries, in the order they were appended.
    pub entries: Vec<Entry<E>>,
    /// For [`Store::older`](crate::Store::older) to load the page before this one; `None`
    /// when nothing older exists (for [`Store::newer`](crate::Store::newer)'s pages: the
    /// cursor to pass to it for the entries after this page, `None` at the end of the feed).
    pub next: Option<Cursor>,
}

impl<E> Page<E> {
    /// The entries' values, oldest first.
    pub fn values(self) -> impl Iterator<Item = E> {
        self.entries.into_iter().map(|e| e.value)
    }
}
