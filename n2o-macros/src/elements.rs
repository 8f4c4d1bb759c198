//! The element table: which `#name`s exist and which attributes each takes, mirroring `n2o::element`.
//!
//! The runtime decides what each kind offers with sealed capability traits
//! (`n2o_runtime::element::kind`); this file is the same table as data, so the macro can
//! reject an unknown attribute on the user's token and list the allowed ones instead of
//! leaving rustc to say "no method named `placeholder` found for `Element<Br>`". Two tests
//! keep it honest: `tests/ui/pass/every_attribute.rs` is generated from this table and
//! calls every (element, attribute) pair through the real builders, and the JS test renders
//! a postback on every element with the runtime and compares it with [`crate::js`].

/// One element: its `#name` (also the name of its constructor in `n2o::element`), its kind
/// marker, and the DOM event a `postback` binds to (the constructor's `EventType`).
#[derive(Debug)]
pub(crate) struct Spec {
    pub(crate) name: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) event: &'static str,
}

/// How the macro reads an attribute's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// `id: send` (a name, declared in this invocation) or `id: {expr}` (computed).
    Id,
    /// `for: message`: a name, checked like a `source` item.
    IdRef,
    /// `source: [message, "elsewhere"]`.
    Sources,
    /// `body: "text"`, `body: expr`, `body: #span{..}` or `body: [..]`.
    Body,
    /// `postback: Ev::Chat`, whose type must implement `Postback`.
    Postback,
    /// `on: {keyup: Ev::Typed}`: a postback per event, each checked like `postback`.
    On,
    /// `bind: {keydown: "js"}`: raw JS per event, as written.
    Bind,
    /// `data: [("name", value), ..]`: one two-argument call per pair.
    Pairs,
    /// Any Rust expression, passed to the builder method of the same name.
    Expr,
}

/// The attributes of every element (the global attributes and events).
const GLOBAL: &[&str] = &[
    "id",
    "class",
    "style",
    "title",
    "data",
    "aria",
    "role",
    "tabindex",
    "hidden",
    "lang",
    "postback",
    "on",
    "bind",
    "source",
    "validation",
    "actions",
];

/// Every element, in the order of the runtime's `element/*.rs` files.
pub(crate) const ELEMENTS: &[Spec] = &[
    // layout.rs
    spec("panel", "Panel", "click"),
    spec("div", "Panel", "click"),
    spec("section", "Section", "click"),
    spec("article", "Article", "click"),
    spec("nav", "Nav", "click"),
    spec("header", "Header", "click"),
    spec("footer", "Footer", "click"),
    spec("main", "Main", "click"),
    spec("aside", "Aside", "click"),
    spec("blockquote", "Blockquote", "click"),
    spec("figure", "Figure", "click"),
    spec("figcaption", "Figcaption", "click"),
    spec("details", "Details", "click"),
    spec("summary", "Summary", "click"),
    spec("template", "Template", "click"),
    spec("br", "Br", "click"),
    spec("hr", "Hr", "click"),
    // text.rs
    spec("span", "Span", "click"),
    spec("p", "P", "click"),
    spec("h1", "Heading", "click"),
    spec("h2", "Heading", "click"),
    spec("h3", "Heading", "click"),
    spec("h4", "Heading", "click"),
    spec("h5", "Heading", "click"),
    spec("h6", "Heading", "click"),
    spec("link", "Link", "click"),
    spec("pre", "Pre", "click"),
    spec("code", "Code", "click"),
    spec("strong", "Strong", "click"),
    spec("em", "Em", "click"),
    spec("i", "I", "click"),
    spec("b", "B", "click"),
    spec("small", "Small", "click"),
    spec("sub", "Sub", "click"),
    spec("sup", "Sup", "click"),
    spec("mark", "Mark", "click"),
    spec("time", "Time", "click"),
    spec("abbr", "Abbr", "click"),
    spec("literal", LITERAL, ""),
    // form.rs
    spec("form", "Form", "submit"),
    spec("fieldset", "Fieldset", "click"),
    spec("legend", "Legend", "click"),
    spec("label", "Label", "click"),
    spec("textarea", "Textarea", "change"),
    spec("dropdown", "Dropdown", "change"),
    spec("option", "SelectOption", "click"),
    spec("progress", "Progress", "click"),
    spec("meter", "Meter", "click"),
    spec("output", "Output", "click"),
    spec("button", "Button", "click"),
    // input.rs
    spec("textbox", "Textbox", "change"),
    spec("password", "Password", "change"),
    spec("hidden", "Hidden", "change"),
    spec("email", "Email", "change"),
    spec("number", "Number", "change"),
    spec("range", "Range", "change"),
    spec("date", "Date", "change"),
    spec("checkbox", "Checkbox", "change"),
    spec("radio", "Radio", "change"),
    spec("upload", "Upload", "change"),
    // list.rs
    spec("list", "List", "click"),
    spec("li", "Li", "click"),
    spec("dl", "Dl", "click"),
    spec("dt", "Dt", "click"),
    spec("dd", "Dd", "click"),
    // media.rs
    spec("image", "Image", "click"),
    // table.rs
    spec("table", "Table", "click"),
    spec("caption", "Caption", "click"),
    spec("thead", "Thead", "click"),
    spec("tbody", "Tbody", "click"),
    spec("tfoot", "Tfoot", "click"),
    spec("tr", "Tr", "click"),
    spec("th", "Th", "click"),
    spec("td", "Td", "click"),
    spec("colgroup", "Colgroup", "click"),
    spec("col", "Col", "click"),
];

/// `literal()` builds a `Literal`, not an `Element<K>`: no global attributes, no events.
const LITERAL: &str = "Literal";

const fn spec(name: &'static str, kind: &'static str, event: &'static str) -> Spec {
    Spec { name, kind, event }
}

/// The capability traits of `element/kind.rs`: the attributes each adds, and its kinds.
const CAPABILITIES: &[(&[&str], &[&str])] = &[
    (
        &["body"], // HasBody
        &[
            "Panel",
            "Span",
            "P",
            "Heading",
            "Link",
            "List",
            "Li",
            "Dl",
            "Dt",
            "Dd",
            "Table",
            "Caption",
            "Thead",
            "Tbody",
            "Tfoot",
            "Tr",
            "Th",
            "Td",
            "Colgroup",
            "Form",
            "Fieldset",
            "Legend",
            "Label",
            "Button",
            "Dropdown",
            "SelectOption",
            "Progress",
            "Meter",
            "Output",
            "Pre",
            "Code",
            "Section",
            "Article",
            "Nav",
            "Header",
            "Footer",
            "Main",
            "Aside",
            "Blockquote",
            "Strong",
            "Em",
            "I",
            "B",
            "Small",
            "Sub",
            "Sup",
            "Mark",
            "Time",
            "Abbr",
            "Figure",
            "Figcaption",
            "Details",
            "Summary",
            "Template",
        ],
    ),
    (
        &["value"], // HasValue
        &[
            "Textbox",
            "Password",
            "Hidden",
            "Email",
            "Number",
            "Range",
            "Date",
            "Checkbox",
            "Radio",
            "Button",
            "SelectOption",
            "Progress",
            "Meter",
        ],
    ),
    (
        &["name"], // HasName
        &[
            "Textbox", "Password", "Hidden", "Email", "Number", "Range", "Date", "Checkbox",
            "Radio", "Upload", "Button", "Textarea", "Dropdown", "Fieldset", "Form", "Output",
        ],
    ),
    (&["placeholder"], &["Textbox", "Password", "Email", "Number", "Textarea"]),
    (
        &["disabled"], // HasDisabled
        &[
            "Textbox",
            "Password",
            "Email",
            "Number",
            "Range",
            "Date",
            "Checkbox",
            "Radio",
            "Upload",
            "Button",
            "Textarea",
            "Dropdown",
            "SelectOption",
            "Fieldset",
        ],
    ),
    (&["readonly"], &["Textbox", "Password", "Email", "Number", "Date", "Textarea"]),
    (
        &["required"], // HasRequired
        &[
            "Textbox", "Password", "Email", "Number", "Date", "Checkbox", "Radio", "Upload",
            "Textarea", "Dropdown",
        ],
    ),
    (
        &["autofocus"], // HasAutofocus
        &[
            "Textbox", "Password", "Email", "Number", "Range", "Date", "Checkbox", "Radio",
            "Upload", "Button", "Textarea", "Dropdown",
        ],
    ),
    (
        &["autocomplete"], // HasAutocomplete
        &[
            "Form", "Textbox", "Password", "Hidden", "Email", "Number", "Range", "Date",
            "Textarea", "Dropdown",
        ],
    ),
    (&["checked"], &["Checkbox", "Radio"]),
    (&["multiple"], &["Dropdown", "Upload", "Email"]),
    (&["min"], &["Number", "Range", "Date", "Meter"]),
    (&["max"], &["Number", "Range", "Date", "Meter", "Progress"]),
    (&["step"], &["Number", "Range", "Date"]),
    (&["for"], &["Label", "Output"]),
    (&["colspan", "rowspan"], &["Th", "Td"]),
];

/// Methods one kind has on its own (`impl Element<Link> { fn href .. }`).
const OWN: &[(&str, &[&str])] = &[
    ("Details", &["open"]),
    ("Link", &["href", "target"]),
    ("Time", &["datetime"]),
    ("Button", &["type"]),
    ("Textarea", &["value", "rows", "cols"]),
    ("Dropdown", &["value"]),
    ("SelectOption", &["selected"]),
    ("Meter", &["low", "high", "optimum"]),
    ("Upload", &["accept"]),
    ("List", &["numbered"]),
    ("Image", &["src", "alt", "width", "height"]),
    ("Col", &["span"]),
    (LITERAL, &["text", "html"]),
];

impl Spec {
    /// The element named `name`, if n2o has one.
    pub(crate) fn find(name: &str) -> Option<&'static Spec> {
        ELEMENTS.iter().find(|s| s.name == name)
    }

    /// Whether this is a real `Element<K>` (everything but `literal`).
    pub(crate) fn is_element(&self) -> bool {
        self.kind != LITERAL
    }

    /// Every attribute this element takes, globals first, then the kind's in table order.
    pub(crate) fn attributes(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> =
            if self.is_element() { GLOBAL.to_vec() } else { Vec::new() };
        for (attrs, kinds) in CAPABILITIES {
            if kinds.contains(&self.kind) {
                out.extend_from_slice(attrs);
            }
        }
        for (kind, attrs) in OWN {
            if *kind == self.kind {
                out.extend_from_slice(attrs);
            }
        }
        out
    }

    pub(crate) fn takes(&self, attr: &str) -> bool {
        self.attributes().contains(&attr)
    }
}

/// How the value of attribute `name` is read.
pub(crate) fn value_of(name: &str) -> ValueKind {
    match name {
        "id" => ValueKind::Id,
        "for" => ValueKind::IdRef,
        "source" => ValueKind::Sources,
        "body" => ValueKind::Body,
        "postback" => ValueKind::Postback,
        "on" => ValueKind::On,
        "bind" => ValueKind::Bind,
        "data" | "aria" => ValueKind::Pairs,
        _ => ValueKind::Expr,
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // A third of the length, at least one: `buton` → `button`, but not `x` → `p`.
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = ELEMENTS.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ELEMENTS.len());
    }

    #[test]
    fn every_kind_in_the_capability_tables_exists() {
        let kinds: Vec<&str> = ELEMENTS.iter().map(|s| s.kind).collect();
        for (_, ks) in CAPABILITIES {
            for k in *ks {
                assert!(kinds.contains(k), "unknown kind {k}");
            }
        }
        for (k, _) in OWN {
            assert!(kinds.contains(k), "unknown kind {k}");
        }
    }

    #[test]
    fn attributes_follow_the_capabilities() {
        let br = Spec::find("br").unwrap();
        assert!(!br.takes("body") && br.takes("id") && br.takes("postback"));
        let textbox = Spec::find("textbox").unwrap();
        assert!(textbox.takes("placeholder") && textbox.takes("value") && !textbox.takes("body"));
        assert_eq!(Spec::find("literal").unwrap().attributes(), ["text", "html"]);
        for spec in ELEMENTS {
            let attrs = spec.attributes();
            let mut unique = attrs.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), attrs.len(), "{} lists an attribute twice", spec.name);
        }
    }

    #[test]
    fn typos_find_their_word() {
        let names = ELEMENTS.iter().map(|s| s.name);
        assert_eq!(did_you_mean("buton", names.clone()), Some("button"));
        assert_eq!(did_you_mean("textbx", names.clone()), Some("textbox"));
        assert_eq!(did_you_mean("widget", names), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
