//! Postbacks in queued actions are sealed when the actions leave: to the session for the connection's own reply, to the room for a flush.
//!
//! A flush is rendered once and the same bytes go to every member, so a postback inside it
//! cannot be sealed to the sender's session: every other member's click would be refused.
//! Actions queued through [`Cx`] therefore carry a marker where each pickle goes, and the
//! marker becomes a pickle when the actions are taken: sealed to this session
//! ([`Cx::take_actions`], the reply) or to the room ([`Cx::flush`]). A room's pickle opens
//! for a connection that is a member of that room when it clicks, and for nobody else.
//!
//! The marker is `n2oq<16 hex digits>x<index>q`, with hex digits random per context: page
//! text escaped into the same JavaScript cannot forge one it does not know.

use std::sync::Mutex;

use crate::element::{IntoBody, Render, Rendered};
use crate::format::Limits;
use crate::pickle::SessionSeal;
use crate::pickle::{OpenError, PickleError};
use crate::postback::Seal;
use crate::refusal::Refusal;
use crate::term::Term;

use super::Cx;

/// The postbacks rendered into queued actions, waiting to be sealed.
#[derive(Debug, Default)]
pub(super) struct Pending {
    /// `n2oq<nonce>x`: what every marker of this context starts with. Made on the first
    /// postback queued: most renders and connections never need one.
    prefix: String,
    terms: Vec<Term>,
}

impl Pending {
    pub(super) fn new() -> Pending {
        Pending::default()
    }

    /// The marker prefix, made now if this is the first postback.
    fn prefix(&mut self) -> &str {
        if self.prefix.is_empty() {
            // Written digit by digit: `format!` cost a tenth of a render's sealing.
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let nonce: u64 = rand::random();
            let mut prefix = String::with_capacity(21);
            prefix.push_str("n2oq");
            for shift in (0..16).rev() {
                prefix.push(char::from(HEX[((nonce >> (shift * 4)) & 0xf) as usize]));
            }
            prefix.push('x');
            self.prefix = prefix;
        }
        &self.prefix
    }

    /// `eval` with every marker replaced by its postback sealed by `seal`.
    pub(super) fn resolve(&mut self, eval: String, seal: &dyn Seal) -> String {
        if self.terms.is_empty() {
            return eval;
        }
        let terms = std::mem::take(&mut self.terms);
        let mut out = String::with_capacity(eval.len() + terms.len() * 160);
        let mut rest = eval.as_str();
        while let Some(at) = rest.find(&self.prefix) {
            out.push_str(&rest[..at]);
            let after = &rest[at + self.prefix.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let index = after[..digits].parse::<usize>().ok();
            match (index.and_then(|i| terms.get(i)), after.as_bytes().get(digits)) {
                (Some(term), Some(b'q')) => {
                    out.push_str(&seal.seal(term));
                    rest = &after[digits + 1..];
                }
                // Not one of ours after all: keep the text.
                _ => {
                    out.push_str(&self.prefix);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// A [`Seal`] that hands out markers and keeps the postbacks.
struct Collect<'a> {
    prefix: &'a str,
    base: usize,
    terms: Mutex<Vec<Term>>,
}

impl Seal for Collect<'_> {
    fn seal(&self, postback: &Term) -> String {
        let mut terms = self.terms.lock().unwrap_or_else(|e| e.into_inner());
        let index = self.base + terms.len();
        terms.push(postback.clone());
        format!("{}{index}q", self.prefix)
    }
}

impl Cx {
    /// Renders `body` for the action queue: its pickles are markers until the actions
    /// leave (see the [module docs](self)).
    pub(super) fn render_queued(&mut self, body: impl IntoBody) -> Rendered {
        let base = self.pending.terms.len();
        let collect =
            Collect { prefix: self.pending.prefix(), base, terms: Mutex::new(Vec::new()) };
        let mut r = Render::new(&collect)
            .auto_ids_from(self.next_auto_id)
            .with_checks(std::mem::take(&mut self.checks));
        r.push(body);
        self.next_auto_id = r.next_auto_id();
        self.checks = r.take_checks();
        let rendered = r.finish();
        let terms = collect.terms.into_inner().unwrap_or_else(|e| e.into_inner());
        self.pending.terms.extend(terms);
        rendered
    }

    /// The seal of postbacks flushed to `room`: any member of the room opens them.
    pub(super) fn room_seal(&self, room: &str) -> SessionSeal {
        SessionSeal { security: self.seal.security.clone(), session: room_subject(room) }
    }

    /// The rooms whose pickles this connection may open: the ones it is in now.
    pub(crate) fn pickle_rooms(&self) -> Vec<String> {
        match self.pusher() {
            Some(pusher) => self.hub.rooms().rooms_of(pusher.id()),
            None => Vec::new(),
        }
    }

    /// Opens a pickle sealed for this connection's session or, failing that, for one of the
    /// rooms it is in now (a postback, or an upload ticket, that came with a room's flush).
    pub(crate) fn open_pickle(&self, pickled: &str) -> Result<Term, Refusal> {
        let limits = Limits::default();
        let seal = self.seal();
        match seal.security.open(pickled, &seal.session, &limits) {
            Err(OpenError::Refused(PickleError::WrongSession)) => {
                for room in self.pickle_rooms() {
                    let room_seal = self.seal_of_room(&room);
                    if let Ok(term) = seal.security.open(pickled, &room_seal.session, &limits) {
                        return Ok(term);
                    }
                }
                Err(Refusal::Pickle(PickleError::WrongSession))
            }
            opened => Ok(opened?),
        }
    }

    /// The seal of a room's pickles, to open one a member clicked.
    pub(crate) fn seal_of_room(&self, room: &str) -> SessionSeal {
        self.room_seal(room)
    }
}

/// What a room's pickles are bound to instead of a session id. Session ids are URL-safe
/// base64, so a subject starting with NUL is never one.
fn room_subject(room: &str) -> String {
    format!("\u{0}room\u{0}{room}")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Upper;
    impl Seal for Upper {
        fn seal(&self, postback: &Term) -> String {
            format!("SEALED[{postback}]")
        }
    }

    #[test]
    fn the_marker_prefix_is_sixteen_hex_digits_between_its_delimiters() {
        let mut pending = Pending::new();
        let prefix = pending.prefix().to_owned();
        assert_eq!(prefix.len(), 21, "{prefix}");
        let digits = prefix.strip_prefix("n2oq").and_then(|p| p.strip_suffix('x')).unwrap();
        assert!(digits.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        // Made once per context.
        assert_eq!(pending.prefix(), prefix);
    }

    #[test]
    fn markers_become_pickles_and_other_text_stays() {
        let mut pending = Pending::new();
        let prefix = pending.prefix().to_owned();
        pending.terms = vec![Term::atom("a"), Term::atom("b")];
        let eval = format!("x('{prefix}1q');y('{prefix}0q');z('{prefix}9q');w('{prefix}q');n2oq");
        let out = pending.resolve(eval, &Upper);
        assert_eq!(
            out,
            format!("x('SEALED[b]');y('SEALED[a]');z('{prefix}9q');w('{prefix}q');n2oq")
        );
        assert!(pending.terms.is_empty());
        // Nothing pending: the text is returned as it is.
        assert_eq!(pending.resolve(format!("{prefix}0q"), &Upper), format!("{prefix}0q"));
    }
}
