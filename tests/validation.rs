//! The validation example over loopback: the server runs the field's `js!` closure before the handler, whatever the client sends.
//!
//! Through `n2o::test` (which runs no JavaScript, so the browser's check is bypassed) and a
//! raw socket: a valid title is handled, an invalid one is refused with the field and the
//! message, a missing or non-text value is refused, and the connection goes on.

mod common;
// The example's page, mounted by the tests; its `main` is not used here.
#[allow(dead_code)]
#[path = "../examples/validation.rs"]
mod validation;

use common::*;
use futures_util::SinkExt;
use n2o::prelude::*;
use n2o::test::{TestApp, TestError};

fn app() -> App {
    App::new().page("/", validation::Titles)
}

fn titles(client: &n2o::test::TestClient) -> Vec<String> {
    let html = client.html("titles");
    html.split("<p class=\"title\">")
        .skip(1)
        .map(|p| p.split("</p>").next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_valid_title_is_handled_and_an_invalid_one_never_reaches_the_handler() {
    let app = TestApp::start(app()).await;
    let mut client = app.mount("/").await;

    client.click("add").with("title", "A fine title").await;
    assert_eq!(titles(&client), ["A fine title"]);
    assert_eq!(client.text("status"), "added");

    // Blanks, and 42 bytes in 21 characters: the client skipped the browser's check, the
    // server runs the same closure and refuses, naming the field and the message.
    for bad in ["   ", &"é".repeat(21)] {
        let err = client.click("add").with("title", bad).try_send().await.unwrap_err();
        let TestError::Server(message) = &err else { panic!("{err}") };
        assert_eq!(
            message,
            "invalid title: 1 to 40 bytes, not only spaces (the value fails the check)"
        );
    }
    assert_eq!(titles(&client), ["A fine title"], "the handler saw no invalid title");

    // The connection goes on; 40 bytes is the limit, inclusive, as in the browser.
    client.click("add").with("title", "é".repeat(20)).await;
    assert_eq!(titles(&client), ["A fine title".to_owned(), "é".repeat(20)]);
    app.shutdown().await;
}

/// The page rendered over HTTP, and its socket opened with the session cookie and `N2O,`.
async fn open(server: &Server) -> (Socket, String) {
    let (cookie, html) = render(server, "/").await;
    let mut ws = connect_with(server, "/", Some(&cookie)).await;
    ws.send(tokio_tungstenite::tungstenite::Message::text("N2O,")).await.unwrap();
    expect_io(&mut ws).await;
    (ws, html)
}

/// Sends a postback of `id` with `sources`; the reply's `Eval` and `Data`.
async fn send(ws: &mut Socket, id: &str, pickle: &str, sources: &[(&str, Term)]) -> (String, Term) {
    ws.send(click(id, pickle, sources)).await.unwrap();
    expect_io(ws).await
}

#[tokio::test]
async fn a_raw_client_is_refused_with_the_message_at_the_field() {
    let server = serve(app()).await;
    let (mut ws, html) = open(&server).await;
    let pickle = pickle_of(&html, "add");

    // An invalid value: the reply's Eval shows the message at the field.
    let (eval, data) = send(&mut ws, "add", &pickle, &[("title", Term::bin(""))]).await;
    assert_eq!(
        data,
        Term::error_data(
            "invalid title: 1 to 40 bytes, not only spaces (the value fails the check)"
        )
    );
    assert!(
        eval.starts_with("{var x=qi('title');if(x){x.setCustomValidity('1 to 40 bytes"),
        "{eval}"
    );

    // The value left out, or sent as a number: refused too (the handler would read it).
    let (_, data) = send(&mut ws, "add", &pickle, &[]).await;
    assert!(data.to_string().contains("the value was not sent"), "{data}");
    let (_, data) = send(&mut ws, "add", &pickle, &[("title", Term::Int(7))]).await;
    assert!(data.to_string().contains("the value is not text"), "{data}");
    // Twice under the same name, one valid: every value is checked.
    let (_, data) =
        send(&mut ws, "add", &pickle, &[("title", Term::bin("ok")), ("title", Term::bin(" "))])
            .await;
    assert!(data.to_string().contains("invalid title"), "{data}");

    // And a valid one is handled on the same connection.
    let (eval, data) = send(&mut ws, "add", &pickle, &[("title", Term::bin("Still here"))]).await;
    assert_eq!(data, Term::bin(""), "{eval}");
    assert!(eval.contains("Still here"), "{eval}");
    server.shutdown().await;
}

#[tokio::test]
async fn the_enter_scripts_postback_carries_the_check_too() {
    let server = serve(app()).await;
    let (mut ws, html) = open(&server).await;
    // The textbox's own postback, which its keydown script (Enter) asks for.
    let pickle = pickle_of(&html, "title");
    let (_, data) = send(&mut ws, "title", &pickle, &[("title", Term::bin(" "))]).await;
    assert!(data.to_string().contains("invalid title"), "{data}");
    let (eval, data) = send(&mut ws, "title", &pickle, &[("title", Term::bin("By Enter"))]).await;
    assert_eq!(data, Term::bin(""), "{eval}");
    assert!(eval.contains("By Enter"), "{eval}");
    server.shutdown().await;
}
