//! `#[derive(Postback)]` on enums, structs, and generic types.

use std::marker::PhantomData;

use n2o::postback::Postback;
use serde::{Deserialize, Serialize};

#[derive(n2o::Postback, Serialize, Deserialize)]
enum Ev {
    Chat,
    Delete(u32),
    Move { from: u32, to: u32 },
}

#[derive(n2o::Postback, Serialize, Deserialize)]
struct Click;

#[derive(n2o::Postback, Serialize, Deserialize)]
struct Tagged<T> {
    tag: T,
}

// `T` needs no serde traits of its own: the derive bounds `Self`, not `T`.
#[derive(n2o::Postback, Serialize, Deserialize)]
struct Marker<T> {
    #[serde(skip)]
    kind: PhantomData<T>,
}

struct Opaque;

fn is_postback<P: Postback>() {}

fn main() {
    is_postback::<Ev>();
    is_postback::<Click>();
    is_postback::<Tagged<String>>();
    is_postback::<Marker<Opaque>>();
}
