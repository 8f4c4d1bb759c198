#![doc = include_str!("../README.md")]

// `nitro!` expands to `::n2o::…` paths; this makes them resolve inside this crate too.
#[allow(unused_extern_crates)]
extern crate self as n2o;

pub use n2o_macros::{Postback, js, nitro};
pub use n2o_runtime::*;

/// askama, the template engine n2o pages use for their layouts (feature `askama`, on by
/// default): `Html::template(&layout)`, and `{{ body }}` for an `Html` field without `|safe`.
#[cfg(feature = "askama")]
pub use askama;

#[cfg(feature = "test-util")]
pub mod test;

/// The names most pages need: `use n2o::prelude::*;`.
pub mod prelude {
    pub use n2o_macros::{Postback, js, nitro};
    pub use n2o_runtime::prelude::*;
}
