use n2o::prelude::*;

fn main() {
    let _ = nitro! {
        #textbox{id: message}
        #label{for: mesage, body: "Message"}
        #button{id: send, body: "Chat", source: [mesage, "declared_elsewhere"]}
    };
}
