//! The refusals of a REST request: each a status and a JSON body that says why.

use serde::Serialize;

/// A field of a request's item that is not acceptable, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's path in the item: `text`, `author.name`, `tags[2]`; empty for the item
    /// as a whole.
    pub field: String,
    /// What is wrong with it, for the person who sent it.
    pub message: String,
}

/// Why a REST request is refused; each variant is a status code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RestError {
    /// `400`: the request cannot be read (malformed JSON, a bad query).
    #[error("{0}")]
    BadRequest(String),
    /// `401`: credentials are needed, or the ones sent are not valid.
    #[error("sign in first")]
    Unauthorized,
    /// `403`: the credentials do not allow this.
    #[error("not allowed for you")]
    Forbidden,
    /// `404`: no item with that id.
    #[error("no such item")]
    NotFound,
    /// `405`: the resource does not take this method.
    #[error("method not allowed")]
    NotAllowed,
    /// `409`: the item conflicts with one stored (a unique field already taken).
    #[error("{0}")]
    Conflict(String),
    /// `422`: the item is well-formed JSON but not acceptable; one entry per field.
    #[error("the item is not valid")]
    Invalid(Vec<FieldError>),
    /// `500`: the resource failed (the store is down). The text is logged, never sent:
    /// the client gets `internal error`.
    #[error("internal error")]
    Internal(String),
}

impl RestError {
    /// `422` for one field: `RestError::invalid("text", "must not be empty")`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        RestError::Invalid(vec![FieldError { field: field.into(), message: message.into() }])
    }

    /// `500` with a reason for the log.
    pub fn internal(reason: impl std::fmt::Display) -> Self {
        RestError::Internal(reason.to_string())
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        match self {
            RestError::BadRequest(_) => 400,
            RestError::Unauthorized => 401,
            RestError::Forbidden => 403,
            RestError::NotFound => 404,
            RestError::NotAllowed => 405,
            RestError::Conflict(_) => 409,
            RestError::Invalid(_) => 422,
            RestError::Internal(_) => 500,
        }
    }

    /// The JSON body: `{"error": "...", "fields": [...]}` (`fields` only for `422`).
    pub(crate) fn body(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Body<'a> {
            error: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            fields: Option<&'a [FieldError]>,
        }
        let fields = match self {
            RestError::Invalid(fields) => Some(fields.as_slice()),
            _ => None,
        };
        // A map of strings always serialises.
        serde_json::to_vec(&Body { error: self.to_string(), fields }).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_says_why_and_hides_internals() {
        let e = RestError::invalid("text", "must not be empty");
        assert_eq!(e.status(), 422);
        assert_eq!(
            String::from_utf8(e.body()).unwrap(),
            r#"{"error":"the item is not valid","fields":[{"field":"text","message":"must not be empty"}]}"#
        );
        let e = RestError::internal("disk on fire");
        assert_eq!(e.status(), 500);
        assert_eq!(String::from_utf8(e.body()).unwrap(), r#"{"error":"internal error"}"#);
        assert_eq!(RestError::Conflict("code taken".into()).status(), 409);
    }
}
