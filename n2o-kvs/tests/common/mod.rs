//! What the store's test files share: the record types, and a store of each backend.

#![allow(dead_code, unreachable_pub)]

pub mod postgres;

use n2o_kvs::{AnyIndex, Feed, Index, Record, Store};
use serde::{Deserialize, Serialize};
use tempfile::TempDir;

/// A store and what keeps its data alive.
pub struct Fixture {
    pub store: Store,
    pub dir: Option<TempDir>,
    pub cluster: Option<std::sync::Arc<postgres::Cluster>>,
}

/// A store of the named backend: `memory`, `redb` in a new temporary directory, or
/// `postgres` in a new database of the test server. `None` when the test cannot run here
/// (PostgreSQL not installed; it said so). Call it on the runtime the test runs on: a
/// PostgreSQL store's connections live there.
pub async fn store(backend: &str) -> Option<Fixture> {
    let fixture = |store| Fixture { store, dir: None, cluster: None };
    match backend {
        "memory" => Some(fixture(Store::memory())),
        "redb" => {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(dir.path().join("data.redb")).unwrap();
            Some(Fixture { dir: Some(dir), ..fixture(store) })
        }
        #[cfg(feature = "postgres")]
        "postgres" => {
            let test = std::thread::current().name().unwrap_or("a test").to_owned();
            let cluster = postgres::cluster(&test)?;
            let store = Store::postgres(&cluster.database()).await.unwrap();
            Some(Fixture { cluster: Some(cluster), ..fixture(store) })
        }
        other => panic!("no backend {other}"),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Room {
    pub id: u64,
    pub code: String,
    pub title: String,
}

impl Room {
    pub const BY_CODE: Index<Room, String> = Index::unique("code", |r| r.code.clone());
}

impl Record for Room {
    const TABLE: &'static str = "rooms";
    type Key = u64;
    fn key(&self) -> u64 {
        self.id
    }
    const INDEXES: &'static [&'static dyn AnyIndex<Self>] = &[&Self::BY_CODE];
}

pub fn room(id: u64, code: &str) -> Room {
    Room { id, code: code.into(), title: format!("room {id}") }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    pub id: u64,
    pub author: String,
    pub text: String,
}

impl Post {
    pub const BY_AUTHOR: Index<Post, String> = Index::new("author", |p| p.author.clone());
}

impl Record for Post {
    const TABLE: &'static str = "posts";
    type Key = u64;
    fn key(&self) -> u64 {
        self.id
    }
    const INDEXES: &'static [&'static dyn AnyIndex<Self>] = &[&Self::BY_AUTHOR];
}

pub fn post(id: u64, author: &str) -> Post {
    Post { id, author: author.into(), text: format!("post {id}") }
}

/// A table keyed by strings, without indexes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub name: String,
    pub body: String,
}

impl Record for Note {
    const TABLE: &'static str = "notes";
    type Key = String;
    fn key(&self) -> String {
        self.name.clone()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub author: String,
    pub text: String,
}

pub const MESSAGES: Feed<Message, String> = Feed::new("messages");

pub fn message(author: &str, i: usize) -> Message {
    Message { author: author.into(), text: format!("{author} {i}") }
}
