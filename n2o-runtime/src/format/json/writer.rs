//! The JSON encoder: a `Serialize` view of the type tree, written by serde_json.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::format::bert::tag;
use crate::term::Term;

pub(super) fn write(term: &Term) -> String {
    // Tree's `serialize` has no error path and serde_json only fails on non-string map keys,
    // which Tree never produces.
    serde_json::to_string(&Tree(term)).expect("the type tree always serializes")
}

/// `{"t":Tag,"v":Value}` for one term.
struct Tree<'a>(&'a Term);

impl Serialize for Tree<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        match self.0 {
            Term::Atom(name) => tagged(&mut map, tag::ATOM, name)?,
            // The tag BERT would use (98 for what fits INTEGER_EXT, else 110); a big integer
            // is a decimal string because JavaScript numbers lose digits beyond 2^53.
            Term::Int(value) => match i32::try_from(*value) {
                Ok(int) => tagged(&mut map, tag::INTEGER, &int)?,
                Err(_) => tagged(&mut map, tag::SMALL_BIG, &value.to_string())?,
            },
            Term::Float(value) => tagged(&mut map, tag::NEW_FLOAT, value)?,
            Term::Binary(bytes) => tagged(&mut map, tag::BINARY, &TextOrBytes(bytes))?,
            Term::Str(bytes) => tagged(&mut map, tag::STRING, &TextOrBytes(bytes))?,
            Term::List(items) if items.is_empty() => map.serialize_entry("t", &tag::NIL)?,
            Term::List(items) => tagged(&mut map, tag::LIST, &Trees(items))?,
            Term::Tuple(items) => tagged(&mut map, tag::SMALL_TUPLE, &Trees(items))?,
            Term::Map(pairs) => tagged(&mut map, tag::MAP, &Pairs(pairs))?,
        }
        map.end()
    }
}

fn tagged<M: SerializeMap, V: Serialize + ?Sized>(
    map: &mut M,
    tag: u8,
    value: &V,
) -> Result<(), M::Error> {
    map.serialize_entry("t", &tag)?;
    map.serialize_entry("v", value)
}

struct TextOrBytes<'a>(&'a [u8]);

impl Serialize for TextOrBytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(self.0) {
            Ok(text) => s.serialize_str(text),
            // serde_json writes bytes as an array of numbers, which is the N2O form.
            Err(_) => s.serialize_bytes(self.0),
        }
    }
}

struct Trees<'a>(&'a [Term]);

impl Serialize for Trees<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Tree))
    }
}

struct Pairs<'a>(&'a [(Term, Term)]);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|(k, v)| Pair(k, v)))
    }
}

/// `{"k":K,"v":V}`, one entry of a map.
struct Pair<'a>(&'a Term, &'a Term);

impl Serialize for Pair<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("k", &Tree(self.0))?;
        map.serialize_entry("v", &Tree(self.1))?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_tag() {
        let cases = [
            (Term::atom("io"), r#"{"t":100,"v":"io"}"#),
            (Term::int(5), r#"{"t":98,"v":5}"#),
            (Term::int(i64::from(i32::MIN)), r#"{"t":98,"v":-2147483648}"#),
            (Term::int(1 << 31), r#"{"t":110,"v":"2147483648"}"#),
            (Term::int(1 << 53), r#"{"t":110,"v":"9007199254740992"}"#),
            (Term::int(i64::MIN), r#"{"t":110,"v":"-9223372036854775808"}"#),
            (Term::float(1.5), r#"{"t":70,"v":1.5}"#),
            (Term::float(f64::NAN), r#"{"t":70,"v":null}"#),
            (Term::bin("text"), r#"{"t":109,"v":"text"}"#),
            (Term::bin(vec![1, 2, 255]), r#"{"t":109,"v":[1,2,255]}"#),
            (Term::bin("say \"hi\"\n"), r#"{"t":109,"v":"say \"hi\"\n"}"#),
            (Term::str("abc"), r#"{"t":107,"v":"abc"}"#),
            (Term::nil(), r#"{"t":106}"#),
            (Term::list([Term::nil()]), r#"{"t":108,"v":[{"t":106}]}"#),
            (Term::tuple([]), r#"{"t":104,"v":[]}"#),
            (
                Term::map([(Term::atom("k"), Term::int(1))]),
                r#"{"t":116,"v":[{"k":{"t":100,"v":"k"},"v":{"t":98,"v":1}}]}"#,
            ),
        ];
        for (term, json) in cases {
            assert_eq!(write(&term), json, "{term}");
        }
    }

    #[test]
    fn io_matches_the_n2o_book() {
        let io = Term::tuple([
            Term::atom("io"),
            Term::bin("<js>"),
            Term::bin(vec![131, 109, 0, 0, 0, 0]),
        ]);
        assert_eq!(
            write(&io),
            r#"{"t":104,"v":[{"t":100,"v":"io"},{"t":109,"v":"<js>"},{"t":109,"v":[131,109,0,0,0,0]}]}"#
        );
    }
}
