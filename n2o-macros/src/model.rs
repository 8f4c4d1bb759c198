//! The checked tree: known elements, allowed attributes, declared ids, values read by kind.
//!
//! [`Page::from_ast`] reports every problem to the [`Ctxt`] and keeps going, so one run shows
//! all mistakes; the tree it returns is only expanded when the context has no errors.

use std::cell::RefCell;
use std::collections::BTreeSet;

use proc_macro2::Span;
use syn::ext::IdentExt as _;
use syn::{Expr, ExprArray, ExprLit, Ident, Lit, LitStr};

use crate::ctxt::Ctxt;
use crate::elements::{self, ELEMENTS, Spec, ValueKind};
use crate::events::{self, Event};
use crate::parse;

/// A checked invocation.
pub(crate) struct Page {
    pub(crate) roots: Vec<Element>,
}

/// A checked element: its builder calls in the order written, and what the checks and the
/// compile-time markup need.
pub(crate) struct Element {
    pub(crate) spec: &'static Spec,
    /// The user's `#name`, for spans.
    pub(crate) name: Ident,
    pub(crate) calls: Vec<Call>,
    /// Has a `postback`, bound to the kind's event (checked against `on`).
    pub(crate) postback: bool,
    /// The events of `on`, each with a postback.
    pub(crate) on: Vec<EventKey>,
    pub(crate) id: Option<Id>,
}

/// `.method(args)` on the builder; `method` is the user's key, so errors point at it.
pub(crate) struct Call {
    pub(crate) method: Ident,
    pub(crate) args: Args,
}

pub(crate) enum Args {
    /// `id: send` → `.id("send")`.
    Name(Name),
    /// `source: [a, "b"]` → `.source(["a", "b"])`.
    Names(Vec<Name>),
    /// `key: expr` → `.key(expr)`, and `id: {expr}` → `.id(expr)`.
    Expr(Expr),
    /// `body: x` → `.body(x)`.
    Body(Node),
    /// `body: [x, y]` → `.child(x).child(y)`.
    Children(Vec<Node>),
    /// `data: [(k, v)]` → `.data(k, v)`.
    Pairs(Vec<(Expr, Expr)>),
    /// `on: {keyup: x}` → `.on(EventType::KeyUp, x)`, and `bind` → `.bind(..)` alike.
    Events(Vec<(EventKey, Expr)>),
    /// `validate: check, invalid: "message"` → `.validate(&check, "message")`.
    Validate(Expr, Expr),
}

/// An event named in `on` or `bind`, with the user's token for spans.
#[derive(Clone)]
pub(crate) struct EventKey {
    pub(crate) event: &'static Event,
    pub(crate) key: Ident,
}

/// An item of a body.
pub(crate) enum Node {
    Element(Element),
    Expr(Expr),
}

/// An element's id as far as the compile-time JS is concerned.
#[derive(Clone)]
pub(crate) enum Id {
    Name(Name),
    /// `id: {expr}`: known only when the page runs.
    Computed,
}

/// An id written as a bare identifier or a string literal, with the token it came from.
#[derive(Clone)]
pub(crate) struct Name {
    pub(crate) value: String,
    pub(crate) span: Span,
    /// Written as a string literal: the escape hatch, never checked against declarations.
    pub(crate) quoted: bool,
}

impl Name {
    pub(crate) fn lit(&self) -> LitStr {
        LitStr::new(&self.value, self.span)
    }
}

/// The event a kind's `postback` binds to; every element's is in the event table (tested).
fn natural_event(spec: &Spec) -> &'static Event {
    events::find(spec.event).expect("the event table has every element's natural event")
}

impl Page {
    pub(crate) fn from_ast(cx: &Ctxt, ast: &parse::Nitro) -> Page {
        let mut declared = BTreeSet::new();
        for root in &ast.roots {
            declare(root, &mut declared);
        }
        let checker = Checker { cx, declared, seen: RefCell::default() };
        Page { roots: ast.roots.iter().filter_map(|e| checker.element(e)).collect() }
    }
}

/// Collects the ids named in the invocation, first, so a `source` may name an element that
/// comes after it; also on unknown elements, so a typo in an element's name does not make
/// every `source` pointing at it an error too.
fn declare(element: &parse::Element, declared: &mut BTreeSet<String>) {
    for attr in &element.attrs {
        if attr.key == "id"
            && let parse::Value::Item(parse::Item::Expr(expr)) = &attr.value
            && let Some(name) = name_of(expr)
        {
            declared.insert(name.value);
        }
        let items: Vec<&parse::Item> = match &attr.value {
            parse::Value::List(list) => list.items.iter().collect(),
            parse::Value::Map(map) => map.entries.iter().map(|e| &e.value).collect(),
            parse::Value::Item(item) => vec![item],
        };
        for item in items {
            if let parse::Item::Element(child) = item {
                declare(child, declared);
            }
        }
    }
}

/// `send` or `"send"` as a name.
fn name_of(expr: &Expr) -> Option<Name> {
    match expr {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => {
            let ident = p.path.get_ident()?;
            Some(Name { value: ident.unraw().to_string(), span: ident.span(), quoted: false })
        }
        Expr::Lit(ExprLit { lit: Lit::Str(s), attrs }) if attrs.is_empty() => {
            Some(Name { value: s.value(), span: s.span(), quoted: true })
        }
        _ => None,
    }
}

struct Checker<'a> {
    cx: &'a Ctxt,
    declared: BTreeSet<String>,
    /// The ids met so far in document order, to report a duplicate at its second place.
    seen: RefCell<BTreeSet<String>>,
}

impl Checker<'_> {
    fn element(&self, ast: &parse::Element) -> Option<Element> {
        let name = ast.name.unraw().to_string();
        let Some(spec) = Spec::find(&name) else {
            let names = ELEMENTS.iter().map(|s| s.name);
            let hint = elements::did_you_mean(&name, names.clone())
                .map(|n| format!("did you mean `#{n}`? "))
                .unwrap_or_default();
            let all: Vec<String> = names.map(|n| format!("#{n}")).collect();
            let (pound, ident) = (&ast.pound, &ast.name);
            self.cx.error_spanned_by(
                quote::quote!(#pound #ident),
                format!("unknown element `#{name}`; {hint}expected one of: {}", all.join(", ")),
            );
            return None;
        };
        let mut element = Element {
            spec,
            name: ast.name.clone(),
            calls: Vec::new(),
            postback: false,
            on: Vec::new(),
            id: None,
        };
        let mut seen: Vec<String> = Vec::new();
        for attr in &ast.attrs {
            let key = attr.key.unraw().to_string();
            if !spec.takes(&key) {
                let allowed = spec.attributes();
                let hint = elements::did_you_mean(&key, allowed.iter().copied())
                    .map(|a| format!("did you mean `{a}`? "))
                    .unwrap_or_default();
                self.cx.error_spanned_by(
                    &attr.key,
                    format!(
                        "unknown attribute `{key}` on `#{name}`; {hint}expected one of: {}",
                        allowed.join(", ")
                    ),
                );
                continue;
            }
            if seen.contains(&key) {
                self.cx.error_spanned_by(&attr.key, format!("`{key}` specified more than once"));
                continue;
            }
            seen.push(key.clone());
            self.attr(&mut element, attr, &key);
        }
        self.pair_validate(&mut element);
        if element.postback {
            // `.on` would silently replace the `postback` (or the other way round).
            let natural = natural_event(spec);
            for on in element.on.iter().filter(|k| k.event == natural) {
                self.cx.error_spanned_by(
                    &on.key,
                    format!(
                        "`{e}` is bound twice: `postback` already sends on `{e}`, the event of \
                         `#{name}`; keep one of them",
                        e = natural.name
                    ),
                );
            }
        }
        Some(element)
    }

    fn attr(&self, element: &mut Element, attr: &parse::Attr, key: &str) {
        let method = attr.key.clone();
        let args = match elements::value_of(key) {
            ValueKind::Id => match single_expr(&attr.value) {
                Some(expr) if name_of(expr).is_some() => {
                    let name = name_of(expr).expect("checked");
                    if !self.seen.borrow_mut().insert(name.value.clone()) {
                        self.cx.error_at(
                            name.span,
                            format!("duplicate id `{}`: ids must be unique in a page", name.value),
                        );
                    }
                    element.id = Some(Id::Name(name.clone()));
                    Args::Name(name)
                }
                Some(Expr::Block(block)) => {
                    element.id = Some(Id::Computed);
                    Args::Expr(unbrace(block))
                }
                _ => return self.expected(&attr.value, ID_FORMS),
            },
            ValueKind::IdRef => match single_expr(&attr.value) {
                Some(expr) if name_of(expr).is_some() => {
                    let name = name_of(expr).expect("checked");
                    self.check_declared(&name, key);
                    Args::Name(name)
                }
                Some(Expr::Block(block)) => Args::Expr(unbrace(block)),
                _ => return self.expected(&attr.value, FOR_FORMS),
            },
            ValueKind::Sources => {
                let parse::Value::List(list) = &attr.value else {
                    return self.expected(&attr.value, SOURCE_FORMS);
                };
                let mut names = Vec::new();
                // A computed id (`{format!("done{id}")}`) is checked when the page runs
                // (`n2o::test` refuses a postback naming an id the page lacks).
                let mut items: Vec<Expr> = Vec::new();
                let mut computed = false;
                for item in &list.items {
                    match item {
                        parse::Item::Expr(expr) if name_of(expr).is_some() => {
                            let name = name_of(expr).expect("checked");
                            self.check_declared(&name, key);
                            let lit = name.lit();
                            items.push(syn::parse_quote!(::std::string::String::from(#lit)));
                            names.push(name);
                        }
                        parse::Item::Expr(Expr::Block(block)) => {
                            computed = true;
                            let expr = unbrace(block);
                            items.push(
                                syn::parse_quote_spanned! {block.block.brace_token.span.join()=>
                                    ::std::string::ToString::to_string(&(#expr))
                                },
                            );
                        }
                        _ => self.cx.error_spanned_by(
                            item,
                            "expected an id: `message`, `\"message\"` for one declared outside \
                             this `nitro!`, or a computed one in braces: `{format!(\"done{id}\")}`",
                        ),
                    }
                }
                if computed {
                    Args::Expr(syn::parse_quote!([#(#items),*]))
                } else {
                    Args::Names(names)
                }
            }
            ValueKind::Body => match &attr.value {
                parse::Value::List(list) => {
                    Args::Children(list.items.iter().filter_map(|i| self.node(i)).collect())
                }
                parse::Value::Map(_) => return self.not_a_map(key, &attr.value),
                parse::Value::Item(item) => match self.node(item) {
                    Some(node) => Args::Body(node),
                    None => return,
                },
            },
            ValueKind::Postback => match single_expr(&attr.value) {
                Some(expr) => {
                    element.postback = true;
                    Args::Expr(expr.clone())
                }
                None => {
                    return self
                        .expected(&attr.value, "`postback` takes a value: `postback: Ev::Chat`");
                }
            },
            kind @ (ValueKind::On | ValueKind::Bind) => {
                let on = kind == ValueKind::On;
                let Some(events) = self.events(&attr.value, key, on) else { return };
                if on {
                    element.on.extend(events.iter().map(|(k, _)| k.clone()));
                }
                Args::Events(events)
            }
            ValueKind::Pairs => {
                let pairs = match &attr.value {
                    parse::Value::List(list) => {
                        list.items.iter().map(pair).collect::<Option<Vec<_>>>()
                    }
                    parse::Value::Map(_) | parse::Value::Item(_) => None,
                };
                match pairs {
                    Some(pairs) => {
                        if key == "attrs" {
                            self.custom_names(&pairs);
                        }
                        Args::Pairs(pairs)
                    }
                    None => {
                        let msg = format!(
                            "`{key}` takes a list of (name, value) pairs: `{key}: [(\"name\", value)]`"
                        );
                        return self.expected(&attr.value, &msg);
                    }
                }
            }
            ValueKind::Expr => match &attr.value {
                parse::Value::Item(parse::Item::Expr(expr)) => Args::Expr(expr.clone()),
                parse::Value::List(list) => {
                    let mut elems = syn::punctuated::Punctuated::new();
                    for pair in list.items.pairs() {
                        let parse::Item::Expr(expr) = pair.value() else {
                            return self.not_a_body(key, pair.value());
                        };
                        elems.push_value((*expr).clone());
                        if let Some(comma) = pair.punct() {
                            elems.push_punct(**comma);
                        }
                    }
                    Args::Expr(Expr::Array(ExprArray {
                        attrs: Vec::new(),
                        bracket_token: list.bracket,
                        elems,
                    }))
                }
                parse::Value::Item(item) => return self.not_a_body(key, item),
                parse::Value::Map(_) => return self.not_a_map(key, &attr.value),
            },
        };
        element.calls.push(Call { method, args });
    }

    /// The literal names of `attrs: [("x-foo", v)]`, checked now as the runtime would (a
    /// computed name is checked when the page runs, and dropped with a warning if refused),
    /// each once, none an attribute this element sets another way.
    fn custom_names(&self, pairs: &[(Expr, Expr)]) {
        use n2o_shared::attrs::Custom;
        let mut seen: Vec<String> = Vec::new();
        for (name, _) in pairs {
            let Expr::Lit(ExprLit { lit: Lit::Str(lit), .. }) = name else { continue };
            let custom = match n2o_shared::attrs::custom(&lit.value()) {
                Ok(custom) => custom,
                Err(why) => {
                    self.cx.error_spanned_by(
                        lit,
                        format!(
                            "{why}; in `attrs` write any other \
                        name, e.g. `(\"x-foo\", value)` or `(\"data-k\", value)`"
                        ),
                    );
                    continue;
                }
            };
            let full = match &custom {
                Custom::Data(n) => format!("data-{n}"),
                Custom::Aria(n) => format!("aria-{n}"),
                Custom::Other(n) => n.clone(),
            };
            if seen.contains(&full) {
                self.cx.error_spanned_by(lit, format!("`{full}` specified more than once"));
                continue;
            }
            seen.push(full);
        }
    }

    /// `validate: check` and `invalid: "message"` go together, as one `.validate(&check,
    /// "message")` where `validate` was written.
    fn pair_validate(&self, element: &mut Element) {
        let at = |k: &str| element.calls.iter().position(|c| c.method == k);
        let (check, message) = (at("validate"), at("invalid"));
        let take = |element: &mut Element, i: usize| match element.calls.remove(i).args {
            Args::Expr(e) => Some(e),
            _ => None,
        };
        match (check, message) {
            (None, None) => {}
            (Some(c), Some(m)) => {
                let message = take(element, m);
                let c = if m < c { c - 1 } else { c };
                let method = element.calls[c].method.clone();
                if let (Some(check), Some(message)) = (take(element, c), message) {
                    element.calls.insert(c, Call { method, args: Args::Validate(check, message) });
                }
            }
            (Some(c), None) => self.cx.error_spanned_by(
                &element.calls[c].method,
                "`validate` needs the message shown when the check fails: `validate: \
                 js!{|v: &str| !v.is_empty()}, invalid: \"required\"`",
            ),
            (None, Some(m)) => self.cx.error_spanned_by(
                &element.calls[m].method,
                "`invalid` is the message of a `validate` check, and this element has none: \
                 add `validate: js!{|v: &str| ..}`",
            ),
        }
    }

    /// `{keyup: x, change: y}` of `on` (postbacks) or `bind` (JS): known event names, each
    /// once, each with an expression. `None` when the value is no map at all; bad entries
    /// are reported and left out.
    fn events(&self, value: &parse::Value, key: &str, on: bool) -> Option<Vec<(EventKey, Expr)>> {
        let parse::Value::Map(map) = value else {
            let forms = if on { ON_FORMS } else { BIND_FORMS };
            self.expected(value, forms);
            return None;
        };
        let mut events: Vec<(EventKey, Expr)> = Vec::new();
        for entry in &map.entries {
            let name = entry.key.unraw().to_string();
            let Some(event) = events::find(&name) else {
                let hint = elements::did_you_mean(&name, events::names())
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                let all: Vec<&str> = events::names().collect();
                self.cx.error_spanned_by(
                    &entry.key,
                    format!(
                        "unknown event `{name}` in `{key}`; {hint}expected one of: {}",
                        all.join(", ")
                    ),
                );
                continue;
            };
            if events.iter().any(|(k, _)| k.event == event) {
                self.cx.error_spanned_by(
                    &entry.key,
                    format!("`{name}` specified more than once in `{key}`"),
                );
                continue;
            }
            let parse::Item::Expr(expr) = &entry.value else {
                let (what, like) =
                    if on { ("a postback", "Ev::Typed") } else { ("JS code", "\"...\"") };
                self.cx.error_spanned_by(
                    &entry.value,
                    format!(
                        "`{key}` takes {what} for `{name}`, like `{like}`; elements can only go \
                         in a `body`"
                    ),
                );
                continue;
            };
            events.push((EventKey { event, key: entry.key.clone() }, expr.clone()));
        }
        Some(events)
    }

    fn node(&self, item: &parse::Item) -> Option<Node> {
        match item {
            parse::Item::Element(e) => self.element(e).map(Node::Element),
            parse::Item::Expr(e) => Some(Node::Expr(e.clone())),
        }
    }

    fn check_declared(&self, name: &Name, key: &str) {
        if name.quoted || self.declared.contains(&name.value) {
            return;
        }
        let ids = self.declared.iter().map(String::as_str);
        let hint = elements::did_you_mean(&name.value, ids.clone())
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        let declared: Vec<String> = ids.map(|n| format!("`{n}`")).collect();
        let declared = if declared.is_empty() { "none".to_owned() } else { declared.join(", ") };
        self.cx.error_at(
            name.span,
            format!(
                "no element in this `nitro!` has the id `{v}` named by `{key}`; {hint}ids declared \
                 here: {declared}; for an id declared elsewhere write `\"{v}\"`",
                v = name.value
            ),
        );
    }

    fn expected(&self, value: &parse::Value, msg: &str) {
        self.cx.error_spanned_by(value, msg);
    }

    fn not_a_map(&self, key: &str, value: &parse::Value) {
        self.cx.error_spanned_by(
            value,
            format!("`{key}` takes a Rust expression; `{{name: ..}}` maps go in `on` and `bind`"),
        );
    }

    fn not_a_body(&self, key: &str, item: &parse::Item) {
        self.cx.error_spanned_by(
            item,
            format!("`{key}` takes a Rust expression; elements can only go in a `body`"),
        );
    }
}

const ID_FORMS: &str = "`id` takes a name (`id: send`), a string literal (`id: \"send-1\"`), or \
                        an expression in braces (`id: {format!(\"row{n}\")}`)";
const FOR_FORMS: &str = "`for` takes the id of an element: `for: message`, or `\"message\"` for \
                         one declared outside this `nitro!`";
const ON_FORMS: &str = "`on` takes a map from events to postbacks: `on: {keyup: Ev::Typed, \
                        change: Ev::Changed}`";
const BIND_FORMS: &str = "`bind` takes a map from events to JS code: `bind: {keydown: \"...\"}`";
const SOURCE_FORMS: &str = "`source` takes a list of ids: `source: [message, \
                            \"declared_elsewhere\", {format!(\"done{id}\")}]`";

/// The value when it is one expression (not a list, not an element).
fn single_expr(value: &parse::Value) -> Option<&Expr> {
    match value {
        parse::Value::Item(parse::Item::Expr(expr)) => Some(expr),
        _ => None,
    }
}

/// `{expr}` as `expr`, so rustc's `unused_braces` lint has nothing to say about the call;
/// a block with statements stays a block.
fn unbrace(block: &syn::ExprBlock) -> Expr {
    match block.block.stmts.as_slice() {
        [syn::Stmt::Expr(expr, None)] if block.attrs.is_empty() && block.label.is_none() => {
            expr.clone()
        }
        _ => Expr::Block(block.clone()),
    }
}

/// `(name, value)`.
fn pair(item: &parse::Item) -> Option<(Expr, Expr)> {
    match item {
        parse::Item::Expr(Expr::Tuple(t)) if t.elems.len() == 2 => {
            Some((t.elems[0].clone(), t.elems[1].clone()))
        }
        _ => None,
    }
}
