//! Records (what a table holds) and the secondary indexes a record type declares.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::key::Key;

/// A type stored in a table, one record per key.
///
/// ```
/// use n2o_kvs::{Index, Record};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize)]
/// struct Message { id: u64, author: String, text: String }
///
/// impl Message {
///     /// All messages of one author, oldest id first.
///     const BY_AUTHOR: Index<Message, String> = Index::new("author", |m| m.author.clone());
/// }
///
/// impl Record for Message {
///     const TABLE: &'static str = "messages";
///     type Key = u64;
///     fn key(&self) -> u64 { self.id }
///     const INDEXES: &'static [&'static dyn n2o_kvs::AnyIndex<Self>] = &[&Self::BY_AUTHOR];
/// }
/// ```
pub trait Record: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The table's name: unique in the store, stable across versions of the program.
    const TABLE: &'static str;
    /// The primary key's type.
    type Key: Key;
    /// This record's primary key.
    fn key(&self) -> Self::Key;
    /// The secondary indexes the store keeps for this table, updated in the same transaction
    /// as every put and delete. None by default.
    const INDEXES: &'static [&'static dyn AnyIndex<Self>] = &[];
}

/// A secondary index of records `R` by a key `K` computed from each record.
///
/// Declare it as an associated `const` and list it in [`Record::INDEXES`]. A plain index
/// maps each key to any number of records (found with
/// [`Store::find`](crate::Store::find), in primary-key order); a [`unique`](Index::unique)
/// one to at most one (found with [`Store::find_one`](crate::Store::find_one)), and a put
/// that would give it a second record fails with [`Error::Unique`](crate::Error::Unique).
pub struct Index<R, K> {
    name: &'static str,
    unique: bool,
    key: fn(&R) -> K,
    _k: PhantomData<fn() -> K>,
}

impl<R, K> Index<R, K> {
    /// An index named `name` (unique among the table's indexes, stable across versions).
    pub const fn new(name: &'static str, key: fn(&R) -> K) -> Self {
        Index { name, unique: false, key, _k: PhantomData }
    }

    /// A unique index: no two records may have the same key.
    pub const fn unique(name: &'static str, key: fn(&R) -> K) -> Self {
        Index { name, unique: true, key, _k: PhantomData }
    }

    /// The index's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Whether the index is unique.
    pub fn is_unique(&self) -> bool {
        self.unique
    }

    /// The index key of a record.
    pub fn key_of(&self, record: &R) -> K {
        (self.key)(record)
    }
}

impl<R, K> fmt::Debug for Index<R, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index").field("name", &self.name).field("unique", &self.unique).finish()
    }
}

/// An [`Index`] with its key type erased, as [`Record::INDEXES`] lists them.
pub trait AnyIndex<R>: Send + Sync {
    /// The index's name.
    fn name(&self) -> &'static str;
    /// Whether the index is unique.
    fn is_unique(&self) -> bool;
    /// Appends the encoded index key of `record` to `out`.
    fn encode_key(&self, record: &R, out: &mut Vec<u8>);
    /// The index key of `record` as `Debug` text (for error messages).
    fn describe_key(&self, record: &R) -> String;
}

impl<R, K: Key> AnyIndex<R> for Index<R, K> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn is_unique(&self) -> bool {
        self.unique
    }

    fn encode_key(&self, record: &R, out: &mut Vec<u8>) {
        (self.key)(record).encode(out);
    }

    fn describe_key(&self, record: &R) -> String {
        format!("{:?}", (self.key)(record))
    }
}
