//! Markup written at compile time: what the expansion can see of a tree, as `&'static str` pieces.
//!
//! Inside a body (and for the roots of a multi-root `nitro!`) an element whose tag, id,
//! classes and attributes are literals is written here, escaped by `n2o_shared` (the
//! functions the runtime escapes with), so rendering it is a copy. Dynamic values stay
//! expressions between the pieces; an element's events stay builder calls in a
//! `__private::Wire`, rendered as the builder would (sealed, wired in document order).
//! Anything the runtime decides (a computed id or attribute, `data`/`aria`, a dropdown and
//! its options, a textarea's value, an `href` that is not plainly safe) keeps the builder.
//! The output must be the builders' byte for byte: `tests/nitro_render.rs` renders both
//! ways, over random trees too.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt as _;
use syn::{Expr, ExprLit, Lit};

use crate::model::{Args, Element, Id, Node};

/// Markup and expressions, in document order.
#[derive(Default)]
pub(crate) struct Out {
    segs: Vec<Seg>,
}

enum Seg {
    Static(String),
    /// An `IntoBody` expression.
    Dyn(TokenStream),
}

impl Out {
    fn lit(&mut self, markup: &str) {
        if markup.is_empty() {
            return;
        }
        match self.segs.last_mut() {
            Some(Seg::Static(last)) => last.push_str(markup),
            _ => self.segs.push(Seg::Static(markup.to_owned())),
        }
    }

    fn dynamic(&mut self, expr: TokenStream) {
        self.segs.push(Seg::Dyn(expr));
    }

    /// Whether anything was written at compile time: else the caller keeps its own form.
    pub(crate) fn has_static(&self) -> bool {
        self.segs.iter().any(|s| matches!(s, Seg::Static(_)))
    }

    /// `::n2o::__private::Fragment((..))`, or the one piece when there is one.
    pub(crate) fn to_tokens(&self) -> TokenStream {
        let items: Vec<TokenStream> = self.segs.iter().map(seg_tokens).collect();
        match items.as_slice() {
            [] => quote!(::n2o::__private::Static("")),
            [one] => one.clone(),
            _ => {
                let tuple = tuple(items);
                quote!(::n2o::__private::Fragment(#tuple))
            }
        }
    }
}

fn seg_tokens(seg: &Seg) -> TokenStream {
    match seg {
        Seg::Static(markup) => quote!(::n2o::__private::Static(#markup)),
        Seg::Dyn(expr) => expr.clone(),
    }
}

/// Tuples of at most twelve (the largest with `IntoBody`), nested.
fn tuple(mut items: Vec<TokenStream>) -> TokenStream {
    while items.len() > 12 {
        items = items
            .chunks(12)
            .map(|chunk| if let [one] = chunk { one.clone() } else { quote!((#(#chunk,)*)) })
            .collect();
    }
    quote!((#(#items,)*))
}

/// Writes the nodes of a body: elements at compile time where they can be, string literals
/// escaped, other expressions as values between the pieces.
pub(crate) fn nodes(nodes: &[&Node], out: &mut Out, x: &Expand<'_>) {
    for node in nodes {
        match node {
            Node::Element(el) => element(el, out, x),
            Node::Expr(expr) => match str_lit(expr) {
                Some(text) => out.lit(&escape_html(&text)),
                None => out.dynamic(quote!(::n2o::__private::body(#expr))),
            },
        }
    }
}

/// The two expansions [`nodes`] needs from `expand`.
pub(crate) struct Expand<'a> {
    /// The whole builder of an element.
    pub(crate) builder: &'a dyn Fn(&Element) -> TokenStream,
    /// The builder with only the event calls of an element, and its id.
    pub(crate) events: &'a dyn Fn(&Element, &str) -> TokenStream,
}

/// Writes `el`: its markup when [`open_tag`] can write its start, else its builder.
pub(crate) fn element(el: &Element, out: &mut Out, x: &Expand<'_>) {
    let Some(tag) = open_tag(el) else {
        out.dynamic((x.builder)(el));
        return;
    };
    out.lit(&tag.open);
    if let Some(id) = tag.wire_id {
        let chain = (x.events)(el, &id);
        out.dynamic(quote!(::n2o::__private::Wire(#id, #chain)));
    }
    if let Some(text) = tag.literal {
        out.lit(&text);
        return;
    }
    nodes(&children(el), out, x);
    if !el.spec.void {
        out.lit(&format!("</{}>", tag.name));
    }
}

/// An element's start written ahead.
pub(crate) struct Tag {
    name: &'static str,
    /// `<tag id=".." class=".." ..>`; empty for `#literal`.
    open: String,
    /// The id to wire the element's events on, when it has events.
    wire_id: Option<String>,
    /// A `#literal`'s markup.
    literal: Option<String>,
    /// What the builder calls would set: `__private::PreAttr`s.
    pre: Vec<TokenStream>,
}

/// A single root as `__private::prebuilt(ctor(), "tag", "<tag ..>", &[attrs])` and its body
/// written ahead: still the `Element<K>` of its constructor. `None` when the root has
/// events or anything known only at run time; the caller keeps the builder.
pub(crate) fn prebuilt_root(el: &Element, x: &Expand<'_>) -> Option<TokenStream> {
    let tag = open_tag(el)?;
    if tag.wire_id.is_some() || tag.literal.is_some() {
        return None;
    }
    let ctor = syn::Ident::new(el.spec.name, el.name.span());
    let (name, open, pre) = (tag.name, &tag.open, &tag.pre);
    let mut chain = quote! {
        ::n2o::__private::prebuilt(::n2o::element::#ctor(), #name, #open, &[#(#pre),*])
    };
    let children = children(el);
    if !children.is_empty() {
        let mut out = Out::default();
        nodes(&children, &mut out, x);
        let body = out.to_tokens();
        chain = quote!(#chain.child(#body));
    }
    Some(chain)
}

fn children(el: &Element) -> Vec<&Node> {
    el.calls
        .iter()
        .flat_map(|call| match &call.args {
            Args::Body(node) => vec![node],
            Args::Children(nodes) => nodes.iter().collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// How a builder method takes its value; the literals each accepts are the ones the
/// builder would turn into the same text.
#[derive(Clone, Copy)]
enum Param {
    /// `impl Into<String>`: a string literal.
    Str,
    /// `impl Display`: a string literal, or an unsuffixed integer literal (an `i32`).
    Display,
    /// `u32`: an unsuffixed integer literal in range.
    U32,
    /// `i32`: an unsuffixed integer literal in range.
    I32,
    /// `bool`, a boolean attribute: `true` or `false`.
    Flag,
}

fn param(key: &str) -> Option<Param> {
    Some(match key {
        "name" | "placeholder" | "autocomplete" | "style" | "title" | "role" | "lang"
        | "target" | "src" | "alt" | "datetime" | "accept" | "href" | "pattern" | "rel"
        | "download" | "dir" | "inputmode" | "enterkeyhint" => Param::Str,
        "value" | "min" | "max" | "step" | "low" | "high" | "optimum" => Param::Display,
        "colspan" | "rowspan" | "rows" | "cols" | "width" | "height" | "span" | "maxlength"
        | "minlength" => Param::U32,
        "tabindex" => Param::I32,
        "hidden" | "disabled" | "readonly" | "required" | "autofocus" | "checked" | "multiple"
        | "open" | "selected" => Param::Flag,
        _ => return None,
    })
}

const EVENT_KEYS: &[&str] =
    &["postback", "on", "bind", "source", "validation", "validate", "actions"];

/// Whether the call `key` is one of an element's events, which a `__private::Wire` keeps as
/// builder calls.
pub(crate) fn is_event_call(key: &syn::Ident) -> bool {
    EVENT_KEYS.contains(&key.unraw().to_string().as_str())
}

/// The start of `el` when everything in it is known now; `None` keeps the builder.
fn open_tag(el: &Element) -> Option<Tag> {
    let spec = el.spec;
    if !spec.is_element() {
        return literal(el);
    }
    // A dropdown's value selects among its options when rendered: both stay builders. An
    // upload always has wiring, whose ticket its `accept` and `max_bytes` go into.
    if matches!(spec.name, "dropdown" | "option" | "upload") {
        return None;
    }
    let mut name = spec.tag;
    let mut id = None;
    let mut classes: Vec<String> = Vec::new();
    // Position in `n2o_shared::attrs::ORDER` → value (`None`: a bare boolean attribute).
    let mut attrs: BTreeMap<usize, Option<String>> = BTreeMap::new();
    if let Some(ty) = spec.input_type {
        attrs.insert(attr_pos("type"), Some(ty.to_owned()));
    }
    let mut events = false;
    let mut postback = false;
    for call in &el.calls {
        let key = call.method.unraw().to_string();
        match (key.as_str(), &call.args) {
            ("id", Args::Name(n)) => id = Some(n.value.clone()),
            ("class", Args::Expr(e)) => classes.extend(class_lits(e)?),
            ("body", Args::Body(_) | Args::Children(_)) => {}
            ("for", Args::Name(n)) => {
                attrs.insert(attr_pos("for"), Some(n.value.clone()));
            }
            ("numbered", Args::Expr(e)) => name = if bool_lit(e)? { "ol" } else { "ul" },
            (k, _) if EVENT_KEYS.contains(&k) => {
                events |= k != "source";
                postback |= matches!(k, "postback" | "on");
            }
            ("value", _) if spec.name == "textarea" => return None,
            (k, Args::Expr(e)) => {
                let value = match param(k)? {
                    Param::Str => Some(str_lit(e)?),
                    Param::Display => Some(str_lit(e).or_else(|| int_lit::<i32>(e))?),
                    Param::U32 => Some(int_lit::<u32>(e)?),
                    Param::I32 => Some(int_lit::<i32>(e)?),
                    Param::Flag => {
                        if bool_lit(e)? {
                            None
                        } else {
                            attrs.remove(&attr_pos(k));
                            continue;
                        }
                    }
                };
                // The builder refuses script URLs at run time; only plainly safe ones here.
                if k == "href" && !value.as_deref().is_some_and(plainly_safe_url) {
                    return None;
                }
                attrs.insert(attr_pos(k), value);
            }
            _ => return None,
        }
    }
    let wire_id = match (&el.id, events) {
        (_, false) => None,
        (Some(Id::Name(n)), true) => Some(n.value.clone()),
        // The render gives it an `auto<n>` id: decided at run time.
        (_, true) => return None,
    };
    // As the render does: a link sending a postback needs an href to stay focusable.
    let href = attr_pos("href");
    if name == "a" && postback && !attrs.contains_key(&href) {
        attrs.insert(href, Some("javascript:void(0)".to_owned()));
    }
    let mut pre = Vec::new();
    let mut open = format!("<{name}");
    if let Some(id) = &id {
        attr(&mut open, "id", id);
        pre.push(quote!(::n2o::__private::PreAttr::Id(#id)));
    }
    if !classes.is_empty() {
        open.push_str(" class=\"");
        for (i, class) in classes.iter().enumerate() {
            if i > 0 {
                open.push(' ');
            }
            n2o_shared::html::escape_into(class, &mut open);
            pre.push(quote!(::n2o::__private::PreAttr::Class(#class)));
        }
        open.push('"');
    }
    for (pos, value) in &attrs {
        let value_tokens = match value {
            Some(v) => quote!(::core::option::Option::Some(#v)),
            None => quote!(::core::option::Option::None),
        };
        pre.push(quote!(::n2o::__private::PreAttr::Attr(#pos, #value_tokens)));
        let attr_name = n2o_shared::attrs::ORDER[*pos];
        match value {
            Some(v) => attr(&mut open, attr_name, v),
            None => {
                open.push(' ');
                open.push_str(attr_name);
            }
        }
    }
    open.push('>');
    Some(Tag { name, open, wire_id, literal: None, pre })
}

/// `#literal{text: "..", html: ".."}` with literal values: the last one written wins, as
/// the builder's calls do.
fn literal(el: &Element) -> Option<Tag> {
    let mut markup = String::new();
    for call in &el.calls {
        let Args::Expr(e) = &call.args else { return None };
        let value = str_lit(e)?;
        markup = match call.method.unraw().to_string().as_str() {
            "text" => escape_html(&value),
            "html" => value,
            _ => return None,
        };
    }
    Some(Tag {
        name: "",
        open: String::new(),
        wire_id: None,
        literal: Some(markup),
        pre: Vec::new(),
    })
}

fn attr_pos(name: &str) -> usize {
    n2o_shared::attrs::position(name).expect("every attribute the macro writes is in the table")
}

fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    n2o_shared::html::escape_into(value, out);
    out.push('"');
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    n2o_shared::html::escape_into(text, &mut out);
    out
}

/// A URL `is_safe_url` accepts whatever its scheme check says: a path, a fragment, a query,
/// or http(s). Anything else is left to the builder's check at run time.
fn plainly_safe_url(url: &str) -> bool {
    ["/", "#", "?", "http://", "https://"].iter().any(|p| url.starts_with(p))
}

/// The classes of `class: "a b"` or `class: ["a", "b"]`, as `Classes` keeps them: each
/// string whole, blank ones skipped.
fn class_lits(expr: &Expr) -> Option<Vec<String>> {
    let strings = match expr {
        Expr::Array(array) if array.attrs.is_empty() => {
            array.elems.iter().map(str_lit).collect::<Option<Vec<_>>>()?
        }
        _ => vec![str_lit(expr)?],
    };
    Some(strings.into_iter().filter(|c| !c.trim().is_empty()).collect())
}

fn str_lit(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(ExprLit { lit: Lit::Str(s), attrs }) if attrs.is_empty() => Some(s.value()),
        _ => None,
    }
}

fn bool_lit(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::Lit(ExprLit { lit: Lit::Bool(b), attrs }) if attrs.is_empty() => Some(b.value),
        _ => None,
    }
}

/// An unsuffixed integer literal that fits `T`, as `T`'s `Display` writes it.
fn int_lit<T: std::str::FromStr + ToString>(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(ExprLit { lit: Lit::Int(i), attrs })
            if attrs.is_empty() && i.suffix().is_empty() =>
        {
            i.base10_digits().parse::<T>().ok().map(|v| v.to_string())
        }
        _ => None,
    }
}
