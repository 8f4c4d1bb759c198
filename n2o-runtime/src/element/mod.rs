//! NITRO elements as typed builders: `button().id("send").body("Chat").postback(Ev::Chat)`.
//!
//! This is the runtime half of `nitro!`: the macro expands `#button{id: send, body: "Chat",
//! postback: Ev::Chat, source: [message]}` to exactly
//! `button().id("send").body("Chat").postback(Ev::Chat).source(["message"])`, so the same
//! page can be written without the macro and every error points at ordinary Rust.
//!
//! ```
//! use n2o_runtime::element::{self, br, button, panel, textbox};
//! # use n2o_runtime::postback::{Postback, InsecureTestSeal};
//! # #[derive(serde::Serialize, serde::Deserialize)] struct Ev;
//! # impl Postback for Ev {}
//! # let seal = InsecureTestSeal;
//! let page = (
//!     panel().id("history"),
//!     textbox().id("message").placeholder("Say something"),
//!     button().id("send").body("Chat").postback(Ev).source(["message"]),
//!     br(),
//! );
//! let out = element::render(page, &seal);
//! assert!(out.html.as_str().starts_with(r#"<div id="history"></div><input id="message""#));
//! assert!(out.js.as_str().contains("N2O.pickle('send',"));
//! ```
//!
//! # Design
//!
//! * **One generic builder, zero-sized kinds.** Every element is an [`Element<K>`]; the
//!   marker `K` (from [`kind`]) only decides which methods exist, through sealed capability
//!   traits (`HasValue`, `HasPlaceholder`, `HasBody`, …). `textbox().placeholder("x")`
//!   compiles, `br().placeholder("x")` and `br().body("x")` do not. One struct keeps the
//!   global attributes and events written once, and the data underneath is untyped, so a
//!   body holds children of any kinds without boxing traits.
//! * **Escaped unless raw.** Text bodies and every attribute value are HTML-escaped; markup
//!   goes in only as [`Html`](crate::Html) or [`literal`]`().html(..)`. Attribute *names*
//!   are fixed by n2o or checked (`data`, `aria`), since a name cannot be escaped.
//! * **Deterministic output.** Attributes render as `id`, `class`, then a fixed order (the
//!   kind's own, then `style`, `title`, `role`, `tabindex`, `lang`, boolean flags), then
//!   `data-*` and `aria-*` sorted by name. Unset attributes are omitted, booleans are bare
//!   (`disabled`), void tags are HTML5 (`<br>`).
//! * **Events as data.** A postback is converted to a term when the builder gets it;
//!   [`Render`] assigns missing ids (`auto1`, …), seals postbacks through a [`Seal`](crate::postback::Seal)
//!   and emits the wiring JS from the templates in [`wire`] next to the HTML ([`Rendered`]).

macro_rules! constructors {
    ($(
        $(#[$doc:meta])*
        $name:ident => $kind:ident($tag:literal, $event:ident $(, type = $ty:literal)?) $($void:ident)?;
    )*) => {$(
        $(#[$doc])*
        pub fn $name() -> $crate::element::Element<$kind> {
            #[allow(unused_mut)]
            let mut el = $crate::element::Element::new(
                $tag,
                constructors!(@void $($void)?),
                $crate::element::EventType::$event,
            );
            $(el = el.set($crate::element::base::Attr::Type, $ty.to_owned());)?
            el
        }
    )*};
    (@void void) => { true };
    (@void) => { false };
}

mod attrs;
mod base;
pub(crate) mod check;
pub(crate) mod compiled;
mod event;
mod form;
mod input;
pub mod kind;
mod layout;
mod list;
mod media;
mod node;
mod render;
mod table;
mod text;
pub mod wire;

pub use self::base::{Classes, Element};
pub use self::event::{BindCode, EventType};
pub use self::form::{
    ButtonType, button, dropdown, fieldset, form, label, legend, meter, option, output, progress,
    textarea,
};
pub use self::input::{
    checkbox, date, email, hidden, number, password, radio, range, textbox, upload,
};
pub use self::layout::{
    article, aside, blockquote, br, details, div, figcaption, figure, footer, header, hr, main,
    nav, panel, section, summary, template,
};
pub use self::list::{dd, dl, dt, li, list};
pub use self::media::image;
pub use self::node::{IntoBody, Node, text};
pub use self::render::{Render, Rendered, render};
pub use self::table::{caption, col, colgroup, table, tbody, td, tfoot, th, thead, tr};
pub use self::text::{
    Literal, abbr, b, code, em, h1, h2, h3, h4, h5, h6, i, link, literal, mark, p, pre, small,
    span, strong, sub, sup, time,
};
