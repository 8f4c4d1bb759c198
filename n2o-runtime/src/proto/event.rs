//! Running one page event for the chain: the page's handler under the panic guard, and what the browser is told when it fails.

use std::sync::atomic::{AtomicU64, Ordering};

use super::Reply;
use crate::cx::Cx;
use crate::guard::guarded;
use crate::page::Event;
use crate::refusal::Refusal;
use crate::term::Term;

/// Runs one page event, catching a panic, and answers with the actions it queued.
pub(crate) async fn run_event(cx: &mut Cx, event: Event<Term>) -> Result<Reply, Refusal> {
    let Some(page) = cx.page() else { return Err(Refusal::NoPage) };
    let kind = event.kind();
    let outcome = guarded(page.event(cx, event)).await;
    answer(cx, kind, outcome)
}

/// Runs the page's handler for the client message `{client, T}` (`message` is `T`), as
/// [`run_event`] runs an event. A handler that queued no actions is answered with no frame
/// at all: an SPA client talks in pushes and waits for no acknowledgement, and the empty
/// `{io, <<>>, <<>>}` N2O sends there doubled the frames (and writes) of every round trip.
pub(crate) async fn run_client(cx: &mut Cx, message: Term) -> Result<Reply, Refusal> {
    let Some(page) = cx.page() else { return Err(Refusal::NoPage) };
    match guarded(page.client(cx, message)).await {
        Ok(Ok(())) => {
            let eval = cx.take_actions();
            Ok(if eval.is_empty() {
                Reply::Silent
            } else {
                Reply::io(eval, Term::Binary(Vec::new()))
            })
        }
        outcome => answer(cx, "client", outcome),
    }
}

/// The reply to a handler's outcome: its actions, and the failure report if it panicked.
fn answer(
    cx: &mut Cx,
    kind: &str,
    outcome: Result<Result<(), Refusal>, String>,
) -> Result<Reply, Refusal> {
    let outcome = match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(refused)) => return Err(refused),
        Err(panic) => Err(format!("panicked: {panic}")),
    };
    let eval = cx.take_actions();
    Ok(match outcome {
        Ok(()) => Reply::Term(Term::io(eval, Term::Binary(Vec::new()))),
        Err(failure) => {
            Reply::Term(Term::io(eval, Term::error_data(failure_report(cx, kind, &failure))))
        }
    })
}

/// Logs a handler failure and says what the browser may see of it: all of it in dev mode,
/// a reference to the log line in production.
pub(crate) fn failure_report(cx: &Cx, kind: &str, failure: &str) -> String {
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
