//! Criterion benchmark of the store next to raw redb in the same run: `cargo bench --bench kvs`.
//!
//! * `kvs_append_fsync`: one feed append per durable commit (`Store::append`, redb
//!   `Durability::Immediate`) vs raw redb doing the same single-insert commit of the same
//!   bytes (an 8-byte big-endian key, the message as JSON) — the ratio is the store's overhead
//!   (counter read and write, the writer thread, the async hand-off) on top of the fsync.
//! * `kvs_get`: a record by key (`Store::get`, JSON decoded) vs raw redb's read transaction,
//!   `get` and the same JSON decode, both from a warm 10,000-record file: `redb` on the
//!   calling thread, `redb_spawn_blocking` on tokio's blocking pool as the store reads (so
//!   the difference between the two is the thread hop that keeps disk reads off the async
//!   workers).
//!
//! * `store_postgres` in both groups: the same store calls on PostgreSQL, on a server of the
//!   bench's own on loopback (`initdb` in a temporary directory, `fsync` on, as in
//!   production; see `n2o-kvs/tests/common/postgres.rs`), skipped with a note when
//!   PostgreSQL is not installed. An append is a transaction of four statements (`BEGIN` and
//!   the write lock, the counter read and write, the entry) and a `COMMIT` that waits for
//!   the WAL flush; a get is one round trip.
//!
//! The store runs on a two-worker tokio runtime; each sample is one task doing `iters`
//! operations in a row, as a request handler would.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use n2o::kvs::{Feed, Record, Store};
use redb::{Database, Durability, ReadableDatabase, TableDefinition};
use serde::{Deserialize, Serialize};

#[path = "../n2o-kvs/tests/common/postgres.rs"]
mod postgres;

#[derive(Serialize, Deserialize)]
struct Message {
    author: String,
    text: String,
    at: u64,
}

#[derive(Serialize, Deserialize)]
struct Item {
    id: u64,
    title: String,
    body: String,
}

impl Record for Item {
    const TABLE: &'static str = "items";
    type Key = u64;
    fn key(&self) -> u64 {
        self.id
    }
}

const MESSAGES: Feed<Message, String> = Feed::new("messages");
const RAW: TableDefinition<'_, &[u8], &[u8]> = TableDefinition::new("raw");
const RECORDS: u64 = 10_000;

fn message(i: u64) -> Message {
    Message {
        author: "ann".into(),
        text: format!("a chat line of about sixty bytes, number {i}"),
        at: i,
    }
}

fn item(id: u64) -> Item {
    Item { id, title: format!("item {id}"), body: "x".repeat(200) }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// A store on a new database of `server`, or `None` without PostgreSQL.
fn postgres_store(
    rt: &tokio::runtime::Runtime,
    server: Option<&postgres::Cluster>,
) -> Option<Store> {
    let url = server?.database();
    Some(rt.block_on(Store::postgres(&url)).unwrap())
}

/// `iters` appends in a row on `store`.
fn appends(rt: &tokio::runtime::Runtime, store: &Store, iters: u64) -> Duration {
    let store = store.clone();
    rt.block_on(async move {
        let start = Instant::now();
        for i in 0..iters {
            black_box(store.append(&MESSAGES, "room", &message(i)).await.unwrap());
        }
        start.elapsed()
    })
}

/// `iters` gets in a row on `store`, spread over its records.
fn gets(rt: &tokio::runtime::Runtime, store: &Store, iters: u64) -> Duration {
    let store = store.clone();
    rt.block_on(async move {
        let start = Instant::now();
        for i in 0..iters {
            let id = i.wrapping_mul(7919) % RECORDS;
            black_box(store.get::<Item, _>(&id).await.unwrap().unwrap());
        }
        start.elapsed()
    })
}

fn append(c: &mut Criterion) {
    let rt = runtime();
    let server = postgres::durable_cluster("kvs_append_fsync/store_postgres");
    let pg = postgres_store(&rt, server.as_ref());
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store.redb")).unwrap();
    let raw = Database::create(dir.path().join("raw.redb")).unwrap();
    let mut seq = 0u64;
    let mut group = c.benchmark_group("kvs_append_fsync");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(1));
    group.bench_function("store", |b| b.iter_custom(|iters| appends(&rt, &store, iters)));
    if let Some(pg) = &pg {
        group.bench_function("store_postgres", |b| b.iter_custom(|iters| appends(&rt, pg, iters)));
    }
    group.bench_function("redb", |b| {
        b.iter(|| {
            seq += 1;
            let value = serde_json::to_vec(&message(seq)).unwrap();
            let mut txn = raw.begin_write().unwrap();
            txn.set_durability(Durability::Immediate).unwrap();
            txn.open_table(RAW)
                .unwrap()
                .insert(seq.to_be_bytes().as_slice(), value.as_slice())
                .unwrap();
            txn.commit().unwrap();
        })
    });
    group.finish();
    rt.block_on(store.close()).unwrap();
    if let Some(pg) = pg {
        rt.block_on(pg.close()).unwrap();
    }
}

fn get(c: &mut Criterion) {
    let rt = runtime();
    let server = postgres::durable_cluster("kvs_get/store_postgres");
    let pg = postgres_store(&rt, server.as_ref());
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store.redb")).unwrap();
    let raw = Database::create(dir.path().join("raw.redb")).unwrap();
    for store in [Some(&store), pg.as_ref()].into_iter().flatten() {
        rt.block_on(async {
            let mut txn = store.begin().await.unwrap();
            for id in 0..RECORDS {
                txn.put(&item(id)).await.unwrap();
            }
            txn.commit().await.unwrap();
        });
    }
    let txn = raw.begin_write().unwrap();
    {
        let mut t = txn.open_table(RAW).unwrap();
        for id in 0..RECORDS {
            let value = serde_json::to_vec(&item(id)).unwrap();
            t.insert(id.to_be_bytes().as_slice(), value.as_slice()).unwrap();
        }
    }
    txn.commit().unwrap();

    let mut group = c.benchmark_group("kvs_get");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements(1));
    group.bench_function("store", |b| b.iter_custom(|iters| gets(&rt, &store, iters)));
    if let Some(pg) = &pg {
        group.bench_function("store_postgres", |b| b.iter_custom(|iters| gets(&rt, pg, iters)));
    }
    let mut i = 0u64;
    group.bench_function("redb", |b| {
        b.iter(|| {
            i += 1;
            let id = i.wrapping_mul(7919) % RECORDS;
            let txn = raw.begin_read().unwrap();
            let table = txn.open_table(RAW).unwrap();
            let value = table.get(id.to_be_bytes().as_slice()).unwrap().unwrap();
            black_box(serde_json::from_slice::<Item>(value.value()).unwrap())
        })
    });
    // Raw redb again, but on the blocking pool as the store reads: the thread hop alone.
    let raw = std::sync::Arc::new(raw);
    group.bench_function("redb_spawn_blocking", |b| {
        b.iter_custom(|iters| {
            let raw = raw.clone();
            rt.block_on(async move {
                let start = Instant::now();
                for i in 0..iters {
                    let id = i.wrapping_mul(7919) % RECORDS;
                    let raw = raw.clone();
                    let item = tokio::task::spawn_blocking(move || {
                        let txn = raw.begin_read().unwrap();
                        let table = txn.open_table(RAW).unwrap();
                        let value = table.get(id.to_be_bytes().as_slice()).unwrap().unwrap();
                        serde_json::from_slice::<Item>(value.value()).unwrap()
                    })
                    .await
                    .unwrap();
                    black_box(item);
                }
                start.elapsed()
            })
        })
    });
    group.finish();
    rt.block_on(store.close()).unwrap();
    if let Some(pg) = pg {
        rt.block_on(pg.close()).unwrap();
    }
}

criterion_group!(benches, append, get);
criterion_main!(benches);
