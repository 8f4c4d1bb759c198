use n2o::prelude::*;

fn main() {
    let n = 1;
    let _ = nitro! { #panel{id: row-1} };
    let _ = nitro! { #panel{id: [n]} };
}
