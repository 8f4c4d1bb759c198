//! The in-memory backend: `BTreeMap`s behind a lock, with the same semantics as the redb one
//! (snapshot reads of committed state, one write transaction at a time, read-your-writes).
//! For tests; nothing survives the process.

use std::collections::BTreeMap;
use std::iter::Peekable;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::backend::{Backend, BoxFuture, Direction, KeyRange, Pair, WriteTxn};
use crate::error::{Error, Result};

type Table = BTreeMap<Vec<u8>, Vec<u8>>;
/// A transaction's writes: `None` is a delete.
type Writes = BTreeMap<Vec<u8>, Option<Vec<u8>>>;
/// Pairs in scan order, `None` for a delete.
type Pairs<'a> = Box<dyn Iterator<Item = (&'a Vec<u8>, Option<&'a Vec<u8>>)> + 'a>;

/// The in-memory backend ([`Store::memory`](crate::Store::memory)).
#[derive(Debug, Default)]
pub struct Memory {
    tables: Arc<RwLock<BTreeMap<String, Table>>>,
    /// Held by the open write transaction: one at a time, waited for asynchronously.
    writer: Arc<Mutex<()>>,
    closed: AtomicBool,
}

impl Memory {
    /// An empty store.
    pub fn new() -> Self {
        Memory::default()
    }

    fn check_open(&self) -> Result<()> {
        if self.closed.load(Ordering::Acquire) { Err(Error::Closed) } else { Ok(()) }
    }
}

impl Backend for Memory {
    fn get<'a>(&'a self, table: &'a str, key: &'a [u8]) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        Box::pin(async move {
            self.check_open()?;
            let tables = self.tables.read().unwrap_or_else(PoisonError::into_inner);
            Ok(tables.get(table).and_then(|t| t.get(key)).cloned())
        })
    }

    fn get_many<'a>(
        &'a self,
        table: &'a str,
        keys: Vec<Vec<u8>>,
    ) -> BoxFuture<'a, Result<Vec<Option<Vec<u8>>>>> {
        Box::pin(async move {
            self.check_open()?;
            let tables = self.tables.read().unwrap_or_else(PoisonError::into_inner);
            let t = tables.get(table);
            Ok(keys.iter().map(|k| t.and_then(|t| t.get(k)).cloned()).collect())
        })
    }

    fn scan<'a>(
        &'a self,
        table: &'a str,
        range: KeyRange,
        direction: Direction,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<Pair>>> {
        Box::pin(async move {
            self.check_open()?;
            let tables = self.tables.read().unwrap_or_else(PoisonError::into_inner);
            Ok(merged(tables.get(table), None, &range, direction, limit))
        })
    }

    fn begin(&self) -> BoxFuture<'_, Result<Box<dyn WriteTxn>>> {
        Box::pin(async move {
            self.check_open()?;
            let turn = self.writer.clone().lock_owned().await;
            self.check_open()?;
            let txn: Box<dyn WriteTxn> = Box::new(MemoryTxn {
                tables: self.tables.clone(),
                writes: BTreeMap::new(),
                _turn: turn,
            });
            Ok(txn)
        })
    }

    fn close(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            // Wait for the open transaction, as the disk backend does, then refuse new work.
            let _turn = self.writer.lock().await;
            self.closed.store(true, Ordering::Release);
            Ok(())
        })
    }
}

/// A write transaction of [`Memory`]: its writes wait in `writes` until commit.
struct MemoryTxn {
    tables: Arc<RwLock<BTreeMap<String, Table>>>,
    writes: BTreeMap<String, Writes>,
    _turn: OwnedMutexGuard<()>,
}

impl WriteTxn for MemoryTxn {
    fn get<'a>(
        &'a mut self,
        table: &'a str,
        key: &'a [u8],
    ) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        Box::pin(async move {
            if let Some(w) = self.writes.get(table).and_then(|w| w.get(key)) {
                return Ok(w.clone());
            }
            let tables = self.tables.read().unwrap_or_else(PoisonError::into_inner);
            Ok(tables.get(table).and_then(|t| t.get(key)).cloned())
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
            let tables = self.tables.read().unwrap_or_else(PoisonError::into_inner);
            Ok(merged(tables.get(table), self.writes.get(table), &range, direction, limit))
        })
    }

    fn put<'a>(
        &'a mut self,
        table: &'a str,
        key: Vec<u8>,
        value: Vec<u8>,
    ) -> BoxFuture<'a, Result<()>> {
        self.writes.entry(table.to_owned()).or_default().insert(key, Some(value));
        Box::pin(async { Ok(()) })
    }

    fn delete<'a>(&'a mut self, table: &'a str, key: Vec<u8>) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move {
            let existed = WriteTxn::get(self, table, &key).await?.is_some();
            self.writes.entry(table.to_owned()).or_default().insert(key, None);
            Ok(existed)
        })
    }

    fn commit(self: Box<Self>) -> BoxFuture<'static, Result<()>> {
        Box::pin(async move {
            let mut tables = self.tables.write().unwrap_or_else(PoisonError::into_inner);
            for (name, writes) in self.writes {
                let table = tables.entry(name).or_default();
                for (key, value) in writes {
                    match value {
                        Some(v) => table.insert(key, v),
                        None => table.remove(&key),
                    };
                }
            }
            Ok(())
        })
    }
}

/// Up to `limit` pairs of `base` with `writes` laid over it, in `range`, in `direction` order.
fn merged(
    base: Option<&Table>,
    writes: Option<&Writes>,
    range: &KeyRange,
    direction: Direction,
    limit: usize,
) -> Vec<Pair> {
    if range.is_empty() || limit == 0 {
        return Vec::new();
    }
    let bounds = range.as_slices();
    let base: Pairs<'_> = match base {
        None => Box::new(std::iter::empty()),
        Some(t) => ordered(t.range::<[u8], _>(bounds).map(|(k, v)| (k, Some(v))), direction),
    };
    let writes: Pairs<'_> = match writes {
        None => Box::new(std::iter::empty()),
        Some(w) => ordered(w.range::<[u8], _>(bounds).map(|(k, v)| (k, v.as_ref())), direction),
    };
    let (mut base, mut writes): (Peekable<_>, Peekable<_>) = (base.peekable(), writes.peekable());
    let mut out = Vec::new();
    while out.len() < limit {
        let take_write = match (base.peek(), writes.peek()) {
            (None, None) => break,
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some((b, _)), Some((w, _))) => {
                if b == w {
                    base.next(); // the write shadows the committed value
                    true
                } else {
                    (w < b) == (direction == Direction::Forward)
                }
            }
        };
        let next = if take_write { writes.next() } else { base.next() };
        if let Some((k, Some(v))) = next {
            out.push((k.clone(), v.clone()));
        }
    }
    out
}

fn ordered<'a, I>(iter: I, direction: Direction) -> Pairs<'a>
where
    I: DoubleEndedIterator<Item = (&'a Vec<u8>, Option<&'a Vec<u8>>)> + 'a,
{
    match direction {
        Direction::Forward => Box::new(iter),
        Direction::Reverse => Box::new(iter.rev()),
    }
}
