//! Every form a value can take.

use n2o::element::{ButtonType, Node, render};
use n2o::postback::InsecureTestSeal;
use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Pick(u32),
    Save,
}

fn main() {
    let n = 7;
    let rows = vec!["a", "b"];
    let page: Node = nitro! {
        #form{
            id: "signup-form",
            class: ["card", "wide"],
            postback: Ev::Save,
            source: [email, "signup-form", "declared-elsewhere"],
            body: [
                #label{for: email, body: "E-mail"},
                #email{id: email, placeholder: "you@example.com", required: true},
                #textarea{id: {format!("note{n}")}, value: n * 2, rows: 3},
                #list{numbered: true, body: rows.iter().map(|r| n2o::element::li().body(*r)).collect::<Vec<_>>()},
                #button{type: ButtonType::Submit, body: #strong{body: "Save"}},
                #link{href: "/help", body: "help", postback: Ev::Pick(n),},
                #literal{html: "<hr>"},
                "trailing text",
                n,
            ],
            data: [("step", "1"), ("form", "signup")],
            aria: [("label", "Sign up")],
        }
        #panel{source: [], body: []}
        #br{}
    };
    let _ = render(page, &InsecureTestSeal);
}
