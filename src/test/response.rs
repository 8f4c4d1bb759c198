//! What came back for one interaction: the frames, their actions, and the errors a test can expect.

use std::fmt;

use n2o_runtime::Term;

use super::action::Action;

/// One `{io, Eval, Data}` frame the client received, as sent and as read.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub(crate) bytes: Vec<u8>,
    pub(crate) text: bool,
    pub(crate) eval: String,
    pub(crate) data: Term,
    pub(crate) actions: Vec<Action>,
}

impl Frame {
    /// The frame's payload exactly as it came off the socket (BERT, or JSON text).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether it came as a text (JSON) frame rather than a binary (BERT) one.
    pub fn is_text(&self) -> bool {
        self.text
    }

    /// The JavaScript the browser would run: the `Eval` field.
    pub fn js(&self) -> &str {
        &self.eval
    }

    /// The `Data` field: `<<>>`, or `{error, Message}` when the server reports a failure.
    pub fn data(&self) -> &Term {
        &self.data
    }

    /// The actions read from [`Frame::js`], in order.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The server's error message, when `Data` is `{error, Message}`.
    pub fn error(&self) -> Option<&str> {
        self.data
            .as_tuple()
            .filter(|_| self.data.is_tagged("error", 2))
            .and_then(|t| t[1].as_text())
    }
}

/// Everything the page sent back for one interaction (a click, a mount, a settle): the
/// reply and the pushes that reached the client with it, in the order they arrived.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Response {
    pub(crate) frames: Vec<Frame>,
}

impl Response {
    /// The frames, in order.
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// The actions of every frame, in order.
    pub fn actions(&self) -> Vec<&Action> {
        self.frames.iter().flat_map(|f| &f.actions).collect()
    }

    /// The JavaScript of every frame, joined.
    pub fn js(&self) -> String {
        self.frames.iter().map(|f| f.eval.as_str()).collect()
    }

    /// The first error the server reported, if any.
    pub fn error(&self) -> Option<&str> {
        self.frames.iter().find_map(Frame::error)
    }

    /// Whether nothing but empty replies came back.
    pub fn is_empty(&self) -> bool {
        self.frames.iter().all(|f| f.eval.is_empty() && f.error().is_none())
    }
}

/// One line per action, for failure messages.
impl fmt::Display for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let actions = self.actions();
        if actions.is_empty() {
            f.write_str("    (no actions)")?;
        }
        for (i, action) in actions.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "    {action}")?;
        }
        if let Some(error) = self.error() {
            write!(f, "\n    error: {error}")?;
        }
        Ok(())
    }
}

/// Why an interaction failed. The panicking methods (`mount`, `.await` on a click) show
/// the same message with what the page holds; the `try_` ones return it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TestError {
    /// The page cannot do what was asked: no such element, no such listener, a source the
    /// postback does not send, a page that did not load.
    Page(String),
    /// The server answered with `{io, _, {error, Message}}`: a refused pickle, a handler
    /// that panicked (dev mode shows the panic), an event the page does not accept.
    Server(String),
    /// Nothing (or not the awaited frame) arrived in time.
    Timeout(String),
    /// The connection is closed (by the server, or by the test).
    Closed(String),
}

impl TestError {
    /// The message, without its kind.
    pub fn message(&self) -> &str {
        match self {
            TestError::Page(m)
            | TestError::Server(m)
            | TestError::Timeout(m)
            | TestError::Closed(m) => m,
        }
    }
}

impl fmt::Display for TestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TestError::Page(m) => f.write_str(m),
            TestError::Server(m) => write!(f, "the server answered with an error: {m}"),
            TestError::Timeout(m) => write!(f, "timed out: {m}"),
            TestError::Closed(m) => write!(f, "connection closed: {m}"),
        }
    }
}

impl std::error::Error for TestError {}
