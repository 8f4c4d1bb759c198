use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Typed,
    Changed,
}

fn main() {
    let _ = nitro! {
        #textbox{id: message, on: {keyup: Ev::Typed, change: Ev::Changed, keyup: Ev::Changed}}
        #textbox{id: other, bind: {keydown: "a()", keydown: "b()"}}
        #textbox{id: third, postback: Ev::Changed, on: {change: Ev::Typed}}
        #textbox{id: twice, on: {keyup: Ev::Typed}, on: {blur: Ev::Typed}}
    };
}
