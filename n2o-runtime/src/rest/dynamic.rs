//! A resource with its types erased: ids as text, items as JSON bytes, so a server holds
//! resources of many types.

use serde::de::DeserializeOwned;

use super::{FieldError, ListQuery, Op, Resource, RestCx, RestError};
use crate::guard::BoxFuture;

/// What a served operation answers: a status, a JSON body, and for a created item its id.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    pub(crate) created: Option<String>,
}

pub(crate) trait DynResource: Send + Sync {
    fn ops(&self) -> &'static [Op];
    fn authorize<'a>(&'a self, cx: &'a RestCx, op: Op) -> BoxFuture<'a, Result<(), RestError>>;
    /// Runs `op`. `id` is the path's id text for item operations; `body` the request's
    /// body for writes, already read within the size limit.
    fn run<'a>(
        &'a self,
        cx: &'a RestCx,
        op: Op,
        id: Option<&'a str>,
        body: &'a [u8],
    ) -> BoxFuture<'a, Result<Answer, RestError>>;
}

impl<R: Resource> DynResource for R {
    fn ops(&self) -> &'static [Op] {
        Resource::ops(self)
    }

    fn authorize<'a>(&'a self, cx: &'a RestCx, op: Op) -> BoxFuture<'a, Result<(), RestError>> {
        Box::pin(Resource::authorize(self, cx, op))
    }

    fn run<'a>(
        &'a self,
        cx: &'a RestCx,
        op: Op,
        id: Option<&'a str>,
        body: &'a [u8],
    ) -> BoxFuture<'a, Result<Answer, RestError>> {
        Box::pin(async move {
            // An id that does not parse names no item: the same `404` as a missing one,
            // so ids cannot be probed for their type.
            let id = match id {
                Some(text) => Some(text.parse::<R::Id>().map_err(|_| RestError::NotFound)?),
                None => None,
            };
            match (op, id) {
                (Op::List, _) => {
                    let q = list_query(cx, self)?;
                    let listing = self.list(cx, q).await?;
                    json(200, &listing)
                }
                (Op::Get, Some(id)) => match self.get(cx, id).await? {
                    Some(item) => json(200, &item),
                    None => Err(RestError::NotFound),
                },
                (Op::Create, _) => {
                    let item = parse::<R::Item>(body)?;
                    let (id, item) = self.create(cx, item).await?;
                    let mut answer = json(201, &item)?;
                    answer.created = Some(id.to_string());
                    Ok(answer)
                }
                (Op::Update, Some(id)) => {
                    let item = parse::<R::Item>(body)?;
                    match self.update(cx, id, item).await? {
                        Some(item) => json(200, &item),
                        None => Err(RestError::NotFound),
                    }
                }
                (Op::Delete, Some(id)) => match self.delete(cx, id).await? {
                    true => Ok(Answer { status: 204, body: Vec::new(), created: None }),
                    false => Err(RestError::NotFound),
                },
                // Item operations always come with an id (the server's routes see to it).
                (Op::Get | Op::Update | Op::Delete, None) => Err(RestError::NotAllowed),
            }
        })
    }
}

/// `?after=&limit=`, the limit between 1 and the resource's cap.
fn list_query<R: Resource>(cx: &RestCx, r: &R) -> Result<ListQuery, RestError> {
    #[derive(serde::Deserialize)]
    struct Raw {
        after: Option<String>,
        limit: Option<usize>,
    }
    let raw: Raw = cx.query_as().map_err(|e| RestError::BadRequest(e.to_string()))?;
    let limit = raw.limit.unwrap_or_else(|| r.default_limit()).clamp(1, r.max_limit().max(1));
    Ok(ListQuery { after: raw.after, limit })
}

fn json<T: serde::Serialize>(status: u16, value: &T) -> Result<Answer, RestError> {
    let body = serde_json::to_vec(value).map_err(RestError::internal)?;
    Ok(Answer { status, body, created: None })
}

/// The body as an item: malformed JSON is `400` with serde's position; JSON of another
/// shape is `422` naming the field (`tags[2]`).
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, RestError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let item = result.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => RestError::Invalid(vec![FieldError {
                field: if path == "." { String::new() } else { path },
                message: inner.to_string(),
            }]),
            _ => RestError::BadRequest(format!("malformed JSON: {inner}")),
        }
    })?;
    // Bytes after the item (`{..} {..}`) are malformed too.
    de.end().map_err(|e| RestError::BadRequest(format!("malformed JSON: {e}")))?;
    Ok(item)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Msg {
        author: String,
        tags: Vec<u8>,
    }

    #[test]
    fn malformed_json_is_400_with_its_position() {
        let e = parse::<Msg>(b"{\"author\": \"ann\",\n \"tags\": [1,}").unwrap_err();
        assert_eq!(e.status(), 400);
        assert!(e.to_string().contains("line 2 column"), "{e}");
        assert_eq!(parse::<Msg>(b"").unwrap_err().status(), 400);
        let e = parse::<Msg>(br#"{"author":"a","tags":[]} x"#).unwrap_err();
        assert_eq!(e.status(), 400, "{e}");
        // 10,000 levels deep: serde_json's recursion limit, not the stack, refuses it.
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse::<serde_json::Value>(deep.as_bytes()).unwrap_err().status(), 400);
    }

    #[test]
    fn json_of_another_shape_is_422_naming_the_field() {
        let RestError::Invalid(fields) =
            parse::<Msg>(br#"{"author": "ann", "tags": [1, 2, 300]}"#).unwrap_err()
        else {
            panic!("not 422")
        };
        assert_eq!(fields[0].field, "tags[2]");
        assert!(fields[0].message.contains("300"), "{:?}", fields[0]);
        let RestError::Invalid(fields) = parse::<Msg>(br#"{"tags": []}"#).unwrap_err() else {
            panic!("not 422")
        };
        assert!(fields[0].message.contains("missing field `author`"), "{fields:?}");
        let RestError::Invalid(fields) = parse::<Msg>(b"\"text\"").unwrap_err() else {
            panic!("not 422")
        };
        assert_eq!(fields[0].field, "");
    }
}
