//! Events on elements: postbacks, their sources, raw bindings, validation and wired actions.

use std::borrow::Cow;
use std::fmt;

use super::base::Element;
use super::kind::Kind;
use crate::js::Js;
use crate::postback::{self, Postback};
use crate::term::{self, Term};

/// A DOM event an element can be bound to; [`EventType::as_str`] is its JS name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventType {
    /// `click`: the default for buttons, links and most elements.
    Click,
    /// `dblclick`.
    DblClick,
    /// `change`: the default for inputs, textareas and dropdowns.
    Change,
    /// `input`: every edit of a text control.
    Input,
    /// `keyup`.
    KeyUp,
    /// `keydown`.
    KeyDown,
    /// `submit`: the default for forms.
    Submit,
    /// `focus`.
    Focus,
    /// `blur`.
    Blur,
    /// `mouseover`.
    MouseOver,
    /// `mouseout`.
    MouseOut,
    /// `mouseenter`.
    MouseEnter,
    /// `mouseleave`.
    MouseLeave,
    /// `contextmenu`.
    ContextMenu,
    /// Any other event, by its JS name (js-escaped when rendered).
    Other(Cow<'static, str>),
}

impl EventType {
    /// Every named event, in declaration order: all variants but [`EventType::Other`].
    ///
    /// `nitro!` accepts exactly these names in `on: {..}` and `bind: {..}`; its table is
    /// checked against this list.
    pub const KNOWN: &'static [EventType] = &[
        EventType::Click,
        EventType::DblClick,
        EventType::Change,
        EventType::Input,
        EventType::KeyUp,
        EventType::KeyDown,
        EventType::Submit,
        EventType::Focus,
        EventType::Blur,
        EventType::MouseOver,
        EventType::MouseOut,
        EventType::MouseEnter,
        EventType::MouseLeave,
        EventType::ContextMenu,
    ];

    /// The event's JS name: `click`, `keyup`, ….
    pub fn as_str(&self) -> &str {
        match self {
            EventType::Click => "click",
            EventType::DblClick => "dblclick",
            EventType::Change => "change",
            EventType::Input => "input",
            EventType::KeyUp => "keyup",
            EventType::KeyDown => "keydown",
            EventType::Submit => "submit",
            EventType::Focus => "focus",
            EventType::Blur => "blur",
            EventType::MouseOver => "mouseover",
            EventType::MouseOut => "mouseout",
            EventType::MouseEnter => "mouseenter",
            EventType::MouseLeave => "mouseleave",
            EventType::ContextMenu => "contextmenu",
            EventType::Other(name) => name,
        }
    }

    /// Whether a postback on this event cancels the browser's default action: a click
    /// would follow a link or submit a form, a submit would load a page. Key, input and
    /// focus events are left alone, or typing into a bound textbox would stop working.
    pub fn prevents_default(&self) -> bool {
        matches!(
            self,
            EventType::Click | EventType::DblClick | EventType::Submit | EventType::ContextMenu
        )
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One event listener an element asks for.
#[derive(Clone, Debug)]
pub(crate) enum Binding {
    /// Send this postback (`Err` when it could not become a term: the listener logs that).
    Postback { event: EventType, term: Result<Term, term::Error> },
    /// Run this code, as written.
    Raw { event: EventType, js: String },
}

impl Binding {
    pub(crate) fn is_postback(&self) -> bool {
        matches!(self, Binding::Postback { .. })
    }
}

impl<K: Kind> Element<K> {
    /// Sends `postback` to the page's `event` on the element's natural event: `submit` for a
    /// form, `change` for inputs, textareas and dropdowns, `click` for everything else.
    ///
    /// With the values of [`Element::source`]'s ids. Rendering gives the element an id
    /// (`auto1`, …) if it has none. Replaces an earlier postback on the same event.
    pub fn postback<P: Postback>(self, postback: P) -> Self {
        let event = self.base.event.clone();
        self.on(event, postback)
    }

    /// Sends `postback` when `event` fires: N2O's `#event{type=…}`, e.g.
    /// `textbox().on(EventType::KeyUp, Ev::Typed)`. With the values of
    /// [`Element::source`]'s ids, like [`Element::postback`]; `nitro!` writes it
    /// `on: {keyup: Ev::Typed}`. Replaces an earlier postback on `event`.
    #[allow(clippy::needless_pass_by_value)] // by value, to read as `.on(EventType::KeyUp, Ev::Typed)`
    pub fn on<P: Postback>(mut self, event: EventType, postback: P) -> Self {
        let term = postback::to_term(&postback);
        self.base
            .bindings
            .retain(|b| !matches!(b, Binding::Postback { event: e, .. } if *e == event));
        self.base.bindings.push(Binding::Postback { event, term });
        self
    }

    /// The ids of the controls whose values travel with this element's postbacks
    /// (N2O's `source`), e.g. `["message"]`.
    pub fn source<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.base.source = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Runs the JS function body `js` when `event` fires (N2O's `#bind`); `event` is in
    /// scope. The code is used as written: never build it from user text. A `js!` block
    /// goes here too, also one that sends postbacks (a `Script`,
    /// bound as [`Element::bind_script`] does). `nitro!` writes it `bind: {keydown: "..."}`
    /// or `bind: {keyup: js!{..}}`.
    pub fn bind(self, event: EventType, js: impl BindCode) -> Self {
        js.bind_to(self, event)
    }

    /// [`Element::bind`] with JavaScript text.
    pub(crate) fn bind_raw(mut self, event: EventType, js: String) -> Self {
        self.base.bindings.push(Binding::Raw { event, js });
        self
    }

    /// A JS predicate that must hold before any postback naming this element as a source
    /// is sent (N2O's `validation`): `e.detail` is the element's value, `e.target` the
    /// element. The code is used as written: never build it from user text.
    pub fn validation(mut self, predicate: impl Into<String>) -> Self {
        self.base.validation = Some(predicate.into());
        self
    }

    /// JS to run once the element is in the page (N2O's `actions`), e.g. from
    /// [`crate::action`]. Replaces earlier actions; collect several into one [`Js`].
    pub fn actions(mut self, js: Js) -> Self {
        self.base.actions = js;
        self
    }
}

/// What [`Element::bind`] runs: JavaScript text (`&str`, `String`, [`Js`]) or a `js!`
/// `Script` (`n2o::shen`), whose postbacks are wired as `Element::bind_script` wires them.
pub trait BindCode {
    /// Binds this code to `event` of `el`.
    #[doc(hidden)]
    fn bind_to<K: Kind>(self, el: Element<K>, event: EventType) -> Element<K>;
}

impl<T: Into<String>> BindCode for T {
    fn bind_to<K: Kind>(self, el: Element<K>, event: EventType) -> Element<K> {
        el.bind_raw(event, self.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An exhaustive match, so a new variant does not compile until it is given a place
    /// here; give it the same place in [`EventType::KNOWN`], which `nitro!` reads.
    fn position(event: &EventType) -> Option<usize> {
        Some(match event {
            EventType::Click => 0,
            EventType::DblClick => 1,
            EventType::Change => 2,
            EventType::Input => 3,
            EventType::KeyUp => 4,
            EventType::KeyDown => 5,
            EventType::Submit => 6,
            EventType::Focus => 7,
            EventType::Blur => 8,
            EventType::MouseOver => 9,
            EventType::MouseOut => 10,
            EventType::MouseEnter => 11,
            EventType::MouseLeave => 12,
            EventType::ContextMenu => 13,
            EventType::Other(_) => return None,
        })
    }

    #[test]
    fn known_lists_every_named_event_once_in_order() {
        for (i, event) in EventType::KNOWN.iter().enumerate() {
            assert_eq!(position(event), Some(i), "{event}");
        }
        assert_eq!(EventType::KNOWN.len(), 14);
    }

    /// `nitro!` names events from `n2o_shared::events::EVENTS`: the same names, variants
    /// and default-cancelling as this enum, in the same order.
    #[test]
    fn the_shared_event_table_is_this_enum() {
        let ours: Vec<(String, String, bool)> = EventType::KNOWN
            .iter()
            .map(|e| (e.as_str().to_owned(), format!("{e:?}"), e.prevents_default()))
            .collect();
        let shared: Vec<(String, String, bool)> = n2o_shared::events::EVENTS
            .iter()
            .map(|e| (e.name.to_owned(), e.variant.to_owned(), e.prevents_default))
            .collect();
        assert_eq!(ours, shared);
    }
}
