//! Expressions: literals, names, captures, operators with Rust's meaning, casts, closures, calls.

use syn::{BinOp, Expr, UnOp};

use super::code::Code;
use super::compile::{Compiler, Ex, Sink, err_ex, prec};
use super::ty::Ty;

/// What an unsupported expression is told instead.
pub(crate) const SUPPORTED: &str = "js! supports literals, `#captures`, local names, \
     `let`, `if`/`else`, `if let Some(x)`, `match`, `while`, `loop`, `for` over ranges, arrays and \
     `.chars()`, closures, arithmetic, comparison and boolean operators, `as` between number \
     types, `format!`, `vec!`, `Some`/`None`, string, number, option and array methods, and \
     the DOM API (`el(..)`, `event`, `set_timeout`, `console_log`)";

/// The prefix of the identifiers that stand for `#captures` after preprocessing.
pub(crate) const CAPTURE: &str = "__n2o_capture_";

/// Whether `e` is an expression in JavaScript too (an `if` whose branches are single
/// expressions becomes `c?a:b`); otherwise it needs statements and a [`Sink`].
pub(crate) fn is_simple(e: &Expr) -> bool {
    match e {
        Expr::Paren(p) => is_simple(&p.expr),
        Expr::Group(g) => is_simple(&g.expr),
        Expr::Block(b) => b.label.is_none() && simple_block(&b.block),
        Expr::If(i) => {
            !matches!(*i.cond, Expr::Let(_))
                && simple_block(&i.then_branch)
                && i.else_branch.as_ref().is_some_and(|(_, e)| is_simple(e))
        }
        Expr::Match(_) | Expr::While(_) | Expr::ForLoop(_) | Expr::Loop(_) => false,
        _ => true,
    }
}

fn simple_block(b: &syn::Block) -> bool {
    match b.stmts.as_slice() {
        [syn::Stmt::Expr(e, None)] => is_simple(e),
        _ => false,
    }
}

impl Compiler<'_> {
    /// Compiles `e` to a JavaScript expression; `want` is the type the context expects, used
    /// for captures (`#x`) and `None`, which carry none of their own.
    pub(crate) fn expr(&mut self, e: &Expr, want: Option<&Ty>) -> Ex {
        match e {
            Expr::Lit(l) => self.lit(&l.lit),
            Expr::Paren(p) => self.expr(&p.expr, want),
            Expr::Group(g) => self.expr(&g.expr, want),
            Expr::Reference(r) => self.expr(&r.expr, want),
            Expr::Path(p) => self.path(p, want),
            Expr::Unary(u) => self.unary(u, want),
            Expr::Binary(b) => self.binary(b, want),
            Expr::Assign(a) => {
                let (target, ty) = self.place(&a.left);
                let value = self.expr(&a.right, Some(&ty));
                self.expect(&a.right, &value, &ty);
                let mut c = target;
                c.text("=").code(value.at(prec::ARROW));
                Ex::new(c, Ty::Unit, prec::ARROW)
            }
            Expr::Cast(c) => self.cast(c),
            Expr::Call(c) => self.call(c, want),
            Expr::MethodCall(m) => self.method(m, want),
            Expr::Macro(m) => super::format::mac(self, &m.mac, want),
            Expr::Closure(c) => self.closure(c, want),
            Expr::Array(a) => {
                let item = match want {
                    Some(Ty::Array(t)) => Some((**t).clone()),
                    _ => None,
                };
                let items = a.elems.iter().cloned().collect::<Vec<_>>();
                self.array(&items, item, e)
            }
            Expr::Repeat(r) => {
                let item = self.expr(&r.expr, None);
                let n = self.expr(&r.len, Some(&Ty::Int));
                self.expect(&r.len, &n, &Ty::Int);
                let mut c = Code::new("new Array(");
                c.code(n.code).text(").fill(").code(item.code).text(")");
                Ex::new(c, Ty::Array(Box::new(item.ty)), prec::ATOM)
            }
            Expr::Index(i) => {
                let base = self.expr(&i.expr, None);
                let item = match &base.ty {
                    Ty::Array(t) => (**t).clone(),
                    Ty::Unknown => Ty::Unknown,
                    Ty::Str => {
                        return err_ex(
                            self.cx,
                            i,
                            "strings cannot be indexed in js! (Rust indexes UTF-8 bytes); use `.chars()`",
                        );
                    }
                    t => {
                        return err_ex(
                            self.cx,
                            &i.expr,
                            format!("only arrays can be indexed, not {t}"),
                        );
                    }
                };
                if let Expr::Range(r) = &*i.index {
                    return err_ex(self.cx, r, "slicing is not supported in js!");
                }
                let idx = self.expr(&i.index, Some(&Ty::Int));
                self.expect(&i.index, &idx, &Ty::Int);
                let mut c = base.at(prec::ATOM);
                c.text("[").code(idx.code).text("]");
                Ex::new(c, item, prec::ATOM)
            }
            Expr::If(i) if is_simple(e) => {
                let cond = self.expr(&i.cond, Some(&Ty::Bool));
                self.expect(&i.cond, &cond, &Ty::Bool);
                let then = self.block_expr(&i.then_branch, want);
                let els = self.expr(&i.else_branch.as_ref().expect("simple if has else").1, want);
                let ty = self.unify(i, then.ty.clone(), els.ty.clone(), &Sink::Return);
                let mut c = cond.at(prec::OR);
                c.text("?").code(then.at(prec::ARROW)).text(":").code(els.at(prec::ARROW));
                Ex::new(c, ty, prec::COND)
            }
            Expr::Block(b) if is_simple(e) => self.block_expr(&b.block, want),
            Expr::If(_) | Expr::Match(_) | Expr::Block(_) => err_ex(
                self.cx,
                e,
                "here this must be a single expression; bind it first (`let x = match .. {..};`) or use it as a statement",
            ),
            Expr::While(_) | Expr::ForLoop(_) | Expr::Loop(_) => {
                err_ex(self.cx, e, "a loop is a statement in js!, not a value")
            }
            Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => {
                err_ex(self.cx, e, "`return`, `break` and `continue` are statements in js!")
            }
            Expr::Tuple(t) if t.elems.is_empty() => Ex::atom("undefined", Ty::Unit),
            Expr::Try(t) => err_ex(
                self.cx,
                t,
                "the `?` operator is not supported in js!; use `match` or `if let`",
            ),
            Expr::Let(l) => err_ex(self.cx, l, "`let` expressions are supported in `if let` only"),
            Expr::Range(r) => err_ex(self.cx, r, "ranges are supported in `for` loops only"),
            Expr::Field(f) => {
                err_ex(self.cx, f, format!("field access is not supported. {SUPPORTED}"))
            }
            _ => err_ex(self.cx, e, format!("unsupported expression. {SUPPORTED}")),
        }
    }

    /// A block that is one expression.
    fn block_expr(&mut self, b: &syn::Block, want: Option<&Ty>) -> Ex {
        match b.stmts.as_slice() {
            [syn::Stmt::Expr(e, None)] => self.expr(e, want),
            _ => err_ex(self.cx, b, "expected a single expression"),
        }
    }

    pub(crate) fn array(&mut self, items: &[Expr], mut item: Option<Ty>, at: &Expr) -> Ex {
        let mut c = Code::new("[");
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                c.text(",");
            }
            let ex = self.expr(e, item.as_ref());
            match &item {
                Some(t) => self.expect(e, &ex, t),
                None => item = Some(ex.ty.clone()),
            }
            c.code(ex.at(prec::ARROW));
        }
        c.text("]");
        let Some(item) = item else {
            return err_ex(
                self.cx,
                at,
                "the type of an empty array is not known; annotate it: `let a: Vec<i32> = vec![];`",
            );
        };
        Ex::new(c, Ty::Array(Box::new(item)), prec::ATOM)
    }

    fn lit(&mut self, lit: &syn::Lit) -> Ex {
        match lit {
            syn::Lit::Int(i) => {
                let float = matches!(i.suffix(), "f32" | "f64");
                let digits = i.base10_digits();
                if !float
                    && digits.len() > 15
                    && digits.parse::<i64>().is_ok_and(|v| v.unsigned_abs() > (1 << 53))
                {
                    self.error(
                        i,
                        "this integer is beyond 2^53, where JavaScript numbers are no longer exact",
                    );
                }
                let ty = if float { Ty::Float } else { Ty::Int };
                Ex::new(Code::new(digits), ty, number_prec(digits))
            }
            syn::Lit::Float(f) => {
                let digits = f.base10_digits();
                Ex::new(Code::new(digits), Ty::Float, number_prec(digits))
            }
            syn::Lit::Str(s) => Ex::atom(quote_js(&s.value()), Ty::Str),
            syn::Lit::Char(c) => Ex::atom(quote_js(&c.value().to_string()), Ty::Str),
            syn::Lit::Bool(b) => Ex::atom(if b.value { "true" } else { "false" }, Ty::Bool),
            other => err_ex(
                self.cx,
                other,
                "supported literals: integers, floats, strings, chars and booleans",
            ),
        }
    }

    fn path(&mut self, p: &syn::ExprPath, want: Option<&Ty>) -> Ex {
        if p.qself.is_some() {
            return err_ex(self.cx, p, "qualified paths are not supported in js!");
        }
        let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        match segs.as_slice() {
            [name] => {
                if let Some(index) = name.strip_prefix(CAPTURE) {
                    return match index.parse::<usize>() {
                        Ok(i) if i < self.captures.len() => self.capture(i, want),
                        _ => err_ex(
                            self.cx,
                            p,
                            format!("names starting with `{CAPTURE}` are reserved for js!"),
                        ),
                    };
                }
                if let Some(var) = self.scopes.get(name) {
                    return Ex::atom(var.js.clone(), var.ty.clone());
                }
                if *name == "None" {
                    let ty = match want {
                        Some(t @ Ty::Option(_)) => t.clone(),
                        _ => Ty::Option(Box::new(Ty::Unknown)),
                    };
                    return Ex::atom("null", ty);
                }
                err_ex(
                    self.cx,
                    p,
                    format!(
                        "`{name}` is not a local name here; a Rust value from outside is captured as `#{name}`"
                    ),
                )
            }
            [ty, konst] => {
                if let Some((name, variants)) = self.enums.iter().find(|(n, _)| n == ty) {
                    if variants.iter().any(|v| v == konst) {
                        return Ex::atom(quote_js(konst), Ty::Enum(name.clone()));
                    }
                    return err_ex(self.cx, p, format!("`{ty}` has no variant `{konst}`"));
                }
                match constant(ty, konst) {
                    Some((js, ty)) => Ex::new(Code::new(js), ty, number_prec(js)),
                    None => err_ex(
                        self.cx,
                        p,
                        "unknown path; js! knows `i32::MAX`/`MIN` (and the other integer types'), `f64::MAX`/`MIN`/`INFINITY`/`NEG_INFINITY`/`NAN`/`EPSILON`, and variants of enums declared in the block",
                    ),
                }
            }
            _ => err_ex(self.cx, p, format!("unknown path. {SUPPORTED}")),
        }
    }

    fn capture(&mut self, index: usize, want: Option<&Ty>) -> Ex {
        let expr = self.captures[index].clone();
        match want.filter(|t| **t != Ty::Unknown) {
            Some(ty) => match ty.kind() {
                Some(kind) => Ex::new(Code::capture(expr, Some(kind)), ty.clone(), prec::ATOM),
                None => err_ex(self.cx, &expr, format!("a captured value cannot be {ty}")),
            },
            None => Ex::new(Code::capture(expr, None), Ty::Unknown, prec::ATOM),
        }
    }

    fn unary(&mut self, u: &syn::ExprUnary, want: Option<&Ty>) -> Ex {
        match u.op {
            UnOp::Deref(_) => self.expr(&u.expr, want),
            UnOp::Not(_) => {
                let ex = self.expr(&u.expr, Some(&Ty::Bool));
                if ex.ty.is_number() {
                    return err_ex(self.cx, u, "bitwise `!` is not supported in js!");
                }
                self.expect(&u.expr, &ex, &Ty::Bool);
                let c = ex.at(prec::UNARY).wrap("!", "");
                Ex::new(c, Ty::Bool, prec::UNARY)
            }
            UnOp::Neg(_) => {
                let ex = self.expr(&u.expr, want);
                self.need_number(&u.expr, &ex);
                let ty = ex.ty.clone();
                let c = ex.operand(prec::UNARY).wrap("-", "");
                Ex::new(c, ty, prec::UNARY)
            }
            _ => err_ex(self.cx, u, "unsupported operator"),
        }
    }

    pub(crate) fn need_number(&self, at: &Expr, ex: &Ex) {
        match ex.ty {
            Ty::Int | Ty::Float => {}
            Ty::Unknown if ex.code.as_plain().is_none() => self.error(
                at,
                "the type of this captured value is not known; bind it with a type first: `let n: i32 = #n;`",
            ),
            Ty::Unknown => {}
            ref t => self.error(at, format!("expected a number, found {t}")),
        }
    }

    /// Both operands of a binary operator, the one with a known type compiled first so a
    /// capture on the other side takes its type.
    fn operands(&mut self, b: &syn::ExprBinary, want: Option<&Ty>) -> (Ex, Ex) {
        if is_capture(&b.left) && !is_capture(&b.right) {
            let r = self.expr(&b.right, want);
            let l = self.expr(&b.left, Some(&r.ty));
            (l, r)
        } else {
            let l = self.expr(&b.left, want);
            let r = self.expr(&b.right, Some(&l.ty));
            (l, r)
        }
    }

    fn binary(&mut self, b: &syn::ExprBinary, want: Option<&Ty>) -> Ex {
        use BinOp::*;
        match b.op {
            And(_) | Or(_) => {
                let (l, r) = self.operands(b, Some(&Ty::Bool));
                self.expect(&b.left, &l, &Ty::Bool);
                self.expect(&b.right, &r, &Ty::Bool);
                let (op, p) =
                    if matches!(b.op, And(_)) { ("&&", prec::AND) } else { ("||", prec::OR) };
                self.infix(l, op, r, p, Ty::Bool)
            }
            Eq(_) | Ne(_) => {
                let (l, r) = self.operands(b, None);
                if !Self::fits(&l.ty, &r.ty) {
                    self.error(b, format!("cannot compare {} with {}", l.ty, r.ty));
                }
                if matches!(l.ty, Ty::Array(_) | Ty::Fn(..) | Ty::Elem | Ty::Event) {
                    self.error(b, format!("{} cannot be compared in js!", l.ty));
                }
                let op = if matches!(b.op, Eq(_)) { "===" } else { "!==" };
                self.infix(l, op, r, prec::EQ, Ty::Bool)
            }
            Lt(_) | Le(_) | Gt(_) | Ge(_) => {
                let (l, r) = self.operands(b, None);
                if l.ty == Ty::Str || r.ty == Ty::Str {
                    return err_ex(
                        self.cx,
                        b,
                        "strings cannot be ordered in js!: Rust orders UTF-8 bytes, JavaScript UTF-16 units",
                    );
                }
                self.same_number(b, &l, &r);
                let op = match b.op {
                    Lt(_) => "<",
                    Le(_) => "<=",
                    Gt(_) => ">",
                    _ => ">=",
                };
                self.infix(l, op, r, prec::REL, Ty::Bool)
            }
            Add(_) | Sub(_) | Mul(_) | Div(_) | Rem(_) => {
                let (l, r) = self.operands(b, want);
                let ty = if matches!(b.op, Add(_)) && l.ty == Ty::Str {
                    self.expect(&b.right, &r, &Ty::Str);
                    Ty::Str
                } else {
                    self.same_number(b, &l, &r)
                };
                arith(l, b.op, r, ty)
            }
            AddAssign(_) | SubAssign(_) | MulAssign(_) | DivAssign(_) | RemAssign(_) => {
                let (target, ty) = self.place(&b.left);
                let r = self.expr(&b.right, Some(&ty));
                let l = Ex::new(target.clone(), ty.clone(), prec::ATOM);
                let op = match b.op {
                    AddAssign(t) => Add(syn::Token![+](t.spans[0])),
                    SubAssign(t) => Sub(syn::Token![-](t.spans[0])),
                    MulAssign(t) => Mul(syn::Token![*](t.spans[0])),
                    DivAssign(t) => Div(syn::Token![/](t.spans[0])),
                    RemAssign(t) => Rem(syn::Token![%](t.spans[0])),
                    _ => unreachable!("matched above"),
                };
                if ty == Ty::Str && matches!(op, Add(_)) {
                    self.expect(&b.right, &r, &Ty::Str);
                } else {
                    let r_ty = r.ty.clone();
                    self.same_number(b, &l, &r);
                    let _ = r_ty;
                }
                let value = arith(l, op, r, ty);
                let mut c = target;
                c.text("=").code(value.at(prec::ARROW));
                Ex::new(c, Ty::Unit, prec::ARROW)
            }
            _ => err_ex(
                self.cx,
                b,
                "bitwise and shift operators are not supported in js!; supported operators: + - * / % == != < <= > >= && || !",
            ),
        }
    }

    /// Checks that two operands are numbers of one kind (Rust mixes none) and returns it.
    fn same_number(&self, b: &syn::ExprBinary, l: &Ex, r: &Ex) -> Ty {
        self.need_number(&b.left, l);
        self.need_number(&b.right, r);
        match (&l.ty, &r.ty) {
            (Ty::Int, Ty::Float) | (Ty::Float, Ty::Int) => {
                self.error(
                    b,
                    "an integer and a float cannot be mixed; convert one with `as f64` or `as i32`",
                );
                Ty::Unknown
            }
            (Ty::Unknown, t) | (t, _) => t.clone(),
        }
    }

    pub(crate) fn infix(&self, l: Ex, op: &str, r: Ex, p: u8, ty: Ty) -> Ex {
        let mut c = l.at(p);
        c.text(op).code(r.operand(p + 1));
        Ex::new(c, ty, p)
    }

    /// An assignable place: a `mut` local, or an element of a `mut` local array.
    fn place(&mut self, e: &Expr) -> (Code, Ty) {
        match e {
            Expr::Path(p) if p.path.get_ident().is_some() => {
                let name = p.path.get_ident().expect("an ident").to_string();
                match self.scopes.get(&name) {
                    Some(v) if v.mutable => (Code::new(v.js.clone()), v.ty.clone()),
                    Some(v) => {
                        let ty = v.ty.clone();
                        self.error(
                            e,
                            format!("`{name}` is not `mut`: declare it `let mut {name}`"),
                        );
                        (Code::new(v.js.clone()), ty)
                    }
                    None => {
                        self.error(e, format!("`{name}` is not a local name here"));
                        (Code::new("undefined"), Ty::Unknown)
                    }
                }
            }
            Expr::Index(i) => {
                let (base, ty) = self.place(&i.expr);
                let item = match ty {
                    Ty::Array(t) => *t,
                    _ => Ty::Unknown,
                };
                let idx = self.expr(&i.index, Some(&Ty::Int));
                self.expect(&i.index, &idx, &Ty::Int);
                let mut c = base;
                c.text("[").code(idx.code).text("]");
                (c, item)
            }
            Expr::Unary(syn::ExprUnary { op: UnOp::Deref(_), expr, .. })
            | Expr::Paren(syn::ExprParen { expr, .. }) => self.place(expr),
            _ => {
                self.error(e, "only a `mut` local or an element of one can be assigned in js!");
                (Code::new("undefined"), Ty::Unknown)
            }
        }
    }

    fn cast(&mut self, c: &syn::ExprCast) -> Ex {
        let to = self.ty(&c.ty);
        let ex = self.expr(&c.expr, None);
        self.need_number(&c.expr, &ex);
        match (&ex.ty, &to) {
            // Rust truncates toward zero, saturates at the target's bounds, and maps NaN to 0;
            // js! truncates only (see the docs).
            (Ty::Float, Ty::Int) => {
                let code = ex.code.wrap("Math.trunc(", ")");
                Ex::new(code, Ty::Int, prec::ATOM)
            }
            // An integer can be -0 in JavaScript (`0 * -1`, `-1 % 1`); it equals 0 and prints
            // as 0, and `+0` makes it 0 before float arithmetic (`1.0 / x`) could tell.
            (Ty::Int, Ty::Float) => {
                let mut code = ex.at(prec::ADD);
                code.text("+0");
                Ex::new(code, Ty::Float, prec::ADD)
            }
            (_, Ty::Int | Ty::Float) => Ex { ty: to, ..ex },
            _ => err_ex(self.cx, &c.ty, "`as` converts between number types only in js!"),
        }
    }

    fn closure(&mut self, c: &syn::ExprClosure, want: Option<&Ty>) -> Ex {
        if c.asyncness.is_some() || c.constness.is_some() || c.lifetimes.is_some() {
            return err_ex(
                self.cx,
                c,
                "only plain closures (`|x: i32| ..`, `move || ..`) are supported",
            );
        }
        let hinted: Vec<Ty> = match want {
            Some(Ty::Fn(params, _)) => params.clone(),
            _ => Vec::new(),
        };
        self.scopes.push();
        let mut params = Vec::new();
        let mut tys = Vec::new();
        for (i, p) in c.inputs.iter().enumerate() {
            let (pat, ty) = match p {
                syn::Pat::Type(pt) => (&*pt.pat, self.ty(&pt.ty)),
                other => match hinted.get(i) {
                    Some(t) => (other, t.clone()),
                    None => {
                        self.error(
                            other,
                            "closure parameters need a type in js!: `|v: &str|`, `|n: i32|`",
                        );
                        (other, Ty::Unknown)
                    }
                },
            };
            let name = match pat {
                syn::Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() => {
                    self.scopes.declare(&pi.ident.to_string(), ty.clone(), pi.mutability.is_some())
                }
                syn::Pat::Wild(_) => self.scopes.temp("_"),
                other => {
                    self.error(other, "a closure parameter is a name (`v`, `mut v`) or `_`");
                    "_".to_owned()
                }
            };
            params.push(name);
            tys.push(ty);
        }
        let declared = match &c.output {
            syn::ReturnType::Default => None,
            syn::ReturnType::Type(_, t) => Some(self.ty(t)),
        };
        self.returns.push(declared.clone());
        let saved_loops = std::mem::take(&mut self.loops);
        let mut c_out = Code::new(format!("({})=>", params.join(",")));
        let body = ungroup(&c.body);
        let ret = if is_simple(body) && !matches!(body, Expr::Block(_)) {
            let body = self.expr(body, declared.as_ref());
            let ty = body.ty.clone();
            c_out.code(body.at(prec::ARROW));
            ty
        } else {
            c_out.text("{");
            let t = match body {
                Expr::Block(b) if b.label.is_none() => {
                    self.block(&b.block, &Sink::Return, &mut c_out)
                }
                other => self.control(other, &Sink::Return, &mut c_out),
            };
            c_out.text("}");
            t
        };
        self.loops = saved_loops;
        let returned = self.returns.pop().flatten();
        self.scopes.pop();
        let ret = match (declared, returned) {
            (Some(d), _) => d,
            (None, Some(r)) if ret == Ty::Unit => r,
            (None, _) => ret,
        };
        Ex::new(c_out, Ty::Fn(tys, Box::new(ret)), prec::ARROW)
    }

    fn call(&mut self, c: &syn::ExprCall, want: Option<&Ty>) -> Ex {
        let args: Vec<&Expr> = c.args.iter().collect();
        let Expr::Path(p) = &*c.func else {
            return err_ex(
                self.cx,
                &c.func,
                "only named functions and closures can be called in js!",
            );
        };
        let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
        match segs.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["Some"] if args.len() == 1 => {
                let inner_want = match want {
                    Some(Ty::Option(t)) => Some((**t).clone()),
                    _ => None,
                };
                let ex = self.expr(args[0], inner_want.as_ref());
                if matches!(ex.ty, Ty::Option(_)) {
                    self.error(
                        c,
                        "`Option<Option<T>>` is not supported: both `None`s would be `null`",
                    );
                }
                let ty = Ty::Option(Box::new(ex.ty.clone()));
                Ex { ty, ..ex }
            }
            ["String", "new"] if args.is_empty() => Ex::atom("''", Ty::Str),
            ["String", "from"] if args.len() == 1 => {
                let ex = self.expr(args[0], Some(&Ty::Str));
                self.expect(args[0], &ex, &Ty::Str);
                ex
            }
            ["Vec", "new"] if args.is_empty() => match want {
                Some(t @ Ty::Array(_)) => Ex::atom("[]", t.clone()),
                _ => err_ex(
                    self.cx,
                    c,
                    "the type of an empty `Vec` is not known; annotate it: `let v: Vec<i32> = Vec::new();`",
                ),
            },
            [name] if self.scopes.get(name).is_some() => {
                let var = self.scopes.get(name).cloned().expect("checked");
                let Ty::Fn(params, ret) = var.ty else {
                    return err_ex(
                        self.cx,
                        &c.func,
                        format!("`{name}` is {}, not a closure", var.ty),
                    );
                };
                if params.len() != args.len() {
                    return err_ex(
                        self.cx,
                        c,
                        format!("`{name}` takes {} arguments", params.len()),
                    );
                }
                let mut code = Code::new(format!("{}(", var.js));
                for (i, (a, t)) in args.iter().zip(&params).enumerate() {
                    if i > 0 {
                        code.text(",");
                    }
                    let ex = self.expr(a, Some(t));
                    self.expect(a, &ex, t);
                    code.code(ex.at(prec::ARROW));
                }
                code.text(")");
                Ex::new(code, *ret, prec::ATOM)
            }
            [name] => {
                self.uses_dom = true;
                super::dom::function(self, c, name, &args)
            }
            _ => err_ex(self.cx, &c.func, format!("unknown function. {SUPPORTED}")),
        }
    }
}

/// `e` without the invisible groups a `macro_rules!` fragment (`$body:block`) arrives in.
pub(crate) fn ungroup(e: &Expr) -> &Expr {
    match e {
        Expr::Group(g) => ungroup(&g.expr),
        e => e,
    }
}

fn is_capture(e: &Expr) -> bool {
    match e {
        Expr::Path(p) => p.path.get_ident().is_some_and(|i| i.to_string().starts_with(CAPTURE)),
        Expr::Paren(p) => is_capture(&p.expr),
        Expr::Reference(r) => is_capture(&r.expr),
        _ => false,
    }
}

/// `+ - * / %` with Rust's meaning: integer `/` truncates toward zero.
fn arith(l: Ex, op: BinOp, r: Ex, ty: Ty) -> Ex {
    let (sym, p) = match op {
        BinOp::Add(_) => ("+", prec::ADD),
        BinOp::Sub(_) => ("-", prec::ADD),
        BinOp::Mul(_) => ("*", prec::MUL),
        BinOp::Div(_) => ("/", prec::MUL),
        _ => ("%", prec::MUL),
    };
    let mut c = l.at(p);
    c.text(sym).code(r.operand(p + 1));
    if matches!(op, BinOp::Div(_)) && ty == Ty::Int {
        return Ex::new(c.wrap("Math.trunc(", ")"), ty, prec::ATOM);
    }
    Ex::new(c, ty, p)
}

/// A number literal's precedence: a negative one is a unary expression.
fn number_prec(text: &str) -> u8 {
    if text.starts_with('-') { prec::UNARY } else { prec::NUMBER }
}

/// `'text'`, escaped by the same rules as the runtime's `n2o::js::quote`.
pub(crate) fn quote_js(text: &str) -> String {
    let mut out = String::from("'");
    super::escape::escape_into(text, &mut out);
    out.push('\'');
    out
}

/// The numeric constants js! knows.
fn constant(ty: &str, name: &str) -> Option<(&'static str, Ty)> {
    let int = |min: &'static str, max: &'static str| match name {
        "MIN" => Some((min, Ty::Int)),
        "MAX" => Some((max, Ty::Int)),
        _ => None,
    };
    match ty {
        "i8" => int("-128", "127"),
        "i16" => int("-32768", "32767"),
        "i32" => int("-2147483648", "2147483647"),
        "u8" => int("0", "255"),
        "u16" => int("0", "65535"),
        "u32" => int("0", "4294967295"),
        "f64" => Some(match name {
            "MAX" => ("Number.MAX_VALUE", Ty::Float),
            "MIN" => ("-Number.MAX_VALUE", Ty::Float),
            "INFINITY" => ("Infinity", Ty::Float),
            "NEG_INFINITY" => ("-Infinity", Ty::Float),
            "NAN" => ("NaN", Ty::Float),
            "EPSILON" => ("Number.EPSILON", Ty::Float),
            _ => return None,
        }),
        _ => None,
    }
}
