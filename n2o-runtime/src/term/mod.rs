//! Erlang terms as N2O uses them: atoms, integers, floats, binaries, strings, lists, tuples, maps.

/// An Erlang term, the value model of every N2O message.
///
/// An empty [`Term::List`] is Erlang's `[]` (nil).
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// `ok`, `io`, `pickle`: an atom, written as ATOM_EXT (100) in BERT.
    Atom(String),
    /// An integer (SMALL_INTEGER 97, INTEGER 98, SMALL_BIG 110 within `i64`).
    Int(i64),
    /// A finite float (NEW_FLOAT 70).
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
