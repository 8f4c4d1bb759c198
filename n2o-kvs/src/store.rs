//! The store: a cheap, cloneable handle to a backend with typed reads and one-step writes.

use std::borrow::Borrow;
use std::fmt;
use std::ops::{Bound, RangeBounds};
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::backend::{Backend, Direction, KeyRange, Pair};
use crate::codec;
use crate::error::{Error, Result};
use crate::feed::{Cursor, Entry, Feed, Page};
use crate::key::Key;
use crate::layout;
use crate::limits::Limits;
use crate::memory::Memory;
#[cfg(feature = "postgres")]
use crate::postgres::Postgres;
use crate::record::{Index, Record};
use crate::redb_backend::Redb;
use crate::txn::{Txn, decode_all};

/// A handle to a store. Clones share it; it is closed when the last clone is dropped (or
/// by [`close`](Store::close)).
///
/// Every method is async and never blocks an async worker: with the redb backend, reads run
/// on tokio's blocking pool and writes on the store's writer thread, so the methods need a
/// tokio runtime. Each write method here is one transaction, durable when it returns `Ok`;
/// [`begin`](Store::begin) groups several.
#[derive(Clone)]
pub struct Store {
    backend: Arc<dyn Backend>,
    limits: Limits,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .field("limits", &self.limits)
            .finish()
    }
}

impl Store {
    /// Opens (or creates) the redb data file at `path`. Its directory must exist.
    ///
    /// Fails with [`Error::Locked`] when another store holds the file (in this process or
    /// another), [`Error::Corrupt`] when it is not a readable database (it is never replaced
    /// by an empty one), [`Error::Open`] when it cannot be opened. Each names the file.
    ///
    /// Blocks while the file's header is read (and, after a crash, while redb repairs it):
    /// call it before serving, or inside `spawn_blocking`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Ok(Store::with_backend(Redb::open(path)?))
    }

    /// Connects to the PostgreSQL database at `url` (`postgres://user:password@host/db`),
    /// creating the store's table there if it is missing. Several stores (on several
    /// machines) may share one database: their write transactions take turns, so unique
    /// indexes, `next_id` and feed cursors hold across all of them. See [`Postgres`].
    ///
    /// Fails with [`Error::Connect`] naming the server (never the password) when the URL is
    /// not valid or the database cannot be reached.
    #[cfg(feature = "postgres")]
    pub async fn postgres(url: &str) -> Result<Store> {
        Ok(Store::with_backend(Postgres::connect(url).await?))
    }

    /// An empty store in memory, for tests: same behaviour, nothing kept after the process.
    pub fn memory() -> Store {
        Store::with_backend(Memory::new())
    }

    /// A store on any [`Backend`].
    pub fn with_backend(backend: impl Backend) -> Store {
        Store { backend: Arc::new(backend), limits: Limits::default() }
    }

    /// The same store with other size limits (for this handle and its clones).
    pub fn with_limits(mut self, limits: Limits) -> Store {
        self.limits = limits;
        self
    }

    /// The size limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The backend, for byte-level access.
    pub fn backend(&self) -> &dyn Backend {
        &*self.backend
    }

    /// Begins a write transaction, waiting for the one that is open (without blocking).
    pub async fn begin(&self) -> Result<Txn> {
        Ok(Txn::new(self.backend.begin().await?, self.limits))
    }

    /// Releases the store's storage (for redb: waits for the open transaction, closes the
    /// file and frees its lock, so it can be opened again). Later calls on any clone fail
    /// with [`Error::Closed`].
    pub async fn close(&self) -> Result<()> {
        self.backend.close().await
    }

    /// The record of `R` at `key`.
    ///
    /// A stored record that no longer deserialises into `R` is an [`Error::Decode`] naming
    /// the table and key.
    pub async fn get<R, Q>(&self, key: &Q) -> Result<Option<R>>
    where
        R: Record,
        R::Key: Borrow<Q>,
        Q: Key + ?Sized,
    {
        let pk = codec::key(key, &self.limits, R::TABLE)?;
        let bytes = self.backend.get(&layout::records(R::TABLE), &pk).await?;
        bytes.map(|b| codec::decode(&b, R::TABLE, || format!("{key:?}"))).transpose()
    }

    /// Stores `record` under its key (replacing any record there) and updates its indexes.
    pub async fn put<R: Record>(&self, record: &R) -> Result<()> {
        let mut t = self.begin().await?;
        t.put(record).await?;
        t.commit().await
    }

    /// Stores `record` only if no record has its key; whether it did.
    pub async fn insert<R: Record>(&self, record: &R) -> Result<bool> {
        let mut t = self.begin().await?;
        let out = t.insert(record).await?;
        t.commit().await?;
        Ok(out)
    }

    /// Deletes the record of `R` at `key` with its index entries; whether it was there.
    pub async fn delete<R, Q>(&self, key: &Q) -> Result<bool>
    where
        R: Record,
        R::Key: Borrow<Q>,
        Q: Key + ?Sized,
    {
        let mut t = self.begin().await?;
        let out = t.delete::<R, Q>(key).await?;
        t.commit().await?;
        Ok(out)
    }

    /// The next id of `R`'s table: 1, 2, 3, …, never the same twice, also across restarts.
    pub async fn next_id<R: Record>(&self) -> Result<u64> {
        let mut t = self.begin().await?;
        let out = t.next_id::<R>().await?;
        t.commit().await?;
        Ok(out)
    }

    /// Up to `limit` records of `R` with keys in `range`, smallest key first.
    ///
    /// To page, start the next call after the last record's key:
    ///
    /// ```
    /// # use n2o_kvs::{Record, Store};
    /// # use serde::{Deserialize, Serialize};
    /// # #[derive(Serialize, Deserialize)]
    /// # struct Item { id: u64 }
    /// # impl Record for Item {
    /// #     const TABLE: &'static str = "items";
    /// #     type Key = u64;
    /// #     fn key(&self) -> u64 { self.id }
    /// # }
    /// use std::ops::Bound;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> n2o_kvs::Result<()> {
    /// let store = Store::memory();
    /// for id in 1..=25 {
    ///     store.put(&Item { id }).await?;
    /// }
    /// let first = store.scan::<Item>(.., 10).await?;
    /// let last_key = first.last().unwrap().key();
    /// let second = store.scan::<Item>((Bound::Excluded(last_key), Bound::Unbounded), 10).await?;
    /// assert_eq!(second[0].id, 11);
    /// let tail = store.scan::<Item>(21.., 10).await?;
    /// assert_eq!(tail.len(), 5);
    /// # Ok(()) }
    /// ```
    pub async fn scan<R: Record>(
        &self,
        range: impl RangeBounds<R::Key>,
        limit: usize,
    ) -> Result<Vec<R>> {
        self.scan_in(range, Direction::Forward, limit).await
    }

    /// Up to `limit` records of `R` with keys in `range`, largest key first.
    pub async fn scan_rev<R: Record>(
        &self,
        range: impl RangeBounds<R::Key>,
        limit: usize,
    ) -> Result<Vec<R>> {
        self.scan_in(range, Direction::Reverse, limit).await
    }

    async fn scan_in<R: Record>(
        &self,
        range: impl RangeBounds<R::Key>,
        direction: Direction,
        limit: usize,
    ) -> Result<Vec<R>> {
        let encode = |b: Bound<&R::Key>| b.map(|k| k.to_bytes());
        let range = KeyRange { start: encode(range.start_bound()), end: encode(range.end_bound()) };
        let pairs = self.scan_raw(&layout::records(R::TABLE), range, direction, limit).await?;
        decode_all(pairs, R::TABLE)
    }

    async fn scan_raw(
        &self,
        table: &str,
        range: KeyRange,
        direction: Direction,
        limit: usize,
    ) -> Result<Vec<Pair>> {
        let limit = limit.min(self.limits.max_scan);
        self.backend.scan(table, range, direction, limit).await
    }

    /// Up to `limit` records of `R` whose `index` key is `key`, in primary-key order.
    ///
    /// ```
    /// # use n2o_kvs::{AnyIndex, Index, Record, Store};
    /// # use serde::{Deserialize, Serialize};
    /// #[derive(Serialize, Deserialize)]
    /// struct Post { id: u64, author: String }
    ///
    /// impl Post {
    ///     const BY_AUTHOR: Index<Post, String> = Index::new("author", |p| p.author.clone());
    /// }
    /// impl Record for Post {
    ///     const TABLE: &'static str = "posts";
    ///     type Key = u64;
    ///     fn key(&self) -> u64 { self.id }
    ///     const INDEXES: &'static [&'static dyn AnyIndex<Self>] = &[&Self::BY_AUTHOR];
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> n2o_kvs::Result<()> {
    /// let store = Store::memory();
    /// for (id, author) in [(1, "ann"), (2, "bob"), (3, "ann")] {
    ///     store.put(&Post { id, author: author.into() }).await?;
    /// }
    /// let ann: Vec<u64> = store.find(&Post::BY_AUTHOR, "ann", 100).await?.iter().map(|p| p.id).collect();
    /// assert_eq!(ann, [1, 3]);
    /// store.put(&Post { id: 3, author: "bob".into() }).await?; // the index follows
    /// assert_eq!(store.find(&Post::BY_AUTHOR, "ann", 100).await?.len(), 1);
    /// # Ok(()) }
    /// ```
    pub async fn find<R, K, Q>(&self, index: &Index<R, K>, key: &Q, limit: usize) -> Result<Vec<R>>
    where
        R: Record,
        K: Key + Borrow<Q>,
        Q: Key + ?Sized,
    {
        let itable = layout::index(R::TABLE, index.name());
        let ik = codec::key(key, &self.limits, &itable)?;
        if limit == 0 {
            return Ok(Vec::new());
        }
        let pks: Vec<Vec<u8>> = if index.is_unique() {
            self.backend.get(&itable, &ik).await?.into_iter().collect()
        } else {
            let hits =
                self.scan_raw(&itable, KeyRange::prefix(&ik), Direction::Forward, limit).await?;
            hits.into_iter().map(|(_, pk)| pk).collect()
        };
        if pks.is_empty() {
            return Ok(Vec::new());
        }
        let values = self.backend.get_many(&layout::records(R::TABLE), pks.clone()).await?;
        let mut out = Vec::with_capacity(values.len());
        for (pk, value) in pks.iter().zip(values) {
            // The index and the records were read in two snapshots: skip a record deleted or
            // re-keyed by a write that committed in between.
            let Some(value) = value else { continue };
            let record: R = codec::decode(&value, R::TABLE, || layout::show_bytes(pk))?;
            if index.key_of(&record).to_bytes() == ik {
                out.push(record);
            }
        }
        Ok(out)
    }

    /// The record of `R` whose `index` key is `key` (for a unique index, the only one).
    pub async fn find_one<R, K, Q>(&self, index: &Index<R, K>, key: &Q) -> Result<Option<R>>
    where
        R: Record,
        K: Key + Borrow<Q>,
        Q: Key + ?Sized,
    {
        Ok(self.find(index, key, 1).await?.pop())
    }

    /// Appends `entry` to the feed of `key` in `feed`; its cursor. Durable when it returns.
    pub async fn append<E, K, Q>(&self, feed: &Feed<E, K>, key: &Q, entry: &E) -> Result<Cursor>
    where
        E: Serialize,
        K: Key + Borrow<Q>,
        Q: Key + ?Sized,
    {
        let mut t = self.begin().await?;
        let out = t.append(feed, key, entry).await?;
        t.commit().await?;
        Ok(out)
    }

    /// How many entries the feed of `key` has.
    pub async fn count<E, K, Q>(&self, feed: &Feed<E, K>, key: &Q) -> Result<u64>
    where
        K: Key + Borrow<Q>,
        Q: Key + ?Sized,
    {
        let fk = codec::key(key, &self.limits, feed.name())?;
        let counter = layout::feed_counter(feed.name(), &fk);
        let bytes = self.backend.get(layout::META, &counter).await?;
        Ok(bytes.and_then(|b| layout::counter(&b)).unwrap_or(0))
    }

    /// The newest `limit` entries of the feed of `key`, oldest first; `next` is the cursor
    /// for [`older`](Store::older) when older entries exist.
    pub async fn newest<E, K, Q>(&self, feed: &Feed<E, K>, key: &Q, limit: usize) -> Result<Page<E>>
    where
        E: DeserializeOwned,
        K: Key + Borrow<Q>,
        Q: Key + ?Sized,
    {
        let fk = codec::key(key, &self.limits, feed.name())?;
        self.page_back(feed, KeyRange::prefix(&fk), limit).await
    }

    /// The `limit` entries just before `before` in the feed of `key`, oldest first; `next` is
    /// the cursor for the page before that, `None` at the feed's start.
    pub async fn older<E, K, Q>(
        &self,
        feed: &Feed<E, K>,
        key: &Q,
        before: Cursor,
        limit: usize,
    ) -> Result<Page<E>>
    where
        E: DeserializeOwned,
        K: Key + Borrow<Q>,
        Q: Key + ?Sized,
    {
        let fk = codec::key(key, &self.limits, feed.name())?;
        let range = KeyRange {
            start: Bound::Included(fk.clone()),
            end: Bound::Excluded(layout::entry(&fk, before.0)),
        };
        self.page_back(feed, range, limit).await
    }

    /// The `limit` entries just after `after` in the feed of `key` (from the start for
    /// `Cursor(0)`), oldest first; `next` is the last entry's cursor when more follow.
    pub async fn newer<E, K, Q>(
        &self,
        feed: &Feed<E, K>,
        key: &Q,
        after: Cursor,
        limit: usize,
    ) -> Result<Page<E>>
    where
        E: DeserializeOwned,
        K: Key + Borrow<Q>,
        Q: Key + ?Sized,
    {
        let fk = codec::key(key, &self.limits, feed.name())?;
        let KeyRange { end, .. } = KeyRange::prefix(&fk);
        let range = KeyRange { start: Bound::Excluded(layout::entry(&fk, after.0)), end };
        let (entries, more) = self.entries(feed, range, Direction::Forward, limit).await?;
        let next = if more { entries.last().map(|e| e.cursor) } else { None };
        Ok(Page { entries, next })
    }

    /// The last `limit` entries of `range`, oldest first, with the cursor to go further back.
    async fn page_back<E: DeserializeOwned, K>(
        &self,
        feed: &Feed<E, K>,
        range: KeyRange,
        limit: usize,
    ) -> Result<Page<E>> {
        let (mut entries, more) = self.entries(feed, range, Direction::Reverse, limit).await?;
        entries.reverse();
        let next = if more { entries.first().map(|e| e.cursor) } else { None };
        Ok(Page { entries, next })
    }

    /// Up to `limit` entries in `range`, and whether more lie beyond them.
    async fn entries<E: DeserializeOwned, K>(
        &self,
        feed: &Feed<E, K>,
        range: KeyRange,
        direction: Direction,
        limit: usize,
    ) -> Result<(Vec<Entry<E>>, bool)> {
        let limit = limit.min(self.limits.max_scan);
        if limit == 0 {
            return Ok((Vec::new(), false));
        }
        let table = layout::feed(feed.name());
        let mut pairs = self.backend.scan(&table, range, direction, limit + 1).await?;
        let more = pairs.len() > limit;
        pairs.truncate(limit);
        let entries = pairs
            .into_iter()
            .map(|(k, v)| {
                let cursor = layout::cursor_of(&k).ok_or_else(|| Error::Decode {
                    table: feed.name().to_owned(),
                    key: layout::show_bytes(&k),
                    source: serde::de::Error::custom("an entry key is shorter than a cursor"),
                })?;
                let value = codec::decode(&v, feed.name(), || layout::show_bytes(&k))?;
                Ok(Entry { cursor: Cursor(cursor), value })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((entries, more))
    }
}
