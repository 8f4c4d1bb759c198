//! The chat page of DESIGN.md: declared ids, a checked source, a typed postback.

use n2o::element::{Element, kind, render};
use n2o::postback::InsecureTestSeal;
use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Chat,
}

fn main() {
    let page = nitro! {
        #panel{id: history}
        #textbox{id: message}
        #button{id: send, body: "Chat", postback: Ev::Chat, source: [message]}
    };
    let out = render(page, &InsecureTestSeal);
    assert!(out.js.as_str().contains("N2O.pickle('send',"));

    let (peer, text) = ("alice", String::from("hi"));
    let line: Element<kind::Panel> = nitro! { #panel{body: [peer, ": ", text, #br{}]} };
    let _ = render(line, &InsecureTestSeal);
}
