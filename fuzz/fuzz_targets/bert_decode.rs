//! `cargo +nightly fuzz run bert_decode`: the property is `checks::bert_decode`, which the stable
//! corpus replay (`n2o-runtime/tests/fuzz_corpus.rs`) runs too.
#![no_main]

#[path = "../checks/runtime.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::bert_decode(data));
