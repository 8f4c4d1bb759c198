//! A store table served as REST (`n2o::store::Table`), over loopback with real requests.

#[path = "common/raw_http.rs"]
mod raw_http;

use n2o::kvs::{AnyIndex, Index, Record, Store};
use n2o::prelude::*;
use n2o::rest::FieldError;
use n2o::store::Table;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Book {
    id: u64,
    isbn: String,
    title: String,
}

impl Book {
    const BY_ISBN: Index<Book, String> = Index::unique("isbn", |b| b.isbn.clone());
}

impl Record for Book {
    const TABLE: &'static str = "books";
    type Key = u64;
    fn key(&self) -> u64 {
        self.id
    }
    const INDEXES: &'static [&'static dyn AnyIndex<Self>] = &[&Self::BY_ISBN];
}

fn no_empty_title(b: &Book) -> Result<(), Vec<FieldError>> {
    if b.title.trim().is_empty() {
        return Err(vec![FieldError {
            field: "title".into(),
            message: "must not be empty".into(),
        }]);
    }
    Ok(())
}

/// Signs the browser in.
struct Login;

impl Page for Login {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.set_user("ann").await;
        Html::raw("<p>in</p>")
    }
}

async fn server() -> (Server, Store) {
    let store = Store::memory();
    let server = App::new()
        .page("/login", Login)
        .rest("/api/books", Table::<Book>::new(store.clone()).validate(no_empty_title))
        .rest("/api/shelf", Table::<Book>::new(store.clone()).read_only())
        .rest("/api/open", Table::<Book>::new(store.clone()).open_to_all())
        .bind_to("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    (server, store)
}

async fn send(
    server: &Server,
    method: &str,
    path: &str,
    head: &str,
    body: &str,
) -> (u16, String, String) {
    raw_http::send_to(server.local_addr(), method, path, head, body).await
}

fn book(id: u64, isbn: &str, title: &str) -> String {
    format!(r#"{{"id":{id},"isbn":"{isbn}","title":"{title}"}}"#)
}

#[tokio::test]
async fn a_table_is_served_with_its_keys_indexes_and_checks() {
    let (server, store) = server().await;
    let (_, head, _) = send(&server, "GET", "/login", "", "").await;
    let cookie = head.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap();
    let cookie = cookie.split(';').next().unwrap();
    let json = format!("Content-Type: application/json\r\nCookie: {cookie}\r\n");

    for (id, isbn) in [(3, "c"), (1, "a"), (2, "b"), (4, "d")] {
        let (status, head, body) =
            send(&server, "POST", "/api/books", &json, &book(id, isbn, "T")).await;
        assert_eq!(status, 201, "{body}");
        assert!(head.contains(&format!("location: /api/books/{id}")), "{head}");
    }
    // The key taken, the unique index taken, a check failed.
    assert_eq!(send(&server, "POST", "/api/books", &json, &book(1, "z", "T")).await.0, 409);
    let (status, _, body) = send(&server, "POST", "/api/books", &json, &book(9, "a", "T")).await;
    assert_eq!(status, 409, "{body}");
    let (status, _, body) = send(&server, "POST", "/api/books", &json, &book(9, "z", " ")).await;
    assert_eq!((status, body.contains(r#""field":"title""#)), (422, true), "{body}");
    // Listed by key, paged by cursor.
    let (_, _, body) = send(&server, "GET", "/api/books?limit=3", "", "").await;
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ids: Vec<_> = page["items"].as_array().unwrap().iter().map(|b| b["id"].clone()).collect();
    assert_eq!((ids, page["next"].clone()), (vec![1.into(), 2.into(), 3.into()], "3".into()));
    let (_, _, body) = send(&server, "GET", "/api/books?after=3", "", "").await;
    assert!(body.contains(r#""id":4"#) && body.contains(r#""next":null"#), "{body}");
    assert_eq!(send(&server, "GET", "/api/books?after=x", "", "").await.0, 400);
    // One, replaced, removed.
    assert!(send(&server, "GET", "/api/books/2", "", "").await.2.contains(r#""isbn":"b""#));
    assert_eq!(send(&server, "GET", "/api/books/two", "", "").await.0, 404);
    let (status, _, body) =
        send(&server, "PUT", "/api/books/2", &json, &book(2, "b2", "New")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(store.get::<Book, u64>(&2).await.unwrap().unwrap().title, "New");
    assert_eq!(send(&server, "PUT", "/api/books/2", &json, &book(3, "x", "T")).await.0, 422);
    assert_eq!(send(&server, "PUT", "/api/books/8", &json, &book(8, "x", "T")).await.0, 404);
    assert_eq!(send(&server, "DELETE", "/api/books/2", &json, "").await.0, 204);
    assert_eq!(send(&server, "DELETE", "/api/books/2", &json, "").await.0, 404);
    // The index follows the writes: the old ISBN is free again.
    assert_eq!(send(&server, "POST", "/api/books", &json, &book(5, "b", "T")).await.0, 201);
    server.shutdown().await;
}

#[tokio::test]
async fn who_may_write() {
    let (server, _) = server().await;
    let anon = "Content-Type: application/json\r\n";
    assert_eq!(send(&server, "POST", "/api/books", anon, &book(1, "a", "T")).await.0, 401);
    assert_eq!(send(&server, "GET", "/api/books", "", "").await.0, 200);
    let (status, head, _) = send(&server, "POST", "/api/shelf", anon, &book(1, "a", "T")).await;
    assert_eq!(status, 405);
    assert!(head.contains("allow: GET, HEAD, OPTIONS"), "{head}");
    assert_eq!(send(&server, "POST", "/api/open", anon, &book(1, "a", "T")).await.0, 201);
    assert!(send(&server, "GET", "/api/shelf/1", "", "").await.2.contains(r#""id":1"#));
    server.shutdown().await;
}
