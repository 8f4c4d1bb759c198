use n2o::prelude::*;

fn main() {
    // One run reports every mistake of the invocation.
    let _ = nitro! {
        #panel{id: card, colour: "red"}
        #textbx{id: message}
        #button{id: card, source: [mesage]}
    };
}
