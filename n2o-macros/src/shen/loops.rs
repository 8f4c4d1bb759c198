//! `for` loops: over ranges (`a..b`, `a..=b`, `.rev()`), arrays, and a string's `.chars()`.

use syn::{Expr, ExprForLoop, Pat};

use super::code::Code;
use super::compile::{Compiler, prec};
use super::ty::Ty;

const ITERABLES: &str = "js! `for` loops run over a range (`0..n`, `1..=n`, `(0..n).rev()`), \
     an array or `Vec` (`xs`, `&xs`, `xs.iter()`), or a string's `.chars()`";

pub(crate) fn for_loop(c: &mut Compiler<'_>, f: &ExprForLoop, out: &mut Code) {
    if f.label.is_some() {
        c.error(f, "labelled loops are not supported in js!");
    }
    let (mut iter, mut rev) = (&*f.expr, false);
    if let Expr::MethodCall(m) = iter
        && m.method == "rev"
        && m.args.is_empty()
    {
        iter = &m.receiver;
        rev = true;
    }
    while let Expr::Paren(p) = iter {
        iter = &p.expr;
    }
    c.scopes.push();
    let head = match iter {
        Expr::MethodCall(m) if m.method == "enumerate" && m.args.is_empty() && !rev => {
            enumerate(c, &m.receiver, &f.pat)
        }
        Expr::Range(r) => range(c, r, rev, &f.pat),
        _ if rev => {
            c.error(&f.expr, "`.rev()` is supported on ranges only");
            None
        }
        _ => items(c, iter, &f.pat),
    };
    if let Some(head) = head {
        out.code(head).text("{");
        c.loop_body(&f.body, out);
        out.text("}");
    }
    c.scopes.pop();
}

/// The loop variable's JavaScript name.
fn var(c: &mut Compiler<'_>, pat: &Pat, ty: Ty) -> String {
    match pat {
        Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() && pi.mutability.is_none() => {
            c.scopes.declare(&pi.ident.to_string(), ty, false)
        }
        Pat::Wild(_) => c.scopes.temp("i"),
        other => {
            c.error(other, "a js! `for` binds one name or `_`");
            "$i".to_owned()
        }
    }
}

fn range(c: &mut Compiler<'_>, r: &syn::ExprRange, rev: bool, pat: &Pat) -> Option<Code> {
    let (Some(start), Some(end)) = (&r.start, &r.end) else {
        c.error(r, "a js! range has both ends: `a..b` or `a..=b`");
        return None;
    };
    let lo = c.expr(start, Some(&Ty::Int));
    c.expect(start, &lo, &Ty::Int);
    let hi = c.expr(end, Some(&Ty::Int));
    c.expect(end, &hi, &Ty::Int);
    let closed = matches!(r.limits, syn::RangeLimits::Closed(_));
    // The bound is computed once, before the first iteration, as Rust does.
    let bound = c.scopes.temp("end");
    let i = var(c, pat, Ty::Int);
    let mut head = Code::new(format!("for(let {i}="));
    if rev {
        head.code(hi.at(prec::ARROW));
        if !closed {
            head.text("-1");
        }
        head.text(&format!(",{bound}=")).code(lo.at(prec::ARROW));
        head.text(&format!(";{i}>={bound};{i}--)"));
    } else {
        head.code(lo.at(prec::ARROW));
        head.text(&format!(",{bound}=")).code(hi.at(prec::ARROW));
        let op = if closed { "<=" } else { "<" };
        head.text(&format!(";{i}{op}{bound};{i}++)"));
    }
    Some(head)
}

/// `for (i, x) in xs.iter().enumerate()` (or `s.chars()`): `for(const [i,x] of [...xs].entries())`.
fn enumerate(c: &mut Compiler<'_>, iter: &Expr, pat: &Pat) -> Option<Code> {
    let Pat::Tuple(t) = pat else {
        c.error(pat, "`enumerate()` gives pairs: `for (i, x) in xs.iter().enumerate()`");
        return None;
    };
    if t.elems.len() != 2 {
        c.error(pat, "`enumerate()` gives pairs: `for (i, x) in xs.iter().enumerate()`");
        return None;
    }
    let (source, item) = iterable(c, iter)?;
    let i = var(c, &t.elems[0], Ty::Int);
    let x = var(c, &t.elems[1], item);
    let mut head = Code::new(format!("for(const [{i},{x}] of [..."));
    head.code(source).text("].entries())");
    Some(head)
}

fn items(c: &mut Compiler<'_>, iter: &Expr, pat: &Pat) -> Option<Code> {
    let (source, item) = iterable(c, iter)?;
    let x = var(c, pat, item);
    let mut head = Code::new(format!("for(const {x} of "));
    head.code(source).text(")");
    Some(head)
}

/// An array, `xs.iter()` or `s.chars()`: the code to iterate and the item type.
fn iterable(c: &mut Compiler<'_>, iter: &Expr) -> Option<(Code, Ty)> {
    let source = match iter {
        Expr::MethodCall(m) if m.args.is_empty() && (m.method == "iter" || m.method == "chars") => {
            let recv = c.expr(&m.receiver, None);
            let ok = matches!(
                (&recv.ty, m.method.to_string().as_str()),
                (Ty::Array(_), "iter") | (Ty::Str, "chars") | (Ty::Unknown, _)
            );
            if !ok {
                c.error(
                    &m.method,
                    format!("`{}` on {} is not iterable in js!; {ITERABLES}", m.method, recv.ty),
                );
                return None;
            }
            recv
        }
        Expr::Reference(r) => c.expr(&r.expr, None),
        e => c.expr(e, None),
    };
    let item = match &source.ty {
        Ty::Array(t) => (**t).clone(),
        // `.chars()`: `for..of` walks code points, as Rust's chars.
        Ty::Str if matches!(iter, Expr::MethodCall(_)) => Ty::Str,
        Ty::Unknown => Ty::Unknown,
        t => {
            c.error(iter, format!("{t} is not iterable; {ITERABLES}"));
            return None;
        }
    };
    Some((source.at(prec::ARROW), item))
}
