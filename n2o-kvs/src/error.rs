//! The one error type of the store: every variant names what it is about (file, table, key).

use std::path::PathBuf;

/// What went wrong in a store operation.
///
/// Each variant carries what a person needs to find the cause: the data file for errors at
/// open, the table and key (as `Debug` of the typed key) for a record.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Another [`Store`](crate::Store), in this process or another, holds the data file.
    #[error("the data file {} is locked: another process (or another Store in this one) has it open", path.display())]
    Locked {
        /// The data file.
        path: PathBuf,
    },
    /// The data file is not a database this version can read (garbage, truncated, or a
    /// newer format). The store never replaces it with an empty one.
    #[error("the data file {} is corrupt or not a store: {detail}", path.display())]
    Corrupt {
        /// The data file.
        path: PathBuf,
        /// What the database engine said.
        detail: String,
    },
    /// The data file could not be opened or created (permissions, missing directory, …).
    #[error("cannot open the data file {}: {source}", path.display())]
    Open {
        /// The data file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The database server could not be reached, or its URL is not valid (`Store::postgres`,
    /// with the `postgres` feature).
    #[error("cannot connect to the database {target}: {source}")]
    Connect {
        /// The server, as `postgres://user@host:port/database` (never the password), or
        /// `<invalid URL>` when the URL does not parse.
        target: String,
        /// What the driver said.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A stored record no longer deserialises into its type (its schema changed).
    #[error("the record {key} in table `{table}` does not deserialise: {source}")]
    Decode {
        /// The table (a [`Record::TABLE`](crate::Record::TABLE) or a feed's name).
        table: String,
        /// The key, as `Debug` of the typed key (for a feed entry: the feed's key and cursor).
        key: String,
        /// What serde said.
        source: serde_json::Error,
    },
    /// A value could not be serialised (for example a map with non-string keys).
    #[error("the record {key} for table `{table}` does not serialise: {source}")]
    Encode {
        /// The table.
        table: String,
        /// The key, as `Debug` of the typed key.
        key: String,
        /// What serde said.
        source: serde_json::Error,
    },
    /// A record (or feed entry) is larger than [`Limits::max_record`](crate::Limits).
    #[error("the record {key} for table `{table}` is {size} bytes, over the limit of {max}")]
    TooLarge {
        /// The table.
        table: String,
        /// The key, as `Debug` of the typed key.
        key: String,
        /// The encoded size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// A key is longer, encoded, than [`Limits::max_key`](crate::Limits).
    #[error("a key for table `{table}` is {size} bytes encoded, over the limit of {max}")]
    KeyTooLarge {
        /// The table.
        table: String,
        /// The encoded size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// A put would give a unique index a second record with the same key.
    #[error("the unique index `{index}` of table `{table}` already has {key}")]
    Unique {
        /// The table.
        table: String,
        /// The index's name.
        index: String,
        /// The index key, as `Debug` of the typed key.
        key: String,
    },
    /// The store was closed ([`Store::close`](crate::Store::close)) or its writer stopped.
    #[error("the store is closed")]
    Closed,
    /// The backend failed while running (I/O error, disk full, …).
    #[error("storage error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// A backend failure from any error type.
    pub fn backend(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::Backend(e.into())
    }
}

/// The store's `Result`.
pub type Result<T, E = Error> = std::result::Result<T, E>;
