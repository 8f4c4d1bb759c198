//! What `nitro!` expands to where it sees markup at compile time: static pieces, wiring, and the dynamic values between them.
//!
//! `#p{class: "line", body: [#span{class: "peer", body: peer}, text]}` inside a body becomes
//! `Fragment((Static("<p class=\"line\"><span class=\"peer\">"), body(peer),
//! Static("</span>"), body(text), Static("</p>")))`: rendering it is a copy of each literal
//! and an escape of each value, with no element built. An element with events keeps its
//! tag static and carries a [`Wire`]: the builder with only its events, which the render
//! seals and wires exactly as it would the whole element. Elements the macro cannot write
//! ahead (a computed id or attribute, a dropdown, …) stay builders inside the fragment.
//! `tests/nitro_render.rs` checks that both paths render the same bytes.

use super::base::Element;
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
