use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Typed,
}

fn main() {
    let textbox = nitro! { #textbox{id: message, on: {keyupp: Ev::Typed}} };
    let _ = textbox.placeholder("still a textbox");
    let _ = nitro! { #textbox{id: other, bind: {onkeydown: "return false"}} };
    let _ = nitro! { #panel{on: {swipe: Ev::Typed}} };
}
