//! `cargo +nightly fuzz run nitro_parse`: `nitro!`'s parse → model → expand on any token
//! stream. n2o-macros is a proc-macro crate, so its functions cannot be called from here;
//! its modules are compiled into this binary from their own files instead (they only use
//! `proc_macro2`, which works outside a macro). The property is `checks.rs`, which the
//! stable corpus replay in `n2o-macros/src/fuzz_corpus.rs` runs too.
#![no_main]
#![allow(dead_code, unreachable_pub)]

#[path = "../../n2o-macros/src/compile.rs"]
mod compile;
#[path = "../../n2o-macros/src/ctxt.rs"]
mod ctxt;
#[path = "../../n2o-macros/src/elements.rs"]
mod elements;
#[path = "../../n2o-macros/src/events.rs"]
mod events;
#[path = "../../n2o-macros/src/expand.rs"]
mod expand;
#[path = "../../n2o-macros/src/model.rs"]
mod model;
#[path = "../../n2o-macros/src/parse.rs"]
mod parse;

#[path = "../checks/nitro.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::nitro_parse(data));
