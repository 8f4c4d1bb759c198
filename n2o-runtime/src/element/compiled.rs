//! What `nitro!` expands to where it sees markup at compile time: static pieces, wiring, and the dynamic values between them.
//!
//! `#p{class: "line", body: [#span{class: "peer", body: peer}, text]}` inside a body becomes
//! `Fragment((Static("<p class=\"line\"><span class=\"peer\">"), body(peer),
//! Static("</span>"), body(text), Static("</p>")))`: rendering it is a copy of each literal
//! and an escape of each value, with no element built. An element with events keeps its
//! tag static and carries a [`Wire`]: the builder with only its events, which the render
//! seals and wires exactly as it would the whole element. Elements the macro cannot write
//! ahead (a computed id or attribute, a dropdown, …) stay builders inside the fragment.
//!
//! A single root stays an `Element<K>` (the type `nitro!` promises), built by [`prebuilt`]:
//! the constructor's element carrying its start tag as written ([`Pre`]), with the
//! attributes that tag stands for kept as data. A builder call that changes any of them
//! (`.class(..)`, `.id(..)`, …) first sets them on the element as the builder would have
//! ([`Base::materialize`]), and the render writes the tag from the element again.
//! `tests/nitro_static.rs` checks that every path renders the same bytes.

use super::base::{Attr, AttrValue, Base, Element};
use super::kind::Kind;
use super::node::{Inner, IntoBody, Node};
use super::render::Render;

/// Markup written at compile time, escaped by the same functions the render uses.
#[derive(Clone, Copy, Debug)]
pub struct Static(pub &'static str);

impl IntoBody for Static {
    fn into_node(self) -> Node {
        Node(Inner::Static(self.0))
    }

    fn render_into(self, r: &mut Render<'_>) {
        r.push_markup(self.0);
    }
}

/// The events of an element whose tag was written at compile time, with id `.0`: the
/// element built with only its event calls (`postback`, `on`, `bind`, `source`,
/// `validation`, `actions`).
#[derive(Clone, Debug)]
pub struct Wire<K>(pub &'static str, pub Element<K>);

impl<K: Kind> IntoBody for Wire<K> {
    fn into_node(self) -> Node {
        Node(Inner::Wire(self.0, Box::new(self.1.base)))
    }

    fn render_into(self, r: &mut Render<'_>) {
        r.push_wire(self.0, &self.1.base);
    }
}

/// A run of static markup, wiring and dynamic bodies, rendered in order: a tuple of them
/// (nested when longer than a tuple's twelve).
#[derive(Clone, Debug)]
pub struct Fragment<T>(pub T);

impl<T: IntoBody> IntoBody for Fragment<T> {
    fn into_node(self) -> Node {
        self.0.into_node()
    }

    fn render_into(self, r: &mut Render<'_>) {
        self.0.render_into(r);
    }
}

/// A dynamic body inside a fragment, checked where the user wrote it.
pub fn body<T: IntoBody>(body: T) -> T {
    body
}

/// A start tag written at compile time, and the attributes it stands for.
#[derive(Clone, Debug)]
pub(crate) struct Pre {
    open: &'static str,
    attrs: &'static [PreAttr],
}

/// An attribute of a [`prebuilt`] element's start tag, as its builder call would set it.
#[derive(Debug)]
pub enum PreAttr {
    /// `.id(..)`.
    Id(&'static str),
    /// One class of `.class(..)`, not blank.
    Class(&'static str),
    /// An attribute of `n2o_shared::attrs::ORDER`, by position: text, or a bare boolean.
    Attr(usize, Option<&'static str>),
}

/// `element` (from its constructor, nothing set) with start tag `open` of tag `tag` (a
/// numbered list's is `ol`), which stands for `attrs`.
pub fn prebuilt<K: Kind>(
    mut element: Element<K>,
    tag: &'static str,
    open: &'static str,
    attrs: &'static [PreAttr],
) -> Element<K> {
    element.base.tag = tag;
    element.base.pre = Some(Pre { open, attrs });
    element
}

impl Pre {
    /// The start tag.
    pub(crate) fn open(&self) -> &'static str {
        self.open
    }
}

impl Base {
    /// Sets the attributes the written start tag stands for, and forgets the tag: before
    /// a change to them, or when rendering needs them (an id to assign, a link's href).
    pub(crate) fn materialize(&mut self) {
        let Some(pre) = self.pre.take() else { return };
        for attr in pre.attrs {
            match attr {
                PreAttr::Id(id) => self.id = Some((*id).to_owned()),
                PreAttr::Class(class) => self.class.push((*class).to_owned()),
                PreAttr::Attr(i, value) => {
                    let value = value.map_or(AttrValue::Flag, |v| AttrValue::Text(v.to_owned()));
                    self.attrs.insert(Attr::ALL[*i], value);
                }
            }
        }
    }
}
