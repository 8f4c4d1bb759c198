//! `cargo +nightly fuzz run pickle_open`: the property is `checks::pickle_open`, which the stable
//! corpus replay (`n2o-runtime/tests/fuzz_corpus.rs`) runs too.
#![no_main]

#[path = "../checks/runtime.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::pickle_open(data));
