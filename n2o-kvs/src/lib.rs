//! The store of n2o, in the spirit of N2O's KVS: typed tables of records, append-only
//! **feeds** read newest-first with a cursor, secondary indexes, `next_id`, and transactions,
//! on an embedded [redb](https://www.redb.org) file by default, in PostgreSQL for several
//! nodes (feature `postgres`), or in memory for tests.
//!
//! # A chat room's history
//!
//! Rooms live in a table by id with a unique index on their code; each room has a feed of
//! messages. The page shows the newest 50, and "load older" pages back by cursor.
//!
//! ```
//! use n2o_kvs::{AnyIndex, Cursor, Error, Feed, Index, Record, Store};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
//! struct Room { id: u64, code: String, title: String }
//!
//! impl Room {
//!     /// No two rooms share a code.
//!     const BY_CODE: Index<Room, String> = Index::unique("code", |r| r.code.clone());
//! }
//!
//! impl Record for Room {
//!     const TABLE: &'static str = "rooms";
//!     type Key = u64;
//!     fn key(&self) -> u64 { self.id }
//!     const INDEXES: &'static [&'static dyn AnyIndex<Self>] = &[&Self::BY_CODE];
//! }
//!
//! #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
//! struct Message { author: String, text: String }
//!
//! /// One feed of messages per room, keyed by the room's code.
//! const MESSAGES: Feed<Message, String> = Feed::new("messages");
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Error> {
//! # let dir = tempfile::tempdir().unwrap();
//! # let path = dir.path().join("n2o.redb");
//! let store = Store::open(&path)?; // or Store::memory() in tests
//!
//! // A room: its id from the table's counter, its code unique.
//! let id = store.next_id::<Room>().await?;
//! store.put(&Room { id, code: "lobby".into(), title: "Lobby".into() }).await?;
//! let taken = store.put(&Room { id: id + 1, code: "lobby".into(), title: "Again".into() }).await;
//! assert!(matches!(taken, Err(Error::Unique { .. })));
//!
//! // 120 messages, each durable when `append` returns.
//! for i in 1..=120 {
//!     let m = Message { author: "ann".into(), text: format!("hello {i}") };
//!     store.append(&MESSAGES, "lobby", &m).await?;
//! }
//! assert_eq!(store.count(&MESSAGES, "lobby").await?, 120);
//!
//! // Open the room by its code; show the newest 50, oldest first.
//! let room = store.find_one(&Room::BY_CODE, "lobby").await?.expect("the room exists");
//! let page = store.newest(&MESSAGES, &room.code, 50).await?;
//! assert_eq!(page.entries.len(), 50);
//! assert_eq!(page.entries[0].value.text, "hello 71");
//! assert_eq!(page.entries[49].value.text, "hello 120");
//!
//! // "Load older": the page's `next` is the cursor to page back from.
//! let older = store.older(&MESSAGES, &room.code, page.next.unwrap(), 50).await?;
//! assert_eq!(older.entries[0].value.text, "hello 21");
//! let oldest = store.older(&MESSAGES, &room.code, older.next.unwrap(), 50).await?;
//! assert_eq!(oldest.entries.len(), 20);
//! assert_eq!(oldest.next, None); // the start of the history
//!
//! // Several writes in one transaction: all or nothing.
//! let mut txn = store.begin().await?;
//! let id = txn.next_id::<Room>().await?;
//! txn.put(&Room { id, code: "news".into(), title: "News".into() }).await?;
//! txn.append(&MESSAGES, "news", &Message { author: "bot".into(), text: "first".into() }).await?;
//! txn.commit().await?;
//! assert_eq!(store.count(&MESSAGES, "news").await?, 1);
//!
//! // A cursor travels as text, for example in a "load older" link.
//! let before: Cursor = page.next.unwrap().to_string().parse().unwrap();
//! assert_eq!(before, page.next.unwrap());
//! # Ok(()) }
//! ```
//!
//! # What is where
//!
//! * [`Store`]: open ([`Store::open`], [`Store::memory`]), reads, one-step writes;
//!   [`Txn`] for several writes at once.
//! * [`Record`] and [`Index`]: tables and their secondary indexes; [`Key`]: key types and
//!   their order-preserving encoding; [`Feed`], [`Cursor`], [`Page`]: feeds.
//! * [`Backend`]: the byte-level trait a storage engine implements; [`Redb`] and
//!   [`Memory`] are here, and `Postgres` with the `postgres` feature (`Store::postgres`:
//!   one PostgreSQL database shared by several nodes).
//!
//! # Guarantees
//!
//! * **Durability.** A write (or a transaction's commit) that returned `Ok` survives the
//!   process being killed (`kill -9`) and, on the redb backend, a power cut: redb commits
//!   with `Durability::Immediate`, which `fsync`s before returning. The crate's
//!   `tests/durability.rs` kills a writing process and checks every acknowledged record.
//!   On PostgreSQL a commit returns after the server flushed its WAL (`synchronous_commit`).
//! * **Several nodes** (PostgreSQL). Stores on one database behave as one store: their
//!   write transactions take turns, so unique indexes, `next_id` and feed cursors hold
//!   across all of them.
//! * **Threads.** No disk work runs on an async worker: the redb backend reads on tokio's
//!   blocking pool and writes on its own writer thread (see [`Redb`]).
//! * **Order.** Feed cursors are handed out in commit order; pages by cursor see every entry
//!   once. Keys sort by their encoding ([`Key`]), which is the key type's order.
//! * **Schema changes.** Values are JSON: adding a field with `#[serde(default)]` keeps old
//!   records readable; a record that no longer deserialises is an [`Error::Decode`] naming
//!   the table and key, never a panic.
//! * **Sizes.** Records, keys and reads are bounded ([`Limits`]); over a bound is an error.

mod backend;
mod codec;
mod error;
mod feed;
mod key;
mod layout;
mod limits;
mod memory;
#[cfg(feature = "postgres")]
mod postgres;
mod record;
mod redb_backend;
mod store;
mod txn;

pub use backend::{Backend, BoxFuture, Direction, KeyRange, Pair, WriteTxn};
pub use error::{Error, Result};
pub use feed::{Cursor, Entry, Feed, Page};
pub use key::Key;
pub use limits::Limits;
pub use memory::Memory;
#[cfg(feature = "postgres")]
pub use postgres::Postgres;
pub use record::{AnyIndex, Index, Record};
pub use redb_backend::Redb;
pub use store::Store;
pub use txn::Txn;
