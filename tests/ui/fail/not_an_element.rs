use n2o::prelude::*;

fn main() {
    let _ = nitro! { "hello" };
    let _ = nitro! { #panel{} , #br{} };
    let _ = nitro! { #panel{#br{}} };
}
