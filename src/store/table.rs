//! A table of the store served as a REST resource, declared once for its record type.

use std::fmt::Display;
use std::marker::PhantomData;
use std::ops::Bound;
use std::str::FromStr;

use crate::kvs::{Error as StoreError, Record, Store};
use crate::rest::{FieldError, ListQuery, Listing, Op, Resource, RestCx, RestError};

/// The checks a record must pass before it is stored by a [`Table`].
pub type Validate<R> = fn(&R) -> Result<(), Vec<FieldError>>;

/// The records of `R`'s table as JSON: `App::rest("/api/rooms", Table::<Room>::new(store))`.
///
/// `GET` lists them by key (the cursor is the last key of a page), `GET /{key}` reads one,
/// `POST` stores a new one (`409` when its key is taken), `PUT /{key}` replaces one (`404`
/// when there is none; the body's key must be the path's), `DELETE /{key}` removes one.
/// Indexes are kept as by every store write, so a unique index refuses a duplicate with
/// `409` too.
///
/// Anyone reads; writing takes a signed-in session ([`RestCx::user`]) unless the table is
/// [`read_only`](Table::read_only) or [`open_to_all`](Table::open_to_all).
///
/// ```
/// use n2o::kvs::{Record, Store};
/// use n2o::rest::FieldError;
/// use n2o::store::Table;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize)]
/// struct Room {
///     code: String,
///     title: String,
/// }
///
/// impl Record for Room {
///     const TABLE: &'static str = "rooms";
///     type Key = String;
///     fn key(&self) -> String {
///         self.code.clone()
///     }
/// }
///
/// let rooms = Table::<Room>::new(Store::memory()).validate(|room| {
///     if room.title.is_empty() {
///         return Err(vec![FieldError { field: "title".into(), message: "empty".into() }]);
///     }
///     Ok(())
/// });
/// let app = n2o::App::new().rest("/api/rooms", rooms);
/// ```
pub struct Table<R> {
    store: Store,
    ops: &'static [Op],
    anyone_writes: bool,
    validate: Option<Validate<R>>,
    _record: PhantomData<fn() -> R>,
}

impl<R> std::fmt::Debug for Table<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("ops", &self.ops).finish_non_exhaustive()
    }
}

impl<R: Record> Table<R> {
    /// Every operation; reads for anyone, writes for signed-in sessions.
    pub fn new(store: Store) -> Self {
        Table { store, ops: Op::ALL, anyone_writes: false, validate: None, _record: PhantomData }
    }

    /// `GET` only: the other methods answer `405`.
    pub fn read_only(mut self) -> Self {
        self.ops = Op::READ;
        self
    }

    /// Writes without signing in (an internal service behind its own gate).
    pub fn open_to_all(mut self) -> Self {
        self.anyone_writes = true;
        self
    }

    /// Checks each record before it is stored; its errors answer `422`.
    pub fn validate(mut self, check: Validate<R>) -> Self {
        self.validate = Some(check);
        self
    }

    fn check(&self, record: &R) -> Result<(), RestError> {
        match self.validate.map(|check| check(record)) {
            Some(Err(fields)) => Err(RestError::Invalid(fields)),
            _ => Ok(()),
        }
    }
}

/// A store failure as REST: a unique index taken is `409`, the rest `500` (logged).
fn rest_error(e: StoreError) -> RestError {
    match e {
        StoreError::Unique { .. } => RestError::Conflict(e.to_string()),
        e => RestError::internal(e),
    }
}

impl<R> Resource for Table<R>
where
    R: Record,
    R::Key: FromStr + Display + PartialEq,
{
    type Item = R;
    type Id = R::Key;

    fn ops(&self) -> &'static [Op] {
        self.ops
    }

    async fn authorize(&self, cx: &RestCx, op: Op) -> Result<(), RestError> {
        if op.is_write() && !self.anyone_writes && cx.user().await.is_none() {
            return Err(RestError::Unauthorized);
        }
        Ok(())
    }

    async fn list(&self, _cx: &RestCx, q: ListQuery) -> Result<Listing<R>, RestError> {
        let from = match q.after {
            None => Bound::Unbounded,
            Some(after) => Bound::Excluded(
                after
                    .parse::<R::Key>()
                    .map_err(|_| RestError::BadRequest(format!("{after:?} is not a cursor")))?,
            ),
        };
        let mut items = self
            .store
            .scan::<R>((from, Bound::Unbounded), q.limit + 1)
            .await
            .map_err(rest_error)?;
        let next = if items.len() > q.limit {
            items.truncate(q.limit);
            items.last().map(|r| r.key().to_string())
        } else {
            None
        };
        Ok(Listing { items, next })
    }

    async fn get(&self, _cx: &RestCx, key: R::Key) -> Result<Option<R>, RestError> {
        self.store.get::<R, R::Key>(&key).await.map_err(rest_error)
    }

    async fn create(&self, _cx: &RestCx, record: R) -> Result<(R::Key, R), RestError> {
        self.check(&record)?;
        let key = record.key();
        if !self.store.insert(&record).await.map_err(rest_error)? {
            return Err(RestError::Conflict(format!("{key} exists")));
        }
        Ok((key, record))
    }

    async fn update(&self, _cx: &RestCx, key: R::Key, record: R) -> Result<Option<R>, RestError> {
        self.check(&record)?;
        if record.key() != key {
            return Err(RestError::invalid(
                "",
                format!("the item's key is {}, not the path's {key}", record.key()),
            ));
        }
        let mut txn = self.store.begin().await.map_err(rest_error)?;
        if txn.get::<R, R::Key>(&key).await.map_err(rest_error)?.is_none() {
            return Ok(None);
        }
        txn.put(&record).await.map_err(rest_error)?;
        txn.commit().await.map_err(rest_error)?;
        Ok(Some(record))
    }

    async fn delete(&self, _cx: &RestCx, key: R::Key) -> Result<bool, RestError> {
        self.store.delete::<R, R::Key>(&key).await.map_err(rest_error)
    }
}
