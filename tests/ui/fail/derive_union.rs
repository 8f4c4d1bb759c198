use n2o::prelude::*;

#[derive(Postback)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
