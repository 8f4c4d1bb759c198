//! Rendering: element trees to escaped HTML plus the JS that wires their events.

use std::fmt;

use super::base::{Attr, AttrValue, Base};
use super::check::Checks;
use super::event::Binding;
use super::node::{Inner, IntoBody, Node};
use super::wire;
use crate::ftp::Ticket;
use crate::html::{self, Html};
use crate::js::Js;
use crate::postback::Seal;
use crate::term::Term;

/// The result of rendering: markup, and the JS that must run once it is in the page.
///
/// The JS binds the postbacks, raw bindings, validation and actions of the elements in
/// `html`, so it has to run after `html` is in the DOM: the insertion actions of
/// [`crate::action`] order it that way, and a page template puts it in a `<script>` at the end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The markup.
    pub html: Html,
    /// The wiring, in document order of the elements.
    pub js: Js,
}

/// Renders `body` (an element, text, a list, …) with `seal` sealing its postbacks;
/// automatic ids start at `auto1`.
pub fn render(body: impl IntoBody, seal: &dyn Seal) -> Rendered {
    let mut r = Render::new(seal);
    r.push(body);
    r.finish()
}

/// A render in progress: push bodies, then [`Render::finish`].
///
/// Elements that need an id (a postback, binding, action or validation) and have none get
/// `auto1`, `auto2`, … in document order, so the same tree renders to the same text. Ids
/// must be unique in the whole page, so a connection that renders several fragments into
/// one document carries the counter from one render to the next with
/// [`Render::next_auto_id`] and [`Render::auto_ids_from`].
pub struct Render<'s> {
    seal: &'s dyn Seal,
    html: String,
    js: Js,
    next_id: u64,
    /// The `validate` checks of the fields seen so far (and, on a connection, before),
    /// sealed into the postbacks that source them.
    checks: Checks,
    /// Postbacks sealed before some of their sources were seen: sealed again at the end if
    /// one of those turned out to be checked.
    resealed: Vec<Reseal>,
}

/// A postback pickle in the JS at byte `at`, `len` bytes of quoted literal, sealed when
/// `known` of its sources were known to be checked.
struct Reseal {
    at: usize,
    len: usize,
    term: Term,
    sources: Vec<String>,
    known: usize,
}

impl fmt::Debug for Render<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Render")
            .field("html", &self.html)
            .field("js", &self.js)
            .field("next_id", &self.next_id)
            .finish_non_exhaustive()
    }
}

impl<'s> Render<'s> {
    /// An empty render whose postbacks are sealed by `seal`.
    pub fn new(seal: &'s dyn Seal) -> Self {
        Render {
            seal,
            html: String::new(),
            js: Js::default(),
            next_id: 1,
            checks: Checks::default(),
            resealed: Vec::new(),
        }
    }

    /// Starts with the `validate` checks of fields rendered earlier on the same page.
    pub(crate) fn with_checks(mut self, checks: Checks) -> Self {
        self.checks = checks;
        self
    }

    /// The checks of every field seen, for the page's next render (a copy: the render
    /// still needs them to finish).
    pub(crate) fn take_checks(&self) -> Checks {
        self.checks.clone()
    }

    /// Starts automatic ids at `auto<next>`.
    pub fn auto_ids_from(mut self, next: u64) -> Self {
        self.next_id = next;
        self
    }

    /// The number of the next automatic id.
    pub fn next_auto_id(&self) -> u64 {
        self.next_id
    }

    /// Renders `body` after what was rendered so far.
    pub fn push(&mut self, body: impl IntoBody) -> &mut Self {
        body.render_into(self);
        self
    }

    /// A node, at the top level (no enclosing `<select>`).
    pub(crate) fn push_node(&mut self, node: Node) {
        self.node(node, None);
    }

    /// An element, at the top level: not boxed first.
    pub(crate) fn push_element(&mut self, el: Base) {
        self.element(el, None);
    }

    /// Text, escaped.
    pub(crate) fn push_text(&mut self, text: &str) {
        html::escape_into(text, &mut self.html);
    }

    /// Markup, as it is: `Html`, or what `nitro!` wrote at compile time.
    pub(crate) fn push_markup(&mut self, markup: &str) {
        self.html.push_str(markup);
    }

    /// The wiring of element `id`, whose tag was written at compile time.
    pub(crate) fn push_wire(&mut self, id: &str, el: &Base) {
        self.wire(id, el);
    }

    /// The markup and the JS.
    pub fn finish(mut self) -> Rendered {
        self.reseal();
        Rendered { html: Html::raw(self.html), js: self.js }
    }

    /// Seals again the postbacks whose sources include a checked field rendered after them,
    /// so every pickle names the checks of all its sources, whatever the document order.
    fn reseal(&mut self) {
        let resealed = std::mem::take(&mut self.resealed);
        if resealed.iter().all(|r| self.checks.count(&r.sources) == r.known) {
            return;
        }
        let js = std::mem::take(&mut self.js).into_string();
        let mut out = String::with_capacity(js.len() + 64 * resealed.len());
        let mut done = 0;
        for r in &resealed {
            if self.checks.count(&r.sources) == r.known {
                continue;
            }
            out.push_str(&js[done..r.at]);
            let term = self.checks.seal(&r.term, &r.sources).unwrap_or_else(|| r.term.clone());
            crate::js::quote_into(&self.seal.seal(&term), &mut out);
            done = r.at + r.len;
        }
        out.push_str(&js[done..]);
        self.js = Js::trusted(out);
    }

    /// `selected`: the value of the `<select>` whose direct children are being rendered.
    fn node(&mut self, node: Node, selected: Option<&str>) {
        match node.0 {
            Inner::Empty => {}
            Inner::Text(text) => html::escape_into(&text, &mut self.html),
            Inner::Html(markup) => self.html.push_str(markup.as_str()),
            Inner::List(nodes) => {
                for n in nodes {
                    self.node(n, selected);
                }
            }
            Inner::Element(base) => self.element(*base, selected),
            Inner::Static(markup) => self.html.push_str(markup),
            Inner::Wire(id, base) => self.wire(id, &base),
        }
    }

    fn element(&mut self, mut el: Base, selected: Option<&str>) {
        let needs_id = !el.bindings.is_empty()
            || !el.actions.is_empty()
            || el.validation.is_some()
            || el.upload.is_some();
        if el.pre.is_some() && (needs_id || el.tag == "option" || el.tag == "a") {
            // Its id, `selected` or `href` may be decided here: the tag is written again.
            el.materialize();
        }
        if el.id.is_none() && needs_id {
            el.id = Some(format!("auto{}", self.next_id));
            self.next_id += 1;
        }
        if let (Some(value), "option") = (selected, el.tag) {
            let mine = option_value(&el);
            let on = mine == value;
            el.attrs.remove(&Attr::Selected);
            if on {
                el.attrs.insert(Attr::Selected, AttrValue::Flag);
            }
        }
        // A link that only sends a postback still needs an href to be focusable and look
        // like a link; N2O gives it `javascript:void(0)`.
        if el.tag == "a"
            && !el.attrs.contains_key(&Attr::Href)
            && el.bindings.iter().any(Binding::is_postback)
        {
            el.attrs.insert(Attr::Href, AttrValue::Text("javascript:void(0)".into()));
        }

        match &el.pre {
            Some(pre) => self.html.push_str(pre.open()),
            None => self.open_tag(&el),
        }
        if let Some(id) = &el.id {
            self.wire(id, &el);
        }
        if el.void {
            return;
        }
        let select = el.select.take();
        for child in std::mem::take(&mut el.body) {
            self.node(child, select.as_deref());
        }
        self.html.push_str("</");
        self.html.push_str(el.tag);
        self.html.push('>');
    }

    fn open_tag(&mut self, el: &Base) {
        let out = &mut self.html;
        out.push('<');
        out.push_str(el.tag);
        if let Some(id) = &el.id {
            attr(out, "", "id", id);
        }
        if !el.class.is_empty() {
            // Written class by class: no joined copy of the list to escape.
            out.push_str(" class=\"");
            for (i, class) in el.class.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                html::escape_into(class, out);
            }
            out.push('"');
        }
        for (name, value) in &el.attrs {
            match value {
                AttrValue::Text(v) => attr(out, "", name.name(), v),
                AttrValue::Flag => {
                    out.push(' ');
                    out.push_str(name.name());
                }
            }
        }
        for (name, value) in &el.data {
            attr(out, "data-", name, value);
        }
        for (name, value) in &el.aria {
            attr(out, "aria-", name, value);
        }
        for (name, value) in &el.custom {
            attr(out, "", name, value);
        }
        out.push('>');
    }

    /// The element's JS, in N2O's order: actions, validation, then event bindings; an
    /// upload's FTP wiring first, so its own listeners see a wired input.
    fn wire(&mut self, id: &str, el: &Base) {
        if let Some(upload) = &el.upload {
            let accept = match el.attrs.get(&Attr::Accept) {
                Some(AttrValue::Text(accept)) => accept.clone(),
                _ => String::new(),
            };
            let ticket = Ticket { input: id.to_owned(), max_bytes: upload.max_bytes, accept };
            let sealed = self.seal.seal(&ticket.to_term());
            self.js.push(&wire::upload_js(
                id,
                &sealed,
                upload.max_bytes,
                upload.drop_zone.as_deref(),
            ));
        }
        self.js.push(&el.actions);
        if let Some(predicate) = &el.validation {
            self.js.push(&wire::validation_js(id, predicate));
        }
        if let Some(check) = &el.validator {
            self.checks.insert(id, check);
        }
        for binding in &el.bindings {
            let js = match binding {
                Binding::Postback { event, term: Ok(term) } => {
                    self.postback(id, event, term, &el.source);
                    continue;
                }
                Binding::Postback { event, term: Err(_) } => wire::broken_binding_js(id, event),
                Binding::Raw { event, js } => wire::listener_js(id, event.as_str(), js),
            };
            self.js.push(&js);
        }
    }
}

impl Render<'_> {
    /// A postback's listener, its pickle naming the checks of its sources known so far; one
    /// with a source not yet seen is remembered, to be sealed again if that source is checked.
    fn postback(&mut self, id: &str, event: &super::EventType, term: &Term, sources: &[String]) {
        let known = self.checks.count(sources);
        let pickle = match self.checks.seal(term, sources) {
            Some(checked) => self.seal.seal(&checked),
            None => self.seal.seal(term),
        };
        let js = wire::binding_js(id, event, &pickle, sources);
        if known < sources.len() {
            // The pickle's literal is followed by `,<sources array>);});}` (see
            // `n2o_shared::js::binding_into`).
            let mut quoted = String::new();
            crate::js::quote_into(&pickle, &mut quoted);
            let tail = 1 + crate::js::quote_array(sources).len() + ");});}".len();
            let end = js.as_str().len() - tail;
            let start = end - quoted.len();
            assert_eq!(&js.as_str()[start..end], quoted, "the binding's layout changed");
            self.resealed.push(Reseal {
                at: self.js.as_str().len() + start,
                len: quoted.len(),
                term: term.clone(),
                sources: sources.to_vec(),
                known,
            });
        }
        self.js.push(&js);
    }
}

/// ` <prefix><name>="<value>"`, the value escaped; names are n2o's or checked by the builder.
fn attr(out: &mut String, prefix: &str, name: &str, value: &str) {
    out.push(' ');
    out.push_str(prefix);
    out.push_str(name);
    out.push_str("=\"");
    html::escape_into(value, out);
    out.push('"');
}

/// An option's value as the browser takes it: its `value` attribute, or else its text.
fn option_value(el: &Base) -> String {
    if let Some(AttrValue::Text(v)) = el.attrs.get(&Attr::Value) {
        return v.clone();
    }
    fn text(node: &Node, out: &mut String) {
        match &node.0 {
            Inner::Text(t) => out.push_str(t),
            Inner::List(nodes) => nodes.iter().for_each(|n| text(n, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    el.body.iter().for_each(|n| text(n, &mut out));
    // The browser strips and collapses whitespace in an option's text value.
    out.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}
