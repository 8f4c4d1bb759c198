//! The REST endpoint over loopback with real requests: every status code it answers, the
//! bodies and paths a hostile client sends, and who may write.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use n2o::prelude::*;
use n2o::rest::{ListQuery, Listing, Op, Resource, RestCx, RestError};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Room {
    code: String,
    title: String,
}

/// Rooms by code in memory. Anyone reads; writing takes a signed-in session or the bearer
/// token `t0ken`.
#[derive(Default)]
struct Rooms(Mutex<BTreeMap<String, Room>>);

impl Resource for Rooms {
    type Item = Room;
    type Id = String;

    async fn authorize(&self, cx: &RestCx, op: Op) -> Result<(), RestError> {
        if !op.is_write() {
            return Ok(());
        }
        match (cx.bearer(), cx.user().await) {
            (Some("t0ken"), _) | (None, Some(_)) => Ok(()),
            (Some(_), _) => Err(RestError::Forbidden),
            (None, None) => Err(RestError::Unauthorized),
        }
    }

    async fn list(&self, _cx: &RestCx, q: ListQuery) -> Result<Listing<Room>, RestError> {
        let rooms = self.0.lock().unwrap();
        let after = q.after.unwrap_or_default();
        let mut items: Vec<Room> = rooms
            .range::<String, _>((std::ops::Bound::Excluded(&after), std::ops::Bound::Unbounded))
            .map(|(_, r)| r.clone())
            .take(q.limit + 1)
            .collect();
        let next = if items.len() > q.limit {
            items.truncate(q.limit);
            items.last().map(|r| r.code.clone())
        } else {
            None
        };
        Ok(Listing { items, next })
    }

    async fn get(&self, _cx: &RestCx, code: String) -> Result<Option<Room>, RestError> {
        Ok(self.0.lock().unwrap().get(&code).cloned())
    }

    async fn create(&self, _cx: &RestCx, room: Room) -> Result<(String, Room), RestError> {
        if room.title.trim().is_empty() {
            return Err(RestError::invalid("title", "must not be empty"));
        }
        let mut rooms = self.0.lock().unwrap();
        if rooms.contains_key(&room.code) {
            return Err(RestError::Conflict(format!("room {} exists", room.code)));
        }
        rooms.insert(room.code.clone(), room.clone());
        Ok((room.code.clone(), room))
    }

    async fn update(
        &self,
        _cx: &RestCx,
        code: String,
        room: Room,
    ) -> Result<Option<Room>, RestError> {
        let mut rooms = self.0.lock().unwrap();
        match rooms.get_mut(&code) {
            Some(r) => {
                r.title = room.title;
                Ok(Some(r.clone()))
            }
            None => Ok(None),
        }
    }

    async fn delete(&self, _cx: &RestCx, code: String) -> Result<bool, RestError> {
        Ok(self.0.lock().unwrap().remove(&code).is_some())
    }

    fn max_limit(&self) -> usize {
        3
    }
}

/// A read-only resource with a numeric id and a strict item type.
struct Numbers;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Number {
    n: u32,
}

impl Resource for Numbers {
    type Item = Number;
    type Id = u32;

    fn ops(&self) -> &'static [Op] {
        &[Op::Get, Op::Create]
    }

    async fn get(&self, cx: &RestCx, id: u32) -> Result<Option<Number>, RestError> {
        // The prefix's own parameter reaches the resource.
        let times: u32 = cx.param("times").and_then(|t| t.parse().ok()).unwrap_or(1);
        Ok(Some(Number { n: id * times }))
    }

    async fn create(&self, _cx: &RestCx, n: Number) -> Result<(u32, Number), RestError> {
        Ok((n.n, n))
    }
}

/// Signs the browser in.
struct Login;

impl Page for Login {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.set_user("ann").await;
        Html::raw("<p>signed in</p>")
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn server() -> Server {
    let mut config = n2o::Config::default();
    config.max_body_bytes = 64 << 10;
    config.frame_timeout = Duration::from_secs(1);
    App::new()
        .config(config)
        .rest("/api/rooms", Rooms::default())
        .rest("/api/x/{times}/numbers", Numbers)
        .page("/login", Login)
        .bind_to("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

/// One request, raw: `head` is the extra header lines.
async fn send(server: &Server, method: &str, path: &str, head: &str, body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\n{head}Content-Length: {}\r\nConnection: close\r\n\r\n",
        server.local_addr(),
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    read_reply(s).await
}

async fn read_reply(mut s: TcpStream) -> Reply {
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Reply { status: head[9..12].parse().unwrap(), head: head.to_owned(), body: body.to_owned() }
}

const JSON: &str = "Content-Type: application/json\r\nAuthorization: Bearer t0ken\r\n";

#[tokio::test]
async fn the_five_operations_answer_json() {
    let server = server().await;
    for code in ["c", "a", "e", "b", "d"] {
        let body = format!(r#"{{"code":"{code}","title":"Room {code}"}}"#);
        let r = send(&server, "POST", "/api/rooms", JSON, body.as_bytes()).await;
        assert_eq!(r.status, 201, "{}", r.body);
        assert_eq!(r.header("location"), Some(format!("/api/rooms/{code}").as_str()));
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
    // Pages by cursor, the limit capped at the resource's 3.
    let r = send(&server, "GET", "/api/rooms?limit=1000", "", b"").await;
    assert_eq!(r.status, 200);
    let page = r.json();
    let codes: Vec<_> =
        page["items"].as_array().unwrap().iter().map(|i| i["code"].clone()).collect();
    assert_eq!(codes, ["a", "b", "c"]);
    assert_eq!(page["next"], "c");
    let page = send(&server, "GET", "/api/rooms?after=c", "", b"").await.json();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["next"], serde_json::Value::Null);

    let r = send(&server, "GET", "/api/rooms/b", "", b"").await;
    assert_eq!((r.status, r.json()["title"].as_str()), (200, Some("Room b")));
    let r = send(&server, "PUT", "/api/rooms/b", JSON, br#"{"code":"b","title":"New"}"#).await;
    assert_eq!((r.status, r.json()["title"].as_str()), (200, Some("New")));
    let r = send(&server, "DELETE", "/api/rooms/b", JSON, b"").await;
    assert_eq!((r.status, r.body.as_str()), (204, ""));
    assert_eq!(send(&server, "GET", "/api/rooms/b", "", b"").await.status, 404);
    assert_eq!(send(&server, "DELETE", "/api/rooms/b", JSON, b"").await.status, 404);
    assert_eq!(
        send(&server, "PUT", "/api/rooms/zz", JSON, br#"{"code":"zz","title":"x"}"#).await.status,
        404
    );
    // A unique code taken.
    let r = send(&server, "POST", "/api/rooms", JSON, br#"{"code":"a","title":"again"}"#).await;
    assert_eq!(r.status, 409, "{}", r.body);
    server.shutdown().await;
}

#[tokio::test]
async fn refusals_have_their_status_and_say_why() {
    let server = server().await;
    // 422 from the resource's own check, with the field.
    let r = send(&server, "POST", "/api/rooms", JSON, br#"{"code":"q","title":" "}"#).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["fields"][0]["field"], "title");
    // 422 for a wrong type, naming the field.
    let r = send(&server, "POST", "/api/rooms", JSON, br#"{"code":7,"title":"t"}"#).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.json()["fields"][0]["field"], "code");
    // Unknown fields: ignored by default, refused where the type says so.
    let r = send(&server, "POST", "/api/rooms", JSON, br#"{"code":"u","title":"t","admin":true}"#)
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = send(&server, "POST", "/api/x/1/numbers", JSON, br#"{"n":1,"admin":true}"#).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("unknown field `admin`"), "{}", r.body);
    // 400 for malformed JSON, with the position.
    let r = send(&server, "POST", "/api/rooms", JSON, b"{\"code\": \"a\",\n \"title\": }").await;
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("line 2 column"), "{}", r.body);
    // 10,000 levels deep: refused where the shape stops fitting (a room's `code` is no
    // array), well before serde_json's recursion limit (which refuses deeper `Value`s, see
    // `rest::dynamic`); the stack never sees the depth.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let r = send(&server, "POST", "/api/rooms", JSON, deep.as_bytes()).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = send(&server, "POST", "/api/rooms", JSON, &[0xff, 0xfe, 0x00, 0x7b]).await;
    assert_eq!(r.status, 400);
    // 415 for a body that is not JSON (a plain form post from another site, say).
    let form = "Content-Type: text/plain\r\nAuthorization: Bearer t0ken\r\n";
    let r = send(&server, "POST", "/api/rooms", form, br#"{"code":"f","title":"t"}"#).await;
    assert_eq!(r.status, 415);
    let r = send(&server, "POST", "/api/rooms", "Authorization: Bearer t0ken\r\n", b"{}").await;
    assert_eq!(r.status, 415);
    // 405 with what the path takes.
    let r = send(&server, "PUT", "/api/rooms", JSON, b"{}").await;
    assert_eq!((r.status, r.header("allow")), (405, Some("GET, HEAD, POST, OPTIONS")));
    let r = send(&server, "DELETE", "/api/x/2/numbers/4", JSON, b"").await;
    assert_eq!((r.status, r.header("allow")), (405, Some("GET, HEAD, OPTIONS")));
    let r = send(&server, "GET", "/api/x/2/numbers", "", b"").await;
    assert_eq!((r.status, r.header("allow")), (405, Some("POST, OPTIONS")));
    let r = send(&server, "OPTIONS", "/api/rooms/a", "", b"").await;
    assert_eq!((r.status, r.header("allow")), (204, Some("GET, HEAD, PUT, DELETE, OPTIONS")));
    // The prefix's parameter, and an id that does not parse: 404, as a missing one.
    assert_eq!(send(&server, "GET", "/api/x/3/numbers/5", "", b"").await.json()["n"], 15);
    let r = send(&server, "GET", "/api/x/3/numbers/five", "", b"").await;
    assert_eq!((r.status, r.json()["error"].as_str()), (404, Some("no such item")));
    let r = send(&server, "GET", "/api/x/3/numbers/99999999999", "", b"").await;
    assert_eq!(r.status, 404);
    // Path traversal in an id is an id like any other.
    let r = send(&server, "GET", "/api/rooms/..%2F..%2Fetc%2Fpasswd", "", b"").await;
    assert_eq!(r.status, 404);
    assert_eq!(send(&server, "GET", "/api/rooms/a/b", "", b"").await.status, 404);
    // A bad query.
    let r = send(&server, "GET", "/api/rooms?limit=lots", "", b"").await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("query parameters do not fit"), "{}", r.body);
    server.shutdown().await;
}

#[tokio::test]
async fn bodies_are_bounded_in_bytes_and_time() {
    let server = server().await;
    // 1 MB claimed: refused before a byte of it is read.
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    let head =
        format!("POST /api/rooms HTTP/1.1\r\nHost: x\r\n{JSON}Content-Length: 1000000\r\n\r\n");
    s.write_all(head.as_bytes()).await.unwrap();
    let r = read_reply(s).await;
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.header("connection"), Some("close"));
    // 1 MB sent chunked, no length told: refused once over the limit, while it is sent.
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    let head =
        format!("POST /api/rooms HTTP/1.1\r\nHost: x\r\n{JSON}Transfer-Encoding: chunked\r\n\r\n");
    s.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("{:x}\r\n{}\r\n", 10_000, "[".repeat(10_000));
    for _ in 0..100 {
        if s.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let r = read_reply(s).await;
    assert_eq!(r.status, 413, "{}", r.body);
    // A body that dribbles: refused after the frame timeout (1 s here).
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    let head =
        format!("POST /api/rooms HTTP/1.1\r\nHost: x\r\n{JSON}Content-Length: 100\r\n\r\n{{");
    s.write_all(head.as_bytes()).await.unwrap();
    let r = tokio::time::timeout(Duration::from_secs(5), read_reply(s)).await.unwrap();
    assert_eq!(r.status, 408, "{}", r.body);
    // The server goes on.
    assert_eq!(send(&server, "GET", "/api/rooms", "", b"").await.status, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn anonymous_clients_read_and_signed_in_ones_write() {
    let server = server().await;
    let room = br#"{"code":"s","title":"t"}"#;
    let anon = "Content-Type: application/json\r\n";
    let r = send(&server, "POST", "/api/rooms", anon, room).await;
    assert_eq!((r.status, r.header("www-authenticate")), (401, Some("Bearer")));
    let wrong = "Content-Type: application/json\r\nAuthorization: Bearer nope\r\n";
    assert_eq!(send(&server, "POST", "/api/rooms", wrong, room).await.status, 403);
    assert_eq!(send(&server, "GET", "/api/rooms", "", b"").await.status, 200);
    // A session signed in by a page writes with its cookie.
    let login = send(&server, "GET", "/login", "", b"").await;
    let cookie = login.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
    let signed = format!("Content-Type: application/json\r\nCookie: {cookie}\r\n");
    assert_eq!(send(&server, "POST", "/api/rooms", &signed, room).await.status, 201);
    // From another site's page, with the same cookie: refused.
    let cross = format!("{signed}Origin: http://evil.example\r\n");
    let r = send(&server, "POST", "/api/rooms", &cross, br#"{"code":"t","title":"t"}"#).await;
    assert_eq!(r.status, 403);
    server.shutdown().await;
}
