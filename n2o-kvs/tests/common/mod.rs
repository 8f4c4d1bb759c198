//! What the store's test files share: the record types, and a store of each backend.

#![allow(dead_code, unreachable_pub)]

use n2o_kvs::{AnyIndex, Feed, Index, Record, Store};
use serde::{Deserialize, Serialize};
use tempfile::TempDir;

/// A store and what keeps its data file alive.
pub struct Fixture {
    pub store: Store,
    pub dir: Option<TempDir>,
}

/// A store of the named backend: `memory`, or `redb` in a new temporary directory.
pub fn store(backend: &str) -> Fixture {
    match backend {
        "memory" => Fixture { store: Store::memory(), dir: None },
        "redb" => {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(dir.path().join("data.redb")).unwrap();
            Fixture { store, dir: Some(dir) }
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
