//! The property of the `nitro_parse` fuzz target.
//!
//! Compiled twice from this one file: into `fuzz/fuzz_targets/nitro_parse.rs` (beside
//! n2o-macros' modules, so `crate::expand` is the same path there) and into n2o-macros'
//! unit test `fuzz_corpus`, which replays the committed corpus on stable.
#![allow(dead_code, unreachable_pub)]

/// `nitro_parse`: `nitro!` on any text that lexes never panics, and always expands to one
/// expression (the builders, or `compile_error!`s beside a placeholder).
pub fn nitro_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(input) = text.parse::<proc_macro2::TokenStream>() else { return };
    let output = crate::expand::nitro(input);
    if let Err(err) = syn::parse2::<syn::Expr>(output.clone()) {
        panic!("nitro!{{{text}}} expands to something that is not an expression ({err}): {output}");
    }
}
