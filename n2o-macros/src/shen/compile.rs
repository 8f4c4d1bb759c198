//! The compiler's state and its statements: blocks, `let`, `if`, `match`, loops, and where a block's value goes.

use quote::ToTokens;
use syn::{Block, Expr, Pat, Stmt};

use super::code::Code;
use super::scope::Scopes;
use super::ty::{self, Ty};
use crate::ctxt::Ctxt;

/// Where the value of a block's tail expression goes.
#[derive(Clone, Debug)]
pub(crate) enum Sink {
    /// Nowhere: evaluated for its effects.
    Discard,
    /// `return <value>;` from the enclosing function.
    Return,
    /// `<name>=<value>;`: a `let` whose value is an `if`, `match` or block.
    Assign(String),
}

/// A compiled expression: its code, type, and JavaScript precedence (for parentheses).
#[derive(Clone, Debug)]
pub(crate) struct Ex {
    pub(crate) code: Code,
    pub(crate) ty: Ty,
    pub(crate) prec: u8,
}

/// JavaScript precedences, higher binds tighter.
pub(crate) mod prec {
    pub(crate) const ATOM: u8 = 20;
    /// A number literal: `5.x` would not parse, so it is parenthesised as a receiver.
    pub(crate) const NUMBER: u8 = 19;
    pub(crate) const UNARY: u8 = 15;
    pub(crate) const MUL: u8 = 13;
    pub(crate) const ADD: u8 = 12;
    pub(crate) const REL: u8 = 10;
    pub(crate) const EQ: u8 = 9;
    pub(crate) const AND: u8 = 5;
    pub(crate) const OR: u8 = 4;
    pub(crate) const COND: u8 = 3;
    pub(crate) const ARROW: u8 = 2;
}

impl Ex {
    pub(crate) fn new(code: Code, ty: Ty, prec: u8) -> Ex {
        Ex { code, ty, prec }
    }

    pub(crate) fn atom(text: impl Into<String>, ty: Ty) -> Ex {
        Ex::new(Code::new(text), ty, prec::ATOM)
    }

    /// The code, parenthesised unless it binds at least as tight as `min`.
    pub(crate) fn at(self, min: u8) -> Code {
        if self.prec < min { self.code.wrap("(", ")") } else { self.code }
    }

    /// The code as an operand after an operator: also parenthesised when it starts with a
    /// sign, so `a - -b` never becomes `a--b`.
    pub(crate) fn operand(self, min: u8) -> Code {
        let signed = matches!(
            self.code.parts.first(),
            Some(super::code::Part::Text(t)) if t.starts_with(['-', '+'])
        );
        if signed { self.code.wrap("(", ")") } else { self.at(min) }
    }
}

/// One `js!` invocation being compiled.
pub(crate) struct Compiler<'a> {
    pub(crate) cx: &'a Ctxt,
    pub(crate) scopes: Scopes,
    /// The Rust expressions of `#name`/`#(expr)`, by the index of their placeholder.
    pub(crate) captures: Vec<Expr>,
    /// The C-like enums declared in the block, with their variants.
    pub(crate) enums: Vec<(String, Vec<String>)>,
    /// The declared result of each enclosing closure (`None`: not known yet).
    pub(crate) returns: Vec<Option<Ty>>,
    pub(crate) loops: usize,
    /// Whether this is a block (a `bind` body, with `event`), not a closure.
    pub(crate) block_mode: bool,
    /// Whether the code sends a postback, so it starts by keeping `event.currentTarget`.
    pub(crate) postbacks: bool,
    /// Whether the code uses the DOM API or declares enums: then there is no Rust twin of a
    /// closure to run on the server.
    pub(crate) uses_dom: bool,
}

/// An error at `tokens`, returning a value that every check accepts so errors do not cascade.
pub(crate) fn err_ex(cx: &Ctxt, tokens: impl ToTokens, msg: impl std::fmt::Display) -> Ex {
    cx.error_spanned_by(tokens, format!("js!: {msg}"));
    Ex::atom("undefined", Ty::Unknown)
}

impl<'a> Compiler<'a> {
    pub(crate) fn new(cx: &'a Ctxt, captures: Vec<Expr>) -> Self {
        let mut scopes = Scopes::default();
        scopes.push();
        Compiler {
            cx,
            scopes,
            captures,
            enums: Vec::new(),
            returns: Vec::new(),
            loops: 0,
            block_mode: false,
            postbacks: false,
            uses_dom: false,
        }
    }

    pub(crate) fn error(&self, tokens: impl ToTokens, msg: impl std::fmt::Display) {
        self.cx.error_spanned_by(tokens, format!("js!: {msg}"));
    }

    pub(crate) fn enum_names(&self) -> Vec<String> {
        self.enums.iter().map(|(n, _)| n.clone()).collect()
    }

    pub(crate) fn ty(&self, t: &syn::Type) -> Ty {
        match ty::from_syn(t, &self.enum_names()) {
            Ok(t) => t,
            Err(e) => {
                self.cx.push(e);
                Ty::Unknown
            }
        }
    }

    /// Whether a value of type `got` may go where `want` is expected; unknown types (from
    /// errors already reported) pass.
    pub(crate) fn fits(got: &Ty, want: &Ty) -> bool {
        match (got, want) {
            (Ty::Unknown, _) | (_, Ty::Unknown) => true,
            (Ty::Option(a), Ty::Option(b))
            | (Ty::Array(a), Ty::Array(b))
            | (Ty::Result(a), Ty::Result(b)) => Self::fits(a, b),
            (Ty::Fn(pa, ra), Ty::Fn(pb, rb)) => {
                pa.len() == pb.len()
                    && pa.iter().zip(pb).all(|(a, b)| Self::fits(a, b))
                    && Self::fits(ra, rb)
            }
            (a, b) => a == b,
        }
    }

    /// Checks that `ex` has type `want`, reporting at `at` otherwise.
    pub(crate) fn expect(&self, at: impl ToTokens, ex: &Ex, want: &Ty) {
        if !Self::fits(&ex.ty, want) {
            self.error(at, format!("expected {want}, found {}", ex.ty));
        }
    }

    /// The statements of `block` in a new scope, its tail going to `sink`.
    pub(crate) fn block(&mut self, block: &Block, sink: &Sink, out: &mut Code) -> Ty {
        self.scopes.push();
        let ty = self.stmts(&block.stmts, sink, out);
        self.scopes.pop();
        ty
    }

    /// Statements in the current scope; returns the tail's type.
    pub(crate) fn stmts(&mut self, stmts: &[Stmt], sink: &Sink, out: &mut Code) -> Ty {
        // Enums first: a block may use one before its declaration, as Rust allows.
        for stmt in stmts {
            if let Stmt::Item(syn::Item::Enum(e)) = stmt {
                self.declare_enum(e);
            }
        }
        let mut tail = Ty::Unit;
        for (i, stmt) in stmts.iter().enumerate() {
            let last = i + 1 == stmts.len();
            match stmt {
                Stmt::Local(local) => self.local(local, out),
                Stmt::Expr(e, None) if last => tail = self.tail(e, sink, out),
                Stmt::Expr(e, _) => {
                    self.statement(e, out);
                    // A block that ends by leaving (`return`, `break`, `continue`) has
                    // Rust's type `!`: it fits any branch type.
                    let e = super::expr::ungroup(e);
                    if last && matches!(e, Expr::Return(_) | Expr::Break(_) | Expr::Continue(_)) {
                        tail = Ty::Unknown;
                    }
                }
                Stmt::Item(syn::Item::Enum(_)) => {}
                Stmt::Item(item) => self.error(
                    item,
                    "items are not supported inside js! except C-like `enum`s; use a closure (`let f = |x: i32| ..;`) for a function",
                ),
                Stmt::Macro(m) => {
                    let e = Expr::Macro(syn::ExprMacro { attrs: m.attrs.clone(), mac: m.mac.clone() });
                    if last && m.semi_token.is_none() {
                        tail = self.tail(&e, sink, out);
                    } else {
                        self.statement(&e, out);
                    }
                }
            }
        }
        tail
    }

    fn declare_enum(&mut self, e: &syn::ItemEnum) {
        self.uses_dom = true;
        if !e.generics.params.is_empty() {
            self.error(&e.generics, "a js! enum has no generics");
        }
        let mut variants = Vec::new();
        for v in &e.variants {
            if !matches!(v.fields, syn::Fields::Unit) || v.discriminant.is_some() {
                self.error(v, "a js! enum has only unit variants (`enum Mode { Edit, View }`): they are the strings 'Edit' and 'View' in JavaScript");
            }
            variants.push(v.ident.to_string());
        }
        self.enums.push((e.ident.to_string(), variants));
    }

    /// A block's tail expression, sent to `sink`.
    pub(crate) fn tail(&mut self, e: &Expr, sink: &Sink, out: &mut Code) -> Ty {
        let e = super::expr::ungroup(e);
        match (e, sink) {
            (_, Sink::Discard) => self.statement(e, out),
            (Expr::If(_) | Expr::Match(_) | Expr::Block(_), _) if !super::expr::is_simple(e) => {
                self.control(e, sink, out)
            }
            (Expr::Return(_) | Expr::Break(_) | Expr::Continue(_), _) => self.statement(e, out),
            (_, Sink::Return) => {
                let ex = self.expr(e, None);
                let ty = ex.ty.clone();
                if ty == Ty::Unit {
                    out.code(ex.code).text(";");
                } else {
                    out.text("return ").code(ex.code).text(";");
                }
                ty
            }
            (_, Sink::Assign(name)) => {
                let ex = self.expr(e, None);
                let ty = ex.ty.clone();
                out.text(name).text("=").code(ex.at(prec::ARROW)).text(";");
                ty
            }
        }
    }

    /// An expression as a statement; returns its type (for a tail that is discarded).
    pub(crate) fn statement(&mut self, e: &Expr, out: &mut Code) -> Ty {
        let e = super::expr::ungroup(e);
        match e {
            Expr::If(_)
            | Expr::Match(_)
            | Expr::Block(_)
            | Expr::While(_)
            | Expr::ForLoop(_)
            | Expr::Loop(_) => self.control(e, &Sink::Discard, out),
            Expr::Return(r) => {
                match &r.expr {
                    Some(v) => {
                        let ex = self.expr(v, None);
                        self.check_return(v, &ex.ty);
                        out.text("return ").code(ex.code).text(";");
                    }
                    None => {
                        self.check_return(r, &Ty::Unit);
                        out.text("return;");
                    }
                }
                Ty::Unit
            }
            Expr::Break(b) => {
                self.loop_control(b, b.label.as_ref(), b.expr.is_some(), "break", out);
                Ty::Unit
            }
            Expr::Continue(c) => {
                self.loop_control(c, c.label.as_ref(), false, "continue", out);
                Ty::Unit
            }
            _ => {
                let ex = self.expr(e, None);
                let ty = ex.ty.clone();
                out.code(ex.code).text(";");
                ty
            }
        }
    }

    fn loop_control(
        &mut self,
        at: &dyn ToTokens,
        label: Option<&syn::Lifetime>,
        value: bool,
        word: &str,
        out: &mut Code,
    ) {
        if self.loops == 0 {
            self.error(at, format!("`{word}` outside of a loop"));
        } else if label.is_some() || value {
            self.error(at, format!("`{word}` with a label or a value is not supported in js!"));
        }
        out.text(word).text(";");
    }

    fn check_return(&mut self, at: &dyn ToTokens, ty: &Ty) {
        match self.returns.last_mut() {
            None => {
                if *ty != Ty::Unit {
                    self.error(at, "a js! block returns nothing; write a closure (`js!{|v: &str| ..}`) to return a value");
                }
            }
            Some(slot @ None) => *slot = Some(ty.clone()),
            Some(Some(want)) => {
                if !Self::fits(ty, want) {
                    let msg = format!("this closure returns {want} elsewhere, here {ty}");
                    self.error(at, msg);
                }
            }
        }
    }

    /// `let` statements: `let x = ..;`, `let mut x: T = ..;`, `let x;`, `let _ = ..;`.
    fn local(&mut self, local: &syn::Local, out: &mut Code) {
        let (pat, annotated) = match &local.pat {
            Pat::Type(pt) => (&*pt.pat, Some(self.ty(&pt.ty))),
            p => (p, None),
        };
        let (name, mutable) = match pat {
            Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() => {
                (Some(pi.ident.to_string()), pi.mutability.is_some())
            }
            Pat::Wild(_) => (None, false),
            _ => {
                self.error(pat, "js! `let` binds one name (`let x`, `let mut x`, `let x: T`) or `_`; no destructuring");
                return;
            }
        };
        if let Some(else_) = &local.init.as_ref().and_then(|i| i.diverge.as_ref()) {
            self.error(&else_.1, "`let .. else` is not supported in js!; use `if let` or `match`");
        }
        let init = local.init.as_ref().map(|i| &*i.expr);
        let Some(name) = name else {
            // `let _ = e;`: evaluated for its effects.
            if let Some(e) = init {
                self.statement(e, out);
            }
            return;
        };
        match init {
            None => {
                let Some(ty) = annotated else {
                    self.error(pat, "a `let` without a value needs a type: `let x: i32;`");
                    return;
                };
                let js = self.scopes.declare(&name, ty, true);
                out.text("let ").text(&js).text(";");
            }
            Some(e) if !super::expr::is_simple(e) => {
                // `let x = if c { .. } else { .. };`: declared first, assigned in each branch.
                let tmp_name = self.scopes.temp("v");
                out.text("let ").text(&tmp_name).text(";");
                let ty = self.control(e, &Sink::Assign(tmp_name.clone()), out);
                let ty = annotated.unwrap_or(ty);
                let js = self.scopes.declare(&name, ty, mutable);
                out.text(if mutable { "let " } else { "const " })
                    .text(&js)
                    .text("=")
                    .text(&tmp_name)
                    .text(";");
            }
            Some(e) => {
                let ex = self.expr(e, annotated.as_ref());
                if let Some(want) = &annotated {
                    self.expect(e, &ex, want);
                }
                if ex.ty == Ty::Unit {
                    self.error(e, "this expression has no value to bind");
                }
                if ex.ty == Ty::Unknown && annotated.is_none() && ex.code.as_plain().is_none() {
                    self.error(
                        pat,
                        format!("the type of a captured value is not known: annotate it (`let {name}: i32 = ..;`); js! types are {}", ty::TYPES),
                    );
                }
                let ty = annotated.unwrap_or_else(|| ex.ty.clone());
                // Declared after the value is compiled: `let x = x + 1` reads the outer `x`.
                let js = self.scopes.declare(&name, ty, mutable);
                out.text(if mutable { "let " } else { "const " })
                    .text(&js)
                    .text("=")
                    .code(ex.at(prec::ARROW))
                    .text(";");
            }
        }
    }

    /// `if`, `match`, blocks and loops as statements, a tail value going to `sink`.
    pub(crate) fn control(&mut self, e: &Expr, sink: &Sink, out: &mut Code) -> Ty {
        let e = super::expr::ungroup(e);
        match e {
            Expr::Block(b) => {
                if b.label.is_some() {
                    self.error(b, "labelled blocks are not supported in js!");
                }
                out.text("{");
                let ty = self.block(&b.block, sink, out);
                out.text("}");
                ty
            }
            Expr::If(i) => self.if_(i, sink, out),
            Expr::Match(m) => self.match_(m, sink, out),
            Expr::While(w) => {
                if w.label.is_some() {
                    self.error(w, "labelled loops are not supported in js!");
                }
                if let Expr::Let(l) = &*w.cond {
                    self.error(l, "`while let` is not supported in js!; use `loop` with `match`");
                    return Ty::Unit;
                }
                let cond = self.expr(&w.cond, Some(&Ty::Bool));
                self.expect(&w.cond, &cond, &Ty::Bool);
                out.text("while(").code(cond.code).text("){");
                self.loop_body(&w.body, out);
                out.text("}");
                Ty::Unit
            }
            Expr::Loop(l) => {
                if l.label.is_some() {
                    self.error(l, "labelled loops are not supported in js!");
                }
                out.text("for(;;){");
                self.loop_body(&l.body, out);
                out.text("}");
                Ty::Unit
            }
            Expr::ForLoop(f) => {
                super::loops::for_loop(self, f, out);
                Ty::Unit
            }
            _ => self.statement(e, out),
        }
    }

    pub(crate) fn loop_body(&mut self, body: &Block, out: &mut Code) {
        self.loops += 1;
        self.block(body, &Sink::Discard, out);
        self.loops -= 1;
    }

    fn if_(&mut self, i: &syn::ExprIf, sink: &Sink, out: &mut Code) -> Ty {
        self.scopes.push();
        if let Expr::Let(l) = &*i.cond {
            // `if let Some(x) = opt`: `x` reads the option's value itself.
            let scrut = self.expr(&l.expr, None);
            let (test, alias) = super::pat::if_let(self, &l.pat, scrut);
            out.code(alias).text("if(").code(test).text("){");
        } else {
            let cond = self.expr(&i.cond, Some(&Ty::Bool));
            self.expect(&i.cond, &cond, &Ty::Bool);
            out.text("if(").code(cond.code).text("){");
        }
        let then_ty = self.block(&i.then_branch, sink, out);
        self.scopes.pop();
        out.text("}");
        match &i.else_branch {
            None => {
                if !matches!(sink, Sink::Discard) && then_ty != Ty::Unit {
                    self.error(i, "an `if` with a value needs an `else`");
                }
                then_ty
            }
            Some((_, els)) => {
                out.text("else");
                let else_ty = match &**els {
                    // `if let` may declare its scrutinee first, so it gets a block.
                    Expr::If(inner) if matches!(*inner.cond, Expr::Let(_)) => {
                        out.text("{");
                        let t = self.if_(inner, sink, out);
                        out.text("}");
                        t
                    }
                    Expr::If(inner) => {
                        out.text(" ");
                        self.if_(inner, sink, out)
                    }
                    Expr::Block(b) => {
                        out.text("{");
                        let t = self.block(&b.block, sink, out);
                        out.text("}");
                        t
                    }
                    other => {
                        self.error(other, "expected a block after `else`");
                        Ty::Unknown
                    }
                };
                self.unify(i, then_ty, else_ty, sink)
            }
        }
    }

    /// The type of a value that comes from several branches.
    pub(crate) fn unify(&self, at: &dyn ToTokens, a: Ty, b: Ty, sink: &Sink) -> Ty {
        if matches!(sink, Sink::Discard) {
            return Ty::Unit;
        }
        if Self::fits(&a, &b) {
            if a == Ty::Unknown { b } else { a }
        } else {
            self.error(at, format!("the branches have different types: {a} and {b}"));
            Ty::Unknown
        }
    }

    fn match_(&mut self, m: &syn::ExprMatch, sink: &Sink, out: &mut Code) -> Ty {
        super::pat::match_(self, m, sink, out)
    }
}
