//! Methods of strings, numbers, options, results and arrays, each with Rust's meaning where JavaScript's differs.

use syn::{Expr, ExprMethodCall};

use super::code::Code;
use super::compile::{Compiler, Ex, err_ex, prec};
use super::ty::Ty;

/// Rust's `char::is_whitespace` (the Unicode `White_Space` property) as a regex class.
/// JavaScript's `trim` differs: it also strips U+FEFF and keeps U+0085.
const WHITE_SPACE: &str = r"[\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";

const STR_METHODS: &str = "`len()` (UTF-8 bytes, as Rust), `is_empty()`, `chars().count()`, `trim()`, \
     `trim_start()`, `trim_end()`, `to_lowercase()`, `to_uppercase()`, `contains(..)`, \
     `starts_with(..)`, `ends_with(..)`, `replace(a, b)`, `repeat(n)`, `parse::<f64>()` \
     (and `i32`, `u32`, …), `to_string()`, `to_owned()`, `clone()`, `as_str()`";
const NUM_METHODS: &str = "`abs()`, `min(..)`, `max(..)`, `clamp(..)`, `pow(..)`, `powi(..)`, \
     `powf(..)`, `sqrt()`, `floor()`, `ceil()`, `round()`, `trunc()`, `is_nan()`, `to_string()`";
const OPTION_METHODS: &str = "`is_some()`, `is_none()`, `unwrap_or(..)`";
const RESULT_METHODS: &str = "`ok()`, `is_ok()`, `is_err()`, `unwrap_or(..)`";
const ARRAY_METHODS: &str = "`len()`, `is_empty()`, `push(..)`, `pop()`, `contains(..)`, \
     `join(..)`, `clone()`, `to_vec()`";

impl Compiler<'_> {
    pub(crate) fn method(&mut self, m: &ExprMethodCall, want: Option<&Ty>) -> Ex {
        let name = m.method.to_string();
        // `s.chars().count()`: code points, as Rust's chars.
        if name == "count"
            && m.args.is_empty()
            && let Expr::MethodCall(inner) = &*m.receiver
            && inner.method == "chars"
            && inner.args.is_empty()
        {
            let s = self.expr(&inner.receiver, Some(&Ty::Str));
            self.expect(&inner.receiver, &s, &Ty::Str);
            let c = s.code.wrap("[...", "].length");
            return Ex::new(c, Ty::Int, prec::ATOM);
        }
        let recv = self.expr(&m.receiver, None);
        let args: Vec<&Expr> = m.args.iter().collect();
        match recv.ty.clone() {
            Ty::Str => self.str_method(m, &name, recv, &args),
            Ty::Int | Ty::Float => self.num_method(m, &name, recv, &args),
            Ty::Bool if name == "to_string" && args.is_empty() => call_fn("String", recv),
            Ty::Option(t) => self.option_method(m, &name, recv, *t, &args, OPTION_METHODS),
            Ty::Result(t) => self.option_method(m, &name, recv, *t, &args, RESULT_METHODS),
            Ty::Array(t) => self.array_method(m, &name, recv, *t, &args),
            Ty::Elem | Ty::Event => {
                self.uses_dom = true;
                super::dom::method(self, m, &name, recv, &args, want)
            }
            Ty::Unknown if recv.code.as_plain().is_none() => err_ex(
                self.cx,
                &m.receiver,
                "the type of this captured value is not known; bind it with a type first: `let s: &str = #s;`",
            ),
            Ty::Unknown => Ex::atom("undefined", Ty::Unknown),
            t => err_ex(self.cx, &m.method, format!("{t} has no method `{name}` in js!")),
        }
    }

    fn args<const N: usize>(
        &mut self,
        m: &ExprMethodCall,
        args: &[&Expr],
        tys: [Ty; N],
    ) -> Option<[Ex; N]> {
        if args.len() != N {
            self.error(&m.method, format!("`{}` takes {N} argument(s)", m.method));
            return None;
        }
        let out: Vec<Ex> = args
            .iter()
            .zip(tys)
            .map(|(a, t)| {
                let ex = self.expr(a, Some(&t));
                self.expect(a, &ex, &t);
                ex
            })
            .collect();
        out.try_into().ok()
    }

    fn str_method(&mut self, m: &ExprMethodCall, name: &str, s: Ex, args: &[&Expr]) -> Ex {
        let member = |s: Ex, tail: &str, ty: Ty| {
            let mut c = s.at(prec::ATOM);
            c.text(tail);
            Ex::new(c, ty, prec::ATOM)
        };
        match name {
            "len" if args.is_empty() => {
                // Rust counts UTF-8 bytes.
                let c = s.code.wrap("new TextEncoder().encode(", ").length");
                Ex::new(c, Ty::Int, prec::ATOM)
            }
            "is_empty" if args.is_empty() => {
                let mut c = s.at(prec::ATOM);
                c.text(".length===0");
                Ex::new(c, Ty::Bool, prec::EQ)
            }
            "trim" if args.is_empty() => {
                let re = format!(".replace(/^{WHITE_SPACE}+|{WHITE_SPACE}+$/g,'')");
                member(s, &re, Ty::Str)
            }
            "trim_start" if args.is_empty() => {
                member(s, &format!(".replace(/^{WHITE_SPACE}+/,'')"), Ty::Str)
            }
            "trim_end" if args.is_empty() => {
                member(s, &format!(".replace(/{WHITE_SPACE}+$/,'')"), Ty::Str)
            }
            "to_lowercase" if args.is_empty() => member(s, ".toLowerCase()", Ty::Str),
            "to_uppercase" if args.is_empty() => member(s, ".toUpperCase()", Ty::Str),
            "to_string" | "to_owned" | "clone" | "as_str" | "into" if args.is_empty() => s,
            "contains" | "starts_with" | "ends_with" => {
                let Some([p]) = self.args(m, args, [Ty::Str]) else {
                    return Ex::atom("undefined", Ty::Bool);
                };
                let js = match name {
                    "contains" => ".includes(",
                    "starts_with" => ".startsWith(",
                    _ => ".endsWith(",
                };
                let mut c = s.at(prec::ATOM);
                c.text(js).code(p.at(prec::ARROW)).text(")");
                Ex::new(c, Ty::Bool, prec::ATOM)
            }
            "replace" => {
                // Every match, like Rust's; split/join takes the replacement as text (no `$&`).
                let Some([a, b]) = self.args(m, args, [Ty::Str, Ty::Str]) else {
                    return Ex::atom("undefined", Ty::Str);
                };
                let mut c = s.at(prec::ATOM);
                c.text(".split(")
                    .code(a.at(prec::ARROW))
                    .text(").join(")
                    .code(b.at(prec::ARROW))
                    .text(")");
                Ex::new(c, Ty::Str, prec::ATOM)
            }
            "repeat" => {
                let Some([n]) = self.args(m, args, [Ty::Int]) else {
                    return Ex::atom("undefined", Ty::Str);
                };
                let mut c = s.at(prec::ATOM);
                c.text(".repeat(").code(n.at(prec::ARROW)).text(")");
                Ex::new(c, Ty::Str, prec::ATOM)
            }
            "parse" if args.is_empty() => self.parse(m, s),
            _ => err_ex(
                self.cx,
                &m.method,
                format!("strings have no method `{name}` in js!; they have {STR_METHODS}"),
            ),
        }
    }

    /// `s.parse::<T>()`: a `Result`, `null` when Rust's parser would refuse the text.
    fn parse(&mut self, m: &ExprMethodCall, s: Ex) -> Ex {
        let target = m.turbofish.as_ref().and_then(|t| match t.args.first() {
            Some(syn::GenericArgument::Type(syn::Type::Path(p))) if t.args.len() == 1 => {
                p.path.get_ident().map(ToString::to_string)
            }
            _ => None,
        });
        let bounds = |min: &str, max: &str, sign: &str| {
            format!(
                "($s=>{{if(!/^{sign}\\d+$/.test($s))return null;const $n=Number($s);return $n>={min}&&$n<={max}?$n+0:null;}})("
            )
        };
        let (head, ty) = match target.as_deref() {
            Some("f64" | "f32") => (
                // Rust's grammar: digits with an optional point and exponent, `inf`,
                // `infinity` or `nan` in any case, a sign; no spaces, no hex, not empty.
                r"($s=>/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test($s)?Number($s):/^[+-]?inf(inity)?$/i.test($s)?($s[0]==='-'?-Infinity:Infinity):/^[+-]?nan$/i.test($s)?NaN:null)(".to_owned(),
                Ty::Float,
            ),
            Some("i8") => (bounds("-128", "127", "[+-]?"), Ty::Int),
            Some("i16") => (bounds("-32768", "32767", "[+-]?"), Ty::Int),
            Some("i32") => (bounds("-2147483648", "2147483647", "[+-]?"), Ty::Int),
            Some("u8") => (bounds("0", "255", "\\+?"), Ty::Int),
            Some("u16") => (bounds("0", "65535", "\\+?"), Ty::Int),
            Some("u32") => (bounds("0", "4294967295", "\\+?"), Ty::Int),
            _ => {
                return err_ex(
                    self.cx,
                    m,
                    "write the target type: `parse::<f64>()`, `parse::<i32>()` (also f32, i8, i16, u8, u16, u32; wider integers are not exact in JavaScript)",
                );
            }
        };
        let c = s.code.wrap(&head, ")");
        Ex::new(c, Ty::Result(Box::new(ty)), prec::ATOM)
    }

    fn num_method(&mut self, m: &ExprMethodCall, name: &str, x: Ex, args: &[&Expr]) -> Ex {
        let ty = x.ty.clone();
        let math = |f: &str, x: Ex, rest: Vec<Ex>, ty: Ty| {
            let mut c = Code::new(format!("Math.{f}("));
            c.code(x.at(prec::ARROW));
            for r in rest {
                c.text(",").code(r.at(prec::ARROW));
            }
            c.text(")");
            Ex::new(c, ty, prec::ATOM)
        };
        let float_only = |this: &Self| {
            if ty == Ty::Int {
                this.error(
                    &m.method,
                    format!("`{name}` is a method of floats; convert with `as f64`"),
                );
            }
        };
        match name {
            "abs" if args.is_empty() => math("abs", x, vec![], ty),
            "min" | "max" => match self.args(m, args, [ty.clone()]) {
                Some([y]) => math(name, x, vec![y], ty),
                None => Ex::atom("undefined", ty),
            },
            "clamp" => match self.args(m, args, [ty.clone(), ty.clone()]) {
                Some([lo, hi]) => {
                    let inner = math("max", x, vec![lo], ty.clone());
                    math("min", inner, vec![hi], ty)
                }
                None => Ex::atom("undefined", ty),
            },
            "pow" | "powi" | "powf" => {
                let exp = if name == "powf" { Ty::Float } else { Ty::Int };
                if (name == "pow") != (ty == Ty::Int) {
                    self.error(&m.method, "`pow` is for integers, `powi`/`powf` for floats");
                }
                match self.args(m, args, [exp]) {
                    Some([y]) => math("pow", x, vec![y], ty),
                    None => Ex::atom("undefined", ty),
                }
            }
            "sqrt" | "floor" | "ceil" | "trunc" if args.is_empty() => {
                float_only(self);
                math(name, x, vec![], Ty::Float)
            }
            "round" if args.is_empty() => {
                // Rust rounds halves away from zero; JavaScript's Math.round rounds them up.
                float_only(self);
                let c = x.code.wrap("($x=>Math.sign($x)*Math.round(Math.abs($x)))(", ")");
                Ex::new(c, Ty::Float, prec::ATOM)
            }
            "is_nan" if args.is_empty() => {
                float_only(self);
                let c = x.code.wrap("Number.isNaN(", ")");
                Ex::new(c, Ty::Bool, prec::ATOM)
            }
            "to_string" if args.is_empty() => call_fn("String", x),
            _ => err_ex(
                self.cx,
                &m.method,
                format!("numbers have no method `{name}` in js!; they have {NUM_METHODS}"),
            ),
        }
    }

    fn option_method(
        &mut self,
        m: &ExprMethodCall,
        name: &str,
        o: Ex,
        inner: Ty,
        args: &[&Expr],
        supported: &str,
    ) -> Ex {
        let result = supported == RESULT_METHODS;
        match name {
            "is_some" | "is_none" | "is_ok" | "is_err"
                if args.is_empty() && (name.contains("ok") || name.contains("err")) == result =>
            {
                let op = if matches!(name, "is_some" | "is_ok") { "!==null" } else { "===null" };
                let mut c = o.at(prec::EQ);
                c.text(op);
                Ex::new(c, Ty::Bool, prec::EQ)
            }
            "ok" if result && args.is_empty() => Ex { ty: Ty::Option(Box::new(inner)), ..o },
            "unwrap_or" => match self.args(m, args, [inner.clone()]) {
                Some([d]) => {
                    let mut c = o.at(prec::ATOM).wrap("(", "??");
                    c.code(d.at(prec::COND)).text(")");
                    Ex::new(c, inner, prec::ATOM)
                }
                None => Ex::atom("undefined", inner),
            },
            "unwrap" | "expect" => err_ex(
                self.cx,
                &m.method,
                "`unwrap`/`expect` are not supported in js! (there is no panic in the browser); use `unwrap_or`, `if let` or `match`",
            ),
            _ => err_ex(
                self.cx,
                &m.method,
                format!("no method `{name}` in js! here; supported: {supported}"),
            ),
        }
    }

    fn array_method(
        &mut self,
        m: &ExprMethodCall,
        name: &str,
        a: Ex,
        item: Ty,
        args: &[&Expr],
    ) -> Ex {
        let member = |a: Ex, tail: &str, ty: Ty, p: u8| {
            let mut c = a.at(prec::ATOM);
            c.text(tail);
            Ex::new(c, ty, p)
        };
        match name {
            "len" if args.is_empty() => member(a, ".length", Ty::Int, prec::ATOM),
            "is_empty" if args.is_empty() => member(a, ".length===0", Ty::Bool, prec::EQ),
            "clone" | "to_vec" if args.is_empty() => {
                let c = a.code.wrap("[...", "]");
                Ex::new(c, Ty::Array(Box::new(item)), prec::ATOM)
            }
            "pop" if args.is_empty() => {
                self.need_mut(&m.receiver);
                let mut c = a.at(prec::ATOM).wrap("(", ".pop()??null)");
                c.text("");
                Ex::new(c, Ty::Option(Box::new(item)), prec::ATOM)
            }
            "push" | "contains" => {
                if name == "push" {
                    self.need_mut(&m.receiver);
                }
                let Some([x]) = self.args(m, args, [item]) else {
                    return Ex::atom("undefined", Ty::Unit);
                };
                let (js, ty) =
                    if name == "push" { (".push(", Ty::Unit) } else { (".includes(", Ty::Bool) };
                let mut c = a.at(prec::ATOM);
                c.text(js).code(x.at(prec::ARROW)).text(")");
                Ex::new(c, ty, prec::ATOM)
            }
            "join" if item == Ty::Str => {
                let Some([sep]) = self.args(m, args, [Ty::Str]) else {
                    return Ex::atom("undefined", Ty::Str);
                };
                let mut c = a.at(prec::ATOM);
                c.text(".join(").code(sep.at(prec::ARROW)).text(")");
                Ex::new(c, Ty::Str, prec::ATOM)
            }
            "iter" => err_ex(self.cx, &m.method, "`iter()` is supported in `for` loops only"),
            _ => err_ex(
                self.cx,
                &m.method,
                format!("arrays have no method `{name}` in js!; they have {ARRAY_METHODS}"),
            ),
        }
    }

    /// Reports a receiver that is not a `mut` local.
    fn need_mut(&self, e: &Expr) {
        let mut e = e;
        while let Expr::Paren(p) = e {
            e = &p.expr;
        }
        if let Expr::Path(p) = e
            && let Some(id) = p.path.get_ident()
            && self.scopes.get(&id.to_string()).is_some_and(|v| !v.mutable)
        {
            self.error(e, format!("`{id}` is not `mut`: declare it `let mut {id}`"));
        }
    }
}

/// `f(x)`.
fn call_fn(f: &str, x: Ex) -> Ex {
    let c = x.at(prec::ARROW).wrap(&format!("{f}("), ")");
    Ex::new(c, Ty::Str, prec::ATOM)
}
