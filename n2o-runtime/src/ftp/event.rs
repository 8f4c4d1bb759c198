//! What a page hears of its uploads: a transfer started, a file stored, a transfer failed.

use std::path::PathBuf;
use std::time::SystemTime;

/// What happened to a file sent over the page's socket, as the page's
/// [`Event::File`](crate::page::Event::File) carries it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FileEvent {
    /// A transfer was accepted (`offset` 0), or resumed after a reconnect (`offset` is
    /// where it goes on from).
    Started(Upload),
    /// The whole file arrived: fsynced, renamed into place, described by its metadata.
    Stored(StoredFile),
    /// A transfer was refused, cancelled, or failed; nothing of it is kept.
    Failed(Upload, UploadError),
}

/// A transfer in progress, as the client declared it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Upload {
    /// The id of the `upload` element it came from.
    pub input: String,
    /// The client's transfer id.
    pub transfer: String,
    /// The client's file name, cleaned for display ([`display_name`](super::display_name)).
    pub name: String,
    /// The size the client declared.
    pub size: u64,
    /// The content type the client declared, if it is a well-formed one; else
    /// `application/octet-stream`.
    pub content_type: String,
    /// How much the server holds: 0 for a new transfer.
    pub offset: u64,
}

/// A file stored by the server, under a name the server chose.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct StoredFile {
    /// The server's name for the file: 32 hex digits, random.
    pub id: String,
    /// The id of the `upload` element it came from.
    pub input: String,
    /// The client's file name, cleaned for display.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The declared content type (see [`Upload::content_type`]).
    pub content_type: String,
    /// The SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// When it was stored.
    pub stored_at: SystemTime,
}

/// Why a transfer did not go on. The client is told the same words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    /// The record's `Meta` has no ticket, or one that does not open for this session.
    #[error("no valid upload ticket: reload the page")]
    Ticket,
    /// The declared size is over the input's or the server's limit.
    #[error("file too large: {size} bytes, the limit is {limit}")]
    TooLarge {
        /// The declared size.
        size: u64,
        /// The limit that applies.
        limit: u64,
    },
    /// The file's name or type is not one the input accepts.
    #[error("file type not accepted: {accept}")]
    NotAccepted {
        /// The input's `accept` list.
        accept: String,
    },
    /// The file name cannot be shown (NUL or other control bytes, over 1,024 bytes, not UTF-8).
    #[error("bad file name: {0}")]
    BadName(&'static str),
    /// This session already has as many transfers going as it may.
    #[error("too many transfers at once (at most {0} per session)")]
    TooManyTransfers(usize),
    /// The server's budget of unfinished uploads is spent; try again later.
    #[error("server busy: too many unfinished uploads")]
    Busy,
    /// A `send` for a transfer the server does not know (never started, expired, finished).
    #[error("unknown transfer: start it again")]
    UnknownTransfer,
    /// A block that is not the next one, or not of the agreed size.
    #[error("bad block: {0}")]
    BadBlock(String),
    /// The client cancelled the transfer.
    #[error("cancelled")]
    Cancelled,
    /// The transfer saw no block for longer than
    /// [`Uploads::partial_ttl`](crate::config::Uploads::partial_ttl).
    #[error("abandoned: no data for too long")]
    Expired,
    /// Writing the file failed on the server.
    #[error("storage failed")]
    Storage,
}
