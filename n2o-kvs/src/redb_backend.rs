//! The redb backend: one data file, ACID, every commit durable (`Durability::Immediate`).
//!
//! Threads: write transactions run on one dedicated writer thread, fed closures through a
//! channel; reads run on tokio's blocking pool (`spawn_blocking`). Why the split: redb allows
//! one write transaction at a time and keeps it on the thread that drives it, so one thread
//! owning it serialises commits (each an `fsync`) without parking a pool thread per waiting
//! writer; reads are MVCC snapshots that run in parallel with each other and with the
//! writer, so the pool suits them. No redb call ever runs on an async worker.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock, mpsc};

use redb::{
    Database, DatabaseError, Durability, ReadableDatabase, ReadableTable, StorageError,
    TableDefinition, TableError, WriteTransaction,
};
use tokio::sync::{Mutex, OwnedMutexGuard, oneshot};

use crate::backend::{Backend, BoxFuture, Direction, KeyRange, Pair, WriteTxn};
use crate::error::{Error, Result};

type Def<'a> = TableDefinition<'a, &'static [u8], &'static [u8]>;
type Guard<'a> = redb::AccessGuard<'a, &'static [u8]>;
type Job = Box<dyn FnOnce(&mut Writer) + Send>;

/// The redb backend ([`Store::open`](crate::Store::open)).
#[derive(Debug)]
pub struct Redb {
    path: PathBuf,
    /// For reads; `None` once closed.
    db: RwLock<Option<Arc<Database>>>,
    jobs: mpsc::Sender<Job>,
    /// Held by the open write transaction: one at a time, waited for asynchronously.
    writer: Arc<Mutex<()>>,
}

/// What the writer thread owns.
struct Writer {
    db: Option<Arc<Database>>,
    txn: Option<WriteTransaction>,
    stop: bool,
}

impl Redb {
    /// Opens the data file at `path`, creating it (not its directory) if it does not exist.
    ///
    /// Blocks while redb reads the file's header (and, after a crash, repairs it): call it
    /// before serving, or from `spawn_blocking`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        // redb asserts on some malformed headers; a corrupt file must be an error, not a panic.
        let opened = catch_unwind(AssertUnwindSafe(|| Database::builder().create(&path)));
        let db = match opened {
            Ok(Ok(db)) => Arc::new(db),
            Ok(Err(e)) => return Err(open_error(&path, e)),
            Err(panic) => {
                let detail = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "the database engine panicked reading it".into());
                return Err(Error::Corrupt { path, detail });
            }
        };
        let (jobs, rx) = mpsc::channel::<Job>();
        let mut writer = Writer { db: Some(db.clone()), txn: None, stop: false };
        std::thread::Builder::new()
            .name("n2o-kvs-writer".into())
            .spawn(move || {
                while let Ok(job) = rx.recv() {
                    // A panic inside redb fails that one call (its caller sees the reply
                    // dropped: `Error::Closed`) and rolls the transaction back; the writer
                    // lives on for the next one.
                    if catch_unwind(AssertUnwindSafe(|| job(&mut writer))).is_err() {
                        writer.txn = None;
                    }
                    if writer.stop {
                        break;
                    }
                }
            })
            .map_err(|source| Error::Open { path: path.clone(), source })?;
        Ok(Redb { path, db: RwLock::new(Some(db)), jobs, writer: Arc::new(Mutex::new(())) })
    }

    /// The data file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn db(&self) -> Result<Arc<Database>> {
        self.db.read().unwrap_or_else(PoisonError::into_inner).clone().ok_or(Error::Closed)
    }

    /// Runs `f` on a read snapshot on the blocking pool.
    async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&redb::ReadTransaction) -> Result<T> + Send + 'static,
    {
        let db = self.db()?;
        tokio::task::spawn_blocking(move || f(&db.begin_read().map_err(Error::backend)?))
            .await
            .map_err(|e| Error::backend(format!("a read task failed: {e}")))?
    }
}

fn open_error(path: &Path, e: DatabaseError) -> Error {
    let path = path.to_path_buf();
    match e {
        DatabaseError::DatabaseAlreadyOpen => Error::Locked { path },
        DatabaseError::Storage(StorageError::Io(e))
            if e.kind() == std::io::ErrorKind::InvalidData =>
        {
            Error::Corrupt { path, detail: "not a redb database (its header is wrong)".into() }
        }
        DatabaseError::Storage(StorageError::Io(source)) => Error::Open { path, source },
        other => Error::Corrupt { path, detail: other.to_string() },
    }
}

/// Up to `limit` pairs of `table` in `range`.
fn scan_table<T: ReadableTable<&'static [u8], &'static [u8]>>(
    table: &T,
    range: &KeyRange,
    direction: Direction,
    limit: usize,
) -> Result<Vec<Pair>> {
    if range.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let iter = table.range::<&[u8]>(range.as_slices()).map_err(Error::backend)?;
    let mut out = Vec::new();
    let mut push = |item: Result<(Guard<'_>, Guard<'_>), StorageError>| {
        let (k, v) = item.map_err(Error::backend)?;
        out.push((k.value().to_vec(), v.value().to_vec()));
        Ok::<_, Error>(())
    };
    match direction {
        Direction::Forward => iter.take(limit).try_for_each(&mut push)?,
        Direction::Reverse => iter.rev().take(limit).try_for_each(&mut push)?,
    }
    Ok(out)
}

/// Opens `name` for reading; `None` when it was never written.
fn read_table(
    txn: &redb::ReadTransaction,
    name: &str,
) -> Result<Option<redb::ReadOnlyTable<&'static [u8], &'static [u8]>>> {
    match txn.open_table(Def::new(name)) {
        Ok(t) => Ok(Some(t)),
        Err(TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(Error::backend(e)),
    }
}

impl Backend for Redb {
    fn get<'a>(&'a self, table: &'a str, key: &'a [u8]) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        let (table, key) = (table.to_owned(), key.to_vec());
        Box::pin(self.read(move |txn| {
            let Some(t) = read_table(txn, &table)? else { return Ok(None) };
            Ok(t.get(key.as_slice()).map_err(Error::backend)?.map(|v| v.value().to_vec()))
        }))
    }

    fn get_many<'a>(
        &'a self,
        table: &'a str,
        keys: Vec<Vec<u8>>,
    ) -> BoxFuture<'a, Result<Vec<Option<Vec<u8>>>>> {
        let table = table.to_owned();
        Box::pin(self.read(move |txn| {
            let Some(t) = read_table(txn, &table)? else { return Ok(vec![None; keys.len()]) };
            keys.iter()
                .map(|k| {
                    Ok(t.get(k.as_slice()).map_err(Error::backend)?.map(|v| v.value().to_vec()))
                })
                .collect()
        }))
    }

    fn scan<'a>(
        &'a self,
        table: &'a str,
        range: KeyRange,
        direction: Direction,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<Pair>>> {
        let table = table.to_owned();
        Box::pin(self.read(move |txn| match read_table(txn, &table)? {
            None => Ok(Vec::new()),
            Some(t) => scan_table(&t, &range, direction, limit),
        }))
    }

    fn begin(&self) -> BoxFuture<'_, Result<Box<dyn WriteTxn>>> {
        Box::pin(async move {
            let turn = self.writer.clone().lock_owned().await;
            let txn = RedbTxn { jobs: self.jobs.clone(), open: true, _turn: turn };
            txn.run(|w| {
                let db = w.db.as_ref().ok_or(Error::Closed)?;
                let mut txn = db.begin_write().map_err(Error::backend)?;
                // The default in redb 4, set here so that it stays so: commit returns after fsync.
                txn.set_durability(Durability::Immediate).map_err(Error::backend)?;
                w.txn = Some(txn);
                Ok(())
            })
            .await?;
            let txn: Box<dyn WriteTxn> = Box::new(txn);
            Ok(txn)
        })
    }

    fn close(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            let _turn = self.writer.lock().await;
            let db = self.db.write().unwrap_or_else(PoisonError::into_inner).take();
            let (done, stopped) = oneshot::channel();
            let stop: Job = Box::new(move |w| {
                w.txn = None;
                w.db = None;
                drop(db); // the last reference, unless a read is still running
                w.stop = true;
                let _ = done.send(());
            });
            if self.jobs.send(stop).is_ok() {
                let _ = stopped.await;
            }
            Ok(())
        })
    }
}

impl Drop for Redb {
    fn drop(&mut self) {
        // Closing the database writes to the file: hand the last reference to the writer
        // thread rather than dropping it here, possibly on an async worker.
        let db = self.db.write().unwrap_or_else(PoisonError::into_inner).take();
        let _ = self.jobs.send(Box::new(move |w| {
            w.txn = None;
            w.db = None;
            drop(db);
            w.stop = true;
        }));
    }
}

/// A write transaction of [`Redb`]: the `redb::WriteTransaction` itself lives on the writer
/// thread; this handle sends it work.
struct RedbTxn {
    jobs: mpsc::Sender<Job>,
    /// Cleared by commit; a handle dropped while set rolls the transaction back.
    open: bool,
    _turn: OwnedMutexGuard<()>,
}

impl RedbTxn {
    /// Runs `f` on the writer thread with the open transaction.
    fn run<T, F>(&self, f: F) -> impl Future<Output = Result<T>> + Send + use<T, F>
    where
        T: Send + 'static,
        F: FnOnce(&mut Writer) -> Result<T> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(Box::new(move |w| {
            let _ = reply.send(f(w));
        }));
        async move {
            sent.map_err(|_| Error::Closed)?;
            answer.await.map_err(|_| Error::Closed)?
        }
    }

    fn with_txn<T, F>(&self, f: F) -> impl Future<Output = Result<T>> + Send + use<T, F>
    where
        T: Send + 'static,
        F: FnOnce(&WriteTransaction) -> Result<T> + Send + 'static,
    {
        self.run(move |w| f(w.txn.as_ref().ok_or(Error::Closed)?))
    }
}

impl Drop for RedbTxn {
    fn drop(&mut self) {
        if self.open {
            // Sent before `_turn` is released, so it runs before the next transaction begins.
            let _ = self.jobs.send(Box::new(|w| w.txn = None));
        }
    }
}

impl WriteTxn for RedbTxn {
    fn get<'a>(
        &'a mut self,
        table: &'a str,
        key: &'a [u8],
    ) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        let (table, key) = (table.to_owned(), key.to_vec());
        Box::pin(self.with_txn(move |txn| {
            let t = txn.open_table(Def::new(&table)).map_err(Error::backend)?;
            Ok(t.get(key.as_slice()).map_err(Error::backend)?.map(|v| v.value().to_vec()))
        }))
    }

    fn scan<'a>(
        &'a mut self,
        table: &'a str,
        range: KeyRange,
        direction: Direction,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<Pair>>> {
        let table = table.to_owned();
        Box::pin(self.with_txn(move |txn| {
            let t = txn.open_table(Def::new(&table)).map_err(Error::backend)?;
            scan_table(&t, &range, direction, limit)
        }))
    }

    fn put<'a>(
        &'a mut self,
        table: &'a str,
        key: Vec<u8>,
        value: Vec<u8>,
    ) -> BoxFuture<'a, Result<()>> {
        let table = table.to_owned();
        Box::pin(self.with_txn(move |txn| {
            let mut t = txn.open_table(Def::new(&table)).map_err(Error::backend)?;
            t.insert(key.as_slice(), value.as_slice()).map_err(Error::backend)?;
            Ok(())
        }))
    }

    fn delete<'a>(&'a mut self, table: &'a str, key: Vec<u8>) -> BoxFuture<'a, Result<bool>> {
        let table = table.to_owned();
        Box::pin(self.with_txn(move |txn| {
            let mut t = txn.open_table(Def::new(&table)).map_err(Error::backend)?;
            Ok(t.remove(key.as_slice()).map_err(Error::backend)?.is_some())
        }))
    }

    fn commit(mut self: Box<Self>) -> BoxFuture<'static, Result<()>> {
        self.open = false;
        let done = self.run(|w| {
            let txn = w.txn.take().ok_or(Error::Closed)?;
            txn.commit().map_err(Error::backend)
        });
        // `self` (and so the writer turn) is released only after the commit ran.
        Box::pin(async move {
            let r = done.await;
            drop(self);
            r
        })
    }
}
