use n2o::prelude::*;

fn main() {
    let name = "x-computed";
    let _ = nitro! {
        #span{attrs: [
            ("x-ok", 1),
            ("onclick", "alert(1)"),
            ("href", "javascript:alert(1)"),
            ("id", "twice"),
            ("style", "color: red"),
            ("a b", 1),
            ("", 1),
            ("x-ok", 2),
            (name, "computed names are checked at run time"),
        ]}
    };
    let _ = nitro! { #span{attrs: "not a list"} };
}
