//! The WAMP formatter: terms as natural JSON arrays, `["io","<js>",<data>]`, in text frames.
//!
//! N2O's README shows `WAMP: [io,"…",1]` as an illustration only; this is the mapping n2o
//! defines for it. Natural JSON has fewer types than Erlang, so some distinctions are lost:
//!
//! | term | JSON | decodes back as |
//! |---|---|---|
//! | atom `true`, `false` | `true`, `false` | the same atom |
//! | atom `undefined` | `null` | `undefined` |
//! | other atom `ok` | `"ok"` | an atom at the head of an array, a binary elsewhere |
//! | integer | a number, all 64 bits (JavaScript keeps 53) | integer |
//! | float | a number with a `.` or an exponent: `1.0`, `1e300`; NaN and infinities `null` | float |
//! | binary or string, UTF-8 | `"text"` | a binary (an atom at the head of an array) |
//! | binary or string, not UTF-8 | an array of bytes `[255,0]` | a tuple of integers |
//! | list, tuple | an array | a tuple, whose first element, if a string, is an atom |
//! | map | an object; atom and UTF-8 keys as they are, any other key as its own JSON text | a map with binary keys, in frame order |
//!
//! So `{io, <<"alert(1);">>, <<>>}` is `["io","alert(1);",""]` and comes back the same, as
//! does any client event `["pickle",…]`. Exactly the terms that round-trip are those made of
//! integers, finite floats, the atoms `true`/`false`/`undefined` anywhere, other atoms only
//! as the first element of a non-empty tuple, UTF-8 binaries anywhere but there, tuples, and
//! maps whose keys are UTF-8 binaries. Lists come back as tuples; strings as binaries.
//!
//! Decoding is bounded like the JSON formatter: frame size first, then [`Limits::max_depth`]
//! (a term inside a non-empty array or object is one level deeper) and
//! [`Limits::max_elements`] (every JSON value counts, object keys too). serde_json itself
//! stops at 128 levels of JSON nesting whatever the limits say. It refuses, with a
//! [`DecodeError::Shape`] naming serde_json's line and column: malformed JSON, trailing
//! bytes, invalid UTF-8, lone surrogates, integers beyond `i64`.
//!
//! The JSON object formatter ([`crate::format::json_object`]) shares this mapping except for
//! tuples, lists and objects; both live here so that they cannot drift apart.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{DecodeError, Frame, Limits};
use crate::format::Formatter;
use crate::term::Term;

/// WAMP-style natural JSON arrays, text frames.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Wamp;

impl Formatter for Wamp {
    fn name(&self) -> &'static str {
        "wamp"
    }

    fn binary(&self) -> bool {
        false
    }

    fn encode(&self, term: &Term) -> Frame {
        Frame::Text(write(term, Style::Wamp))
    }

    fn decode(&self, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
        read(frame, limits, Style::Wamp)
    }
}

/// Which of the two natural JSON mappings: they differ only on tuples, arrays and objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    /// Tuples and lists are arrays; arrays are tuples with an atom head.
    Wamp,
    /// Tuples with an atom head are `{"name":…}` objects; arrays are lists.
    Object,
}

impl Style {
    fn label(self) -> &'static str {
        match self {
            Style::Wamp => "WAMP",
            Style::Object => "JSON object",
        }
    }
}

/// Levels of JSON nesting serde_json accepts before its recursion limit.
const SERDE_JSON_LEVELS: usize = 127;

/// The compact JSON text of `term`.
pub(super) fn write(term: &Term, style: Style) -> String {
    // Natural's `serialize` has no error path of its own and writes only string keys, the
    // one thing serde_json can refuse.
    serde_json::to_string(&Natural { term, style }).expect("natural JSON always serializes")
}

/// The term in a frame, within `limits`.
pub(super) fn read(frame: &[u8], limits: &Limits, style: Style) -> Result<Term, DecodeError> {
    super::check_size(frame.len(), limits)?;
    let mut reader = Reader {
        style,
        max_depth: limits.max_depth,
        max_terms: limits.max_elements,
        terms: 0,
        fail: None,
    };
    let mut de = serde_json::Deserializer::from_slice(frame);
    let result = Node { r: &mut reader, depth: 0, head: false }
        .deserialize(&mut de)
        .and_then(|term| de.end().map(|()| term));
    result.map_err(|err| {
        if let Some(limit) = reader.fail.take() {
            limit
        } else if err.to_string().starts_with("recursion limit exceeded") {
            // serde_json's own bound on nesting, reached before ours.
            DecodeError::TooDeep {
                format: style.label(),
                max: limits.max_depth.min(SERDE_JSON_LEVELS),
            }
        } else {
            DecodeError::Shape { format: style.label(), message: err.to_string() }
        }
    })
}

struct Natural<'a> {
    term: &'a Term,
    style: Style,
}

impl<'a> Natural<'a> {
    fn of(&self, term: &'a Term) -> Natural<'a> {
        Natural { term, style: self.style }
    }
}

impl Serialize for Natural<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.term {
            Term::Atom(name) => match name.as_str() {
                "true" => s.serialize_bool(true),
                "false" => s.serialize_bool(false),
                "undefined" => s.serialize_unit(),
                _ => s.serialize_str(name),
            },
            Term::Int(value) => s.serialize_i64(*value),
            // serde_json writes NaN and infinities as null, and keeps `.0` on whole floats.
            Term::Float(value) => s.serialize_f64(*value),
            Term::Binary(bytes) | Term::Str(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => s.serialize_str(text),
                Err(_) => s.collect_seq(bytes),
            },
            Term::List(items) => s.collect_seq(items.iter().map(|t| self.of(t))),
            Term::Tuple(items) => match (self.style, items.as_slice()) {
                (Style::Object, [Term::Atom(io), eval, data]) if io == "io" => {
                    let mut map = s.serialize_map(Some(3))?;
                    map.serialize_entry("name", "io")?;
                    map.serialize_entry("eval", &self.of(eval))?;
                    map.serialize_entry("data", &self.of(data))?;
                    map.end()
                }
                (Style::Object, [Term::Atom(tag), args @ ..]) => {
                    let mut map = s.serialize_map(Some(2))?;
                    map.serialize_entry("name", tag)?;
                    map.serialize_entry("args", &Seq(args, self.style))?;
                    map.end()
                }
                _ => s.collect_seq(items.iter().map(|t| self.of(t))),
            },
            Term::Map(pairs) => {
                let mut map = s.serialize_map(Some(pairs.len()))?;
                for (k, v) in pairs {
                    map.serialize_entry(&key_text(k, self.style), &self.of(v))?;
                }
                map.end()
            }
        }
    }
}

struct Seq<'a>(&'a [Term], Style);

impl Serialize for Seq<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|term| Natural { term, style: self.1 }))
    }
}

/// An object key: an atom's name or UTF-8 text as it is, any other term its JSON text.
fn key_text(key: &Term, style: Style) -> Cow<'_, str> {
    match key {
        Term::Atom(name) => Cow::Borrowed(name),
        Term::Binary(bytes) | Term::Str(bytes) if std::str::from_utf8(bytes).is_ok() => {
            String::from_utf8_lossy(bytes)
        }
        other => Cow::Owned(write(other, style)),
    }
}

/// The decoding state shared by every level: the limits and what has been counted.
struct Reader {
    style: Style,
    max_depth: usize,
    max_terms: usize,
    terms: usize,
    /// The limit that stopped decoding; serde only carries a message through its errors.
    fail: Option<DecodeError>,
}

impl Reader {
    fn fail<E: de::Error>(&mut self, err: DecodeError) -> E {
        let message = err.to_string();
        self.fail = Some(err);
        E::custom(message)
    }

    /// Counts one more term, refusing past the limit.
    fn count<E: de::Error>(&mut self) -> Result<(), E> {
        self.terms += 1;
        if self.terms > self.max_terms {
            let max = self.max_terms;
            return Err(self.fail(DecodeError::TooManyTerms { format: self.style.label(), max }));
        }
        Ok(())
    }
}

/// One JSON value at `depth` levels below the top; `head` if it is the first of a WAMP array.
struct Node<'r> {
    r: &'r mut Reader,
    depth: usize,
    head: bool,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Term;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Term, D::Error> {
        self.r.count()?;
        if self.depth > self.r.max_depth {
            let max = self.r.max_depth;
            return Err(self.r.fail(DecodeError::TooDeep { format: self.r.style.label(), max }));
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Term;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Term, E> {
        Ok(Term::atom(if value { "true" } else { "false" }))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Term, E> {
        Ok(Term::atom("undefined"))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Term, E> {
        Ok(Term::Int(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Term, E> {
        i64::try_from(value)
            .map(Term::Int)
            .map_err(|_| E::custom(format_args!("integer {value} does not fit in 64 bits")))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Term, E> {
        Ok(Term::Float(value))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Term, E> {
        Ok(if self.head { Term::atom(text) } else { Term::bin(text) })
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Term, E> {
        Ok(if self.head { Term::Atom(text) } else { Term::Binary(text.into_bytes()) })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Term, A::Error> {
        let style = self.r.style;
        let mut items = Vec::new();
        loop {
            let head = style == Style::Wamp && items.is_empty();
            let node = Node { r: &mut *self.r, depth: self.depth + 1, head };
            match seq.next_element_seed(node)? {
                Some(term) => items.push(term),
                None => break,
            }
        }
        Ok(match style {
            Style::Wamp => Term::Tuple(items),
            Style::Object => Term::List(items),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Term, A::Error> {
        let mut pairs = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            // A key is a term of the map, one level down, like its value.
            self.r.count()?;
            let node = Node { r: &mut *self.r, depth: self.depth + 1, head: false };
            let value = map.next_value_seed(node)?;
            pairs.push((Term::Binary(key.into_bytes()), value));
        }
        Ok(match self.r.style {
            Style::Object => tagged(pairs),
            Style::Wamp => Term::Map(pairs),
        })
    }
}

/// A JSON object formatter's object: `{"name":"io","eval":E,"data":D}` is `{io, E, D}`,
/// `{"name":"tag","args":[…]}` is `{tag, …}`, any other object a map.
fn tagged(pairs: Vec<(Term, Term)>) -> Term {
    let field = |name: &str| pairs.iter().position(|(k, _)| k.as_bytes() == Some(name.as_bytes()));
    // Strings decode as binaries here, so `as_text` reads the name of the tag.
    let name = field("name").and_then(|i| pairs[i].1.as_text());
    match (pairs.len(), name) {
        (3, Some("io")) => {
            if let (Some(e), Some(d)) = (field("eval"), field("data")) {
                return Term::tuple([Term::atom("io"), pairs[e].1.clone(), pairs[d].1.clone()]);
            }
        }
        (2, Some(tag)) => {
            if let Some(Term::List(args)) = field("args").map(|i| &pairs[i].1) {
                let mut items = Vec::with_capacity(args.len() + 1);
                items.push(Term::atom(tag));
                items.extend(args.iter().cloned());
                return Term::Tuple(items);
            }
        }
        _ => {}
    }
    Term::Map(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(term: &Term) -> String {
        write(term, Style::Wamp)
    }

    fn dec(text: &str) -> Result<Term, DecodeError> {
        Wamp.decode(text.as_bytes(), &Limits::default())
    }

    fn err(text: &str) -> String {
        dec(text).expect_err("must be refused").to_string()
    }

    #[test]
    fn io_is_the_seed_shape_byte_for_byte() {
        let io = Term::tuple([Term::atom("io"), Term::bin("alert(1);"), Term::bin("")]);
        assert_eq!(Wamp.encode(&io), Frame::Text(r#"["io","alert(1);",""]"#.into()));
        assert_eq!(dec(r#"["io","alert(1);",""]"#), Ok(io));
        let error = Term::tuple([
            Term::atom("io"),
            Term::bin(""),
            Term::tuple([Term::atom("error"), Term::bin("boom")]),
        ]);
        assert_eq!(enc(&error), r#"["io","",["error","boom"]]"#);
        assert_eq!(dec(&enc(&error)), Ok(error));
        assert_eq!(Wamp.name(), "wamp");
    }

    #[test]
    fn every_kind_has_its_shape() {
        let cases = [
            (Term::atom("true"), "true"),
            (Term::atom("undefined"), "null"),
            (Term::atom("ok"), r#""ok""#),
            (Term::int(i64::MIN), "-9223372036854775808"),
            (Term::float(1.0), "1.0"),
            (Term::float(-0.0), "-0.0"),
            (Term::float(f64::NAN), "null"),
            (Term::bin(vec![255, 0]), "[255,0]"),
            (Term::str("ab"), r#""ab""#),
            (Term::nil(), "[]"),
            (Term::list([Term::int(1)]), "[1]"),
            (Term::tuple([]), "[]"),
            (
                Term::map([(Term::atom("k"), Term::int(1)), (Term::int(2), Term::nil())]),
                r#"{"k":1,"2":[]}"#,
            ),
        ];
        for (term, json) in cases {
            assert_eq!(enc(&term), json, "{term}");
        }
    }

    #[test]
    fn round_trips_what_it_can_express() {
        let term = Term::tuple([
            Term::atom("event"),
            Term::int(i64::MAX),
            Term::float(0.1 + 0.2),
            Term::float(6.934698245112694e276),
            Term::atom("false"),
            Term::atom("undefined"),
            Term::bin("</eval> ]]> &amp; \n \\ \u{2028} 𝄞 \"q\""),
            Term::tuple([Term::atom("tag")]),
            Term::map([(Term::bin("b"), Term::int(2)), (Term::bin("a"), Term::int(1))]),
        ]);
        assert_eq!(dec(&enc(&term)), Ok(term));
        // What it cannot: lists become tuples, atoms in the middle binaries.
        let lossy = Term::list([Term::atom("a"), Term::atom("b")]);
        assert_eq!(dec(&enc(&lossy)), Ok(Term::tuple([Term::atom("a"), Term::bin("b")])));
    }

    #[test]
    fn refuses_malformed_json() {
        assert!(err("[1,").starts_with("WAMP: EOF while parsing"), "{}", err("[1,"));
        assert!(err("[1] x").starts_with("WAMP: trailing characters"), "{}", err("[1] x"));
        assert!(err("").starts_with("WAMP: EOF"));
        assert!(
            err(r#""\udc00""#).starts_with("WAMP: lone leading surrogate"),
            "{}",
            err(r#""\udc00""#)
        );
        assert!(
            err("18446744073709551615")
                .starts_with("WAMP: integer 18446744073709551615 does not fit in 64 bits")
        );
        let bytes = Wamp.decode(b"\"\xff\"", &Limits::default()).unwrap_err().to_string();
        assert!(bytes.starts_with("WAMP: invalid unicode"), "{bytes}");
    }

    #[test]
    fn limits_bound_decoding() {
        let limits = Limits { max_depth: 3, ..Limits::default() };
        let nest = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        assert!(Wamp.decode(nest(3).as_bytes(), &limits).is_ok());
        assert_eq!(
            Wamp.decode(nest(4).as_bytes(), &limits),
            Err(DecodeError::TooDeep { format: "WAMP", max: 3 })
        );
        assert_eq!(
            Wamp.decode(nest(100_000).as_bytes(), &Limits::default()).unwrap_err().to_string(),
            "WAMP: nesting deeper than 64"
        );
        let deep = Limits { max_depth: 100_000, ..Limits::default() };
        assert_eq!(
            Wamp.decode(nest(100_000).as_bytes(), &deep),
            Err(DecodeError::TooDeep { format: "WAMP", max: SERDE_JSON_LEVELS })
        );
        assert!(Wamp.decode(nest(SERDE_JSON_LEVELS).as_bytes(), &deep).is_ok());
        let few = Limits { max_elements: 3, ..Limits::default() };
        assert!(Wamp.decode(b"[1,2]", &few).is_ok());
        assert_eq!(
            Wamp.decode(b"[1,2,3]", &few).unwrap_err().to_string(),
            "WAMP: more than 3 terms"
        );
        assert_eq!(
            Wamp.decode(br#"{"a":1,"b":2}"#, &few).unwrap_err().to_string(),
            "WAMP: more than 3 terms"
        );
        let small = Limits { max_frame: 4, ..Limits::default() };
        assert_eq!(Wamp.decode(b"[1,2]", &small), Err(DecodeError::TooLarge { len: 5, max: 4 }));
    }
}
