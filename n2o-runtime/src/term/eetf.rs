//! Conversions between [`Term`] and [`eetf::Term`], for interop and as a test oracle.
//!
//! Only the conversions live here: `eetf::Term::decode` must never see client bytes (it
//! aborts the process on tiny hostile inputs), so frames go through [`crate::format::bert`].

use std::collections::HashMap;

use super::{Error, Term};

impl From<Term> for eetf::Term {
    /// Integers outside `i32` become `BigInteger`; a map with repeated keys keeps the last.
    fn from(term: Term) -> eetf::Term {
        match term {
            Term::Atom(name) => eetf::Atom::from(name).into(),
            Term::Int(value) => match i32::try_from(value) {
                Ok(small) => eetf::FixInteger::from(small).into(),
                Err(_) => eetf::BigInteger::from(value).into(),
            },
            // eetf's own constructor refuses non-finite values; ours are kept as they are.
            Term::Float(value) => eetf::Float { value }.into(),
            Term::Binary(bytes) => eetf::Binary::from(bytes).into(),
            Term::Str(bytes) => eetf::ByteList::from(bytes).into(),
            Term::List(items) => eetf::List::from(convert_all(items)).into(),
            Term::Tuple(items) => eetf::Tuple::from(convert_all(items)).into(),
            Term::Map(pairs) => {
                let map: HashMap<eetf::Term, eetf::Term> =
                    pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
                eetf::Map::from(map).into()
            }
        }
    }
}

fn convert_all(items: Vec<Term>) -> Vec<eetf::Term> {
    items.into_iter().map(eetf::Term::from).collect()
}

impl TryFrom<eetf::Term> for Term {
    type Error = Error;

    /// Fails on what N2O's term model has no room for: pids, ports, references, funs,
    /// bit strings, improper lists, integers beyond `i64`. Map order follows eetf's `HashMap`.
    fn try_from(term: eetf::Term) -> Result<Term, Error> {
        Ok(match term {
            eetf::Term::Atom(atom) => Term::Atom(atom.name),
            eetf::Term::FixInteger(int) => Term::Int(i64::from(int.value)),
            eetf::Term::BigInteger(big) => Term::Int(i64::try_from(&big.value).map_err(|_| {
                Error::new(format!("integer {} does not fit in 64 bits", big.value))
            })?),
            eetf::Term::Float(float) => Term::Float(float.value),
            eetf::Term::Binary(binary) => Term::Binary(binary.bytes),
            eetf::Term::ByteList(list) => Term::Str(list.bytes),
            eetf::Term::List(list) => Term::List(try_convert_all(list.elements)?),
            eetf::Term::Tuple(tuple) => Term::Tuple(try_convert_all(tuple.elements)?),
            eetf::Term::Map(map) => Term::Map(
                map.map
                    .into_iter()
                    .map(|(k, v)| Ok((Term::try_from(k)?, Term::try_from(v)?)))
                    .collect::<Result<_, Error>>()?,
            ),
            other => {
                let kind = match other {
                    eetf::Term::Pid(_) => "a pid",
                    eetf::Term::Port(_) => "a port",
                    eetf::Term::Reference(_) => "a reference",
                    eetf::Term::ExternalFun(_) | eetf::Term::InternalFun(_) => "a fun",
                    eetf::Term::BitBinary(_) => "a bit string",
                    eetf::Term::ImproperList(_) => "an improper list",
                    _ => "this term",
                };
                return Err(Error::new(format!("{kind} has no n2o Term form: {other}")));
            }
        })
    }
}

fn try_convert_all(items: Vec<eetf::Term>) -> Result<Vec<Term>, Error> {
    items.into_iter().map(Term::try_from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eetf_bytes(term: &eetf::Term) -> Vec<u8> {
        let mut out = Vec::new();
        term.encode(&mut out).expect("eetf encodes into a Vec");
        out
    }

    #[test]
    fn every_kind_survives_the_trip_through_eetf() {
        let term = Term::tuple([
            Term::atom("io"),
            Term::int(-1),
            Term::int(i64::MAX),
            Term::int(i64::MIN),
            Term::float(-0.5),
            Term::bin(vec![0, 255]),
            Term::str("abc"),
            Term::list([Term::nil(), Term::tuple([])]),
            Term::map([(Term::atom("k"), Term::bin("v"))]),
        ]);
        let there = eetf::Term::from(term.clone());
        assert_eq!(Term::try_from(there), Ok(term));
    }

    #[test]
    fn erlang_only_kinds_are_refused() {
        let pid = eetf::Term::from(eetf::Pid::new("nonode@nohost", 1, 2, 0));
        let err = Term::try_from(pid).unwrap_err();
        assert!(err.to_string().starts_with("a pid has no n2o Term form"), "{err}");
        let improper = eetf::Term::from(eetf::ImproperList::from((
            vec![eetf::Term::from(eetf::FixInteger::from(1))],
            eetf::Term::from(eetf::FixInteger::from(2)),
        )));
        assert!(Term::try_from(improper).is_err());
        let huge = eetf::Term::from(eetf::BigInteger::from(u64::MAX));
        assert_eq!(
            Term::try_from(huge).unwrap_err().to_string(),
            "integer 18446744073709551615 does not fit in 64 bits"
        );
    }

    #[test]
    fn eetf_produced_bytes_match_the_terms_they_came_from() {
        // eetf writes atoms as 119; the rest of the layout is the one we write.
        let term = eetf::Term::from(eetf::Tuple::from(vec![
            eetf::Term::from(eetf::Atom::from("ok")),
            eetf::Term::from(eetf::Binary::from(vec![1u8])),
        ]));
        assert_eq!(eetf_bytes(&term), [131, 104, 2, 119, 2, b'o', b'k', 109, 0, 0, 0, 1, 1]);
    }
}
