//! The store's behaviour, the same suite on every backend (`memory::…`, `redb::…`, and
//! `postgres::…` with the `postgres` feature, on a throwaway server: see `common/postgres.rs`).

mod common;

use std::collections::HashSet;
use std::ops::Bound;

use common::*;
use n2o_kvs::{Cursor, Error, Limits, Record, Store};
use serde::{Deserialize, Serialize};

async fn records_by_key(store: Store) {
    assert_eq!(store.get::<Room, _>(&1).await.unwrap(), None);
    store.put(&room(1, "a")).await.unwrap();
    assert_eq!(store.get::<Room, _>(&1).await.unwrap(), Some(room(1, "a")));
    let mut changed = room(1, "a");
    changed.title = "renamed".into();
    store.put(&changed).await.unwrap();
    assert_eq!(store.get::<Room, _>(&1).await.unwrap(), Some(changed.clone()));
    assert!(!store.insert(&room(1, "b")).await.unwrap(), "insert never replaces");
    assert!(store.insert(&room(2, "b")).await.unwrap());
    assert_eq!(store.get::<Room, _>(&1).await.unwrap(), Some(changed));
    assert!(store.delete::<Room, _>(&1).await.unwrap());
    assert!(!store.delete::<Room, _>(&1).await.unwrap());
    assert_eq!(store.get::<Room, _>(&1).await.unwrap(), None);
    // String keys, borrowed as &str.
    store.put(&Note { name: "x".into(), body: "1".into() }).await.unwrap();
    assert_eq!(store.get::<Note, _>("x").await.unwrap().unwrap().body, "1");
}

async fn scans_in_key_order(store: Store) {
    for name in ["b", "a", "ab", "a\u{0}", "", "é", "z"] {
        store.put(&Note { name: name.into(), body: String::new() }).await.unwrap();
    }
    let names = |v: Vec<Note>| v.into_iter().map(|n| n.name).collect::<Vec<_>>();
    let all = names(store.scan::<Note>(.., 100).await.unwrap());
    assert_eq!(all, ["", "a", "a\u{0}", "ab", "b", "z", "é"]);
    let some = names(store.scan::<Note>("a".to_string().."b".to_string(), 100).await.unwrap());
    assert_eq!(some, ["a", "a\u{0}", "ab"]);
    let limited = names(store.scan::<Note>("a".to_string().., 2).await.unwrap());
    assert_eq!(limited, ["a", "a\u{0}"]);
    let back = names(store.scan_rev::<Note>(..="b".to_string(), 3).await.unwrap());
    assert_eq!(back, ["b", "ab", "a\u{0}"]);
    // Paging: start after the last key seen.
    let after = (Bound::Excluded("ab".to_string()), Bound::Unbounded::<String>);
    assert_eq!(names(store.scan::<Note>(after, 100).await.unwrap()), ["b", "z", "é"]);
    // Inverted and empty ranges give nothing, never a panic.
    assert!(store.scan::<Note>("z".to_string().."a".to_string(), 10).await.unwrap().is_empty());
    assert!(store.scan::<Note>("a".to_string().."a".to_string(), 10).await.unwrap().is_empty());
    assert!(store.scan::<Note>(.., 0).await.unwrap().is_empty());
    // Integers: numeric order, not text order.
    for id in [10u64, 2, 300, 1] {
        store.put(&room(id, &format!("c{id}"))).await.unwrap();
    }
    let ids: Vec<u64> = store.scan::<Room>(2.., 10).await.unwrap().iter().map(|r| r.id).collect();
    assert_eq!(ids, [2, 10, 300]);
}

async fn indexes_follow_updates_and_deletes(store: Store) {
    for (id, author) in [(1, "ann"), (2, "bob"), (3, "ann"), (4, "ann")] {
        store.put(&post(id, author)).await.unwrap();
    }
    let ids = |v: Vec<Post>| v.into_iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(ids(store.find(&Post::BY_AUTHOR, "ann", 10).await.unwrap()), [1, 3, 4]);
    assert_eq!(ids(store.find(&Post::BY_AUTHOR, "ann", 2).await.unwrap()), [1, 3]);
    assert!(store.find(&Post::BY_AUTHOR, "ann", 0).await.unwrap().is_empty());
    assert_eq!(ids(store.find(&Post::BY_AUTHOR, "an", 10).await.unwrap()), Vec::<u64>::new());
    // Re-authoring moves the record between index keys.
    store.put(&post(3, "bob")).await.unwrap();
    assert_eq!(ids(store.find(&Post::BY_AUTHOR, "ann", 10).await.unwrap()), [1, 4]);
    assert_eq!(ids(store.find(&Post::BY_AUTHOR, "bob", 10).await.unwrap()), [2, 3]);
    store.delete::<Post, _>(&1).await.unwrap();
    assert_eq!(ids(store.find(&Post::BY_AUTHOR, "ann", 10).await.unwrap()), [4]);
    assert_eq!(store.find_one(&Post::BY_AUTHOR, "bob").await.unwrap().unwrap().id, 2);
    // The index table holds exactly one entry per record.
    let entries = store
        .backend()
        .scan("i:posts:author", n2o_kvs::KeyRange::all(), n2o_kvs::Direction::Forward, 100)
        .await
        .unwrap();
    assert_eq!(entries.len(), 3);
}

async fn unique_index_refuses_a_second_record(store: Store) {
    store.put(&room(1, "lobby")).await.unwrap();
    let err = store.put(&room(2, "lobby")).await.unwrap_err();
    match &err {
        Error::Unique { table, index, key } => {
            assert_eq!(
                (table.as_str(), index.as_str(), key.as_str()),
                ("rooms", "code", "\"lobby\"")
            );
        }
        other => panic!("expected Unique, got {other:?}"),
    }
    assert!(err.to_string().contains("lobby"), "{err}");
    assert_eq!(store.get::<Room, _>(&2).await.unwrap(), None, "nothing was written");
    // The same record again is no conflict; changing its code frees the old one.
    store.put(&room(1, "lobby")).await.unwrap();
    store.put(&room(1, "hall")).await.unwrap();
    assert_eq!(store.find_one(&Room::BY_CODE, "lobby").await.unwrap(), None);
    store.put(&room(2, "lobby")).await.unwrap();
    assert_eq!(store.find_one(&Room::BY_CODE, "lobby").await.unwrap().unwrap().id, 2);
    assert_eq!(store.find_one(&Room::BY_CODE, "hall").await.unwrap().unwrap().id, 1);
    assert!(store.find(&Room::BY_CODE, "hall", 0).await.unwrap().is_empty());
    // In a transaction a refused put writes nothing and the rest commits.
    let mut txn = store.begin().await.unwrap();
    txn.put(&room(3, "cellar")).await.unwrap();
    assert!(matches!(txn.put(&room(4, "hall")).await, Err(Error::Unique { .. })));
    txn.commit().await.unwrap();
    assert_eq!(store.find_one(&Room::BY_CODE, "cellar").await.unwrap().unwrap().id, 3);
    assert_eq!(store.get::<Room, _>(&4).await.unwrap(), None);
    assert_eq!(store.find_one(&Room::BY_CODE, "hall").await.unwrap().unwrap().id, 1);
}

async fn next_id_counts_per_table(store: Store) {
    assert_eq!(store.next_id::<Room>().await.unwrap(), 1);
    assert_eq!(store.next_id::<Room>().await.unwrap(), 2);
    assert_eq!(store.next_id::<Post>().await.unwrap(), 1);
    let mut txn = store.begin().await.unwrap();
    assert_eq!(txn.next_id::<Room>().await.unwrap(), 3);
    assert_eq!(txn.next_id::<Room>().await.unwrap(), 4);
    txn.commit().await.unwrap();
    assert_eq!(store.next_id::<Room>().await.unwrap(), 5);
}

async fn transactions_are_atomic(store: Store) {
    store.put(&room(1, "a")).await.unwrap();
    // Dropped uncommitted: nothing stays, indexes and feeds included.
    {
        let mut txn = store.begin().await.unwrap();
        txn.put(&room(2, "b")).await.unwrap();
        txn.delete::<Room, _>(&1).await.unwrap();
        txn.append(&MESSAGES, "b", &message("ann", 1)).await.unwrap();
        assert_eq!(txn.get::<Room, _>(&2).await.unwrap(), Some(room(2, "b")), "reads its writes");
        assert_eq!(txn.get::<Room, _>(&1).await.unwrap(), None);
        assert_eq!(txn.find_one(&Room::BY_CODE, "b").await.unwrap(), Some(room(2, "b")));
        assert_eq!(txn.count(&MESSAGES, "b").await.unwrap(), 1);
    }
    assert_eq!(store.get::<Room, _>(&1).await.unwrap(), Some(room(1, "a")));
    assert_eq!(store.get::<Room, _>(&2).await.unwrap(), None);
    assert_eq!(store.find_one(&Room::BY_CODE, "b").await.unwrap(), None);
    assert_eq!(store.count(&MESSAGES, "b").await.unwrap(), 0);
    // An error half-way, propagated with `?`, rolls back what came before it.
    async fn half(store: &Store) -> Result<(), Error> {
        let mut txn = store.begin().await?;
        txn.put(&room(5, "e")).await?;
        txn.append(&MESSAGES, "e", &message("ann", 1)).await?;
        txn.put(&room(6, "a")).await?; // "a" is taken: Error::Unique
        txn.commit().await
    }
    assert!(matches!(half(&store).await, Err(Error::Unique { .. })));
    assert_eq!(store.get::<Room, _>(&5).await.unwrap(), None);
    assert_eq!(store.count(&MESSAGES, "e").await.unwrap(), 0);
    // Readers outside see the committed state until commit returns, then all of it.
    let mut txn = store.begin().await.unwrap();
    txn.put(&room(7, "g")).await.unwrap();
    txn.append(&MESSAGES, "g", &message("ann", 1)).await.unwrap();
    assert_eq!(store.get::<Room, _>(&7).await.unwrap(), None);
    assert_eq!(store.count(&MESSAGES, "g").await.unwrap(), 0);
    txn.commit().await.unwrap();
    assert_eq!(store.get::<Room, _>(&7).await.unwrap(), Some(room(7, "g")));
    assert_eq!(store.count(&MESSAGES, "g").await.unwrap(), 1);
    // Explicit rollback.
    let mut txn = store.begin().await.unwrap();
    txn.put(&room(8, "h")).await.unwrap();
    txn.rollback();
    assert_eq!(store.get::<Room, _>(&8).await.unwrap(), None);
}

async fn transactions_do_not_lose_updates(store: Store) {
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                for _ in 0..10 {
                    let mut txn = store.begin().await.unwrap();
                    let mut note = txn
                        .get::<Note, _>("counter")
                        .await
                        .unwrap()
                        .unwrap_or(Note { name: "counter".into(), body: "0".into() });
                    note.body = (note.body.parse::<u32>().unwrap() + 1).to_string();
                    tokio::task::yield_now().await;
                    txn.put(&note).await.unwrap();
                    txn.commit().await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(store.get::<Note, _>("counter").await.unwrap().unwrap().body, "80");
}

async fn feeds_page_by_cursor(store: Store) {
    let empty = store.newest(&MESSAGES, "lobby", 10).await.unwrap();
    assert!(empty.entries.is_empty() && empty.next.is_none());
    for i in 1..=25 {
        let c = store.append(&MESSAGES, "lobby", &message("ann", i)).await.unwrap();
        assert_eq!(c, Cursor(i as u64));
    }
    store.append(&MESSAGES, "lobby2", &message("bob", 1)).await.unwrap();
    assert_eq!(store.count(&MESSAGES, "lobby").await.unwrap(), 25);
    assert_eq!(store.count(&MESSAGES, "lobby2").await.unwrap(), 1);
    assert_eq!(store.count(&MESSAGES, "nowhere").await.unwrap(), 0);
    let texts = |p: &n2o_kvs::Page<Message>| {
        p.entries.iter().map(|e| e.value.text.clone()).collect::<Vec<_>>()
    };
    let page = store.newest(&MESSAGES, "lobby", 10).await.unwrap();
    assert_eq!(texts(&page).first().unwrap(), "ann 16");
    assert_eq!(texts(&page).last().unwrap(), "ann 25");
    assert_eq!(page.next, Some(Cursor(16)));
    let page = store.older(&MESSAGES, "lobby", page.next.unwrap(), 10).await.unwrap();
    assert_eq!(
        page.entries.iter().map(|e| e.cursor.0).collect::<Vec<_>>(),
        (6..=15).collect::<Vec<_>>()
    );
    let page = store.older(&MESSAGES, "lobby", page.next.unwrap(), 10).await.unwrap();
    assert_eq!(page.entries.len(), 5);
    assert_eq!(page.next, None);
    // Exactly a page's worth left: no empty extra page.
    let page = store.older(&MESSAGES, "lobby", Cursor(11), 10).await.unwrap();
    assert_eq!((page.entries.len(), page.next), (10, None));
    // Forward from a cursor: what a live view missed.
    let page = store.newer(&MESSAGES, "lobby", Cursor(20), 3).await.unwrap();
    assert_eq!(texts(&page), ["ann 21", "ann 22", "ann 23"]);
    assert_eq!(page.next, Some(Cursor(23)));
    let page = store.newer(&MESSAGES, "lobby", Cursor(23), 3).await.unwrap();
    assert_eq!((texts(&page), page.next), (vec!["ann 24".to_string(), "ann 25".into()], None));
    let page = store.newer(&MESSAGES, "lobby", Cursor(0), 100).await.unwrap();
    assert_eq!(page.entries.len(), 25, "another feed's entries never show");
    assert!(store.newest(&MESSAGES, "lobby", 0).await.unwrap().entries.is_empty());
    assert!(store.older(&MESSAGES, "lobby", Cursor(0), 5).await.unwrap().entries.is_empty());
    // Feed keys that are prefixes of each other stay apart.
    store.append(&MESSAGES, "lob", &message("cy", 1)).await.unwrap();
    assert_eq!(store.newest(&MESSAGES, "lob", 100).await.unwrap().entries.len(), 1);
}

async fn concurrent_appends_page_exactly_once(store: Store) {
    const TASKS: usize = 12;
    const EACH: usize = 20;
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut cursors = Vec::new();
                for i in 0..EACH {
                    let who = format!("task{t}");
                    cursors.push(store.append(&MESSAGES, "busy", &message(&who, i)).await.unwrap());
                }
                cursors
            })
        })
        .collect();
    let mut acknowledged = HashSet::new();
    for t in tasks {
        let cursors = t.await.unwrap();
        assert!(cursors.windows(2).all(|w| w[0] < w[1]), "a task's appends keep its order");
        acknowledged.extend(cursors);
    }
    assert_eq!(acknowledged.len(), TASKS * EACH, "no cursor handed out twice");
    assert_eq!(store.count(&MESSAGES, "busy").await.unwrap(), (TASKS * EACH) as u64);
    // Page back 7 at a time from the newest.
    let mut seen = Vec::new();
    let mut page = store.newest(&MESSAGES, "busy", 7).await.unwrap();
    loop {
        seen.splice(0..0, page.entries.iter().map(|e| (e.cursor, e.value.clone())));
        match page.next {
            Some(c) => page = store.older(&MESSAGES, "busy", c, 7).await.unwrap(),
            None => break,
        }
    }
    assert_eq!(seen.len(), TASKS * EACH);
    let cursors: Vec<u64> = seen.iter().map(|(c, _)| c.0).collect();
    assert_eq!(
        cursors,
        (1..=(TASKS * EACH) as u64).collect::<Vec<_>>(),
        "every entry once, in order"
    );
    for t in 0..TASKS {
        let who = format!("task{t}");
        let mine: Vec<String> =
            seen.iter().filter(|(_, m)| m.author == who).map(|(_, m)| m.text.clone()).collect();
        assert_eq!(mine, (0..EACH).map(|i| format!("{who} {i}")).collect::<Vec<_>>());
    }
}

async fn a_record_of_an_old_schema_is_a_clear_error(store: Store) {
    // The same table, written with another shape.
    #[derive(Serialize, Deserialize)]
    struct OldRoom {
        id: u64,
        code: u32,
    }
    impl Record for OldRoom {
        const TABLE: &'static str = "rooms";
        type Key = u64;
        fn key(&self) -> u64 {
            self.id
        }
    }
    store.put(&OldRoom { id: 42, code: 7 }).await.unwrap();
    let err = store.get::<Room, _>(&42).await.unwrap_err();
    let Error::Decode { table, key, .. } = &err else { panic!("expected Decode, got {err:?}") };
    assert_eq!((table.as_str(), key.as_str()), ("rooms", "42"));
    let text = err.to_string();
    assert!(text.contains("`rooms`") && text.contains("record 42 "), "{text}");
    // Scans name the key too (as bytes: big-endian 42).
    let err = store.scan::<Room>(.., 10).await.unwrap_err();
    assert!(err.to_string().contains(r"\x00*"), "{err}");
    // Added fields with a default keep old records readable.
    #[derive(Deserialize)]
    struct NewRoom {
        code: u32,
        #[serde(default)]
        topic: String,
    }
    let raw = store.backend().get("t:rooms", &42u64.to_be_bytes()).await.unwrap().unwrap();
    let new: NewRoom = serde_json::from_slice(&raw).unwrap();
    assert_eq!((new.code, new.topic.as_str()), (7, ""));
}

async fn sizes_are_bounded(store: Store) {
    let store = store.with_limits(Limits { max_record: 200, max_key: 64, ..Limits::default() });
    let big = Note { name: "big".into(), body: "x".repeat(300) };
    let err = store.put(&big).await.unwrap_err();
    assert!(
        matches!(&err, Error::TooLarge { table, size, max: 200, .. } if table == "notes" && *size > 300),
        "{err:?}"
    );
    assert_eq!(store.get::<Note, _>("big").await.unwrap(), None);
    let long = Note { name: "k".repeat(100), body: String::new() };
    assert!(matches!(store.put(&long).await, Err(Error::KeyTooLarge { max: 64, .. })));
    assert!(matches!(store.get::<Note, _>(&"k".repeat(100)).await, Err(Error::KeyTooLarge { .. })));
    let huge = message("ann", 1).text.repeat(50);
    let err = store.append(&MESSAGES, "r", &Message { author: "a".into(), text: huge }).await;
    assert!(matches!(err, Err(Error::TooLarge { .. })));
    assert_eq!(store.count(&MESSAGES, "r").await.unwrap(), 0);
    assert!(matches!(
        store.append(&MESSAGES, &"r".repeat(100), &message("a", 1)).await,
        Err(Error::KeyTooLarge { .. })
    ));
    // A read's limit is capped.
    let store = store.with_limits(Limits { max_scan: 3, ..Limits::default() });
    for i in 0..5 {
        store.append(&MESSAGES, "r", &message("a", i)).await.unwrap();
    }
    assert_eq!(store.newest(&MESSAGES, "r", 100).await.unwrap().entries.len(), 3);
}

async fn closed_store_refuses(store: Store) {
    store.put(&room(1, "a")).await.unwrap();
    store.close().await.unwrap();
    assert!(matches!(store.get::<Room, _>(&1).await, Err(Error::Closed)));
    assert!(matches!(store.put(&room(2, "b")).await, Err(Error::Closed)));
}

macro_rules! suite {
    ($backend:ident) => {
        mod $backend {
            use super::*;

            fn run<F: std::future::Future<Output = ()>>(test: impl FnOnce(Store) -> F) {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .unwrap();
                let Some(fixture) = rt.block_on(store(stringify!($backend))) else { return };
                rt.block_on(test(fixture.store.clone()));
                rt.block_on(fixture.store.close()).unwrap();
            }

            #[test]
            fn records_by_key() {
                run(super::records_by_key);
            }
            #[test]
            fn scans_in_key_order() {
                run(super::scans_in_key_order);
            }
            #[test]
            fn indexes_follow_updates_and_deletes() {
                run(super::indexes_follow_updates_and_deletes);
            }
            #[test]
            fn unique_index_refuses_a_second_record() {
                run(super::unique_index_refuses_a_second_record);
            }
            #[test]
            fn next_id_counts_per_table() {
                run(super::next_id_counts_per_table);
            }
            #[test]
            fn transactions_are_atomic() {
                run(super::transactions_are_atomic);
            }
            #[test]
            fn transactions_do_not_lose_updates() {
                run(super::transactions_do_not_lose_updates);
            }
            #[test]
            fn feeds_page_by_cursor() {
                run(super::feeds_page_by_cursor);
            }
            #[test]
            fn concurrent_appends_page_exactly_once() {
                run(super::concurrent_appends_page_exactly_once);
            }
            #[test]
            fn a_record_of_an_old_schema_is_a_clear_error() {
                run(super::a_record_of_an_old_schema_is_a_clear_error);
            }
            #[test]
            fn sizes_are_bounded() {
                run(super::sizes_are_bounded);
            }
            #[test]
            fn closed_store_refuses() {
                run(super::closed_store_refuses);
            }
        }
    };
}

suite!(memory);
suite!(redb);
#[cfg(feature = "postgres")]
suite!(postgres);
