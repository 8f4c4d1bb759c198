//! How typed data lies in the backend's byte tables: table names, composite keys, counters.
//!
//! | what | table | key | value |
//! |---|---|---|---|
//! | records of `R` | `t:{R::TABLE}` | key | JSON of the record |
//! | unique index `n` | `i:{R::TABLE}:{n}` | index key | primary key |
//! | index `n` | `i:{R::TABLE}:{n}` | index key, primary key | primary key |
//! | feed family `f` | `f:{f}` | feed key, cursor (u64 BE) | JSON of the entry |
//! | `next_id` of `R` | `m` | `id:`, `R::TABLE` | last id (u64 BE) |
//! | last cursor of a feed | `m` | `feed:`, `f`, feed key | last cursor (u64 BE) |
//!
//! Keys are encoded by [`Key`](crate::Key), so the string parts are prefix-free.

use crate::key::Key;

/// The table of counters.
pub(crate) const META: &str = "m";

pub(crate) fn records(table: &str) -> String {
    format!("t:{table}")
}

pub(crate) fn index(table: &str, name: &str) -> String {
    format!("i:{table}:{name}")
}

pub(crate) fn feed(name: &str) -> String {
    format!("f:{name}")
}

pub(crate) fn id_counter(table: &str) -> Vec<u8> {
    let mut k = b"id:".to_vec();
    table.encode(&mut k);
    k
}

pub(crate) fn feed_counter(name: &str, feed_key: &[u8]) -> Vec<u8> {
    let mut k = b"feed:".to_vec();
    name.encode(&mut k);
    k.extend_from_slice(feed_key);
    k
}

/// A feed entry's key: the feed key, then the cursor.
pub(crate) fn entry(feed_key: &[u8], cursor: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(feed_key.len() + 8);
    k.extend_from_slice(feed_key);
    cursor.encode(&mut k);
    k
}

/// The cursor at the end of a feed entry's key.
pub(crate) fn cursor_of(entry_key: &[u8]) -> Option<u64> {
    let at = entry_key.len().checked_sub(8)?;
    Some(u64::from_be_bytes(entry_key[at..].try_into().ok()?))
}

/// A counter's value, or `None` for a stored value that is not 8 bytes.
pub(crate) fn counter(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

/// Raw key bytes as text for an error message (`b"ab\x00"`), where no typed key is at hand.
pub(crate) fn show_bytes(key: &[u8]) -> String {
    format!("b\"{}\"", key.escape_ascii())
}
