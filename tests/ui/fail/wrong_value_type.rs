use n2o::prelude::*;

fn main() {
    // The macro passes values to the builders, so rustc checks their types at the value.
    let _ = nitro! { #textbox{id: message, disabled: "yes"} };
}
