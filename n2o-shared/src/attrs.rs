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
];

/// The position of `name` in [`ORDER`].
pub fn position(name: &str) -> Option<usize> {
    ORDER.iter().position(|a| *a == name)
}
