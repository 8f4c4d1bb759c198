//! Size limits: what bounds a record, a key and a read in bytes.

/// The store's size limits; [`Store::with_limits`](crate::Store::with_limits) changes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest record or feed entry, encoded, in bytes (1 MiB by default). A larger one
    /// is refused with [`Error::TooLarge`](crate::Error::TooLarge).
    pub max_record: usize,
    /// The longest key, encoded, in bytes (1 KiB by default): primary, index and feed keys.
    /// A longer one is refused with [`Error::KeyTooLarge`](crate::Error::KeyTooLarge).
    pub max_key: usize,
    /// The most records or entries one read returns (10,000 by default); a larger `limit`
    /// is lowered to it. One read thus holds at most `max_scan × max_record` bytes.
    pub max_scan: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_record: 1 << 20, max_key: 1024, max_scan: 10_000 }
    }
}
