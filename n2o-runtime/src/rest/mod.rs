//! REST: a [`Resource`] of one serde type served as JSON under a path (N2O's REST endpoint).
//!
//! `App::rest("/api/rooms", Rooms)` serves
//!
//! | request | resource method | answer |
//! |---|---|---|
//! | `GET /api/rooms?limit=20&after=<cursor>` | [`Resource::list`] | `200 {"items": [..], "next": <cursor or null>}` |
//! | `GET /api/rooms/{id}` | [`Resource::get`] | `200` the item, `404` |
//! | `POST /api/rooms` | [`Resource::create`] | `201` the item, `Location` of it |
//! | `PUT /api/rooms/{id}` | [`Resource::update`] | `200` the item, `404` |
//! | `DELETE /api/rooms/{id}` | [`Resource::delete`] | `204`, `404` |
//!
//! and every refusal as JSON (`{"error": "...", "fields": [...]}`) with its status: `400`
//! for malformed JSON (with serde's line and column), `422` for JSON of the wrong shape
//! (with the path of the field: `author`, `tags[2]`) or an item the resource's own checks
//! refuse, `404` for an unknown id (an id that does not parse is unknown too), `405` with
//! `Allow` for a method the resource does not take, `415` for a body that is not
//! `application/json`, `413` over [`Config::max_body_bytes`](crate::Config::max_body_bytes),
//! `401`/`403` from [`Resource::authorize`].
//!
//! Fields the item's type does not have are ignored, as serde does by default; put
//! `#[serde(deny_unknown_fields)]` on the type to refuse them (`422`).
//!
//! Cross-site requests: a write must be `application/json`, which a plain HTML form cannot
//! send and a cross-site `fetch` can only send after a CORS preflight that n2o never
//! approves; a write whose `Origin` is another site is refused (`403`) besides.

mod error;
mod request;

use std::fmt::Display;
use std::future::Future;
use std::str::FromStr;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use error::{FieldError, RestError};
pub use request::{ListQuery, RestCx};

/// What a request asks of a resource, for [`Resource::authorize`] and [`Resource::ops`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `GET` of the collection.
    List,
    /// `GET` of one item.
    Get,
    /// `POST` to the collection.
    Create,
    /// `PUT` of one item.
    Update,
    /// `DELETE` of one item.
    Delete,
}

impl Op {
    /// Every operation.
    pub const ALL: &'static [Op] = &[Op::List, Op::Get, Op::Create, Op::Update, Op::Delete];
    /// Reading only.
    pub const READ: &'static [Op] = &[Op::List, Op::Get];

    /// Whether the operation changes data.
    pub fn is_write(self) -> bool {
        matches!(self, Op::Create | Op::Update | Op::Delete)
    }
}

/// One page of a collection: the items and the cursor of the next page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing<T> {
    /// The items of this page, at most the limit asked for.
    pub items: Vec<T>,
    /// Where the next page starts (`?after=<next>`); `None` on the last page.
    pub next: Option<String>,
}

/// A collection of items of one serde type, served as JSON by [`App::rest`](crate::App::rest).
///
/// Implement the operations the resource takes and list them in [`Resource::ops`]; the
/// others answer `405` with the `Allow` header. Write each method as `async fn`.
///
/// ```
/// use std::sync::Mutex;
///
/// use n2o_runtime::rest::{ListQuery, Listing, Op, Resource, RestCx, RestError};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Clone, Serialize, Deserialize)]
/// struct Note {
///     text: String,
/// }
///
/// /// Notes in memory; anyone reads, signed-in users write.
/// struct Notes(Mutex<Vec<Note>>);
///
/// impl Resource for Notes {
///     type Item = Note;
///     type Id = usize;
///
///     async fn authorize(&self, cx: &RestCx, op: Op) -> Result<(), RestError> {
///         if op.is_write() && cx.user().await.is_none() {
///             return Err(RestError::Unauthorized);
///         }
///         Ok(())
///     }
///
///     async fn list(&self, _cx: &RestCx, q: ListQuery) -> Result<Listing<Note>, RestError> {
///         let notes = self.0.lock().unwrap();
///         let from = q.after.and_then(|a| a.parse::<usize>().ok()).map_or(0, |a| a + 1);
///         let items: Vec<Note> = notes.iter().skip(from).take(q.limit).cloned().collect();
///         let last = from + items.len();
///         let next = (last < notes.len()).then(|| (last - 1).to_string());
///         Ok(Listing { items, next })
///     }
///
///     async fn get(&self, _cx: &RestCx, id: usize) -> Result<Option<Note>, RestError> {
///         Ok(self.0.lock().unwrap().get(id).cloned())
///     }
///
///     async fn create(&self, _cx: &RestCx, note: Note) -> Result<(usize, Note), RestError> {
///         if note.text.trim().is_empty() {
///             return Err(RestError::invalid("text", "must not be empty"));
///         }
///         let mut notes = self.0.lock().unwrap();
///         notes.push(note.clone());
///         Ok((notes.len() - 1, note))
///     }
/// }
/// ```
pub trait Resource: Send + Sync + 'static {
    /// The items, in and out as JSON.
    type Item: Serialize + DeserializeOwned + Send + Sync + 'static;
    /// An item's id, in the path (`/api/rooms/{id}`) as text.
    type Id: FromStr + Display + Send + Sync + 'static;

    /// The operations this resource takes; `405` for the others. Every one by default.
    fn ops(&self) -> &'static [Op] {
        Op::ALL
    }

    /// Decides whether `cx` may do `op`: `Err(RestError::Unauthorized)` (no or bad
    /// credentials, `401`) or `Err(RestError::Forbidden)` (`403`). Runs before the body is
    /// read and before the operation. Everyone may do everything by default.
    fn authorize(&self, cx: &RestCx, op: Op) -> impl Future<Output = Result<(), RestError>> + Send {
        let _ = (cx, op);
        async { Ok(()) }
    }

    /// A page of the collection, from after `q.after` (a cursor this method returned in
    /// [`Listing::next`]), at most `q.limit` items (already capped by [`Resource::max_limit`]).
    fn list(
        &self,
        cx: &RestCx,
        q: ListQuery,
    ) -> impl Future<Output = Result<Listing<Self::Item>, RestError>> + Send {
        let _ = (cx, q);
        async { Err(RestError::NotAllowed) }
    }

    /// One item, `None` when there is none with `id` (`404`).
    fn get(
        &self,
        cx: &RestCx,
        id: Self::Id,
    ) -> impl Future<Output = Result<Option<Self::Item>, RestError>> + Send {
        let _ = (cx, id);
        async { Err(RestError::NotAllowed) }
    }

    /// Stores a new item; answers its id and the item as stored (with what the server set,
    /// such as a time).
    fn create(
        &self,
        cx: &RestCx,
        item: Self::Item,
    ) -> impl Future<Output = Result<(Self::Id, Self::Item), RestError>> + Send {
        let _ = (cx, item);
        async { Err(RestError::NotAllowed) }
    }

    /// Replaces the item `id`; `None` when there is none (`404`).
    fn update(
        &self,
        cx: &RestCx,
        id: Self::Id,
        item: Self::Item,
    ) -> impl Future<Output = Result<Option<Self::Item>, RestError>> + Send {
        let _ = (cx, id, item);
        async { Err(RestError::NotAllowed) }
    }

    /// Deletes the item `id`; `false` when there was none (`404`).
    fn delete(
        &self,
        cx: &RestCx,
        id: Self::Id,
    ) -> impl Future<Output = Result<bool, RestError>> + Send {
        let _ = (cx, id);
        async { Err(RestError::NotAllowed) }
    }

    /// The most items one page may hold: a larger `?limit=` is cut to it. 100 by default.
    fn max_limit(&self) -> usize {
        100
    }

    /// The page size when the request names none. 20 by default.
    fn default_limit(&self) -> usize {
        20
    }
}

pub(crate) mod dynamic;
