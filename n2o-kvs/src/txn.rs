//! Typed write transactions: puts, deletes, appends and ids that commit together or not at
//! all, with the indexes kept in step.

use std::borrow::Borrow;
use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::backend::{Direction, KeyRange, WriteTxn};
use crate::codec;
use crate::error::{Error, Result};
use crate::feed::{Cursor, Feed};
use crate::key::Key;
use crate::layout;
use crate::limits::Limits;
use crate::record::{AnyIndex, Index, Record};

/// A write transaction ([`Store::begin`](crate::Store::begin)).
///
/// Its writes become visible and durable together when [`commit`](Txn::commit) returns
/// `Ok`. Dropping it without committing — by `?` on an error, a panic, or a cancelled task —
/// rolls everything back. Its reads see its own writes. One write transaction runs at a
/// time: keep them short, and do not await other work while holding one — above all not a
/// [`Store`](crate::Store) write method, which would wait for this very transaction.
///
/// An operation that fails because of its input (a unique index already holding the key, a
/// record over the size limit, a value that does not serialise) writes nothing, so the
/// transaction can go on; after a storage error, [`commit`](Txn::commit) refuses.
///
/// ```
/// # use n2o_kvs::{Feed, Record, Store};
/// # use serde::{Deserialize, Serialize};
/// #[derive(Serialize, Deserialize)]
/// struct Account { name: String, balance: i64 }
/// impl Record for Account {
///     const TABLE: &'static str = "accounts";
///     type Key = String;
///     fn key(&self) -> String { self.name.clone() }
/// }
/// const LEDGER: Feed<String, ()> = Feed::new("ledger");
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> n2o_kvs::Result<()> {
/// let store = Store::memory();
/// store.put(&Account { name: "a".into(), balance: 10 }).await?;
/// store.put(&Account { name: "b".into(), balance: 0 }).await?;
///
/// // Both balances and the ledger line, or none of them.
/// let mut txn = store.begin().await?;
/// let mut a: Account = txn.get("a").await?.unwrap();
/// let mut b: Account = txn.get("b").await?.unwrap();
/// a.balance -= 7;
/// b.balance += 7;
/// txn.put(&a).await?;
/// txn.put(&b).await?;
/// txn.append(&LEDGER, &(), &"a→b 7".to_string()).await?;
/// txn.commit().await?;
///
/// assert_eq!(store.get::<Account, _>("b").await?.unwrap().balance, 7);
/// assert_eq!(store.count(&LEDGER, &()).await?, 1);
/// # Ok(()) }
/// ```
pub struct Txn {
    inner: Box<dyn WriteTxn>,
    limits: Limits,
    broken: bool,
}

impl fmt::Debug for Txn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Txn").field("broken", &self.broken).finish_non_exhaustive()
    }
}

/// What one index needs written for a put: remove the old entry, add the new one.
struct IndexChange {
    table: String,
    old: Option<Vec<u8>>,
    new: Vec<u8>,
}

impl Txn {
    pub(crate) fn new(inner: Box<dyn WriteTxn>, limits: Limits) -> Self {
        Txn { inner, limits, broken: false }
    }

    /// Marks the transaction broken when a backend write fails midway.
    fn track<T>(&mut self, r: Result<T>) -> Result<T> {
        if r.is_err() {
            self.broken = true;
        }
        r
    }

    /// The record of `R` at `key`, this transaction's writes included.
    pub async fn get<R, Q>(&mut self, key: &Q) -> Result<Option<R>>
    where
        R: Record,
        R::Key: Borrow<Q>,
        Q: Key + ?Sized,
    {
        let pk = codec::key(key, &self.limits, R::TABLE)?;
        let bytes = self.inner.get(&layout::records(R::TABLE), &pk).await?;
        bytes.map(|b| codec::decode(&b, R::TABLE, || format!("{key:?}"))).transpose()
    }

    /// Stores `record` under its key, replacing any record there, and updates its indexes.
    ///
    /// Fails with [`Error::Unique`] (writing nothing) when a unique index already maps the
    /// record's index key to another record.
    pub async fn put<R: Record>(&mut self, record: &R) -> Result<()> {
        let key = record.key();
        let pk = codec::key(&key, &self.limits, R::TABLE)?;
        let value = codec::encode(record, &self.limits, R::TABLE, &key)?;
        let table = layout::records(R::TABLE);
        let changes = if R::INDEXES.is_empty() {
            Vec::new()
        } else {
            let old: Option<R> = match self.inner.get(&table, &pk).await? {
                Some(b) => Some(codec::decode(&b, R::TABLE, || format!("{key:?}"))?),
                None => None,
            };
            self.plan_indexes(R::INDEXES, record, old.as_ref(), &pk).await?
        };
        // Every check passed: from here on only writes.
        for c in changes {
            if let Some(old) = c.old {
                let r = self.inner.delete(&c.table, old).await;
                self.track(r)?;
            }
            let r = self.inner.put(&c.table, c.new, pk.clone()).await;
            self.track(r)?;
        }
        let r = self.inner.put(&table, pk, value).await;
        self.track(r)
    }

    /// Stores `record` only if no record has its key; whether it did.
    pub async fn insert<R: Record>(&mut self, record: &R) -> Result<bool> {
        let key = record.key();
        let pk = codec::key(&key, &self.limits, R::TABLE)?;
        if self.inner.get(&layout::records(R::TABLE), &pk).await?.is_some() {
            return Ok(false);
        }
        self.put(record).await.map(|()| true)
    }

    /// The index entries to change for `record` replacing `old`, after checking unique ones.
    async fn plan_indexes<R: Record>(
        &mut self,
        indexes: &[&dyn AnyIndex<R>],
        record: &R,
        old: Option<&R>,
        pk: &[u8],
    ) -> Result<Vec<IndexChange>> {
        let mut changes = Vec::new();
        for index in indexes {
            let table = layout::index(R::TABLE, index.name());
            let new = index_entry(*index, record, pk);
            codec::check_key(new.len(), &self.limits, &table)?;
            let old = old.map(|o| index_entry(*index, o, pk));
            if old.as_ref() == Some(&new) {
                continue;
            }
            if index.is_unique()
                && let Some(owner) = self.inner.get(&table, &new).await?
                && owner != pk
            {
                return Err(Error::Unique {
                    table: R::TABLE.to_owned(),
                    index: index.name().to_owned(),
                    key: index.describe_key(record),
                });
            }
            changes.push(IndexChange { table, old, new });
        }
        Ok(changes)
    }

    /// Deletes the record of `R` at `key` and its index entries; whether it was there.
    pub async fn delete<R, Q>(&mut self, key: &Q) -> Result<bool>
    where
        R: Record,
        R::Key: Borrow<Q>,
        Q: Key + ?Sized,
    {
        let pk = codec::key(key, &self.limits, R::TABLE)?;
        let table = layout::records(R::TABLE);
        if !R::INDEXES.is_empty() {
            let Some(bytes) = self.inner.get(&table, &pk).await? else { return Ok(false) };
            let old: R = codec::decode(&bytes, R::TABLE, || format!("{key:?}"))?;
            for index in R::INDEXES {
                let itable = layout::index(R::TABLE, index.name());
                let r = self.inner.delete(&itable, index_entry(*index, &old, &pk)).await;
                self.track(r)?;
            }
        }
        let r = self.inner.delete(&table, pk).await;
        self.track(r)
    }

    /// The record of `R` whose unique `index` key is `key`.
    pub async fn find_one<R, K, Q>(&mut self, index: &Index<R, K>, key: &Q) -> Result<Option<R>>
    where
        R: Record,
        K: Key + Borrow<Q>,
        Q: Key + ?Sized,
    {
        let itable = layout::index(R::TABLE, index.name());
        let ik = codec::key(key, &self.limits, &itable)?;
        let pk = if index.is_unique() {
            self.inner.get(&itable, &ik).await?
        } else {
            let mut hits =
                self.inner.scan(&itable, KeyRange::prefix(&ik), Direction::Forward, 1).await?;
            hits.pop().map(|(_, pk)| pk)
        };
        let Some(pk) = pk else { return Ok(None) };
        let bytes = self.inner.get(&layout::records(R::TABLE), &pk).await?;
        bytes.map(|b| codec::decode(&b, R::TABLE, || layout::show_bytes(&pk))).transpose()
    }

    /// The next id of `R`'s table: 1, 2, 3, … never the same twice, also across restarts
    /// (once this transaction commits; a rolled-back id may be handed out again).
    pub async fn next_id<R: Record>(&mut self) -> Result<u64> {
        self.bump(layout::id_counter(R::TABLE)).await
    }

    async fn bump(&mut self, counter: Vec<u8>) -> Result<u64> {
        let last = match self.inner.get(layout::META, &counter).await? {
            None => 0,
            Some(b) => layout::counter(&b).ok_or_else(|| Error::Decode {
                table: layout::META.to_owned(),
                key: layout::show_bytes(&counter),
                source: serde::de::Error::custom("a counter is not 8 bytes"),
            })?,
        };
        let next = last.checked_add(1).ok_or_else(|| {
            Error::backend(format!("counter {} overflowed", layout::show_bytes(&counter)))
        })?;
        let r = self.inner.put(layout::META, counter, next.to_be_bytes().to_vec()).await;
        self.track(r)?;
        Ok(next)
    }

    /// Appends `entry` to the feed `feed` of `key`; its cursor.
    pub async fn append<E, K, Q>(&mut self, feed: &Feed<E, K>, key: &Q, entry: &E) -> Result<Cursor>
    where
        E: Serialize,
        K: Key + Borrow<Q>,
        Q: Key + ?Sized,
    {
        let fk = codec::key(key, &self.limits, feed.name())?;
        codec::check_key(fk.len() + 8, &self.limits, feed.name())?;
        let value = codec::encode(entry, &self.limits, feed.name(), &key)?;
        let cursor = self.bump(layout::feed_counter(feed.name(), &fk)).await?;
        let r = self.inner.put(&layout::feed(feed.name()), layout::entry(&fk, cursor), value).await;
        self.track(r)?;
        Ok(Cursor(cursor))
    }

    /// How many entries the feed of `key` has, this transaction's appends included.
    pub async fn count<E, K, Q>(&mut self, feed: &Feed<E, K>, key: &Q) -> Result<u64>
    where
        K: Key + Borrow<Q>,
        Q: Key + ?Sized,
    {
        let fk = codec::key(key, &self.limits, feed.name())?;
        let counter = layout::feed_counter(feed.name(), &fk);
        Ok(self
            .inner
            .get(layout::META, &counter)
            .await?
            .and_then(|b| layout::counter(&b))
            .unwrap_or(0))
    }

    /// Commits: every write of the transaction is durable and visible when this returns `Ok`.
    pub async fn commit(self) -> Result<()> {
        if self.broken {
            return Err(Error::backend(
                "a write of this transaction failed, so it was rolled back instead of committed",
            ));
        }
        self.inner.commit().await
    }

    /// Rolls back: nothing of the transaction is kept (the same as dropping it).
    pub fn rollback(self) {}
}

/// An index's entry for `record`: the index key, followed by the primary key unless unique.
fn index_entry<R>(index: &dyn AnyIndex<R>, record: &R, pk: &[u8]) -> Vec<u8> {
    let mut k = Vec::new();
    index.encode_key(record, &mut k);
    if !index.is_unique() {
        k.extend_from_slice(pk);
    }
    k
}

/// Decodes typed records from a backend's pairs.
pub(crate) fn decode_all<R: DeserializeOwned>(
    pairs: Vec<(Vec<u8>, Vec<u8>)>,
    table: &str,
) -> Result<Vec<R>> {
    pairs.into_iter().map(|(k, v)| codec::decode(&v, table, || layout::show_bytes(&k))).collect()
}
