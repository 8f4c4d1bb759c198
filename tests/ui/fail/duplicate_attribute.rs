use n2o::prelude::*;

fn main() {
    let _ = nitro! { #button{id: send, body: "Chat", id: again} };
}
