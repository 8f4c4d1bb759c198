//! The JSON object formatter: `{"name":"io","eval":"<js>","data":…}`, in text frames.
//!
//! N2O's README shows `{name:io,eval:…,data:…}` as an illustration only; this is the mapping
//! n2o defines for it. Scalars, binaries and maps are written as by the WAMP formatter (see
//! [`crate::format::wamp`]: `true`/`false`/`undefined` are JSON literals, other atoms and
//! UTF-8 binaries strings, non-UTF-8 binaries arrays of bytes, maps objects). Tuples and lists
//! differ:
//!
//! | term | JSON | decodes back as |
//! |---|---|---|
//! | `{io, Eval, Data}` | `{"name":"io","eval":Eval,"data":Data}` | the same tuple |
//! | any other tuple with an atom first, `{tag, A, B}` | `{"name":"tag","args":[A,B]}` | the same tuple |
//! | any other tuple (empty, or not headed by an atom) | an array | a list |
//! | list | an array | a list |
//! | map | an object | a map with binary keys, in frame order, unless it is one of the two shapes above |
//!
//! Keys are written in the order shown. On the way back an object is a tagged tuple only if
//! it has exactly the keys `name`, `eval`, `data` with `name` the string `"io"`, or exactly
//! `name` (a string) and `args` (an array), in any order; so a map that looks like one of
//! them comes back as the tuple. Exactly the terms that round-trip are those made of
//! integers, finite floats, the atoms `true`/`false`/`undefined` anywhere, other atoms only
//! as the first element of a tuple, UTF-8 binaries, lists, tuples headed by an atom, and
//! maps whose keys are UTF-8 binaries and that are not shaped like a tagged tuple.
//!
//! Decoding is bounded as for WAMP: frame size, then [`Limits::max_depth`] counted in JSON
//! levels (so a tagged tuple's `args` array is one level more than the term has) and
//! [`Limits::max_elements`] counting every JSON value and key. Malformed JSON, trailing
//! bytes, invalid UTF-8 and integers beyond `i64` are refused with a [`DecodeError::Shape`].

use super::wamp::{Style, read, write};
use super::{DecodeError, Formatter, Frame, Limits};
use crate::term::Term;

/// Natural JSON with tagged tuples as `{"name":…}` objects, text frames.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JsonObject;

impl Formatter for JsonObject {
    fn name(&self) -> &'static str {
        "json-object"
    }

    fn binary(&self) -> bool {
        false
    }

    fn encode(&self, term: &Term) -> Frame {
        Frame::Text(write(term, Style::Object))
    }

    fn decode(&self, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
        read(frame, limits, Style::Object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(term: &Term) -> String {
        write(term, Style::Object)
    }

    fn dec(text: &str) -> Result<Term, DecodeError> {
        JsonObject.decode(text.as_bytes(), &Limits::default())
    }

    #[test]
    fn io_is_the_seed_shape_byte_for_byte() {
        let io = Term::tuple([Term::atom("io"), Term::bin("alert(1);"), Term::bin("")]);
        assert_eq!(
            JsonObject.encode(&io),
            Frame::Text(r#"{"name":"io","eval":"alert(1);","data":""}"#.into())
        );
        assert_eq!(dec(r#"{"data":"","eval":"alert(1);","name":"io"}"#), Ok(io));
        let error = Term::tuple([
            Term::atom("io"),
            Term::bin(""),
            Term::tuple([Term::atom("error"), Term::bin("boom")]),
        ]);
        assert_eq!(
            enc(&error),
            r#"{"name":"io","eval":"","data":{"name":"error","args":["boom"]}}"#
        );
        assert_eq!(dec(&enc(&error)), Ok(error));
        assert_eq!(JsonObject.name(), "json-object");
    }

    #[test]
    fn round_trips_what_it_can_express() {
        let term = Term::tuple([
            Term::atom("event"),
            Term::list([Term::int(-1), Term::float(1e-300), Term::nil()]),
            Term::tuple([Term::atom("true")]),
            Term::atom("undefined"),
            Term::bin("</eval> ]]> &amp; \n \\ \u{2028} 𝄞"),
            Term::map([(Term::bin("name"), Term::bin("x")), (Term::bin("a"), Term::nil())]),
            Term::tuple([Term::atom("io"), Term::bin("x")]),
        ]);
        assert_eq!(dec(&enc(&term)), Ok(term));
    }

    #[test]
    fn what_it_cannot_express_is_deterministic() {
        // An untagged tuple is an array, read back as a list.
        assert_eq!(enc(&Term::tuple([Term::int(1)])), "[1]");
        assert_eq!(dec("[1]"), Ok(Term::list([Term::int(1)])));
        // A map shaped like a tagged tuple reads back as the tuple.
        let map =
            Term::map([(Term::bin("name"), Term::bin("t")), (Term::bin("args"), Term::nil())]);
        assert_eq!(dec(&enc(&map)), Ok(Term::tuple([Term::atom("t")])));
        // Near misses stay maps.
        for text in
            [r#"{"name":"io","eval":""}"#, r#"{"name":1,"args":[]}"#, r#"{"name":"t","args":"x"}"#]
        {
            assert!(matches!(dec(text), Ok(Term::Map(_))), "{text}");
        }
    }

    #[test]
    fn refuses_malformed_input_and_bounds_nesting() {
        let err = dec(r#"{"name":"io","#).unwrap_err().to_string();
        assert!(err.starts_with("JSON object: EOF while parsing"), "{err}");
        let nest =
            format!("{}1{}", r#"{"name":"t","args":["#.repeat(100_000), "]}".repeat(100_000));
        let big = Limits { max_frame: 1 << 24, ..Limits::default() };
        let err = JsonObject.decode(nest.as_bytes(), &big).unwrap_err();
        assert_eq!(err.to_string(), "JSON object: nesting deeper than 64");
    }
}
