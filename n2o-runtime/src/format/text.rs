//! The TEXT formatter: one line per term, `IO <eval> <data>\n`, fields escaped, in text frames.
//!
//! N2O's README shows `TEXT: IO console.log('hello') 1\n` as an illustration only; this is
//! the mapping n2o defines for it, a line a person can read in a console or a log:
//!
//! * A tuple headed by an atom, `{tag, F1, …, Fn}`, is the line `TAG F1 … Fn\n`: the tag in
//!   ASCII upper case, then each field after one space. A binary or string field is its
//!   bytes, escaped; any other field is its Erlang text (`{error,<<"boom">>}`, `1`,
//!   `[a,b]`), escaped.
//! * Any other term `T` (an atom, a binary, an untagged or empty tuple, …) is the line
//!   `TERM <Erlang text of T>\n`.
//!
//! So `{io, <<"alert(1);">>, <<>>}` is `IO alert(1); \n` (the last field empty) and
//! `{io, <<"console.log('hello')">>, 1}` is `IO console.log('hello') 1\n`, as in N2O's README.
//!
//! Escapes, with `\` as the escape character: `\\` is `\`, `\s` a space, `\n` a line feed,
//! `\r` a carriage return, `\t` a tab, `\xHH` (two hex digits) any byte: other control
//! characters, DEL, and bytes that are not UTF-8. Everything else, U+2028 and astral
//! characters included, is written as it is.
//!
//! Decoding reads a line back as the tuple `{tag, <<F1>>, …, <<Fn>>}`: the head lowercased
//! (ASCII) to an atom, every field a binary. So exactly the tuples of at least one element,
//! headed by an atom with no ASCII upper-case letter and with only binaries after it, round
//! trip; a string field comes back a binary, and any other field the binary of its Erlang
//! text. TEXT carries no types, and reads no Erlang syntax back.
//!
//! Refused, with a one-line [`DecodeError::Shape`] naming the byte: a frame that is not
//! UTF-8, does not end in `\n` or has another raw `\n`, a raw control character (escape it),
//! an unknown escape, a `\x` without two hex digits, a head that is not UTF-8 once unescaped.
//! Bounded by [`Limits`]: frame size first; the line is one tuple, so it counts
//! `2 + fields` terms against `max_elements`, and needs `max_depth` of at least 1 when it has
//! elements. Decoding is a loop over bytes: nothing in it recurses.

use std::fmt::Write as _;

use super::{DecodeError, Formatter, Frame, Limits};
use crate::term::Term;

/// Space-separated, escaped lines, text frames.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Text;

const LABEL: &str = "TEXT";

impl Formatter for Text {
    fn name(&self) -> &'static str {
        "text"
    }

    fn binary(&self) -> bool {
        false
    }

    fn encode(&self, term: &Term) -> Frame {
        let mut line = String::new();
        match term {
            Term::Tuple(items) if matches!(items.first(), Some(Term::Atom(_))) => {
                let tag = items[0].as_atom().unwrap_or_default();
                escape(tag.to_ascii_uppercase().as_bytes(), &mut line);
                for field in &items[1..] {
                    line.push(' ');
                    match field {
                        Term::Binary(bytes) | Term::Str(bytes) => escape(bytes, &mut line),
                        other => escape(other.to_string().as_bytes(), &mut line),
                    }
                }
            }
            other => {
                line.push_str("TERM ");
                escape(other.to_string().as_bytes(), &mut line);
            }
        }
        line.push('\n');
        Frame::Text(line)
    }

    fn decode(&self, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
        super::check_size(frame.len(), limits)?;
        if let Err(err) = std::str::from_utf8(frame) {
            return Err(shape(format_args!(
                "frame is not valid UTF-8 (byte {})",
                err.valid_up_to()
            )));
        }
        let Some(line) = frame.strip_suffix(b"\n") else {
            return Err(shape("the line does not end in \\n"));
        };
        // The tuple and its head, then each field.
        let mut terms = 2;
        let mut fields = line.split(|&b| b == b' ');
        let head = fields.next().unwrap_or_default();
        let mut at = head.len() + 1;
        let head = String::from_utf8(unescape(head, 0)?)
            .map_err(|_| shape("the head is not UTF-8 once unescaped"))?;
        let mut items = vec![Term::Atom(head.to_ascii_lowercase())];
        for field in fields {
            terms += 1;
            if terms > limits.max_elements {
                return Err(DecodeError::TooManyTerms { format: LABEL, max: limits.max_elements });
            }
            if limits.max_depth == 0 {
                return Err(DecodeError::TooDeep { format: LABEL, max: 0 });
            }
            items.push(Term::Binary(unescape(field, at)?));
            at += field.len() + 1;
        }
        if terms > limits.max_elements {
            return Err(DecodeError::TooManyTerms { format: LABEL, max: limits.max_elements });
        }
        Ok(Term::Tuple(items))
    }
}

fn shape(message: impl std::fmt::Display) -> DecodeError {
    DecodeError::Shape { format: LABEL, message: message.to_string() }
}

/// Appends `bytes` escaped: no space, line break or `\` is left raw, nor any control byte.
fn escape(bytes: &[u8], out: &mut String) {
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                ' ' => out.push_str("\\s"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_ascii_control() => {
                    let _ = write!(out, "\\x{:02x}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
}

/// The bytes of one escaped field that starts at byte `at` of the frame.
fn unescape(field: &[u8], at: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        let b = field[i];
        if b.is_ascii_control() {
            return Err(shape(format_args!(
                "raw control character 0x{b:02x} at byte {}; escape it",
                at + i
            )));
        }
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let (byte, len) = match field.get(i + 1) {
            Some(b'\\') => (b'\\', 2),
            Some(b's') => (b' ', 2),
            Some(b'n') => (b'\n', 2),
            Some(b'r') => (b'\r', 2),
            Some(b't') => (b'\t', 2),
            Some(b'x') => match field.get(i + 2..i + 4) {
                Some(&[hi, lo]) if hi.is_ascii_hexdigit() && lo.is_ascii_hexdigit() => {
                    (hex(hi) << 4 | hex(lo), 4)
                }
                _ => {
                    return Err(shape(format_args!("\\x needs two hex digits at byte {}", at + i)));
                }
            },
            Some(_) => {
                let c = String::from_utf8_lossy(&field[i + 1..]).chars().next().unwrap_or('?');
                return Err(shape(format_args!(
                    "unknown escape \\{} at byte {}",
                    c.escape_debug(),
                    at + i
                )));
            }
            None => {
                return Err(shape(format_args!(
                    "lone \\ at the end of a field at byte {}",
                    at + i
                )));
            }
        };
        out.push(byte);
        i += len;
    }
    Ok(out)
}

/// The value of one ASCII hex digit.
fn hex(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        _ => (digit | 0x20) - b'a' + 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(term: &Term) -> String {
        match Text.encode(term) {
            Frame::Text(text) => text,
            Frame::Binary(_) => unreachable!("TEXT writes text frames"),
        }
    }

    fn dec(text: &str) -> Result<Term, DecodeError> {
        Text.decode(text.as_bytes(), &Limits::default())
    }

    fn err(text: &str) -> String {
        dec(text).expect_err("must be refused").to_string()
    }

    #[test]
    fn io_is_the_seed_shape_byte_for_byte() {
        let io = Term::tuple([Term::atom("io"), Term::bin("alert(1);"), Term::bin("")]);
        assert_eq!(enc(&io), "IO alert(1); \n");
        assert_eq!(dec("IO alert(1); \n"), Ok(io));
        let readme =
            Term::tuple([Term::atom("io"), Term::bin("console.log('hello')"), Term::int(1)]);
        assert_eq!(enc(&readme), "IO console.log('hello') 1\n");
        let error = Term::tuple([
            Term::atom("io"),
            Term::bin(""),
            Term::tuple([Term::atom("error"), Term::bin("no such page")]),
        ]);
        assert_eq!(enc(&error), "IO  {error,<<\"no\\ssuch\\spage\">>}\n");
        assert_eq!(Text.name(), "text");
    }

    #[test]
    fn other_terms_are_a_term_line() {
        assert_eq!(enc(&Term::atom("ok")), "TERM ok\n");
        assert_eq!(enc(&Term::tuple([])), "TERM {}\n");
        assert_eq!(enc(&Term::bin("a b")), "TERM <<\"a\\sb\">>\n");
        assert_eq!(dec("TERM ok\n"), Ok(Term::tuple([Term::atom("term"), Term::bin("ok")])));
    }

    #[test]
    fn hostile_fields_are_escaped_and_round_trip() {
        let hostile = [
            "</eval>",
            "]]>",
            "&amp;",
            "a\nb",
            "a b",
            "\\",
            "\\s",
            "\u{2028}",
            "𝄞",
            "\r\t\0\x7f",
            "",
            " ",
            "IO x\n",
        ];
        for text in hostile {
            let term = Term::tuple([Term::atom("io"), Term::bin(text), Term::bin(text)]);
            let line = enc(&term);
            assert_eq!(line.matches('\n').count(), 1, "{line:?}");
            assert_eq!(line.matches(' ').count(), 2, "{line:?}");
            assert!(!line.bytes().any(|b| b.is_ascii_control() && b != b'\n'), "{line:?}");
            assert_eq!(dec(&line), Ok(term), "{text:?}");
        }
        assert_eq!(enc(&Term::tuple([Term::atom("x"), Term::bin("\\ \n")])), "X \\\\\\s\\n\n");
        let bytes = Term::tuple([Term::atom("b"), Term::bin(vec![0xff, b'a', 0xc3])]);
        assert_eq!(enc(&bytes), "B \\xffa\\xc3\n");
        assert_eq!(dec(&enc(&bytes)), Ok(bytes));
        assert_eq!(dec("B \\xC3\\xA9\n"), Ok(Term::tuple([Term::atom("b"), Term::bin("é")])));
    }

    #[test]
    fn refuses_malformed_lines() {
        assert_eq!(err("IO x"), "TEXT: the line does not end in \\n");
        assert_eq!(err(""), "TEXT: the line does not end in \\n");
        assert_eq!(err("IO a\nb\n"), "TEXT: raw control character 0x0a at byte 4; escape it");
        assert_eq!(err("IO a\tb\n"), "TEXT: raw control character 0x09 at byte 4; escape it");
        assert_eq!(err("IO \\q\n"), "TEXT: unknown escape \\q at byte 3");
        assert_eq!(err("IO \\\n"), "TEXT: lone \\ at the end of a field at byte 3");
        assert_eq!(err("IO ab \\x4\n"), "TEXT: \\x needs two hex digits at byte 6");
        assert_eq!(err("IO \\x+f\n"), "TEXT: \\x needs two hex digits at byte 3");
        assert_eq!(err("\\xff\n"), "TEXT: the head is not UTF-8 once unescaped");
        let bad = Text.decode(b"IO \xff\n", &Limits::default()).unwrap_err();
        assert_eq!(bad.to_string(), "TEXT: frame is not valid UTF-8 (byte 3)");
    }

    #[test]
    fn limits_bound_decoding() {
        let few = Limits { max_elements: 4, ..Limits::default() };
        assert!(Text.decode(b"IO a b\n", &few).is_ok());
        assert_eq!(
            Text.decode(b"IO a b c\n", &few),
            Err(DecodeError::TooManyTerms { format: "TEXT", max: 4 })
        );
        let flat = Limits { max_depth: 0, ..Limits::default() };
        assert!(Text.decode(b"IO\n", &flat).is_ok());
        assert_eq!(
            Text.decode(b"IO a\n", &flat).unwrap_err().to_string(),
            "TEXT: nesting deeper than 0"
        );
        let small = Limits { max_frame: 3, ..Limits::default() };
        assert_eq!(Text.decode(b"IO a\n", &small), Err(DecodeError::TooLarge { len: 5, max: 3 }));
        let wide = format!("IO{}\n", " x".repeat(200_000));
        assert_eq!(dec(&wide).unwrap_err().to_string(), "TEXT: more than 100000 terms");
    }
}
