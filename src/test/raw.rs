//! Sending terms of the client's own making: `{direct, …}`, and the extension point for
//! protocols the driver has no typed helper for yet.

use std::future::Future;

use n2o_runtime::Term;

use super::action::cut;
use super::client::{TestClient, at_the_test, bert_frame};
use super::response::{Response, TestError};

impl TestClient {
    /// Sends `{direct, term}` (N2O's `direct(term)` in client JS): the page's handler gets
    /// `Event::Direct(term)`.
    #[track_caller]
    pub fn send_direct(&mut self, term: Term) -> impl Future<Output = Response> + Send + '_ {
        at_the_test!(self, self.try_send_direct(term))
    }

    /// [`TestClient::send_direct`], returning failures.
    pub async fn try_send_direct(&mut self, term: Term) -> Result<Response, TestError> {
        let what = format!("direct {}", cut(&term.to_string(), 80));
        self.send(what, Term::tuple([Term::atom("direct"), term])).await
    }

    /// Sends `term` as one binary BERT frame, as `n2o.js`'s `ws.send(enc(term))` does, and
    /// returns what came back: the reply and the pushes it caused, each read into
    /// [`Action`](super::Action)s (applied to the page) with its `Data` term
    /// ([`Frame::data`](super::Frame::data)); a reply that is not `{io, Eval, Data}` comes
    /// whole as `Data`.
    ///
    /// This is the driver's extension point: a protocol of the app's own
    /// ([`App::protocol`](crate::App::protocol)), or one n2o adds later (typed client
    /// messages, file uploads), is testable through it today, and its typed helper will be
    /// a method built on it. The term goes through the connection's whole protocol chain.
    ///
    /// ```no_run
    /// # use n2o::Term;
    /// # async fn f(tab: &mut n2o::test::TestClient) {
    /// let reply = tab.send_term(Term::tuple([Term::atom("ping"), Term::int(1)])).await;
    /// assert_eq!(reply.frames()[0].data(), &Term::tuple([Term::atom("pong"), Term::int(1)]));
    /// # }
    /// ```
    #[track_caller]
    pub fn send_term(&mut self, term: Term) -> impl Future<Output = Response> + Send + '_ {
        at_the_test!(self, self.try_send_term(term))
    }

    /// [`TestClient::send_term`], returning failures.
    pub async fn try_send_term(&mut self, term: Term) -> Result<Response, TestError> {
        let what = format!("send {}", cut(&term.to_string(), 80));
        self.send(what, term).await
    }

    async fn send(&mut self, what: String, term: Term) -> Result<Response, TestError> {
        self.last_what.clone_from(&what);
        self.on_the_page(&what)?;
        let response = self.exchange(vec![bert_frame(&term)]).await?;
        self.finish(what, response)
    }
}
