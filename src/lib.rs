#![doc = include_str!("../README.md")]

pub use n2o_runtime::*;

/// The names most pages need: `use n2o::prelude::*;`.
pub mod prelude {
    pub use n2o_runtime::prelude::*;
}
