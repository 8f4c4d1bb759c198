//! n2o facade.
pub use n2o_runtime::*;
