//! The HTTP part of [`Cx`]: what a page's `main` answers besides its HTML — a status, headers, a redirect.

use crate::action::Refused;
use crate::url::is_safe_url;

use super::Cx;

/// The status and headers a page's `main` asked for.
#[derive(Debug, Default)]
pub(crate) struct Answer {
    pub(crate) status: Option<u16>,
    pub(crate) headers: Vec<(String, String)>,
}

/// Why [`Cx::set_status`] or [`Cx::set_header`] refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// Not an HTTP status code a page may answer with (200–599).
    #[error("{0} is not a status a page can answer with (200-599)")]
    Status(u16),
    /// Not a valid header name, or one the server owns (`Content-Length`, `Connection`, …).
    #[error("`{0}` is not a header a page may set")]
    Name(String),
    /// A value with a control character (a newline would split the header).
    #[error("the value of `{0}` has a control character")]
    Value(String),
    /// Not while a WebSocket connection runs: the HTTP answer has long been sent.
    #[error("the HTTP answer was sent before the socket opened; set it in `main`")]
    NotInMain,
}

/// Headers the server writes itself.
const OWNED: &[&str] =
    &["content-length", "transfer-encoding", "connection", "upgrade", "content-type", "host"];

impl Cx {
    /// The HTTP status of the page's answer, from `main` (`404` for an item that does not
    /// exist, say); 200 when not set.
    pub fn set_status(&mut self, status: u16) -> Result<(), HeaderError> {
        if self.connection.is_some() {
            return Err(HeaderError::NotInMain);
        }
        if !(200..=599).contains(&status) {
            return Err(HeaderError::Status(status));
        }
        self.answer.status = Some(status);
        Ok(())
    }

    /// Adds a header to the page's answer, from `main`.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), HeaderError> {
        if self.connection.is_some() {
            return Err(HeaderError::NotInMain);
        }
        let lower = name.to_ascii_lowercase();
        let token = !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token || OWNED.contains(&lower.as_str()) {
            return Err(HeaderError::Name(name.to_owned()));
        }
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(HeaderError::Value(name.to_owned()));
        }
        self.answer.headers.push((lower, value.to_owned()));
        Ok(())
    }

    /// In `main`: answers `302 Found` with `Location: url` instead of the page (the HTML
    /// `main` returns is not sent). Refuses script URLs.
    pub(super) fn http_redirect(&mut self, url: &str) -> Result<(), Refused> {
        if !is_safe_url(url) {
            return Err(Refused::ScriptUrl(url.to_owned()));
        }
        let value = url.replace(|c: char| c.is_control(), "");
        self.answer.status = Some(302);
        self.answer.headers.retain(|(k, _)| k != "location");
        self.answer.headers.push(("location".into(), value));
        Ok(())
    }

    /// Whether a status or a redirect was set for the HTTP answer.
    pub(crate) fn has_answer(&self) -> bool {
        self.answer.status.is_some()
    }

    /// What `main` asked for, for the server to answer with.
    pub(crate) fn take_answer(&mut self) -> Answer {
        std::mem::take(&mut self.answer)
    }
}
