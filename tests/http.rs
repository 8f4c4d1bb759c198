//! HTTP over a real socket: page renders with the client bootstrap, the embedded client
//! files, 404s, and the `Origin` check on WebSocket upgrades.

mod common;

use common::*;
use n2o::prelude::*;
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[tokio::test]
async fn a_page_renders_with_the_client_bootstrap_and_its_wired_js() {
    let server = probe_server().await;
    let (status, head, body) = get(&server, "/", "").await;
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(body.contains("<h1 id=title>Probe</h1>"));
    let scripts = body.find("/n2o/").expect("client scripts linked");
    let wired = body.find("window.probeRendered=true;").expect("render's wired JS");
    let end = body.find("</body>").unwrap();
    assert!(scripts < wired && wired < end, "{body}");
    assert!(body.contains("N2O_start("), "{body}");
}

#[tokio::test]
async fn client_files_are_served_with_etags() {
    let server = probe_server().await;
    for asset in n2o::client::assets() {
        let (status, head, body) = get(&server, &format!("/n2o/{}", asset.path), "").await;
        assert_eq!(status, 200, "{}", asset.path);
        assert!(head.contains(&format!("content-type: {}", asset.content_type)), "{head}");
        assert_eq!(body, asset.body);
        let etag = head.lines().find_map(|l| l.strip_prefix("etag: ")).expect("an etag").to_owned();
        let (status, _, _) =
            get(&server, &format!("/n2o/{}", asset.path), &format!("If-None-Match: {etag}\r\n"))
                .await;
        assert_eq!(status, 304);
    }
    assert_eq!(get(&server, "/n2o/nope.js", "").await.0, 404);
    assert_eq!(get(&server, "/n2o/../Cargo.toml", "").await.0, 404);
}

#[tokio::test]
async fn unknown_paths_are_404_and_a_plain_get_of_the_socket_is_400() {
    let server = probe_server().await;
    assert_eq!(get(&server, "/missing", "").await.0, 404);
    assert_eq!(get(&server, "/ws/missing", "").await.0, 404);
    assert_eq!(get(&server, "/ws/", "").await.0, 400);
}

#[tokio::test]
async fn a_panicking_main_is_a_500_and_the_server_goes_on() {
    struct Broken;
    impl Page for Broken {
        type Event = ();
        async fn main(&self, _cx: &mut Cx) -> Html {
            panic!("main is broken")
        }
    }
    let server = serve(App::new().page("/", Probe).page("/broken", Broken)).await;
    let (status, _, body) = get(&server, "/broken", "").await;
    assert_eq!(status, 500);
    assert!(!body.contains("main is broken"), "no internals leak to the browser");
    assert_eq!(get(&server, "/", "").await.0, 200);
}

#[tokio::test]
async fn a_cross_origin_upgrade_is_refused_and_a_configured_one_accepted() {
    let server = probe_server().await;
    let url = format!("ws://{}/ws/", server.local_addr());
    let mut req = url.clone().into_client_request().unwrap();
    req.headers_mut().insert("origin", "http://evil.example".parse().unwrap());
    match connect_async(req).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 403),
        other => panic!("expected 403, got {other:?}"),
    }
    let mut req = url.clone().into_client_request().unwrap();
    req.headers_mut().insert("origin", format!("http://{}", server.local_addr()).parse().unwrap());
    assert!(connect_async(req).await.is_ok(), "same origin is accepted");

    let mut config = n2o::Config::default();
    config.port = 0;
    config.origins = vec!["http://app.example".into()];
    let allowing = App::new().page("/", Probe).config(config).bind().await.unwrap();
    let mut req = format!("ws://{}/ws/", allowing.local_addr()).into_client_request().unwrap();
    req.headers_mut().insert("origin", "http://app.example".parse().unwrap());
    assert!(connect_async(req).await.is_ok(), "a configured origin is accepted");
}

#[tokio::test]
async fn shutdown_closes_sockets_with_going_away() {
    let server = probe_server().await;
    let (mut ws, _) = connect_init(&server).await;
    server.shutdown().await;
    match recv(&mut ws).await {
        tokio_tungstenite::tungstenite::Message::Close(Some(frame)) => {
            assert_eq!(u16::from(frame.code), 1001)
        }
        other => panic!("expected a 1001 close, got {other:?}"),
    }
}

#[tokio::test]
async fn a_port_in_use_is_one_sentence() {
    let first = probe_server().await;
    let err = App::new().page("/", Probe).bind_to(first.local_addr()).await.unwrap_err();
    let want = format!(
        "address {} is in use; set N2O_PORT to another port (0 picks a free one)",
        first.local_addr()
    );
    assert_eq!(format!("{err:?}"), want, "what `main` returning the error prints");
    first.shutdown().await;
}

/// Answers with what its query asks: `?signin` needs a user, `?missing` is a 404.
struct Control;

impl Page for Control {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        if cx.query() == "signin" && cx.user().await.is_none() {
            cx.redirect("/login").expect("a plain path");
            return Html::raw("<p>never sent</p>");
        }
        if cx.query() == "missing" {
            cx.set_status(404).unwrap();
            cx.set_header("X-Item", "none").unwrap();
            // A cookie of the page's own, beside the session's.
            cx.set_header("Set-Cookie", "theme=dark; Path=/").unwrap();
            assert!(cx.set_header("Content-Length", "1").is_err(), "the server owns it");
            assert!(
                cx.set_header("X-Split", "a\r\nSet-Cookie: x=1").is_err(),
                "no header splitting"
            );
            assert!(cx.set_status(99).is_err());
            assert!(cx.redirect("javascript:alert(1)").is_err());
            return Html::raw("<p>no such item</p>");
        }
        Html::raw("<p>here</p>")
    }
}

/// The app's own 404 page.
struct Missing;

impl Page for Missing {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        let mut path = String::new();
        n2o::html::escape_into(cx.path(), &mut path);
        Html::raw(format!("<p>nothing at {path}</p>"))
    }
}

#[tokio::test]
async fn main_answers_with_a_status_headers_or_a_redirect() {
    let server = serve(App::new().page("/", Control).not_found(Missing)).await;
    let (status, head, body) = get(&server, "/?signin", "").await;
    assert_eq!(status, 302, "{head}");
    assert!(head.contains("location: /login"), "{head}");
    assert!(!body.contains("never sent"), "{body}");

    let (status, head, body) = get(&server, "/?missing", "").await;
    assert_eq!(status, 404, "{head}");
    assert!(head.contains("x-item: none"), "{head}");
    assert!(head.contains("set-cookie: theme=dark; Path=/"), "{head}");
    assert!(head.contains("set-cookie: n2o-sid="), "the session's cookie too: {head}");
    assert!(body.contains("no such item") && body.contains("N2O_start"), "{body}");

    let (status, _, body) = get(&server, "/", "").await;
    assert_eq!(status, 200);
    assert!(body.contains("here"));

    let (status, head, body) = get(&server, "/nope/x", "").await;
    assert_eq!(status, 404, "{head}");
    assert!(body.contains("nothing at /nope/x"), "{body}");
    server.shutdown().await;
}
