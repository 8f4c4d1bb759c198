//! `js!`: SHEN for Rust, a checked subset of Rust compiled to small, readable JavaScript.
//!
//! The input is parsed by syn as Rust (a block, or one closure), checked against the subset
//! (every error collected and reported at the user's token), and compiled to JavaScript text
//! with holes where `#captured` Rust values go. The expansion builds an `n2o::js::Js` from
//! that text at run time, writing each captured value as an escaped literal.

mod code;
mod compile;
mod dom;
mod escape;
mod expr;
mod format;
mod loops;
mod methods;
mod pat;
mod scope;
#[cfg(test)]
mod tests;
mod ty;

use proc_macro2::{Delimiter, Group, Ident, TokenStream, TokenTree};
use syn::parse::Parser;

pub(crate) use code::Code;
use compile::{Compiler, Sink};
use scope::Var;
use ty::Ty;

use crate::ctxt::Ctxt;

/// The expansion of `js!{..}`.
pub(crate) fn js(input: TokenStream) -> TokenStream {
    match compile_full(input.clone()) {
        Ok((code, None)) => code.to_tokens(),
        // A closure: its JavaScript, and the closure itself for the server when it is plain
        // Rust (no DOM API, no captures), so one definition checks on both sides.
        Ok((code, Some(twin))) => {
            let js = code.to_tokens();
            let rust = match syn::parse2::<syn::ExprClosure>(input) {
                Ok(mut closure) if twin => {
                    // A `$body:block` fragment arrives grouped, which rustc refuses after `-> T`.
                    if let syn::Expr::Group(g) = &*closure.body {
                        closure.body = g.expr.clone();
                    }
                    // Written for JavaScript first: Rust's style lints are not the point here.
                    quote::quote!({
                        #[allow(clippy::all, unused)]
                        let twin = #closure;
                        twin
                    })
                }
                _ => quote::quote!(()),
            };
            quote::quote!(::n2o::__private::shen::js_fn(#js, #rust))
        }
        // In a block, so several errors are several statements of one expression.
        Err(e) => {
            let errors = e.to_compile_error();
            quote::quote!({ #errors ::n2o::__private::shen::finish(::std::string::String::new()) })
        }
    }
}

/// The generated code, or every error found.
#[cfg(test)]
pub(crate) fn compile(input: TokenStream) -> syn::Result<Code> {
    compile_full(input).map(|(code, _)| code)
}

/// The generated code and, for a closure, whether the closure is also plain Rust.
fn compile_full(input: TokenStream) -> syn::Result<(Code, Option<bool>)> {
    let mut captures = Vec::new();
    let input = mark_captures(input, &mut captures)?;
    let cx = Ctxt::new();
    let mut c = Compiler::new(&cx, captures);
    let mut out = Code::default();
    let mut twin = None;
    match syn::parse2::<syn::Expr>(input.clone()) {
        Ok(syn::Expr::Closure(closure)) => {
            let ex = c.expr(&syn::Expr::Closure(closure), None);
            out.code(ex.code);
            twin = Some(!c.uses_dom && c.captures.is_empty());
        }
        _ => {
            let stmts = syn::Block::parse_within.parse2(input);
            match stmts {
                Ok(stmts) => {
                    // In a `bind` body the DOM event is in scope as `event`.
                    c.scopes
                        .alias("event", Var { js: "event".into(), ty: Ty::Event, mutable: false });
                    c.block_mode = true;
                    c.stmts(&stmts, &Sink::Discard, &mut out);
                    if c.postbacks {
                        // The element whose listener runs this; `currentTarget` is gone by
                        // the time a timer fires.
                        let mut with_target = Code::new("const $t=event.currentTarget;");
                        with_target.code(out);
                        out = with_target;
                    }
                }
                Err(e) => cx.push(e),
            }
        }
    }
    cx.check()?;
    Ok((out, twin))
}

/// Replaces each `#name` and `#(expr)` by a placeholder identifier (spanned like the
/// captured tokens) and collects the captured expressions, so the rest parses as Rust.
fn mark_captures(input: TokenStream, captures: &mut Vec<syn::Expr>) -> syn::Result<TokenStream> {
    let mut out = Vec::new();
    let mut iter = input.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '#' => match iter.peek() {
                Some(TokenTree::Ident(id)) => {
                    let id = id.clone();
                    iter.next();
                    let placeholder =
                        Ident::new(&format!("{}{}", expr::CAPTURE, captures.len()), id.span());
                    captures.push(syn::parse2(TokenTree::Ident(id).into())?);
                    out.push(TokenTree::Ident(placeholder));
                }
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                    let g = g.clone();
                    iter.next();
                    let placeholder =
                        Ident::new(&format!("{}{}", expr::CAPTURE, captures.len()), g.span());
                    captures.push(syn::parse2(g.stream())?);
                    out.push(TokenTree::Ident(placeholder));
                }
                _ => {
                    return Err(syn::Error::new(
                        p.span(),
                        "js!: `#` captures a Rust value: `#name` or `#(expression)`",
                    ));
                }
            },
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), mark_captures(g.stream(), captures)?);
                inner.set_span(g.span());
                out.push(TokenTree::Group(inner));
            }
            tt => out.push(tt),
        }
    }
    Ok(out.into_iter().collect())
}
