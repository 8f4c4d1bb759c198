//! The element table: which `#name`s exist, what each renders as, and which attributes each takes.
//!
//! The runtime decides what each kind offers with sealed capability traits
//! (`n2o_runtime::element::kind`) and renders with its constructors; this is the same table
//! as data, so `nitro!` can reject an unknown attribute on the user's token and write a
//! static tag at compile time. Tests keep the two honest: `tests/nitro_static.rs` renders
//! every element both ways (a static tag from this table, and the runtime's constructor)
//! and compares the bytes, and `tests/ui/pass/every_attribute.rs`, generated from it, calls
//! every (element, attribute) pair through the real builders.

/// One element: its `#name` (also the name of its constructor in `n2o::element`), its kind
/// marker, the DOM event a `postback` binds to (the constructor's `EventType`), and what it
/// renders as: its tag, whether that is void, and the `type` its constructor sets.
#[derive(Debug)]
pub struct Spec {
    /// The `#name`, and the constructor's name.
    pub name: &'static str,
    /// The kind marker of `n2o::element::kind`.
    pub kind: &'static str,
    /// The JS name of the event `postback` binds to; empty for `literal`.
    pub event: &'static str,
    /// The tag rendered; empty for `literal`, which has none.
    pub tag: &'static str,
    /// A void tag: no body, no closing tag.
    pub void: bool,
    /// The `type` attribute the constructor sets (`input`s and `button`).
    pub input_type: Option<&'static str>,
}

/// The attributes of every element (the global attributes and events).
pub const GLOBAL: &[&str] = &[
    "id",
    "class",
    "style",
    "title",
    "data",
    "aria",
    "attrs",
    "role",
    "tabindex",
    "hidden",
    "lang",
    "dir",
    "spellcheck",
    "draggable",
    "inputmode",
    "enterkeyhint",
    "postback",
    "on",
    "bind",
    "source",
    "validation",
    "actions",
];

/// Every element, in the order of the runtime's `element/*.rs` files.
pub const ELEMENTS: &[Spec] = &[
    // layout.rs
    spec("panel", "Panel", "click", "div", false, None),
    spec("div", "Panel", "click", "div", false, None),
    spec("section", "Section", "click", "section", false, None),
    spec("article", "Article", "click", "article", false, None),
    spec("nav", "Nav", "click", "nav", false, None),
    spec("header", "Header", "click", "header", false, None),
    spec("footer", "Footer", "click", "footer", false, None),
    spec("main", "Main", "click", "main", false, None),
    spec("aside", "Aside", "click", "aside", false, None),
    spec("blockquote", "Blockquote", "click", "blockquote", false, None),
    spec("figure", "Figure", "click", "figure", false, None),
    spec("figcaption", "Figcaption", "click", "figcaption", false, None),
    spec("details", "Details", "click", "details", false, None),
    spec("summary", "Summary", "click", "summary", false, None),
    spec("template", "Template", "click", "template", false, None),
    spec("br", "Br", "click", "br", true, None),
    spec("hr", "Hr", "click", "hr", true, None),
    // text.rs
    spec("span", "Span", "click", "span", false, None),
    spec("p", "P", "click", "p", false, None),
    spec("h1", "Heading", "click", "h1", false, None),
    spec("h2", "Heading", "click", "h2", false, None),
    spec("h3", "Heading", "click", "h3", false, None),
    spec("h4", "Heading", "click", "h4", false, None),
    spec("h5", "Heading", "click", "h5", false, None),
    spec("h6", "Heading", "click", "h6", false, None),
    spec("link", "Link", "click", "a", false, None),
    spec("pre", "Pre", "click", "pre", false, None),
    spec("code", "Code", "click", "code", false, None),
    spec("strong", "Strong", "click", "strong", false, None),
    spec("em", "Em", "click", "em", false, None),
    spec("i", "I", "click", "i", false, None),
    spec("b", "B", "click", "b", false, None),
    spec("small", "Small", "click", "small", false, None),
    spec("sub", "Sub", "click", "sub", false, None),
    spec("sup", "Sup", "click", "sup", false, None),
    spec("mark", "Mark", "click", "mark", false, None),
    spec("time", "Time", "click", "time", false, None),
    spec("abbr", "Abbr", "click", "abbr", false, None),
    spec("literal", LITERAL, "", "", false, None),
    // form.rs
    spec("form", "Form", "submit", "form", false, None),
    spec("fieldset", "Fieldset", "click", "fieldset", false, None),
    spec("legend", "Legend", "click", "legend", false, None),
    spec("label", "Label", "click", "label", false, None),
    spec("textarea", "Textarea", "change", "textarea", false, None),
    spec("dropdown", "Dropdown", "change", "select", false, None),
    spec("option", "SelectOption", "click", "option", false, None),
    spec("progress", "Progress", "click", "progress", false, None),
    spec("meter", "Meter", "click", "meter", false, None),
    spec("output", "Output", "click", "output", false, None),
    spec("button", "Button", "click", "button", false, Some("button")),
    // input.rs
    spec("textbox", "Textbox", "change", "input", true, Some("text")),
    spec("password", "Password", "change", "input", true, Some("password")),
    spec("hidden", "Hidden", "change", "input", true, Some("hidden")),
    spec("email", "Email", "change", "input", true, Some("email")),
    spec("number", "Number", "change", "input", true, Some("number")),
    spec("range", "Range", "change", "input", true, Some("range")),
    spec("date", "Date", "change", "input", true, Some("date")),
    spec("checkbox", "Checkbox", "change", "input", true, Some("checkbox")),
    spec("radio", "Radio", "change", "input", true, Some("radio")),
    spec("upload", "Upload", "change", "input", true, Some("file")),
    // list.rs
    spec("list", "List", "click", "ul", false, None),
    spec("li", "Li", "click", "li", false, None),
    spec("dl", "Dl", "click", "dl", false, None),
    spec("dt", "Dt", "click", "dt", false, None),
    spec("dd", "Dd", "click", "dd", false, None),
    // media.rs
    spec("image", "Image", "click", "img", true, None),
    // table.rs
    spec("table", "Table", "click", "table", false, None),
    spec("caption", "Caption", "click", "caption", false, None),
    spec("thead", "Thead", "click", "thead", false, None),
    spec("tbody", "Tbody", "click", "tbody", false, None),
    spec("tfoot", "Tfoot", "click", "tfoot", false, None),
    spec("tr", "Tr", "click", "tr", false, None),
    spec("th", "Th", "click", "th", false, None),
    spec("td", "Td", "click", "td", false, None),
    spec("colgroup", "Colgroup", "click", "colgroup", false, None),
    spec("col", "Col", "click", "col", true, None),
];

/// `literal()` builds a `Literal`, not an `Element<K>`: no global attributes, no events.
pub const LITERAL: &str = "Literal";

const fn spec(
    name: &'static str,
    kind: &'static str,
    event: &'static str,
    tag: &'static str,
    void: bool,
    input_type: Option<&'static str>,
) -> Spec {
    Spec { name, kind, event, tag, void, input_type }
}

/// The capability traits of `element/kind.rs`: the attributes each adds, and its kinds.
pub const CAPABILITIES: &[(&[&str], &[&str])] = &[
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
        &["validate", "invalid"], // HasValidate
        &["Textbox", "Password", "Hidden", "Email", "Number", "Range", "Textarea"],
    ),
    (
        &["name"], // HasName
        &[
            "Textbox", "Password", "Hidden", "Email", "Number", "Range", "Date", "Checkbox",
            "Radio", "Upload", "Button", "Textarea", "Dropdown", "Fieldset", "Form", "Output",
        ],
    ),
    (&["placeholder"], &["Textbox", "Password", "Email", "Number", "Textarea"]),
    (&["maxlength", "minlength"], &["Textbox", "Password", "Email", "Textarea"]), // HasLength
    (&["pattern"], &["Textbox", "Password", "Email"]),                            // HasPattern
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
pub const OWN: &[(&str, &[&str])] = &[
    ("Details", &["open"]),
    ("Link", &["href", "target", "rel", "download"]),
    ("Time", &["datetime"]),
    ("Button", &["type"]),
    ("Textarea", &["value", "rows", "cols"]),
    ("Dropdown", &["value"]),
    ("SelectOption", &["selected"]),
    ("Meter", &["low", "high", "optimum"]),
    ("Upload", &["accept", "max_bytes", "drop_zone"]),
    ("List", &["numbered"]),
    ("Image", &["src", "alt", "width", "height"]),
    ("Col", &["span"]),
    (LITERAL, &["text", "html"]),
];

impl Spec {
    /// The element named `name`, if n2o has one.
    pub fn find(name: &str) -> Option<&'static Spec> {
        ELEMENTS.iter().find(|s| s.name == name)
    }

    /// Whether this is a real `Element<K>` (everything but `literal`).
    pub fn is_element(&self) -> bool {
        self.kind != LITERAL
    }

    /// Every attribute this element takes, globals first, then the kind's in table order.
    pub fn attributes(&self) -> Vec<&'static str> {
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

    /// Whether this element takes attribute `attr`.
    pub fn takes(&self, attr: &str) -> bool {
        self.attributes().contains(&attr)
    }
}
