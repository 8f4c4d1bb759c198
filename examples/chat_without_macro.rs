//! The chat example without `nitro!`: the same page from the element builders, which are what
//! the macro expands to. `cargo run --example chat_without_macro`, then open the URL it logs.

use askama::Template;
use n2o::element::{button, p, panel, render, span, textbox};
use n2o::postback::{Postback, Unsealed};
use n2o::prelude::*;
use n2o::task::TaskCx;
use serde::{Deserialize, Serialize};

/// The page's postbacks; `impl Postback` is what `#[derive(Postback)]` writes.
#[derive(Serialize, Deserialize)]
pub(crate) enum Ev {
    Chat,
}

impl Postback for Ev {}

#[derive(Template)]
#[template(path = "chat.html")]
struct Frame<'a> {
    title: &'a str,
    body: Html,
}

#[derive(Debug)]
struct Line {
    peer: String,
    text: String,
}

async fn chat_loop(mut cx: TaskCx<Line>) {
    while let Some(Line { peer, text }) = cx.recv().await {
        let line = render(
            p().class("line").child(span().class("peer").body(peer)).child(": ").child(text),
            &Unsealed,
        );
        let js = n2o::action::insert_bottom("history", &line);
        cx.rooms().flush("room", js.into_string());
    }
}

pub(crate) struct Chat;

impl Page for Chat {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let body = cx.html((
            panel().id("history"),
            textbox().id("message").placeholder("Say something"),
            button().id("send").body("Chat").postback(Ev::Chat).source(["message"]),
        ));
        Html::template(&Frame { title: "n2o chat", body })
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        match event {
            Event::Init => {
                cx.reg("room");
                cx.spawn_task("chat", chat_loop);
                cx.focus("message");
            }
            Event::Postback(Ev::Chat) => {
                let text = cx.q("message").trim().to_owned();
                if text.is_empty() {
                    return;
                }
                let peer = cx.peer().map_or_else(|| "someone".to_owned(), |p| p.to_string());
                let sent = match cx.task::<Line>("chat") {
                    Some(chat) => chat.send(Line { peer, text }).await.is_ok(),
                    None => false,
                };
                if !sent {
                    cx.alert("The chat is not running; try again.");
                }
                cx.set_value("message", "");
                cx.focus("message");
            }
            _ => {}
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), n2o::Error> {
    App::new().page("/", Chat).serve().await
}
