use n2o::prelude::*;

fn main() {
    let button = nitro! { #button{id: send, colour: "red", body: "Chat"} };
    let _ = button.body("more");
    let _ = nitro! { #br{body: "no body on a void element"} };
}
