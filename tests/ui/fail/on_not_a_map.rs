use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Typed,
}

fn main() {
    let _ = nitro! {
        #textbox{id: message, on: Ev::Typed}
        #textbox{id: other, on: [keyup, Ev::Typed]}
        #textbox{id: third, on: {}}
        #textbox{id: fourth, on: {keyup: #br{}}}
        #textbox{id: fifth, bind: "alert(1)"}
        #textbox{id: sixth, placeholder: {keyup: Ev::Typed}}
    };
}
