use n2o::prelude::*;

fn main() {
    // `invalid` is the message of a `validate` check.
    let _ = nitro! { #textbox{id: a, invalid: "required"} };
    // `validate` needs its message.
    let _ = nitro! { #textbox{id: b, validate: n2o::js!(|v: &str| !v.is_empty())} };
    // A checkbox sends a boolean, not text: nothing to validate.
    let _ = nitro! {
        #checkbox{id: c, validate: n2o::js!(|v: &str| !v.is_empty()), invalid: "required"}
    };
}
