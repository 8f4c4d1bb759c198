//! Rust values into terms ([`to_term`]), and `Serialize` for [`Term`] itself.
//!
//! The mapping is the table in the [module docs](super#serde-mapping).

use serde::ser::{self, Serialize};

use super::serde_impl::{ATOM_NAME, STR_NAME};
use super::{Error, Term};

/// Serializes `value` into a [`Term`] (see the [mapping](super#serde-mapping)).
///
/// ```
/// use n2o_runtime::term::{to_term, Term};
///
/// #[derive(serde::Serialize)]
/// enum Ev { Chat, Move(i64, i64) }
///
/// assert_eq!(to_term(&Ev::Chat)?, Term::atom("Chat"));
/// assert_eq!(to_term(&Ev::Move(1, 2))?.to_string(), "{'Move',1,2}");
/// assert_eq!(to_term(&Some("hi"))?, Term::bin("hi"));
/// assert_eq!(to_term(&None::<i64>)?, Term::atom("undefined"));
/// # Ok::<(), n2o_runtime::term::Error>(())
/// ```
///
/// # Errors
/// Integers outside `i64`, NaN and infinite floats, and map keys or values whose own
/// `Serialize` fails.
pub fn to_term<T: Serialize + ?Sized>(value: &T) -> Result<Term, Error> {
    value.serialize(Serializer)
}

struct Serializer;

fn int(value: impl TryInto<i64> + Copy + std::fmt::Display) -> Result<Term, Error> {
    value
        .try_into()
        .map(Term::Int)
        .map_err(|_| Error::new(format!("integer {value} does not fit in 64 bits")))
}

fn float(value: f64) -> Result<Term, Error> {
    if value.is_finite() {
        Ok(Term::Float(value))
    } else {
        Err(Error::new(format!("{value} is not a finite float; Erlang has no such value")))
    }
}

fn atom(name: &str) -> Term {
    Term::Atom(name.to_owned())
}

/// Room reserved up front for a sequence; a size hint is a promise, not a measurement.
fn capacity(hint: Option<usize>) -> usize {
    hint.unwrap_or(0).min(1024)
}

impl ser::Serializer for Serializer {
    type Ok = Term;
    type Error = Error;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Items;
    type SerializeMap = Pairs;
    type SerializeStruct = Pairs;
    type SerializeStructVariant = Pairs;

    fn serialize_bool(self, v: bool) -> Result<Term, Error> {
        Ok(Term::from(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Term, Error> {
        int(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Term, Error> {
        int(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Term, Error> {
        int(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Term, Error> {
        int(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Term, Error> {
        int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Term, Error> {
        int(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Term, Error> {
        int(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Term, Error> {
        int(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Term, Error> {
        int(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Term, Error> {
        int(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Term, Error> {
        float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Term, Error> {
        float(v)
    }
    fn serialize_char(self, v: char) -> Result<Term, Error> {
        Ok(Term::Binary(v.to_string().into_bytes()))
    }
    fn serialize_str(self, v: &str) -> Result<Term, Error> {
        Ok(Term::Binary(v.as_bytes().to_vec()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Term, Error> {
        Ok(Term::Binary(v.to_vec()))
    }
    fn serialize_none(self) -> Result<Term, Error> {
        Ok(atom("undefined"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Term, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Term, Error> {
        Ok(atom("ok"))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Term, Error> {
        Ok(atom("ok"))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Term, Error> {
        Ok(atom(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Term, Error> {
        let inner = value.serialize(self)?;
        match (name, inner) {
            (ATOM_NAME, Term::Binary(bytes)) => String::from_utf8(bytes)
                .map(Term::Atom)
                .map_err(|_| Error::new("an atom name must be UTF-8")),
            (STR_NAME, Term::Binary(bytes)) => Ok(Term::Str(bytes)),
            (_, inner) => Ok(inner),
        }
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Term, Error> {
        Ok(Term::Tuple(vec![atom(variant), value.serialize(self)?]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items, Error> {
        Ok(Items { kind: ItemsKind::List, items: Vec::with_capacity(capacity(len)) })
    }
    fn serialize_tuple(self, len: usize) -> Result<Items, Error> {
        Ok(Items { kind: ItemsKind::Tuple, items: Vec::with_capacity(capacity(Some(len))) })
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Items, Error> {
        self.serialize_tuple(len)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Items, Error> {
        let mut items = Vec::with_capacity(capacity(Some(len + 1)));
        items.push(atom(variant));
        Ok(Items { kind: ItemsKind::Tuple, items })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Pairs, Error> {
        Ok(Pairs { variant: None, pairs: Vec::with_capacity(capacity(len)), key: None })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Pairs, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Pairs, Error> {
        let mut pairs = self.serialize_map(Some(len))?;
        pairs.variant = Some(variant);
        Ok(pairs)
    }
}

enum ItemsKind {
    List,
    Tuple,
}

/// A list or tuple being filled; a tuple variant starts with its tag already in place.
struct Items {
    kind: ItemsKind,
    items: Vec<Term>,
}

impl Items {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(value.serialize(Serializer)?);
        Ok(())
    }
    fn finish(self) -> Term {
        match self.kind {
            ItemsKind::List => Term::List(self.items),
            ItemsKind::Tuple => Term::Tuple(self.items),
        }
    }
}

impl ser::SerializeSeq for Items {
    type Ok = Term;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Term, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeTuple for Items {
    type Ok = Term;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Term, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleStruct for Items {
    type Ok = Term;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Term, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleVariant for Items {
    type Ok = Term;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Term, Error> {
        Ok(self.finish())
    }
}

/// A map or struct being filled; a struct variant ends up as `{Variant, #{...}}`.
struct Pairs {
    variant: Option<&'static str>,
    pairs: Vec<(Term, Term)>,
    key: Option<Term>,
}

impl Pairs {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.pairs.push((atom(key), value.serialize(Serializer)?));
        Ok(())
    }
    fn finish(self) -> Term {
        let map = Term::Map(self.pairs);
        match self.variant {
            Some(variant) => Term::Tuple(vec![atom(variant), map]),
            None => map,
        }
    }
}

impl ser::SerializeMap for Pairs {
    type Ok = Term;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(Serializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| Error::new("map value without a key"))?;
        self.pairs.push((key, value.serialize(Serializer)?));
        Ok(())
    }
    fn end(self) -> Result<Term, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeStruct for Pairs {
    type Ok = Term;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<Term, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeStructVariant for Pairs {
    type Ok = Term;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<Term, Error> {
        Ok(self.finish())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn primitives() {
        assert_eq!(to_term(&true).unwrap(), Term::atom("true"));
        assert_eq!(to_term(&-5i8).unwrap(), Term::int(-5));
        assert_eq!(
            to_term(&u64::MAX).unwrap_err().to_string(),
            "integer 18446744073709551615 does not fit in 64 bits"
        );
        assert_eq!(to_term(&(i64::MAX as i128)).unwrap(), Term::int(i64::MAX));
        assert!(to_term(&f64::NAN).is_err());
        assert_eq!(to_term(&1.5f32).unwrap(), Term::float(1.5));
        assert_eq!(to_term(&'é').unwrap(), Term::bin("é"));
        assert_eq!(to_term("s").unwrap(), Term::bin("s"));
        assert_eq!(to_term(&()).unwrap(), Term::atom("ok"));
        assert_eq!(to_term(&None::<u8>).unwrap(), Term::atom("undefined"));
        assert_eq!(to_term(&Some(1u8)).unwrap(), Term::int(1));
    }

    #[test]
    fn containers() {
        assert_eq!(to_term(&vec![1u8, 2]).unwrap(), Term::list([Term::int(1), Term::int(2)]));
        assert_eq!(to_term(&Vec::<u8>::new()).unwrap(), Term::nil());
        assert_eq!(to_term(&(1u8, "a")).unwrap(), Term::tuple([Term::int(1), Term::bin("a")]));
        let map: BTreeMap<&str, u8> = [("k", 1)].into();
        assert_eq!(to_term(&map).unwrap(), Term::map([(Term::bin("k"), Term::int(1))]));
    }

    #[test]
    fn a_term_serializes_to_itself() {
        let term = Term::tuple([
            Term::atom("a"),
            Term::str("s"),
            Term::Str(vec![255]),
            Term::bin(vec![255]),
            Term::bin("t"),
            Term::map([(Term::tuple([]), Term::nil())]),
            Term::float(-0.0),
        ]);
        assert_eq!(to_term(&term).unwrap(), term);
    }
}
