//! The N2O chat, in Rust: `cargo run --example chat`, then open the URL it logs in two tabs.
//!
//! `N2O_PORT` and `N2O_ADDR` choose where it listens (`N2O_PORT=0` picks a free port).
//! With `N2O_REDIS=redis://127.0.0.1:6379/0` several of them share the room: start it
//! twice on two ports and a line said on one reaches the tabs of both (`docs/cluster.md`);
//! it exits with an error when that Redis does not answer. Without it, no Redis is needed.
//! The page frame is an askama template (`templates/chat.html`), the body is `nitro!`,
//! `Event::Init` joins the room, and a click hands the line to the `chat` task, which
//! renders it once and flushes it to every member's history. On several nodes each runs its
//! own `chat` task, on purpose: it keeps no state, so one per node keeps every line on its
//! sender's node and no line waits for a takeover when a node dies (`examples/tally.rs` has
//! a task that must run once in the cluster).

use askama::Template;
use n2o::element::render;
use n2o::postback::Unsealed;
use n2o::prelude::*;
use n2o::task::TaskCx;
use serde::{Deserialize, Serialize};

/// The page's postbacks.
#[derive(Postback, Serialize, Deserialize)]
pub(crate) enum Ev {
    Chat,
}

#[derive(Template)]
#[template(path = "chat.html")]
struct Frame<'a> {
    title: &'a str,
    body: Html,
}

/// A line for the chat task.
#[derive(Debug)]
struct Line {
    peer: String,
    text: String,
}

/// N2O's `chat_loop`: one task for the server, fed by every connection's clicks.
async fn chat_loop(mut cx: TaskCx<Line>) {
    while let Some(Line { peer, text }) = cx.recv().await {
        // No postbacks in a line, so no session is needed to render it.
        let line = render(
            nitro! { #p{class: "line", body: [#span{class: "peer", body: peer}, ": ", text]} },
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
        let body = cx.html(nitro! {
            #panel{id: history}
            #textbox{id: message, placeholder: "Say something"}
            #button{id: send, body: "Chat", postback: Ev::Chat, source: [message]}
        });
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
