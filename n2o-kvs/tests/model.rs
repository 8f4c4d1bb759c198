//! Property tests: random sequences of puts, deletes, scans, appends and transactions (some
//! committed, some dropped) agree with a `BTreeMap` model, indexes included, on every backend.

mod common;

use std::collections::BTreeMap;
use std::ops::{Bound, RangeBounds};

use n2o_kvs::{AnyIndex, Cursor, Error, Feed, Index, Record, Store};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Item {
    id: u64,
    group: u8,
    code: u8,
}

impl Item {
    const BY_GROUP: Index<Item, u8> = Index::new("group", |i| i.group);
    const BY_CODE: Index<Item, u8> = Index::unique("code", |i| i.code);
}

impl Record for Item {
    const TABLE: &'static str = "items";
    type Key = u64;
    fn key(&self) -> u64 {
        self.id
    }
    const INDEXES: &'static [&'static dyn AnyIndex<Self>] = &[&Self::BY_GROUP, &Self::BY_CODE];
}

const LOG: Feed<u32, u8> = Feed::new("log");

#[derive(Debug, Clone)]
enum Write {
    Put(Item),
    Delete(u64),
    Append(u8, u32),
}

#[derive(Debug, Clone)]
enum Op {
    Write(Write),
    Scan { start: Bound<u64>, end: Bound<u64>, limit: usize, rev: bool },
    Txn { writes: Vec<Write>, commit: bool },
}

/// The model: the records, and each feed's entries.
#[derive(Debug, Clone, Default)]
struct Model {
    items: BTreeMap<u64, Item>,
    feeds: BTreeMap<u8, Vec<u32>>,
}

impl Model {
    /// Applies `w` as the store must: a put that breaks the unique code changes nothing.
    fn apply(&mut self, w: &Write) -> bool {
        match w {
            Write::Put(item) => {
                if self.items.values().any(|o| o.code == item.code && o.id != item.id) {
                    return false;
                }
                self.items.insert(item.id, item.clone());
            }
            Write::Delete(id) => {
                self.items.remove(id);
            }
            Write::Append(k, v) => self.feeds.entry(*k).or_default().push(*v),
        }
        true
    }
}

fn item() -> impl Strategy<Value = Item> {
    (0u64..12, 0u8..3, 0u8..6).prop_map(|(id, group, code)| Item { id, group, code })
}

fn write() -> impl Strategy<Value = Write> {
    prop_oneof![
        3 => item().prop_map(Write::Put),
        1 => (0u64..12).prop_map(Write::Delete),
        2 => (0u8..3, any::<u32>()).prop_map(|(k, v)| Write::Append(k, v)),
    ]
}

fn bound() -> impl Strategy<Value = Bound<u64>> {
    prop_oneof![
        Just(Bound::Unbounded),
        (0u64..14).prop_map(Bound::Included),
        (0u64..14).prop_map(Bound::Excluded),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => write().prop_map(Op::Write),
        1 => (bound(), bound(), 0usize..8, any::<bool>())
            .prop_map(|(start, end, limit, rev)| Op::Scan { start, end, limit, rev }),
        2 => (prop::collection::vec(write(), 1..6), any::<bool>())
            .prop_map(|(writes, commit)| Op::Txn { writes, commit }),
    ]
}

async fn write_one(store: &Store, w: &Write) -> Result<(), Error> {
    match w {
        Write::Put(item) => store.put(item).await,
        Write::Delete(id) => store.delete::<Item, _>(id).await.map(|_| ()),
        Write::Append(k, v) => store.append(&LOG, k, v).await.map(|_| ()),
    }
}

/// Every read the store offers agrees with the model.
async fn check(store: &Store, model: &Model) {
    let all = store.scan::<Item>(.., 100).await.unwrap();
    assert_eq!(all, model.items.values().cloned().collect::<Vec<_>>());
    for id in 0..12 {
        assert_eq!(store.get::<Item, _>(&id).await.unwrap().as_ref(), model.items.get(&id));
    }
    for group in 0..3 {
        let found = store.find(&Item::BY_GROUP, &group, 100).await.unwrap();
        let want: Vec<_> = model.items.values().filter(|i| i.group == group).cloned().collect();
        assert_eq!(found, want, "group {group}");
    }
    for code in 0..6 {
        let found = store.find_one(&Item::BY_CODE, &code).await.unwrap();
        let want = model.items.values().find(|i| i.code == code).cloned();
        assert_eq!(found, want, "code {code}");
    }
    for k in 0..3u8 {
        let want = model.feeds.get(&k).cloned().unwrap_or_default();
        assert_eq!(store.count(&LOG, &k).await.unwrap(), want.len() as u64);
        // Page back three at a time: every entry once, in order.
        let mut seen = Vec::new();
        let mut page = store.newest(&LOG, &k, 3).await.unwrap();
        loop {
            seen.splice(0..0, page.entries.iter().map(|e| e.value));
            match page.next {
                Some(c) => page = store.older(&LOG, &k, c, 3).await.unwrap(),
                None => break,
            }
        }
        assert_eq!(seen, want, "feed {k}");
        let forward: Vec<u32> =
            store.newer(&LOG, &k, Cursor(0), 1000).await.unwrap().values().collect();
        assert_eq!(forward, want);
    }
}

async fn run(store: Store, ops: Vec<Op>) {
    let mut model = Model::default();
    for op in &ops {
        match op {
            Op::Write(w) => {
                let ok = write_one(&store, w).await;
                assert_eq!(ok.is_ok(), model.apply(w), "{w:?}: {ok:?}");
            }
            Op::Scan { start, end, limit, rev } => {
                let range = (*start, *end);
                let got = if *rev {
                    store.scan_rev::<Item>(range, *limit).await.unwrap()
                } else {
                    store.scan::<Item>(range, *limit).await.unwrap()
                };
                let matching = model.items.values().filter(|i| range.contains(&i.id)).cloned();
                let want: Vec<Item> = if *rev {
                    matching.rev().take(*limit).collect()
                } else {
                    matching.take(*limit).collect()
                };
                assert_eq!(got, want, "{op:?}");
            }
            Op::Txn { writes, commit } => {
                let mut next = model.clone();
                let mut txn = store.begin().await.unwrap();
                for w in writes {
                    let ok = match w {
                        Write::Put(item) => txn.put(item).await,
                        Write::Delete(id) => txn.delete::<Item, _>(id).await.map(|_| ()),
                        Write::Append(k, v) => txn.append(&LOG, k, v).await.map(|_| ()),
                    };
                    // A refused write leaves the transaction usable.
                    assert_eq!(ok.is_ok(), next.apply(w), "{w:?}: {ok:?}");
                }
                if *commit {
                    txn.commit().await.unwrap();
                    model = next;
                }
            }
        }
    }
    check(&store, &model).await;
}

fn run_on(backend: &str, ops: Vec<Op>) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(fixture) = rt.block_on(common::store(backend)) else { return };
    rt.block_on(run(fixture.store.clone(), ops));
    rt.block_on(fixture.store.close()).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn memory_matches_the_model(ops in prop::collection::vec(op(), 1..40)) {
        run_on("memory", ops);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn redb_matches_the_model(ops in prop::collection::vec(op(), 1..40)) {
        run_on("redb", ops);
    }
}

#[cfg(feature = "postgres")]
proptest! {
    // Each case makes a database on the test server: fewer cases than on redb.
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn postgres_matches_the_model(ops in prop::collection::vec(op(), 1..40)) {
        run_on("postgres", ops);
    }
}
