//! Formatters: how terms become WebSocket frames and back (BERT, JSON), with bounded decoding.
//!
//! A connection has a current [`Format`]; the server decodes whatever arrives (a binary frame
//! is BERT, a text frame JSON) and answers in the current one, so the format can be switched
//! mid-stream, as N2O's `#cx.formatter` can. Decoding untrusted frames is always bounded by
//! [`Limits`]: frame size first, then nesting depth and the number of terms.
//!
//! ```
//! use n2o_runtime::format::{Format, Frame, Limits};
//! use n2o_runtime::term::Term;
//!
//! let io = Term::tuple([Term::atom("io"), Term::bin("alert(1);"), Term::bin("")]);
//! let Frame::Binary(bytes) = Format::Bert.encode(&io) else { unreachable!() };
//! assert_eq!(Format::Bert.decode(&bytes, &Limits::default()), Ok(io.clone()));
//!
//! let Frame::Text(json) = Format::Json.encode(&io) else { unreachable!() };
//! assert_eq!(json, r#"{"t":104,"v":[{"t":100,"v":"io"},{"t":109,"v":"alert(1);"},{"t":109,"v":""}]}"#);
//! ```

pub mod bert;
mod error;
pub mod json;
pub mod json_object;
pub mod text;
pub mod wamp;
pub mod xml;

pub use self::error::DecodeError;
pub use self::json_object::JsonObject;
pub use self::text::Text;
pub use self::wamp::Wamp;
pub use self::xml::Xml;

use crate::term::Term;

/// One outbound WebSocket frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// A text frame.
    Text(String),
    /// A binary frame.
    Binary(Vec<u8>),
}

/// Bounds on decoding untrusted input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest frame accepted, in bytes.
    pub max_frame: usize,
    /// Deepest nesting of lists, tuples and maps that have elements (an empty one is a
    /// leaf). JSON frames stop at 63 whatever this says: see [`json`].
    pub max_depth: usize,
    /// Most terms in one frame, counting every nested one.
    pub max_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_frame: 1 << 20, max_depth: 64, max_elements: 100_000 }
    }
}

/// Turns terms into frames and frames back into terms.
///
/// [`Bert`] and [`Json`] are the built-in ones; [`Format`] names them.
pub trait Formatter: Send + Sync {
    /// The formatter's name, as N2O spells it: `"bert"`, `"json"`.
    fn name(&self) -> &'static str;

    /// The frame carrying `term`.
    fn encode(&self, term: &Term) -> Frame;

    /// The term in an inbound frame, within `limits`. Never panics, whatever the bytes.
    ///
    /// # Errors
    /// A [`DecodeError`] saying what is wrong and, where it applies, at which byte.
    fn decode(&self, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError>;
}

/// BERT: Erlang's external term format, binary frames (see [`bert`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bert;

/// N2O's JSON rendering of the BERT type tree, text frames (see [`json`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Json;

impl Formatter for Bert {
    fn name(&self) -> &'static str {
        "bert"
    }

    fn encode(&self, term: &Term) -> Frame {
        Frame::Binary(bert::encode(term))
    }

    fn decode(&self, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
        bert::decode(frame, limits)
    }
}

impl Formatter for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn encode(&self, term: &Term) -> Frame {
        Frame::Text(json::encode(term))
    }

    fn decode(&self, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
        json::decode_bytes(frame, limits)
    }
}

/// The built-in formats, by name. The default is BERT, as on N2O's WebSocket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// [`Bert`], binary frames.
    #[default]
    Bert,
    /// [`Json`], text frames.
    Json,
}

impl Format {
    /// `"bert"` or `"json"`.
    pub fn name(self) -> &'static str {
        self.formatter().name()
    }

    /// The format called `name` (`"bert"`, `"json"`), if there is one.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "bert" => Some(Format::Bert),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The formatter that does the work.
    pub fn formatter(self) -> &'static dyn Formatter {
        match self {
            Format::Bert => &Bert,
            Format::Json => &Json,
        }
    }

    /// The frame carrying `term` in this format.
    pub fn encode(self, term: &Term) -> Frame {
        self.formatter().encode(term)
    }

    /// The term in an inbound frame of this format, within `limits`.
    ///
    /// # Errors
    /// See [`Formatter::decode`].
    pub fn decode(self, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
        self.formatter().decode(frame, limits)
    }

    /// "BERT" or "JSON", the prefix of error messages.
    fn label(self) -> &'static str {
        match self {
            Format::Bert => "BERT",
            Format::Json => "JSON",
        }
    }
}

/// Checks the size of a whole frame, before any other work is done on it.
fn check_size(len: usize, limits: &Limits) -> Result<(), DecodeError> {
    if len > limits.max_frame {
        return Err(DecodeError::TooLarge { len, max: limits.max_frame });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for format in [Format::Bert, Format::Json] {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        assert_eq!(Format::from_name("xml"), None);
        assert_eq!(Format::default(), Format::Bert);
        assert_eq!(Bert.name(), "bert");
        assert_eq!(Json.name(), "json");
    }

    #[test]
    fn formats_pick_their_frame_kind() {
        let term = Term::atom("ok");
        assert!(matches!(Format::Bert.encode(&term), Frame::Binary(_)));
        assert!(matches!(Format::Json.encode(&term), Frame::Text(_)));
        let limits = Limits::default();
        for format in [Format::Bert, Format::Json] {
            let bytes = match format.encode(&term) {
                Frame::Binary(bytes) => bytes,
                Frame::Text(text) => text.into_bytes(),
            };
            assert_eq!(format.decode(&bytes, &limits), Ok(term.clone()));
        }
    }

    #[test]
    fn oversized_frames_are_refused_before_parsing() {
        let limits = Limits { max_frame: 4, ..Limits::default() };
        let err = Format::Json.decode(b"{\"t\":106}", &limits).unwrap_err();
        assert_eq!(err.to_string(), "frame of 9 bytes exceeds the 4-byte limit");
        let err = Format::Bert.decode(&[131, 106, 0, 0, 0], &limits).unwrap_err();
        assert_eq!(err, DecodeError::TooLarge { len: 5, max: 4 });
    }
}
