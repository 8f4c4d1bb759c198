//! Why a frame was refused: one enum for every check between the socket and the page's handler.
//!
//! Each refusal is logged with its [`Refusal::reason`] (a stable word to search logs for) and
//! answered with one `{io, <<>>, {error, Message}}`; the connection goes on.

use crate::format::DecodeError;
use crate::pickle::{OpenError, PickleError};
use crate::term;

/// Why an inbound frame did not reach the page's handler.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The frame's bytes are not a term of the format they claim.
    #[error("{0}")]
    Decode(#[from] DecodeError),
    /// A term other than `N2O,<token>` came before the handshake.
    #[error("send N2O,<token> first")]
    BeforeInit,
    /// A second `N2O,` on one connection.
    #[error("already initialised")]
    AlreadyInitialized,
    /// `FORMAT,<name>` for a formatter the server does not have.
    #[error("unknown format {name:?}: expected one of {known}")]
    UnknownFormat {
        /// The name asked for (cut to 64 characters).
        name: String,
        /// The names the server has, comma-separated.
        known: String,
    },
    /// A text frame that is neither a control message nor a term.
    #[error("unknown control message {0:?}")]
    UnknownControl(String),
    /// `{pickle, _, Pickled, _}` with `Pickled` not text.
    #[error("pickle refused: not text")]
    PickleNotText,
    /// The pickle did not open: forged, altered, expired, or another session's.
    #[error("pickle refused: {0}")]
    Pickle(#[from] PickleError),
    /// The pickle opened but its payload is not a term (a server bug or a key shared with
    /// another program).
    #[error("pickle payload: {0}")]
    PicklePayload(DecodeError),
    /// The postback's `Linked` source values are not a list of `{Key, Value}`.
    #[error("postback sources: {0}")]
    Sources(&'static str),
    /// A source value failed the check its field declared with `Element::validate`
    /// (`element::check`): the server ran the same
    /// closure as the browser, and the page's handler never sees the value. Answered with
    /// the message shown at the field.
    #[error("invalid {field}: {message} ({why})")]
    Invalid {
        /// The field's id.
        field: String,
        /// The message the page gave for it.
        message: String,
        /// What failed: the check, or a missing or non-text value.
        why: String,
    },
    /// The postback is not of the page's own `Event` type.
    #[error("postback is not a {expected}: {error}")]
    PostbackType {
        /// The page's postback type.
        expected: &'static str,
        /// What did not fit.
        error: term::Error,
    },
    /// `{client, T}` (or, on an SPA page, `{direct, T}`) whose `T` is not of the page's
    /// declared client type ([`Spa::Client`](crate::spa::Spa::Client)).
    #[error("client message is not a {expected}: {error}")]
    ClientType {
        /// The page's client message type.
        expected: &'static str,
        /// What did not fit.
        error: term::Error,
    },
    /// A room message (`Cx::send`) whose term is not of the receiving page's declared
    /// message type ([`Listen::Message`](crate::listen::Listen::Message)): a server-side
    /// mistake, refused like a client's.
    #[error("room message is not a {expected}: {error}")]
    MessageType {
        /// The page's message type.
        expected: &'static str,
        /// What did not fit.
        error: term::Error,
    },
    /// `{client, T}` for a page that declared no client type (registered with
    /// [`App::page`](crate::App::page), not [`App::spa`](crate::App::spa)).
    #[error("this page takes no client messages")]
    NoClientType,
    /// `{server, T}` from a client: the server pushes those, a client sends `{client, T}`.
    #[error("{{server, T}} is the server's push; a client sends {{client, T}}")]
    ServerFromClient,
    /// A message for a page on a context that has none (a user protocol outside a socket).
    #[error("no page on this connection")]
    NoPage,
    /// A term tagged `ftp` that is not N2O's FTP record.
    #[error("{0}")]
    FtpRecord(crate::ftp::BadRecord),
    /// An FTP frame the upload rules refused ([`crate::ftp`]). Its answer is the FTP record
    /// itself, `Block` 0 and `Meta = {error, <<Why>>}`, not an `{io, …}`.
    #[error("upload refused: {why}")]
    Upload {
        /// Why.
        why: crate::ftp::UploadError,
        /// The record that answers it.
        reply: Box<crate::term::Term>,
    },
}

impl From<OpenError> for Refusal {
    fn from(e: OpenError) -> Refusal {
        match e {
            OpenError::Refused(e) => Refusal::Pickle(e),
            OpenError::Payload(e) => Refusal::PicklePayload(e),
        }
    }
}

impl Refusal {
    /// A stable, one-word name of the check that refused, for logs and metrics.
    pub fn reason(&self) -> &'static str {
        match self {
            Refusal::Decode(_) => "decode",
            Refusal::BeforeInit => "before_init",
            Refusal::AlreadyInitialized => "already_initialized",
            Refusal::UnknownFormat { .. } => "unknown_format",
            Refusal::UnknownControl(_) => "unknown_control",
            Refusal::PickleNotText | Refusal::Pickle(_) | Refusal::PicklePayload(_) => "pickle",
            Refusal::Sources(_) => "sources",
            Refusal::Invalid { .. } => "invalid",
            Refusal::PostbackType { .. } => "postback_type",
            Refusal::ClientType { .. } => "client_type",
            Refusal::NoClientType => "no_client_type",
            Refusal::MessageType { .. } => "message_type",
            Refusal::ServerFromClient => "server_from_client",
            Refusal::NoPage => "no_page",
            Refusal::FtpRecord(_) | Refusal::Upload { .. } => "upload",
        }
    }
}

/// The first `max` characters of `s`: client text quoted in a refusal or a log line stays short.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_reasons() {
        assert_eq!(Refusal::BeforeInit.to_string(), "send N2O,<token> first");
        assert_eq!(
            Refusal::from(PickleError::Expired).to_string(),
            "pickle refused: pickle expired"
        );
        assert_eq!(Refusal::from(PickleError::Expired).reason(), "pickle");
        let f = Refusal::UnknownFormat { name: "x".into(), known: "bert, json".into() };
        assert_eq!(f.to_string(), "unknown format \"x\": expected one of bert, json");
        assert_eq!(
            Refusal::ServerFromClient.to_string(),
            "{server, T} is the server's push; a client sends {client, T}"
        );
        assert_eq!(Refusal::NoClientType.reason(), "no_client_type");
        let error = term::from_term::<u8>(&term::Term::atom("x")).unwrap_err();
        let refused = Refusal::MessageType { expected: "u8", error };
        assert_eq!(refused.reason(), "message_type");
        assert!(refused.to_string().starts_with("room message is not a u8: "), "{refused}");
        assert_eq!(truncate("héllo", 2), "hé");
        assert_eq!(truncate("hi", 5), "hi");
    }
}
