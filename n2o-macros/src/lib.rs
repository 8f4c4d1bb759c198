//! Procedural macros of n2o: `nitro!`, `js!` and `#[derive(Postback)]`; use them through the `n2o` crate.
//!
//! Each macro is parse → model (checks, with every error collected) →
//! expand (calls to the public builders of `n2o::element`, and markup written at compile
//! time where the tree shows it: `compile`), all functions of
//! `proc_macro2::TokenStream`, so they are tested without a compiler round trip.
//! `N2O_MACROS_DEBUG=1` prints every expansion to stderr while compiling.

mod compile;
mod ctxt;
mod derive;
mod elements;
mod events;
mod expand;
#[cfg(test)]
mod fuzz_corpus;
mod model;
mod parse;
mod shen;
#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

#[doc = include_str!("../docs/nitro.md")]
#[proc_macro]
pub fn nitro(input: TokenStream) -> TokenStream {
    debug("nitro!", expand::nitro(input.into())).into()
}

#[doc = include_str!("../docs/js.md")]
#[proc_macro]
pub fn js(input: TokenStream) -> TokenStream {
    debug("js!", shen::js(input.into())).into()
}

/// Marks a type as a postback: a value a page's elements send back to its `event`.
///
/// Only `impl n2o::postback::Postback for T {}`: the value crosses the browser sealed in a
/// pickle, so derive serde's traits beside it. Generic types are postbacks when their
/// parameters make them (de)serializable; unions are refused.
///
/// ```
/// use n2o::prelude::*;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Postback, Serialize, Deserialize)]
/// enum Ev {
///     Chat,
///     Delete(u32),
/// }
/// ```
#[proc_macro_derive(Postback)]
pub fn derive_postback(input: TokenStream) -> TokenStream {
    debug("derive(Postback)", derive::postback(input.into())).into()
}

/// The expansion, printed first when `N2O_MACROS_DEBUG` is set (axum's `AXUM_MACROS_DEBUG`).
fn debug(what: &str, tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    if std::env::var_os("N2O_MACROS_DEBUG").is_some_and(|v| v != "0") {
        eprintln!("{what} expands to:\n{tokens}");
    }
    tokens
}
