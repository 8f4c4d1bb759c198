//! `cargo +nightly fuzz run http_parse`: the property is `checks::http_parse`, which the stable
//! corpus replay (`n2o-runtime/tests/fuzz_corpus.rs`) runs too.
#![no_main]

#[path = "../checks/runtime.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::http_parse(data));
