//! Proptest strategies for every kind of [`Term`], recursive and bounded, for codec tests.

use n2o_runtime::term::Term;
use proptest::collection::vec;
use proptest::prelude::*;

/// Atom names: Erlang-style, any Unicode, Latin-1 only, and over 255 characters.
pub(crate) fn atom_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-zA-Z0-9_@]{0,12}",
        2 => "\\PC{0,10}",
        1 => "[\u{0}-\u{ff}]{0,10}",
        1 => (256usize..300).prop_map(|n| "é".repeat(n)),
    ]
}

/// Integers, with the boundaries between BERT's and JSON's integer tags over-represented.
pub(crate) fn int() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => any::<i64>(),
        2 => -300i64..300,
        2 => prop::sample::select(vec![
            0, 255, 256, -1, i64::from(i32::MIN), i64::from(i32::MAX), i64::from(i32::MIN) - 1,
            i64::from(i32::MAX) + 1, (1 << 53) - 1, 1 << 53, -(1 << 53), i64::MIN, i64::MAX,
        ]),
    ]
}

/// Finite floats: normal, subnormal, zeros of both signs.
pub(crate) fn float() -> impl Strategy<Value = f64> {
    use prop::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO
}

/// Bytes for binaries and strings: arbitrary, or UTF-8 text.
pub(crate) fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![vec(any::<u8>(), 0..24), "\\PC{0,12}".prop_map(String::into_bytes)]
}

/// A term without children.
pub(crate) fn leaf() -> impl Strategy<Value = Term> {
    prop_oneof![
        atom_name().prop_map(Term::Atom),
        int().prop_map(Term::Int),
        float().prop_map(Term::Float),
        bytes().prop_map(Term::Binary),
        bytes().prop_map(Term::Str),
        Just(Term::nil()),
    ]
}

/// Any term: up to 4 levels of lists, tuples and maps around leaves.
pub(crate) fn term() -> impl Strategy<Value = Term> {
    leaf().prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Term::List),
            vec(inner.clone(), 0..6).prop_map(Term::Tuple),
            vec((inner.clone(), inner), 0..4).prop_map(Term::Map),
        ]
    })
}
