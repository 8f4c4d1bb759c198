//! The little type knowledge `js!` needs: integer or float (for `/`), string, bool, option, array, closure, DOM handle.

use std::fmt;

use proc_macro2::TokenStream;
use quote::quote;

/// The type of a compiled expression, as far as JavaScript code generation cares.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Ty {
    /// Any Rust integer: a JS number, and `/` truncates.
    Int,
    /// `f32`/`f64`.
    Float,
    /// `&str`, `String` or `char` (a one-code-point string).
    Str,
    Bool,
    /// `()`: statements, and functions that return nothing.
    Unit,
    /// `Option<T>`: `null` or the value (so `Option<Option<T>>` is refused).
    Option(Box<Ty>),
    /// `Result<T, _>` of `parse`: `null` for the error, like an option.
    Result(Box<Ty>),
    /// Slices, arrays and `Vec`s.
    Array(Box<Ty>),
    /// A closure: its parameters and result.
    Fn(Vec<Ty>, Box<Ty>),
    /// `el("id")`: a DOM element.
    Elem,
    /// The DOM event of a `bind` body.
    Event,
    /// A C-like enum declared in the block, by name.
    Enum(String),
    /// A captured value used where nothing says its type.
    Unknown,
}

impl Ty {
    pub(crate) fn is_number(&self) -> bool {
        matches!(self, Ty::Int | Ty::Float)
    }

    /// The `Capture` kind of the runtime for a captured value of this type, or `None`
    /// when a Rust value cannot be one (closures, DOM handles).
    pub(crate) fn kind(&self) -> Option<TokenStream> {
        let k = quote!(::n2o::__private::shen);
        Some(match self {
            Ty::Int => quote!(#k::Int),
            Ty::Float => quote!(#k::Float),
            Ty::Str => quote!(#k::Str),
            Ty::Bool => quote!(#k::Bool),
            Ty::Option(t) => {
                let t = t.kind()?;
                quote!(#k::Opt<#t>)
            }
            Ty::Array(t) => {
                let t = t.kind()?;
                quote!(#k::Arr<#t>)
            }
            _ => return None,
        })
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Int => f.write_str("an integer"),
            Ty::Float => f.write_str("`f64`"),
            Ty::Str => f.write_str("a string"),
            Ty::Bool => f.write_str("`bool`"),
            Ty::Unit => f.write_str("`()`"),
            Ty::Option(t) => write!(f, "an `Option` of {t}"),
            Ty::Result(t) => write!(f, "a `Result` of {t}"),
            Ty::Array(t) => write!(f, "an array of {t}"),
            Ty::Fn(..) => f.write_str("a closure"),
            Ty::Elem => f.write_str("an element (`el(..)`)"),
            Ty::Event => f.write_str("the event"),
            Ty::Enum(name) => write!(f, "`{name}`"),
            Ty::Unknown => f.write_str("a captured value of unknown type"),
        }
    }
}

/// The types `js!` accepts in annotations.
pub(crate) const TYPES: &str = "integers (`i32`, `u32`, `i64`, `usize`, …), `f64`/`f32`, `&str`, `String`, \
     `char`, `bool`, `Option<T>`, `Vec<T>`, `&[T]`, `[T; N]`";

/// A Rust type written by the user, or `Err` naming what is accepted.
pub(crate) fn from_syn(ty: &syn::Type, enums: &[String]) -> Result<Ty, syn::Error> {
    let unsupported = || {
        syn::Error::new_spanned(
            ty,
            format!("js!: unsupported type; the supported types are {TYPES}"),
        )
    };
    match ty {
        syn::Type::Reference(r) => from_syn(&r.elem, enums),
        syn::Type::Paren(p) => from_syn(&p.elem, enums),
        syn::Type::Group(g) => from_syn(&g.elem, enums),
        syn::Type::Slice(s) => Ok(Ty::Array(Box::new(from_syn(&s.elem, enums)?))),
        syn::Type::Array(a) => Ok(Ty::Array(Box::new(from_syn(&a.elem, enums)?))),
        syn::Type::Tuple(t) if t.elems.is_empty() => Ok(Ty::Unit),
        syn::Type::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            let seg = &p.path.segments[0];
            let name = seg.ident.to_string();
            let arg = || match &seg.arguments {
                syn::PathArguments::AngleBracketed(a) if a.args.len() == 1 => match &a.args[0] {
                    syn::GenericArgument::Type(t) => from_syn(t, enums),
                    _ => Err(unsupported()),
                },
                _ => Err(unsupported()),
            };
            let plain = matches!(seg.arguments, syn::PathArguments::None);
            match name.as_str() {
                "i8" | "i16" | "i32" | "i64" | "isize" | "u8" | "u16" | "u32" | "u64" | "usize"
                    if plain =>
                {
                    Ok(Ty::Int)
                }
                "f32" | "f64" if plain => Ok(Ty::Float),
                "str" | "String" | "char" if plain => Ok(Ty::Str),
                "bool" if plain => Ok(Ty::Bool),
                "Option" => match arg()? {
                    Ty::Option(_) => Err(syn::Error::new_spanned(
                        ty,
                        "js!: `Option<Option<T>>` is not supported: both `None`s would be `null` in JavaScript",
                    )),
                    t => Ok(Ty::Option(Box::new(t))),
                },
                "Vec" => Ok(Ty::Array(Box::new(arg()?))),
                _ if plain && enums.contains(&name) => Ok(Ty::Enum(name)),
                _ => Err(unsupported()),
            }
        }
        _ => Err(unsupported()),
    }
}
