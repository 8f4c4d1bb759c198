//! The macros `js!` understands inside: `format!` (with `{}`, `{0}`, `{name}`) and `vec!`.

use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Expr, Token};

use super::code::{Code, Part};
use super::compile::{Compiler, Ex, err_ex, prec};
use super::expr::quote_js;
use super::ty::Ty;

pub(crate) fn mac(c: &mut Compiler<'_>, mac: &syn::Macro, want: Option<&Ty>) -> Ex {
    let name = mac.path.get_ident().map(ToString::to_string).unwrap_or_default();
    let args = Punctuated::<Expr, Token![,]>::parse_terminated.parse2(mac.tokens.clone());
    match name.as_str() {
        "format" => match args {
            Ok(args) => format(c, mac, &args.into_iter().collect::<Vec<_>>()),
            Err(e) => {
                c.cx.push(e);
                Ex::atom("''", Ty::Str)
            }
        },
        "vec" => {
            let item = match want {
                Some(Ty::Array(t)) => Some((**t).clone()),
                _ => None,
            };
            if let Ok(args) = args {
                let items: Vec<Expr> = args.into_iter().collect();
                let at = Expr::Macro(syn::ExprMacro { attrs: vec![], mac: mac.clone() });
                return c.array(&items, item, &at);
            }
            // `vec![x; n]`
            let tokens = &mac.tokens;
            match syn::parse2::<Expr>(quote::quote!([#tokens])) {
                Ok(e @ Expr::Repeat(_)) => c.expr(&e, want),
                _ => err_ex(c.cx, mac, "expected `vec![a, b, ..]` or `vec![x; n]`"),
            }
        }
        _ => err_ex(
            c.cx,
            &mac.path,
            "the macros supported inside js! are `format!` and `vec!`; for the console use `console_log(..)`",
        ),
    }
}

/// `format!("a {} b {name}", x)` as `'a '+x+' b '+name`.
fn format(c: &mut Compiler<'_>, mac: &syn::Macro, args: &[Expr]) -> Ex {
    let Some(Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(fmt), .. })) = args.first() else {
        return err_ex(c.cx, mac, "`format!` takes a string literal first");
    };
    let (positional, named): (Vec<&Expr>, Vec<&Expr>) =
        args[1..].iter().partition(|a| !matches!(a, Expr::Assign(_)));
    let text = fmt.value();
    let mut pieces: Vec<Ex> = Vec::new();
    let mut lit = String::new();
    let mut next = 0;
    let mut used = vec![false; positional.len()];
    let mut chars = text.chars().peekable();
    let bad = |c: &Compiler<'_>, msg: &str| {
        c.error(
            fmt,
            format!("{msg}; js! formats `{{}}`, `{{0}}` and `{{name}}` (no format specs)"),
        );
    };
    while let Some(ch) = chars.next() {
        match ch {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut inner = String::new();
                for ch in chars.by_ref() {
                    if ch == '}' {
                        break;
                    }
                    inner.push(ch);
                }
                if !lit.is_empty() {
                    pieces.push(Ex::atom(quote_js(&std::mem::take(&mut lit)), Ty::Str));
                }
                let arg: Option<Expr> = if inner.is_empty() {
                    next += 1;
                    positional.get(next - 1).map(|e| (*e).clone())
                } else if let Ok(i) = inner.parse::<usize>() {
                    positional.get(i).map(|e| (*e).clone())
                } else if inner.contains(':') {
                    bad(c, &format!("`{{{inner}}}` has a format spec"));
                    None
                } else {
                    let named_arg = named.iter().find_map(|a| match a {
                        Expr::Assign(a) if matches!(&*a.left, Expr::Path(p) if p.path.is_ident(&inner)) => Some((*a.right).clone()),
                        _ => None,
                    });
                    match named_arg {
                        Some(e) => Some(e),
                        None => syn::parse_str::<syn::Ident>(&inner).ok().map(|mut id| {
                            id.set_span(fmt.span());
                            syn::parse_quote!(#id)
                        }),
                    }
                };
                if inner.is_empty() && next <= used.len() {
                    used[next - 1] = true;
                } else if let Ok(i) = inner.parse::<usize>()
                    && i < used.len()
                {
                    used[i] = true;
                }
                match arg {
                    Some(e) => pieces.push(display(c, &e)),
                    None => bad(c, &format!("`{{{inner}}}` names no argument")),
                }
            }
            '}' => bad(c, "unmatched `}` (write `}}`)"),
            ch => lit.push(ch),
        }
    }
    if !lit.is_empty() {
        pieces.push(Ex::atom(quote_js(&lit), Ty::Str));
    }
    if used.iter().any(|u| !u) {
        c.error(mac, "an argument of `format!` is never used");
    }
    let starts_with_text = pieces.first().is_some_and(|p| p.ty == Ty::Str);
    let mut code = Code::default();
    if !starts_with_text {
        code.text("''");
    }
    let single = pieces.len() == 1 && starts_with_text;
    for (i, p) in pieces.into_iter().enumerate() {
        if i > 0 || !starts_with_text {
            code.text("+");
        }
        code.code(p.operand(prec::ADD + 1));
    }
    if code.parts.is_empty() {
        code.text("''");
    }
    Ex::new(code, Ty::Str, if single { prec::ATOM } else { prec::ADD })
}

/// One `{}` argument, as Rust's `Display` writes it.
fn display(c: &mut Compiler<'_>, e: &Expr) -> Ex {
    let ex = c.expr(e, None);
    match &ex.ty {
        Ty::Str | Ty::Int | Ty::Float | Ty::Bool => ex,
        Ty::Unknown => {
            // A capture: Rust checks it is `Display`.
            let code = Code {
                parts: ex
                    .code
                    .parts
                    .into_iter()
                    .map(|p| match p {
                        Part::Capture { expr, kind: None } => Part::Display { expr },
                        p => p,
                    })
                    .collect(),
            };
            Ex::new(code, Ty::Unknown, ex.prec)
        }
        t => err_ex(c.cx, e, format!("{t} cannot be formatted with `{{}}` (it is not `Display`)")),
    }
}
