//! The PostgreSQL backend: every table of the store as rows of one SQL table, shared by
//! several nodes, with write transactions one at a time across all of them.
//!
//! # Layout
//!
//! One table, created on connect if missing (`CREATE TABLE IF NOT EXISTS`, so any node may
//! start first):
//!
//! ```sql
//! CREATE TABLE n2o_kvs (
//!     tab   text COLLATE "C" NOT NULL,  -- the backend table: t:rooms, i:rooms:code, f:…, m
//!     key   bytea NOT NULL,             -- the key as the typed layer encodes it
//!     value bytea NOT NULL,             -- JSON of a record, a primary key, or a counter
//!     PRIMARY KEY (tab, key)
//! )
//! ```
//!
//! `bytea` compares byte-wise, which is the order the key encoding needs, so scans are index
//! range scans of the primary key. Keys and values are the same bytes as on redb.
//!
//! # Transactions
//!
//! The [`Backend`] contract is redb's: write transactions run one at a time, in the order
//! they began, and the caller drives each with awaits, so a transaction cannot be replayed
//! by the backend. Optimistic `SERIALIZABLE` would make a busy counter or a unique index fail
//! transactions that the caller would then have to retry itself. Instead every write
//! transaction takes one transaction-scoped advisory lock first (`pg_advisory_xact_lock`):
//! writers queue on it across every node on the database, and the typed layer's
//! read-check-write (unique indexes, `next_id`, feed cursors) is as safe as on redb. The
//! transaction is `READ COMMITTED` on purpose: each statement then sees everything that
//! committed before the lock was granted (a `REPEATABLE READ` snapshot would be taken by the
//! lock's own statement, before the previous holder committed).
//!
//! Commits are durable when they return: the connections set `synchronous_commit = on`, so
//! `COMMIT` waits for the server's WAL flush.
//!
//! Round trips: a transaction's puts wait on the client and go in one statement before its
//! next read or delete, or pipelined with `COMMIT`. `Store::append` is thus three round trips
//! (`BEGIN` with the lock, the counter read, the writes with `COMMIT`), a `put` of a record
//! with a unique index four.
//!
//! # Connections
//!
//! Two per store, no pool: one for the open write transaction (writes are serialised
//! anyway), one for reads outside transactions, which tokio-postgres pipelines, each read a
//! single statement and so a consistent snapshot. A connection that dropped is made again on
//! the next call; an uncommitted transaction is rolled back when its handle is dropped.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Bound;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex as StdMutex, PoisonError};

use tokio::sync::{Mutex, OwnedMutexGuard};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, NoTls, Statement};

use crate::backend::{Backend, BoxFuture, Direction, KeyRange, Pair, WriteTxn};
use crate::error::{Error, Result};

/// The advisory lock of write transactions (any constant: it only has to be the same on
/// every node). "n2o_kvs" in ASCII.
const WRITE_LOCK: i64 = 0x006e_326f_5f6b_7673;

/// How many times `begin` connects again when the connection is found broken.
const BEGIN_ATTEMPTS: usize = 3;

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS n2o_kvs (\
     tab text COLLATE \"C\" NOT NULL, key bytea NOT NULL, value bytea NOT NULL, \
     PRIMARY KEY (tab, key))";

/// The PostgreSQL backend ([`Store::postgres`](crate::Store::postgres)).
pub struct Postgres {
    config: Config,
    /// Where it connects, for messages: `user@host:port/db`, never the password.
    target: String,
    /// For reads outside transactions; `None` until needed again after a failure.
    reader: StdMutex<Option<Arc<Conn>>>,
    /// Held while the reader connection is being made, so that only one task makes it.
    reconnecting: Mutex<()>,
    /// Held by the open write transaction, with its connection.
    writer: Arc<Mutex<Option<Conn>>>,
    closed: AtomicBool,
}

impl fmt::Debug for Postgres {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Postgres").field("target", &self.target).finish_non_exhaustive()
    }
}

/// A connection and its prepared statements.
struct Conn {
    client: Client,
    get: Statement,
    get_many: Statement,
    /// Many puts in one statement (`unnest` of three arrays).
    put_many: Statement,
    delete: Statement,
    /// Scans, prepared on first use: one per kind of bounds and direction (see
    /// `scan_statement`).
    scans: StdMutex<[Option<Statement>; 18]>,
}

impl Postgres {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db`, or the
    /// `key=value` form) and creates the store's table if it is missing.
    ///
    /// Fails with [`Error::Connect`] naming the server (not the password) when the URL is
    /// not valid or the database cannot be reached. TLS is not supported: use it on loopback
    /// or a private network.
    pub async fn connect(url: &str) -> Result<Self> {
        let config: Config = url
            .parse()
            .map_err(|e| Error::Connect { target: "<invalid URL>".into(), source: Box::new(e) })?;
        let target = describe(&config);
        let client = connect(&config, &target).await?;
        client
            .batch_execute(&format!(
                "BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK}); {SCHEMA}; COMMIT"
            ))
            .await
            .map_err(|e| sql_error("creating the table n2o_kvs", &e))?;
        let writer = Conn::prepare(client).await?;
        Ok(Postgres {
            config,
            target,
            reader: StdMutex::new(None),
            reconnecting: Mutex::new(()),
            writer: Arc::new(Mutex::new(Some(writer))),
            closed: AtomicBool::new(false),
        })
    }

    /// Where it is connected: `user@host:port/database`.
    pub fn target(&self) -> &str {
        &self.target
    }

    fn check_open(&self) -> Result<()> {
        if self.closed.load(Ordering::Acquire) { Err(Error::Closed) } else { Ok(()) }
    }

    /// The connection for reads, made again if it broke.
    async fn reader(&self) -> Result<Arc<Conn>> {
        self.check_open()?;
        let current = || self.reader.lock().unwrap_or_else(PoisonError::into_inner).clone();
        if let Some(c) = current().filter(|c| !c.client.is_closed()) {
            return Ok(c);
        }
        let _making = self.reconnecting.lock().await;
        if let Some(c) = current().filter(|c| !c.client.is_closed()) {
            return Ok(c);
        }
        let conn = Arc::new(Conn::open(&self.config, &self.target).await?);
        self.check_open()?;
        *self.reader.lock().unwrap_or_else(PoisonError::into_inner) = Some(conn.clone());
        Ok(conn)
    }

    /// Takes the writer's turn and opens a transaction on its connection.
    ///
    /// The connection leaves the turn's slot for the transaction's lifetime and goes back
    /// only after a clean `COMMIT` or `ROLLBACK`: a transaction cancelled half-way (its
    /// future or handle dropped at any await) drops the connection instead, so the server
    /// rolls it back, and the next transaction never begins inside an unfinished one.
    async fn begin_txn(&self) -> Result<PgTxn> {
        self.check_open()?;
        let mut turn = self.writer.clone().lock_owned().await;
        self.check_open()?;
        let mut last = None;
        for attempt in 0..BEGIN_ATTEMPTS {
            if attempt > 0 {
                // A server restarting takes a moment: do not spend every attempt at once.
                tokio::time::sleep(std::time::Duration::from_millis(100 << attempt)).await;
            }
            let conn = match turn.take().filter(|c| !c.client.is_closed()) {
                Some(c) => c,
                None => match Conn::open(&self.config, &self.target).await {
                    Ok(c) => c,
                    Err(e) => {
                        last = Some(e);
                        continue;
                    }
                },
            };
            let sql = format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})");
            match conn.client.batch_execute(&sql).await {
                Ok(()) => {
                    let pending = Pending::new();
                    return Ok(PgTxn {
                        turn: Some(turn),
                        conn: Some(conn),
                        failed: false,
                        pending,
                    });
                }
                // The connection broke (the server restarted, say): make it again.
                Err(e) if conn.client.is_closed() => {
                    last = Some(sql_error("beginning a transaction", &e));
                }
                Err(e) => return Err(sql_error("beginning a transaction", &e)),
            }
        }
        Err(last.unwrap_or(Error::Closed))
    }
}

/// A new connection to the server, set up for the store.
async fn connect(config: &Config, target: &str) -> Result<Client> {
    let (client, connection) = config
        .connect(NoTls)
        .await
        .map_err(|e| Error::Connect { target: target.to_owned(), source: Box::new(e) })?;
    // Runs the socket; ends when the client is dropped or the server goes away, which the
    // client then reports (`is_closed`, and an error from the call that was waiting).
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
        .batch_execute("SET synchronous_commit = on")
        .await
        .map_err(|e| sql_error("setting up the connection", &e))?;
    Ok(client)
}

impl Conn {
    async fn open(config: &Config, target: &str) -> Result<Conn> {
        Conn::prepare(connect(config, target).await?).await
    }

    /// `client` with the statements prepared (the table must exist).
    async fn prepare(client: Client) -> Result<Conn> {
        let prepare = |sql: &'static str| {
            let client = &client;
            async move { client.prepare(sql).await.map_err(|e| sql_error(sql, &e)) }
        };
        let get = prepare("SELECT value FROM n2o_kvs WHERE tab = $1 AND key = $2").await?;
        let get_many =
            prepare("SELECT key, value FROM n2o_kvs WHERE tab = $1 AND key = ANY($2)").await?;
        let put_many = prepare(
            "INSERT INTO n2o_kvs (tab, key, value) \
             SELECT * FROM unnest($1::text[], $2::bytea[], $3::bytea[]) \
             ON CONFLICT (tab, key) DO UPDATE SET value = EXCLUDED.value",
        )
        .await?;
        let delete = prepare("DELETE FROM n2o_kvs WHERE tab = $1 AND key = $2").await?;
        let scans = StdMutex::new(Default::default());
        Ok(Conn { client, get, get_many, put_many, delete, scans })
    }

    async fn get(&self, table: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let row = self.client.query_opt(&self.get, &[&table, &key]).await;
        Ok(row.map_err(|e| sql_error("reading a key", &e))?.map(|r| r.get(0)))
    }

    async fn get_many(&self, table: &str, keys: Vec<Vec<u8>>) -> Result<Vec<Option<Vec<u8>>>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.client.query(&self.get_many, &[&table, &keys]).await;
        let found: HashMap<Vec<u8>, Vec<u8>> = rows
            .map_err(|e| sql_error("reading keys", &e))?
            .into_iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        // In the order asked, a key asked for twice getting its value twice.
        Ok(keys.iter().map(|k| found.get(k).cloned()).collect())
    }

    async fn scan(
        &self,
        table: &str,
        range: &KeyRange,
        direction: Direction,
        limit: usize,
    ) -> Result<Vec<Pair>> {
        if range.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let statement = self.scan_statement(range, direction).await?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&table, &limit];
        for bound in [&range.start, &range.end] {
            if let Bound::Included(k) | Bound::Excluded(k) = bound {
                params.push(k);
            }
        }
        let rows = self.client.query(&statement, &params).await;
        Ok(rows
            .map_err(|e| sql_error("scanning keys", &e))?
            .into_iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    /// The prepared scan for the kinds of `range`'s bounds and `direction`.
    async fn scan_statement(&self, range: &KeyRange, direction: Direction) -> Result<Statement> {
        let (lower, upper) = (bound_kind(&range.start), bound_kind(&range.end));
        let slot = (lower * 3 + upper) * 2 + usize::from(direction == Direction::Reverse);
        let cached = self.scans.lock().unwrap_or_else(PoisonError::into_inner)[slot].clone();
        if let Some(s) = cached {
            return Ok(s);
        }
        let sql = scan_sql(lower, upper, direction);
        let s = self.client.prepare(&sql).await.map_err(|e| sql_error(&sql, &e))?;
        self.scans.lock().unwrap_or_else(PoisonError::into_inner)[slot] = Some(s.clone());
        Ok(s)
    }
}

/// 0 for an unbounded end, 1 for an included one, 2 for an excluded one.
fn bound_kind(b: &Bound<Vec<u8>>) -> usize {
    match b {
        Bound::Unbounded => 0,
        Bound::Included(_) => 1,
        Bound::Excluded(_) => 2,
    }
}

/// A scan's SQL: `$1` the table, `$2` the limit, then the bounds that are there.
fn scan_sql(lower: usize, upper: usize, direction: Direction) -> String {
    let mut sql = String::from("SELECT key, value FROM n2o_kvs WHERE tab = $1");
    let mut param = 3;
    for (kind, ops) in [(lower, [">=", ">"]), (upper, ["<=", "<"])] {
        if kind > 0 {
            sql.push_str(&format!(" AND key {} ${param}", ops[kind - 1]));
            param += 1;
        }
    }
    sql.push_str(match direction {
        Direction::Forward => " ORDER BY key LIMIT $2",
        Direction::Reverse => " ORDER BY key DESC LIMIT $2",
    });
    sql
}

/// `user@host:port/database`, from what the URL gave (the password left out).
fn describe(config: &Config) -> String {
    use tokio_postgres::config::Host;
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let host = match h {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            };
            match config.get_ports().get(i).or(config.get_ports().first()) {
                Some(port) => format!("{host}:{port}"),
                None => host,
            }
        })
        .collect();
    let user = config.get_user().map(|u| format!("{u}@")).unwrap_or_default();
    let db = config.get_dbname().map(|d| format!("/{d}")).unwrap_or_default();
    format!("postgres://{user}{}{db}", hosts.join(","))
}

/// A failed statement as a backend error saying what was being done.
fn sql_error(doing: &str, e: &tokio_postgres::Error) -> Error {
    let detail = match e.as_db_error() {
        Some(db) => format!("{}: {} ({})", doing, db.message(), db.code().code()),
        None => format!("{doing}: {e}"),
    };
    Error::backend(detail)
}

impl Backend for Postgres {
    fn get<'a>(&'a self, table: &'a str, key: &'a [u8]) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        Box::pin(async move { self.reader().await?.get(table, key).await })
    }

    fn get_many<'a>(
        &'a self,
        table: &'a str,
        keys: Vec<Vec<u8>>,
    ) -> BoxFuture<'a, Result<Vec<Option<Vec<u8>>>>> {
        Box::pin(async move { self.reader().await?.get_many(table, keys).await })
    }

    fn scan<'a>(
        &'a self,
        table: &'a str,
        range: KeyRange,
        direction: Direction,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<Pair>>> {
        Box::pin(async move { self.reader().await?.scan(table, &range, direction, limit).await })
    }

    fn begin(&self) -> BoxFuture<'_, Result<Box<dyn WriteTxn>>> {
        Box::pin(async move {
            let txn: Box<dyn WriteTxn> = Box::new(self.begin_txn().await?);
            Ok(txn)
        })
    }

    fn close(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            // Wait for the open transaction, then drop both connections.
            let mut turn = self.writer.lock().await;
            self.closed.store(true, Ordering::Release);
            *turn = None;
            *self.reader.lock().unwrap_or_else(PoisonError::into_inner) = None;
            Ok(())
        })
    }
}

/// A write transaction of [`Postgres`]: the writer's turn, and its connection inside
/// `BEGIN` holding the write lock.
struct PgTxn {
    /// The writer's slot, to give the connection back to; `None` once finished.
    turn: Option<OwnedMutexGuard<Option<Conn>>>,
    /// `None` once finished.
    conn: Option<Conn>,
    /// A statement failed: PostgreSQL has aborted the transaction, and would answer a
    /// `COMMIT` by rolling back without an error, so commit must refuse.
    failed: bool,
    /// Puts not sent yet, the last value of each key: they go in one statement before the
    /// transaction's next read or delete, or in the same round trip as `COMMIT`. A record
    /// and its index entries (or a feed entry and its counter) are then one round trip.
    pending: Pending,
}

/// Puts waiting to be sent, by table and key.
type Pending = BTreeMap<(String, Vec<u8>), Vec<u8>>;

/// Past this many waiting puts, they are sent at once: a bound on one statement's size.
const MAX_PENDING: usize = 1000;

impl PgTxn {
    fn conn(&self) -> Result<&Conn> {
        self.conn.as_ref().ok_or(Error::Closed)
    }

    /// Notes a failed statement (see `failed`).
    fn track<T>(&mut self, r: Result<T>) -> Result<T> {
        self.failed |= r.is_err();
        r
    }

    /// Sends the waiting puts, so that the next statement sees them.
    async fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let r = put_many(self.conn()?, &pending).await;
        self.track(r)
    }
}

/// Writes `pending` in one statement.
async fn put_many(conn: &Conn, pending: &Pending) -> Result<()> {
    let tables: Vec<&str> = pending.keys().map(|(t, _)| t.as_str()).collect();
    let keys: Vec<&[u8]> = pending.keys().map(|(_, k)| k.as_slice()).collect();
    let values: Vec<&[u8]> = pending.values().map(Vec::as_slice).collect();
    let r = conn.client.execute(&conn.put_many, &[&tables, &keys, &values]).await;
    r.map(drop).map_err(|e| sql_error("writing keys", &e))
}

impl Drop for PgTxn {
    fn drop(&mut self) {
        let (Some(mut turn), Some(conn)) = (self.turn.take(), self.conn.take()) else { return };
        // Roll back before the turn passes on, so that other nodes get the lock now rather
        // than when this connection goes. Without a runtime to do it on, the connection is
        // dropped: the server rolls back when it goes.
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                if conn.client.batch_execute("ROLLBACK").await.is_ok() {
                    *turn = Some(conn);
                }
            });
        }
    }
}

impl WriteTxn for PgTxn {
    fn get<'a>(
        &'a mut self,
        table: &'a str,
        key: &'a [u8],
    ) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        Box::pin(async move {
            self.flush().await?;
            let r = self.conn()?.get(table, key).await;
            self.track(r)
        })
    }

    fn scan<'a>(
        &'a mut self,
        table: &'a str,
        range: KeyRange,
        direction: Direction,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<Pair>>> {
        Box::pin(async move {
            self.flush().await?;
            let r = self.conn()?.scan(table, &range, direction, limit).await;
            self.track(r)
        })
    }

    fn put<'a>(
        &'a mut self,
        table: &'a str,
        key: Vec<u8>,
        value: Vec<u8>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            self.conn()?;
            self.pending.insert((table.to_owned(), key), value);
            if self.pending.len() >= MAX_PENDING {
                self.flush().await?;
            }
            Ok(())
        })
    }

    fn delete<'a>(&'a mut self, table: &'a str, key: Vec<u8>) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move {
            self.flush().await?;
            let c = self.conn()?;
            let r = c.client.execute(&c.delete, &[&table, &key]).await;
            self.track(r.map(|n| n > 0).map_err(|e| sql_error("deleting a key", &e)))
        })
    }

    fn commit(mut self: Box<Self>) -> BoxFuture<'static, Result<()>> {
        Box::pin(async move {
            if self.failed {
                // Dropping `self` rolls back.
                return Err(Error::backend(
                    "a statement of this transaction failed, so it was rolled back instead of committed",
                ));
            }
            let (Some(mut turn), Some(conn)) = (self.turn.take(), self.conn.take()) else {
                return Err(Error::Closed);
            };
            // The waiting puts and `COMMIT` go out together (tokio-postgres pipelines requests
            // polled together) and are answered in order. A failed put aborts the
            // transaction, and `COMMIT` then rolls back without an error: its result decides.
            let pending = std::mem::take(&mut self.pending);
            let (put, commit) = tokio::join!(
                async { if pending.is_empty() { Ok(()) } else { put_many(&conn, &pending).await } },
                conn.client.batch_execute("COMMIT"),
            );
            put?;
            // On an error, whether it committed is unknown: the connection is not used again.
            commit.map_err(|e| sql_error("committing", &e))?;
            *turn = Some(conn);
            Ok(())
        })
    }
}
