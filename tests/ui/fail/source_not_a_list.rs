use n2o::prelude::*;

fn main() {
    let _ = nitro! {
        #textbox{id: message}
        #button{id: send, source: message}
        #button{id: other, source: [message, 1 + 2, #br{}]}
    };
}
