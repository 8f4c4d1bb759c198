//! Terms into Rust values ([`from_term`]), and `Deserialize` for [`Term`] itself.
//!
//! The mapping is the table in the [module docs](super#serde-mapping). Reading is a little
//! more lenient than writing where Erlang code commonly differs: text from binaries,
//! strings or atoms; structs and maps from proplists; byte vectors from binaries.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserialize, DeserializeSeed, IntoDeserializer, Visitor};

use super::display::brief;
use super::serde_impl;
use super::{Error, Term};

/// Deserializes a Rust value from `term` (see the [mapping](super#serde-mapping)).
///
/// Borrows from the term where it can, so `&str` fields work.
///
/// ```
/// use n2o_runtime::term::{from_term, Term};
///
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Login { user: String, remember: bool }
///
/// // A proplist, as a client sends it, reads like a map.
/// let term = Term::list([
///     Term::tuple([Term::atom("user"), Term::str("joe")]),
///     Term::tuple([Term::atom("remember"), Term::atom("true")]),
/// ]);
/// let login: Login = from_term(&term)?;
/// assert_eq!(login, Login { user: "joe".into(), remember: true });
/// # Ok::<(), n2o_runtime::term::Error>(())
/// ```
///
/// # Errors
/// When the term does not have the shape `T` expects, or an integer is out of `T`'s range.
/// The message shows the offending term in Erlang syntax.
pub fn from_term<'de, T: Deserialize<'de>>(term: &'de Term) -> Result<T, Error> {
    T::deserialize(Deserializer(term, false))
}

/// [`from_term`] for source values from a browser form, where every value is text: numbers
/// and booleans are also read from text (`<<"42">>`, `<<"true">>`, `<<"on">>`), and an
/// empty value is `None` for an `Option` field (an empty date or number input).
pub fn from_form<'de, T: Deserialize<'de>>(term: &'de Term) -> Result<T, Error> {
    T::deserialize(Deserializer(term, true))
}

#[derive(Clone, Copy)]
/// The term, and whether it is read as a web form ([`from_form`]).
pub(super) struct Deserializer<'de>(pub(super) &'de Term, pub(super) bool);

fn expected(what: &str, found: &Term) -> Error {
    Error::new(format!("expected {what}, found {}", brief(found, 60)))
}

impl<'de> Deserializer<'de> {
    fn text(self, what: &str) -> Result<&'de str, Error> {
        match self.0 {
            Term::Atom(name) => Ok(name),
            Term::Binary(bytes) | Term::Str(bytes) => {
                std::str::from_utf8(bytes).map_err(|_| expected(what, self.0))
            }
            other => Err(expected(what, other)),
        }
    }

    fn int<T: TryFrom<i64>>(self, type_name: &str) -> Result<T, Error> {
        match self.0 {
            Term::Int(value) => T::try_from(*value)
                .map_err(|_| Error::new(format!("integer {value} does not fit in {type_name}"))),
            Term::Binary(_) | Term::Str(_) if self.1 => {
                let text = self.text("an integer")?.trim();
                let value: i64 = text.parse().map_err(|_| expected("an integer", self.0))?;
                T::try_from(value)
                    .map_err(|_| Error::new(format!("integer {value} does not fit in {type_name}")))
            }
            other => Err(expected("an integer", other)),
        }
    }

    fn float(self) -> Result<f64, Error> {
        match self.0 {
            Term::Float(value) => Ok(*value),
            // JavaScript has one number type, so clients send `1.0` as the integer 1.
            Term::Int(value) => Ok(*value as f64),
            Term::Binary(_) | Term::Str(_) if self.1 => {
                let text = self.text("a number")?.trim();
                text.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| expected("a number", self.0))
            }
            other => Err(expected("a float", other)),
        }
    }

    /// The pairs of a map, or of a proplist `[{K, V}]`; `[]` is the empty map.
    fn pairs<V: Visitor<'de>>(self, visitor: V, what: &str) -> Result<V::Value, Error> {
        match self.0 {
            Term::Map(pairs) => visit_map(
                visitor,
                pairs.iter().map(|(k, v)| (Deserializer(k, self.1), Deserializer(v, self.1))),
            ),
            Term::List(items) => {
                let pairs = items
                    .iter()
                    .map(|item| match item {
                        Term::Tuple(kv) if kv.len() == 2 => {
                            Ok((Deserializer(&kv[0], self.1), Deserializer(&kv[1], self.1)))
                        }
                        other => Err(expected("a {Key, Value} pair in a proplist", other)),
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                visit_map(visitor, pairs.into_iter())
            }
            Term::Str(bytes) if bytes.is_empty() => visit_map(visitor, std::iter::empty()),
            other => Err(expected(what, other)),
        }
    }
}

fn visit_seq<'de, V, I>(visitor: V, items: I) -> Result<V::Value, Error>
where
    V: Visitor<'de>,
    I: Iterator,
    I::Item: IntoDeserializer<'de, Error>,
{
    let mut seq = SeqDeserializer::new(items);
    let value = visitor.visit_seq(&mut seq)?;
    seq.end()?;
    Ok(value)
}

fn visit_map<'de, V, I>(visitor: V, pairs: I) -> Result<V::Value, Error>
where
    V: Visitor<'de>,
    I: Iterator<Item = (Deserializer<'de>, Deserializer<'de>)>,
{
    let mut map = MapDeserializer::new(pairs);
    let value = visitor.visit_map(&mut map)?;
    map.end()?;
    Ok(value)
}

pub(super) fn items<'de>(
    items: &'de [Term],
    form: bool,
) -> impl Iterator<Item = Deserializer<'de>> {
    items.iter().map(move |t| Deserializer(t, form))
}

impl<'de> IntoDeserializer<'de, Error> for Deserializer<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

macro_rules! deserialize_int {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(self.int::<$ty>(stringify!($ty))?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Term::Atom(name) => match name.as_str() {
                "true" => visitor.visit_bool(true),
                "false" => visitor.visit_bool(false),
                "undefined" => visitor.visit_unit(),
                _ => visitor.visit_borrowed_str(name),
            },
            Term::Int(value) => visitor.visit_i64(*value),
            Term::Float(value) => visitor.visit_f64(*value),
            Term::Binary(bytes) | Term::Str(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => visitor.visit_borrowed_str(text),
                // A sequence of numbers, as serde_json writes bytes: every self-describing
                // target (JSON values, untagged enums) can hold it.
                Err(_) => visit_seq(visitor, bytes.iter().copied()),
            },
            Term::List(list) => visit_seq(visitor, items(list, self.1)),
            Term::Tuple(tuple) => visit_seq(visitor, items(tuple, self.1)),
            Term::Map(_) => self.pairs(visitor, "a map"),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = if self.1 { self.0.as_text() } else { self.0.as_atom() };
        match text {
            Some("true") => visitor.visit_bool(true),
            Some("false") => visitor.visit_bool(false),
            // What a checked checkbox without a value attribute sends.
            Some("on") if self.1 => visitor.visit_bool(true),
            Some("") if self.1 => visitor.visit_bool(false),
            _ => Err(expected("the atom true or false", self.0)),
        }
    }

    deserialize_int! {
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f32(self.float()? as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.text("a one-character text")?;
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(expected("a one-character text", self.0)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.text("UTF-8 text (a binary, string or atom)")?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Term::Binary(bytes) | Term::Str(bytes) => visitor.visit_borrowed_bytes(bytes),
            Term::List(list) => visit_seq(visitor, items(list, self.1)),
            other => Err(expected("a binary", other)),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Term::Atom(a) if a == "undefined" => visitor.visit_none(),
            Term::Binary(b) | Term::Str(b) if self.1 && b.is_empty() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_atom() {
            Some("ok" | "undefined") => visitor.visit_unit(),
            _ => Err(expected("the atom ok", self.0)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == serde_impl::TERM_NAME {
            visitor.visit_enum(serde_impl::Exact(self.0))
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Term::List(list) => visit_seq(visitor, items(list, self.1)),
            // A charlist is a list of bytes; a binary is read the same way, for `Vec<u8>`.
            Term::Str(bytes) | Term::Binary(bytes) => visit_seq(visitor, bytes.iter().copied()),
            other => Err(expected("a list", other)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Term::Tuple(tuple) if tuple.len() == len => visit_seq(visitor, items(tuple, self.1)),
            other => Err(expected(&format!("a tuple of {len}"), other)),
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.pairs(visitor, "a map or proplist")
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.pairs(visitor, "a map or proplist")
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Term::Atom(_) | Term::Binary(_) | Term::Str(_) => {
                visitor.visit_enum(Variant { tag: self.0, rest: &[], form: self.1 })
            }
            Term::Tuple(items) if !items.is_empty() => {
                visitor.visit_enum(Variant { tag: &items[0], rest: &items[1..], form: self.1 })
            }
            // `#{Tag => Value}`: serde's external tagging as JSON writes it (`{"Play":
            // {"col": 3}}`), what hand-written client JavaScript sends.
            Term::Map(pairs) if pairs.len() == 1 => {
                let (tag, value) = &pairs[0];
                visitor.visit_enum(Tagged { tag, value, form: self.1 })
            }
            other => Err(expected("an atom, a {Tag, ...} tuple or a #{Tag => Value} map", other)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Term::Int(index) if *index >= 0 => visitor.visit_u64(index.unsigned_abs()),
            _ => visitor.visit_borrowed_str(self.text("a name (an atom, binary or string)")?),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// An enum value: `tag` alone (`rest` empty) or the tuple `{tag, rest...}`.
struct Variant<'de> {
    tag: &'de Term,
    rest: &'de [Term],
    form: bool,
}

impl<'de> de::EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        Ok((seed.deserialize(Deserializer(self.tag, self.form))?, self))
    }
}

impl<'de> Variant<'de> {
    fn arity_error(&self, what: &str) -> Error {
        let found = Term::Tuple(std::iter::once(self.tag).chain(self.rest).cloned().collect());
        expected(what, &found)
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        if self.rest.is_empty() { Ok(()) } else { Err(self.arity_error("a bare atom")) }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        match self.rest {
            [value] => seed.deserialize(Deserializer(value, self.form)),
            _ => Err(self.arity_error("a {Tag, Value} tuple")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        if self.rest.len() == len {
            visit_seq(visitor, items(self.rest, self.form))
        } else {
            Err(self.arity_error(&format!("a tuple of {}", len + 1)))
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.rest {
            [fields] => {
                Deserializer(fields, self.form).pairs(visitor, "a map or proplist of fields")
            }
            _ => Err(self.arity_error("a {Tag, #{...}} tuple")),
        }
    }
}

/// An enum value written `#{Tag => Value}`: the value is the variant's payload, a list or
/// tuple for a tuple variant, a map or proplist for a struct variant, `undefined`, `ok` or
/// `[]` for a unit variant.
struct Tagged<'de> {
    tag: &'de Term,
    value: &'de Term,
    form: bool,
}

impl<'de> de::EnumAccess<'de> for Tagged<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        Ok((seed.deserialize(Deserializer(self.tag, self.form))?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Tagged<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.value {
            Term::Atom(a) if a == "undefined" || a == "ok" => Ok(()),
            Term::List(items) if items.is_empty() => Ok(()),
            other => Err(expected("no value (null) for a unit variant", other)),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(Deserializer(self.value, self.form))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            // A list too: JavaScript has arrays, not tuples (`{"Swap": [1, 2]}`).
            Term::Tuple(elems) | Term::List(elems) if elems.len() == len => {
                visit_seq(visitor, items(elems, self.form))
            }
            other => Err(expected(&format!("a list of {len}"), other)),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        Deserializer(self.value, self.form).pairs(visitor, "a map or proplist of fields")
    }
}

#[cfg(test)]
mod tests;
