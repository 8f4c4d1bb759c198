//! The N2O protocol: `N2O,` init, `PING`/`PONG`, formatter switches, `{direct, T}`, and the
//! pushes `{flush, JS}`, `{direct, T}`, `{n2o_msg, T}`.

use tracing::{info, warn};

use super::{Flow, Message, Protocol, Reply, error_data, io};
use crate::cx::Cx;
use crate::format::Format;
use crate::page::{Incoming, guarded};
use crate::term::Term;

/// The first link of every chain: the heart (`PING`), init, and the page's events.
#[derive(Debug, Default)]
pub(crate) struct N2o;

impl Protocol for N2o {
    async fn info(&self, message: Message, cx: &mut Cx) -> Flow {
        match message {
            Message::Text(text) => Flow::Reply(control(&text, cx).await),
            Message::Term(term) if !cx.initialized => {
                warn!(message = %term, "message before N2O init refused");
                Flow::Reply(Reply::error("send N2O,<token> first"))
            }
            Message::Term(term) | Message::Info(term) if term.is_tagged("direct", 2) => {
                Flow::Reply(run_event(cx, Incoming::Direct(second(term))).await)
            }
            Message::Info(term) if term.is_tagged("flush", 2) => {
                let js = term.as_tuple().and_then(|t| t[1].as_text()).unwrap_or_default();
                let mut eval = cx.take_actions();
                eval.push_str(js);
                Flow::Reply(Reply::Term(io(eval, Term::Binary(Vec::new()))))
            }
            Message::Info(term) if term.is_tagged("n2o_msg", 2) => {
                Flow::Reply(run_event(cx, Incoming::Message(second(term))).await)
            }
            other => Flow::Pass(other),
        }
    }
}

const STALE_SESSION_JS: &str = "if(Date.now()-(+sessionStorage.n2oStale||0)>60000){sessionStorage.n2oStale=Date.now();location.reload();}else{console.error('n2o: the session cookie does not reach the server');}";

async fn control(text: &str, cx: &mut Cx) -> Reply {
    if text == "PING" {
        return Reply::Text("PONG".into());
    }
    if let Some(token) = text.strip_prefix("N2O,") {
        if cx.initialized {
            warn!("second N2O init on one connection ignored");
            return Reply::error("already initialised");
        }
        cx.initialized = true;
        info!(stale_session = cx.stale_session, "init");
        // The token is where the page render's generated ids stopped (see `server::http`).
        if let Ok(next) = token.parse::<u64>() {
            cx.next_auto_id = next.max(1);
        }
        if cx.stale_session {
            // Reload for a fresh cookie and fresh pickles, at most once a minute: a second
            // time in a row means cookies do not reach us, and reloading would only loop.
            cx.wire(STALE_SESSION_JS);
        }
        return run_event(cx, Incoming::Init).await;
    }
    if let Some(name) = text.strip_prefix("FORMAT,") {
        return match Format::from_name(name) {
            Some(format) => {
                cx.set_format(format);
                Reply::Text(format!("FORMAT,{}", format.name()))
            }
            None => {
                warn!(format = name, "unknown formatter asked for");
                Reply::error(format!("unknown format {name:?}: expected bert or json"))
            }
        };
    }
    warn!(text = %truncate(text, 64), "unknown control text");
    Reply::error(format!("unknown control message {:?}", truncate(text, 64)))
}

/// Runs one page event, catching a panic, and answers with the actions it queued.
pub(crate) async fn run_event(cx: &mut Cx, incoming: Incoming) -> Reply {
    let Some(page) = cx.page.clone() else {
        return Reply::error("no page on this connection");
    };
    let kind = incoming.kind();
    let outcome = match guarded(page.event(cx, incoming)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(refused)) => {
            warn!(page = cx.path(), event = kind, error = %refused, "event refused");
            return Reply::error(refused);
        }
        Err(panic) => Err(format!("panicked: {panic}")),
    };
    let eval = cx.take_actions();
    match outcome {
        Ok(()) => Reply::Term(io(eval, Term::Binary(Vec::new()))),
        Err(failure) => Reply::Term(io(eval, error_data(failure_report(cx, kind, &failure)))),
    }
}

/// Logs a handler failure and says what the browser may see of it: all of it in dev mode,
/// a reference to the log line in production.
pub(crate) fn failure_report(cx: &Cx, kind: &str, failure: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let reference = format!("E{:06}", NEXT.fetch_add(1, Ordering::Relaxed));
    tracing::error!(
        page = cx.path(),
        event = kind,
        session = ?cx.session_id(),
        reference,
        failure,
        "page event failed"
    );
    if cx.seal().security.dev {
        format!("{kind} event of page {} {failure}", cx.path())
    } else {
        format!("internal error, reference {reference}")
    }
}

/// The `T` of a `{tag, T}` the caller matched with `is_tagged(tag, 2)`.
fn second(term: Term) -> Term {
    match term {
        Term::Tuple(mut items) if items.len() == 2 => items.swap_remove(1),
        other => other,
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
