use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Chat,
}

struct NotAPostback;

fn main() {
    let _ = nitro! { #button{id: send, postback: Ev::Chat} };
    let _ = nitro! { #button{id: other, postback: NotAPostback} };
}
