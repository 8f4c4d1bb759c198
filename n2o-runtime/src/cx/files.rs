//! Download links for stored uploads: sealed to the session, expiring.

use std::time::{SystemTime, UNIX_EPOCH};

use super::Cx;
use crate::ftp::{StoredFile, Ticket};
use crate::postback::Seal;
use crate::term::Term;

impl Cx {
    /// `ticket` sealed for this session: the token a client puts in an FTP record's `Meta`
    /// to send a file ([`crate::ftp`]). The `upload` element renders one for itself; this
    /// is for clients of the page's own making (an SPA page's script, a test).
    pub fn upload_ticket(&self, ticket: &Ticket) -> String {
        self.seal().seal(&ticket.to_term())
    }

    /// A link that downloads `file` (`/n2o/file/<token>`), for this session only and for
    /// [`Uploads::link_ttl`](crate::config::Uploads::link_ttl): the token is sealed like a
    /// postback, with the file's id and the link's expiry. Anyone else, or anyone later, gets
    /// `403`/`410`.
    pub fn file_url(&self, file: &StoredFile) -> String {
        let expires = (SystemTime::now() + self.seal().security.link_ttl)
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let token = self.seal().seal(&Term::Tuple(vec![
            Term::atom("n2o_file"),
            Term::bin(file.id.as_bytes()),
            Term::Int(expires),
        ]));
        format!("/n2o/file/{token}")
    }

    /// Starts the download of `file` in this browser, as a click on a
    /// [`file_url`](Cx::file_url) link would.
    pub fn download(&mut self, file: &StoredFile) {
        let url = crate::js::quote(&self.file_url(file));
        self.wire(&format!(
            "(function(){{var a=document.createElement('a');a.href={url};a.download='';\
             document.body.appendChild(a);a.click();a.remove();}})();"
        ));
    }
}

/// The file id and expiry (seconds since the epoch) in an opened download token.
pub(crate) fn link_of(term: &Term) -> Option<(&str, i64)> {
    let Term::Tuple(items) = term else { return None };
    match items.as_slice() {
        [Term::Atom(tag), id, Term::Int(expires)] if tag == "n2o_file" => {
            Some((id.as_text()?, *expires))
        }
        _ => None,
    }
}
