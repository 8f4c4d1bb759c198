//! N2O's JSON formatter: the BERT type tree as JSON, `{"t":Tag,"v":Value}`, in text frames.
//!
//! This is what N2O's `$client` reads (`JSON.parse` then the same `$bert.protos`), so every
//! term is an object naming its BERT tag:
//!
//! | term | JSON |
//! |---|---|
//! | atom `io` | `{"t":100,"v":"io"}` |
//! | integer | `{"t":98,"v":5}` within `i32`; beyond, as BERT's SMALL_BIG and in decimal, since JavaScript numbers lose digits past 2^53: `{"t":110,"v":"4294967296"}` |
//! | float | `{"t":70,"v":1.5}` |
//! | binary | `{"t":109,"v":"text"}` if UTF-8, else `{"t":109,"v":[1,2,255]}` |
//! | string (charlist) | `{"t":107,"v":"abc"}`, same rule |
//! | list | `{"t":108,"v":[…]}`; `[]` is `{"t":106}` |
//! | tuple | `{"t":104,"v":[…]}` |
//! | map | `{"t":116,"v":[{"k":K,"v":V},…]}` |
//!
//! Output is compact, keys in the order `t`, `v`, and matches the shared codec vectors in
//! `n2o-runtime/tests/vectors/bert.json` that the client JS is tested against. Every term round-trips exactly, non-UTF-8
//! binaries and `i64::MIN`/`MAX` included; a non-finite float (not an Erlang value) is
//! written as `null` and refused on the way back.
//!
//! Decoding accepts the variants other writers use: atom tags 115/118/119, integer tags
//! 97/98/110/111 with a number or a decimal string, float tag 99, tuple tag 105, byte arrays
//! for text, `{"t":108,"v":[]}` and `{"t":106,"v":[]}` for `[]`, and keys in any order.
//! It is bounded like BERT: frame size first, then depth and term count. serde_json itself
//! stops at 128 levels of JSON nesting, and each term level takes two (object and array), so
//! JSON frames carry at most 63 levels of nested containers whatever
//! [`Limits::max_depth`] says.

mod reader;
mod writer;

use crate::format::{DecodeError, Limits};
use crate::term::Term;

/// The JSON text of `term`.
///
/// ```
/// use n2o_runtime::format::json;
/// use n2o_runtime::term::Term;
///
/// let term = Term::tuple([Term::atom("ok"), Term::int(5), Term::nil()]);
/// assert_eq!(json::encode(&term), r#"{"t":104,"v":[{"t":100,"v":"ok"},{"t":98,"v":5},{"t":106}]}"#);
/// ```
pub fn encode(term: &Term) -> String {
    writer::write(term)
}

/// The term in a JSON text frame, within `limits`. Never panics, whatever the text.
///
/// # Errors
/// [`DecodeError::TooLarge`], [`DecodeError::TooDeep`], [`DecodeError::TooManyTerms`], or
/// [`DecodeError::Json`] naming the problem and where it is (`$.v[2].v`).
pub fn decode(text: &str, limits: &Limits) -> Result<Term, DecodeError> {
    super::check_size(text.len(), limits)?;
    reader::read(text, limits)
}

/// [`decode`] for a frame that arrived as bytes.
pub(crate) fn decode_bytes(bytes: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
    super::check_size(bytes.len(), limits)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => reader::read(text, limits),
        Err(err) => Err(DecodeError::Json {
            message: format!("frame is not valid UTF-8 (byte {})", err.valid_up_to()),
        }),
    }
}
