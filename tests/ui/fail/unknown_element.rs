use n2o::prelude::*;

fn main() {
    let button = nitro! { #buton{id: send, body: "Chat"} };
    // The placeholder is an `Element<Button>`: no second error here.
    let _ = button.body("more");
}
