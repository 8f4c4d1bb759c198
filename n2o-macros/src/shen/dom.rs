//! The typed DOM API of `js!`: elements by id, the event of a `bind` body, timers, the console.
//!
//! Text goes into the page only as text (`textContent`, `value`); nothing here can reach
//! `innerHTML`, `eval`, attributes that run code, or a URL.

use syn::{Expr, ExprCall, ExprMethodCall};

use super::code::Code;
use super::compile::{Compiler, Ex, err_ex, prec};
use super::ty::Ty;

const FUNCTIONS: &str = "the DOM functions are `el(\"id\")`, `set_timeout(ms, || ..)`, \
     `console_log(x)`, `alert(text)` and `postback(Ev::X)`";
const ELEM_METHODS: &str = "`value()`, `set_value(..)`, `text()`, `set_text(..)`, \
     `add_class(..)`, `remove_class(..)`, `toggle_class(..)`, `has_class(..)`, `checked()`, \
     `set_checked(..)`, `set_disabled(..)`, `focus()`, `click()`, `show()`, `hide()`";
const EVENT_METHODS: &str = "`key()`, `value()` (the target's value), `prevent_default()`";

/// A call of a free function of the DOM API.
pub(crate) fn function(c: &mut Compiler<'_>, call: &ExprCall, name: &str, args: &[&Expr]) -> Ex {
    let arg = |c: &mut Compiler<'_>, i: usize, ty: &Ty| {
        let ex = c.expr(args[i], Some(ty));
        c.expect(args[i], &ex, ty);
        ex.at(prec::ARROW)
    };
    match (name, args.len()) {
        ("el", 1) => {
            let id = arg(c, 0, &Ty::Str);
            Ex::new(id.wrap("qi(", ")"), Ty::Elem, prec::ATOM)
        }
        ("set_timeout", 2) => {
            let ms = arg(c, 0, &Ty::Int);
            let f = arg(c, 1, &Ty::Fn(vec![], Box::new(Ty::Unit)));
            let mut code = Code::new("setTimeout(");
            code.code(f).text(",").code(ms).text(")");
            Ex::new(code, Ty::Unit, prec::ATOM)
        }
        ("console_log", 1) => {
            let ex = c.expr(args[0], None);
            if matches!(ex.ty, Ty::Fn(..) | Ty::Elem | Ty::Event | Ty::Unit) {
                c.error(args[0], format!("{} cannot be logged", ex.ty));
            }
            Ex::new(ex.at(prec::ARROW).wrap("console.log(", ")"), Ty::Unit, prec::ATOM)
        }
        ("alert", 1) => {
            let text = arg(c, 0, &Ty::Str);
            Ex::new(text.wrap("alert(", ")"), Ty::Unit, prec::ATOM)
        }
        ("postback", 1) if c.block_mode => {
            let tokens = quote::ToTokens::to_token_stream(args[0]).to_string();
            if tokens.contains(super::expr::CAPTURE) {
                c.error(
                    args[0],
                    "`postback(..)` takes a Rust expression, evaluated where js! is: write it without `#`",
                );
            }
            c.postbacks = true;
            let mut code = Code::new("$t.dispatchEvent(new CustomEvent(");
            code.parts.push(super::code::Part::Postback { expr: args[0].clone() });
            code.text("))");
            Ex::new(code, Ty::Unit, prec::ATOM)
        }
        ("postback", _) => err_ex(
            c.cx,
            call,
            "`postback(Ev::X)` takes one postback, and is for a js! block bound to an element's event (`element.bind_script(EventType::KeyDown, js!{..})`), not a closure",
        ),
        _ => err_ex(
            c.cx,
            &call.func,
            format!(
                "unknown function `{name}` or wrong number of arguments; {FUNCTIONS}, and closures bound with `let`"
            ),
        ),
    }
}

/// A method of an element (`el(..)`) or of the event.
pub(crate) fn method(
    c: &mut Compiler<'_>,
    m: &ExprMethodCall,
    name: &str,
    recv: Ex,
    args: &[&Expr],
    _want: Option<&Ty>,
) -> Ex {
    let is_event = recv.ty == Ty::Event;
    let mut one = |c: &mut Compiler<'_>, ty: &Ty| -> Option<Code> {
        if args.len() != 1 {
            c.error(&m.method, format!("`{name}` takes one argument"));
            return None;
        }
        let ex = c.expr(args[0], Some(ty));
        c.expect(args[0], &ex, ty);
        Some(ex.at(prec::ARROW))
    };
    let none = |c: &mut Compiler<'_>| {
        if !args.is_empty() {
            c.error(&m.method, format!("`{name}` takes no arguments"));
        }
    };
    let member = |recv: Ex, tail: &str| {
        let mut code = recv.at(prec::ATOM);
        code.text(tail);
        code
    };
    if is_event {
        return match name {
            "key" => {
                none(c);
                Ex::new(member(recv, ".key"), Ty::Str, prec::ATOM)
            }
            "value" => {
                none(c);
                Ex::new(member(recv, ".target.value"), Ty::Str, prec::ATOM)
            }
            "prevent_default" => {
                none(c);
                Ex::new(member(recv, ".preventDefault()"), Ty::Unit, prec::ATOM)
            }
            _ => err_ex(
                c.cx,
                &m.method,
                format!("the event has no method `{name}` in js!; it has {EVENT_METHODS}"),
            ),
        };
    }
    let setter = |c: &mut Compiler<'_>,
                  recv: Ex,
                  prop: &str,
                  ty: &Ty,
                  one: &mut dyn FnMut(&mut Compiler<'_>, &Ty) -> Option<Code>| {
        let v = one(c, ty).unwrap_or_default();
        let mut code = member(recv, prop);
        code.text("=").code(v);
        Ex::new(code, Ty::Unit, prec::ARROW)
    };
    match name {
        "value" | "text" | "checked" => {
            none(c);
            let (prop, ty) = match name {
                "value" => (".value", Ty::Str),
                "text" => (".textContent", Ty::Str),
                _ => (".checked", Ty::Bool),
            };
            Ex::new(member(recv, prop), ty, prec::ATOM)
        }
        "set_value" => setter(c, recv, ".value", &Ty::Str, &mut one),
        "set_text" => setter(c, recv, ".textContent", &Ty::Str, &mut one),
        "set_checked" => setter(c, recv, ".checked", &Ty::Bool, &mut one),
        "set_disabled" => setter(c, recv, ".disabled", &Ty::Bool, &mut one),
        "add_class" | "remove_class" | "toggle_class" | "has_class" => {
            let class = one(c, &Ty::Str).unwrap_or_default();
            let (js, ty) = match name {
                "add_class" => (".classList.add(", Ty::Unit),
                "remove_class" => (".classList.remove(", Ty::Unit),
                "toggle_class" => (".classList.toggle(", Ty::Unit),
                _ => (".classList.contains(", Ty::Bool),
            };
            let mut code = member(recv, js);
            code.code(class).text(")");
            // `toggle` returns whether the class is now there; Rust's is `()`.
            Ex::new(code, ty, prec::ATOM)
        }
        "focus" | "click" => {
            none(c);
            let call = if name == "focus" { ".focus()" } else { ".click()" };
            Ex::new(member(recv, call), Ty::Unit, prec::ATOM)
        }
        "show" => {
            none(c);
            let code =
                recv.at(prec::ATOM).wrap("($e=>{$e.hidden=false;$e.style.display='';})(", ")");
            Ex::new(code, Ty::Unit, prec::ATOM)
        }
        "hide" => {
            none(c);
            Ex::new(member(recv, ".style.display='none'"), Ty::Unit, prec::ARROW)
        }
        _ => err_ex(
            c.cx,
            &m.method,
            format!("an element has no method `{name}` in js!; it has {ELEM_METHODS}"),
        ),
    }
}
