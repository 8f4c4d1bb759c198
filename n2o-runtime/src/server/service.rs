//! An app mounted inside another server: a tower `Service` and a warp `Filter` over it.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use tokio::sync::watch;
use tower_service::Service;
use warp::Filter;
use warp::filters::BoxedFilter;
use warp::http::Request;

use super::{Shared, http};
use crate::hub::Hub;

/// An [`App`](crate::App) served by another server, from
/// [`App::into_service`](crate::App::into_service).
///
/// Clones share one app. When the last clone is dropped, or on [`AppService::shutdown`],
/// the app's WebSockets close with 1001 (going away) and its named tasks stop.
#[derive(Clone)]
pub struct AppService {
    inner: Arc<Inner>,
    routes: Routes,
}

type Routes = BoxedFilter<(warp::reply::Response,)>;

struct Inner {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.shared.hub.tasks().stop_all();
        let _ = self.stop.send(true);
    }
}

impl std::fmt::Debug for AppService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppService").finish_non_exhaustive()
    }
}

impl AppService {
    pub(super) fn new(shared: Arc<Shared>, stop: watch::Sender<bool>) -> Self {
        let routes = filter_of(shared.clone());
        AppService { inner: Arc::new(Inner { shared, stop }), routes }
    }

    /// The app as a warp filter, to combine with a warp server's own routes (put it last:
    /// it answers every path, `404` included).
    pub fn filter(&self) -> BoxedFilter<(warp::reply::Response,)> {
        let keep = self.inner.clone();
        // The filter keeps the app alive as long as the host's routes hold it.
        filter_of(self.inner.shared.clone())
            .map(move |res| {
                let _ = &keep;
                res
            })
            .boxed()
    }

    /// The app's rooms and named tasks, to publish to its connections from the host's code.
    pub fn hub(&self) -> &Hub {
        &self.inner.shared.hub
    }

    /// Closes every WebSocket of the app with 1001 and stops its named tasks; its pages go
    /// on answering HTTP.
    pub fn shutdown(&self) {
        self.inner.shared.hub.tasks().stop_all();
        let _ = self.inner.stop.send(true);
    }
}

fn filter_of(shared: Arc<Shared>) -> Routes {
    http::routes(shared).map(warp::reply::Reply::into_response).boxed()
}

impl<B> Service<Request<B>> for AppService
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = warp::reply::Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        // warp takes `Sync` bodies only; axum's is not.
        let req = req.map(|body| SyncBody(Mutex::new(Box::pin(body))));
        // (`FilteredService` cannot be named to be kept; making one is a clone of an `Arc`.)
        Box::pin(warp::service(self.routes.clone()).call(req))
    }
}

/// A body made `Sync` by a mutex it never locks: `poll_frame` has `&mut self`, so
/// `Mutex::get_mut` reaches the body without locking.
struct SyncBody<B>(Mutex<Pin<Box<B>>>);

impl<B: http_body::Body> http_body::Body for SyncBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let body = self.get_mut().0.get_mut().unwrap_or_else(|e| e.into_inner());
        body.as_mut().poll_frame(cx)
    }
}
