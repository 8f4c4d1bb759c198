//! The NITRO protocol: `{pickle, Source, Pickled, Linked}` postbacks, opened and typed.

use tracing::warn;

use super::n2o::run_event;
use super::{Flow, Message, Protocol, Reply};
use crate::cx::Cx;
use crate::format::Limits;
use crate::page::Incoming;
use crate::term::Term;

/// Claims NITRO's postback messages: checks the pickle against this connection's session,
/// collects the source values, and runs the page's `Event::Postback`.
#[derive(Debug, Default)]
pub(crate) struct Nitro;

impl Protocol for Nitro {
    async fn info(&self, message: Message, cx: &mut Cx) -> Flow {
        match message {
            Message::Term(term) if term.is_tagged("pickle", 4) => {
                Flow::Reply(postback(&term, cx).await)
            }
            other => Flow::Pass(other),
        }
    }
}

async fn postback(term: &Term, cx: &mut Cx) -> Reply {
    let items = term.as_tuple().unwrap_or_default();
    let Some(pickled) = items[2].as_text() else {
        warn!("pickle is not text");
        return Reply::error("pickle refused: not text");
    };
    let opened = {
        let seal = cx.seal();
        seal.security.open(pickled, &seal.session, &Limits::default())
    };
    let postback = match opened {
        Ok(postback) => postback,
        Err(refused) => {
            warn!(page = cx.path(), error = %refused, "postback refused");
            return Reply::error(refused);
        }
    };
    match sources(&items[3]) {
        Ok(sources) => cx.set_sources(sources),
        Err(why) => {
            warn!(page = cx.path(), error = why, "postback sources refused");
            return Reply::error(format!("postback sources: {why}"));
        }
    }
    let reply = run_event(cx, Incoming::Postback(postback)).await;
    cx.set_sources(Vec::new());
    reply
}

/// NITRO's `Linked`: `[{Key, Value}]`, keys atoms or strings (the first entry is the control's
/// `{{"id", <<"detail">>}, []}`, which carries no value and is skipped).
fn sources(linked: &Term) -> Result<Vec<(String, Term)>, &'static str> {
    let Some(pairs) = linked.as_list() else { return Err("not a list") };
    let mut out = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let Some([key, value]) = pair.as_tuple().and_then(|t| <&[Term; 2]>::try_from(t).ok())
        else {
            return Err("an entry is not a {Key, Value} pair");
        };
        if key.as_tuple().is_some() {
            continue;
        }
        let Some(key) = key.as_text() else { return Err("a key is not text") };
        out.push((key.to_owned(), value.clone()));
    }
    Ok(out)
}
