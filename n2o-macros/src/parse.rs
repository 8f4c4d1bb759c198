//! The syntax of `nitro!`: NITRO records as written, with every token kept for error spans.
//!
//! ```text
//! nitro   := element+
//! element := '#' name '{' (attr (',' attr)* ','?)? '}'
//! attr    := key ':' value            key may be a keyword: `type:`, `for:`
//! value   := '[' (item (',' item)* ','?)? ']' | map | item
//! map     := '{' entry (',' entry)* ','? '}'
//! entry   := key ':' item
//! item    := element | rust-expression
//! ```
//!
//! A `{` is a map when its first tokens are `name :` (`on: {keyup: Ev::Typed}`), which no
//! Rust block can start with; any other `{` is a block expression (`id: {format!(..)}`).
//!
//! Nothing here knows which elements or attributes exist; that is [`crate::model`]'s job, so
//! a misspelt name still parses and gets an error that can list the alternatives.

use proc_macro2::{Delimiter, Spacing, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, Token, braced, bracketed, token};

/// A whole invocation: the top-level elements, at least one.
pub(crate) struct Nitro {
    pub(crate) roots: Vec<Element>,
}

/// `#name{attr, …}`.
pub(crate) struct Element {
    pub(crate) pound: Token![#],
    pub(crate) name: Ident,
    pub(crate) brace: token::Brace,
    pub(crate) attrs: Punctuated<Attr, Token![,]>,
}

/// `key: value`.
pub(crate) struct Attr {
    pub(crate) key: Ident,
    pub(crate) colon: Token![:],
    pub(crate) value: Value,
}

/// An attribute's value: a bracketed list, a braced map, or a single item.
pub(crate) enum Value {
    List(List),
    Map(Map),
    Item(Item),
}

/// `[item, …]`.
pub(crate) struct List {
    pub(crate) bracket: token::Bracket,
    pub(crate) items: Punctuated<Item, Token![,]>,
}

/// `{key: item, …}`, at least one entry.
pub(crate) struct Map {
    pub(crate) brace: token::Brace,
    pub(crate) entries: Punctuated<Entry, Token![,]>,
}

/// `key: item` in a map.
pub(crate) struct Entry {
    pub(crate) key: Ident,
    pub(crate) colon: Token![:],
    pub(crate) value: Item,
}

/// A nested element, or any Rust expression (literals and identifiers included).
pub(crate) enum Item {
    Element(Box<Element>),
    Expr(syn::Expr),
}

impl Parse for Nitro {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "empty `nitro!`: write one or more elements, e.g. `nitro! { #panel{id: main} }`",
            ));
        }
        let mut roots = Vec::new();
        while !input.is_empty() {
            if input.peek(Token![,]) {
                return Err(input.error(
                    "unexpected `,`: the top-level elements of `nitro!` are not separated by commas",
                ));
            }
            if !input.peek(Token![#]) {
                return Err(input.error(
                    "expected an element like `#panel{...}`; text and expressions go in a `body`",
                ));
            }
            roots.push(input.parse()?);
        }
        Ok(Nitro { roots })
    }
}

impl Parse for Element {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let pound: Token![#] = input.parse()?;
        let name = Ident::parse_any(input)
            .map_err(|_| input.error("expected an element name after `#`, e.g. `#panel`"))?;
        if !input.peek(token::Brace) {
            return Err(syn::Error::new_spanned(
                quote::quote!(#pound #name),
                format!("expected `{{` after `#{name}`: an element is written `#{name}{{...}}`"),
            ));
        }
        let content;
        let brace = braced!(content in input);
        let attrs = separated(&content, "attributes")?;
        Ok(Element { pound, name, brace, attrs })
    }
}

impl Parse for Attr {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(Token![#]) {
            return Err(input.error(
                "expected an attribute like `id: ...`; child elements go in `body: [...]`",
            ));
        }
        let key = Ident::parse_any(input)
            .map_err(|_| input.error("expected an attribute name, e.g. `id` or `body`"))?;
        let colon = key_colon(input, &key)?;
        let value = if input.peek(token::Bracket) {
            let content;
            let bracket = bracketed!(content in input);
            Value::List(List { bracket, items: separated(&content, "items")? })
        } else if starts_map(input) {
            let content;
            let brace = braced!(content in input);
            Value::Map(Map { brace, entries: separated(&content, "entries")? })
        } else {
            Value::Item(input.parse()?)
        };
        Ok(Attr { key, colon, value })
    }
}

impl Parse for Entry {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let key = Ident::parse_any(input)
            .map_err(|_| input.error("expected a name, e.g. `keyup: ...`"))?;
        let colon = key_colon(input, &key)?;
        Ok(Entry { key, colon, value: input.parse()? })
    }
}

/// The `:` after `key`, and a value after it.
fn key_colon(input: ParseStream<'_>, key: &Ident) -> syn::Result<Token![:]> {
    if !input.peek(Token![:]) || input.peek(Token![::]) {
        return Err(syn::Error::new(
            next_span(input, key.span()),
            format!("expected `:` after `{key}`"),
        ));
    }
    let colon: Token![:] = input.parse()?;
    if input.is_empty() || input.peek(Token![,]) {
        return Err(syn::Error::new(
            next_span(input, colon.span),
            format!("expected a value for `{key}`"),
        ));
    }
    Ok(colon)
}

/// Whether the next token is a `{` group opening with `name :` (a lone colon, not `::`).
fn starts_map(input: ParseStream<'_>) -> bool {
    let Some((inside, _, _)) = input.cursor().group(Delimiter::Brace) else { return false };
    let Some((_, rest)) = inside.ident() else { return false };
    rest.punct().is_some_and(|(p, _)| p.as_char() == ':' && p.spacing() == Spacing::Alone)
}

impl Parse for Item {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(Token![#]) {
            Ok(Item::Element(Box::new(input.parse()?)))
        } else {
            Ok(Item::Expr(input.parse()?))
        }
    }
}

/// `T, T, …` up to the end of `input`, a trailing comma allowed. Unlike
/// `Punctuated::parse_terminated`, a missing comma gets an error that says so.
fn separated<T: Parse>(
    input: ParseStream<'_>,
    what: &str,
) -> syn::Result<Punctuated<T, Token![,]>> {
    let mut list = Punctuated::new();
    while !input.is_empty() {
        list.push_value(input.parse()?);
        if input.is_empty() {
            break;
        }
        if !input.peek(Token![,]) {
            return Err(input.error(format!("expected `,` between {what}")));
        }
        list.push_punct(input.parse()?);
    }
    Ok(list)
}

/// The span of the next token, or `fallback` when the stream is at its end (whose own
/// span would point past the closing delimiter).
fn next_span(input: ParseStream<'_>, fallback: Span) -> Span {
    if input.is_empty() { fallback } else { input.span() }
}

impl ToTokens for Element {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.pound.to_tokens(tokens);
        self.name.to_tokens(tokens);
        self.brace.surround(tokens, |t| self.attrs.to_tokens(t));
    }
}

impl ToTokens for Attr {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.key.to_tokens(tokens);
        self.colon.to_tokens(tokens);
        self.value.to_tokens(tokens);
    }
}

impl ToTokens for Value {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Value::List(list) => list.bracket.surround(tokens, |t| list.items.to_tokens(t)),
            Value::Map(map) => map.brace.surround(tokens, |t| map.entries.to_tokens(t)),
            Value::Item(item) => item.to_tokens(tokens),
        }
    }
}

impl ToTokens for Entry {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.key.to_tokens(tokens);
        self.colon.to_tokens(tokens);
        self.value.to_tokens(tokens);
    }
}

impl ToTokens for Item {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Item::Element(element) => tokens.append_all([element.as_ref()]),
            Item::Expr(expr) => expr.to_tokens(tokens),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> syn::Result<Nitro> {
        syn::parse_str(input)
    }

    fn error(input: &str) -> String {
        match parse(input) {
            Ok(_) => panic!("parsed"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn records_nest_and_keep_their_order() {
        let nitro = parse(
            r#"#panel{id: history, body: [#span{body: "a"}, "text", x + 1, #br{}]}
            #button{type: "submit", for: x,}"#,
        )
        .unwrap();
        assert_eq!(nitro.roots.len(), 2);
        let panel = &nitro.roots[0];
        assert_eq!(panel.name, "panel");
        let keys: Vec<String> = panel.attrs.iter().map(|a| a.key.to_string()).collect();
        assert_eq!(keys, ["id", "body"]);
        let Value::List(list) = &panel.attrs[1].value else { panic!("body is a list") };
        assert_eq!(list.items.len(), 4);
        assert!(matches!(list.items[0], Item::Element(_)));
        assert!(matches!(list.items[2], Item::Expr(syn::Expr::Binary(_))));
        let keys: Vec<String> = nitro.roots[1].attrs.iter().map(|a| a.key.to_string()).collect();
        assert_eq!(keys, ["type", "for"]);
    }

    #[test]
    fn a_brace_of_names_is_a_map_and_any_other_brace_a_block() {
        let nitro = parse(
            r#"#textbox{on: {keyup: Ev::Typed, change: Ev::Changed(1),}, id: {format!("x")},
                        value: {a::b}, bind: {keydown: "js"}}"#,
        )
        .unwrap();
        let attrs = &nitro.roots[0].attrs;
        let Value::Map(on) = &attrs[0].value else { panic!("on is a map") };
        let keys: Vec<String> = on.entries.iter().map(|e| e.key.to_string()).collect();
        assert_eq!(keys, ["keyup", "change"]);
        assert!(matches!(on.entries[1].value, Item::Expr(syn::Expr::Call(_))));
        assert!(matches!(attrs[1].value, Value::Item(Item::Expr(syn::Expr::Block(_)))));
        assert!(matches!(attrs[2].value, Value::Item(Item::Expr(syn::Expr::Block(_)))));
        assert!(matches!(attrs[3].value, Value::Map(_)));
    }

    #[test]
    fn tokens_round_trip() {
        let input = r#"#panel{id: a, body: [#br{}, "x"], on: {click: Ev::Go}}"#;
        let nitro = parse(input).unwrap();
        let expected: TokenStream = input.parse().unwrap();
        assert_eq!(nitro.roots[0].to_token_stream().to_string(), expected.to_string());
    }

    #[test]
    fn syntax_errors_say_what_was_expected() {
        assert!(error("").starts_with("empty `nitro!`"));
        assert_eq!(error(r#"#button{id: send body: "x"}"#), "expected `,` between attributes");
        assert_eq!(error(r#"#panel{body: [#br{} #br{}]}"#), "expected `,` between items");
        assert_eq!(error("#button{id send}"), "expected `:` after `id`");
        assert_eq!(error("#button{id: }"), "expected a value for `id`");
        assert!(error("#br").starts_with("expected `{` after `#br`"));
        assert!(error("#panel{#br{}}").contains("child elements go in `body"));
        assert!(error("#br{}, #br{}").contains("not separated by commas"));
        assert!(error(r#""text""#).starts_with("expected an element"));
        assert_eq!(error("#p{on: {click: A keyup: B}}"), "expected `,` between entries");
        assert_eq!(error("#p{on: {click: }}"), "expected a value for `click`");
        assert_eq!(error("#p{on: {click: A, keyup}}"), "expected `:` after `keyup`");
    }
}
