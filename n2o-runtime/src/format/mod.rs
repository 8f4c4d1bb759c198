//! Formatters: how terms become WebSocket frames and back (BERT, JSON), with bounded decoding.

use crate::term::Term;

/// One outbound WebSocket frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// A text frame.
    Text(String),
    /// A binary frame.
    Binary(Vec<u8>),
}

/// Bounds on decoding untrusted input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest frame accepted, in bytes.
    pub max_frame: usize,
    /// Deepest nesting of lists, tuples and maps.
    pub max_depth: usize,
    /// Most terms in one frame, counting every nested one.
    pub max_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_frame: 1 << 20, max_depth: 64, max_elements: 100_000 }
    }
}
