use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Typed,
}

struct NotAPostback;

fn main() {
    let _ = nitro! { #textbox{id: message, on: {keyup: Ev::Typed, blur: NotAPostback}} };
}
