//! `js!` in real Chromium: a character counter on keyup and Enter-to-send on keydown, both
//! written in Rust; the keydown script updates text and sends a postback sealed at render
//! time, and hostile text stays text.

#[path = "common/browser.rs"]
mod browser;
mod common;

use browser::Browser;
use common::serve;
use fantoccini::Locator;
use n2o::element::{EventType, textbox};
use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Send,
    Save,
}

struct Compose;

impl Page for Compose {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let limit = 20;
        let counter = n2o::js! {
            let left: i32 = #limit - event.value().chars().count() as i32;
            el("count").set_text(&format!("{left} left"));
            if left < 0 {
                el("count").add_class("over");
            } else {
                el("count").remove_class("over");
            }
        };
        let enter = n2o::js! {
            if event.key() == "Enter" {
                event.prevent_default();
                let text = event.value();
                if text.trim().is_empty() {
                    el("status").set_text("empty: not sent");
                } else {
                    el("status").set_text(&format!("sending {} bytes", text.len()));
                    postback(Ev::Send);
                }
            }
        };
        let input = textbox()
            .id("message")
            .source(["message"])
            .bind(EventType::KeyUp, counter)
            .bind_script(EventType::KeyDown, enter);
        let top = cx.html(nitro! { #p{id: status} #span{id: count} #panel{id: log} });
        let field = cx.html(input);
        Html::raw(format!("<!doctype html><html><body>{top}{field}</body></html>"))
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        if let Event::Postback(Ev::Send) = event {
            let text = cx.q("message").to_owned();
            cx.insert_bottom("log", nitro! { #p{class: "line", body: text} });
            cx.set_value("message", "");
        }
    }
}

/// The title's check: compiled to JavaScript for the browser, and natively for the server.
fn title_ok() -> n2o::shen::JsFn<impl Fn(&str) -> bool> {
    n2o::js!(|v: &str| !v.trim().is_empty() && v.len() <= 20)
}

struct Form;

impl Page for Form {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let title = textbox().id("title").validate(&title_ok(), "1 to 20 bytes");
        let field = cx.html(title);
        let rest = cx.html(nitro! {
            #button{id: save, body: "Save", postback: Ev::Save, source: ["title"]}
            #p{id: status}
            #panel{id: saved}
        });
        Html::raw(format!("<!doctype html><html><body>{field}{rest}</body></html>"))
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        if let Event::Postback(Ev::Save) = event {
            // The server ran `title_ok` on the value before this: it is valid.
            let title = cx.q("title").to_owned();
            assert!((title_ok().rust())(&title), "an invalid title reached the handler");
            cx.insert_bottom("saved", nitro! { #p{class: "title", body: title} });
        }
    }
}

const TYPED: &str = "héllo 😀 <img src=x onerror=alert(1)>";

#[tokio::test]
async fn js_counter_and_enter_to_send_run_in_chromium() {
    let test = "js_counter_and_enter_to_send_run_in_chromium";
    let Some(b) = Browser::start(test).await else { return };
    let server = serve(n2o::App::new().page("/", Compose)).await;
    b.client.goto(&server.url()).await.unwrap();
    b.wait_for("N2O.state === 'open'", 10, "the socket").await;
    let input = b.client.find(Locator::Id("message")).await.unwrap();

    // keyup: Rust's `chars().count()`, so the astral emoji is one character.
    input.send_keys("héllo 😀").await.unwrap();
    b.wait_for("qi('count').textContent === '13 left'", 10, "the counter").await;
    input.send_keys(&TYPED["héllo 😀".len()..]).await.unwrap();
    let over = 20 - TYPED.chars().count() as i64;
    b.wait_for(
        &format!("qi('count').textContent === '{over} left'"),
        10,
        "the counter past the limit",
    )
    .await;
    assert_eq!(b.eval("qi('count').classList.contains('over')").await, true);

    // keydown Enter: the script sets the status (UTF-8 bytes, as Rust's `len`) and sends
    // the postback with the field as its source; the server appends the line as text.
    input.send_keys("\u{E007}").await.unwrap();
    let line = "[...document.querySelectorAll('#log .line')].map(e => e.textContent)";
    b.wait_for(&format!("{line}.length === 1"), 10, "the line from the server").await;
    assert_eq!(b.eval(&format!("{line}[0]")).await, TYPED);
    assert_eq!(b.eval("qi('status').textContent").await, format!("sending {} bytes", TYPED.len()));
    assert_eq!(b.eval("document.querySelectorAll('#log img').length").await, 0);
    assert_eq!(b.eval("qi('message').value").await, "");

    // Blank text: the script refuses to send, and says so.
    input.send_keys("   \u{E007}").await.unwrap();
    b.wait_for("qi('status').textContent === 'empty: not sent'", 10, "the refusal").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(b.eval(&format!("{line}.length")).await, 1);

    let shot = b.screenshot("js-compose").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    b.close().await;
    server.shutdown().await;
}

#[tokio::test]
async fn js_validation_blocks_in_the_browser_and_the_server_checks_again() {
    let test = "js_validation_blocks_in_the_browser_and_the_server_checks_again";
    let Some(b) = Browser::start(test).await else { return };
    let server = serve(n2o::App::new().page("/", Form)).await;
    b.client.goto(&server.url()).await.unwrap();
    b.wait_for("N2O.state === 'open'", 10, "the socket").await;
    let saved = "[...document.querySelectorAll('#saved .title')].map(e => e.textContent)";
    let save = b.client.find(Locator::Id("save")).await.unwrap();

    // Empty: the browser sends nothing, marks the field and shows the message.
    save.click().await.unwrap();
    b.wait_for("qi('title').getAttribute('aria-invalid') === 'true'", 10, "the field marked").await;
    assert_eq!(b.eval("qi('title').validationMessage").await, "1 to 20 bytes");
    // Too long in UTF-8 bytes (Rust's `len`), though 11 characters.
    let title = b.client.find(Locator::Id("title")).await.unwrap();
    title.send_keys("ééééééééééé").await.unwrap();
    save.click().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(b.eval(&format!("{saved}.length")).await, 0);
    assert_eq!(b.eval("qi('title').validationMessage").await, "1 to 20 bytes");

    // Valid: typing cleared the message, the postback goes, the server saves.
    b.eval("qi('title').value = ''").await;
    title.send_keys("a good title").await.unwrap();
    save.click().await.unwrap();
    b.wait_for(&format!("{saved}.length === 1"), 10, "the saved title").await;
    assert_eq!(b.eval(&format!("{saved}[0]")).await, "a good title");
    assert_eq!(b.eval("qi('title').hasAttribute('aria-invalid')").await, false);

    // Tampered: a clone without the validation listener, holding blanks. The browser
    // sends it; the server runs the same check, refuses, and shows the message at the field.
    b.eval("(() => { const t = qi('title'), c = t.cloneNode(); t.replaceWith(c); c.value = '   '; return 1; })()").await;
    save.click().await.unwrap();
    b.wait_for("qi('title').validationMessage === '1 to 20 bytes'", 10, "the server's refusal")
        .await;
    assert_eq!(b.eval("qi('title').getAttribute('aria-invalid')").await, "true");
    assert_eq!(b.eval(&format!("{saved}.length")).await, 1);
    b.close().await;
    server.shutdown().await;
}
