//! Formatters: how terms become WebSocket frames and back (BERT, JSON), with bounded decoding.
//!
//! A connection has a current [`Format`]; the server reads every inbound frame through
//! [`Format::read`] and answers in the current one, so the format can be switched mid-stream
//! with `FORMAT,<name>`, as N2O's `#cx.formatter` can. Decoding untrusted frames is always bounded by
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
mod frame;
pub mod json;
pub mod json_object;
pub mod text;
pub mod wamp;
pub mod xml;

pub use self::error::DecodeError;
pub use self::frame::{Frame, FrameRef, Inbound};
pub use self::json_object::JsonObject;
pub use self::text::Text;
pub use self::wamp::Wamp;
pub use self::xml::Xml;

use crate::term::Term;

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

/// Turns terms into frames and frames back into terms: one of N2O's IO formatters.
///
/// The built-in ones are named by [`Format`]'s constants; register your own with
/// `App::formatter`, and a client selects it with the control frame `FORMAT,<name>`.
pub trait Formatter: Send + Sync + 'static {
    /// The formatter's name, as a client asks for it in `FORMAT,<name>`: `"bert"`, `"json"`.
    fn name(&self) -> &'static str;

    /// Whether its frames are binary (BERT) or text (the others).
    fn binary(&self) -> bool;

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

    fn binary(&self) -> bool {
        true
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

    fn binary(&self) -> bool {
        false
    }

    fn encode(&self, term: &Term) -> Frame {
        Frame::Text(json::encode(term))
    }

    fn decode(&self, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
        json::decode_bytes(frame, limits)
    }
}

/// A formatter a connection speaks: one of the built-in ones (`Format::Bert`,
/// `Format::Json`, …) or one registered on the `App`. Cheap to copy; two formats are equal
/// when their names are.
#[derive(Clone, Copy)]
pub struct Format {
    formatter: &'static dyn Formatter,
    /// Where a shared frame caches its encoding in this format ([`Format::CACHED`] for
    /// formats without a slot).
    slot: usize,
}

#[allow(non_upper_case_globals)] // Named like the enum variants they replace: `Format::Bert`.
impl Format {
    /// [`Bert`], binary frames: the default, as on N2O's WebSocket.
    pub const Bert: Format = Format { formatter: &Bert, slot: 0 };
    /// [`Json`] (N2O's `{"t":…,"v":…}` type tree), text frames.
    pub const Json: Format = Format { formatter: &Json, slot: 1 };
    /// [`Wamp`]: `["io", Eval, Data]`, natural JSON arrays.
    pub const Wamp: Format = Format { formatter: &Wamp, slot: 2 };
    /// [`JsonObject`]: `{"name":"io","eval":…,"data":…}`.
    pub const JsonObject: Format = Format { formatter: &JsonObject, slot: 3 };
    /// [`Text`]: `IO Eval Data\n`, space-separated escaped fields.
    pub const Text: Format = Format { formatter: &Text, slot: 4 };
    /// [`Xml`]: `<io><eval>…</eval><data>…</data></io>`.
    pub const Xml: Format = Format { formatter: &Xml, slot: 5 };

    /// How many formats a shared frame caches the encoding of (the built-in ones).
    pub(crate) const CACHED: usize = 6;

    /// The formats every server has, by name: N2O's five IO formatters (and its JSON twice:
    /// the `{t,v}` type tree and the `{name,eval,data}` object).
    pub const BUILT_IN: &'static [Format] =
        &[Format::Bert, Format::Json, Format::Wamp, Format::JsonObject, Format::Text, Format::Xml];

    /// A format for `formatter`, which lives as long as the program (a server registers its
    /// formatters once, at start).
    pub fn new(formatter: &'static dyn Formatter) -> Format {
        Format { formatter, slot: Format::CACHED }
    }

    /// The formatter's name: `"bert"`, `"json"`, ….
    pub fn name(self) -> &'static str {
        self.formatter.name()
    }

    /// The built-in format called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::BUILT_IN.iter().copied().find(|f| f.name() == name)
    }

    /// The formatter that does the work.
    pub fn formatter(self) -> &'static dyn Formatter {
        self.formatter
    }

    /// Whether this format's frames are binary.
    pub fn binary(self) -> bool {
        self.formatter.binary()
    }

    /// The frame carrying `term` in this format.
    pub fn encode(self, term: &Term) -> Frame {
        self.formatter.encode(term)
    }

    /// The empty frame of this format's kind: N2O's NOP.
    pub fn nop(self) -> Frame {
        if self.binary() { Frame::Binary(Vec::new()) } else { Frame::Text(String::new()) }
    }

    /// The term in an inbound frame of this format, within `limits`.
    ///
    /// # Errors
    /// See [`Formatter::decode`].
    pub fn decode(self, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
        self.formatter.decode(frame, limits)
    }

    /// What an inbound frame on a connection speaking this format holds: the one way frames
    /// from a client are decoded.
    ///
    /// * An empty frame of either kind is a NOP ([`Inbound::Empty`]), as in N2O.
    /// * A text frame `PING`, `N2O,…` or `FORMAT,…` is a control message.
    /// * Any other frame is decoded with this format when it is of this format's kind, and
    ///   otherwise as BERT (binary) or N2O's JSON (text starting with `{` or `[`), so a client
    ///   that switches formats mid-stream is understood either way. Other text is an
    ///   (unknown) control message.
    ///
    /// # Errors
    /// The [`DecodeError`] of the formatter that read the frame.
    pub fn read<'a>(
        self,
        frame: FrameRef<'a>,
        limits: &Limits,
    ) -> Result<Inbound<'a>, DecodeError> {
        match frame {
            FrameRef::Binary([]) | FrameRef::Text("") => Ok(Inbound::Empty),
            FrameRef::Binary(bytes) => {
                let format = if self.binary() { self } else { Format::Bert };
                format.decode(bytes, limits).map(Inbound::Term)
            }
            FrameRef::Text(text) if is_control(text) => Ok(Inbound::Control(text)),
            FrameRef::Text(text) if !self.binary() => {
                self.decode(text.as_bytes(), limits).map(Inbound::Term)
            }
            FrameRef::Text(text) if text.starts_with(['{', '[']) => {
                json::decode(text, limits).map(Inbound::Term)
            }
            FrameRef::Text(text) => Ok(Inbound::Control(text)),
        }
    }

    /// Where a shared frame caches this format's encoding, if it does.
    pub(crate) fn slot(self) -> Option<usize> {
        (self.slot < Format::CACHED).then_some(self.slot)
    }
}

/// The text frames the N2O protocol itself reads.
fn is_control(text: &str) -> bool {
    text == "PING" || text.starts_with("N2O,") || text.starts_with("FORMAT,")
}

impl Default for Format {
    fn default() -> Self {
        Format::Bert
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Format {}

impl std::hash::Hash for Format {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Format({})", self.name())
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
        for &format in Format::BUILT_IN {
            assert_eq!(Format::from_name(format.name()), Some(format));
            assert_eq!(format.slot().map(|s| Format::BUILT_IN[s]), Some(format));
        }
        assert_eq!(Format::from_name("yaml"), None);
        assert_eq!(Format::default(), Format::Bert);
        assert_eq!(Bert.name(), "bert");
        assert_eq!(Json.name(), "json");
    }

    #[test]
    fn read_sorts_control_text_and_terms() {
        let limits = Limits::default();
        let ok = Term::atom("ok");
        let Frame::Binary(bert) = Format::Bert.encode(&ok) else { unreachable!() };
        let Frame::Text(json) = Format::Json.encode(&ok) else { unreachable!() };
        for format in [Format::Bert, Format::Json] {
            fn read<'a>(format: Format, f: FrameRef<'a>) -> Result<Inbound<'a>, DecodeError> {
                format.read(f, &Limits::default())
            }
            let read = |f| read(format, f);
            assert_eq!(read(FrameRef::Binary(&[])), Ok(Inbound::Empty));
            assert_eq!(read(FrameRef::Text("")), Ok(Inbound::Empty));
            assert_eq!(read(FrameRef::Text("PING")), Ok(Inbound::Control("PING")));
            assert_eq!(read(FrameRef::Text("N2O,1")), Ok(Inbound::Control("N2O,1")));
            assert_eq!(read(FrameRef::Binary(&bert)), Ok(Inbound::Term(ok.clone())));
            assert_eq!(read(FrameRef::Text(&json)), Ok(Inbound::Term(ok.clone())));
        }
        assert_eq!(
            Format::Bert.read(FrameRef::Text("hello"), &limits),
            Ok(Inbound::Control("hello"))
        );
        assert!(Format::Json.read(FrameRef::Text("hello"), &limits).is_err());
    }

    #[test]
    fn nop_is_an_empty_frame_of_the_format_kind() {
        assert_eq!(Format::Bert.nop(), Frame::Binary(Vec::new()));
        assert_eq!(Format::Json.nop(), Frame::Text(String::new()));
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
