//! The JSON decoder: serde_json parses (its recursion limit bounds the nesting), then a walk
//! over the parsed value checks the type tree against our own depth and term limits.

use std::fmt;

use serde_json::{Map, Value};

use crate::format::bert::tag;
use crate::format::{DecodeError, Limits};
use crate::term::Term;

/// Deepest container nesting serde_json's 128-level limit leaves room for: each term level
/// is an object and an array, and the innermost term is one more object.
const SERDE_JSON_DEPTH: usize = 63;

pub(super) fn read(text: &str, limits: &Limits) -> Result<Term, DecodeError> {
    let max_depth = limits.max_depth.min(SERDE_JSON_DEPTH);
    let value: Value = serde_json::from_str(text).map_err(|err| {
        // serde_json reports its recursion limit as a syntax error; it is our depth limit.
        if err.to_string().starts_with("recursion limit exceeded") {
            DecodeError::TooDeep { format: "JSON", max: max_depth }
        } else {
            json_error(format_args!("{err}"))
        }
    })?;
    let mut walk = Walk { max_depth, max_terms: limits.max_elements, terms: 0 };
    walk.term(value, 0, &Path::Root)
}

fn json_error(message: impl fmt::Display) -> DecodeError {
    DecodeError::Json { message: message.to_string() }
}

/// Where a value is in the frame, for error messages: `$.v[2].k`.
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'static str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("$"),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

struct Walk {
    max_depth: usize,
    max_terms: usize,
    terms: usize,
}

impl Walk {
    /// The term of one `{"t":…,"v":…}` object at `depth` containers below the top.
    fn term(&mut self, value: Value, depth: usize, path: &Path<'_>) -> Result<Term, DecodeError> {
        self.terms += 1;
        if self.terms > self.max_terms {
            return Err(DecodeError::TooManyTerms { format: "JSON", max: self.max_terms });
        }
        let Value::Object(mut object) = value else {
            return Err(json_error(format_args!(
                "expected a {{\"t\":…,\"v\":…}} object at {path}"
            )));
        };
        let tag = type_tag(&object, path)?;
        let v_path = Path::Key(path, "v");
        let mut v = || {
            object.remove("v").ok_or_else(|| json_error(format_args!("missing \"v\" at {path}")))
        };
        Ok(match tag {
            tag::ATOM | tag::SMALL_ATOM | tag::ATOM_UTF8 | tag::SMALL_ATOM_UTF8 => match v()? {
                Value::String(name) => Term::Atom(name),
                _ => {
                    return Err(json_error(format_args!(
                        "expected an atom name (a string) at {v_path}"
                    )));
                }
            },
            tag::SMALL_INTEGER | tag::INTEGER | tag::SMALL_BIG | tag::LARGE_BIG => {
                Term::Int(integer(&v()?, &v_path)?)
            }
            tag::NEW_FLOAT | tag::FLOAT => match v()?.as_f64() {
                Some(value) => Term::Float(value),
                None => return Err(json_error(format_args!("expected a number at {v_path}"))),
            },
            tag::BINARY => Term::Binary(bytes(v()?, &v_path)?),
            tag::STRING => Term::Str(bytes(v()?, &v_path)?),
            tag::NIL => match object.remove("v") {
                None => Term::List(Vec::new()),
                Some(Value::Array(items)) if items.is_empty() => Term::List(Vec::new()),
                Some(_) => {
                    return Err(json_error(format_args!(
                        "nil (106) has a value other than [] at {v_path}"
                    )));
                }
            },
            tag::LIST => Term::List(self.items(v()?, depth, &v_path)?),
            tag::SMALL_TUPLE | tag::LARGE_TUPLE => Term::Tuple(self.items(v()?, depth, &v_path)?),
            tag::MAP => Term::Map(self.pairs(v()?, depth, &v_path)?),
            other => {
                return Err(json_error(format_args!("unknown type tag {other} at {path}")));
            }
        })
    }

    fn enter(&self, depth: usize) -> Result<usize, DecodeError> {
        if depth >= self.max_depth {
            return Err(DecodeError::TooDeep { format: "JSON", max: self.max_depth });
        }
        Ok(depth + 1)
    }

    fn items(
        &mut self,
        value: Value,
        depth: usize,
        path: &Path<'_>,
    ) -> Result<Vec<Term>, DecodeError> {
        let Value::Array(items) = value else {
            return Err(json_error(format_args!("expected an array at {path}")));
        };
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let depth = self.enter(depth)?;
        let mut terms = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            terms.push(self.term(item, depth, &Path::Index(path, i))?);
        }
        Ok(terms)
    }

    fn pairs(
        &mut self,
        value: Value,
        depth: usize,
        path: &Path<'_>,
    ) -> Result<Vec<(Term, Term)>, DecodeError> {
        let Value::Array(entries) = value else {
            return Err(json_error(format_args!(
                "expected an array of {{\"k\":…,\"v\":…}} at {path}"
            )));
        };
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        let depth = self.enter(depth)?;
        let mut pairs = Vec::with_capacity(entries.len());
        for (i, entry) in entries.into_iter().enumerate() {
            let entry_path = Path::Index(path, i);
            let Value::Object(mut entry) = entry else {
                return Err(json_error(format_args!(
                    "expected a {{\"k\":…,\"v\":…}} object at {entry_path}"
                )));
            };
            let (Some(k), Some(v)) = (entry.remove("k"), entry.remove("v")) else {
                return Err(json_error(format_args!(
                    "map entry needs \"k\" and \"v\" at {entry_path}"
                )));
            };
            let key = self.term(k, depth, &Path::Key(&entry_path, "k"))?;
            let value = self.term(v, depth, &Path::Key(&entry_path, "v"))?;
            pairs.push((key, value));
        }
        Ok(pairs)
    }
}

fn type_tag(object: &Map<String, Value>, path: &Path<'_>) -> Result<u8, DecodeError> {
    match object.get("t") {
        None => Err(json_error(format_args!("missing \"t\" at {path}"))),
        Some(Value::Number(n)) => match n.as_u64().and_then(|t| u8::try_from(t).ok()) {
            Some(t) => Ok(t),
            None => Err(json_error(format_args!("unknown type tag {n} at {path}"))),
        },
        Some(other) => Err(json_error(format_args!("type tag {other} is not a number at {path}"))),
    }
}

/// An integer from a JSON number or, for values JavaScript cannot hold, a decimal string.
fn integer(value: &Value, path: &Path<'_>) -> Result<i64, DecodeError> {
    let parsed = match value {
        Value::Number(n) if n.is_f64() => Err(format!("expected an integer, found {n}")),
        Value::Number(n) => {
            n.as_i64().ok_or_else(|| format!("integer {n} does not fit in 64 bits"))
        }
        Value::String(digits) => digits
            .parse::<i64>()
            .map_err(|_| format!("\"{}\" is not a 64-bit decimal integer", digits.escape_debug())),
        _ => Err("expected an integer".to_owned()),
    };
    parsed.map_err(|problem| json_error(format_args!("{problem} at {path}")))
}

/// Bytes from UTF-8 text or an array of numbers 0..=255.
fn bytes(value: Value, path: &Path<'_>) -> Result<Vec<u8>, DecodeError> {
    match value {
        Value::String(text) => Ok(text.into_bytes()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_u64().and_then(|b| u8::try_from(b).ok()).ok_or_else(|| {
                    json_error(format_args!(
                        "expected a byte 0..=255, found {item} at {}",
                        Path::Index(path, i)
                    ))
                })
            })
            .collect(),
        _ => Err(json_error(format_args!("expected a string or an array of bytes at {path}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::json::{decode, encode};

    fn dec(text: &str) -> Result<Term, DecodeError> {
        decode(text, &Limits::default())
    }

    fn err(text: &str) -> String {
        dec(text).expect_err("must be refused").to_string()
    }

    #[test]
    fn reads_every_form_writers_use() {
        assert_eq!(dec(r#"{"t":100,"v":"io"}"#), Ok(Term::atom("io")));
        assert_eq!(dec(r#"{"v":"io","t":119}"#), Ok(Term::atom("io")), "keys in any order");
        assert_eq!(dec(r#"{"t":97,"v":5}"#), Ok(Term::int(5)));
        assert_eq!(dec(r#"{"t":98,"v":"-5"}"#), Ok(Term::int(-5)));
        assert_eq!(dec(r#"{"t":110,"v":"-9223372036854775808"}"#), Ok(Term::int(i64::MIN)));
        assert_eq!(dec(r#"{"t":111,"v":9223372036854775807}"#), Ok(Term::int(i64::MAX)));
        assert_eq!(dec(r#"{"t":70,"v":1}"#), Ok(Term::float(1.0)));
        assert_eq!(
            dec(r#"{"t":70,"v":-0.0}"#).map(|t| t.as_float().map(f64::to_bits)),
            Ok(Some((-0.0f64).to_bits()))
        );
        assert_eq!(dec(r#"{"t":109,"v":"é"}"#), Ok(Term::bin("é")));
        assert_eq!(dec(r#"{"t":109,"v":[104,105]}"#), Ok(Term::bin("hi")));
        assert_eq!(dec(r#"{"t":107,"v":[255]}"#), Ok(Term::Str(vec![255])));
        assert_eq!(dec(r#"{"t":106}"#), Ok(Term::nil()));
        assert_eq!(dec(r#"{"t":106,"v":[]}"#), Ok(Term::nil()));
        assert_eq!(dec(r#"{"t":108,"v":[]}"#), Ok(Term::nil()));
        assert_eq!(dec(r#"{"t":105,"v":[{"t":106}]}"#), Ok(Term::tuple([Term::nil()])));
        assert_eq!(
            dec(r#"{"t":116,"v":[{"v":{"t":97,"v":1},"k":{"t":100,"v":"k"}}]}"#),
            Ok(Term::map([(Term::atom("k"), Term::int(1))]))
        );
    }

    #[test]
    fn round_trips_exactly() {
        let term = Term::tuple([
            Term::int(i64::MIN),
            Term::int(i64::MAX),
            Term::int(1 << 53),
            Term::float(0.1 + 0.2),
            Term::float(6.934698245112694e276),
            Term::bin(vec![0xC3]),
            Term::str("ж"),
            Term::map([(Term::nil(), Term::tuple([]))]),
        ]);
        assert_eq!(dec(&encode(&term)), Ok(term));
    }

    #[test]
    fn names_what_is_wrong_and_where() {
        assert_eq!(err(r#"{"t":999}"#), "JSON: unknown type tag 999 at $");
        assert_eq!(err(r#"{"t":42,"v":1}"#), "JSON: unknown type tag 42 at $");
        assert_eq!(
            err(r#"{"t":109,"v":[300]}"#),
            "JSON: expected a byte 0..=255, found 300 at $.v[0]"
        );
        assert_eq!(
            err(r#"{"t":109,"v":[-1]}"#),
            "JSON: expected a byte 0..=255, found -1 at $.v[0]"
        );
        assert_eq!(
            err(r#"{"t":104,"v":[{"t":106},{"t":98,"v":1.5}]}"#),
            "JSON: expected an integer, found 1.5 at $.v[1].v"
        );
        assert_eq!(
            err(r#"{"t":98,"v":18446744073709551615}"#),
            "JSON: integer 18446744073709551615 does not fit in 64 bits at $.v"
        );
        assert_eq!(err(r#"{"t":98,"v":[]}"#), "JSON: expected an integer at $.v");
        assert_eq!(
            err(r#"{"t":110,"v":"1e3"}"#),
            r#"JSON: "1e3" is not a 64-bit decimal integer at $.v"#
        );
        assert_eq!(
            err(r#"{"t":110,"v":"99999999999999999999"}"#),
            r#"JSON: "99999999999999999999" is not a 64-bit decimal integer at $.v"#
        );
        assert_eq!(err(r#"{"t":70,"v":null}"#), "JSON: expected a number at $.v");
        assert_eq!(err(r#"{"t":100}"#), "JSON: missing \"v\" at $");
        assert_eq!(err(r#"{"v":1}"#), "JSON: missing \"t\" at $");
        assert_eq!(err(r#"{"t":"100","v":"a"}"#), "JSON: type tag \"100\" is not a number at $");
        assert_eq!(err("[1]"), "JSON: expected a {\"t\":…,\"v\":…} object at $");
        assert_eq!(err(r#"{"t":106,"v":[1]}"#), "JSON: nil (106) has a value other than [] at $.v");
        assert_eq!(
            err(r#"{"t":116,"v":[{"k":{"t":106}}]}"#),
            "JSON: map entry needs \"k\" and \"v\" at $.v[0]"
        );
        assert_eq!(err(r#"{"t":108,"v":{"t":106}}"#), "JSON: expected an array at $.v");
        assert!(err("{\"t\":").starts_with("JSON: EOF while parsing"), "{}", err("{\"t\":"));
        assert!(err("").starts_with("JSON: EOF while parsing"));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused() {
        let limits = Limits::default();
        let err = super::super::decode_bytes(b"{\"t\":109,\"v\":\"\xff\"}", &limits).unwrap_err();
        assert_eq!(err.to_string(), "JSON: frame is not valid UTF-8 (byte 14)");
    }

    #[test]
    fn depth_and_term_limits() {
        let nest =
            |n: usize| format!("{}{{\"t\":106}}{}", r#"{"t":108,"v":["#.repeat(n), "]}".repeat(n));
        let limits = Limits { max_depth: 3, ..Limits::default() };
        assert!(decode(&nest(3), &limits).is_ok());
        assert_eq!(decode(&nest(4), &limits), Err(DecodeError::TooDeep { format: "JSON", max: 3 }));
        // serde_json's own recursion limit leaves room for 63 levels, whatever we allow.
        let deep = Limits { max_depth: 1000, ..Limits::default() };
        assert!(decode(&nest(63), &deep).is_ok());
        assert_eq!(decode(&nest(64), &deep), Err(DecodeError::TooDeep { format: "JSON", max: 63 }));
        assert_eq!(
            decode(&nest(64), &Limits::default()).unwrap_err().to_string(),
            "JSON: nesting deeper than 63"
        );
        let few = Limits { max_elements: 2, ..Limits::default() };
        assert_eq!(
            decode(r#"{"t":104,"v":[{"t":106},{"t":106}]}"#, &few).unwrap_err().to_string(),
            "JSON: more than 2 terms"
        );
    }
}
