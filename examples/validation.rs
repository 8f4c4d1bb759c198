//! Validation on both sides, written once in Rust: `cargo run --example validation`, then open the URL it logs.
//!
//! `N2O_PORT` and `N2O_ADDR` choose where it listens (`N2O_PORT=0` picks a free port).
//! The title's check is one `js!` closure: the browser runs its JavaScript before a postback
//! that sources the field is sent (and shows the message at the field), and the server runs
//! the same closure, natively, before `event` sees the value, so a client that skips the
//! browser's check is refused all the same. A character counter (keyup) and Enter-to-send
//! (keydown) are `js!` blocks too.

use n2o::prelude::*;
use n2o::shen::JsFn;
use serde::{Deserialize, Serialize};

/// The page's postbacks.
#[derive(Postback, Serialize, Deserialize)]
pub(crate) enum Ev {
    Add,
}

/// The longest title, in UTF-8 bytes (Rust's `len`, which `js!` keeps in the browser).
const LIMIT: i32 = 40;

/// The title's check: 1 to 40 bytes, not only blanks.
pub(crate) fn title_ok() -> JsFn<impl Fn(&str) -> bool + Send + Sync + 'static> {
    n2o::js!(|v: &str| !v.trim().is_empty() && v.len() <= 40)
}

/// What the browser and the server say when the check fails.
pub(crate) const INVALID: &str = "1 to 40 bytes, not only spaces";

const STYLE: &str = "body{font:16px system-ui,sans-serif;max-width:36em;margin:2em auto}\
    input{font:inherit;padding:.3em;width:24em}input[aria-invalid=true]{outline:2px solid #c33}\
    button{font:inherit;padding:.3em 1em;margin-left:.5em}#count{color:#666;margin-left:.5em}\
    #count.over{color:#c33;font-weight:bold}.title{margin:.2em 0}";

pub(crate) struct Titles;

impl Page for Titles {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let limit = LIMIT;
        // Bytes left, as the server counts them; red past the limit.
        let counter = n2o::js! {
            let left: i32 = #limit - event.value().len() as i32;
            el("count").set_text(&format!("{left} left"));
            if left < 0 { el("count").add_class("over"); } else { el("count").remove_class("over"); }
        };
        // Enter sends, as the button does (the browser's check runs first).
        let enter = n2o::js! {
            if event.key() == "Enter" {
                event.prevent_default();
                postback(Ev::Add);
            }
        };
        let body = cx.html(nitro! {
            #h1{body: "Titles"}
            #p{body: "A title is 1 to 40 bytes. The browser checks it, and the server checks it again."}
            #textbox{id: title, placeholder: "A title", source: [title],
                     validate: title_ok(), invalid: INVALID,
                     bind: {keyup: counter, keydown: enter}}
            #span{id: count, body: format!("{LIMIT} left")}
            #button{id: add, body: "Add", postback: Ev::Add, source: [title]}
            #p{id: status}
            #panel{id: titles}
        });
        Html::raw(format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Titles</title>\
             <style>{STYLE}</style></head><body>{body}</body></html>"
        ))
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        if let Event::Postback(Ev::Add) = event {
            // Only a title that passed `title_ok` on the server gets here.
            let title = cx.q("title").trim().to_owned();
            cx.insert_bottom("titles", nitro! { #p{class: "title", body: title} });
            cx.update("status", "added");
            cx.set_value("title", "");
            cx.wire(&format!("qi('count').textContent='{LIMIT} left'"));
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), n2o::Error> {
    App::new().page("/", Titles).serve().await
}
