//! The attributes n2o renders from its own table, in the order they are rendered.

/// After `id` and `class`, before `data-*` and `aria-*`: the order is fixed so rendered
/// markup can be compared as text. The runtime's `Attr` enum names its variants from this
/// list (by position), and `nitro!` writes static tags in this order.
pub const ORDER: &[&str] = &[
    "type",
    "name",
    "value",
    "href",
    "target",
    "src",
    "alt",
    "width",
    "height",
    "for",
    "placeholder",
    "autocomplete",
    "min",
    "max",
    "low",
    "high",
    "optimum",
    "step",
    "rows",
    "cols",
    "colspan",
    "rowspan",
    "span",
    "datetime",
    "accept",
    "style",
    "title",
    "role",
    "tabindex",
    "lang",
    "checked",
    "selected",
    "multiple",
    "disabled",
    "readonly",
    "required",
    "autofocus",
    "open",
    "hidden",
    "maxlength",
    "minlength",
    "pattern",
    "rel",
    "download",
    "dir",
    "spellcheck",
    "draggable",
    "inputmode",
    "enterkeyhint",
];

/// The position of `name` in [`ORDER`].
pub fn position(name: &str) -> Option<usize> {
    ORDER.iter().position(|a| *a == name)
}

/// Names that carry a URL: n2o writes those only through its checked paths (`href` on
/// `#link`, `src` on `#image`), never through the custom-attribute escape hatch, which
/// could otherwise smuggle a `javascript:` URL past the check.
pub const URL_NAMES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "srcdoc",
    "action",
    "formaction",
    "poster",
    "cite",
    "background",
    "ping",
    "manifest",
    "codebase",
    "longdesc",
    "xlink:href",
    "xmlns",
];

/// A custom attribute (`attrs: [("x-foo", v)]`, `.attr("x-foo", v)`) as it renders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Custom {
    /// `data-<name>`: the same attribute as `data: [("<name>", v)]`.
    Data(String),
    /// `aria-<name>`: the same attribute as `aria: [("<name>", v)]`.
    Aria(String),
    /// Any other name, lowercased.
    Other(String),
}

/// Checks the name of a custom attribute, lowercased as HTML does.
///
/// Refused, with a sentence naming what is allowed: a name that is not ASCII letters,
/// digits, `-`, `_`, `.` or `:` starting with a letter (a name cannot be escaped); `on*`
/// (an event handler is raw JS: it goes through `bind`/`on`); a name that carries a URL
/// ([`URL_NAMES`]); and `id`, `class` and the attributes of [`ORDER`], which have their own
/// typed setter (so one attribute has one way in, and is never written twice).
pub fn custom(name: &str) -> Result<Custom, String> {
    let valid = name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    if !valid {
        return Err(format!(
            "`{name}` is not an attribute name: a custom attribute's name is ASCII letters, \
             digits, `-`, `_`, `.` and `:`, starting with a letter"
        ));
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("on") {
        return Err(format!(
            "`{name}` is an event handler (raw JS), not offered as a custom attribute: bind the \
             event with `bind: {{event: \"js\"}}` or `on: {{event: Ev::..}}`"
        ));
    }
    if URL_NAMES.contains(&lower.as_str()) {
        return Err(format!(
            "`{name}` takes a URL, not offered as a custom attribute: URLs go through n2o's \
             checked paths, `href` on `#link` and `src` on `#image`"
        ));
    }
    if lower == "id" || lower == "class" || position(&lower).is_some() {
        return Err(format!(
            "`{name}` has its own attribute: write `{lower}: ..` (or `.{lower}(..)`), not a \
             custom one"
        ));
    }
    for (prefix, make) in [("data-", Custom::Data as fn(String) -> Custom), ("aria-", Custom::Aria)]
    {
        if let Some(rest) = lower.strip_prefix(prefix) {
            if rest.is_empty() {
                return Err(format!("`{name}` has no name after `{prefix}`"));
            }
            return Ok(make(rest.to_owned()));
        }
    }
    Ok(Custom::Other(lower))
}

#[cfg(test)]
mod tests {
    use super::{Custom, custom};

    #[test]
    fn custom_names() {
        assert_eq!(custom("x-Foo"), Ok(Custom::Other("x-foo".into())));
        assert_eq!(custom("hx-post"), Ok(Custom::Other("hx-post".into())));
        assert_eq!(custom("data-k"), Ok(Custom::Data("k".into())));
        assert_eq!(custom("ARIA-label"), Ok(Custom::Aria("label".into())));
        assert_eq!(custom("xml:lang"), Ok(Custom::Other("xml:lang".into())));
        for bad in ["", "a b", "a\"", "a=b", "<x", "x>", "a/b", "1x", "-x", "data-", "é"] {
            assert!(
                custom(bad).unwrap_err().contains("not an attribute name") || bad == "data-",
                "{bad:?}"
            );
        }
        assert!(custom("data-").unwrap_err().contains("no name after"));
        assert!(custom("onclick").unwrap_err().contains("event handler"));
        assert!(custom("OnLoad").unwrap_err().contains("event handler"));
        assert!(custom("href").unwrap_err().contains("URL"));
        assert!(custom("formaction").unwrap_err().contains("URL"));
        assert!(custom("id").unwrap_err().contains("write `id: ..`"));
        assert!(custom("Style").unwrap_err().contains("write `style: ..`"));
    }
}
