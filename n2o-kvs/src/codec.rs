//! Values as JSON, within the size limits, with errors that name the table and key.
//!
//! JSON because it is self-describing: a record written before a field was added still
//! reads when the new field has `#[serde(default)]`, unknown fields are ignored unless the
//! type says `deny_unknown_fields`, and every serde attribute works (`flatten`, `untagged`,
//! `skip_serializing_if`), none of which a positional format (postcard, bincode) allows.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::limits::Limits;

pub(crate) fn encode<T: Serialize + ?Sized>(
    value: &T,
    limits: &Limits,
    table: &str,
    key: &dyn Debug,
) -> Result<Vec<u8>> {
    let bytes = serde_json::to_vec(value).map_err(|source| Error::Encode {
        table: table.to_owned(),
        key: format!("{key:?}"),
        source,
    })?;
    if bytes.len() > limits.max_record {
        return Err(Error::TooLarge {
            table: table.to_owned(),
            key: format!("{key:?}"),
            size: bytes.len(),
            max: limits.max_record,
        });
    }
    Ok(bytes)
}

/// Decodes `bytes`; `key` is only formatted when it fails.
pub(crate) fn decode<T: DeserializeOwned>(
    bytes: &[u8],
    table: &str,
    key: impl FnOnce() -> String,
) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|source| Error::Decode {
        table: table.to_owned(),
        key: key(),
        source,
    })
}

/// Encodes a key, refusing one over `limits.max_key`.
pub(crate) fn key<K: crate::Key + ?Sized>(
    key: &K,
    limits: &Limits,
    table: &str,
) -> Result<Vec<u8>> {
    let bytes = key.to_bytes();
    check_key(bytes.len(), limits, table)?;
    Ok(bytes)
}

pub(crate) fn check_key(size: usize, limits: &Limits, table: &str) -> Result<()> {
    if size > limits.max_key {
        return Err(Error::KeyTooLarge { table: table.to_owned(), size, max: limits.max_key });
    }
    Ok(())
}
