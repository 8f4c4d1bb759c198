//! FTP: files sent up the page's own WebSocket in blocks, resumable across reconnects (N2O's fourth protocol).
//!
//! # Wire
//! Binary BERT frames (JSON works too) carrying N2O's record
//! `{ftp, Id, Sid, Filename, Meta, Size, Offset, Block, Data, Status}` ([`Record`]), exactly
//! as N2O 4.x's `ftp.js` sends it; the server answers every frame with the same record,
//! `Data` empty:
//!
//! * `init` (`Data` empty): the server answers `Offset` = how much of this transfer it
//!   already holds (0 for a new one, the resume point for a known one) and `Block` = the
//!   block size it wants ([`Uploads::block`](crate::config::Uploads::block), 256 KiB), or
//!   0 when it refuses.
//! * `send`: `Data` is the block at `Offset`, of exactly `min(Block, Size - Offset)` bytes.
//!   The answer carries the new `Offset` and the next `Block`, 0 when the file is complete.
//! * `stop` (n2o's client, to cancel): the partial file is deleted, the answer has `Block` 0.
//!
//! A refused frame is answered with `Block` 0, the server's `Offset`, and
//! `Meta = {error, <<Why>>}`; the transfer (if any) is kept, so a client that went wrong
//! can start again from the server's offset. A frame that is not a record at all is
//! refused like any bad frame (`{io, <<>>, {error, Why}}`).
//!
//! # Tickets
//! Only a file input the server rendered can start a transfer: an `upload` element renders
//! a sealed [`Ticket`] (its id, size limit and `accept` list), and `Meta` must carry it —
//! `Meta` is the ticket itself (a binary, the shape of modern N2O's `bin(..)` meta) or, from
//! n2o's own client, `{n2o, Ticket, ContentType}`. The ticket opens only for the session it
//! was rendered for (or for members of the room it was flushed to).
//!
//! # Storage
//! Blocks go to a file under [`Uploads::dir`](crate::config::Uploads::dir)`/partial/`;
//! the complete file is fsynced and renamed to `files/<id>`, with its metadata in
//! `files/<id>.json`. `<id>` is 32 random hex digits: the client's `Filename` and `Sid` never
//! become part of a path (N2O joins them: path traversal). The client's name is kept as
//! metadata only, cleaned by [`display_name`].
//!
//! A transfer belongs to the session, not to the socket: a tab that reconnects (n2o's
//! client does by itself) sends `init` again with the same `Id` and goes on from the
//! server's offset. A transfer without a block for
//! [`Uploads::partial_ttl`](crate::config::Uploads::partial_ttl) is deleted.
//!
//! # The page
//! The page's [`Page::event`](crate::page::Page::event) gets
//! [`Event::File`](crate::page::Event::File) with a [`FileEvent`]: started (or resumed),
//! stored (name, size, type, SHA-256, path), failed (why).

mod event;
mod files;
mod name;
mod proto;
mod record;
mod ticket;
mod transfers;

pub use event::{FileEvent, StoredFile, Upload, UploadError};
pub use files::Files;
pub use name::{MAX_NAME_BYTES, content_type, display_name};
pub use record::{BadRecord, Record};
pub use ticket::Ticket;

pub(crate) use proto::Ftp;
pub(crate) use transfers::Transfers;
