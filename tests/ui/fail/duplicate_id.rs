use n2o::prelude::*;

fn main() {
    let _ = nitro! {
        #textbox{id: message}
        #panel{body: [#textbox{id: message}]}
    };
}
