//! The NITRO protocol: `{pickle, Source, Pickled, Linked}` postbacks, opened and typed.

use super::{Flow, Message, Protocol, Reply, run_event};
use crate::config::Config;
use crate::cx::Cx;
use crate::page::Event;
use crate::refusal::Refusal;
use crate::term::Term;

/// Claims NITRO's postback messages: checks the pickle against this connection's session,
/// collects the source values, and runs the page's `Event::Postback`.
#[derive(Debug)]
pub(crate) struct Nitro {
    /// See [`Config::max_source_bytes`].
    max_source_bytes: usize,
}

impl Nitro {
    pub(crate) fn new(config: &Config) -> Nitro {
        Nitro { max_source_bytes: config.max_source_bytes }
    }
}

impl Protocol for Nitro {
    async fn info(&self, message: Message, cx: &mut Cx) -> Flow {
        match message {
            Message::Term(Term::Tuple(items)) if is_pickle(&items) => {
                match postback(items, self.max_source_bytes, cx).await {
                    Ok(reply) => Flow::Reply(reply),
                    Err(refusal) => Flow::Refuse(refusal),
                }
            }
            other => Flow::Pass(other),
        }
    }
}

fn is_pickle(items: &[Term]) -> bool {
    matches!(items, [Term::Atom(tag), _, _, _] if tag == "pickle")
}

async fn postback(
    items: Vec<Term>,
    max_source_bytes: usize,
    cx: &mut Cx,
) -> Result<Reply, Refusal> {
    let Ok([_tag, _source, pickled, linked]) = <[Term; 4]>::try_from(items) else {
        unreachable!("is_pickle checked the arity");
    };
    let pickled = pickled.as_text().ok_or(Refusal::PickleNotText)?;
    let (postback, checks) = crate::element::check::unseal(cx.open_pickle(pickled)?);
    if linked.approx_size() > max_source_bytes {
        return Err(Refusal::Sources("the source values are over the size limit"));
    }
    let sources = sources(linked)?;
    // The fields' `validate` closures, named by the sealed pickle, before the handler.
    crate::element::check::check(&checks, &sources)?;
    cx.learn_checks(checks);
    cx.set_sources(sources);
    let reply = run_event(cx, Event::Postback(postback)).await;
    cx.set_sources(Vec::new());
    reply
}

/// NITRO's `Linked`: `[{Key, Value}]`, keys atoms or strings (the first entry is the control's
/// `{{"id", <<"detail">>}, []}`, which carries no value and is skipped).
fn sources(linked: Term) -> Result<Vec<(String, Term)>, Refusal> {
    let pairs = match linked {
        Term::List(pairs) => pairs,
        // `[]` from a client that encodes the empty list as an empty string.
        Term::Str(bytes) if bytes.is_empty() => Vec::new(),
        _ => return Err(Refusal::Sources("not a list")),
    };
    let mut out = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let Term::Tuple(kv) = pair else {
            return Err(Refusal::Sources("an entry is not a {Key, Value} pair"));
        };
        let Ok([key, value]) = <[Term; 2]>::try_from(kv) else {
            return Err(Refusal::Sources("an entry is not a {Key, Value} pair"));
        };
        if key.as_tuple().is_some() {
            continue;
        }
        let Some(key) = key.as_text() else { return Err(Refusal::Sources("a key is not text")) };
        out.push((key.to_owned(), value));
    }
    Ok(out)
}
