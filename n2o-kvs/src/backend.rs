//! The backend trait: named tables of byte keys and byte values, async, with write
//! transactions. The typed layer ([`Store`](crate::Store), [`Txn`](crate::Txn)) sits on top.
//!
//! It is shaped so that a server database fits it as well as an embedded one: every call is
//! async and owns or borrows plain bytes and strings, a transaction is an object the caller
//! drives with awaits (as a SQL `BEGIN … COMMIT`), and dropping it uncommitted rolls it back.
//! The PostgreSQL backend (`postgres` feature) maps a table to rows `(tab text, key bytea,
//! value bytea)` ordered by `key` (bytea compares byte-wise, as the key encoding needs).

use std::fmt::Debug;
use std::future::Future;
use std::ops::Bound;
use std::pin::Pin;

use crate::error::Result;

/// A boxed, sendable future: what the backend trait's methods return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A key and its value, as a backend returns them.
pub type Pair = (Vec<u8>, Vec<u8>);

/// A range of byte keys for a scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRange {
    /// The lower bound.
    pub start: Bound<Vec<u8>>,
    /// The upper bound.
    pub end: Bound<Vec<u8>>,
}

impl KeyRange {
    /// Every key.
    pub fn all() -> Self {
        KeyRange { start: Bound::Unbounded, end: Bound::Unbounded }
    }

    /// Every key that starts with `prefix`.
    pub fn prefix(prefix: &[u8]) -> Self {
        KeyRange {
            start: Bound::Included(prefix.to_vec()),
            end: match crate::key::prefix_end(prefix) {
                Some(end) => Bound::Excluded(end),
                None => Bound::Unbounded,
            },
        }
    }

    /// Whether the range can hold no key at all (start after end, or an empty half-open
    /// range). Backends return nothing for it without asking their engine, some of which
    /// panic on such ranges.
    pub fn is_empty(&self) -> bool {
        match (&self.start, &self.end) {
            (Bound::Unbounded, _) | (_, Bound::Unbounded) => false,
            (Bound::Included(s), Bound::Included(e)) => s > e,
            (Bound::Included(s), Bound::Excluded(e))
            | (Bound::Excluded(s), Bound::Included(e))
            | (Bound::Excluded(s), Bound::Excluded(e)) => s >= e,
        }
    }

    /// The bounds as borrowed slices, as `BTreeMap::range` and redb take them.
    pub fn as_slices(&self) -> (Bound<&[u8]>, Bound<&[u8]>) {
        (self.start.as_ref().map(Vec::as_slice), self.end.as_ref().map(Vec::as_slice))
    }
}

/// Which end of a range a scan starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Smallest key first.
    Forward,
    /// Largest key first.
    Reverse,
}

/// A storage engine for the store: named tables of byte keys, sorted byte-wise.
///
/// Reads outside a transaction see the last committed state. Writes happen only inside a
/// [`WriteTxn`]; the backend runs write transactions one at a time, in the order they
/// began, and a transaction's reads see its own writes.
///
/// A table that was never written reads as empty. Table names are the typed layer's (for
/// example `t:rooms`, `i:rooms:code`, `f:messages`, `m`); a backend treats them as opaque.
pub trait Backend: Debug + Send + Sync + 'static {
    /// The value at `key` in `table`.
    fn get<'a>(&'a self, table: &'a str, key: &'a [u8]) -> BoxFuture<'a, Result<Option<Vec<u8>>>>;

    /// The values at each of `keys` in `table`, in one snapshot, in the same order.
    fn get_many<'a>(
        &'a self,
        table: &'a str,
        keys: Vec<Vec<u8>>,
    ) -> BoxFuture<'a, Result<Vec<Option<Vec<u8>>>>>;

    /// Up to `limit` pairs of `table` whose keys lie in `range`, in `direction` order.
    fn scan<'a>(
        &'a self,
        table: &'a str,
        range: KeyRange,
        direction: Direction,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<Pair>>>;

    /// Begins a write transaction, waiting (without blocking a thread) while another one is
    /// open.
    fn begin(&self) -> BoxFuture<'_, Result<Box<dyn WriteTxn>>>;

    /// Finishes pending work and releases the storage (the data file's lock). Later calls
    /// fail with [`Error::Closed`](crate::Error::Closed).
    fn close(&self) -> BoxFuture<'_, Result<()>>;
}

/// An open write transaction. Its writes are seen by others only after
/// [`commit`](WriteTxn::commit) returns `Ok`, all together; dropping it uncommitted (or an
/// error from `commit`) leaves the store as it was.
pub trait WriteTxn: Send {
    /// The value at `key` in `table`, this transaction's writes included.
    fn get<'a>(
        &'a mut self,
        table: &'a str,
        key: &'a [u8],
    ) -> BoxFuture<'a, Result<Option<Vec<u8>>>>;

    /// Up to `limit` pairs in `range`, this transaction's writes included.
    fn scan<'a>(
        &'a mut self,
        table: &'a str,
        range: KeyRange,
        direction: Direction,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<Pair>>>;

    /// Sets `key` in `table` to `value`.
    fn put<'a>(
        &'a mut self,
        table: &'a str,
        key: Vec<u8>,
        value: Vec<u8>,
    ) -> BoxFuture<'a, Result<()>>;

    /// Removes `key` from `table`; whether it was there.
    fn delete<'a>(&'a mut self, table: &'a str, key: Vec<u8>) -> BoxFuture<'a, Result<bool>>;

    /// Makes every write of the transaction durable and visible, atomically. When it returns
    /// `Ok` the writes survive a crash of the process (and, for a disk backend, of the
    /// machine).
    fn commit(self: Box<Self>) -> BoxFuture<'static, Result<()>>;
}
