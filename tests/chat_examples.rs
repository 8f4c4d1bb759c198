//! The two chat examples over real sockets: the same page with and without `nitro!` renders
//! the same HTML and behaves the same, and a line reaches every member of the room.

mod common;
#[allow(dead_code)]
#[path = "../examples/chat.rs"]
mod with_macro;
#[allow(dead_code)]
#[path = "../examples/chat_without_macro.rs"]
mod without_macro;

use common::*;
use futures_util::SinkExt;
use n2o::format::bert;
use n2o::prelude::*;
use tokio_tungstenite::tungstenite::Message as Ws;

/// Masks what differs from render to render: the pickles (random IV) and nothing else.
fn masked(html: &str) -> String {
    let marker = "N2O.pickle('send','";
    let start = html.find(marker).unwrap() + marker.len();
    let end = start + html[start..].find('\'').unwrap();
    format!("{}PICKLE{}", &html[..start], &html[end..])
}

async fn chat_round(server: &Server) {
    let (cookie_a, html_a) = render(server, "/").await;
    let mut a = connect_with(server, "/", Some(&cookie_a)).await;
    a.send(Ws::text("N2O,")).await.unwrap();
    expect_io(&mut a).await;
    let (mut b, _) = connect_init(server).await;

    let click = Term::tuple([
        Term::atom("pickle"),
        Term::bin("send"),
        Term::bin(pickle_of(&html_a, "send")),
        Term::list([Term::tuple([Term::atom("message"), Term::bin("<b>hi</b>")])]),
    ]);
    a.send(Ws::binary(bert::encode(&click))).await.unwrap();
    // The clicker's own reply clears the box; the line arrives as a room flush, to both.
    let mut flushes = Vec::new();
    for ws in [&mut a, &mut b] {
        loop {
            let frame = recv(ws).await;
            let (eval, _) = io_parts(&decode(&frame));
            if eval.contains("qi('history')") {
                assert!(eval.contains("\\x26lt;b\\x26gt;hi\\x26lt;/b\\x26gt;"), "{eval}");
                flushes.push(frame);
                break;
            }
        }
    }
    assert_eq!(flushes[0], flushes[1], "one flush, the same bytes for every member");
}

#[tokio::test]
async fn both_chats_render_the_same_page() {
    let a = serve(App::new().page("/", with_macro::Chat)).await;
    let b = serve(App::new().page("/", without_macro::Chat)).await;
    let (_, html_a) = render(&a, "/").await;
    let (_, html_b) = render(&b, "/").await;
    assert_eq!(masked(&html_a), masked(&html_b));
}

#[tokio::test]
async fn a_line_reaches_every_member_in_both_chats() {
    chat_round(&serve(App::new().page("/", with_macro::Chat)).await).await;
    chat_round(&serve(App::new().page("/", without_macro::Chat)).await).await;
}
