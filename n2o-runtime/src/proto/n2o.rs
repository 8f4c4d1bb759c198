//! The N2O protocol: `N2O,` init, `PING`/`PONG`, formatter switches, `{direct, T}`, the SPA
//! client's `{client, T}`, and the pushes `{flush, JS}`, `{direct, T}`, `{n2o_msg, T}`.

use std::sync::Arc;

use tracing::info;

use super::{Flow, Message, Protocol, Reply, run_client, run_event};
use crate::cx::Cx;
use crate::format::Format;
use crate::page::Event;
use crate::refusal::{Refusal, truncate};
use crate::term::Term;

/// The first link of every chain: the heart (`PING`), init, formatter switches, and the
/// page's direct and server-side messages.
#[derive(Debug)]
pub(crate) struct N2o {
    /// The formats a client may switch to with `FORMAT,<name>`.
    formats: Arc<[Format]>,
}

impl N2o {
    pub(crate) fn new(formats: Arc<[Format]>) -> N2o {
        N2o { formats }
    }
}

impl Protocol for N2o {
    async fn info(&self, message: Message, cx: &mut Cx) -> Flow {
        let outcome = match message {
            Message::Text(text) => self.control(&text, cx).await,
            Message::Term(_) if !cx.is_initialized() => Err(Refusal::BeforeInit),
            Message::Term(term) | Message::Info(term) if term.is_tagged("direct", 2) => {
                run_event(cx, Event::Direct(second(term))).await
            }
            // The SPA protocol: typed for pages that declared a client type, refused by others.
            Message::Term(term) | Message::Info(term) if term.is_tagged("client", 2) => {
                run_client(cx, second(term)).await
            }
            Message::Term(term) if term.is_tagged("server", 2) => Err(Refusal::ServerFromClient),
            // A `{server, T}` pushed as a term (`Pusher::try_push`) goes to the browser as is.
            Message::Info(term) if term.is_tagged("server", 2) => Ok(Reply::Term(term)),
            Message::Info(term) if term.is_tagged("flush", 2) => {
                let js = term.as_tuple().and_then(|t| t[1].as_text()).unwrap_or_default();
                let mut eval = cx.take_actions();
                eval.push_str(js);
                Ok(Reply::io(eval, Term::Binary(Vec::new())))
            }
            Message::Info(term) if term.is_tagged("n2o_msg", 2) => {
                run_event(cx, Event::Message(second(term))).await
            }
            other => return Flow::Pass(other),
        };
        match outcome {
            Ok(reply) => Flow::Reply(reply),
            Err(refusal) => Flow::Refuse(refusal),
        }
    }
}

const STALE_SESSION_JS: &str = "if(Date.now()-(+sessionStorage.n2oStale||0)>60000){sessionStorage.n2oStale=Date.now();location.reload();}else{console.error('n2o: the session cookie does not reach the server');}";

impl N2o {
    async fn control(&self, text: &str, cx: &mut Cx) -> Result<Reply, Refusal> {
        if text == "PING" {
            return Ok(Reply::Text("PONG".into()));
        }
        if let Some(token) = text.strip_prefix("N2O,") {
            if cx.is_initialized() {
                return Err(Refusal::AlreadyInitialized);
            }
            cx.initialize(token);
            info!(stale_session = cx.is_stale_session(), "init");
            if cx.is_stale_session() {
                // Reload for a fresh cookie and fresh pickles, at most once a minute: a second
                // time in a row means cookies do not reach us, and reloading would only loop.
                cx.wire(STALE_SESSION_JS);
            }
            return run_event(cx, Event::Init).await;
        }
        if let Some(name) = text.strip_prefix("FORMAT,") {
            return match self.formats.iter().find(|f| f.name() == name) {
                Some(&format) => {
                    cx.set_format(format);
                    Ok(Reply::Text(format!("FORMAT,{}", format.name())))
                }
                None => Err(Refusal::UnknownFormat {
                    name: truncate(name, 64).to_owned(),
                    known: self.formats.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "),
                }),
            };
        }
        Err(Refusal::UnknownControl(truncate(text, 64).to_owned()))
    }
}

/// The `T` of a `{tag, T}` the caller matched with `is_tagged(tag, 2)`.
fn second(term: Term) -> Term {
    match term {
        Term::Tuple(mut items) if items.len() == 2 => items.swap_remove(1),
        other => other,
    }
}
