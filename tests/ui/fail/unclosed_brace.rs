use n2o::prelude::*;

fn main() {
    let _ = nitro! { #panel{id: history, body: [#br{}] };
}
