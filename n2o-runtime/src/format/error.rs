//! Why an inbound frame could not be decoded: one clear line, with the byte where it applies.

/// Why a frame could not be decoded. The `Display` text is one line, fit for a log and for
/// the error sent back to the client.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The frame is larger than [`Limits::max_frame`](super::Limits::max_frame); nothing of it
    /// was read.
    #[error("frame of {len} bytes exceeds the {max}-byte limit")]
    TooLarge {
        /// Size of the frame.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A BERT frame with no bytes at all.
    #[error("BERT: empty frame")]
    Empty,
    /// A BERT frame that does not start with the version byte 131.
    #[error("BERT: version byte is {found}, expected 131")]
    BadVersion {
        /// The first byte of the frame.
        found: u8,
    },
    /// A BERT tag this decoder does not accept: unknown, or Erlang-only (pids, refs, funs,
    /// compressed terms, distribution headers, bit strings).
    #[error("BERT: {} at byte {offset}", describe_tag(*tag))]
    UnknownTag {
        /// The tag byte.
        tag: u8,
        /// Where it is in the frame.
        offset: usize,
    },
    /// A length or count that claims more than the frame has left.
    #[error(
        "BERT: truncated: {what} claims {} with {} left (byte {offset})",
        counted(.claimed, .unit),
        counted(.remain, &"byte")
    )]
    Truncated {
        /// What claims it: "binary", "list", …
        what: &'static str,
        /// The claimed length or count.
        claimed: usize,
        /// "byte", "element" or "pair".
        unit: &'static str,
        /// Bytes left after the length field.
        remain: usize,
        /// Where the term's tag is.
        offset: usize,
    },
    /// The frame ends inside a fixed-size field.
    #[error(
        "BERT: truncated: {what} needs {} with {} left (byte {offset})",
        counted(.needed, &"byte"),
        counted(.remain, &"byte")
    )]
    UnexpectedEnd {
        /// What was being read.
        what: &'static str,
        /// Bytes it needs.
        needed: usize,
        /// Bytes left.
        remain: usize,
        /// Where the field starts.
        offset: usize,
    },
    /// A well-formed BERT term this decoder refuses: improper list, non-finite float,
    /// integer beyond 64 bits, atom that is not UTF-8, …
    #[error("BERT: {problem} at byte {offset}")]
    Invalid {
        /// What is wrong.
        problem: &'static str,
        /// Where the term's tag is.
        offset: usize,
    },
    /// Lists, tuples and maps nested deeper than [`Limits::max_depth`](super::Limits::max_depth).
    #[error("{format}: nesting deeper than {max}")]
    TooDeep {
        /// The format being decoded, as error messages name it: "BERT", "JSON", "XML", ….
        format: &'static str,
        /// The limit.
        max: usize,
    },
    /// More terms than [`Limits::max_elements`](super::Limits::max_elements).
    #[error("{format}: more than {max} terms")]
    TooManyTerms {
        /// The format being decoded, as error messages name it: "BERT", "JSON", "XML", ….
        format: &'static str,
        /// The limit.
        max: usize,
    },
    /// A JSON frame that is not valid JSON, or not N2O's `{"t":…,"v":…}` type tree.
    #[error("JSON: {message}")]
    Json {
        /// What is wrong, and where (`$.v[2]`, or serde_json's line and column).
        message: String,
    },
    /// A frame of the WAMP, JSON object, TEXT or XML formatter that is malformed, or carries
    /// what that format cannot express.
    #[error("{format}: {message}")]
    Shape {
        /// The format's label: "WAMP", "JSON object", "TEXT", "XML".
        format: &'static str,
        /// What is wrong, and where.
        message: String,
    },
}

/// "1 byte", "2 bytes".
fn counted(n: &usize, unit: &&str) -> String {
    if *n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
}

fn describe_tag(tag: u8) -> String {
    let erlang_only = match tag {
        68 => "distribution header",
        82 => "atom cache reference",
        80 => "compressed term",
        77 => "bit string",
        88 | 103 => "pid",
        89 | 102 | 120 => "port",
        90 | 101 | 114 => "reference",
        112 | 113 | 117 => "fun",
        121 => "local term",
        _ => return format!("unknown tag {tag}"),
    };
    format!("unsupported tag {tag} ({erlang_only})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_clear_line() {
        let cases = [
            (
                DecodeError::TooLarge { len: 2_000_000, max: 1 << 20 },
                "frame of 2000000 bytes exceeds the 1048576-byte limit",
            ),
            (DecodeError::UnknownTag { tag: 200, offset: 1 }, "BERT: unknown tag 200 at byte 1"),
            (
                DecodeError::UnknownTag { tag: 68, offset: 1 },
                "BERT: unsupported tag 68 (distribution header) at byte 1",
            ),
            (
                DecodeError::Truncated {
                    what: "binary",
                    claimed: 4_294_967_295,
                    unit: "byte",
                    remain: 3,
                    offset: 1,
                },
                "BERT: truncated: binary claims 4294967295 bytes with 3 bytes left (byte 1)",
            ),
            (
                DecodeError::UnexpectedEnd { what: "a term", needed: 1, remain: 0, offset: 1 },
                "BERT: truncated: a term needs 1 byte with 0 bytes left (byte 1)",
            ),
            (DecodeError::TooDeep { format: "BERT", max: 64 }, "BERT: nesting deeper than 64"),
            (
                DecodeError::TooManyTerms { format: "JSON", max: 100_000 },
                "JSON: more than 100000 terms",
            ),
            (
                DecodeError::Json { message: "unknown type tag 999 at $".into() },
                "JSON: unknown type tag 999 at $",
            ),
        ];
        for (err, text) in cases {
            assert_eq!(err.to_string(), text);
        }
    }
}
