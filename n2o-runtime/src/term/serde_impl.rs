//! `Serialize` and `Deserialize` for [`Term`] itself: self-describing for other formats,
//! exact through [`to_term`](super::to_term) and [`from_term`](super::from_term).
//!
//! Other formats see plain serde shapes (see [`Term`]'s impls). Our own serializer and
//! deserializer recognise private newtype-struct names and carry what those shapes lose:
//! which strings are atoms, which are charlists, and the exact term on the way back.

use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserialize, DeserializeSeed, Visitor};
use serde::ser::{self, Serialize, SerializeMap as _, SerializeTuple as _};

use super::de::{Deserializer, items};
use super::{Error, Term};

/// Newtype-struct names that carry the atom-ness or charlist-ness of a [`Term`] through
/// serde: other serializers see a transparent newtype, ours rebuilds the exact term.
pub(super) const ATOM_NAME: &str = "$n2o::term::Atom";
pub(super) const STR_NAME: &str = "$n2o::term::Str";

/// Newtype-struct name through which `Term::deserialize` asks for the exact term: our
/// deserializer answers with the term itself, other formats see a transparent newtype.
pub(super) const TERM_NAME: &str = "$n2o::term::Term";

impl Serialize for Term {
    /// Self-describing: atoms and UTF-8 binaries as strings, other binaries as bytes, lists
    /// and tuples as sequences, maps as maps. [`to_term`](super::to_term) gives back the same term.
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Term::Atom(name) => serializer.serialize_newtype_struct(ATOM_NAME, name.as_str()),
            Term::Int(value) => serializer.serialize_i64(*value),
            Term::Float(value) => serializer.serialize_f64(*value),
            Term::Binary(bytes) => TextOrBytes(bytes).serialize(serializer),
            Term::Str(bytes) => serializer.serialize_newtype_struct(STR_NAME, &TextOrBytes(bytes)),
            Term::List(items) => serializer.collect_seq(items),
            Term::Tuple(items) => {
                let mut tuple = serializer.serialize_tuple(items.len())?;
                for item in items {
                    tuple.serialize_element(item)?;
                }
                tuple.end()
            }
            Term::Map(pairs) => {
                let mut map = serializer.serialize_map(Some(pairs.len()))?;
                for (key, value) in pairs {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

struct TextOrBytes<'a>(&'a [u8]);

impl Serialize for TextOrBytes<'_> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(self.0) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => serializer.serialize_bytes(self.0),
        }
    }
}

/// The exact-term channel: the term's kind as the variant name, its payload as the value.
pub(super) struct Exact<'de>(pub(super) &'de Term);

#[derive(serde::Deserialize)]
enum Kind {
    Atom,
    Int,
    Float,
    Binary,
    Str,
    List,
    Tuple,
    Map,
}

impl<'de> de::EnumAccess<'de> for Exact<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let kind = match self.0 {
            Term::Atom(_) => "Atom",
            Term::Int(_) => "Int",
            Term::Float(_) => "Float",
            Term::Binary(_) => "Binary",
            Term::Str(_) => "Str",
            Term::List(_) => "List",
            Term::Tuple(_) => "Tuple",
            Term::Map(_) => "Map",
        };
        Ok((seed.deserialize(BorrowedStrDeserializer::<Error>::new(kind))?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Exact<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Err(Error::new("a term is never a unit variant"))
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        match self.0 {
            Term::List(list) | Term::Tuple(list) => {
                seed.deserialize(SeqDeserializer::new(items(list, false)))
            }
            Term::Map(pairs) => seed.deserialize(MapDeserializer::new(
                pairs.iter().map(|(k, v)| (Deserializer(k, false), Deserializer(v, false))),
            )),
            scalar => seed.deserialize(Deserializer(scalar, false)),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(Error::new("a term is never a tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(Error::new("a term is never a struct variant"))
    }
}

impl<'de> Deserialize<'de> for Term {
    /// From [`from_term`](super::from_term), the exact term. From other formats, self-describing: booleans as
    /// atoms, `null` as `undefined`, strings and bytes as binaries, sequences as lists, maps
    /// as maps.
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Term, D::Error> {
        deserializer.deserialize_newtype_struct(TERM_NAME, TermVisitor)
    }
}

struct TermVisitor;

impl<'de> Visitor<'de> for TermVisitor {
    type Value = Term;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value that has an Erlang term form")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Term, E> {
        Ok(Term::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Term, E> {
        Ok(Term::Int(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Term, E> {
        i64::try_from(v)
            .map(Term::Int)
            .map_err(|_| E::custom(format!("integer {v} does not fit in 64 bits")))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Term, E> {
        self.visit_i128(i128::from(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Term, E> {
        i64::try_from(v)
            .map(Term::Int)
            .map_err(|_| E::custom(format!("integer {v} does not fit in 64 bits")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Term, E> {
        Ok(Term::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Term, E> {
        Ok(Term::from(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Term, E> {
        Ok(Term::from(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Term, E> {
        Ok(Term::Binary(v.to_vec()))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Term, E> {
        Ok(Term::Binary(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Term, E> {
        Ok(Term::atom("undefined"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Term, E> {
        Ok(Term::atom("undefined"))
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Term, D::Error> {
        Term::deserialize(d)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Term, D::Error> {
        d.deserialize_any(TermVisitor)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Term, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Term::List(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Term, A::Error> {
        let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(pair) = map.next_entry()? {
            pairs.push(pair);
        }
        Ok(Term::Map(pairs))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Term, A::Error> {
        use de::VariantAccess as _;
        let (kind, payload) = data.variant::<Kind>()?;
        Ok(match kind {
            Kind::Atom => Term::Atom(payload.newtype_variant()?),
            Kind::Int => Term::Int(payload.newtype_variant()?),
            Kind::Float => Term::Float(payload.newtype_variant()?),
            Kind::Binary => Term::Binary(payload.newtype_variant::<Bytes>()?.0),
            Kind::Str => Term::Str(payload.newtype_variant::<Bytes>()?.0),
            Kind::List => Term::List(payload.newtype_variant()?),
            Kind::Tuple => Term::Tuple(payload.newtype_variant()?),
            Kind::Map => Term::Map(payload.newtype_variant()?),
        })
    }
}

/// Owned bytes read with `deserialize_byte_buf`, so a binary is not read as a list.
struct Bytes(Vec<u8>);

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Bytes, D::Error> {
        struct BytesVisitor;
        impl<'de> Visitor<'de> for BytesVisitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
        }
        deserializer.deserialize_byte_buf(BytesVisitor)
    }
}
