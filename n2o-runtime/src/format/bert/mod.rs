//! BERT: Erlang's external term format, as N2O's `bert.js` reads and writes it.
//!
//! Encoding is byte-exact with what both N2O clients read: version byte 131, atoms as
//! ATOM_EXT (100), integers as 97 / 98 / SMALL_BIG 110, floats as NEW_FLOAT 70, binaries 109,
//! strings 107, tuples 104 / 105, lists 108 … 106, maps 116.
//!
//! ```
//! use n2o_runtime::format::{bert, Limits};
//! use n2o_runtime::term::Term;
//!
//! let io = Term::tuple([Term::atom("io"), Term::bin("alert(1);"), Term::bin("")]);
//! let bytes = bert::encode(&io);
//! assert_eq!(bytes[..7], [131, 104, 3, 100, 0, 2, b'i']);
//! assert_eq!(bert::decode(&bytes, &Limits::default()), Ok(io));
//! ```
//!
//! Decoding is this crate's own code on purpose: `eetf::Term::decode` aborts the process on
//! tiny hostile frames (allocates what a length claims, recurses without a depth limit,
//! `unimplemented!` on some tags), so client bytes never reach it. See [`decode`].

mod reader;
mod writer;

use crate::format::{DecodeError, Limits};
use crate::term::Term;

pub(crate) const VERSION: u8 = 131;

/// The tags of the external term format that this module reads or writes.
pub(crate) mod tag {
    pub(crate) const NEW_FLOAT: u8 = 70;
    pub(crate) const SMALL_INTEGER: u8 = 97;
    pub(crate) const INTEGER: u8 = 98;
    pub(crate) const FLOAT: u8 = 99;
    pub(crate) const ATOM: u8 = 100;
    pub(crate) const SMALL_TUPLE: u8 = 104;
    pub(crate) const LARGE_TUPLE: u8 = 105;
    pub(crate) const NIL: u8 = 106;
    pub(crate) const STRING: u8 = 107;
    pub(crate) const LIST: u8 = 108;
    pub(crate) const BINARY: u8 = 109;
    pub(crate) const SMALL_BIG: u8 = 110;
    pub(crate) const LARGE_BIG: u8 = 111;
    pub(crate) const SMALL_ATOM: u8 = 115;
    pub(crate) const MAP: u8 = 116;
    pub(crate) const ATOM_UTF8: u8 = 118;
    pub(crate) const SMALL_ATOM_UTF8: u8 = 119;
}

/// The BERT bytes of `term`, version byte first.
///
/// Atoms are ATOM_EXT (100, Latin-1) unless they are longer than 255 characters or have a
/// character beyond U+00FF, which only ATOM_UTF8_EXT (118) can carry; a Latin-1 atom whose
/// UTF-8 is over 65535 bytes but whose Latin-1 is not stays ATOM_EXT, so every atom that
/// [`decode`] accepts round-trips. A [`Term::Str`] over 65535 bytes becomes a list of small
/// integers, as Erlang writes it (it reads back as a [`Term::List`]). Lengths beyond
/// `u32::MAX` and atoms beyond 65535 bytes do not exist in the format: such atoms are cut at
/// a character boundary, such sizes are not supported.
pub fn encode(term: &Term) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(term, &mut out);
    out
}

/// Appends the BERT bytes of `term`, version byte first, to `out` (see [`encode`]).
pub fn encode_into(term: &Term, out: &mut Vec<u8>) {
    out.push(VERSION);
    writer::write(term, out);
}

/// The term at the start of `bytes`, within `limits`.
///
/// Accepts the tags N2O's clients and Erlang send for N2O's term model: 70, 97, 98, 99, 100,
/// 104–111, 115, 116, 118, 119. Latin-1 atoms (100, 115) are converted to UTF-8. Bytes after
/// the term are ignored (N2O's AES pickles are padded).
///
/// Bounded on any input: the frame size is checked first; every length and count is checked
/// against the bytes that remain before anything is allocated; nesting depth and the number
/// of terms are limited; the decoder keeps its own stack, so depth never touches the call
/// stack. It never panics.
///
/// # Errors
/// A [`DecodeError`] naming the problem and the byte where it is.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
    super::check_size(bytes.len(), limits)?;
    match bytes.first() {
        None => Err(DecodeError::Empty),
        Some(&VERSION) => reader::read(bytes, 1, limits),
        Some(&found) => Err(DecodeError::BadVersion { found }),
    }
}

/// A frame `{Name, …}` (a small tuple of one of `arities` fields, tagged with the atom
/// `name`) whose field `lift` is a binary, decoded without copying that binary: it comes back
/// as a slice sharing `frame`'s buffer, and as an empty [`Term::Binary`] among the fields.
/// An upload block is nearly all of its frame, and copying it out was a measurable part of
/// an upload's cost.
///
/// `None` when the frame is anything else or not valid: [`decode`] then reads it, with its
/// usual errors. The other fields are read by the same reader within the same limits (size,
/// depth, count of terms), so a frame this accepts is one [`decode`] accepts.
pub(crate) fn decode_lifted(
    frame: &bytes::Bytes,
    limits: &Limits,
    name: &str,
    arities: &[u8],
    lift: usize,
) -> Option<(Vec<Term>, bytes::Bytes)> {
    super::check_size(frame.len(), limits).ok()?;
    let [VERSION, tag::SMALL_TUPLE, arity, atom, ..] = frame[..] else { return None };
    let arity = usize::from(arity);
    if !arities.contains(&u8::try_from(arity).ok()?) || lift == 0 || lift >= arity {
        return None;
    }
    let (len, mut pos) = match atom {
        tag::ATOM | tag::ATOM_UTF8 => (usize::from(u16::from_be_bytes(array(frame, 4)?)), 6),
        tag::SMALL_ATOM | tag::SMALL_ATOM_UTF8 => (usize::from(*frame.get(4)?), 5),
        _ => return None,
    };
    if frame.get(pos..pos + len)? != name.as_bytes() {
        return None;
    }
    pos += len;
    let mut fields = Vec::with_capacity(arity);
    fields.push(Term::atom(name));
    // The tuple and its tag, as the reader counts them; depth 1: inside the tuple.
    let mut budget = reader::Budget { depth: 1, terms: 2 };
    let mut lifted = bytes::Bytes::new();
    for field in 1..arity {
        if field == lift {
            if *frame.get(pos)? != tag::BINARY {
                return None;
            }
            let len = usize::try_from(u32::from_be_bytes(array(frame, pos + 1)?)).ok()?;
            let start = pos + 5;
            let end = start.checked_add(len).filter(|&end| end <= frame.len())?;
            budget.terms += 1;
            lifted = frame.slice(start..end);
            fields.push(Term::Binary(Vec::new()));
            pos = end;
        } else {
            let (term, end) = reader::read_prefix(frame, pos, limits, &mut budget).ok()?;
            fields.push(term);
            pos = end;
        }
    }
    (pos == frame.len() && budget.terms <= limits.max_elements).then_some((fields, lifted))
}

fn array<const N: usize>(frame: &[u8], at: usize) -> Option<[u8; N]> {
    frame.get(at..at.checked_add(N)?)?.try_into().ok()
}

#[cfg(test)]
mod tests;
