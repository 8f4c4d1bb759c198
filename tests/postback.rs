//! Clicks end to end over a real socket: a rendered button's pickle is sent back with its
//! sources, opened for the right session only, decoded into the page's own type, and the
//! handler's `insert_bottom` arrives escaped. Tampered, replayed, expired and rotated-out
//! pickles are refused, logged, answered, and the connection goes on.

mod common;

use std::time::Duration;

use common::*;
use futures_util::SinkExt;
use n2o::element::{button, p, panel, textbox};
use n2o::postback::Postback;
use n2o::prelude::*;
use serde::{Deserialize, Serialize};
use tokio_tungstenite::tungstenite::Message as Ws;

#[derive(Debug, Serialize, Deserialize, PartialEq)]
enum Ev {
    Send,
    Delete(u32),
    Remember,
    Recall,
}
impl Postback for Ev {}

#[derive(Deserialize)]
struct ChatForm {
    message: String,
}

struct Clicker;

impl Page for Clicker {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let body = cx.html((
            panel().id("history"),
            textbox().id("message"),
            button().id("send").body("Send").postback(Ev::Send).source(["message"]),
            button().id("del").body("Delete").postback(Ev::Delete(7)),
            button().id("remember").postback(Ev::Remember).source(["message"]),
            button().id("recall").postback(Ev::Recall),
        ));
        Html::raw(format!("<!doctype html><html><body>{body}</body></html>"))
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        match event {
            Event::Postback(Ev::Send) => {
                let form: ChatForm = cx.form().expect("the sources form a ChatForm");
                assert_eq!(form.message, cx.q("message"));
                cx.insert_bottom("history", p().body(cx.q("message").to_owned()));
            }
            Event::Postback(Ev::Delete(n)) => cx.wire(&format!("deleted({n});")),
            Event::Postback(Ev::Remember) => {
                let message = cx.q("message").to_owned();
                assert!(cx.put_session("last", &message).await);
            }
            Event::Postback(Ev::Recall) => {
                let last: Option<String> = cx.session("last").await;
                cx.wire(&format!("recalled({});", n2o::js::quote(&last.unwrap_or_default())));
            }
            _ => {}
        }
    }
}

fn config() -> n2o::Config {
    let mut c = n2o::Config::default();
    c.port = 0;
    c.secret = Some("a test secret of some length".into());
    c
}

async fn clicker(config: n2o::Config) -> Server {
    App::new().page("/", Clicker).config(config).bind().await.unwrap()
}

async fn open_page(server: &Server) -> (Socket, String) {
    let (cookie, html) = render(server, "/").await;
    let mut ws = connect_with(server, "/", Some(&cookie)).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    expect_io(&mut ws).await;
    (ws, html)
}

async fn expect_refused(ws: &mut Socket, what: &str) -> String {
    let (eval, data) = expect_io(ws).await;
    assert_eq!(eval, "", "{what}");
    assert!(data.is_tagged("error", 2), "{what}: {data}");
    data.as_tuple().unwrap()[1].as_text().unwrap().to_owned()
}

#[tokio::test]
async fn a_click_runs_the_typed_handler_and_inserts_escaped_html() {
    let server = clicker(config()).await;
    let (mut ws, html) = open_page(&server).await;
    let pickle = pickle_of(&html, "send");
    let hostile = "<img src=x onerror=alert(1)> ${alert(2)} `tick` 'q' \"dq\" </script>";
    ws.send(click("send", &pickle, &[("message", Term::bin(hostile))])).await.unwrap();
    let (eval, data) = expect_io(&mut ws).await;
    assert_eq!(data, Term::bin(""));
    assert!(eval.contains("qi('history')"), "{eval}");
    assert!(eval.contains("insertAdjacentHTML('beforeend'"), "{eval}");
    // The text is HTML-escaped, and the HTML is a JS string literal with nothing raw.
    let expected = r"'\x3Cp\x3E\x26lt;img src=x onerror=alert(1)\x26gt; \x24{alert(2)} \x60tick\x60 \x26#39;q\x26#39; \x26quot;dq\x26quot; \x26lt;/script\x26gt;\x3C/p\x3E'";
    assert!(eval.contains(expected), "{eval}");
    assert!(!eval.contains("<img") && !eval.contains("${") && !eval.contains('`'), "{eval}");
    // A postback with data decodes into the same enum.
    ws.send(click("del", &pickle_of(&html, "del"), &[])).await.unwrap();
    assert_eq!(expect_io(&mut ws).await.0, "deleted(7);");
}

#[tokio::test]
async fn large_source_values_arrive_whole() {
    let server = clicker(config()).await;
    let (mut ws, html) = open_page(&server).await;
    let big: String = "ab€".repeat(40_000); // 200 KB of UTF-8
    ws.send(click("send", &pickle_of(&html, "send"), &[("message", Term::bin(big.clone()))]))
        .await
        .unwrap();
    let (eval, _) = expect_io(&mut ws).await;
    assert!(eval.contains(&big), "the whole value came back");
}

#[tokio::test]
async fn source_values_over_the_limit_are_refused_and_the_connection_goes_on() {
    let mut c = config();
    c.max_source_bytes = 10_000;
    let server = clicker(c).await;
    let (mut ws, html) = open_page(&server).await;
    // 9,000 quotes escape to 54 KB of JS (`"` -> `&quot;` in the HTML, `\x26quot;` in JS).
    let quotes = "\"".repeat(11_000);
    ws.send(click("send", &pickle_of(&html, "send"), &[("message", Term::bin(quotes))]))
        .await
        .unwrap();
    let msg = expect_refused(&mut ws, "too large").await;
    assert!(msg.contains("postback sources: the source values are over the size limit"), "{msg}");
    ws.send(click("send", &pickle_of(&html, "send"), &[("message", Term::bin("fits"))]))
        .await
        .unwrap();
    assert!(expect_io(&mut ws).await.0.contains("fits"));
}

#[tokio::test]
async fn a_pickle_replayed_into_another_session_is_refused() {
    let server = clicker(config()).await;
    let (_, html_a) = open_page(&server).await;
    let (mut ws_b, _) = open_page(&server).await;
    ws_b.send(click("send", &pickle_of(&html_a, "send"), &[("message", Term::bin("x"))]))
        .await
        .unwrap();
    let msg = expect_refused(&mut ws_b, "replay").await;
    assert!(msg.contains("pickle refused"), "{msg}");
    ping(&mut ws_b).await;
}

#[tokio::test]
async fn tampered_pickles_are_refused_and_the_connection_goes_on() {
    let server = clicker(config()).await;
    let (mut ws, html) = open_page(&server).await;
    let good = pickle_of(&html, "send");
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bad = Vec::new();
    // Every character replaced (by a neighbour in the alphabet), truncations, extensions.
    for i in 0..good.len() {
        let mut b = good.clone().into_bytes();
        let at = alphabet.iter().position(|c| *c == b[i]).unwrap();
        b[i] = alphabet[(at + 1) % alphabet.len()];
        bad.push(String::from_utf8(b).unwrap());
    }
    for cut in [1, 2, 10, good.len() / 2, good.len() - 1] {
        bad.push(good[..good.len() - cut].to_owned());
    }
    for extra in ["A", "AAAA", "not base64!", "\u{0}"] {
        bad.push(format!("{good}{extra}"));
    }
    for pickle in &bad {
        ws.send(click("send", pickle, &[("message", Term::bin("x"))])).await.unwrap();
        let msg = expect_refused(&mut ws, pickle).await;
        assert!(msg.starts_with("pickle refused"), "{pickle}: {msg}");
    }
    // Still the same, working connection.
    ws.send(click("send", &good, &[("message", Term::bin("still here"))])).await.unwrap();
    assert!(expect_io(&mut ws).await.0.contains("still here"));
}

#[tokio::test]
async fn an_expired_pickle_is_refused() {
    let mut c = config();
    c.pickle_ttl = Duration::ZERO;
    let server = clicker(c).await;
    let (mut ws, html) = open_page(&server).await;
    // Issue times are whole seconds: wait until the issuing second is over.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    ws.send(click("send", &pickle_of(&html, "send"), &[("message", Term::bin("x"))]))
        .await
        .unwrap();
    let msg = expect_refused(&mut ws, "expired").await;
    assert!(msg.contains("expired"), "{msg}");
}

#[tokio::test]
async fn rotated_keys_open_old_pickles_and_retired_ones_do_not() {
    // A pickle made by a server with the old secret, sent to servers that share the session
    // store and so know the session.
    let store = std::sync::Arc::new(n2o::session::MemoryStore::new(Default::default()));
    let old = App::new()
        .page("/", Clicker)
        .config(config())
        .session_store(store.clone())
        .bind()
        .await
        .unwrap();
    let (cookie, html) = render(&old, "/").await;
    let pickle = pickle_of(&html, "send");

    let mut rotated = config();
    rotated.secret = Some("the new secret, also long enough".into());
    rotated.old_secrets = vec!["a test secret of some length".into()];
    let server = App::new()
        .page("/", Clicker)
        .config(rotated.clone())
        .session_store(store.clone())
        .bind()
        .await
        .unwrap();
    let mut ws = connect_with(&server, "/", Some(&cookie)).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    expect_io(&mut ws).await;
    ws.send(click("send", &pickle, &[("message", Term::bin("rotated"))])).await.unwrap();
    assert!(expect_io(&mut ws).await.0.contains("rotated"), "the old key still opens");

    rotated.old_secrets.clear();
    let retired =
        App::new().page("/", Clicker).config(rotated).session_store(store).bind().await.unwrap();
    let mut ws = connect_with(&retired, "/", Some(&cookie)).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    expect_io(&mut ws).await;
    ws.send(click("send", &pickle, &[("message", Term::bin("x"))])).await.unwrap();
    let msg = expect_refused(&mut ws, "retired key").await;
    assert!(msg.contains("pickle refused"), "{msg}");
}

#[tokio::test]
async fn a_pickle_of_the_wrong_shape_is_refused_by_type() {
    // A valid pickle of `()`, from a page whose events are `()`, is not an `Ev`.
    struct Other;
    impl Page for Other {
        type Event = ();
        async fn main(&self, cx: &mut Cx) -> Html {
            cx.html(button().id("b").postback(()))
        }
    }
    let server =
        App::new().page("/", Clicker).page("/other", Other).config(config()).bind().await.unwrap();
    let (cookie, other_html) = render(&server, "/other").await;
    let mut ws = connect_with(&server, "/", Some(&cookie)).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    expect_io(&mut ws).await;
    ws.send(click("b", &pickle_of(&other_html, "b"), &[])).await.unwrap();
    let msg = expect_refused(&mut ws, "wrong type").await;
    assert!(msg.contains("postback is not a"), "{msg}");
}

#[tokio::test]
async fn session_cookie_attributes_and_no_adoption() {
    let server = clicker(config()).await;
    let (_, head, _) = get(&server, "/", "").await;
    let cookie = head.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap();
    assert!(cookie.starts_with("n2o-sid="), "{cookie}");
    for attr in ["Path=/", "HttpOnly", "SameSite=Lax"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "not over plain HTTP: {cookie}");
    let (_, head, _) = get(&server, "/", "X-Forwarded-Proto: https\r\n").await;
    assert!(head.contains("; Secure"), "{head}");
    // A live session is kept, its cookie issued again (its Max-Age slides with the
    // session's idle expiry); an unknown id is never adopted.
    let id = cookie.split(';').next().unwrap();
    let (_, head, _) = get(&server, "/", &format!("Cookie: {id}\r\n")).await;
    let again = head.lines().find_map(|l| l.strip_prefix("set-cookie: ")).expect("re-issued");
    assert_eq!(again.split(';').next(), Some(id), "{head}");
    let (_, head, _) =
        get(&server, "/?csid=attacker", "Cookie: n2o-sid=AAAAAAAAAAAAAAAAAAAAAA\r\n").await;
    let fresh = head.lines().find_map(|l| l.strip_prefix("set-cookie: ")).expect("a new session");
    assert!(!fresh.contains("AAAAAAAAAAAAAAAAAAAAAA") && !fresh.contains("attacker"), "{fresh}");
}

#[tokio::test]
async fn two_tabs_of_one_session_share_pickles_and_values() {
    let server = clicker(config()).await;
    let (cookie, html) = render(&server, "/").await;
    let mut tabs = Vec::new();
    for _ in 0..2 {
        let mut ws = connect_with(&server, "/", Some(&cookie)).await;
        ws.send(Ws::text("N2O,")).await.unwrap();
        expect_io(&mut ws).await;
        tabs.push(ws);
    }
    // The second tab re-renders the page in the same session (the same cookie, re-issued).
    let (_, head, html2) = get(&server, "/", &format!("Cookie: {cookie}\r\n")).await;
    assert!(head.contains(&format!("set-cookie: {cookie};")), "{head}");
    let remember = pickle_of(&html, "remember");
    tabs[0]
        .send(click("remember", &remember, &[("message", Term::bin("from tab one"))]))
        .await
        .unwrap();
    expect_io(&mut tabs[0]).await;
    tabs[1].send(click("recall", &pickle_of(&html2, "recall"), &[])).await.unwrap();
    assert_eq!(expect_io(&mut tabs[1]).await.0, "recalled('from tab one');");
    // A pickle rendered for tab one opens in tab two: same session.
    tabs[1].send(click("del", &pickle_of(&html, "del"), &[])).await.unwrap();
    assert_eq!(expect_io(&mut tabs[1]).await.0, "deleted(7);");
}

#[tokio::test]
async fn an_open_tab_keeps_its_session_alive() {
    let mut c = config();
    c.session_ttl = std::time::Duration::from_millis(400);
    let server = clicker(c).await;
    let (cookie, _) = render(&server, "/").await;
    let mut ws = connect_with(&server, "/", Some(&cookie)).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    expect_io(&mut ws).await;
    // Three lifetimes of heartbeats: the session slides with them.
    for _ in 0..24 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        ping(&mut ws).await;
    }
    let (_, head, _) = get(&server, "/", &format!("Cookie: {cookie}\r\n")).await;
    assert!(head.contains(&format!("set-cookie: {cookie};")), "the same session: {head}");
    // Closed, it expires.
    drop(ws);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let (_, head, _) = get(&server, "/", &format!("Cookie: {cookie}\r\n")).await;
    assert!(!head.contains(&format!("set-cookie: {cookie};")), "a new session: {head}");
}
