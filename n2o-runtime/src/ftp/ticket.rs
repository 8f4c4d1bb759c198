//! The upload ticket: what an `upload` element allows, sealed into the page so only a file input the server rendered can start a transfer.

use crate::term::Term;

/// What one rendered `upload` element allows. The element renders it sealed (as a postback
/// is: bound to the session, or to the room of a flush); the client sends it in the FTP
/// record's `Meta`, and a transfer without a ticket that opens is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// The id of the `upload` element: the page's events name it.
    pub input: String,
    /// The largest file this input takes, in bytes (never over
    /// [`Uploads::max_file_bytes`](crate::config::Uploads::max_file_bytes)).
    pub max_bytes: Option<u64>,
    /// The element's `accept` list (`image/*,.pdf`), checked against the declared type and
    /// the name's extension; empty accepts any.
    pub accept: String,
}

impl Ticket {
    /// The ticket of input `input`: any type, the server's size limit.
    pub fn new(input: impl Into<String>) -> Ticket {
        Ticket { input: input.into(), max_bytes: None, accept: String::new() }
    }

    /// Files of at most `bytes` bytes.
    pub fn max_bytes(mut self, bytes: u64) -> Ticket {
        self.max_bytes = Some(bytes);
        self
    }

    /// Only files `accept` allows (`image/*,.pdf`: see [`Ticket::accepts`]).
    pub fn accept(mut self, accept: impl Into<String>) -> Ticket {
        self.accept = accept.into();
        self
    }

    /// The term an element seals: `{n2o_ftp, Input, MaxBytes | undefined, Accept}`.
    pub fn to_term(&self) -> Term {
        Term::Tuple(vec![
            Term::atom("n2o_ftp"),
            Term::bin(self.input.as_bytes()),
            match self.max_bytes {
                Some(n) => Term::Int(i64::try_from(n).unwrap_or(i64::MAX)),
                None => Term::atom("undefined"),
            },
            Term::bin(self.accept.as_bytes()),
        ])
    }

    /// Reads a ticket back from an opened pickle; `None` when the pickle is not a ticket
    /// (a postback handed in as one, say).
    pub fn from_term(term: &Term) -> Option<Ticket> {
        let Term::Tuple(items) = term else { return None };
        let [Term::Atom(tag), input, max, accept] = items.as_slice() else { return None };
        if tag != "n2o_ftp" {
            return None;
        }
        let max_bytes = match max {
            Term::Int(n) => Some(u64::try_from(*n).ok()?),
            Term::Atom(a) if a == "undefined" => None,
            _ => return None,
        };
        Some(Ticket {
            input: input.as_text()?.to_owned(),
            max_bytes,
            accept: accept.as_text()?.to_owned(),
        })
    }

    /// Whether a file of this name and declared type is one the input accepts: each entry
    /// of `accept` is an extension (`.pdf`), a type (`image/png`) or a family (`image/*`),
    /// compared without case, as the browser's file picker does.
    pub fn accepts(&self, name: &str, content_type: &str) -> bool {
        let entries: Vec<&str> =
            self.accept.split(',').map(str::trim).filter(|e| !e.is_empty()).collect();
        if entries.is_empty() {
            return true;
        }
        let name = name.to_ascii_lowercase();
        let content_type = content_type.to_ascii_lowercase();
        entries.iter().any(|entry| {
            let entry = entry.to_ascii_lowercase();
            if entry.starts_with('.') {
                name.ends_with(&entry)
            } else if let Some(family) = entry.strip_suffix("/*") {
                content_type.split('/').next() == Some(family)
            } else {
                content_type == entry
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_a_term() {
        let t = Ticket { input: "files".into(), max_bytes: Some(5), accept: ".pdf".into() };
        assert_eq!(Ticket::from_term(&t.to_term()), Some(t));
        let t = Ticket { input: "x".into(), max_bytes: None, accept: String::new() };
        assert_eq!(Ticket::from_term(&t.to_term()), Some(t));
        assert_eq!(Ticket::from_term(&Term::atom("send")), None);
    }

    #[test]
    fn accept_is_the_file_pickers_rule() {
        let t = Ticket { input: "f".into(), max_bytes: None, accept: "image/*, .PDF".into() };
        assert!(t.accepts("a.png", "image/png"));
        assert!(t.accepts("Report.pdf", "application/octet-stream"));
        assert!(!t.accepts("a.exe", "application/x-msdownload"));
        assert!(!t.accepts("a.png", "text/plain"));
    }
}
