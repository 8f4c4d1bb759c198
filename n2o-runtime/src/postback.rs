//! Postbacks: the typed values a page's elements send back, and how they are sealed into pickles.
//!
//! An element carries its postback as a [`Term`] (converted once, when the builder gets it),
//! and rendering turns that term into an opaque string with a [`Seal`]: the pickler of the
//! running server, which signs (and encrypts) it so the browser can only hand it back.

use crate::term::{self, Term};

/// A value a page's elements may send back to the page, e.g. `enum Ev { Chat, Delete(u32) }`.
///
/// Implemented by `#[derive(Postback)]`; the value crosses the browser sealed in a pickle,
/// so it must serialize to a term and back.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a nitro postback",
    note = "derive it: `#[derive(Postback, Serialize, Deserialize)]`"
)]
pub trait Postback: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static {}

/// The seal for renders outside a page and its session (a task rendering a line for a
/// room, a broadcast): such markup must carry no postbacks, since no session could open
/// them. A postback rendered with it is logged and gets an empty pickle, which the server
/// refuses when clicked.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unsealed;

impl Seal for Unsealed {
    fn seal(&self, postback: &Term) -> String {
        tracing::error!(%postback, "a postback was rendered without a session: it cannot be clicked");
        String::new()
    }
}

/// Pages without postbacks say `type Event = ();`.
impl Postback for () {}

/// Turns a postback term into the opaque pickle string the browser sends back.
///
/// The server's pickler implements this; rendering only ever sees a `&dyn Seal`, so no
/// default (and no insecure one) can be picked up by accident.
pub trait Seal: Send + Sync {
    /// The pickle of `postback`: a string safe to embed in JS once js-escaped.
    fn seal(&self, postback: &Term) -> String;
}

/// The postback as a term: the one place where a typed postback becomes a [`Term`].
///
/// A failure (a value serde cannot map to a term, e.g. an integer over `i64::MAX`) is logged
/// here, once, and kept, so rendering can wire a binding that reports it in the browser
/// instead of panicking the page.
pub(crate) fn to_term<P: Postback>(postback: &P) -> Result<Term, term::Error> {
    term::to_term(postback).inspect_err(|e| {
        tracing::error!(
            postback = std::any::type_name::<P>(),
            error = %e,
            "n2o: a postback could not be converted to a term; its binding will only log an error"
        );
    })
}

/// A [`Seal`] for tests: `insecure-test:` followed by the hex of the term's BERT.
///
/// Not a pickler: it neither signs nor encrypts, anyone can forge its output. It exists so
/// tests can compare rendered JS byte for byte; nothing in n2o uses it by default.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default)]
pub struct InsecureTestSeal;

impl Seal for InsecureTestSeal {
    fn seal(&self, postback: &Term) -> String {
        use std::fmt::Write;
        let bytes = postback_bytes(postback);
        let mut out = String::with_capacity(14 + 2 * bytes.len());
        out.push_str("insecure-test:");
        for b in bytes {
            let _ = write!(out, "{b:02x}");
        }
        out
    }
}

/// The bytes the test seal shows: the term's BERT.
fn postback_bytes(postback: &Term) -> Vec<u8> {
    crate::format::bert::encode(postback)
}
