use n2o::prelude::*;

fn main() {
    let _ = nitro! { #panel{body: [#br, "text"]} };
}
