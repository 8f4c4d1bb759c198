//! `#[derive(Postback)]`: marks a type as a page's postback; serde's derives stay the user's.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput};

pub(crate) fn postback(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    if let Data::Union(union) = &input.data {
        return syn::Error::new_spanned(
            union.union_token,
            "`Postback` cannot be derived for a union: serde cannot carry one; use an enum",
        )
        .to_compile_error();
    }
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    // Generic postbacks are postbacks only when their parameters make them (de)serializable:
    // bound `Self` rather than each parameter, so `PhantomData<T>` and the like work too.
    let mut predicates = where_clause.map(|w| w.predicates.clone()).unwrap_or_default();
    if !input.generics.params.is_empty() {
        predicates.push(syn::parse_quote! {
            Self: ::n2o::__private::serde::Serialize
                + ::n2o::__private::serde::de::DeserializeOwned
                + ::core::marker::Send
                + ::core::marker::Sync
                + 'static
        });
    }
    let where_clause = (!predicates.is_empty()).then(|| quote!(where #predicates));
    quote! {
        impl #impl_generics ::n2o::postback::Postback for #name #ty_generics #where_clause {}
    }
}
