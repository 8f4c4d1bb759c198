//! Generated JavaScript as the macro builds it: static text, and the places where captured Rust values go.

use std::fmt;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// One piece of generated code.
#[derive(Clone, Debug)]
pub(crate) enum Part {
    Text(String),
    /// A captured Rust expression, written as a literal at run time; `kind` is the runtime's
    /// `Capture` kind it must have, when the macro knows it.
    Capture {
        expr: syn::Expr,
        kind: Option<TokenStream>,
    },
    /// A captured value written by `format!`'s `{}`: it must be `Display`, as in Rust.
    Display {
        expr: syn::Expr,
    },
    /// `postback(expr)`: the quoted name of the custom event that sends it, made at run time.
    Postback {
        expr: syn::Expr,
    },
}

/// JavaScript code with holes for captured values.
#[derive(Clone, Debug, Default)]
pub(crate) struct Code {
    pub(crate) parts: Vec<Part>,
}

impl Code {
    pub(crate) fn new(text: impl Into<String>) -> Code {
        let mut c = Code::default();
        c.text(&text.into());
        c
    }

    pub(crate) fn text(&mut self, s: &str) -> &mut Self {
        if s.is_empty() {
            return self;
        }
        match self.parts.last_mut() {
            Some(Part::Text(t)) => t.push_str(s),
            _ => self.parts.push(Part::Text(s.to_owned())),
        }
        self
    }

    pub(crate) fn code(&mut self, other: Code) -> &mut Self {
        for p in other.parts {
            match p {
                Part::Text(t) => {
                    self.text(&t);
                }
                p => self.parts.push(p),
            }
        }
        self
    }

    pub(crate) fn capture(expr: syn::Expr, kind: Option<TokenStream>) -> Code {
        Code { parts: vec![Part::Capture { expr, kind }] }
    }

    /// `pre` + self + `post`.
    pub(crate) fn wrap(self, pre: &str, post: &str) -> Code {
        let mut c = Code::new(pre);
        c.code(self);
        c.text(post);
        c
    }

    /// The text when there are no captures (to reuse an expression's text in a name).
    pub(crate) fn as_plain(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Text(t)] => Some(t),
            [] => Some(""),
            _ => None,
        }
    }

    /// The Rust expression that builds this code as an `n2o::js::Js` at run time.
    pub(crate) fn to_tokens(&self) -> TokenStream {
        let shen = quote!(::n2o::__private::shen);
        let len: usize =
            self.parts.iter().map(|p| if let Part::Text(t) = p { t.len() } else { 16 }).sum();
        let pushes = self.parts.iter().map(|p| match p {
            Part::Text(t) => quote!(__n2o_js.push_str(#t);),
            Part::Capture { expr, kind: Some(kind) } => {
                quote_spanned!(expr.span()=> #shen::capture::<#kind, _>(&(#expr), &mut __n2o_js);)
            }
            Part::Capture { expr, kind: None } => {
                quote_spanned!(expr.span()=> #shen::capture_any(&(#expr), &mut __n2o_js);)
            }
            Part::Display { expr } => {
                quote_spanned!(expr.span()=> #shen::capture_display(&(#expr), &mut __n2o_js);)
            }
            Part::Postback { expr } => {
                quote_spanned!(expr.span()=> __n2o_postbacks.add(&(#expr), &mut __n2o_js);)
            }
        });
        if self.parts.iter().any(|p| matches!(p, Part::Postback { .. })) {
            return quote!({
                let mut __n2o_js = ::std::string::String::with_capacity(#len);
                let mut __n2o_postbacks = #shen::Postbacks::default();
                #(#pushes)*
                __n2o_postbacks.finish(__n2o_js)
            });
        }
        quote!({
            let mut __n2o_js = ::std::string::String::with_capacity(#len);
            #(#pushes)*
            #shen::finish(__n2o_js)
        })
    }
}

/// The code with each capture shown as `#{expr}`: what the unit tests compare.
impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.parts {
            match p {
                Part::Text(t) => f.write_str(t)?,
                Part::Capture { expr, .. } | Part::Display { expr } => {
                    write!(f, "#{{{}}}", quote!(#expr))?
                }
                Part::Postback { expr } => write!(f, "postback{{{}}}", quote!(#expr))?,
            }
        }
        Ok(())
    }
}
