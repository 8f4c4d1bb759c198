//! Inputs: textbox, password, hidden, email, number, range, date, checkbox, radio, upload.
//!
//! All are `<input type=…>` (void); a postback on them fires on `change`. An `upload` is
//! also wired to n2o's FTP client: its files go up the page's socket ([`crate::ftp`]).

use super::base::{Attr, Element, UploadWiring};
use super::event::EventType;
use super::kind::*;

constructors! {
    /// `<input type="text">`.
    textbox => Textbox("input", Change, type = "text") void;
    /// `<input type="password">`.
    password => Password("input", Change, type = "password") void;
    /// `<input type="hidden">`.
    hidden => Hidden("input", Change, type = "hidden") void;
    /// `<input type="email">`.
    email => Email("input", Change, type = "email") void;
    /// `<input type="number">`.
    number => Number("input", Change, type = "number") void;
    /// `<input type="range">`: a slider.
    range => Range("input", Change, type = "range") void;
    /// `<input type="date">`.
    date => Date("input", Change, type = "date") void;
    /// `<input type="checkbox">`; its source value is whether it is checked.
    checkbox => Checkbox("input", Change, type = "checkbox") void;
    /// `<input type="radio">`; radios of a group share a [`name`](Element::name).
    radio => Radio("input", Change, type = "radio") void;
}

/// `<input type="file">`, NITRO's `#upload`, wired to n2o's FTP client: the files chosen
/// (or dropped on its [`drop_zone`](Element::drop_zone)) go up the page's own WebSocket
/// block by block, each with a progress bar and a cancel button, resuming after a
/// reconnect; the page hears of them as [`Event::File`](crate::page::Event::File).
///
/// It renders the input and `N2O.ftp.bind('<id>','<ticket>',{…});`: the ticket
/// ([`Ticket`](crate::ftp::Ticket): the id, [`max_bytes`](Element::max_bytes) and
/// [`accept`](Element::accept)) sealed like a postback, so only this input, rendered for
/// this session (or for the room it was flushed to), can start a transfer. An upload
/// without an id gets `auto<n>`.
///
/// ```
/// use n2o_runtime::element::{render, upload};
/// use n2o_runtime::postback::InsecureTestSeal;
///
/// let out = render(upload().id("files").accept("image/*").multiple(true), &InsecureTestSeal);
/// assert_eq!(out.html.as_str(), r#"<input id="files" type="file" accept="image/*" multiple>"#);
/// assert!(out.js.as_str().starts_with("N2O.ftp.bind('files','"));
/// ```
pub fn upload() -> Element<Upload> {
    let mut el = Element::new("input", true, EventType::Change).set(Attr::Type, "file".to_owned());
    el.base.upload = Some(Box::default());
    el
}

impl Element<Upload> {
    /// The file types offered, e.g. `image/*,.pdf`: the file picker's filter, and the
    /// server's rule for what this input may send ([`Ticket::accepts`](crate::ftp::Ticket::accepts)).
    pub fn accept(self, types: impl Into<String>) -> Self {
        self.set(Attr::Accept, types.into())
    }

    /// The largest file this input takes, in bytes; the server's
    /// [`Uploads::max_file_bytes`](crate::config::Uploads::max_file_bytes) caps it. A larger
    /// file is refused before any of it is sent.
    pub fn max_bytes(mut self, bytes: u64) -> Self {
        self.wiring().max_bytes = Some(bytes);
        self
    }

    /// The id of an element files can be dropped on, as if chosen with this input; it gets
    /// the class `n2o-ftp-over` while files are dragged over it.
    pub fn drop_zone(mut self, id: impl Into<String>) -> Self {
        self.wiring().drop_zone = Some(id.into());
        self
    }

    fn wiring(&mut self) -> &mut UploadWiring {
        self.base.upload.get_or_insert_with(Box::default)
    }
}
