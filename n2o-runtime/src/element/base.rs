//! `Element<K>`: the builder every element shares, its untyped data, and the global attributes.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use super::compiled::Pre;
use super::event::{Binding, EventType};
use super::kind::{HasBody, Kind};
use super::node::{IntoBody, Node};
use crate::js::Js;
use n2o_shared::attrs::Custom;

/// An element under construction, of kind `K` (a marker from [`kind`](super::kind)).
///
/// Made by the constructor functions of [`element`](super) (`panel()`, `button()`, …),
/// configured with chained methods, rendered with [`render`](super::render) or put in
/// another element's body. Setters replace an earlier value; `class`, `child`, `data`,
/// `aria` and the event bindings add to it.
pub struct Element<K> {
    pub(crate) base: Base,
    kind: PhantomData<K>,
}

impl<K> Clone for Element<K> {
    fn clone(&self) -> Self {
        Element { base: self.base.clone(), kind: PhantomData }
    }
}

impl<K> fmt::Debug for Element<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Element")
            .field("kind", &std::any::type_name::<K>())
            .field("base", &self.base)
            .finish()
    }
}

/// What every element is once its kind has been used to pick its methods.
#[derive(Clone, Debug)]
pub(crate) struct Base {
    pub(crate) tag: &'static str,
    pub(crate) void: bool,
    /// The event `.postback(..)` binds to: click, or change for value controls.
    pub(crate) event: EventType,
    pub(crate) id: Option<String>,
    pub(crate) class: Vec<String>,
    pub(crate) attrs: BTreeMap<Attr, AttrValue>,
    pub(crate) data: BTreeMap<String, String>,
    pub(crate) aria: BTreeMap<String, String>,
    /// Custom attributes (`.attr(..)`), rendered last, by name.
    pub(crate) custom: BTreeMap<String, String>,
    pub(crate) body: Vec<Node>,
    pub(crate) actions: Js,
    pub(crate) validation: Option<String>,
    /// The server's side of [`Element::validate`]: sealed into the postbacks that source
    /// this element.
    pub(crate) validator: Option<Box<super::check::FieldCheck>>,
    pub(crate) source: Vec<String>,
    pub(crate) bindings: Vec<Binding>,
    /// A dropdown's value: rendering selects the child options that carry it.
    pub(crate) select: Option<String>,
    /// The start tag as `nitro!` wrote it, standing for the attributes it lists until
    /// something changes them (see `element::compiled`).
    pub(crate) pre: Option<Pre>,
    /// An `upload` element's FTP wiring: it always has one (see `element::input`).
    pub(crate) upload: Option<Box<UploadWiring>>,
}

/// What an `upload` element adds to its [`Ticket`](crate::ftp::Ticket) and its client
/// options besides its id and `accept` attribute.
#[derive(Clone, Debug, Default)]
pub(crate) struct UploadWiring {
    pub(crate) max_bytes: Option<u64>,
    pub(crate) drop_zone: Option<String>,
}

/// The attributes n2o knows, in the order they are rendered (after `id` and `class`, before
/// `data-*` and `aria-*`): the order is fixed so rendered markup can be compared as text.
/// Variant `n` is named `n2o_shared::attrs::ORDER[n]`, the table `nitro!` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Attr {
    Type = 0,
    Name,
    Value,
    Href,
    Target,
    Src,
    Alt,
    Width,
    Height,
    For,
    Placeholder,
    Autocomplete,
    Min,
    Max,
    Low,
    High,
    Optimum,
    Step,
    Rows,
    Cols,
    Colspan,
    Rowspan,
    Span,
    Datetime,
    Accept,
    Style,
    Title,
    Role,
    Tabindex,
    Lang,
    Checked,
    Selected,
    Multiple,
    Disabled,
    Readonly,
    Required,
    Autofocus,
    Open,
    Hidden,
    Maxlength,
    Minlength,
    Pattern,
    Rel,
    Download,
    Dir,
    Spellcheck,
    Draggable,
    Inputmode,
    Enterkeyhint,
}

impl Attr {
    /// Every variant, in order: variant `n` is `ALL[n]`.
    pub(crate) const ALL: [Attr; 49] = [
        Attr::Type,
        Attr::Name,
        Attr::Value,
        Attr::Href,
        Attr::Target,
        Attr::Src,
        Attr::Alt,
        Attr::Width,
        Attr::Height,
        Attr::For,
        Attr::Placeholder,
        Attr::Autocomplete,
        Attr::Min,
        Attr::Max,
        Attr::Low,
        Attr::High,
        Attr::Optimum,
        Attr::Step,
        Attr::Rows,
        Attr::Cols,
        Attr::Colspan,
        Attr::Rowspan,
        Attr::Span,
        Attr::Datetime,
        Attr::Accept,
        Attr::Style,
        Attr::Title,
        Attr::Role,
        Attr::Tabindex,
        Attr::Lang,
        Attr::Checked,
        Attr::Selected,
        Attr::Multiple,
        Attr::Disabled,
        Attr::Readonly,
        Attr::Required,
        Attr::Autofocus,
        Attr::Open,
        Attr::Hidden,
        Attr::Maxlength,
        Attr::Minlength,
        Attr::Pattern,
        Attr::Rel,
        Attr::Download,
        Attr::Dir,
        Attr::Spellcheck,
        Attr::Draggable,
        Attr::Inputmode,
        Attr::Enterkeyhint,
    ];

    /// The attribute's name, from the table `nitro!` writes static tags with.
    pub(crate) fn name(self) -> &'static str {
        n2o_shared::attrs::ORDER[self as usize]
    }
}

/// An attribute's value: text (escaped when rendered) or a bare boolean attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AttrValue {
    Text(String),
    Flag,
}

impl<K: Kind> Element<K> {
    /// A new element with tag `tag`; `event` is what `.postback(..)` binds to.
    pub(crate) fn new(tag: &'static str, void: bool, event: EventType) -> Self {
        Element {
            base: Base {
                tag,
                void,
                event,
                id: None,
                class: Vec::new(),
                attrs: BTreeMap::new(),
                data: BTreeMap::new(),
                aria: BTreeMap::new(),
                custom: BTreeMap::new(),
                body: Vec::new(),
                actions: Js::default(),
                validation: None,
                validator: None,
                source: Vec::new(),
                bindings: Vec::new(),
                select: None,
                pre: None,
                upload: None,
            },
            kind: PhantomData,
        }
    }

    pub(crate) fn set(mut self, attr: Attr, value: String) -> Self {
        self.base.materialize();
        self.base.attrs.insert(attr, AttrValue::Text(value));
        self
    }

    pub(crate) fn flag(mut self, attr: Attr, on: bool) -> Self {
        self.base.materialize();
        if on {
            self.base.attrs.insert(attr, AttrValue::Flag);
        } else {
            self.base.attrs.remove(&attr);
        }
        self
    }

    /// The element's `id`; elements with events get `auto1`, `auto2`, … when they have none.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.base.materialize();
        self.base.id = Some(id.into());
        self
    }

    /// Adds CSS classes: one (`"btn"`, `"btn primary"`) or many (`["btn", "primary"]`);
    /// rendered joined with spaces, empty ones skipped.
    pub fn class(mut self, classes: impl Classes) -> Self {
        self.base.materialize();
        classes.add_to(&mut self.base.class);
        self
    }

    /// The inline `style`.
    pub fn style(self, css: impl Into<String>) -> Self {
        self.set(Attr::Style, css.into())
    }

    /// The `title` (tooltip).
    pub fn title(self, title: impl Into<String>) -> Self {
        self.set(Attr::Title, title.into())
    }

    /// Sets `data-<name>`. `name` must be ASCII letters, digits, `-`, `_` or `.` (it is
    /// lowercased, as HTML does); another name is dropped with a warning in the log, since
    /// a name cannot be escaped.
    pub fn data(mut self, name: &str, value: impl Into<String>) -> Self {
        if let Some(name) = attr_suffix("data", name) {
            self.base.materialize();
            self.base.data.insert(name, value.into());
        }
        self
    }

    /// Sets `aria-<name>`, e.g. `aria("label", "Close")`; names as for [`Element::data`].
    pub fn aria(mut self, name: &str, value: impl Into<String>) -> Self {
        if let Some(name) = attr_suffix("aria", name) {
            self.base.materialize();
            self.base.aria.insert(name, value.into());
        }
        self
    }

    /// Sets a custom attribute, `attr("hx-post", "/x")`: the escape hatch for attributes
    /// n2o has no setter for. The value is HTML-escaped like every attribute's;
    /// `data-<k>` and `aria-<k>` are the same as [`Element::data`] and [`Element::aria`].
    ///
    /// The name is lowercased and checked by `n2o_shared::attrs::custom`: one that is not
    /// ASCII letters, digits, `-`, `_`, `.`, `:` starting with a letter, an `on*` event
    /// handler (raw JS: use [`Element::bind`]), a URL-bearing name (`href`, `src`, `action`,
    /// …: use the checked setters) or an attribute with its own setter (`id`, `style`, …)
    /// is dropped with a warning in the log, the element otherwise unchanged. `nitro!`
    /// refuses such a name at compile time when it is a literal.
    pub fn attr(mut self, name: &str, value: impl fmt::Display) -> Self {
        let value = value.to_string();
        match n2o_shared::attrs::custom(name) {
            Ok(custom) => {
                self.base.materialize();
                let (map, name) = match custom {
                    Custom::Data(n) => (&mut self.base.data, n),
                    Custom::Aria(n) => (&mut self.base.aria, n),
                    Custom::Other(n) => (&mut self.base.custom, n),
                };
                map.insert(name, value);
            }
            Err(why) => custom_refused(name, &why),
        }
        self
    }

    /// The ARIA `role`.
    pub fn role(self, role: impl Into<String>) -> Self {
        self.set(Attr::Role, role.into())
    }

    /// The `tabindex`.
    pub fn tabindex(self, index: i32) -> Self {
        self.set(Attr::Tabindex, index.to_string())
    }

    /// The boolean `hidden` attribute.
    pub fn hidden(self, hidden: bool) -> Self {
        self.flag(Attr::Hidden, hidden)
    }

    /// The text direction `dir`: `"ltr"`, `"rtl"` or `"auto"`.
    pub fn dir(self, dir: impl Into<String>) -> Self {
        self.set(Attr::Dir, dir.into())
    }

    /// `spellcheck="true"` or `"false"`: whether the browser checks the spelling of the
    /// element's editable text (an enumerated attribute, not a boolean one: both are written).
    pub fn spellcheck(self, on: bool) -> Self {
        self.set(Attr::Spellcheck, on.to_string())
    }

    /// `draggable="true"` or `"false"` (enumerated, like `spellcheck`).
    pub fn draggable(self, on: bool) -> Self {
        self.set(Attr::Draggable, on.to_string())
    }

    /// The virtual keyboard to show, `inputmode`: `"numeric"`, `"decimal"`, `"email"`,
    /// `"tel"`, `"url"`, `"search"`, `"text"` or `"none"`.
    pub fn inputmode(self, mode: impl Into<String>) -> Self {
        self.set(Attr::Inputmode, mode.into())
    }

    /// The label of the virtual keyboard's enter key, `enterkeyhint`: `"enter"`, `"done"`,
    /// `"go"`, `"next"`, `"previous"`, `"search"` or `"send"`.
    pub fn enterkeyhint(self, hint: impl Into<String>) -> Self {
        self.set(Attr::Enterkeyhint, hint.into())
    }

    /// The `lang` of the element's content.
    pub fn lang(self, lang: impl Into<String>) -> Self {
        self.set(Attr::Lang, lang.into())
    }
}

impl<K: HasBody> Element<K> {
    /// Replaces the body with `body`: an element, text (escaped), [`Html`](crate::Html), or a
    /// list, tuple or `Option` of those.
    pub fn body(mut self, body: impl IntoBody) -> Self {
        self.base.body = vec![body.into_node()];
        self
    }

    /// Appends `child` to the body.
    pub fn child(mut self, child: impl IntoBody) -> Self {
        self.base.body.push(child.into_node());
        self
    }
}

/// Logs a refused custom attribute through a process-wide limit: a page that computes
/// names from what clients send must not flood the log.
fn custom_refused(name: &str, why: &str) {
    use crate::warn_limit::{WarnLimit, limited_warn};
    static LIMIT: std::sync::Mutex<Option<WarnLimit>> = std::sync::Mutex::new(None);
    let mut limit = LIMIT.lock().unwrap_or_else(|e| e.into_inner());
    let limit = limit.get_or_insert_with(WarnLimit::connection);
    limited_warn!(limit, name, "n2o: dropped a custom attribute: {why}");
}

/// Checks and lowercases the `<name>` of `data-<name>` / `aria-<name>`.
fn attr_suffix(prefix: &str, name: &str) -> Option<String> {
    let ok = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Some(name.to_ascii_lowercase())
    } else {
        tracing::warn!(name, "n2o: dropped an invalid `{prefix}-*` attribute name");
        None
    }
}

/// One or many CSS class names, for [`Element::class`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a CSS class list",
    note = "pass a string (`\"a b\"`) or an array or `Vec` of strings (`[\"a\", \"b\"]`)"
)]
pub trait Classes {
    /// Appends the names to `list`, skipping empty ones.
    fn add_to(self, list: &mut Vec<String>);
}

impl Classes for &str {
    fn add_to(self, list: &mut Vec<String>) {
        if !self.trim().is_empty() {
            list.push(self.to_owned());
        }
    }
}

impl Classes for String {
    fn add_to(self, list: &mut Vec<String>) {
        if !self.trim().is_empty() {
            list.push(self);
        }
    }
}

impl Classes for &String {
    fn add_to(self, list: &mut Vec<String>) {
        self.as_str().add_to(list);
    }
}

impl<C: Classes, const N: usize> Classes for [C; N] {
    fn add_to(self, list: &mut Vec<String>) {
        for c in self {
            c.add_to(list);
        }
    }
}

impl<C: Classes> Classes for Vec<C> {
    fn add_to(self, list: &mut Vec<String>) {
        for c in self {
            c.add_to(list);
        }
    }
}

impl<C: Classes> Classes for Option<C> {
    fn add_to(self, list: &mut Vec<String>) {
        if let Some(c) = self {
            c.add_to(list);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Attr;

    #[test]
    fn every_attr_has_a_name_in_the_shared_table() {
        // `Enterkeyhint` is the last variant: one name per variant, no more.
        assert_eq!(Attr::Enterkeyhint as usize + 1, n2o_shared::attrs::ORDER.len());
        for (i, attr) in Attr::ALL.iter().enumerate() {
            assert_eq!(*attr as usize, i);
        }
        assert_eq!(Attr::Type.name(), "type");
        assert_eq!(Attr::Placeholder.name(), "placeholder");
        assert_eq!(Attr::Hidden.name(), "hidden");
        assert_eq!(Attr::Maxlength.name(), "maxlength");
        assert_eq!(Attr::Dir.name(), "dir");
        assert_eq!(Attr::Enterkeyhint.name(), "enterkeyhint");
    }
}
