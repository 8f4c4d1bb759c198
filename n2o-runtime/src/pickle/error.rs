//! Why a pickle was refused.

/// Why [`Pickler::open`](super::Pickler::open) refused a pickle.
///
/// The messages name the check that failed and nothing else (no offsets, no expected
/// values), so they can be logged and even shown to the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PickleError {
    /// Not a pickle: bad base64, wrong length, or a layout this version does not read.
    #[error("malformed pickle")]
    Malformed,
    /// Made with a key this server does not hold (another server, or rotated out).
    #[error("pickle made with an unknown key")]
    UnknownKey,
    /// The signature does not match: the pickle was altered, or is of the other mode
    /// (sealed vs plain).
    #[error("pickle signature mismatch")]
    BadMac,
    /// Issued to another session.
    #[error("pickle issued to another session")]
    WrongSession,
    /// Older than the time to live.
    #[error("pickle expired")]
    Expired,
    /// Issued later than now, beyond the allowed clock skew.
    #[error("pickle issued in the future")]
    FromTheFuture,
}
