//! Page paths with parameters: `/room/{code}` over HTTP and on the page's socket, typed
//! parameters and query strings, and the paths a hostile client makes up.

use n2o::prelude::*;
use n2o::test::TestApp;
use serde::Deserialize;

/// A raw GET of `path` from the app: status, head, body.
async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.local_addr();
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head[9..12].parse().unwrap(), head.to_owned(), body.to_owned())
}

/// Shows its code and the query's page number; `{direct, _}` answers with the same from
/// the socket's context.
struct Room;

#[derive(Deserialize)]
struct Query {
    #[serde(default)]
    page: u32,
}

fn describe(cx: &Cx) -> String {
    let page = match cx.query_as::<Query>() {
        Ok(q) => q.page.to_string(),
        Err(e) => format!("bad query: {e}"),
    };
    format!("room={} page={page}", cx.param("code").unwrap_or("-"))
}

impl Page for Room {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        let text = Html::text(&describe(cx));
        Html::raw(format!("<p id=\"where\">{}</p><p id=\"live\"></p>", text.as_str()))
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        if let Event::Direct(_) = event {
            let text = describe(cx);
            cx.update("live", Html::text(&text));
        }
    }
}

/// A static page beside the pattern: it wins.
struct NewRoom;

impl Page for NewRoom {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<p id=\"where\">new room form</p>")
    }
}

/// Reads two typed parameters.
struct Post;

#[derive(Deserialize)]
struct PostId {
    user: String,
    n: u32,
}

impl Page for Post {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        let text = match cx.params().parse::<PostId>() {
            Ok(p) => format!("post {} of {}", p.n, p.user),
            Err(e) => {
                let _ = cx.set_status(400);
                e.to_string()
            }
        };
        Html::raw(format!("<p id=\"where\">{}</p>", Html::text(&text).as_str()))
    }
}

struct Missing;

impl Page for Missing {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        Html::raw(format!("<p id=\"where\">nothing at {}</p>", Html::text(cx.path()).as_str()))
    }
}

fn app() -> App {
    App::new()
        .page("/room/{code}", Room)
        .page("/room/new", NewRoom)
        .page("/u/{user}/post/{n}", Post)
        .not_found(Missing)
}

#[tokio::test]
async fn a_parameter_reaches_main_and_the_socket() {
    let app = TestApp::start(app()).await;
    let mut tab = app.mount("/room/abc?page=3").await;
    tab.assert_text("where", "room=abc page=3");
    tab.send_direct(Term::atom("where")).await;
    tab.assert_text("live", "room=abc page=3");

    let mut tab = app.mount("/room/caf%C3%A9").await;
    tab.assert_text("where", "room=café page=0");
    tab.send_direct(Term::atom("where")).await;
    tab.assert_text("live", "room=café page=0");
}

#[tokio::test]
async fn a_static_path_wins_over_a_parameter() {
    let app = TestApp::start(app()).await;
    let tab = app.mount("/room/new").await;
    tab.assert_text("where", "new room form");
}

#[tokio::test]
async fn typed_parameters_and_queries_say_what_did_not_fit() {
    let app = TestApp::start(app()).await;
    let tab = app.mount("/u/ann/post/7").await;
    tab.assert_text("where", "post 7 of ann");

    let (status, _, body) = get(&app, "/u/ann/post/seven").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("path parameters do not fit"), "{body}");

    let tab = app.mount("/room/x?page=-1").await;
    let text = tab.text("where");
    assert!(text.starts_with("room=x page=bad query: query parameters do not fit"), "{text}");
}

#[tokio::test]
async fn unknown_and_hostile_paths_get_the_not_found_page() {
    let app = TestApp::start(app()).await;
    for path in ["/room", "/room/a/b", "/u/ann/post", "/nope"] {
        let (status, _, body) = get(&app, path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(body.contains("nothing at"), "{path}: {body}");
    }
    // Not UTF-8 once decoded: no page matches, rather than a lossy value.
    assert_eq!(get(&app, "/room/%FF%FE").await.0, 404);
    // An encoded `../` is a value like any other, never a path: the page shows it escaped.
    let (status, _, body) = get(&app, "/room/..%2F..%2Fetc%2Fpasswd").await;
    assert_eq!(status, 200);
    assert!(body.contains("room=../../etc/passwd"), "{body}");
    // 10 KB of code: the page gets it whole (the header size limit is the bound).
    let long = "x".repeat(10_000);
    let (status, _, body) = get(&app, &format!("/room/{long}")).await;
    assert_eq!(status, 200);
    assert!(body.contains(&long));
    // Markup in a parameter stays text.
    let (_, _, body) = get(&app, "/room/%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert!(body.contains("room=&lt;script&gt;alert(1)&lt;/script&gt;"), "{body}");
}

#[tokio::test]
async fn the_socket_of_an_unknown_path_is_refused() {
    let app = TestApp::start(app()).await;
    assert_eq!(get(&app, "/ws/room").await.0, 404);
}

#[test]
#[should_panic(expected = "/room/{id}")]
fn overlapping_paths_are_a_programming_error() {
    let _ = App::new().page("/room/{code}", Room).page("/room/{id}", Room);
}
