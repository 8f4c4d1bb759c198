//! Erlang terms as N2O uses them: atoms, integers, floats, binaries, strings, lists, tuples, maps.
//!
//! [`Term`] is the value model of every N2O message. Build terms with the constructors
//! ([`Term::atom`], [`Term::bin`], [`Term::tuple`], …) or the `From` conversions, take them
//! apart with the accessors ([`Term::as_atom`], [`Term::is_tagged`], …), print them in Erlang
//! syntax with `Display`, and move between Rust types and terms with [`to_term`] and
//! [`from_term`]. Conversions to and from [`eetf::Term`](::eetf::Term) exist for interop.
//!
//! ```
//! use n2o_runtime::term::Term;
//!
//! let io = Term::tuple([Term::atom("io"), Term::bin("alert(1);"), Term::bin("")]);
//! assert!(io.is_tagged("io", 3));
//! assert_eq!(io.to_string(), r#"{io,<<"alert(1);">>,<<>>}"#);
//! ```
//!
//! # Serde mapping
//!
//! [`to_term`] and [`from_term`] map serde's data model onto terms the way an Erlang
//! programmer would write the value by hand:
//!
//! | Rust (serde) | term |
//! |---|---|
//! | `bool` | atom `true` / `false` |
//! | integers, `i8` … `u128` | integer; beyond `i64` an error; read back range-checked |
//! | `f32`, `f64` | float; NaN and infinities an error; read back also from an integer |
//! | `char`, `String`, `&str` | binary (UTF-8); read back from a binary, string or atom |
//! | bytes (`serde_bytes`) | binary; read back from a binary, string or list |
//! | `Option`: `None` / `Some(x)` | atom `undefined` / `x` |
//! | `()`, unit structs | atom `ok`; read back from `ok` or `undefined` |
//! | newtype struct `Id(u32)` | the inner value |
//! | `Vec`, sequences | list; read back also from a string or binary (its bytes) |
//! | tuples, tuple structs | tuple of the same arity |
//! | maps | map; read back also from a proplist `[{K, V}]` or `[]` |
//! | structs | map with atom keys; read back also from a proplist with atom, binary or string keys, or `[]` |
//! | unit variant `E::A` | atom `'A'` |
//! | newtype variant `E::B(x)` | `{'B', x}` |
//! | tuple variant `E::C(a, b)` | `{'C', a, b}` |
//! | struct variant `E::D { f }` | `{'D', #{f => …}}` |
//! | [`Term`] | the same term, unchanged |
//!
//! Names are used as written; `#[serde(rename_all = "snake_case")]` gives Erlang-style atoms.
//! Variant tags are read from atoms, binaries or strings.
//!
//! `Term` also implements `Serialize` and `Deserialize` for other formats, self-describing:
//! atoms and UTF-8 binaries and strings become strings, other binaries bytes, lists and tuples
//! sequences, maps maps. So `serde_json::to_value(&term)` gives natural JSON (this is not the
//! N2O `{t,v}` wire JSON; that is [`crate::format::json`]). The other way, `from_term` into a
//! self-describing type such as `serde_json::Value` reads `true`/`false` as booleans,
//! `undefined` as null, other atoms and UTF-8 binaries as strings, other binaries as arrays
//! of numbers.

mod de;
mod display;
mod eetf;
mod error;
mod io;
mod ser;
mod serde_impl;

pub use self::de::{from_form, from_term};
pub use self::error::Error;
pub use self::ser::to_term;

/// An Erlang term, the value model of every N2O message.
///
/// An empty [`Term::List`] is Erlang's `[]` (nil). Equality is structural: `Str(b"ab")` and
/// `List([97, 98])` are the same Erlang value but different `Term`s.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// `ok`, `io`, `pickle`: an atom, written as ATOM_EXT (100) in BERT.
    Atom(String),
    /// An integer (SMALL_INTEGER 97, INTEGER 98, SMALL_BIG 110 within `i64`).
    Int(i64),
    /// A finite float (NEW_FLOAT 70). NaN and infinities are not Erlang values: the BERT
    /// encoder writes them anyway and every decoder rejects them; JSON writes `null`.
    Float(f64),
    /// A binary `<<...>>` (BINARY_EXT 109): text (UTF-8) or bytes.
    Binary(Vec<u8>),
    /// A string, Erlang's list of bytes (STRING_EXT 107), as `utf8_toByteArray` sends.
    Str(Vec<u8>),
    /// A proper list (LIST_EXT 108 … NIL 106); empty is nil.
    List(Vec<Term>),
    /// A tuple (SMALL_TUPLE 104 / LARGE_TUPLE 105).
    Tuple(Vec<Term>),
    /// A map (MAP_EXT 116), in the order received.
    Map(Vec<(Term, Term)>),
}

impl Term {
    /// An atom: `Term::atom("io")` is `io`.
    pub fn atom(name: impl Into<String>) -> Term {
        Term::Atom(name.into())
    }

    /// A binary from text or bytes: `Term::bin("text")`, `Term::bin(vec![1, 2])`.
    pub fn bin(bytes: impl Into<Vec<u8>>) -> Term {
        Term::Binary(bytes.into())
    }

    /// A tuple: `Term::tuple([Term::atom("ok"), Term::int(1)])` is `{ok,1}`.
    pub fn tuple(items: impl IntoIterator<Item = Term>) -> Term {
        Term::Tuple(items.into_iter().collect())
    }

    /// A proper list: `Term::list([Term::int(1), Term::int(2)])` is `[1,2]`.
    pub fn list(items: impl IntoIterator<Item = Term>) -> Term {
        Term::List(items.into_iter().collect())
    }

    /// A map, keeping the order given: `Term::map([(Term::atom("k"), Term::int(1))])`.
    pub fn map(pairs: impl IntoIterator<Item = (Term, Term)>) -> Term {
        Term::Map(pairs.into_iter().collect())
    }

    /// The empty list `[]`.
    pub fn nil() -> Term {
        Term::List(Vec::new())
    }

    /// An integer.
    pub fn int(value: i64) -> Term {
        Term::Int(value)
    }

    /// A float; it should be finite (see [`Term::Float`]).
    pub fn float(value: f64) -> Term {
        Term::Float(value)
    }

    /// An Erlang string (charlist) of the UTF-8 bytes of `s`, as bert.js `utf8_toByteArray`.
    pub fn str(s: &str) -> Term {
        Term::Str(s.as_bytes().to_vec())
    }

    /// The name of an atom.
    pub fn as_atom(&self) -> Option<&str> {
        match self {
            Term::Atom(name) => Some(name),
            _ => None,
        }
    }

    /// The bytes of a binary or a string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Term::Binary(bytes) | Term::Str(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The text of a binary, string or atom, if it is UTF-8.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Term::Atom(name) => Some(name),
            Term::Binary(bytes) | Term::Str(bytes) => std::str::from_utf8(bytes).ok(),
            _ => None,
        }
    }

    /// The elements of a tuple.
    pub fn as_tuple(&self) -> Option<&[Term]> {
        match self {
            Term::Tuple(items) => Some(items),
            _ => None,
        }
    }

    /// The elements of a list. The empty string is `[]` in Erlang, so it gives `Some(&[])`.
    pub fn as_list(&self) -> Option<&[Term]> {
        match self {
            Term::List(items) => Some(items),
            Term::Str(bytes) if bytes.is_empty() => Some(&[]),
            _ => None,
        }
    }

    /// The pairs of a map, in order.
    pub fn as_map(&self) -> Option<&[(Term, Term)]> {
        match self {
            Term::Map(pairs) => Some(pairs),
            _ => None,
        }
    }

    /// The value of an integer.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Term::Int(value) => Some(*value),
            _ => None,
        }
    }

    /// The value of a float.
    pub fn as_float(&self) -> Option<f64> {
        match self {
            Term::Float(value) => Some(*value),
            _ => None,
        }
    }

    /// Whether this is `[]`: an empty list or an empty string.
    pub fn is_nil(&self) -> bool {
        matches!(self, Term::List(items) if items.is_empty())
            || matches!(self, Term::Str(bytes) if bytes.is_empty())
    }

    /// Whether this is a tuple of `arity` elements in all whose first element is the atom
    /// `tag`, like bert.js `is()`: `{io, Eval, Data}.is_tagged("io", 3)`.
    pub fn is_tagged(&self, tag: &str, arity: usize) -> bool {
        match self {
            Term::Tuple(items) => {
                items.len() == arity && items.first().and_then(Term::as_atom) == Some(tag)
            }
            _ => false,
        }
    }
}

impl From<&str> for Term {
    /// A binary of the UTF-8 text, as N2O sends text.
    fn from(text: &str) -> Term {
        Term::Binary(text.as_bytes().to_vec())
    }
}

impl From<String> for Term {
    /// A binary of the UTF-8 text, as N2O sends text.
    fn from(text: String) -> Term {
        Term::Binary(text.into_bytes())
    }
}

impl From<i64> for Term {
    fn from(value: i64) -> Term {
        Term::Int(value)
    }
}

impl From<f64> for Term {
    fn from(value: f64) -> Term {
        Term::Float(value)
    }
}

impl From<bool> for Term {
    /// The atom `true` or `false`.
    fn from(value: bool) -> Term {
        Term::Atom(if value { "true" } else { "false" }.to_owned())
    }
}

impl From<Vec<Term>> for Term {
    /// A list.
    fn from(items: Vec<Term>) -> Term {
        Term::List(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_build_the_expected_variants() {
        assert_eq!(Term::atom("io"), Term::Atom("io".into()));
        assert_eq!(Term::bin("ab"), Term::Binary(vec![97, 98]));
        assert_eq!(Term::bin(vec![1u8, 255]), Term::Binary(vec![1, 255]));
        assert_eq!(Term::str("hé"), Term::Str("hé".as_bytes().to_vec()));
        assert_eq!(Term::nil(), Term::List(vec![]));
        assert_eq!(Term::list([Term::int(1)]), Term::List(vec![Term::Int(1)]));
        assert_eq!(Term::tuple([]), Term::Tuple(vec![]));
        assert_eq!(Term::from(true), Term::atom("true"));
        assert_eq!(Term::from(false), Term::atom("false"));
        assert_eq!(Term::from("x"), Term::bin("x"));
        assert_eq!(Term::from(String::from("x")), Term::bin("x"));
        assert_eq!(Term::from(7), Term::Int(7));
        assert_eq!(Term::from(vec![Term::nil()]), Term::List(vec![Term::nil()]));
    }

    #[test]
    fn accessors_answer_only_for_their_kind() {
        let t = Term::tuple([Term::atom("pickle"), Term::bin("id"), Term::nil()]);
        assert!(t.is_tagged("pickle", 3));
        assert!(!t.is_tagged("pickle", 2));
        assert!(!t.is_tagged("io", 3));
        assert!(!Term::tuple([]).is_tagged("", 0));
        assert!(!Term::list([Term::atom("pickle")]).is_tagged("pickle", 1));
        assert_eq!(t.as_tuple().map(<[Term]>::len), Some(3));
        assert_eq!(t.as_list(), None);
        assert_eq!(Term::str("").as_list(), Some(&[][..]));
        assert!(Term::str("").is_nil() && Term::nil().is_nil() && !Term::bin("").is_nil());
        assert_eq!(Term::atom("a").as_text(), Some("a"));
        assert_eq!(Term::str("s").as_text(), Some("s"));
        assert_eq!(Term::bin(vec![255]).as_text(), None);
        assert_eq!(Term::bin(vec![255]).as_bytes(), Some(&[255u8][..]));
        assert_eq!(Term::atom("a").as_bytes(), None);
        assert_eq!(Term::int(-3).as_int(), Some(-3));
        assert_eq!(Term::float(1.5).as_float(), Some(1.5));
        assert_eq!(Term::bin("1").as_int(), None);
    }
}
