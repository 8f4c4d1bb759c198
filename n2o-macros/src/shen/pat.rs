//! `match` and `if let`: patterns become tests on the scrutinee, bindings read the scrutinee itself.
//!
//! An option is `null` or its value, so in `Some(x)` the binding `x` is the scrutinee: no
//! destructuring is generated, and a guard sees it by name.

use syn::{Expr, Pat};

use super::code::Code;
use super::compile::{Compiler, Ex, Sink, prec};
use super::scope::Var;
use super::ty::Ty;

const PATTERNS: &str = "supported patterns: literals, ranges (`1..=9`), `a | b`, `_`, a name, \
     `Some(..)`/`None`, `Ok(..)`/`Err(_)`, and variants of enums declared in the block";

/// What the arms seen so far cover, to check exhaustiveness as Rust does.
#[derive(Default)]
struct Cover {
    all: bool,
    bools: [bool; 2],
    null: bool,
    some_all: bool,
    variants: Vec<String>,
    /// A pattern was refused (and reported): the arm is skipped, so its body's names do
    /// not cascade into more errors.
    refused: bool,
}

/// The scrutinee as a name: itself when it is one, else a `const $m=..;` in `prelude`.
fn scrutinee(c: &mut Compiler<'_>, scrut: Ex, prelude: &mut Code) -> (String, Ty) {
    let ty = scrut.ty.clone();
    if let Some(name) = scrut.code.as_plain()
        && !name.is_empty()
        && name.chars().all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '$')
    {
        return (name.to_owned(), ty);
    }
    let tmp = c.scopes.temp("m");
    prelude.text("const ").text(&tmp).text("=").code(scrut.at(prec::ARROW)).text(";");
    (tmp, ty)
}

/// `if let <pat> = <scrut>`: the prelude and the test; bindings are declared in the
/// current scope.
pub(crate) fn if_let(c: &mut Compiler<'_>, pat: &Pat, scrut: Ex) -> (Code, Code) {
    let mut prelude = Code::default();
    let (name, ty) = scrutinee(c, scrut, &mut prelude);
    let mut cover = Cover::default();
    let test = test(c, pat, &name, &ty, &mut cover).unwrap_or_else(|| Code::new("true"));
    (test, prelude)
}

pub(crate) fn match_(c: &mut Compiler<'_>, m: &syn::ExprMatch, sink: &Sink, out: &mut Code) -> Ty {
    let scrut = c.expr(&m.expr, None);
    let (name, ty) = scrutinee(c, scrut, out);
    let mut cover = Cover::default();
    let mut result: Option<Ty> = None;
    let mut first = true;
    for arm in &m.arms {
        if cover.all {
            c.error(&arm.pat, "unreachable arm: an earlier arm matches everything");
            continue;
        }
        c.scopes.push();
        let guarded = arm.guard.is_some();
        let mut arm_cover = Cover::default();
        let t = test(c, &arm.pat, &name, &ty, &mut arm_cover);
        if arm_cover.refused {
            c.scopes.pop();
            continue;
        }
        let guard = arm.guard.as_ref().map(|(_, g)| {
            let ex = c.expr(g, Some(&Ty::Bool));
            c.expect(g, &ex, &Ty::Bool);
            ex
        });
        if !guarded {
            cover.all |= arm_cover.all;
            cover.null |= arm_cover.null;
            cover.some_all |= arm_cover.some_all;
            cover.bools[0] |= arm_cover.bools[0];
            cover.bools[1] |= arm_cover.bools[1];
            cover.variants.extend(arm_cover.variants);
        }
        let cond = match (t, guard) {
            (None, None) => None,
            (None, Some(g)) => Some(g.code),
            (Some(t), None) => Some(t),
            (Some(t), Some(g)) => {
                let mut code = t.wrap("(", ")&&");
                code.code(g.at(prec::AND + 1));
                Some(code)
            }
        };
        let exhausted = cond.is_none() || complete(&cover, &ty, c);
        match (&cond, first) {
            (Some(cond), true) if !exhausted => {
                out.text("if(").code(cond.clone()).text("){");
            }
            (Some(cond), false) if !exhausted => {
                out.text("else if(").code(cond.clone()).text("){");
            }
            (_, true) => {
                out.text("{");
            }
            (_, false) => {
                out.text("else{");
            }
        }
        let arm_ty = branch(c, &arm.body, sink, out);
        out.text("}");
        c.scopes.pop();
        first = false;
        result = Some(match result {
            None => arm_ty,
            Some(prev) => c.unify(&arm.body, prev, arm_ty, sink),
        });
        if exhausted {
            cover.all = true;
        }
    }
    if !cover.all {
        c.error(&m.expr, "non-exhaustive `match`: add a `_ =>` arm (or cover every value)");
    }
    result.unwrap_or(Ty::Unit)
}

/// Whether the arms so far cover every value of `ty`.
fn complete(cover: &Cover, ty: &Ty, c: &Compiler<'_>) -> bool {
    cover.all
        || match ty {
            Ty::Bool => cover.bools == [true, true],
            Ty::Option(_) | Ty::Result(_) => cover.null && cover.some_all,
            Ty::Enum(name) => c
                .enums
                .iter()
                .find(|(n, _)| n == name)
                .is_some_and(|(_, vs)| vs.iter().all(|v| cover.variants.contains(v))),
            _ => false,
        }
}

/// An arm's body, its value going to `sink`.
fn branch(c: &mut Compiler<'_>, body: &Expr, sink: &Sink, out: &mut Code) -> Ty {
    match body {
        Expr::Block(b) if b.label.is_none() => c.block(&b.block, sink, out),
        e => c.tail(e, sink, out),
    }
}

/// The test `pat` makes on `name` (of type `ty`); `None` when it always matches.
fn test(c: &mut Compiler<'_>, pat: &Pat, name: &str, ty: &Ty, cover: &mut Cover) -> Option<Code> {
    let eq = |lit: Ex| {
        let mut code = Code::new(name);
        code.text("===").code(lit.operand(prec::EQ + 1));
        code
    };
    match pat {
        Pat::Wild(_) => {
            cover.all = true;
            None
        }
        Pat::Paren(p) => test(c, &p.pat, name, ty, cover),
        Pat::Ident(pi) if pi.ident == "None" && pi.subpat.is_none() => {
            if !matches!(ty, Ty::Option(_) | Ty::Unknown) {
                c.error(pat, format!("`None` cannot match {ty}"));
            }
            cover.null = true;
            Some(Code::new(format!("{name}===null")))
        }
        Pat::Ident(pi) => {
            if pi.by_ref.is_some() || pi.mutability.is_some() || pi.subpat.is_some() {
                c.error(pat, "a binding in a js! pattern is a plain name (no `ref`, `mut` or `@`)");
            }
            let var = Var { js: name.to_owned(), ty: ty.clone(), mutable: false };
            c.scopes.alias(&pi.ident.to_string(), var);
            cover.all = true;
            None
        }
        Pat::Lit(l) => {
            let lit = c.expr(&Expr::Lit(l.clone()), Some(ty));
            let target = match ty {
                Ty::Option(t) => t,
                t => t,
            };
            if !Compiler::fits(&lit.ty, target) {
                c.error(pat, format!("this pattern is {}, the value is {ty}", lit.ty));
            }
            if let syn::Lit::Bool(b) = &l.lit {
                cover.bools[usize::from(b.value)] = true;
            }
            Some(eq(lit))
        }
        Pat::Range(r) => {
            let mut parts = Vec::new();
            if let Some(lo) = &r.start {
                let lo = c.expr(lo, Some(ty));
                c.need_number(r.start.as_deref().expect("start"), &lo);
                let mut code = Code::new(format!("{name}>="));
                code.code(lo.operand(prec::REL + 1));
                parts.push(code);
            }
            if let Some(hi) = &r.end {
                let op = if matches!(r.limits, syn::RangeLimits::Closed(_)) { "<=" } else { "<" };
                let hi = c.expr(hi, Some(ty));
                let mut code = Code::new(format!("{name}{op}"));
                code.code(hi.operand(prec::REL + 1));
                parts.push(code);
            }
            let mut code = Code::default();
            for (i, p) in parts.into_iter().enumerate() {
                if i > 0 {
                    code.text("&&");
                }
                code.code(p);
            }
            Some(code.wrap("(", ")"))
        }
        Pat::Or(o) => {
            let mut code = Code::default();
            for (i, case) in o.cases.iter().enumerate() {
                if i > 0 {
                    code.text("||");
                }
                match test(c, case, name, ty, cover) {
                    Some(t) => {
                        code.code(t);
                    }
                    None => return None,
                }
            }
            Some(code.wrap("(", ")"))
        }
        Pat::TupleStruct(ts) if ts.qself.is_none() && ts.elems.len() == 1 => {
            let ctor = ts.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            let inner = match (ctor.as_str(), ty) {
                ("Some", Ty::Option(t)) | ("Ok", Ty::Result(t)) => (**t).clone(),
                ("Some" | "Ok", Ty::Unknown) => Ty::Unknown,
                ("Err", Ty::Result(_)) => {
                    if !matches!(ts.elems[0], Pat::Wild(_)) {
                        c.error(
                            &ts.elems[0],
                            "the error of `parse` has no value in js!: write `Err(_)`",
                        );
                    }
                    cover.null = true;
                    return Some(Code::new(format!("{name}===null")));
                }
                _ => {
                    c.error(pat, format!("this pattern cannot match {ty}; {PATTERNS}"));
                    return None;
                }
            };
            let mut inner_cover = Cover::default();
            let inner_test = test(c, &ts.elems[0], name, &inner, &mut inner_cover);
            cover.some_all |= inner_cover.all;
            match inner_test {
                None => Some(Code::new(format!("{name}!==null"))),
                // `null>=0` is true in JavaScript: the value is tested for `null` first.
                Some(t) => Some(Code::new(format!("{name}!==null&&")).code(t).clone()),
            }
        }
        Pat::Path(p) if p.qself.is_none() && p.path.segments.len() == 2 => {
            let e = c.expr(&Expr::Path(p.clone()), Some(ty));
            if !Compiler::fits(&e.ty, ty) {
                c.error(pat, format!("this pattern is {}, the value is {ty}", e.ty));
            }
            cover.variants.push(p.path.segments[1].ident.to_string());
            Some(eq(e))
        }
        _ => {
            c.error(pat, PATTERNS);
            cover.refused = true;
            Some(Code::new("false"))
        }
    }
}
