//! Procedural macros of n2o.
