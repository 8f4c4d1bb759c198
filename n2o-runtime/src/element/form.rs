//! Forms and controls: form, fieldset, legend, label, button, textarea, dropdown/option, progress, meter, output.

use std::fmt::Display;

use super::base::{Attr, Element};
use super::event::EventType;
use super::kind::*;
use super::node::{Inner, Node};

constructors! {
    /// `<form>`: a postback on it fires on `submit`, and the page does not reload.
    form => Form("form", Submit);
    /// `<fieldset>`: as a source, its value is that of its checked descendant.
    fieldset => Fieldset("fieldset", Click);
    /// `<legend>`: a fieldset's caption.
    legend => Legend("legend", Click);
    /// `<label>`: ties text to a control with `.r#for(id)`.
    label => Label("label", Click);
    /// `<textarea>`: its text is set with [`value`](Element::<Textarea>::value).
    textarea => Textarea("textarea", Change);
    /// `<select>`: NITRO's `#dropdown`; options in the body, the chosen one by
    /// [`value`](Element::<Dropdown>::value).
    dropdown => Dropdown("select", Change);
    /// `<option>` of a [`dropdown`]; the body is its label.
    option => SelectOption("option", Click);
    /// `<progress>`: a progress bar (`value` of `max`).
    progress => Progress("progress", Click);
    /// `<meter>`: a gauge within `min`…`max`.
    meter => Meter("meter", Click);
    /// `<output>`: a computed result.
    output => Output("output", Click);
}

/// `<button>`, with `type="button"` as NITRO renders it, so a button inside a form does not
/// submit it unless asked to with [`ButtonType::Submit`].
pub fn button() -> Element<Button> {
    Element::new("button", false, EventType::Click).set(Attr::Type, "button".into())
}

/// What a button does in a form: its `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ButtonType {
    /// `button`: nothing but its own events (the default).
    #[default]
    Button,
    /// `submit`: submits the form it is in.
    Submit,
    /// `reset`: resets the form it is in.
    Reset,
}

impl ButtonType {
    /// The attribute value: `button`, `submit` or `reset`.
    pub fn as_str(self) -> &'static str {
        match self {
            ButtonType::Button => "button",
            ButtonType::Submit => "submit",
            ButtonType::Reset => "reset",
        }
    }
}

impl Element<Button> {
    /// The button's `type`. Written `r#type` because `type` is a Rust keyword.
    pub fn r#type(self, kind: ButtonType) -> Self {
        self.set(Attr::Type, kind.as_str().to_owned())
    }
}

impl Element<Textarea> {
    /// The text in the box (a textarea has no `value` attribute: it is the escaped body).
    pub fn value(mut self, text: impl Display) -> Self {
        self.base.body = vec![Node(Inner::Text(text.to_string()))];
        self
    }

    /// The visible number of text lines.
    pub fn rows(self, rows: u32) -> Self {
        self.set(Attr::Rows, rows.to_string())
    }

    /// The visible width in characters.
    pub fn cols(self, cols: u32) -> Self {
        self.set(Attr::Cols, cols.to_string())
    }
}

impl Element<Dropdown> {
    /// The chosen value: when rendered, exactly the options of the body with this value
    /// (their `value`, or else their text) are `selected`, whatever they said themselves.
    pub fn value(mut self, value: impl Display) -> Self {
        self.base.select = Some(value.to_string());
        self
    }
}

impl Element<SelectOption> {
    /// The boolean `selected` attribute (overridden by the dropdown's own `value`).
    pub fn selected(self, selected: bool) -> Self {
        self.flag(Attr::Selected, selected)
    }
}

impl Element<Meter> {
    /// The top of the "low" range.
    pub fn low(self, low: impl Display) -> Self {
        self.set(Attr::Low, low.to_string())
    }

    /// The bottom of the "high" range.
    pub fn high(self, high: impl Display) -> Self {
        self.set(Attr::High, high.to_string())
    }

    /// The best value.
    pub fn optimum(self, optimum: impl Display) -> Self {
        self.set(Attr::Optimum, optimum.to_string())
    }
}
