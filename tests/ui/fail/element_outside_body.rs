use n2o::prelude::*;

fn main() {
    let _ = nitro! { #panel{title: #span{body: "x"}, class: ["a", #br{}]} };
}
