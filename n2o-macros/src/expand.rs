//! Code generation: the checked tree as calls to the public builders of `n2o::element`.
//!
//! `#button{id: send, body: "Chat", postback: Ev::Chat, source: [message]}` becomes
//! `::n2o::element::button().id("send").body("Chat").postback(Ev::Chat).source(["message"])`,
//! the calls in the order written, except for what [`crate::compile`] writes as markup at
//! compile time. Method names take the span of the user's key and values keep their own
//! tokens, so rustc's errors (a `Postback` bound, a value of the wrong type) land on what
//! the user wrote.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::Ident;

use crate::compile;
use crate::ctxt::Ctxt;
use crate::elements::{self, ELEMENTS, Spec};
use crate::events::Event;
use crate::model::{Args, Element, Node, Page};
use crate::parse::Nitro;

/// `nitro!`: the builder expression, or `compile_error!`s plus a placeholder of the right type.
pub(crate) fn nitro(input: TokenStream) -> TokenStream {
    let placeholder = placeholder(&input);
    let ast: Nitro = match syn::parse2(input) {
        Ok(ast) => ast,
        Err(error) => return fallback(&error, &placeholder),
    };
    let cx = Ctxt::new();
    let page = Page::from_ast(&cx, &ast);
    match cx.check() {
        Ok(()) => page_tokens(&page),
        Err(error) => fallback(&error, &placeholder),
    }
}

fn page_tokens(page: &Page) -> TokenStream {
    if let [root] = page.roots.as_slice() {
        // Still its constructor's `Element<K>`, with the start tag written here when it can be.
        return compile::prebuilt_root(root, &EXPAND).unwrap_or_else(|| element(root));
    }
    // Several roots make one body node: their markup written here where it can be.
    let mut out = compile::Out::default();
    for root in &page.roots {
        compile::element(root, &mut out, &EXPAND);
    }
    let fragment = out.to_tokens();
    quote!(::n2o::element::IntoBody::into_node(#fragment))
}

const EXPAND: compile::Expand<'static> =
    compile::Expand { builder: &element, events: &events_chain };

/// The builder of `el`; its body written at compile time where it can be.
fn element(el: &Element) -> TokenStream {
    chain(el, None)
}

/// The builder of `el` with only its id and event calls: the wiring of an element whose
/// tag [`compile`] wrote.
fn events_chain(el: &Element, id: &str) -> TokenStream {
    chain(el, Some(id))
}

fn chain(el: &Element, events_of: Option<&str>) -> TokenStream {
    let ctor = Ident::new(el.spec.name, el.name.span());
    let mut chain = quote!(::n2o::element::#ctor());
    if let Some(id) = events_of {
        chain = quote!(#chain.id(#id));
    }
    for call in &el.calls {
        if events_of.is_some() && !compile::is_event_call(&call.method) {
            continue;
        }
        let method = method_ident(&call.method);
        chain = match &call.args {
            Args::Name(name) => {
                let lit = name.lit();
                quote!(#chain.#method(#lit))
            }
            Args::Names(names) if names.is_empty() => quote!(#chain.#method::<&str>([])),
            Args::Names(names) => {
                let lits = names.iter().map(|n| n.lit());
                quote!(#chain.#method([#(#lits),*]))
            }
            Args::Expr(expr) => quote!(#chain.#method(#expr)),
            Args::Validate(check, message) => quote!(#chain.#method(&#check, #message)),
            Args::Body(node) => {
                let mut out = compile::Out::default();
                compile::nodes(&[node], &mut out, &EXPAND);
                let node = if out.has_static() { out.to_tokens() } else { node_tokens(node) };
                quote!(#chain.#method(#node))
            }
            Args::Children(nodes) => {
                let child = Ident::new("child", call.method.span());
                let mut out = compile::Out::default();
                compile::nodes(&nodes.iter().collect::<Vec<_>>(), &mut out, &EXPAND);
                if out.has_static() {
                    let fragment = out.to_tokens();
                    quote!(#chain.#child(#fragment))
                } else {
                    let nodes = nodes.iter().map(node_tokens);
                    quote!(#chain #(.#child(#nodes))*)
                }
            }
            Args::Pairs(pairs) => {
                let (names, values): (Vec<_>, Vec<_>) = pairs.iter().cloned().unzip();
                // `attrs: [..]` is one `.attr(name, value)` per pair.
                let method = if method == "attrs" {
                    Ident::new("attr", method.span())
                } else {
                    method.clone()
                };
                quote!(#chain #(.#method(#names, #values))*)
            }
            Args::Events(events) => {
                // One call per event, spanned at the event's name, so rustc's "required by
                // a bound introduced by this call" points at the entry it is about.
                let calls = events.iter().map(|(key, value)| {
                    let method = Ident::new(&method.to_string(), key.key.span());
                    let event = event_type(key.event, key.key.span());
                    quote!(.#method(#event, #value))
                });
                quote!(#chain #(#calls)*)
            }
        };
    }
    chain
}

/// `::n2o::element::EventType::KeyUp`.
fn event_type(event: &Event, span: Span) -> TokenStream {
    let variant = Ident::new(event.variant, span);
    quote!(::n2o::element::EventType::#variant)
}

fn node_tokens(node: &Node) -> TokenStream {
    match node {
        Node::Element(el) => element(el),
        Node::Expr(expr) => quote!(#expr),
    }
}

/// The builder method for a key: `for` and `type` are keywords, so `r#for`, `r#type`.
fn method_ident(key: &Ident) -> Ident {
    use syn::ext::IdentExt as _;
    let name = key.unraw().to_string();
    if syn::parse_str::<Ident>(&name).is_ok() {
        Ident::new(&name, key.span())
    } else {
        Ident::new_raw(&name, key.span())
    }
}

/// The errors, and a value of the type the invocation would have had (thiserror's
/// fallback), so code using the result does not add errors of its own.
fn fallback(error: &syn::Error, placeholder: &TokenStream) -> TokenStream {
    let errors = error.to_compile_error();
    quote!({ #errors #placeholder })
}

/// The constructor of the single root element when the input is one `#name{..}` (of the
/// closest known name), else an empty node (what several roots make).
fn placeholder(input: &TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = input.clone().into_iter().collect();
    if let [TokenTree::Punct(pound), TokenTree::Ident(name), TokenTree::Group(body)] =
        tokens.as_slice()
        && pound.as_char() == '#'
        && body.delimiter() == Delimiter::Brace
    {
        // A misspelt name most likely meant the closest one: `#buton` is a `#button`.
        let name_str = name.to_string();
        let known = Spec::find(&name_str)
            .map(|s| s.name)
            .or_else(|| elements::did_you_mean(&name_str, ELEMENTS.iter().map(|s| s.name)));
        if let Some(known) = known {
            let ctor = Ident::new(known, name.span());
            return quote_spanned!(name.span()=> ::n2o::element::#ctor());
        }
    }
    quote!(<::n2o::element::Node as ::core::default::Default>::default())
}
