//! The SPA protocol from a test: typed `{client, T}` messages out, typed `{server, T}` pushes in.

use std::future::Future;

use n2o_runtime::Term;
use n2o_runtime::term;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::action::cut;
use super::client::{TestClient, at_the_test};
use super::response::{Response, TestError};

impl TestClient {
    /// Sends `message` as `{client, T}`, serialized as the page's [`Spa::Client`] type reads
    /// it (`T` through [`term::to_term`], what `N2O.client(obj)` sends for the matching
    /// object), and returns the reply and the pushes it caused. The typed pushes are read
    /// with [`TestClient::server_pushes`].
    ///
    /// [`Spa::Client`]: n2o_runtime::spa::Spa::Client
    #[track_caller]
    pub fn send_client<'a, T: Serialize + ?Sized>(
        &'a mut self,
        message: &T,
    ) -> impl Future<Output = Response> + Send + 'a {
        let term = term::to_term(message);
        at_the_test!(self, self.try_send_client_term(term))
    }

    /// [`TestClient::send_client`], returning failures: a message the page refuses (not
    /// of its client type) is a [`TestError::Server`] naming the type it expected.
    pub async fn try_send_client<T: Serialize + ?Sized>(
        &mut self,
        message: &T,
    ) -> Result<Response, TestError> {
        self.try_send_client_term(term::to_term(message)).await
    }

    async fn try_send_client_term(
        &mut self,
        term: Result<Term, term::Error>,
    ) -> Result<Response, TestError> {
        let term = term.map_err(|e| {
            TestError::Page(format!("the client message does not serialize into a term: {e}"))
        })?;
        let what = format!("client {}", cut(&term.to_string(), 80));
        self.last_what.clone_from(&what);
        let response = self.try_send_term(Term::tuple([Term::atom("client"), term])).await;
        self.last_what = what;
        response
    }

    /// Every `{server, T}` push this client received so far, in order, each `T` read into
    /// `T` as the page's JavaScript would get it. Settle first ([`TestClient::settle`]) or
    /// wait ([`TestClient::wait_until`]) for pushes made by others.
    ///
    /// Panics, at the test's line, when one does not read into `T`.
    #[track_caller]
    pub fn server_pushes<T: DeserializeOwned>(&self) -> Vec<T> {
        self.expect(self.try_server_pushes())
    }

    /// [`TestClient::server_pushes`], returning failures.
    pub fn try_server_pushes<T: DeserializeOwned>(&self) -> Result<Vec<T>, TestError> {
        self.server
            .iter()
            .enumerate()
            .map(|(i, t)| {
                term::from_term(t).map_err(|e| {
                    TestError::Page(format!(
                        "server push #{} is not a {}: {e}; it is {}",
                        i + 1,
                        std::any::type_name::<T>(),
                        cut(&t.to_string(), 200)
                    ))
                })
            })
            .collect()
    }

    /// The `T` terms of the `{server, T}` pushes received so far, as they came.
    pub fn server_terms(&self) -> &[Term] {
        &self.server
    }

    /// Forgets the pushes received so far: the next [`TestClient::server_pushes`] returns
    /// only later ones.
    pub fn clear_server_pushes(&mut self) {
        self.server.clear();
    }
}
