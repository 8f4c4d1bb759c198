//! The BERT decoder: hand-written and bounded, because client bytes must never reach eetf.
//!
//! It keeps its own stack of open lists, tuples and maps instead of recursing, checks every
//! length against the bytes that remain before allocating, and caps what it reserves up
//! front, so neither a 4 G-element claim nor 200,000 levels of nesting cost more than the
//! frame itself.

use super::tag;
use crate::format::{DecodeError, Limits};
use crate::term::Term;

/// Most elements reserved up front for one container: a count is a claim until the
/// elements are actually read.
const PREALLOC: usize = 1024;

/// Decodes the term starting at `bytes[start]`, which must end the frame.
pub(super) fn read(bytes: &[u8], start: usize, limits: &Limits) -> Result<Term, DecodeError> {
    let (value, end) = read_prefix(bytes, start, limits, &mut Budget { depth: 0, terms: 0 })?;
    if end < bytes.len() {
        // A frame is one term: bytes after it are not ours to ignore.
        return Err(DecodeError::Invalid { problem: "bytes after the term", offset: end });
    }
    Ok(value)
}

/// What a term read inside a container already read by hand has used of the limits: its
/// nesting depth and the terms counted so far.
pub(super) struct Budget {
    pub(super) depth: usize,
    pub(super) terms: usize,
}

/// Decodes the term starting at `bytes[start]`; the term and where it ends. The terms it
/// reads are added to `budget`.
pub(super) fn read_prefix(
    bytes: &[u8],
    start: usize,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<(Term, usize), DecodeError> {
    let mut reader = Reader { bytes, pos: start, limits, terms: budget.terms };
    let mut stack: Vec<Open> = Vec::new();
    'terms: loop {
        let mut value = match reader.head()? {
            Head::Leaf(term) => term,
            Head::Open(open) => {
                if budget.depth + stack.len() >= limits.max_depth {
                    return Err(DecodeError::TooDeep { format: "BERT", max: limits.max_depth });
                }
                stack.push(open);
                continue;
            }
        };
        // Hand the finished value to its parent, closing every container it completes.
        while let Some(mut parent) = stack.pop() {
            if !parent.add(value) {
                stack.push(parent);
                continue 'terms;
            }
            value = reader.close(parent)?;
        }
        budget.terms = reader.terms;
        return Ok((value, reader.pos));
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    limits: &'a Limits,
    terms: usize,
}

enum Head {
    Leaf(Term),
    Open(Open),
}

/// A container whose elements are still being read.
enum Open {
    List { items: Vec<Term>, left: usize },
    Tuple { items: Vec<Term>, left: usize },
    Map { pairs: Vec<(Term, Term)>, key: Option<Term>, left: usize },
}

impl Open {
    /// Adds the next element; true when the container is complete.
    fn add(&mut self, value: Term) -> bool {
        match self {
            Open::List { items, left } | Open::Tuple { items, left } => {
                items.push(value);
                *left -= 1;
                *left == 0
            }
            Open::Map { pairs, key, left } => match key.take() {
                None => {
                    *key = Some(value);
                    false
                }
                Some(k) => {
                    pairs.push((k, value));
                    *left -= 1;
                    *left == 0
                }
            },
        }
    }
}

#[derive(Clone, Copy)]
enum Container {
    List,
    Tuple,
    Map,
}

impl<'a> Reader<'a> {
    fn remain(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// A fixed-size field.
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], DecodeError> {
        let remain = self.remain();
        if n > remain {
            return Err(DecodeError::UnexpectedEnd { what, needed: n, remain, offset: self.pos });
        }
        let field = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(field)
    }

    /// A field whose length the frame claims.
    fn take_claimed(
        &mut self,
        n: usize,
        what: &'static str,
        at: usize,
    ) -> Result<&'a [u8], DecodeError> {
        let remain = self.remain();
        if n > remain {
            return Err(DecodeError::Truncated {
                what,
                claimed: n,
                unit: "byte",
                remain,
                offset: at,
            });
        }
        self.take(n, what)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], DecodeError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, DecodeError> {
        Ok(self.array::<1>(what)?[0])
    }

    fn u16(&mut self, what: &'static str) -> Result<usize, DecodeError> {
        Ok(usize::from(u16::from_be_bytes(self.array(what)?)))
    }

    fn u32(&mut self, what: &'static str) -> Result<usize, DecodeError> {
        // On 16-bit targets a count beyond usize cannot fit in the frame anyway.
        Ok(usize::try_from(u32::from_be_bytes(self.array(what)?)).unwrap_or(usize::MAX))
    }

    fn count_terms(&mut self, n: usize) -> Result<(), DecodeError> {
        self.terms = self.terms.saturating_add(n);
        if self.terms > self.limits.max_elements {
            return Err(DecodeError::TooManyTerms {
                format: "BERT",
                max: self.limits.max_elements,
            });
        }
        Ok(())
    }

    /// Reads one tag and either the whole term (scalars, empty containers) or the header of
    /// a container whose elements follow.
    fn head(&mut self) -> Result<Head, DecodeError> {
        let at = self.pos;
        let tag = self.u8("a term")?;
        self.count_terms(1)?;
        let leaf = match tag {
            tag::SMALL_INTEGER => Term::Int(i64::from(self.u8("integer")?)),
            tag::INTEGER => Term::Int(i64::from(i32::from_be_bytes(self.array("integer")?))),
            tag::NEW_FLOAT => finite(f64::from_be_bytes(self.array("float")?), at)?,
            tag::FLOAT => self.old_float(at)?,
            tag::ATOM => {
                let len = self.u16("atom length")?;
                latin1(self.take_claimed(len, "atom", at)?)
            }
            tag::SMALL_ATOM => {
                let len = usize::from(self.u8("atom length")?);
                latin1(self.take_claimed(len, "atom", at)?)
            }
            tag::ATOM_UTF8 => {
                let len = self.u16("atom length")?;
                utf8(self.take_claimed(len, "atom", at)?, at)?
            }
            tag::SMALL_ATOM_UTF8 => {
                let len = usize::from(self.u8("atom length")?);
                utf8(self.take_claimed(len, "atom", at)?, at)?
            }
            tag::NIL => Term::List(Vec::new()),
            tag::STRING => {
                let len = self.u16("string length")?;
                Term::Str(self.take_claimed(len, "string", at)?.to_vec())
            }
            tag::BINARY => {
                let len = self.u32("binary length")?;
                Term::Binary(self.take_claimed(len, "binary", at)?.to_vec())
            }
            tag::SMALL_BIG => {
                let digits = usize::from(self.u8("big integer length")?);
                self.big(digits, at)?
            }
            tag::LARGE_BIG => {
                let digits = self.u32("big integer length")?;
                self.big(digits, at)?
            }
            tag::SMALL_TUPLE => {
                let n = usize::from(self.u8("tuple arity")?);
                return self.open(Container::Tuple, n, at);
            }
            tag::LARGE_TUPLE => {
                let n = self.u32("tuple arity")?;
                return self.open(Container::Tuple, n, at);
            }
            tag::LIST => {
                let n = self.u32("list length")?;
                return self.open(Container::List, n, at);
            }
            tag::MAP => {
                let n = self.u32("map size")?;
                return self.open(Container::Map, n, at);
            }
            _ => return Err(DecodeError::UnknownTag { tag, offset: at }),
        };
        Ok(Head::Leaf(leaf))
    }

    /// Checks a container's claimed size against the bytes left (each element takes at
    /// least one byte) and the term limit, before anything is reserved for it.
    fn open(&mut self, kind: Container, n: usize, at: usize) -> Result<Head, DecodeError> {
        let (what, unit, min_bytes, terms) = match kind {
            // A list is followed by its tail byte.
            Container::List => ("list", "element", n.saturating_add(1), n),
            Container::Tuple => ("tuple", "element", n, n),
            Container::Map => ("map", "pair", n.saturating_mul(2), n.saturating_mul(2)),
        };
        let remain = self.remain();
        if min_bytes > remain {
            return Err(DecodeError::Truncated { what, claimed: n, unit, remain, offset: at });
        }
        if self.terms.saturating_add(terms) > self.limits.max_elements {
            return Err(DecodeError::TooManyTerms {
                format: "BERT",
                max: self.limits.max_elements,
            });
        }
        let reserve = n.min(PREALLOC);
        Ok(match kind {
            // Erlang writes `[]` as NIL; a zero-length LIST_EXT is legal and is its tail.
            Container::List if n == 0 => {
                Head::Leaf(self.close(Open::List { items: Vec::new(), left: 0 })?)
            }
            Container::Tuple if n == 0 => Head::Leaf(Term::Tuple(Vec::new())),
            Container::Map if n == 0 => Head::Leaf(Term::Map(Vec::new())),
            Container::List => {
                Head::Open(Open::List { items: Vec::with_capacity(reserve), left: n })
            }
            Container::Tuple => {
                Head::Open(Open::Tuple { items: Vec::with_capacity(reserve), left: n })
            }
            Container::Map => {
                Head::Open(Open::Map { pairs: Vec::with_capacity(reserve), key: None, left: n })
            }
        })
    }

    /// The finished term of a complete container; a list must end in NIL.
    fn close(&mut self, open: Open) -> Result<Term, DecodeError> {
        Ok(match open {
            Open::List { items, .. } => {
                let tail_at = self.pos;
                if self.u8("list tail")? != tag::NIL {
                    return Err(DecodeError::Invalid {
                        problem: "improper list (the tail is not [])",
                        offset: tail_at,
                    });
                }
                Term::List(items)
            }
            Open::Tuple { items, .. } => Term::Tuple(items),
            Open::Map { pairs, .. } => Term::Map(pairs),
        })
    }

    fn big(&mut self, digits: usize, at: usize) -> Result<Term, DecodeError> {
        let negative = self.u8("big integer sign")? != 0;
        let bytes = self.take_claimed(digits, "big integer", at)?;
        let too_large =
            DecodeError::Invalid { problem: "integer does not fit in 64 bits", offset: at };
        let (low, high) = bytes.split_at(digits.min(8));
        if high.iter().any(|&b| b != 0) {
            return Err(too_large);
        }
        let mut le = [0u8; 8];
        le[..low.len()].copy_from_slice(low);
        let magnitude = i128::from(u64::from_le_bytes(le));
        let value = if negative { -magnitude } else { magnitude };
        i64::try_from(value).map(Term::Int).map_err(|_| too_large)
    }

    /// FLOAT_EXT (99): 31 bytes of `%.20e` text, NUL-padded; pre-R11 Erlang sent it.
    fn old_float(&mut self, at: usize) -> Result<Term, DecodeError> {
        let field = self.take(31, "float")?;
        let text = field.split(|&b| b == 0).next().unwrap_or_default();
        let value =
            std::str::from_utf8(text).ok().and_then(|t| t.trim().parse::<f64>().ok()).ok_or(
                DecodeError::Invalid { problem: "FLOAT_EXT text is not a number", offset: at },
            )?;
        finite(value, at)
    }
}

fn finite(value: f64, at: usize) -> Result<Term, DecodeError> {
    if value.is_finite() {
        Ok(Term::Float(value))
    } else {
        Err(DecodeError::Invalid { problem: "float is not finite", offset: at })
    }
}

/// ATOM_EXT and SMALL_ATOM_EXT are Latin-1: every byte is the code point of the same value.
fn latin1(bytes: &[u8]) -> Term {
    Term::Atom(bytes.iter().map(|&b| char::from(b)).collect())
}

fn utf8(bytes: &[u8], at: usize) -> Result<Term, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(name) => Ok(Term::Atom(name.to_owned())),
        Err(_) => Err(DecodeError::Invalid { problem: "atom is not valid UTF-8", offset: at }),
    }
}
