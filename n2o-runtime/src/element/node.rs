//! Bodies: [`Node`], what an element's children are, and [`IntoBody`], what can become one.

use std::borrow::Cow;
use std::fmt;

use super::base::{Base, Element};
use super::kind::Kind;
use super::render::Render;
use crate::html::Html;

/// A piece of a body: an element, text, markup, or a list of nodes.
///
/// Any [`IntoBody`] value becomes one with [`IntoBody::into_node`]; a `Vec<Node>` holds
/// children of mixed kinds.
#[derive(Clone, Debug, Default)]
pub struct Node(pub(crate) Inner);

#[derive(Clone, Debug, Default)]
pub(crate) enum Inner {
    #[default]
    Empty,
    Element(Box<Base>),
    /// Text, escaped when rendered.
    Text(String),
    /// Markup, rendered as it is.
    Html(Html),
    List(Vec<Node>),
    /// Markup `nitro!` wrote at compile time, rendered as it is.
    Static(&'static str),
    /// The wiring of an element whose tag `nitro!` wrote at compile time: its id, and the
    /// element holding its events (see `element::compiled`).
    Wire(&'static str, Box<Base>),
}

/// Text from anything printable: `text(42)`, `text(addr)`; escaped when rendered.
pub fn text(value: impl fmt::Display) -> Node {
    Node(Inner::Text(value.to_string()))
}

/// What can be an element's body or child: elements, text, [`Html`], and lists, tuples and
/// `Option`s of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an element body",
    note = "bodies are elements, text (`&str`, `String`, numbers), `Html`, or arrays, `Vec`s, \
            tuples and `Option`s of them; wrap other `Display` values in `text(..)`"
)]
pub trait IntoBody {
    /// The value as a body node.
    fn into_node(self) -> Node;

    /// Renders the value straight into `r`: what [`Render::push`] does. The same output as
    /// rendering [`IntoBody::into_node`], which is the default; n2o's own bodies override
    /// it to skip making the node (text is escaped into the page, an element is not boxed).
    #[doc(hidden)]
    fn render_into(self, r: &mut Render<'_>)
    where
        Self: Sized,
    {
        r.push_node(self.into_node());
    }
}

impl IntoBody for Node {
    fn into_node(self) -> Node {
        self
    }

    fn render_into(self, r: &mut Render<'_>) {
        r.push_node(self);
    }
}

impl<K: Kind> IntoBody for Element<K> {
    fn into_node(self) -> Node {
        Node(Inner::Element(Box::new(self.base)))
    }

    fn render_into(self, r: &mut Render<'_>) {
        r.push_element(self.base);
    }
}

impl IntoBody for &str {
    fn into_node(self) -> Node {
        Node(Inner::Text(self.to_owned()))
    }

    fn render_into(self, r: &mut Render<'_>) {
        r.push_text(self);
    }
}

impl IntoBody for String {
    fn into_node(self) -> Node {
        Node(Inner::Text(self))
    }

    fn render_into(self, r: &mut Render<'_>) {
        r.push_text(&self);
    }
}

impl IntoBody for &String {
    fn into_node(self) -> Node {
        Node(Inner::Text(self.clone()))
    }

    fn render_into(self, r: &mut Render<'_>) {
        r.push_text(self);
    }
}

impl IntoBody for Cow<'_, str> {
    fn into_node(self) -> Node {
        Node(Inner::Text(self.into_owned()))
    }

    fn render_into(self, r: &mut Render<'_>) {
        r.push_text(&self);
    }
}

impl IntoBody for Html {
    fn into_node(self) -> Node {
        Node(Inner::Html(self))
    }

    fn render_into(self, r: &mut Render<'_>) {
        r.push_markup(self.as_str());
    }
}

impl IntoBody for &Html {
    fn into_node(self) -> Node {
        Node(Inner::Html(self.clone()))
    }

    fn render_into(self, r: &mut Render<'_>) {
        r.push_markup(self.as_str());
    }
}

macro_rules! display_bodies {
    ($($t:ty),*) => {$(
        impl IntoBody for $t {
            fn into_node(self) -> Node {
                text(self)
            }
        }
    )*};
}

display_bodies!(char, i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);

impl<T: IntoBody> IntoBody for Option<T> {
    fn into_node(self) -> Node {
        self.map_or_else(Node::default, IntoBody::into_node)
    }

    fn render_into(self, r: &mut Render<'_>) {
        if let Some(body) = self {
            body.render_into(r);
        }
    }
}

impl<T: IntoBody> IntoBody for Vec<T> {
    fn into_node(self) -> Node {
        Node(Inner::List(self.into_iter().map(IntoBody::into_node).collect()))
    }

    fn render_into(self, r: &mut Render<'_>) {
        for body in self {
            body.render_into(r);
        }
    }
}

impl<T: IntoBody, const N: usize> IntoBody for [T; N] {
    fn into_node(self) -> Node {
        Node(Inner::List(self.into_iter().map(IntoBody::into_node).collect()))
    }

    fn render_into(self, r: &mut Render<'_>) {
        for body in self {
            body.render_into(r);
        }
    }
}

macro_rules! tuple_bodies {
    ($(($($t:ident),+))*) => {$(
        impl<$($t: IntoBody),+> IntoBody for ($($t,)+) {
            #[allow(non_snake_case)]
            fn into_node(self) -> Node {
                let ($($t,)+) = self;
                Node(Inner::List(vec![$($t.into_node()),+]))
            }

            #[allow(non_snake_case)]
            fn render_into(self, r: &mut Render<'_>) {
                let ($($t,)+) = self;
                $($t.render_into(r);)+
            }
        }
    )*};
}

tuple_bodies! {
    (A)
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
    (A, B, C, D, E, F, G)
    (A, B, C, D, E, F, G, H)
    (A, B, C, D, E, F, G, H, I)
    (A, B, C, D, E, F, G, H, I, J)
    (A, B, C, D, E, F, G, H, I, J, K)
    (A, B, C, D, E, F, G, H, I, J, K, L)
}
