//! The server's side of `validate`: the table of check closures, the checks sealed into postback pickles, and their run on a postback's values.
//!
//! [`Element::validate`](crate::element::Element::validate) registers the closure's native
//! twin in a process-wide table under a key the server derives from the closure's generated JavaScript (its SHA-256: the same on
//! every node and every start of one build, and two closures with one text check alike). The
//! render then seals, into the pickle of every postback that has the field among its
//! `source`s, which source ids are checked by which key, with which message
//! ([`Checks::seal`]). On a postback the server opens the pickle, finds each key in its own
//! table and runs the closure on the value sent for that id; a value that fails, a validated
//! source that is missing or not text, or a key this node does not know (it has not built the
//! field since it started) is refused before the page's `event` runs ([`Refusal::Invalid`]).
//!
//! Nothing the client sends picks a check: the ids, keys and messages come out of the
//! signed pickle, and the table holds only closures this program registered. It grows by one
//! entry per distinct `js!` closure used with `validate`, a number fixed by the source code.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock, RwLock};

use sha2::{Digest, Sha256};

use crate::js;
use crate::refusal::Refusal;
use crate::term::Term;

/// A check's native closure.
type Check = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// The tag of a pickle whose postback carries its sources' checks: an atom no Rust
/// identifier (hence no serialized postback) can spell.
const TAG: &str = "$n2o_validated";

/// Every check this process registered, by key.
fn table() -> &'static RwLock<HashMap<String, Check>> {
    static TABLE: OnceLock<RwLock<HashMap<String, Check>>> = OnceLock::new();
    TABLE.get_or_init(RwLock::default)
}

/// The key of a check: the SHA-256 of its JavaScript, first 16 bytes in hex.
pub(crate) fn key_of(js: &str) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(js.as_bytes());
    let mut out = String::with_capacity(32);
    for b in &digest[..16] {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Registers `check` under its key, once.
pub(crate) fn register(js: &str, check: impl Fn(&str) -> bool + Send + Sync + 'static) -> String {
    let key = key_of(js);
    let known = table().read().unwrap_or_else(|e| e.into_inner()).contains_key(&key);
    if !known {
        table()
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key.clone())
            .or_insert_with(|| Arc::new(check));
    }
    key
}

/// A field's check as the render seals it: the key of its closure and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldCheck {
    pub(crate) key: String,
    pub(crate) message: String,
}

/// The checks of the fields a render (or a connection) has seen, by element id.
#[derive(Clone, Debug, Default)]
pub(crate) struct Checks(BTreeMap<String, FieldCheck>);

impl Checks {
    /// Remembers that element `id` is checked by `check`.
    pub(crate) fn insert(&mut self, id: &str, check: &FieldCheck) {
        if self.0.get(id) != Some(check) {
            self.0.insert(id.to_owned(), check.clone());
        }
    }

    /// Adds every check of `other`.
    pub(crate) fn extend(&mut self, other: Checks) {
        self.0.extend(other.0);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many of `sources` are checked.
    pub(crate) fn count<S: AsRef<str>>(&self, sources: &[S]) -> usize {
        sources.iter().filter(|s| self.0.contains_key(s.as_ref())).count()
    }

    /// The term to seal for `postback` sent with `sources`: the postback itself when none of
    /// them is checked, else `{'$n2o_validated', Postback, [{Id, Key, Message}]}`.
    pub(crate) fn seal<S: AsRef<str>>(&self, postback: &Term, sources: &[S]) -> Option<Term> {
        let checks: Vec<Term> = sources
            .iter()
            .filter_map(|id| {
                let c = self.0.get(id.as_ref())?;
                Some(Term::Tuple(vec![
                    Term::bin(id.as_ref()),
                    Term::bin(c.key.as_str()),
                    Term::bin(c.message.as_str()),
                ]))
            })
            .collect();
        if checks.is_empty() {
            return None;
        }
        Some(Term::Tuple(vec![Term::atom(TAG), postback.clone(), Term::List(checks)]))
    }
}

/// An opened pickle: the postback, and the checks its sources must pass.
pub(crate) fn unseal(opened: Term) -> (Term, Checks) {
    match opened {
        Term::Tuple(items) if matches!(items.as_slice(), [Term::Atom(t), _, Term::List(_)] if t == TAG) =>
        {
            let Ok([_, postback, Term::List(list)]) = <[Term; 3]>::try_from(items) else {
                unreachable!("matched above");
            };
            let mut checks = Checks::default();
            for entry in list {
                if let Term::Tuple(fields) = entry
                    && let [id, key, message] = fields.as_slice()
                    && let (Some(id), Some(key), Some(message)) =
                        (id.as_text(), key.as_text(), message.as_text())
                {
                    let check = FieldCheck { key: key.to_owned(), message: message.to_owned() };
                    checks.insert(id, &check);
                }
            }
            (postback, checks)
        }
        other => (other, Checks::default()),
    }
}

/// Runs each check on the values sent for its id: every one of them must be there, be text,
/// and pass.
pub(crate) fn check(checks: &Checks, sources: &[(String, Term)]) -> Result<(), Refusal> {
    for (id, c) in &checks.0 {
        let invalid = |why: &str| Refusal::Invalid {
            field: id.clone(),
            message: c.message.clone(),
            why: why.to_owned(),
        };
        let Some(closure) = table().read().unwrap_or_else(|e| e.into_inner()).get(&c.key).cloned()
        else {
            return Err(invalid("this node does not know the field's check"));
        };
        let mut sent = sources.iter().filter(|(k, _)| k == id).peekable();
        if sent.peek().is_none() {
            return Err(invalid("the value was not sent"));
        }
        for (_, value) in sent {
            let Some(text) = value.as_text() else { return Err(invalid("the value is not text")) };
            if !closure(text) {
                return Err(invalid("the value fails the check"));
            }
        }
    }
    Ok(())
}

/// What the browser runs on a refused value: `message` at field `id`, as its own check shows it.
pub(crate) fn refused_js(id: &str, message: &str) -> String {
    let mut body = String::from("x.setCustomValidity(");
    js::quote_into(message, &mut body);
    body.push_str(");x.setAttribute('aria-invalid','true');x.reportValidity();");
    let mut out = String::from("{var x=qi(");
    js::quote_into(id, &mut out);
    out.push_str(");if(x){");
    out.push_str(&body);
    out.push_str("}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(pairs: &[(&str, &str)]) -> Vec<(String, Term)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), Term::bin(*v))).collect()
    }

    #[test]
    fn a_sealed_check_runs_the_registered_closure() {
        let key = register("(v)=>v.length>0 /*test*/", |v: &str| !v.is_empty());
        let mut known = Checks::default();
        known.insert("t", &FieldCheck { key, message: "required".into() });
        assert!(known.seal(&Term::atom("go"), &["other"]).is_none());
        let sealed = known.seal(&Term::atom("go"), &["t", "other"]).unwrap();
        let (postback, checks) = unseal(sealed);
        assert_eq!(postback, Term::atom("go"));
        assert_eq!(check(&checks, &sources(&[("t", "x")])), Ok(()));
        let refused = check(&checks, &sources(&[("t", "")])).unwrap_err();
        assert_eq!(refused.to_string(), "invalid t: required (the value fails the check)");
        // A second value under the same id is checked too; a missing one is refused.
        assert!(check(&checks, &sources(&[("t", "x"), ("t", "")])).is_err());
        assert!(check(&checks, &sources(&[("other", "x")])).is_err());
        assert!(check(&checks, &[("t".into(), Term::Int(1))]).is_err());
    }

    #[test]
    fn an_unknown_key_is_refused_and_plain_postbacks_pass() {
        let mut known = Checks::default();
        known.insert("t", &FieldCheck { key: "nope".into(), message: "m".into() });
        let (_, checks) = unseal(known.seal(&Term::Int(1), &["t"]).unwrap());
        assert!(check(&checks, &sources(&[("t", "x")])).is_err());
        let (postback, checks) = unseal(Term::Int(7));
        assert_eq!(postback, Term::Int(7));
        assert!(checks.is_empty());
    }

    #[test]
    fn keys_are_the_hash_of_the_code() {
        assert_eq!(key_of("a"), key_of("a"));
        assert_ne!(key_of("a"), key_of("b"));
        assert_eq!(key_of("a").len(), 32);
    }

    #[test]
    fn the_refusal_shows_the_message_at_the_field() {
        assert_eq!(
            refused_js("t", "it's bad"),
            "{var x=qi('t');if(x){x.setCustomValidity('it\\'s bad');\
             x.setAttribute('aria-invalid','true');x.reportValidity();}}"
        );
    }
}
