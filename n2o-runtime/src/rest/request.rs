//! What a resource sees of a REST request: path parameters, query, credentials.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::cx::USER_KEY;
use crate::hub::Hub;
use crate::route::{self, Params, ParamsError};
use crate::session::{SessionId, SessionStore};

/// The context of one REST request.
pub struct RestCx {
    pub(crate) path: String,
    pub(crate) params: Params,
    pub(crate) query: String,
    pub(crate) bearer: Option<String>,
    /// The live session the request's cookie names; never made for a REST request.
    pub(crate) session: Option<SessionId>,
    pub(crate) store: Arc<dyn SessionStore>,
    pub(crate) hub: Hub,
}

impl std::fmt::Debug for RestCx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestCx")
            .field("path", &self.path)
            .field("params", &self.params)
            .field("query", &self.query)
            .field("bearer", &self.bearer.as_ref().map(|_| "…"))
            .finish_non_exhaustive()
    }
}

impl RestCx {
    /// The request's path, as it came.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The value of path parameter `name`: `code` of `/api/rooms/{code}/messages`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name)
    }

    /// Every path parameter (the item's id is not among them: the methods get it typed).
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The raw query string, without the `?`.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The query string parsed into a serde type.
    pub fn query_as<T: DeserializeOwned>(&self) -> Result<T, ParamsError> {
        route::parse_form(&self.query, "query parameters")
    }

    /// The server's rooms and named tasks: a write tells the pages that show the data
    /// (`cx.hub().rooms().send(room, &change)`), as a page's event would.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    /// The token of an `Authorization: Bearer <token>` header. Checking it is the
    /// resource's: compare it in constant time with what you issued.
    pub fn bearer(&self) -> Option<&str> {
        self.bearer.as_deref()
    }

    /// The signed-in user of the session the request's cookie names (what a page stored
    /// with `cx.set_user`), so a browser signed in to the site's pages is signed in here.
    pub async fn user(&self) -> Option<String> {
        let id = self.session.as_ref()?;
        match self.store.get(id, USER_KEY).await {
            Ok(Some(serde_json::Value::String(user))) => Some(user),
            _ => None,
        }
    }
}

/// Where a page of a collection starts and how long it is: `?after=<cursor>&limit=<n>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// The cursor of the page before ([`Listing::next`](super::Listing::next)); `None` for
    /// the first page.
    pub after: Option<String>,
    /// How many items at most, between 1 and the resource's `max_limit`.
    pub limit: usize,
}
